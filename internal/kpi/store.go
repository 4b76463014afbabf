package kpi

import (
	"cmp"
	"slices"

	"github.com/opsreport/opsreport/internal/diag"
)

// Point is one KPI's values for one month.
type Point struct {
	Period                           Period
	Actual, Target, Budget, Forecast Opt
	Comment                          string
	Span                             *Span // a records KPI's roll-ups; nil for others
	computed                         uint8 // the series a formula gave (computedTarget, ...), not the data
}

// The series of a formula KPI's point that its formula computed.
const (
	computedTarget uint8 = 1 << iota
	computedBudget
	computedForecast
)

// Store is every value, risk and action, checked and indexed.
type Store struct {
	Catalog *Catalog
	Risks   []Risk   // in file order
	Actions []Action // in file order
	points  map[string][]Point
	months  []Period
}

// NewStore builds a store directly from points, for tests, benchmarks and
// generated data; points need not be sorted.
func NewStore(c *Catalog, points map[string][]Point) *Store {
	s := &Store{Catalog: c, points: map[string][]Point{}}
	seen := map[Period]bool{}
	for id, ps := range points {
		ps = slices.Clone(ps)
		slices.SortFunc(ps, func(a, b Point) int { return byPeriod(a.Period, b.Period) })
		s.points[id] = ps
		for _, p := range ps {
			seen[p.Period] = true
		}
	}
	s.setMonths(seen)
	s.applyFormulas()
	return s
}

func (s *Store) setMonths(seen map[Period]bool) {
	s.months = s.months[:0]
	for p := range seen {
		s.months = append(s.months, p)
	}
	slices.SortFunc(s.months, byPeriod)
}

// Store finishes loading: it orders everything read by where it was read
// (so the result does not depend on the order sheets were added), reports
// every value, risk or action given twice, naming both places, keeps the
// first, and indexes the rest.
func (l *Loader) Store() *Store {
	l.mu.Lock()
	defer l.mu.Unlock()
	slices.SortStableFunc(l.values, func(a, b entry) int { return comparePlace(a.at, b.at) })
	s := &Store{Catalog: l.cat, points: map[string][]Point{}}
	s.index(l.formulaActuals(l.uniqueValues()))
	s.attachSpans(l.spans)
	s.applyFormulas()
	l.warnIgnored(l.usedFiles())
	s.Risks = uniqueByID(l.risks, "risk", func(r Risk) (string, diag.Pos) { return r.ID, r.Pos }, l.d)
	s.Actions = uniqueByID(l.actions, "action", func(a Action) (string, diag.Pos) { return a.ID, a.Pos }, l.d)
	return s
}

// valueKey identifies one value: KPI, month and series.
type valueKey struct {
	id     string
	period Period
	series string
}

// uniqueValues drops (and reports) every value whose KPI, month and series
// were already given.
func (l *Loader) uniqueValues() []entry {
	first := make(map[valueKey]diag.Pos, len(l.values))
	out := make([]entry, 0, len(l.values))
	for _, e := range l.values {
		key := valueKey{e.kpi.ID, e.period, e.series}
		if prev, dup := first[key]; dup {
			l.d.Errorf(e.at.pos, "%s given twice for kpi %s, %s (first at %s)", e.series, e.kpi.ID, e.period, prev)
			continue
		}
		first[key] = e.at.pos
		out = append(out, e)
	}
	return out
}

// index groups values into points sorted by month.
func (s *Store) index(values []entry) {
	byKPI := map[string]map[Period]*Point{}
	seen := map[Period]bool{}
	for _, e := range values {
		m := byKPI[e.kpi.ID]
		if m == nil {
			m = map[Period]*Point{}
			byKPI[e.kpi.ID] = m
		}
		pt := m[e.period]
		if pt == nil {
			pt = &Point{Period: e.period}
			m[e.period] = pt
		}
		pt.set(e)
		seen[e.period] = true
	}
	for id, m := range byKPI {
		ps := make([]Point, 0, len(m))
		for _, pt := range m {
			ps = append(ps, *pt)
		}
		sortPoints(ps)
		s.points[id] = ps
	}
	s.setMonths(seen)
}

func sortPoints(ps []Point) {
	slices.SortFunc(ps, func(a, b Point) int { return byPeriod(a.Period, b.Period) })
}

func (pt *Point) set(e entry) {
	switch e.series {
	case SeriesActual:
		pt.Actual = Some(e.v)
	case SeriesTarget:
		pt.Target = Some(e.v)
	case SeriesBudget:
		pt.Budget = Some(e.v)
	case SeriesForecast:
		pt.Forecast = Some(e.v)
	case seriesComment:
		pt.Comment = e.text
	}
}

// uniqueByID orders register rows by position and reports a repeated id.
func uniqueByID[T any](rows []T, what string, key func(T) (string, diag.Pos), d *diag.List) []T {
	rows = slices.Clone(rows)
	slices.SortStableFunc(rows, func(a, b T) int {
		_, pa := key(a)
		_, pb := key(b)
		return diag.Compare(pa, pb)
	})
	first := map[string]diag.Pos{}
	out := rows[:0]
	for _, r := range rows {
		id, pos := key(r)
		if prev, dup := first[id]; dup {
			d.Errorf(pos, "duplicate %s id %q (first at %s)", what, id, prev)
			continue
		}
		first[id] = pos
		out = append(out, r)
	}
	return out
}

// Points are a KPI's months that have any value, oldest first. The slice
// is shared: do not modify it.
func (s *Store) Points(id string) []Point { return s.points[id] }

// Months is every month with any value for any KPI, oldest first.
func (s *Store) Months() []Period { return s.months }

// Latest is the newest month with any value, or the zero Period.
func (s *Store) Latest() Period {
	if len(s.months) == 0 {
		return Period{}
	}
	return s.months[len(s.months)-1]
}

// byPeriod orders periods oldest first.
func byPeriod(a, b Period) int { return cmp.Compare(a.Index(), b.Index()) }

// usedFiles are the files that gave a value, a comment or a register.
func (l *Loader) usedFiles() map[string]bool {
	used := map[string]bool{}
	for f := range l.read {
		used[f] = true
	}
	for _, e := range l.values {
		used[e.at.file] = true
	}
	return used
}

// WarnNoValue reports each catalog KPI that no file gave any value, at its
// catalog record: a KPI whose data was misnamed or forgotten. A build calls
// it once every value is in.
func (s *Store) WarnNoValue(d *diag.List) {
	for _, k := range s.Catalog.KPIs {
		if len(s.points[k.ID]) == 0 {
			d.Warnf(k.Pos, "kpi %s has no value in any data file", k.ID)
		}
	}
}
