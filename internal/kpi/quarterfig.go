package kpi

import "sort"

// Quarter figures (SPEC 4): a quarterly board review shows each KPI's
// months rolled up by its aggregate. Compute derives them for every fiscal
// quarter the data touches, so any review, and any shortcode's
// period="2027-Q2", finds its quarter without a second pass.
//
// A quarter's figure reuses Figure's fields, each read for a quarter:
//   - actual, target, budget, forecast: the three months rolled up by the
//     KPI's aggregate, each empty when any month lacks it (a month without
//     a target from the data takes the catalog's constant, as for months);
//     a formula KPI's come from Store.Rollup: its actual is the formula over
//     its components' quarters;
//   - vs_target, vs_budget: as for months, on the rolled-up values;
//   - mom, mom_pct: the change on the prior quarter; yoy, yoy_pct: on the
//     same quarter a year earlier;
//   - qtd: the quarter itself (the quarter to date at its last month);
//     ytd and ttm: the fiscal year to date and the trailing twelve months at
//     the quarter's last month;
//   - status: StatusOf on the rolled-up actual and target; streak counts
//     consecutive quarters with that status; trend is against the prior
//     quarter.

// quarterIndex numbers quarters consecutively, as Period.Index numbers
// months.
func (q Quarter) index() int { return q.FY*4 + q.Q - 1 }

// IsQuarter reports whether f is a quarter's figure.
func (f Figure) IsQuarter() bool { return f.Quarter != Quarter{} }

// PeriodName is the period as figures.csv writes it: "2026-10" or "2027-Q3".
func (f Figure) PeriodName() string {
	if f.IsQuarter() {
		return f.Quarter.String()
	}
	return f.Period.String()
}

// quarterRun is one KPI's quarter roll-ups from its first quarter with data
// to its last, so neighbours are found by index.
type quarterRun struct {
	k      *KPI
	store  *Store
	months []Figure // the KPI's month figures
	first  Quarter
	start  int
	actual []Opt
	status []Status
	target []Opt
	has    []bool // the quarter has a point in one of its months
}

// computeQuarters derives k's figure for every quarter from the one of its
// first point to the one of its last that has any value in its months.
func computeQuarters(s *Store, k *KPI, months []Figure, start int) []Figure {
	run := newQuarterRun(s, k, months, start)
	out := make([]Figure, 0, len(run.actual))
	streak := 0
	for i := range run.actual {
		switch {
		case run.status[i] == StatusNone:
			streak = 0
		case i > 0 && run.status[i-1] == run.status[i]:
			streak++
		default:
			streak = 1
		}
		if run.has[i] {
			f := run.figure(i)
			f.Streak = streak
			out = append(out, f)
		}
	}
	return out
}

func newQuarterRun(s *Store, k *KPI, months []Figure, start int) *quarterRun {
	first := QuarterOf(months[0].Period, start)
	last := QuarterOf(months[len(months)-1].Period, start)
	n := last.index() - first.index() + 1
	run := &quarterRun{k: k, store: s, months: months, first: first, start: start,
		actual: make([]Opt, n), status: make([]Status, n), target: make([]Opt, n), has: make([]bool, n)}
	for _, f := range months {
		run.has[QuarterOf(f.Period, start).index()-first.index()] = true
	}
	for i := range n {
		first := first.Add(i).First(start)
		run.actual[i] = run.rollup(SeriesActual, first)
		run.target[i] = run.rollup(SeriesTarget, first)
		run.status[i] = StatusOf(k, quarterJudged(k, run.actual[i]), run.target[i])
	}
	return run
}

// quarterActual rolls the quarter's actuals up; a records KPI's quarter is
// the qtd at its last month, computed from the quarter's records.
func quarterActual(k *KPI, months []Figure, first Period) Opt {
	if m, ok := findMonth(months, first.Add(2)); ok && m.fromRecords {
		return m.QTD
	}
	if len(months) > 0 && months[0].fromRecords {
		return None // the quarter's last month is outside the records
	}
	return rollupMonths(k, months, first, pickActual, None)
}

// quarterJudged is the value a quarter's status judges. Thresholds are
// written for a month (incidents "<= 4"), so a summed quarter is judged by
// its monthly average; every other case judges the roll-up itself.
func quarterJudged(k *KPI, actual Opt) Opt {
	if k.Green != nil && k.Aggregate == Sum && actual.OK {
		return Some(actual.V / 3)
	}
	return actual
}

// rollup is one series of the quarter starting at month first: a formula
// KPI's from the store (its formula over its components' roll-ups), any
// other's from its month figures.
func (run *quarterRun) rollup(series string, first Period) Opt {
	if run.k.Formula != nil {
		return run.store.Rollup(run.k.ID, series, []Period{first, first.Add(1), first.Add(2)})
	}
	switch series {
	case SeriesActual:
		return quarterActual(run.k, run.months, first)
	case SeriesTarget:
		return rollupMonths(run.k, run.months, first, pickTarget, run.k.Target)
	case SeriesBudget:
		return rollupMonths(run.k, run.months, first, pickBudget, None)
	}
	return rollupMonths(run.k, run.months, first, pickForecast, None)
}

func pickActual(f Figure) Opt   { return f.Actual }
func pickTarget(f Figure) Opt   { return f.Target }
func pickBudget(f Figure) Opt   { return f.Budget }
func pickForecast(f Figure) Opt { return f.Forecast }

// rollupMonths aggregates one series over the three months from first, as
// Store.Rollup does, but from the month figures already derived (whose
// Target is the data's, else the catalog's constant), without lookups by
// id. A month with no figure gives absent, the value Store.Rollup would
// find there: the catalog's constant for the target, else none.
func rollupMonths(k *KPI, months []Figure, first Period, pick func(Figure) Opt, absent Opt) Opt {
	var acc accumulator
	for m := range 3 {
		v := absent
		if f, ok := findMonth(months, first.Add(m)); ok {
			v = pick(f)
		}
		if !v.OK {
			return None
		}
		acc.add(v.V)
	}
	return acc.result(k.Aggregate)
}

// at is quarter i's actual, None outside the run.
func (run *quarterRun) at(i int) Opt {
	if i < 0 || i >= len(run.actual) {
		return None
	}
	return run.actual[i]
}

// figure is quarter i's figure; the year to date and trailing twelve
// months are those of the month figure at the quarter's end.
func (run *quarterRun) figure(i int) Figure {
	q := run.first.Add(i)
	first := q.First(run.start)
	a, t := run.actual[i], run.target[i]
	f := Figure{KPI: run.k, Period: first.Add(2), Quarter: q, Actual: a, Target: t,
		Budget: run.rollup(SeriesBudget, first), Forecast: run.rollup(SeriesForecast, first),
		QTD: a, Status: run.status[i]}
	f.VsTarget, f.VsTargetPct = diff(a, t), pctChange(a, t)
	f.VsBudget, f.VsBudgetPct = diff(a, f.Budget), pctChange(a, f.Budget)
	f.VsForecast, f.VsForecastPct = diff(a, f.Forecast), pctChange(a, f.Forecast)
	f.MoM, f.MoMPct = diff(a, run.at(i-1)), pctChange(a, run.at(i-1))
	f.YoY, f.YoYPct = diff(a, run.at(i-4)), pctChange(a, run.at(i-4))
	f.Trend = trend(run.k.Direction, f.MoM)
	if m, ok := findMonth(run.months, f.Period); ok {
		f.YTD, f.TTM = m.YTD, m.TTM
	}
	return f
}

// findMonth is the figure of month p in a KPI's month figures.
func findMonth(s []Figure, p Period) (Figure, bool) {
	i := sort.Search(len(s), func(i int) bool { return s[i].Period.Index() >= p.Index() })
	if i < len(s) && s[i].Period == p {
		return s[i], true
	}
	return Figure{}, false
}

// GetQuarter is one KPI's figure for quarter q.
func (f *Figures) GetQuarter(id string, q Quarter) (Figure, bool) {
	s := f.quarters[id]
	i := sort.Search(len(s), func(i int) bool { return s[i].Quarter.index() >= q.index() })
	if i < len(s) && s[i].Quarter == q {
		return s[i], true
	}
	return Figure{}, false
}

// Quarters is one KPI's quarter figures, oldest first. The slice is
// shared: do not modify it.
func (f *Figures) Quarters(id string) []Figure { return f.quarters[id] }

// Table is the rows of figures.csv: by KPI id, each KPI's months in order,
// and each quarter that keep accepts placed right after the row of its last
// month (where that month has no row, where it would be). So a reader
// scanning one KPI meets Aug, Sep, Oct 2026, then 2027-Q3.
func (f *Figures) Table(keep func(Quarter) bool) []Figure {
	n := 0
	for _, id := range f.ids {
		n += len(f.byKPI[id]) + len(f.quarters[id])
	}
	out := make([]Figure, 0, n) // at most n: 60,000 figures grow by doubling otherwise
	for _, id := range f.ids {
		months, qs := f.byKPI[id], f.quarters[id]
		j := 0
		for _, q := range qs {
			if !keep(q.Quarter) {
				continue
			}
			for j < len(months) && months[j].Period.Index() <= q.Period.Index() {
				out = append(out, months[j])
				j++
			}
			out = append(out, q)
		}
		out = append(out, months[j:]...)
	}
	return out
}
