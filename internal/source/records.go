package source

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/opsreport/opsreport/internal/diag"
	"github.com/opsreport/opsreport/internal/kpi"
	"github.com/opsreport/opsreport/internal/sheet"
)

// records reads a records source: one row per event, aggregated into
// monthly KPIs and their spans (SPEC 3a). Memory grows with what the
// aggregates need: count, sum, avg, min and max keep five numbers a month;
// percentiles keep the month's values, distinct the month's value ids.
type records struct {
	st       *state
	start    int                 // fiscal year's first month
	months   map[int]diag.Pos    // every month with a dated record: its first date cell
	aggs     []map[int]*monthAgg // per RecordKPI, by Period.Index
	bad      map[string]*badCells
	undated  int
	checked  map[string]bool     // messages about columns, once per source
	firstRow []string            // the first row's texts, for a date column not found
	interned []map[string]uint32 // distinct: per RecordKPI, value → id
	bits     []uint64            // a span's distinct ids, cleared after each use
}

// monthAgg is one KPI's records of one month.
type monthAgg struct {
	rows     int // records that passed where, for count
	n        int // non-empty values, for the others
	sum, abs float64
	min, max float64
	vals     []float64
	ids      []uint32 // distinct: the month's values by interned id
}

// badCells counts the cells of one column that could not be read, keeping
// the first for the message.
type badCells struct {
	first diag.Pos
	msg   string
	n     int
}

// recordTable reads the rows under a records header.
type recordTable struct {
	rec     *records
	sh      *sheet.Sheet
	dateCol int
	cols    map[string]int // normalised header → column
	kpiCols []int          // per RecordKPI, its column (0 for count)
	conds   [][]condCol
}

type condCol struct {
	Cond
	col int
}

func newRecords(st *state, start int) *records {
	r := &records{st: st, start: start, months: map[int]diag.Pos{}, bad: map[string]*badCells{}, checked: map[string]bool{}}
	for range st.src.KPIs {
		r.aggs = append(r.aggs, map[int]*monthAgg{})
		r.interned = append(r.interned, map[string]uint32{})
	}
	return r
}

// header recognises the header row: the first that has the date column.
func (r *records) header(sh *sheet.Sheet, row sheet.Row) table {
	cols := map[string]int{}
	var names []string
	for _, c := range row.Cells {
		if c.Kind == sheet.Text && !isBlank(c) {
			n := norm(c.Text)
			if _, dup := cols[n]; !dup {
				cols[n] = c.Col
				names = append(names, strings.TrimSpace(c.Text))
			}
		}
	}
	dateCol, ok := cols[norm(r.st.src.Date)]
	if !ok {
		if r.firstRow == nil {
			r.firstRow = names
		}
		return nil
	}
	t := &recordTable{rec: r, sh: sh, dateCol: dateCol, cols: cols}
	for _, rk := range r.st.src.KPIs {
		t.kpiCols = append(t.kpiCols, r.column(sh, rk.Column, rk.At("column"), cols, names))
		var cs []condCol
		for _, c := range rk.Where {
			cs = append(cs, condCol{Cond: c, col: r.column(sh, c.Column, c.Pos, cols, names)})
		}
		t.conds = append(t.conds, cs)
	}
	return t
}

// column finds a named column, reporting (once) one the sheet lacks; 0
// for none.
func (r *records) column(sh *sheet.Sheet, name string, at diag.Pos, cols map[string]int, names []string) int {
	if name == "" {
		return 0
	}
	if c, ok := cols[norm(name)]; ok {
		return c
	}
	key := fmt.Sprintf("%s\x00%v", name, at)
	if !r.checked[key] {
		r.checked[key] = true
		r.st.errorf(at, "column %s is not in %s%s (its columns: %s)", kpi.Quote(name), sheetLabel(sh), diag.CloseTo(name, names), kpi.QuoteList(names, 12))
	}
	return -1
}

func sheetLabel(sh *sheet.Sheet) string {
	if sh.CSV {
		return sh.File
	}
	return sh.File + " (sheet " + sh.Name + ")"
}

func (t *recordTable) read(row sheet.Row) table {
	cells := row.Cells
	var dc sheet.Cell
	for _, c := range cells {
		if c.Col == t.dateCol {
			dc = c
			break
		}
	}
	if len(cells) == 0 {
		return t
	}
	if isBlank(dc) {
		t.rec.undated++
		return t
	}
	p, ok := recordMonth(dc)
	if !ok {
		t.rec.badCell(t.sh, dc, t.rec.st.src.Date, fmt.Sprintf("%s %s is not a date", t.rec.st.src.Date, kpi.Quote(kpi.CellText(dc))))
		return t
	}
	m := p.Index()
	if _, seen := t.rec.months[m]; !seen {
		t.rec.months[m] = t.sh.CellPos(dc)
	}
	for i, rk := range t.rec.st.src.KPIs {
		if t.kpiCols[i] < 0 || !t.passes(cells, t.conds[i]) {
			continue
		}
		t.rec.add(i, rk, m, t.sh, cellAt(cells, t.kpiCols[i]))
	}
	return t
}

// cellAt is the row's cell in column col (an empty cell when there is
// none); rows hold their non-empty cells in column order.
func cellAt(cells []sheet.Cell, col int) sheet.Cell {
	if col <= 0 {
		return sheet.Cell{}
	}
	i, found := slices.BinarySearchFunc(cells, col, func(c sheet.Cell, col int) int { return c.Col - col })
	if !found {
		return sheet.Cell{}
	}
	return cells[i]
}

// add takes one record into KPI i's month m.
func (r *records) add(i int, rk RecordKPI, m int, sh *sheet.Sheet, c sheet.Cell) {
	a := r.aggs[i][m]
	if a == nil {
		a = &monthAgg{}
		r.aggs[i][m] = a
	}
	a.rows++
	if rk.Agg == "count" || isBlank(c) {
		return
	}
	if rk.Agg == "distinct" {
		a.ids = append(a.ids, r.intern(i, strings.TrimSpace(kpi.CellText(c))))
		a.n++
		return
	}
	v, ok := kpi.ValueOfCell(c, rk.KPI.Unit)
	if !ok || math.IsInf(v, 0) || math.IsNaN(v) {
		r.badCell(sh, c, rk.Column, fmt.Sprintf("%s (column %s, kpi %s)", kpi.CellProblem(c), rk.Column, rk.KPI.ID))
		return
	}
	a.addValue(v, rk.Agg)
}

func (a *monthAgg) addValue(v float64, agg Agg) {
	if a.n == 0 || v < a.min {
		a.min = v
	}
	if a.n == 0 || v > a.max {
		a.max = v
	}
	a.n++
	a.sum += v
	a.abs += math.Abs(v)
	if isPercentile(agg) {
		a.vals = append(a.vals, v)
	}
}

func isPercentile(agg Agg) bool {
	return agg == "median" || agg == "p90" || agg == "p95" || agg == "p99"
}

// intern numbers KPI i's distinct values, so months keep 4 bytes a record
// and a span's union is a bitset, not a map.
func (r *records) intern(i int, v string) uint32 {
	m := r.interned[i]
	id, ok := m[v]
	if !ok {
		id = uint32(len(m))
		m[v] = id
	}
	return id
}

// badCell counts a cell that could not be read, per column.
func (r *records) badCell(sh *sheet.Sheet, c sheet.Cell, column, msg string) {
	key := sh.File + "\x00" + norm(column)
	b := r.bad[key]
	if b == nil {
		b = &badCells{first: sh.CellPos(c), msg: msg}
		r.bad[key] = b
	}
	b.n++
}

// strayGap is how far, in months, the first or last month with records may
// lie from the rest before it is taken for a mistyped date: a 1026 among
// 2026 tickets would make a thousand years of empty months.
const strayGap = 120

// span is the source's first and last month, after refusing a month that
// stands more than strayGap months apart from all the others at either end.
func (r *records) span() (first, last int, ok bool) {
	ms := make([]int, 0, len(r.months))
	for m := range r.months {
		ms = append(ms, m)
	}
	slices.Sort(ms)
	lo, hi := TrimStrays(ms)
	for _, m := range ms[:lo] {
		r.st.errorf(r.months[m], "%s", StrayMessage(r.st.src.Date, m, ms[lo], "before"))
	}
	for _, m := range ms[hi+1:] {
		r.st.errorf(r.months[m], "%s", StrayMessage(r.st.src.Date, m, ms[hi], "after"))
	}
	return ms[lo], ms[hi], true
}

// TrimStrays is the run ms[lo..hi] of sorted month indexes (Period.Index)
// left when months more than strayGap apart from all the others are taken
// off either end.
func TrimStrays(ms []int) (lo, hi int) {
	lo, hi = 0, len(ms)-1
	for lo < hi && ms[lo+1]-ms[lo] > strayGap {
		lo++
	}
	for hi > lo && ms[hi]-ms[hi-1] > strayGap {
		hi--
	}
	return lo, hi
}

// StrayMessage says that date column placed a record in month m, far
// before or after the rest, which start or end at month near.
func StrayMessage(date string, m, near int, side string) string {
	gap := near - m
	if gap < 0 {
		gap = -gap
	}
	return fmt.Sprintf("%s places a record in %s, %d years %s the source's other records: a mistyped date?", date, periodOf(m), gap/12, side)
}

// finish reports the unreadable cells, then computes each KPI's months and
// spans between the source's first and last month.
func (r *records) finish() {
	for _, b := range r.sortedBad() {
		more := ""
		if b.n > 1 {
			more = fmt.Sprintf(" (and %d more in this column)", b.n-1)
		}
		r.st.errorf(b.first, "%s%s", b.msg, more)
	}
	if r.undated > 0 {
		r.st.d.Warnf(r.st.src.At("date"), "source %s: %s with no %s %s not counted", r.st.src.Name, diag.Plural(r.undated, "record"), r.st.src.Date, wereWord(r.undated))
	}
	if len(r.months) == 0 {
		return
	}
	first, last, ok := r.span()
	if !ok {
		return
	}
	for i, rk := range r.st.src.KPIs {
		r.st.found[rk.KPI] = true
		if rk.Agg == "distinct" {
			r.bits = make([]uint64, (len(r.interned[i])+63)/64)
			for _, a := range r.aggs[i] {
				slices.Sort(a.ids)
				a.ids = slices.Compact(a.ids)
			}
		}
		spans := map[kpi.Period]kpi.Span{}
		for m := first; m <= last; m++ {
			p := periodOf(m)
			if v := r.aggregate(i, rk.Agg, m, m, first); v.OK {
				r.st.values = append(r.st.values, kpi.Value{KPI: rk.KPI, Period: p, Series: kpi.SeriesActual, V: v.V,
					File: File, Row: rk.Pos.Line, Col: rk.Pos.Col, Pos: rk.Pos})
			}
			spans[p] = kpi.NewSpan(p, r.start,
				r.aggregate(i, rk.Agg, kpi.QuarterStart(p, r.start).Index(), m, first),
				r.aggregate(i, rk.Agg, kpi.YearStart(p, r.start).Index(), m, first),
				r.aggregate(i, rk.Agg, m-11, m, first))
		}
		if r.st.spans == nil {
			r.st.spans = map[*kpi.KPI]map[kpi.Period]kpi.Span{}
		}
		r.st.spans[rk.KPI] = spans
	}
}

func wereWord(n int) string {
	if n == 1 {
		return "was"
	}
	return "were"
}

func (r *records) sortedBad() []*badCells {
	var out []*badCells
	for _, b := range r.bad {
		out = append(out, b)
	}
	slices.SortFunc(out, func(a, b *badCells) int { return diag.Compare(a.first, b.first) })
	return out
}

func periodOf(i int) kpi.Period { return kpi.Period{Year: i / 12, Month: i%12 + 1} }
