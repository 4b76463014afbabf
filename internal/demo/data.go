package demo

import (
	"bytes"
	"encoding/csv"
	"strconv"

	"github.com/opsreport/opsreport/internal/kpi"
)

// company is the generated business: its history and every KPI series.
type company struct {
	h    history
	kpis []*series
	seed uint64
}

func newCompany(o Options) *company {
	h := history{first: o.End.Add(1 - o.Months), months: o.Months, fyStart: 4}
	c := &company{h: h, seed: o.Seed}
	for n := range o.KPIs {
		c.kpis = append(c.kpis, makeSeries(n, o.Seed, h))
	}
	return c
}

// kept lists the series kept in one place, in catalog order.
func (c *company) kept(where store, keep func(*series) bool) []*series {
	var out []*series
	for _, s := range c.kpis {
		if s.t.where == where && (keep == nil || keep(s)) {
			out = append(out, s)
		}
	}
	return out
}

func withTarget(s *series) bool { return s.t.hasTarget() }
func withBudget(s *series) bool { return s.t.budget }

// header is a wide column's heading: the id, or the display name where
// finance labels the column for people.
func header(t *template) string {
	if t.byName {
		return t.name
	}
	return t.id
}

// financeBook writes data/finance.xlsx: wide Actuals (month date cells
// under a title block), Targets (text periods), Budget and a README.
func (c *company) financeBook() ([]byte, error) {
	b := newBook()
	all := c.kept(inFinance, nil)
	c.wideSheet(b, "Actuals", []string{"Lumenfield — monthly actuals", "Source: the finance close and the CRM. Closed on the 5th working day."},
		all, func(s *series) []float64 { return s.actual }, "mmm yyyy")
	c.wideSheet(b, "Targets", nil, c.kept(inFinance, withTarget), func(s *series) []float64 { return s.target }, "")
	c.wideSheet(b, "Budget", []string{"Board-approved budget, by fiscal year (April to March)"},
		c.kept(inFinance, withBudget), func(s *series) []float64 { return s.budget }, "yyyy-mm-dd")
	readme := b.sheet("README", []float64{100}, 0)
	for i, line := range financeReadme {
		look := "note"
		if i == 0 {
			look = "title"
		}
		readme.add(readme.styled(line, look))
	}
	readme.done()
	return b.bytes("Lumenfield finance workbook")
}

var financeReadme = []string{
	"Lumenfield finance workbook",
	"Actuals: one row per month, one column per KPI (the KPI's id, or its name in the catalog).",
	"Targets: the operating plan. Budget: the board-approved budget, set once a fiscal year.",
	"Percentages in Actuals are kept as Excel percentages (0.712 shown as 71.2%).",
	"Do not rename the header cells: opsreport matches them to data/kpis.yaml.",
}

// wideSheet writes a title block, a header row and one row per month. A
// dateFmt makes the period a date cell in that format; "" writes text
// such as 2026-10.
func (c *company) wideSheet(b *book, name string, title []string, cols []*series, pick func(*series) []float64, dateFmt string) {
	if len(cols) == 0 {
		return
	}
	head := len(title)
	if head > 0 {
		head++ // a blank row under the title block
	}
	w := b.sheet(name, wideWidths(len(cols)), head+1)
	for i, line := range title {
		look := "note"
		if i == 0 {
			look = "title"
		}
		w.add(w.styled(line, look))
	}
	if head > 0 {
		w.add()
	}
	row := []any{w.styled(periodHeading(dateFmt), "header")}
	for _, s := range cols {
		row = append(row, w.styled(header(&s.t), "header"))
	}
	w.add(row...)
	for m := range c.h.months {
		w.add(c.wideRow(w, m, cols, pick, dateFmt)...)
	}
	w.done()
}

func (c *company) wideRow(w *sheetWriter, m int, cols []*series, pick func(*series) []float64, dateFmt string) []any {
	p := c.h.period(m)
	row := make([]any, 0, len(cols)+1)
	if dateFmt != "" {
		row = append(row, w.styled(monthCell(p), dateFmt))
	} else {
		row = append(row, p.String())
	}
	for _, s := range cols {
		v := cellValue(&s.t, pick(s)[m])
		if v == nil {
			row = append(row, nil)
			continue
		}
		row = append(row, w.styled(v, numFormat(&s.t)))
	}
	return row
}

func periodHeading(dateFmt string) string {
	if dateFmt == "" {
		return "Period"
	}
	return "Month"
}

func wideWidths(cols int) []float64 {
	w := []float64{12}
	for range cols {
		w = append(w, 16)
	}
	return w
}

// teamsBook writes data/teams.xlsx: one long sheet per function (kpi,
// period, actual, target, forecast, comment), as teams that append a row
// per KPI each month keep them. Nil when no KPI lives there.
func (c *company) teamsBook() ([]byte, error) {
	b := newBook()
	for _, f := range functions {
		list := c.kept(inTeams, func(s *series) bool { return s.t.function == f.name })
		if len(list) > 0 {
			c.longSheet(b, f.name, list)
		}
	}
	if b.sheets == 0 {
		b.f.Close()
		return nil, nil
	}
	return b.bytes("Lumenfield team metrics")
}

func (c *company) longSheet(b *book, name string, list []*series) {
	w := b.sheet(name, []float64{26, 10, 12, 12, 12, 60}, 1)
	cols := []any{}
	for _, h := range []string{"kpi", "period", "actual", "target", "forecast", "comment"} {
		cols = append(cols, w.styled(h, "header"))
	}
	w.add(cols...)
	for m := range c.h.months {
		for _, s := range list {
			if row := c.longRow(w, s, m); row != nil {
				w.add(row...)
			}
		}
	}
	w.done()
}

// longRow is one KPI's month, or nil when it has nothing that month.
func (c *company) longRow(w *sheetWriter, s *series, m int) []any {
	vals := []float64{s.actual[m], s.target[m], s.forecast[m]}
	row := []any{s.t.id, c.h.period(m).String()}
	filled := false
	for _, v := range vals {
		if v != v {
			row = append(row, nil)
			continue
		}
		filled = true
		row = append(row, w.styled(v, numFormat(&s.t)))
	}
	if s.comment[m] != "" {
		filled = true
		row = append(row, w.styled(s.comment[m], "wrap"))
	}
	if !filled {
		return nil
	}
	return row
}

// operationsCSV writes a wide CSV of one series of the operations KPIs:
// periods as "Oct 2026" (actuals) or "2026-10" (targets), percentages with
// a % sign, as the monitoring export writes them. Nil when no column.
func (c *company) operationsCSV(keep func(*series) bool, pick func(*series) []float64, label func(kpi.Period) string) []byte {
	cols := c.kept(inOperations, keep)
	if len(cols) == 0 {
		return nil
	}
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	head := []string{"month"}
	for _, s := range cols {
		head = append(head, s.t.id)
	}
	w.Write(head)
	for m := range c.h.months {
		rec := []string{label(c.h.period(m))}
		for _, s := range cols {
			rec = append(rec, csvNumber(&s.t, pick(s)[m]))
		}
		w.Write(rec)
	}
	w.Flush()
	return b.Bytes()
}

// csvNumber is a value as text: empty for a gap, "99.95%" for percent.
func csvNumber(t *template, v float64) string {
	if v != v {
		return ""
	}
	s := strconv.FormatFloat(v, 'f', t.digits(), 64)
	if t.unit == kpi.UnitPercent {
		s += "%"
	}
	return s
}
