package kpi

import (
	"iter"
	"math"
	"runtime"
	"slices"
	"sort"
	"sync"
	"sync/atomic"
)

// Figure is one KPI's derived figures for one month (SPEC 3 and 5), or
// for one fiscal quarter (SPEC 4) when Quarter is set: then Period is the
// quarter's last month, and MoM and YoY compare with the prior quarter and
// the same quarter a year earlier (see quarterfig.go).
type Figure struct {
	KPI                              *KPI
	Period                           Period
	Quarter                          Quarter // zero for a month's figure
	Actual, Target, Budget, Forecast Opt     // Target: the data's, else the catalog's constant

	VsTarget, VsTargetPct     Opt
	VsBudget, VsBudgetPct     Opt
	VsForecast, VsForecastPct Opt
	MoM, MoMPct               Opt // on the previous calendar month
	YoY, YoYPct               Opt // on the same month a year earlier
	QTD, YTD, TTM             Opt // fiscal quarter and year to date; trailing twelve months

	Status  Status
	Streak  int // consecutive months, ending here, with this status; 0 for none
	Trend   int // +1 better, -1 worse, 0 same or unknown, against the previous month
	Comment string

	fromRecords bool // QTD, YTD and TTM came from the records of each span
}

// Figures holds every KPI's figures, by id.
type Figures struct {
	ids      []string
	byKPI    map[string][]Figure
	quarters map[string][]Figure // by KPI id, oldest quarter first
}

// Compute derives every figure for every KPI and month that has any value.
// fiscalStart is the first month of the fiscal year (1 = calendar years).
//
// Choices where SPEC leaves room, all made so no figure is guessed:
//   - qtd, ytd and ttm need an actual in every month of their range, and
//     ttm needs all twelve: a KPI with less history has no ttm; a formula
//     KPI's need its components' actuals in every month, and apply the
//     formula to their roll-ups;
//   - status uses the month's target from the data, else the catalog's
//     constant; Figure.Target shows the one used;
//   - streak counts consecutive calendar months with the same status; a
//     month with no actual has status none, so a gap ends a run, and a
//     month with status none has streak 0 (grey is not a status held).
//
// Each KPI's figures read only the store, so KPIs are computed on every
// core; the result does not depend on which core computed which.
func Compute(s *Store, fiscalStart int) *Figures {
	kpis := s.Catalog.KPIs
	months, quarters := make([][]Figure, len(kpis)), make([][]Figure, len(kpis))
	eachOnCores(len(kpis), func(i int) {
		k := kpis[i]
		if pts := s.Points(k.ID); len(pts) > 0 {
			months[i] = computeKPI(s, k, pts, normStart(fiscalStart))
			quarters[i] = computeQuarters(s, k, months[i], normStart(fiscalStart))
		}
	})
	f := &Figures{byKPI: map[string][]Figure{}, quarters: map[string][]Figure{}}
	for i, k := range kpis {
		if months[i] != nil {
			f.byKPI[k.ID], f.quarters[k.ID] = months[i], quarters[i]
			f.ids = append(f.ids, k.ID)
		}
	}
	slices.Sort(f.ids)
	return f
}

// eachOnCores calls f(i) for every i below n, on every core. A panic in f
// is raised again in the caller's goroutine, where the command's recover
// turns it into a message, once every other call has returned: the panic
// of the lowest i, whichever core met it first.
func eachOnCores(n int, f func(i int)) {
	var next atomic.Int64
	var wg sync.WaitGroup
	var mu sync.Mutex
	failed, failedAt := any(nil), n
	call := func(i int) {
		defer func() {
			if p := recover(); p != nil {
				mu.Lock()
				if i < failedAt {
					failed, failedAt = p, i
				}
				mu.Unlock()
			}
		}()
		f(i)
	}
	for range min(runtime.GOMAXPROCS(0), n) {
		wg.Go(func() {
			for i := int(next.Add(1)) - 1; i < n; i = int(next.Add(1)) - 1 {
				call(i)
			}
		})
	}
	wg.Wait()
	if failedAt < n {
		panic(failed)
	}
}

// history is a KPI's actuals on a dense month axis, so a month's
// neighbours are found by index and gaps are explicit.
type history struct {
	k      *KPI
	store  *Store // a formula KPI's roll-ups come from its components
	first  int    // Period.Index of actual[0]
	actual []Opt  // one per calendar month from first to the last point
	status []Status
}

func newHistory(s *Store, k *KPI, pts []Point) *history {
	first, last := pts[0].Period.Index(), pts[len(pts)-1].Period.Index()
	h := &history{k: k, store: s, first: first, actual: make([]Opt, last-first+1), status: make([]Status, last-first+1)}
	for i := range h.status {
		h.status[i] = StatusNone
	}
	for _, pt := range pts {
		i := pt.Period.Index() - first
		h.actual[i] = pt.Actual
		h.status[i] = StatusOf(k, pt.Actual, pt.Target)
	}
	return h
}

// at is the actual of month index i (a Period.Index), None outside the data.
func (h *history) at(i int) Opt {
	j := i - h.first
	if j < 0 || j >= len(h.actual) {
		return None
	}
	return h.actual[j]
}

func computeKPI(s *Store, k *KPI, pts []Point, start int) []Figure {
	h := newHistory(s, k, pts)
	out := make([]Figure, len(pts))
	streak := make([]int, len(h.status))
	for i, st := range h.status {
		switch {
		case st == StatusNone:
		case i > 0 && h.status[i-1] == st:
			streak[i] = streak[i-1] + 1
		default:
			streak[i] = 1
		}
	}
	for n, pt := range pts {
		out[n] = h.figure(pt, start)
		out[n].Streak = streak[pt.Period.Index()-h.first]
	}
	return out
}

// figure derives one month's figures.
func (h *history) figure(pt Point, start int) Figure {
	k, i := h.k, pt.Period.Index()
	target := pt.Target
	if !target.OK {
		target = k.Target
	}
	f := Figure{
		KPI: k, Period: pt.Period, Actual: pt.Actual, Target: target,
		Budget: pt.Budget, Forecast: pt.Forecast, Comment: pt.Comment,
		Status: h.status[i-h.first],
	}
	f.VsTarget, f.VsTargetPct = diff(pt.Actual, target), pctChange(pt.Actual, target)
	f.VsBudget, f.VsBudgetPct = diff(pt.Actual, pt.Budget), pctChange(pt.Actual, pt.Budget)
	f.VsForecast, f.VsForecastPct = diff(pt.Actual, pt.Forecast), pctChange(pt.Actual, pt.Forecast)
	f.MoM, f.MoMPct = diff(pt.Actual, h.at(i-1)), pctChange(pt.Actual, h.at(i-1))
	f.YoY, f.YoYPct = diff(pt.Actual, h.at(i-12)), pctChange(pt.Actual, h.at(i-12))
	if pt.Span != nil {
		f.QTD, f.YTD, f.TTM, f.fromRecords = pt.Span.QTD, pt.Span.YTD, pt.Span.TTM, true
	} else {
		f.QTD = h.rollup(QuarterStart(pt.Period, start).Index(), i)
		f.YTD = h.rollup(YearStart(pt.Period, start).Index(), i)
		f.TTM = h.rollup(i-11, i)
	}
	f.Trend = trend(k.Direction, f.MoM)
	return f
}

// rollup aggregates the actuals of months from..to (indexes, inclusive) by
// the KPI's aggregate; None when any month has no actual. A formula KPI's
// is its formula over its components' roll-ups (Store.Rollup).
func (h *history) rollup(from, to int) Opt {
	if h.k.Formula != nil {
		return h.store.Rollup(h.k.ID, SeriesActual, monthRange(from, to))
	}
	var acc accumulator
	for i := from; i <= to; i++ {
		v := h.at(i)
		if !v.OK {
			return None
		}
		acc.add(v.V)
	}
	return acc.result(h.k.Aggregate)
}

// monthRange is the months from..to (indexes, inclusive).
func monthRange(from, to int) []Period {
	out := make([]Period, 0, to-from+1)
	for i := from; i <= to; i++ {
		out = append(out, periodOfIndex(i))
	}
	return out
}

// accumulator rolls values up by any aggregate without keeping them.
type accumulator struct {
	n                   int
	sum, min, max, last float64
	abs                 float64 // Σ|v|: the scale of the sum's rounding noise
}

func (a *accumulator) add(v float64) {
	if a.n == 0 || v < a.min {
		a.min = v
	}
	if a.n == 0 || v > a.max {
		a.max = v
	}
	a.n++
	a.sum += v
	a.abs += math.Abs(v)
	a.last = v
}

// result is the aggregate; None for no values.
func (a accumulator) result(agg Aggregate) Opt {
	if a.n == 0 {
		return None
	}
	switch agg {
	case Last:
		return Some(a.last)
	case Min:
		return Some(a.min)
	case Max:
		return Some(a.max)
	case Avg:
		n := float64(a.n)
		return Some(cleanAt(a.sum/n, a.abs/n))
	}
	return Some(cleanAt(a.sum, a.abs))
}

// diff is a − b, None when either is missing.
func diff(a, b Opt) Opt {
	if !a.OK || !b.OK {
		return None
	}
	return Some(cleanAt(a.V-b.V, math.Max(math.Abs(a.V), math.Abs(b.V))))
}

// pctChange is (a − b) / |b| × 100, None when either is missing or b is 0.
// The difference is cleaned first, as diff shows it (55.2 − 56 is −0.8,
// not −0.7999999999999972), and multiplied by 100 before the division, which is
// then the only inexact step: 2.1/3.9×100 rounds twice and lands on
// 53.846153846153854, 210/3.9 gives the correctly rounded …846.
func pctChange(a, b Opt) Opt {
	if !a.OK || !b.OK || b.V == 0 {
		return None
	}
	return Some(clean(diff(a, b).V * 100 / math.Abs(b.V)))
}

// trend is the month-on-month change judged by direction.
func trend(d Direction, mom Opt) int {
	if !mom.OK || mom.V == 0 || d == DirNone {
		return 0
	}
	better := mom.V > 0
	if d == Down {
		better = !better
	}
	if better {
		return 1
	}
	return -1
}

// Get is one KPI's figure for month p.
func (f *Figures) Get(id string, p Period) (Figure, bool) {
	s := f.byKPI[id]
	// A KPI's months are mostly consecutive: look first where p would be
	// if there were no gaps.
	if len(s) > 0 {
		if j := p.Index() - s[0].Period.Index(); j >= 0 && j < len(s) && s[j].Period == p {
			return s[j], true
		}
	}
	i := sort.Search(len(s), func(i int) bool { return s[i].Period.Index() >= p.Index() })
	if i < len(s) && s[i].Period == p {
		return s[i], true
	}
	return Figure{}, false
}

// Series is one KPI's figures, oldest first. The slice is shared: do not
// modify it.
func (f *Figures) Series(id string) []Figure { return f.byKPI[id] }

// Each yields every month's figure, in All's order, without copying them
// into one slice (a long history's figures are tens of megabytes). The
// figures are shared: do not modify them.
func (f *Figures) Each() iter.Seq[*Figure] {
	return func(yield func(*Figure) bool) {
		for _, id := range f.ids {
			s := f.byKPI[id]
			for i := range s {
				if !yield(&s[i]) {
					return
				}
			}
		}
	}
}

// All is every month's figure, by KPI id then month; Table adds quarters.
func (f *Figures) All() []Figure {
	var out []Figure
	for _, id := range f.ids {
		out = append(out, f.byKPI[id]...)
	}
	return out
}
