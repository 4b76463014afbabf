package gate

import (
	"cmp"
	"fmt"
	"slices"
)

// A Finding is one problem a gate found in one page.
type Finding struct {
	Page    string // the page as the gate named it: a site path or a URL
	Line    int    // 1-based line in the page's source, 0 when the tool gives none
	Col     int    // 1-based column, 0 when unknown
	Rule    string // what kind of problem: "exception", "request", an axe rule id, …
	Message string
}

// String reads like a compiler message: page:line:col: [rule] message.
func (f Finding) String() string {
	pos := f.Page
	if f.Line > 0 {
		pos += fmt.Sprintf(":%d", f.Line)
		if f.Col > 0 {
			pos += fmt.Sprintf(":%d", f.Col)
		}
	}
	return fmt.Sprintf("%s: [%s] %s", pos, f.Rule, f.Message)
}

// compareFindings orders findings by page, position, rule, then message, so
// that reports read the same on every run whatever order events arrived in.
func compareFindings(a, b Finding) int {
	return cmp.Or(
		cmp.Compare(a.Page, b.Page),
		cmp.Compare(a.Line, b.Line),
		cmp.Compare(a.Col, b.Col),
		cmp.Compare(a.Rule, b.Rule),
		cmp.Compare(a.Message, b.Message),
	)
}

// sortFindings sorts in place and drops exact duplicates (a resource that
// fails is often reported by more than one protocol event).
func sortFindings(fs []Finding) []Finding {
	slices.SortFunc(fs, compareFindings)
	return slices.Compact(fs)
}
