package kpi

import (
	"math"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Opt is an optional number. !OK means "no value": an empty cell, a figure
// that cannot be computed. It is never read as zero.
type Opt struct {
	V  float64
	OK bool
}

// Some is a present value.
func Some(v float64) Opt { return Opt{V: v, OK: true} }

// None is the absent value.
var None = Opt{}

// currencySigns may lead or trail a number; they carry no meaning here
// because a KPI's currency comes from the site configuration.
const currencySigns = "$€£¥₹"

// maxNumberLen bounds the text ParseNumber looks at; longer cells are not
// numbers anyone typed.
const maxNumberLen = 64

// ParseNumber reads a number written as text, as spreadsheets export it:
//
//	1234.5   1,234.5   $1,234   -5   −5 (U+2212)   (22.41)   97.5%   € 1.200,50
//	1 234,5 (space, no-break or narrow no-break space)   1'234.5   1e6
//
// It returns the value, whether s was a number at all, and whether it ended
// in '%' (the value is then in percent points: "97.5%" gives 97.5).
//
// Separators are read without a locale, by these rules, so one file may mix
// spellings and the result never depends on configuration:
//   - with both '.' and ',' the one written last is the decimal mark;
//   - a lone '.' is a decimal point ("0.125", "1.200" is 1.2);
//   - a lone ',' followed by exactly three digits groups thousands ("1,234"
//     is 1234) unless the part before it is 0 ("0,125"); otherwise it is a
//     decimal comma ("97,5");
//   - a mark written more than once groups thousands, and every group after
//     the first must have three digits ("1,23,4" is not a number).
//
// A lone dash (accounting zero) is not a number: it is neither empty nor a
// value, and guessing zero would invent data.
func ParseNumber(s string) (v float64, ok bool, isPercent bool) {
	s = strings.TrimSpace(s)
	if s == "" || len(s) > maxNumberLen || !utf8.ValidString(s) {
		return 0, false, false
	}
	if v, ok := plainDecimal(s); ok {
		return v, true, false
	}
	body, neg, pct, ok := stripDecorations(s)
	if !ok {
		return 0, false, false
	}
	plain, ok := normaliseDigits(body)
	if !ok {
		return 0, false, false
	}
	v, err := strconv.ParseFloat(plain, 64)
	if err != nil || math.IsInf(v, 0) || math.IsNaN(v) {
		return 0, false, false
	}
	if neg {
		v = -v
	}
	return v + 0, true, pct // + 0 turns -0 into 0
}

// plainDecimal reads the commonest spelling, an optional minus, digits and
// at most one point ("1234", "-12.5"), without the general path's work: an
// export of millions of records is mostly that.
func plainDecimal(s string) (float64, bool) {
	digits, points := 0, 0
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9':
			digits++
		case c == '.':
			points++
		case c == '-' && i == 0:
		default:
			return 0, false
		}
	}
	if digits == 0 || points > 1 || digits > 17 {
		return 0, false
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return 0, false
	}
	return v + 0, true
}

// stripDecorations removes parentheses, a sign, currency signs and a
// trailing percent sign, in any reasonable order: "-$1,234", "$-1,234",
// "($1,234)", "1.234,5 €", "97.5 %".
func stripDecorations(s string) (body string, neg, pct, ok bool) {
	if strings.HasPrefix(s, "(") && strings.HasSuffix(s, ")") {
		s, neg = strings.TrimSpace(s[1:len(s)-1]), true
	}
	if rest, found := strings.CutSuffix(s, "%"); found {
		s, pct = strings.TrimSpace(rest), true
	}
	s = trimCurrency(s)
	signed := false
	for _, sign := range []string{"-", "−", "+"} {
		if rest, found := strings.CutPrefix(s, sign); found {
			s, signed = rest, true
			if sign != "+" {
				neg = !neg
			}
			break
		}
	}
	if signed {
		s = trimCurrency(s)
	}
	if s == "" || isSpace(rune(s[0])) || strayMarks(s) {
		return "", false, false, false
	}
	return s, neg, pct, true
}

// strayMarks reports a parenthesis, percent, currency sign or sign left in
// the digits; a sign may only follow an exponent's 'e'.
func strayMarks(s string) bool {
	for i, r := range s {
		if strings.ContainsRune("()%−"+currencySigns, r) {
			return true
		}
		if (r == '+' || r == '-') && (i == 0 || (s[i-1] != 'e' && s[i-1] != 'E')) {
			return true
		}
	}
	return false
}

// trimCurrency strips one currency sign at either end, with its spaces.
func trimCurrency(s string) string {
	for _, sign := range currencySigns {
		c := string(sign)
		if rest, found := strings.CutPrefix(s, c); found {
			return strings.TrimSpace(rest)
		}
		if rest, found := strings.CutSuffix(s, c); found {
			return strings.TrimSpace(rest)
		}
	}
	return s
}

func isSpace(r rune) bool { return r == ' ' || r == '\u00a0' || r == '\u202f' || r == '\t' }

// dropGroupMarks removes grouping marks from an integer part; made once,
// since building a Replacer costs more than using it.
var dropGroupMarks = strings.NewReplacer(",", "", ".", "", "_", "")

// normaliseDigits turns "1.234,5" into "1234.5" by the rules on ParseNumber,
// refusing anything that is not digits and separators (or a plain
// exponent form such as "1.5e6").
func normaliseDigits(s string) (string, bool) {
	if strings.ContainsAny(s, "eE") {
		return exponentForm(s)
	}
	if strings.Contains(s, "_") {
		return "", false // '_' below stands for the space-like grouping marks
	}
	s = strings.Map(func(r rune) rune {
		if isSpace(r) || r == '\'' || r == '’' {
			return '_' // a grouping mark that can never be a decimal mark
		}
		return r
	}, s)
	for _, r := range s {
		if (r < '0' || r > '9') && r != '.' && r != ',' && r != '_' {
			return "", false
		}
	}
	intPart, frac, group, ok := splitDecimal(s)
	if !ok || !validGroups(intPart, group) || strings.ContainsAny(frac, ".,_") {
		return "", false
	}
	digits := dropGroupMarks.Replace(intPart)
	if digits == "" && frac == "" {
		return "", false
	}
	if frac == "" {
		return digits, true
	}
	return digits + "." + frac, true
}

// splitDecimal finds the decimal mark and returns the integer part (still
// grouped), the fraction digits and the grouping mark used.
func splitDecimal(s string) (intPart, frac string, group byte, ok bool) {
	dots, commas := strings.Count(s, "."), strings.Count(s, ",")
	lastDot, lastComma := strings.LastIndexByte(s, '.'), strings.LastIndexByte(s, ',')
	grouping := strings.Count(s, "_") > 0
	switch {
	case dots > 0 && commas > 0:
		if lastDot > lastComma {
			return s[:lastDot], s[lastDot+1:], ',', dots == 1 && !grouping
		}
		return s[:lastComma], s[lastComma+1:], '.', commas == 1 && !grouping
	case dots > 1:
		return s, "", '.', !grouping
	case commas > 1:
		return s, "", ',', !grouping
	case dots == 1:
		return s[:lastDot], s[lastDot+1:], '_', true
	case commas == 1:
		before, after := s[:lastComma], s[lastComma+1:]
		if len(after) == 3 && !grouping && before != "" && before != "0" && allDigits(after) {
			return s, "", ',', true
		}
		return before, after, '_', true
	}
	return s, "", '_', true
}

// validGroups checks that a grouped integer part has 1–3 digits and then
// groups of exactly three, all split by the one grouping mark.
func validGroups(s string, group byte) bool {
	if s == "" {
		return true
	}
	if strings.ContainsAny(s, strings.ReplaceAll(".,_", string(group), "")) {
		return false
	}
	parts := strings.Split(s, string(group))
	if len(parts) == 1 {
		return allDigits(s)
	}
	if len(parts[0]) < 1 || len(parts[0]) > 3 || !allDigits(parts[0]) {
		return false
	}
	for _, p := range parts[1:] {
		if len(p) != 3 || !allDigits(p) {
			return false
		}
	}
	return true
}

// exponentForm accepts "1e6", "1.5E-3", "-2.5e+2" (sign already removed).
func exponentForm(s string) (string, bool) {
	i := strings.IndexAny(s, "eE")
	mant, exp := s[:i], s[i+1:]
	exp = strings.TrimPrefix(strings.TrimPrefix(exp, "+"), "-")
	intPart, frac, _ := strings.Cut(mant, ".")
	if !allDigits(exp) || (intPart != "" && !allDigits(intPart)) || (frac != "" && !allDigits(frac)) {
		return "", false
	}
	if intPart == "" && frac == "" {
		return "", false
	}
	return s, true
}
