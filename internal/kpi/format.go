package kpi

import (
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"
	"sync"
)

// numberStyle is how one locale writes numbers, percentages and money.
type numberStyle struct {
	group, decimal string
	pctSep         string // between the number and '%': "" or a no-break space
	moneyAfter     bool   // "1.234 €" rather than "$1,234"
}

const (
	nbsp  = "\u00a0"
	nnbsp = "\u202f" // narrow no-break space: French grouping
)

// locales is the small set opsreport formats for, after CLDR. A locale not
// listed falls back to its language ("de-LU" → de-DE), then to en-US.
var locales = map[string]numberStyle{
	"en-US": {",", ".", "", false},
	"en-GB": {",", ".", "", false},
	"en-CA": {",", ".", "", false},
	"en-AU": {",", ".", "", false},
	"en-IE": {",", ".", "", false},
	"ja-JP": {",", ".", "", false},
	"de-DE": {".", ",", nbsp, true},
	"de-AT": {nbsp, ",", nbsp, true},
	"de-CH": {"’", ".", "", false},
	"fr-FR": {nnbsp, ",", nnbsp, true},
	"fr-CA": {nbsp, ",", nbsp, true},
	"es-ES": {".", ",", nbsp, true},
	"it-IT": {".", ",", "", true},
	"nl-NL": {".", ",", "", false},
	"pt-BR": {".", ",", "", false},
	"sv-SE": {nbsp, ",", nbsp, true},
}

// languageDefault is the locale a bare or unknown-region language uses.
var languageDefault = map[string]string{
	"en": "en-US", "ja": "ja-JP", "de": "de-DE", "fr": "fr-FR", "es": "es-ES",
	"it": "it-IT", "nl": "nl-NL", "pt": "pt-BR", "sv": "sv-SE",
}

// styleOf is the number style of a locale name: its own, else its
// language's default, else en-US's. Every figure formatted asks for it, so
// the answer for each name is kept (styles) and the name parsed once.
func styleOf(locale string) numberStyle {
	if st, ok := styles.Load(locale); ok {
		return st.(numberStyle)
	}
	st := parseStyle(locale)
	styles.Store(locale, st)
	return st
}

// styles are styleOf's answers, by locale name.
var styles sync.Map

// parseStyle is styleOf, unkept.
func parseStyle(locale string) numberStyle {
	locale = strings.ReplaceAll(strings.TrimSpace(locale), "_", "-")
	lang, region, _ := strings.Cut(locale, "-")
	lang = strings.ToLower(lang)
	if st, ok := locales[lang+"-"+strings.ToUpper(region)]; ok {
		return st
	}
	if def, ok := languageDefault[lang]; ok {
		return locales[def]
	}
	return locales["en-US"]
}

// Locales are the locales FormatNumber formats for by name, sorted: the
// ones a site's configuration may name.
func Locales() []string { return slices.Sorted(maps.Keys(locales)) }

// KnownLocale reports whether locale is one FormatNumber formats for by
// name (rather than by falling back), for the site's config check.
func KnownLocale(locale string) bool {
	_, ok := locales[locale]
	return ok
}

// FormatNumber writes v with exactly decimals digits after the mark and the
// locale's grouping: en-US "1,234.5", de-DE "1.234,5", fr-FR "1 234,5"
// (narrow no-break space), de-CH "1’234.5". Rounding is half away from zero
// on the shortest decimal spelling of v, as a reader rounds by hand (1.005
// to two places is 1.01, 2.5 to none is 3). A result that rounds to zero
// has no minus sign.
func FormatNumber(v float64, decimals int, locale string) string {
	return formatStyled(v, decimals, styleOf(locale))
}

func formatStyled(v float64, decimals int, st numberStyle) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return ""
	}
	intPart, frac := roundDecimal(math.Abs(v), max(0, min(decimals, 15)))
	return writeDigits(intPart, frac, v < 0, st)
}

// roundDecimal rounds a non-negative v to decimals places, half away from
// zero, working on its shortest decimal digits so no binary noise leaks in.
func roundDecimal(v float64, decimals int) (intPart, frac string) {
	return roundDigits(strconv.FormatFloat(v, 'f', -1, 64), decimals)
}

// roundDigits is roundDecimal on a non-negative number's decimal text.
func roundDigits(s string, decimals int) (intPart, frac string) {
	intPart, frac, _ = strings.Cut(s, ".")
	if len(frac) <= decimals {
		return intPart, frac + strings.Repeat("0", decimals-len(frac))
	}
	roundUp := frac[decimals] >= '5'
	digits := []byte(intPart + frac[:decimals])
	for i := len(digits) - 1; roundUp && i >= 0; i-- {
		if digits[i] == '9' {
			digits[i] = '0'
			continue
		}
		digits[i]++
		roundUp = false
	}
	if roundUp {
		digits = append([]byte{'1'}, digits...)
	}
	cut := len(digits) - decimals
	return string(digits[:cut]), string(digits[cut:])
}

// groupDigits inserts sep every three digits from the right.
func groupDigits(digits, sep string) string {
	if len(digits) <= 3 {
		return digits
	}
	var b strings.Builder
	head := len(digits) % 3
	if head > 0 {
		b.WriteString(digits[:head])
	}
	for i := head; i < len(digits); i += 3 {
		if b.Len() > 0 {
			b.WriteString(sep)
		}
		b.WriteString(digits[i : i+3])
	}
	return b.String()
}

// currencySymbols are the signs for common ISO codes; any other code is
// written as itself ("NOK 1,200").
var currencySymbols = map[string]string{
	"USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥", "INR": "₹", "CNY": "CN¥",
	"CAD": "CA$", "AUD": "A$", "BRL": "R$", "CHF": "CHF", "SEK": "kr",
}

// unitWords are the suffixes of durations: singular, plural.
var unitWords = map[Unit][2]string{
	UnitDays: {"day", "days"}, UnitHours: {"hour", "hours"}, UnitMinutes: {"minute", "minutes"},
	UnitMonths: {"month", "months"},
}

// Format writes a value exactly, the way tables and the appendix show it,
// with k.Decimals digits after the mark: currency in full with its sign
// ("$4,200,000", "4.200.000 €"; every digit the catalog asks for), percent
// "97.5%", durations "3.5 days" and "17.5 months", multiples "3.2×", basis
// points "45 bp", counts, numbers and ratios as plain grouped numbers.
// currency is an ISO code (default USD). FormatShort is the compact form.
func (k *KPI) Format(v float64, locale, currency string) string {
	st := styleOf(locale)
	return k.withUnit(formatStyled(v, k.Decimals, st), st, currency)
}

// withUnit adds k's unit to a number already written in the locale.
func (k *KPI) withUnit(num string, st numberStyle, currency string) string {
	switch k.Unit {
	case UnitCurrency:
		return money(num, st, currency)
	case UnitPercent:
		return num + st.pctSep + "%"
	case UnitDays, UnitHours, UnitMinutes, UnitMonths:
		return num + nbsp + durationWord(k.Unit, num)
	case UnitMultiple:
		return num + "×"
	case UnitBasisPts:
		return num + nbsp + "bp"
	}
	return num
}

// FormatShort writes a value as tiles, summaries and charts show it: like
// Format, but a large money, number or count is shortened by k.Display
// (auto: from 1,000 on, to three significant digits, "$5.35M", "1.2k";
// see CompactNumber). Other units are written as Format writes them.
func (k *KPI) FormatShort(v float64, locale, currency string) string {
	if !k.Compacts() {
		return k.Format(v, locale, currency)
	}
	num, ok := CompactNumber(v, k.Display, locale)
	if !ok {
		return k.Format(v, locale, currency)
	}
	return k.withUnit(num, styleOf(locale), currency)
}

// Compacts reports whether k's values may be shortened: money, numbers and
// counts whose display is not units.
func (k *KPI) Compacts() bool {
	switch k.Unit {
	case UnitCurrency, UnitNumber, UnitCount:
		return k.Display != DisplayUnits
	}
	return false
}

// durationWord is singular only for exactly "1": English reads "1.0 days".
func durationWord(u Unit, num string) string {
	if num == "1" {
		return unitWords[u][0]
	}
	return unitWords[u][1]
}

// money places the currency sign by the locale: "-$1,234", "-1.234 €".
func money(num string, st numberStyle, currency string) string {
	code := strings.ToUpper(strings.TrimSpace(currency))
	if code == "" {
		code = "USD"
	}
	sym, ok := currencySymbols[code]
	if !ok {
		sym = code
	}
	if st.moneyAfter {
		return num + nbsp + sym
	}
	neg := strings.HasPrefix(num, "-")
	num = strings.TrimPrefix(num, "-")
	if isLetters(sym) {
		sym += nbsp // "CHF 1’234" needs the space a "$" does not
	}
	if neg {
		return "-" + sym + num
	}
	return sym + num
}

func isLetters(s string) bool {
	last := s[len(s)-1]
	return (last >= 'A' && last <= 'Z') || (last >= 'a' && last <= 'z')
}

// FormatDelta writes a change, always signed unless it rounds to zero:
// with pct, a percentage change with one decimal ("+5.3%"); otherwise the
// change in the KPI's unit, where a change of a percentage is in percentage
// points ("+1.2 pts"), money keeps its sign ("-$1,200") and durations their
// word ("+2.0 days").
func (k *KPI) FormatDelta(v float64, pct bool, locale, currency string) string {
	st := styleOf(locale)
	var s string
	switch {
	case pct:
		s = formatStyled(math.Abs(v), 1, st) + st.pctSep + "%"
	case k.Unit == UnitPercent:
		s = formatStyled(math.Abs(v), k.Decimals, st) + nbsp + "pts"
	default:
		s = k.Format(math.Abs(v), locale, currency)
	}
	return deltaSign(v, s)
}

// FormatDeltaShort is FormatDelta with an absolute change in FormatShort's
// compact form ("+$431k"); percentages are as FormatDelta writes them.
func (k *KPI) FormatDeltaShort(v float64, pct bool, locale, currency string) string {
	if pct || k.Unit == UnitPercent || !k.Compacts() {
		return k.FormatDelta(v, pct, locale, currency)
	}
	return deltaSign(v, k.FormatShort(math.Abs(v), locale, currency))
}

// deltaSign prefixes + or -, or nothing when the shown digits are all zero.
func deltaSign(v float64, s string) string {
	if !strings.ContainsAny(s, "123456789") {
		return s
	}
	if v < 0 {
		return "-" + s
	}
	return "+" + s
}

// compactWords are the scale words of thousands, millions and billions in a
// language, after CLDR's short forms, and what stands between the number
// and the word. A language not listed reads like English.
var compactWords = map[string]struct {
	words [3]string
	sep   string
}{
	"en": {[3]string{"k", "M", "B"}, ""},
	"ja": {[3]string{"k", "M", "B"}, ""},
	"de": {[3]string{"Tsd.", "Mio.", "Mrd."}, nbsp},
	"fr": {[3]string{"k", "M", "Md"}, nnbsp},
	"es": {[3]string{"mil", "M", "mil M"}, nbsp},
	"it": {[3]string{"k", "Mln", "Mrd"}, nbsp},
	"nl": {[3]string{"K", "mln.", "mld."}, nbsp},
	"pt": {[3]string{"mil", "mi", "bi"}, nbsp},
	"sv": {[3]string{"tn", "mn", "md"}, nbsp},
}

// displayScale is the power of a thousand each fixed display divides by.
var displayScale = map[Display]int{DisplayThousands: 1, DisplayMillions: 2, DisplayBillions: 3}

// CompactNumber writes v shortened by display, in the locale's marks and
// words, without a unit: auto picks thousands, millions or billions by
// size from 1,000 on and keeps three significant digits, so 5,350,000 is
// "5.35M", 1,200 "1.2k" and 999,950 "1.0M" (not "1000k"); a fixed display
// always divides by its scale ("1,393k"). A trailing zero after the mark
// is dropped, except the first when one digit leads ("1.0M", "12M").
// ok is false when v is not shortened (units, or auto below 1,000).
func CompactNumber(v float64, display Display, locale string) (s string, ok bool) {
	if math.IsNaN(v) || math.IsInf(v, 0) || display == DisplayUnits {
		return "", false
	}
	scale, intPart, frac, ok := compactDigits(strconv.FormatFloat(math.Abs(v), 'f', -1, 64), display)
	if !ok {
		return "", false
	}
	words, sep := CompactWords(locale)
	return writeDigits(intPart, trimZeros(intPart, frac), v < 0, styleOf(locale)) + sep + words[scale-1], true
}

// compactDigits picks the scale (1 thousands, 2 millions, 3 billions) of
// a non-negative number's decimal text and rounds it there; ok is false
// when display is auto and the number is below a thousand.
func compactDigits(text string, display Display) (scale int, intPart, frac string, ok bool) {
	scale, fixed := displayScale[display]
	if !fixed {
		if scale = min((len(intDigits(text))-1)/3, 3); scale < 1 {
			return 0, "", "", false
		}
	}
	intPart, frac = atScale(text, scale)
	if !fixed && len(intPart) > 3 && scale < 3 {
		scale++ // 999,950 rounds to 1000k: one scale up reads 1.0M
		intPart, frac = atScale(text, scale)
	}
	return scale, intPart, frac, true
}

// atScale is a number's text divided by a thousand to the scale, rounded
// to three significant digits.
func atScale(text string, scale int) (intPart, frac string) {
	s := shiftPoint(text, 3*scale)
	return roundDigits(s, sigDecimals(s))
}

// writeDigits writes rounded digits in the locale's marks, with a minus
// sign unless they are all zero.
func writeDigits(intPart, frac string, neg bool, st numberStyle) string {
	s := groupDigits(intPart, st.group)
	if frac != "" {
		s += st.decimal + frac
	}
	if neg && strings.Trim(intPart+frac, "0") != "" {
		s = "-" + s
	}
	return s
}

// CompactWords are the words of thousands, millions and billions in the
// locale's language, and what stands between a number and its word.
func CompactWords(locale string) (words [3]string, sep string) {
	lang, _, _ := strings.Cut(strings.ReplaceAll(strings.TrimSpace(locale), "_", "-"), "-")
	cw, known := compactWords[strings.ToLower(lang)]
	if !known {
		cw = compactWords["en"]
	}
	return cw.words, cw.sep
}

// intDigits is the integer part of a decimal text, without leading zeros.
func intDigits(s string) string {
	i, _, _ := strings.Cut(s, ".")
	return strings.TrimLeft(i, "0")
}

// shiftPoint divides a non-negative decimal text by 10^n, exactly.
func shiftPoint(s string, n int) string {
	i, f, _ := strings.Cut(s, ".")
	if len(i) <= n {
		i = strings.Repeat("0", n-len(i)+1) + i
	}
	cut := len(i) - n
	head := strings.TrimLeft(i[:cut], "0")
	if head == "" {
		head = "0"
	}
	return head + "." + i[cut:] + f
}

// sigDecimals is how many decimals keep three significant digits of a
// number of this size: 5.35, 12.3, 123.
func sigDecimals(s string) int {
	switch n := len(intDigits(s)); {
	case n <= 1:
		return 2
	case n == 2:
		return 1
	}
	return 0
}

// trimZeros drops trailing zeros of frac, keeping one after a single
// leading digit so a round figure still reads as shortened ("1.0M").
func trimZeros(intPart, frac string) string {
	t := strings.TrimRight(frac, "0")
	if t == "" && len(intPart) == 1 && frac != "" {
		return "0"
	}
	return t
}
