package kpi

import (
	"bytes"
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"
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

func styleOf(locale string) numberStyle {
	if st, ok := locales[locale]; ok {
		return st // a site's locale as configured: every number of a build asks
	}
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
	var buf, out [48]byte
	digits, point := roundDecimal(buf[:0], math.Abs(v), max(0, min(decimals, 15)))
	s := out[:0]
	if v < 0 && slices.ContainsFunc(digits, func(c byte) bool { return c != '0' }) {
		s = append(s, '-')
	}
	s = groupDigits(s, digits[:point], st.group)
	if point < len(digits) {
		s = append(append(s, st.decimal...), digits[point:]...)
	}
	return string(s)
}

// roundDecimal rounds a non-negative v to decimals places, half away from
// zero, working on its shortest decimal digits so no binary noise leaks in.
// It appends the digits, without the decimal mark, to dst, and returns them
// with the length of their integer part. A number is formatted for every
// cell of every table, so this works in one buffer.
func roundDecimal(dst []byte, v float64, decimals int) (digits []byte, point int) {
	s := strconv.AppendFloat(dst, v, 'f', -1, 64)
	point = bytes.IndexByte(s, '.')
	if point < 0 {
		point = len(s)
	} else {
		s = append(s[:point], s[point+1:]...)
	}
	if frac := len(s) - point; frac <= decimals {
		for range decimals - frac {
			s = append(s, '0')
		}
		return s, point
	}
	roundUp := s[point+decimals] >= '5'
	s = s[:point+decimals]
	for i := len(s) - 1; roundUp && i >= 0; i-- {
		if s[i] == '9' {
			s[i] = '0'
			continue
		}
		s[i]++
		roundUp = false
	}
	if roundUp {
		s = append(s[:1], s...)
		s[0] = '1'
		point++
	}
	return s, point
}

// groupDigits appends digits to dst with sep every three digits from the
// right.
func groupDigits(dst, digits []byte, sep string) []byte {
	head := len(digits) % 3
	if head == 0 {
		head = min(3, len(digits))
	}
	dst = append(dst, digits[:head]...)
	for i := head; i < len(digits); i += 3 {
		dst = append(append(dst, sep...), digits[i:i+3]...)
	}
	return dst
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
}

// Format writes a value the way a board reads it, with exactly k.Decimals
// digits after the mark: currency in full with its sign ("$4,200,000",
// "4.200.000 €"; no K/M abbreviation, so every digit the catalog asks for is
// shown), percent "97.5%", durations "3.5 days", counts, numbers and ratios
// as plain grouped numbers. currency is an ISO code (default USD).
func (k *KPI) Format(v float64, locale, currency string) string {
	st := styleOf(locale)
	num := formatStyled(v, k.Decimals, st)
	switch k.Unit {
	case UnitCurrency:
		return money(num, st, currency)
	case UnitPercent:
		return num + st.pctSep + "%"
	case UnitDays, UnitHours, UnitMinutes:
		return num + nbsp + durationWord(k.Unit, num)
	}
	return num
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
