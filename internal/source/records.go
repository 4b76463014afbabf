package source

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

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
	months   map[int]bool        // every month with a dated record
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
	r := &records{st: st, start: start, months: map[int]bool{}, bad: map[string]*badCells{}, checked: map[string]bool{}}
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
	t.rec.months[m] = true
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

// passes reports whether the row passes every condition. An empty cell
// fails every one; a missing column fails too (it was reported).
func (t *recordTable) passes(cells []sheet.Cell, conds []condCol) bool {
	for _, c := range conds {
		if c.col < 0 {
			return false
		}
		cell := cellAt(cells, c.col)
		if isBlank(cell) || !c.holds(cell) {
			return false
		}
	}
	return true
}

// holds compares a cell with the condition: as numbers when both read as
// numbers, else as text (equality ignores case).
func (c Cond) holds(cell sheet.Cell) bool {
	text := strings.TrimSpace(kpi.CellText(cell))
	if c.Op == "" {
		for _, v := range c.Values {
			if cmpValues(cell, text, v) == 0 {
				return true
			}
		}
		return false
	}
	d := cmpValues(cell, text, c.Values[0])
	switch c.Op {
	case ">=":
		return d >= 0
	case "<=":
		return d <= 0
	case ">":
		return d > 0
	case "<":
		return d < 0
	case "!=":
		return d != 0
	}
	return false
}

// cmpValues orders a cell against a where operand: numerically when both
// are numbers, else as text, ignoring case.
func cmpValues(cell sheet.Cell, text, operand string) int {
	w, wok, _ := kpi.ParseNumber(operand)
	if wok {
		v, vok := cell.Num, cell.Kind == sheet.Number || cell.Kind == sheet.Bool
		if cell.Kind == sheet.Text {
			v, vok, _ = kpi.ParseNumber(text)
		}
		if vok {
			switch {
			case v < w:
				return -1
			case v > w:
				return 1
			}
			return 0
		}
	}
	return strings.Compare(strings.ToLower(text), strings.ToLower(operand))
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
		r.badCell(sh, c, rk.Column, fmt.Sprintf("%s %s (column %s, kpi %s)", kpi.CellProblem(c), "", rk.Column, rk.KPI.ID))
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
		b = &badCells{first: sh.CellPos(c), msg: strings.Replace(msg, "  ", " ", 1)}
		r.bad[key] = b
	}
	b.n++
}

// recordMonth places a record by its date cell: a date cell's month; text
// in ISO 8601 (a date-time with a zone offset by its UTC date) or any
// period spelling of SPEC 3.
func recordMonth(c sheet.Cell) (kpi.Period, bool) {
	switch c.Kind {
	case sheet.Date:
		return kpi.PeriodOfCell(c)
	case sheet.Text:
		t := strings.TrimSpace(c.Text)
		if p, ok := isoMonth(t); ok {
			return p, true
		}
		if tm, ok := zoned(t); ok {
			u := tm.UTC()
			return kpi.Period{Year: u.Year(), Month: int(u.Month())}, true
		}
		return kpi.ParsePeriod(t)
	}
	return kpi.Period{}, false
}

// isoMonth places the commonest export spellings without time.Parse:
// 2026-01-31, 2026-01-31T23:30:00 (with optional fraction) and the same
// with Z or a ±hh:mm offset, by the UTC date. Anything else is left to the
// general path (ok false).
func isoMonth(s string) (kpi.Period, bool) {
	if len(s) < 10 || s[4] != '-' || s[7] != '-' {
		return kpi.Period{}, false
	}
	y, ok1 := digits(s[0:4])
	m, ok2 := digits(s[5:7])
	d, ok3 := digits(s[8:10])
	if !ok1 || !ok2 || !ok3 || m < 1 || m > 12 || d < 1 || d > daysIn(y, m) || y < 1000 {
		return kpi.Period{}, false
	}
	p := kpi.Period{Year: y, Month: m}
	if len(s) == 10 {
		return p, true
	}
	if len(s) < 19 || (s[10] != 'T' && s[10] != ' ') || s[13] != ':' || s[16] != ':' {
		return kpi.Period{}, false
	}
	h, ok1 := digits(s[11:13])
	mi, ok2 := digits(s[14:16])
	if sec, ok3 := digits(s[17:19]); !ok1 || !ok2 || !ok3 || h > 23 || mi > 59 || sec > 59 {
		return kpi.Period{}, false
	}
	zone := s[19:]
	if strings.HasPrefix(zone, ".") {
		i := 1
		for i < len(zone) && zone[i] >= '0' && zone[i] <= '9' {
			i++
		}
		if i == 1 {
			return kpi.Period{}, false
		}
		zone = zone[i:]
	}
	switch {
	case zone == "" || zone == "Z":
		return p, true
	case len(zone) == 6 && (zone[0] == '+' || zone[0] == '-') && zone[3] == ':':
		zh, ok1 := digits(zone[1:3])
		zm, ok2 := digits(zone[4:6])
		if !ok1 || !ok2 || zh > 23 || zm > 59 || y == 1000 && m == 1 && d == 1 {
			return kpi.Period{}, false
		}
		off := zh*60 + zm
		if zone[0] == '-' {
			off = -off
		}
		switch minute := h*60 + mi - off; {
		case minute < 0 && d == 1:
			return p.Add(-1), true
		case minute >= 24*60 && d == daysIn(y, m):
			return p.Add(1), true
		}
		return p, true
	}
	return kpi.Period{}, false
}

func digits(s string) (int, bool) {
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, false
		}
		n = n*10 + int(s[i]-'0')
	}
	return n, true
}

func daysIn(y, m int) int {
	return time.Date(y, time.Month(m)+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// zonedLayouts are date-times with a zone offset, as exports write them
// (PostgreSQL's text form included).
var zonedLayouts = []string{
	time.RFC3339Nano,
	"2006-01-02T15:04:05Z0700",
	"2006-01-02 15:04:05Z07:00",
	"2006-01-02 15:04:05.999999999Z07:00",
	"2006-01-02 15:04:05Z07",
	"2006-01-02 15:04:05.999999999Z07",
	"2006-01-02T15:04Z07:00",
}

func zoned(s string) (time.Time, bool) {
	if len(s) < 16 || len(s) > 40 {
		return time.Time{}, false
	}
	for _, l := range zonedLayouts {
		if t, err := time.Parse(l, s); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
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
	first, last := math.MaxInt, math.MinInt
	for m := range r.months {
		first, last = min(first, m), max(last, m)
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

// aggregate is KPI i's aggregate over the records of months from..to; none
// when the span starts before the source's first month.
func (r *records) aggregate(i int, agg Agg, from, to, first int) kpi.Opt {
	if from < first {
		return kpi.None
	}
	var parts []*monthAgg
	for m := from; m <= to; m++ {
		if a := r.aggs[i][m]; a != nil {
			parts = append(parts, a)
		}
	}
	return combine(agg, parts, r.bits)
}

// combine aggregates the records of several months. count, distinct and
// sum of no records are 0; the others of none are no value.
func combine(agg Agg, parts []*monthAgg, bits []uint64) kpi.Opt {
	var rows, n int
	var sum, abs float64
	mn, mx := math.Inf(1), math.Inf(-1)
	for _, a := range parts {
		rows += a.rows
		n += a.n
		sum += a.sum
		abs += a.abs
		if a.n > 0 {
			mn, mx = math.Min(mn, a.min), math.Max(mx, a.max)
		}
	}
	switch agg {
	case "count":
		return kpi.Some(float64(rows))
	case "distinct":
		return kpi.Some(float64(distinct(parts, bits)))
	case "sum":
		return kpi.Some(kpi.CleanAt(sum, abs))
	}
	if n == 0 {
		return kpi.None
	}
	switch agg {
	case "avg":
		return kpi.Some(kpi.CleanAt(sum/float64(n), abs/float64(n)))
	case "min":
		return kpi.Some(mn)
	case "max":
		return kpi.Some(mx)
	}
	return kpi.Some(kpi.Clean(percentile(parts, n, agg.Percentile())))
}

// Percentile is a percentile aggregate's percentile in hundredths: 90 for
// p90, 50 for median (and for the aggregates that are none).
func (a Agg) Percentile() int {
	switch a {
	case "p90":
		return 90
	case "p95":
		return 95
	case "p99":
		return 99
	}
	return 50
}

// distinct counts the months' values, each once, in bits (all clear,
// and cleared again before returning).
func distinct(parts []*monthAgg, bits []uint64) int {
	if len(parts) == 1 {
		return len(parts[0].ids)
	}
	n := 0
	for _, a := range parts {
		for _, id := range a.ids {
			w, b := id/64, uint64(1)<<(id%64)
			if bits[w]&b == 0 {
				bits[w] |= b
				n++
			}
		}
	}
	for _, a := range parts {
		for _, id := range a.ids {
			bits[id/64] = 0
		}
	}
	return n
}

// percentile interpolates between the closest ranks of the n values of the
// months, as SQL's percentile_cont does: with x = p × (n − 1), the values
// of rank ⌊x⌋ and ⌈x⌉ (0-based), lo + (hi − lo) × (x − ⌊x⌋). p is in
// hundredths, so the ranks and the fraction are exact (0.9 × 2400 in
// floating point is 2160.0000000000005, whose noise would reach the
// result); the warehouse's SQL computes them the same way.
func percentile(parts []*monthAgg, n int, p int) float64 {
	for _, a := range parts {
		if !slices.IsSorted(a.vals) {
			slices.Sort(a.vals)
		}
	}
	x := p * (n - 1)
	lo, rem := x/100, x%100
	vlo := kth(parts, lo)
	if rem == 0 {
		return vlo
	}
	vhi := kth(parts, lo+1)
	return vlo + (vhi-vlo)*(float64(rem)/100)
}

// kth is the k-th smallest (0-based) of the months' sorted values, found
// by bisecting the ordered bit patterns of float64, so a year's percentile
// needs no merged copy of its records.
func kth(parts []*monthAgg, k int) float64 {
	if len(parts) == 1 {
		return parts[0].vals[k]
	}
	lo, hi := toKey(math.Inf(-1)), toKey(math.Inf(1))
	for lo < hi {
		mid := lo + (hi-lo)/2
		if countAtMost(parts, fromKey(mid)) > k {
			hi = mid
		} else {
			lo = mid + 1
		}
	}
	return fromKey(lo)
}

// countAtMost counts the values ≤ v.
func countAtMost(parts []*monthAgg, v float64) int {
	n := 0
	for _, a := range parts {
		i, _ := slices.BinarySearchFunc(a.vals, v, func(x, v float64) int {
			if x <= v {
				return -1
			}
			return 1
		})
		n += i
	}
	return n
}

// toKey maps a float64 to a key that orders as the floats do.
func toKey(f float64) uint64 {
	b := math.Float64bits(f)
	if b&(1<<63) != 0 {
		return ^b
	}
	return b | 1<<63
}

// fromKey maps an ordered key back to its float64: keys order as the
// floats do (negative floats have their bits flipped, others the sign bit
// set).
func fromKey(k uint64) float64 {
	if k&(1<<63) != 0 {
		return math.Float64frombits(k &^ (1 << 63))
	}
	return math.Float64frombits(^k)
}
