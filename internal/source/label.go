package source

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/opsreport/opsreport/internal/kpi"
	"github.com/opsreport/opsreport/internal/sheet"
)

// norm is a label as it is matched: lower case, letters and digits only,
// without trailing footnote marks, so "GAFO(1)", "Mail-order houses" and
// "mail order  houses" match "gafo" and "mailorderhouses".
func norm(s string) string {
	s = stripFootnote(s)
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case r < utf8.RuneSelf && ('a' <= r && r <= 'z' || '0' <= r && r <= '9'):
			b.WriteRune(r)
		case r < utf8.RuneSelf && 'A' <= r && r <= 'Z':
			b.WriteRune(r + ('a' - 'A'))
		case r >= utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}

// footnoteMarks are the single characters that mark a footnote at the end
// of a label or header.
const footnoteMarks = "*†‡§¹²³⁴⁵⁶⁷⁸⁹⁰"

// stripFootnote removes trailing footnote marks: a short parenthesised or
// bracketed token ("(1)", "(p)", "[a]", "(NA)"), or marks such as "*" and
// "¹", repeatedly: "Aug. 2022(p)" is "Aug. 2022", "GAFO(1)*" is "GAFO".
func stripFootnote(s string) string {
	for {
		t := strings.TrimRightFunc(s, unicode.IsSpace)
		t = strings.TrimRight(t, footnoteMarks)
		if u, ok := cutMark(t); ok {
			t = u
		}
		if t == s || strings.TrimSpace(t) == "" {
			return strings.TrimSpace(t)
		}
		s = t
	}
}

// cutMark removes a trailing "(x)" or "[x]" whose inside is one to three
// letters or digits, unless it is the whole text.
func cutMark(s string) (string, bool) {
	if s == "" {
		return s, false
	}
	closer := s[len(s)-1]
	var opener byte
	switch closer {
	case ')':
		opener = '('
	case ']':
		opener = '['
	default:
		return s, false
	}
	i := strings.LastIndexByte(s, opener)
	if i <= 0 {
		return s, false
	}
	inside := s[i+1 : len(s)-1]
	if n := utf8.RuneCountInString(inside); n == 0 || n > 3 {
		return s, false
	}
	for _, r := range inside {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			return s, false
		}
	}
	return s[:i], true
}

// headerPeriod reads a month header: a date cell, or text in any period
// spelling of SPEC 3 with a trailing footnote mark allowed. Number cells
// are not month headers (a value such as 202209 would read as one).
func headerPeriod(c sheet.Cell) (kpi.Period, bool) {
	switch c.Kind {
	case sheet.Date:
		return kpi.PeriodOfCell(c)
	case sheet.Text:
		t := c.Text
		if len(t) > 40 {
			return kpi.Period{}, false
		}
		return kpi.ParsePeriod(stripFootnote(t))
	}
	return kpi.Period{}, false
}

// seriesWords are the words of a second header row that name a column's
// series (SPEC 3a); another word there (Var, Var %) ignores the column.
var seriesWords = map[string]string{
	"actual": kpi.SeriesActual, "actuals": kpi.SeriesActual, "act": kpi.SeriesActual,
	"budget": kpi.SeriesBudget, "bud": kpi.SeriesBudget, "bgt": kpi.SeriesBudget, "plan": kpi.SeriesBudget,
	"forecast": kpi.SeriesForecast, "fcst": kpi.SeriesForecast, "fc": kpi.SeriesForecast,
	"target": kpi.SeriesTarget, "tgt": kpi.SeriesTarget,
}

// isBlank reports a cell that holds nothing: empty, or text of spaces.
func isBlank(c sheet.Cell) bool {
	return c.Kind == sheet.Empty || (c.Kind == sheet.Text && strings.TrimSpace(c.Text) == "")
}

// caseStyle tells an all-capitals heading ("NOT ADJUSTED") from others, so
// a block ends at the next heading of its kind, not at a group heading.
func caseStyle(s string) bool {
	hasUpper := false
	for _, r := range s {
		if unicode.IsLower(r) {
			return false
		}
		hasUpper = hasUpper || unicode.IsUpper(r)
	}
	return hasUpper
}

// Norm is a label or header as sources match it: lower case, letters and
// digits only, without trailing footnote marks.
func Norm(s string) string { return norm(s) }
