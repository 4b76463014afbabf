package chart

import (
	"math"
	"strconv"
	"strings"

	"github.com/opsreport/opsreport/internal/kpi"
)

// Gap is what the fallback table shows for a missing value.
const Gap = "–"

// Format says how numbers read on the axis, in the tooltip and in the
// fallback table. The script gets it through data attributes (a JavaScript
// formatter function cannot travel in the option JSON) and formats with
// Intl.NumberFormat for the same locale.
type Format struct {
	Decimals int    // digits after the decimal point
	Prefix   string // before the number: "$"
	Suffix   string // after the number: "%", " days"
	Locale   string // BCP 47 tag for grouping and decimal marks; "" is en-US
	// Compact is how the tooltip, the axis and the description shorten
	// large values: a kpi.Display ("auto", "thousands", …), or "" for
	// never. The fallback table always shows every digit.
	Compact kpi.Display
}

// DefaultLocale is the locale of a Format that names none.
const DefaultLocale = "en-US"

func (f Format) locale() string {
	if f.Locale == "" {
		return DefaultLocale
	}
	return f.Locale
}

// Value formats v as "-$1,234.5"-style text, or Gap for NaN. The digits
// are kpi.FormatNumber's, so a chart's text reads like the tables beside it.
func (f Format) Value(v float64) string {
	if math.IsNaN(v) {
		return Gap
	}
	if math.IsInf(v, 0) {
		// No locale has digits for infinity; say it plainly.
		return strconv.FormatFloat(v, 'f', -1, 64)
	}
	digits := kpi.FormatNumber(v, max(f.Decimals, 0), f.locale())
	sign := ""
	if rest, ok := strings.CutPrefix(digits, "-"); ok {
		sign, digits = "-", rest
	}
	return sign + f.Prefix + digits + f.Suffix
}

// Short formats v as the tooltip and the description show it: shortened by
// f.Compact as kpi.CompactNumber does ("$5.35M"), else as Value.
func (f Format) Short(v float64) string {
	if f.Compact == "" || math.IsNaN(v) || math.IsInf(v, 0) {
		return f.Value(v)
	}
	digits, ok := kpi.CompactNumber(v, f.Compact, f.locale())
	if !ok {
		return f.Value(v)
	}
	sign := ""
	if rest, found := strings.CutPrefix(digits, "-"); found {
		sign, digits = "-", rest
	}
	return sign + f.Prefix + digits + f.Suffix
}

// CompactWords are the scale words the script shortens with, "k|M|B" and
// what stands before them, so the tooltip reads like Short.
func (f Format) CompactWords() (words, sep string) {
	w, sep := kpi.CompactWords(f.locale())
	return strings.Join(w[:], "|"), sep
}
