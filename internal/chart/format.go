package chart

import (
	"math"
	"strconv"

	"golang.org/x/text/language"
	"golang.org/x/text/message"
	"golang.org/x/text/number"
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
}

// DefaultLocale is the locale of a Format that names none.
const DefaultLocale = "en-US"

func (f Format) locale() string {
	if f.Locale == "" {
		return DefaultLocale
	}
	return f.Locale
}

// formatter formats many values of one Format; building a message.Printer
// is the costly part, so a table makes one.
type formatter struct {
	f Format
	p *message.Printer
}

func (f Format) formatter() formatter {
	tag, err := language.Parse(f.locale())
	if err != nil {
		// An unparsable tag was already reported by whoever read the
		// config; fall back to the default rather than fail the chart.
		tag = language.AmericanEnglish
	}
	return formatter{f: f, p: message.NewPrinter(tag)}
}

// Value formats v as "-$1,234.5"-style text, or Gap for NaN.
func (f Format) Value(v float64) string { return f.formatter().value(v) }

func (fm formatter) value(v float64) string {
	if math.IsNaN(v) {
		return Gap
	}
	if math.IsInf(v, 0) {
		// No locale has digits for infinity; say it plainly.
		return strconv.FormatFloat(v, 'f', -1, 64)
	}
	d := max(fm.f.Decimals, 0)
	// Round first so that -0.04 shown with one decimal is "0.0", not "-0.0".
	r := roundTo(v, d)
	sign := ""
	if r < 0 {
		sign, r = "-", -r
	}
	digits := fm.p.Sprint(number.Decimal(r, number.Scale(d)))
	return sign + fm.f.Prefix + digits + fm.f.Suffix
}

// roundTo rounds half away from zero at d decimals, the way readers and
// spreadsheets round, and turns -0 into 0.
func roundTo(v float64, d int) float64 {
	p := math.Pow10(d)
	r := math.Round(v*p) / p
	if r == 0 {
		return 0
	}
	return r
}
