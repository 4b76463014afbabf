package kpi

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/opsreport/opsreport/internal/diag"
	"github.com/opsreport/opsreport/internal/sheet"
)

// wideTable reads rows of a period column and one column per KPI.
type wideTable struct {
	r         *sheetReader
	periodCol int
	kpis      map[int]*KPI
	headed    map[int]bool // every column with a header, known or not
	series    string
}

func (r *sheetReader) wideHeader(row sheet.Row, h headerMap) rowReader {
	pc, _ := firstOf(h, periodHeaders)
	t := &wideTable{r: r, periodCol: pc.Col, kpis: map[int]*KPI{}, headed: map[int]bool{}, series: seriesOfName(r.s.Name)}
	nearMisses, others := t.columns(row)
	// A header that nearly names a KPI is a typo that would drop a series
	// silently: an error. Any other header is a series the catalog does
	// not track (a change log's "Change", a statistics file's other
	// columns): ignored, and listed in one warning per file.
	for _, c := range nearMisses {
		r.unknownKPI(c, " in header")
	}
	if len(t.kpis) == 0 && len(nearMisses) == 0 {
		r.ignored = true
		r.l.d.Warnf(r.s.CellPos(pc), "a %s column, but no column headed by a KPI's id or name%s: %s", headerName(pc), headersNote(others), r.whatIgnored())
		r.l.markWarned(r.s.File)
		return nil
	}
	for _, c := range others {
		r.ignoreName(cellText(c))
	}
	return t
}

// headersNote lists the headers of a sheet ignored whole: " (headers
// "Sales", "Units")".
func headersNote(cells []sheet.Cell) string {
	if len(cells) == 0 {
		return ""
	}
	names := make([]string, len(cells))
	for i, c := range cells {
		names[i] = cellText(c)
	}
	return " (headers " + QuoteList(names, ignoredListLimit) + ")"
}

// whatIgnored says what was ignored: a CSV file, with how to read it
// after all, or a worksheet (a change log beside the values).
func (r *sheetReader) whatIgnored() string {
	if r.s.CSV {
		return "file ignored (name its series in data/sources.yaml)"
	}
	return "sheet ignored"
}

// columns maps each header cell to its KPI, reporting a KPI headed twice,
// and returns the headers that name no KPI: those that nearly name one
// (or a name several KPIs share), and the others.
func (t *wideTable) columns(row sheet.Row) (nearMisses, others []sheet.Cell) {
	r := t.r
	first := map[*KPI]sheet.Cell{}
	for _, c := range row.Cells {
		if isBlank(c) {
			continue
		}
		t.headed[c.Col] = true
		if c.Col == t.periodCol || slices.Contains(periodHeaders, headerName(c)) {
			continue
		}
		k, _ := r.l.cat.lookup(cellText(c))
		switch {
		case k == nil && r.l.cat.NearMiss(cellText(c)) != "":
			nearMisses = append(nearMisses, c)
		case k == nil:
			others = append(others, c)
		case first[k].Col != 0:
			r.l.d.Errorf(r.s.CellPos(c), "a second column for kpi %s (the first is at %s)", k.ID, r.s.CellPos(first[k]).Cell+lineCol(r.s, first[k]))
		default:
			first[k], t.kpis[c.Col] = c, k
		}
	}
	return nearMisses, others
}

// lineCol names a cell for a message inside a CSV file, where Pos has no
// cell name: "line 3, column 2".
func lineCol(s *sheet.Sheet, c sheet.Cell) string {
	if s.CSV {
		return fmt.Sprintf("line %d, column %d", c.Row, c.Col)
	}
	return ""
}

func (t *wideTable) read(row sheet.Row) {
	var pc *sheet.Cell
	var vals []sheet.Cell
	for _, c := range row.Cells {
		switch {
		case isBlank(c):
		case c.Col == t.periodCol:
			pc = &c
		case t.kpis[c.Col] != nil:
			vals = append(vals, c)
		case !t.headed[c.Col]:
			t.r.strayCell(c)
		}
	}
	p, ok := t.r.period(pc, vals)
	if !ok {
		return
	}
	for _, c := range vals {
		t.r.addValue(c, t.kpis[c.Col], p, t.series)
	}
}

// longTable reads rows of kpi, period and series columns.
type longTable struct {
	r                 *sheetReader
	kpiCol, periodCol int
	series            map[int]string // column → actual, target, budget, forecast, comment
	headed            map[int]bool
}

func (r *sheetReader) longHeader(row sheet.Row) rowReader {
	t := &longTable{r: r, series: map[int]string{}, headed: map[int]bool{}}
	seen := map[string]sheet.Cell{}
	for _, c := range row.Cells {
		name := headerName(c)
		if isBlank(c) {
			continue
		}
		t.headed[c.Col] = true
		if slices.Contains(periodHeaders, name) {
			name = "period"
		}
		if prev, dup := seen[name]; dup {
			r.l.d.Errorf(r.s.CellPos(c), "a second %s column (the first is at %s)", name, r.s.CellPos(prev).Cell+lineCol(r.s, prev))
			continue
		}
		t.setColumn(c, name)
		seen[name] = c
	}
	return t
}

func (t *longTable) setColumn(c sheet.Cell, name string) {
	switch name {
	case "kpi":
		t.kpiCol = c.Col
	case "period":
		t.periodCol = c.Col
	case SeriesActual, SeriesTarget, SeriesBudget, SeriesForecast, seriesComment:
		t.series[c.Col] = name
	default:
		t.r.l.d.Errorf(t.r.s.CellPos(c), "unknown column %s%s", quote(cellText(c)), diag.DidYouMean(name, longColumns))
	}
}

func (t *longTable) read(row sheet.Row) {
	var kc, pc *sheet.Cell
	var vals []sheet.Cell
	for _, c := range row.Cells {
		switch {
		case isBlank(c):
		case c.Col == t.kpiCol:
			kc = &c
		case c.Col == t.periodCol:
			pc = &c
		case t.series[c.Col] != "":
			vals = append(vals, c)
		case !t.headed[c.Col]:
			t.r.strayCell(c)
		}
	}
	k := t.kpiOf(kc, pc, vals)
	if k == nil {
		return
	}
	p, ok := t.r.period(pc, vals)
	if !ok {
		return
	}
	for _, c := range vals {
		if s := t.series[c.Col]; s == seriesComment {
			t.r.addComment(c, k, p)
		} else {
			t.r.addValue(c, k, p, s)
		}
	}
}

// kpiOf resolves the row's kpi cell; nil (reported, unless the row holds
// nothing) when it is missing or unknown.
func (t *longTable) kpiOf(kc, pc *sheet.Cell, vals []sheet.Cell) *KPI {
	if kc == nil {
		if len(vals) > 0 {
			t.r.l.d.Errorf(t.r.s.CellPos(vals[0]), "a value in a row with no kpi")
		}
		return nil
	}
	if kc.Kind != sheet.Text {
		t.r.unknownKPI(*kc, "")
		return nil
	}
	k := t.r.l.cat.Lookup(kc.Text)
	switch {
	case k != nil:
	case t.r.l.cat.NearMiss(kc.Text) != "":
		t.r.unknownKPI(*kc, "")
	default:
		// A KPI the catalog does not track: listed in the file's warning.
		t.r.ignoreName(strings.TrimSpace(kc.Text))
	}
	return k
}

// unknownKPI reports a header or cell naming no KPI, or a name several
// KPIs share.
func (r *sheetReader) unknownKPI(c sheet.Cell, where string) {
	text := cellText(c)
	if _, shared := r.l.cat.lookup(text); len(shared) > 1 {
		r.l.d.Errorf(r.s.CellPos(c), "KPI name %s%s is shared by kpis %s and %s: use the id", quote(text), where, shared[0].ID, shared[1].ID)
		return
	}
	r.l.d.Errorf(r.s.CellPos(c), "unknown KPI %s%s%s", quote(text), where, r.l.cat.didYouMean(text))
}

// period reads a row's period cell. A row without values needs none, and a
// bad period in it is not reported: it adds nothing (a "Notes" line under
// the table, next year's months not yet filled).
func (r *sheetReader) period(pc *sheet.Cell, vals []sheet.Cell) (Period, bool) {
	if len(vals) == 0 {
		return Period{}, false
	}
	if pc == nil {
		r.l.d.Errorf(r.s.CellPos(vals[0]), "a value in a row with no period")
		return Period{}, false
	}
	if pc.Kind == sheet.Error {
		r.l.d.Errorf(r.s.CellPos(*pc), "%s in the period column", errorCellMsg(*pc))
		return Period{}, false
	}
	p, ok := PeriodOfCell(*pc)
	if !ok {
		r.l.d.Errorf(r.s.CellPos(*pc), "%s is not a month (write 2026-10, Oct 2026 or 10/2026)", quote(cellText(*pc)))
	}
	return p, ok
}

// addValue reads a value cell (SPEC 3) and records it.
func (r *sheetReader) addValue(c sheet.Cell, k *KPI, p Period, series string) {
	v, ok := r.value(c, k, p, series)
	if ok {
		r.out.add(entry{kpi: k, period: p, series: series, v: v, at: r.at(c)})
	}
}

func (r *sheetReader) addComment(c sheet.Cell, k *KPI, p Period) {
	r.out.add(entry{kpi: k, period: p, series: seriesComment, text: cellText(c), at: r.at(c)})
}

// value is a cell's number in k's unit: a number cell as it is (a
// percentage-formatted one in points for a percent KPI), text by
// ParseNumber; anything else is reported with the KPI and month it was for.
func (r *sheetReader) value(c sheet.Cell, k *KPI, p Period, series string) (float64, bool) {
	switch c.Kind {
	case sheet.Number:
		return cellValue(k.Unit, c.Num, c.Percent), true
	case sheet.Text:
		if v, ok, pct := ParseNumber(c.Text); ok {
			return unitValue(k.Unit, v, pct), true
		}
	case sheet.Error:
		r.l.d.Errorf(r.s.CellPos(c), "%s %s", errorCellMsg(c), valueContext(k, p, series))
		return 0, false
	}
	r.l.d.Errorf(r.s.CellPos(c), "%s is not a number %s", quote(cellText(c)), valueContext(k, p, series))
	return 0, false
}

// valueContext is "(kpi nps, 2026-03)", with the series when it is not
// the actual: "(kpi nps, 2026-03, budget)".
func valueContext(k *KPI, p Period, series string) string {
	if series == SeriesActual {
		return fmt.Sprintf("(kpi %s, %s)", k.ID, p)
	}
	return fmt.Sprintf("(kpi %s, %s, %s)", k.ID, p, series)
}

// quote quotes a user's text for a message, shortened: a cell can hold
// megabytes.
func quote(s string) string {
	const limit = 60
	if utf8.RuneCountInString(s) > limit {
		s = string([]rune(s)[:limit]) + "…"
	}
	return strconv.Quote(s)
}

// ignoreName notes a series name that names no KPI, once.
func (r *sheetReader) ignoreName(name string) {
	if r.ignoredSeen == nil {
		r.ignoredSeen = map[string]bool{}
	}
	if !r.ignoredSeen[name] {
		r.ignoredSeen[name] = true
		r.ignoredNames = append(r.ignoredNames, name)
	}
}
