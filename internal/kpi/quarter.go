package kpi

import (
	"strconv"
	"strings"
)

// Quarter is a fiscal quarter, named as SPEC 4 names it: "2027-Q1" is the
// first quarter of the fiscal year ending in 2027.
type Quarter struct{ FY, Q int }

func (q Quarter) String() string { return strconv.Itoa(q.FY) + "-Q" + strconv.Itoa(q.Q) }

// ParseQuarter reads "2026-Q3" (any case; "2026Q3" too).
func ParseQuarter(s string) (Quarter, bool) {
	s = strings.ToUpper(strings.TrimSpace(s))
	year, q, ok := strings.Cut(s, "Q")
	year = strings.TrimSuffix(year, "-")
	if !ok || len(year) != 4 || !allDigits(year) || len(q) != 1 || q[0] < '1' || q[0] > '4' {
		return Quarter{}, false
	}
	fy, _ := strconv.Atoi(year)
	if fy < 1000 {
		return Quarter{}, false
	}
	return Quarter{FY: fy, Q: int(q[0] - '0')}, true
}

// QuarterOf is the fiscal quarter containing p.
func QuarterOf(p Period, start int) Quarter {
	fy, q := FiscalQuarter(p, start)
	return Quarter{FY: fy, Q: q}
}

// First is the quarter's first month: with start 4, 2027-Q1 begins in
// April 2026.
func (q Quarter) First(start int) Period {
	start = normStart(start)
	first := Period{Year: q.FY, Month: start}
	if start != 1 {
		first.Year-- // a fiscal year is named by the year it ends in
	}
	return first.Add(3 * (q.Q - 1))
}

// Months are the quarter's three months, in order.
func (q Quarter) Months(start int) []Period {
	f := q.First(start)
	return []Period{f, f.Add(1), f.Add(2)}
}

// Add moves q by quarters.
func (q Quarter) Add(n int) Quarter {
	i := q.FY*4 + q.Q - 1 + n
	fy := i / 4
	return Quarter{FY: fy, Q: i - fy*4 + 1}
}

// Rollup aggregates one series of a KPI over months by the KPI's aggregate
// (SPEC 4: a quarter's figure), None when any month has no value or the
// KPI is unknown. series is actual, target, budget or forecast; the target
// falls back to the catalog's constant month by month.
//
// A formula KPI's actual is its formula over its components' roll-ups of
// the same months (SPEC 3a), so a margin's quarter is the quarter's profit
// over the quarter's revenue, not a mean of three margins. Its target,
// budget and forecast are its own, rolled up by its aggregate, when it has
// them for every month (from the data, or the catalog's constant target),
// else the formula over its components' roll-ups of that series.
func (s *Store) Rollup(id, series string, months []Period) Opt {
	k := s.Catalog.Get(id)
	if k == nil {
		return None
	}
	if k.Formula == nil {
		if series == SeriesActual {
			if v, ok := s.recordsRollup(k, months); ok {
				return v
			}
		}
		return s.aggregate(k, series, months)
	}
	if series != SeriesActual {
		if v := s.aggregate(k, series, months); v.OK {
			return v
		}
	}
	return k.Formula.Eval(func(c string) Opt { return s.Rollup(c, series, months) })
}

// aggregate rolls up k's own values of one series.
func (s *Store) aggregate(k *KPI, series string, months []Period) Opt {
	var acc accumulator
	for _, p := range months {
		v := s.value(k, series, p)
		if !v.OK {
			return None
		}
		acc.add(v.V)
	}
	return acc.result(k.Aggregate)
}

// value is one series' value for one month: the Point's, and for the
// target the catalog's constant when the data has none. A value a formula
// computed is not the KPI's own and is left out.
func (s *Store) value(k *KPI, series string, p Period) Opt {
	pt, _ := s.Point(k.ID, p)
	switch series {
	case SeriesActual:
		if k.Formula != nil {
			return None
		}
		return pt.Actual
	case SeriesTarget:
		if pt.Target.OK && pt.computed&computedTarget == 0 {
			return pt.Target
		}
		return k.Target
	case SeriesBudget:
		if pt.computed&computedBudget != 0 {
			return None
		}
		return pt.Budget
	case SeriesForecast:
		if pt.computed&computedForecast != 0 {
			return None
		}
		return pt.Forecast
	}
	return None
}

// Point is a KPI's point for month p, if it has one.
func (s *Store) Point(id string, p Period) (Point, bool) {
	ps := s.points[id]
	lo, hi := 0, len(ps)
	for lo < hi {
		mid := (lo + hi) / 2
		if ps[mid].Period.Index() < p.Index() {
			lo = mid + 1
		} else {
			hi = mid
		}
	}
	if lo < len(ps) && ps[lo].Period == p {
		return ps[lo], true
	}
	return Point{}, false
}
