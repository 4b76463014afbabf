package kpi

import (
	"fmt"
	"slices"
	"strings"

	"github.com/opsreport/opsreport/internal/diag"
	"github.com/opsreport/opsreport/internal/sheet"
)

// Value is one value read by a reader outside this package: a source of
// data/sources.yaml (SPEC 3a) reading a months-across sheet, or a named
// series of a months-down one. Store treats it like a value read here: the
// same KPI, month and series twice is an error naming both cells.
type Value struct {
	KPI    *KPI
	Period Period
	Series string // SeriesActual, SeriesTarget, SeriesBudget, SeriesForecast or SeriesComment
	V      float64
	Text   string // a comment
	File   string // slash path, as messages show it
	Sheet  string // "" for a CSV file
	Row    int
	Col    int
	Pos    diag.Pos
}

// SeriesComment is the series of a comment Value.
const SeriesComment = seriesComment

// AddValues adds values read by a source.
func (l *Loader) AddValues(vs []Value) {
	es := make([]entry, 0, len(vs))
	for _, v := range vs {
		at := place{file: v.File, sheet: v.Sheet, row: v.Row, col: v.Col, csv: v.Sheet == ""}
		if at.pos() != v.Pos {
			at.given = &v.Pos
		}
		es = append(es, entry{kpi: v.KPI, period: v.Period, series: v.Series, v: v.V, text: v.Text, at: at})
	}
	if len(es) == 0 {
		return
	}
	l.mu.Lock()
	l.values = append(l.values, es)
	l.mu.Unlock()
}

// Ignore records names of series (headers, row labels, kpi cells) in file
// that name no KPI: Store warns once per file, listing them.
func (l *Loader) Ignore(file string, names ...string) {
	if len(names) == 0 {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.ignored == nil {
		l.ignored = map[string][]string{}
	}
	for _, n := range names {
		if !slices.Contains(l.ignored[file], n) {
			l.ignored[file] = append(l.ignored[file], n)
		}
	}
}

// expect records that file is read for values, so Store can warn when
// nothing came of it. A file already warned about as ignored is not
// warned about twice.
func (l *Loader) expect(file string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.expected == nil {
		l.expected = map[string]bool{}
	}
	if _, seen := l.expected[file]; !seen {
		l.expected[file] = false
	}
}

// markWarned notes that file got a warning saying it was ignored.
func (l *Loader) markWarned(file string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.expected == nil {
		l.expected = map[string]bool{}
	}
	l.expected[file] = true
}

// ignoredListLimit caps how many ignored names one warning lists.
const ignoredListLimit = 8

// warnIgnored reports, once per file, the series names it gave that name
// no KPI, and each expected file that yielded nothing.
func (l *Loader) warnIgnored(used map[string]bool) {
	for file, names := range l.ignored {
		// Sheets are read in parallel: sort, so the message does not
		// depend on which finished first.
		slices.Sort(names)
		l.d.Warnf(diag.Pos{File: file}, "%s no KPI and %s ignored: %s", namesWord(len(names)), wereWord(len(names)), QuoteList(names, ignoredListLimit))
	}
	failed := map[string]bool{}
	for _, dg := range l.d.Items() {
		if dg.Severity == diag.Error {
			failed[dg.Pos.File] = true
		}
	}
	for file, warned := range l.expected {
		// A file whose values were all refused already has its errors.
		if !warned && !used[file] && !failed[file] {
			l.d.Warnf(diag.Pos{File: file}, "no value was read from this file")
		}
	}
}

func namesWord(n int) string {
	if n == 1 {
		return "1 series names"
	}
	return fmt.Sprintf("%d series name", n)
}

func wereWord(n int) string {
	if n == 1 {
		return "was"
	}
	return "were"
}

// QuoteList quotes names for a message, at most limit of them, then "and
// N more".
func QuoteList(names []string, limit int) string {
	var b strings.Builder
	for i, n := range names {
		if i == limit {
			fmt.Fprintf(&b, " and %d more", len(names)-limit)
			break
		}
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(Quote(n))
	}
	return b.String()
}

// Quote quotes a user's text for a message, shortened: a cell can hold
// megabytes.
func Quote(s string) string { return quote(s) }

// CellText is a cell as text: what a message quotes and a label is.
func CellText(c sheet.Cell) string { return cellText(c) }

// ValueOfCell reads a value cell for a KPI of unit u (SPEC 3): a number
// cell as it is (a percentage-formatted one in points for a percent KPI),
// text by ParseNumber. Anything else is not ok, and CellProblem says why.
func ValueOfCell(c sheet.Cell, u Unit) (float64, bool) {
	switch c.Kind {
	case sheet.Number:
		return cellValue(u, c.Num, c.Percent), true
	case sheet.Text:
		if v, ok, pct := ParseNumber(c.Text); ok {
			return unitValue(u, v, pct), true
		}
	}
	return 0, false
}

// CellProblem says why ValueOfCell refused c: "cell holds the error
// #N/A", or `"n/a" is not a number`.
func CellProblem(c sheet.Cell) string {
	if c.Kind == sheet.Error {
		return errorCellMsg(c)
	}
	return quote(cellText(c)) + " is not a number"
}

// ValueContext is "(kpi nps, 2026-03)", with the series when it is not the
// actual.
func ValueContext(k *KPI, p Period, series string) string { return valueContext(k, p, series) }

// Clean keeps 15 significant digits of v, so a scaled value carries no
// binary noise (711.673 × 10⁶ is 711673000).
func Clean(v float64) float64 { return clean(v) }

// NearMiss is the hint for a text that names no KPI but nearly does — " (did
// you mean "uptime"?)" — or that is a display name several KPIs share; ""
// when it is just some other series.
func (c *Catalog) NearMiss(text string) string {
	if _, shared := c.lookup(text); len(shared) > 1 {
		return fmt.Sprintf(" (the name is shared by kpis %s and %s: use the id)", shared[0].ID, shared[1].ID)
	}
	return c.didYouMean(text)
}

// CleanAt keeps the digits of v down to the 15th significant digit of mag,
// the magnitude of the operands v was computed from (a sum's Σ|v|).
func CleanAt(v, mag float64) float64 { return cleanAt(v, mag) }
