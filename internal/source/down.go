package source

import (
	"strings"

	"github.com/opsreport/opsreport/internal/kpi"
	"github.com/opsreport/opsreport/internal/sheet"
)

// isPeriodHeader reports a header that names a period column: period,
// month, date, and spellings such as "observation_date" or "Month ending".
func isPeriodHeader(text string) bool {
	n := norm(text)
	switch {
	case n == "period" || n == "month" || n == "date" || n == "time":
		return true
	case strings.HasSuffix(n, "date") || strings.HasSuffix(n, "month") || strings.HasSuffix(n, "period"):
		return len(n) <= 20
	case strings.HasPrefix(n, "month") || strings.HasPrefix(n, "period"):
		return len(n) <= 20
	}
	return false
}

// downTable reads a months-down sheet: a period column and one column per
// series.
type downTable struct {
	st        *state
	sh        *sheet.Sheet
	periodCol int
	kpis      map[int]*kpi.KPI
}

// downHeader recognises a header row with a column for a KPI (a named
// series, or a catalog id or name) and a period column: the one headed
// period, month or date, else the leftmost other column.
func (st *state) downHeader(sh *sheet.Sheet, row sheet.Row) table {
	t := &downTable{st: st, sh: sh, kpis: map[int]*kpi.KPI{}}
	var others []sheet.Cell
	for _, c := range row.Cells {
		if isBlank(c) || c.Kind != sheet.Text {
			continue
		}
		switch k := st.lookup(c.Text); {
		case k != nil && !st.taken(t.kpis, k, sh, c):
			t.kpis[c.Col] = k
		case k != nil:
		case isPeriodHeader(c.Text) && t.periodCol == 0:
			t.periodCol = c.Col
		default:
			others = append(others, c)
		}
	}
	if t.periodCol == 0 && len(t.kpis) > 0 && (st.src.Layout == MonthsDown || len(st.src.Series) > 0) && len(others) > 0 && others[0].Col < firstKey(t.kpis) {
		t.periodCol, others = others[0].Col, others[1:]
	}
	if t.periodCol == 0 || (len(t.kpis) == 0 && len(st.src.Series) > 0) {
		return nil
	}
	for _, c := range row.Cells {
		if isBlank(c) || c.Col == t.periodCol {
			continue
		}
		st.seeLabel(kpi.CellText(c), true)
	}
	for _, c := range others {
		st.unmatched(sh, c)
	}
	for _, k := range t.kpis {
		st.found[k] = true
	}
	return t
}

// taken reports (as an error) a KPI headed twice in one row.
func (st *state) taken(cols map[int]*kpi.KPI, k *kpi.KPI, sh *sheet.Sheet, c sheet.Cell) bool {
	for col, k2 := range cols {
		if k2 == k {
			st.errorf(sh.CellPos(c), "a second column for kpi %s (the first is at %s)", k.ID, sh.Pos(c.Row, col))
			return true
		}
	}
	return false
}

func firstKey(m map[int]*kpi.KPI) int {
	first := 0
	for col := range m {
		if first == 0 || col < first {
			first = col
		}
	}
	return first
}

func (t *downTable) read(row sheet.Row) table {
	var pc *sheet.Cell
	var vals []sheet.Cell
	for _, c := range row.Cells {
		switch {
		case isBlank(c):
		case c.Col == t.periodCol:
			pc = &c
		case t.kpis[c.Col] != nil:
			if !t.st.isGap(c) {
				vals = append(vals, c)
			}
		}
	}
	p, ok := t.st.rowPeriod(t.sh, pc, vals)
	if !ok {
		return t
	}
	for _, c := range vals {
		t.st.value(t.sh, c, t.kpis[c.Col], p, t.st.src.Kind)
	}
	return t
}

// rowPeriod reads a row's period cell. A row without values needs none (a
// note under the table, months not yet filled).
func (st *state) rowPeriod(sh *sheet.Sheet, pc *sheet.Cell, vals []sheet.Cell) (kpi.Period, bool) {
	if len(vals) == 0 {
		return kpi.Period{}, false
	}
	if pc == nil {
		st.errorf(sh.CellPos(vals[0]), "a value in a row with no period")
		return kpi.Period{}, false
	}
	p, ok := kpi.PeriodOfCell(*pc)
	if !ok && pc.Kind == sheet.Text {
		p, ok = kpi.ParsePeriod(stripFootnote(pc.Text))
	}
	if !ok {
		st.errorf(sh.CellPos(*pc), "%s is not a month (write 2026-10, Oct 2026 or 10/2026)", kpi.Quote(kpi.CellText(*pc)))
	}
	return p, ok
}

// longTable reads kpi, period and series columns; a value column holds the
// source's kind.
type longTable struct {
	st                *state
	sh                *sheet.Sheet
	kpiCol, periodCol int
	series            map[int]string
}

// longColumns are the series columns of the long shape.
var longColumns = map[string]string{
	"actual": kpi.SeriesActual, "target": kpi.SeriesTarget, "budget": kpi.SeriesBudget,
	"forecast": kpi.SeriesForecast, "value": "", "comment": "comment",
}

func (st *state) longHeader(sh *sheet.Sheet, row sheet.Row) table {
	t := &longTable{st: st, sh: sh, series: map[int]string{}}
	for _, c := range row.Cells {
		if c.Kind != sheet.Text {
			continue
		}
		n := norm(c.Text)
		s, isSeries := longColumns[n]
		switch {
		case n == "kpi" && t.kpiCol == 0:
			t.kpiCol = c.Col
		case isPeriodHeader(c.Text) && t.periodCol == 0:
			t.periodCol = c.Col
		case isSeries && s == "":
			t.series[c.Col] = st.src.Kind
		case isSeries:
			t.series[c.Col] = s
		}
	}
	if t.kpiCol == 0 || t.periodCol == 0 || len(t.series) == 0 {
		return nil
	}
	return t
}

func (t *longTable) read(row sheet.Row) table {
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
		}
	}
	if kc == nil {
		return t
	}
	text := kpi.CellText(*kc)
	t.st.seeLabel(text, true)
	k := t.st.lookup(text)
	if k == nil {
		t.st.unmatched(t.sh, *kc)
		return t
	}
	t.st.found[k] = true
	p, ok := t.st.rowPeriod(t.sh, pc, vals)
	if !ok {
		return t
	}
	for _, c := range vals {
		if s := t.series[c.Col]; s == "comment" {
			t.st.comment(t.sh, c, k, p)
		} else {
			t.st.value(t.sh, c, k, p, s)
		}
	}
	return t
}
