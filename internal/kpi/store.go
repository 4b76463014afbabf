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
	s := &Store{Catalog: l.cat, points: map[string][]Point{}}
	values := l.inOrder()
	months := newMonthAxes(values)
	s.index(l.formulaActuals(l.uniqueValues(values, months)), months)
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

// inOrder joins the values read, each sheet's already in cell order, into
// one slice ordered by place: batches are put in the order of their first
// cells, and only when that leaves cells out of order (a source's values
// interleaving another's) are the values sorted, stably, as one.
func (l *Loader) inOrder() []entry {
	slices.SortStableFunc(l.values, func(a, b []entry) int { return comparePlace(a[0].at, b[0].at) })
	n := 0
	for _, b := range l.values {
		n += len(b)
	}
	all := make([]entry, 0, n)
	for _, b := range l.values {
		all = append(all, b...)
	}
	byPlace := func(a, b entry) int { return comparePlace(a.at, b.at) }
	if !slices.IsSortedFunc(all, byPlace) {
		slices.SortStableFunc(all, byPlace)
	}
	return all
}

// uniqueValues drops (and reports) every value whose KPI, month and series
// were already given. Most data folders give none twice, which months
// (each KPI's months on a dense axis) tells without a map of every value;
// only then, or for a KPI whose months are too far apart to lay out, is
// every value's first place looked up.
func (l *Loader) uniqueValues(values []entry, months monthAxes) []entry {
	seen := months.marks()
	for _, e := range values {
		bit, marks := seriesBit(e.series), seen[e.kpi]
		if bit == 0 || marks == nil {
			return l.uniqueValuesSlow(values)
		}
		m := &marks[e.period.Index()-months[e.kpi].first]
		if *m&bit != 0 {
			return l.uniqueValuesSlow(values)
		}
		*m |= bit
	}
	return values
}

// uniqueValuesSlow is uniqueValues for values some of which were given
// twice: each is reported with the place of the first.
func (l *Loader) uniqueValuesSlow(values []entry) []entry {
	first := make(map[valueKey]place, len(values))
	out := values[:0]
	for _, e := range values {
		key := valueKey{e.kpi.ID, e.period, e.series}
		if prev, dup := first[key]; dup {
			l.d.Errorf(e.at.pos(), "%s given twice for kpi %s, %s (first at %s)", e.series, e.kpi.ID, e.period, prev.pos())
			continue
		}
		first[key] = e.at
		out = append(out, e)
	}
	return out
}

// seriesBit is a series' bit in a month's mark; 0 for none of the five.
func seriesBit(series string) uint8 {
	switch series {
	case SeriesActual:
		return 1
	case SeriesTarget:
		return 2
	case SeriesBudget:
		return 4
	case SeriesForecast:
		return 8
	case seriesComment:
		return 16
	}
	return 0
}

// monthAxes are the months each KPI's values span, as Period.Index, for
// the KPIs whose months can be laid out densely, first to last: those whose
// span is at most twice their values and two years more. A KPI with a
// stray year (a typo, a date read in the wrong system) is left out, and
// its values are grouped by map instead.
type monthAxes map[*KPI]axis

type axis struct{ first, last, n int }

func newMonthAxes(values []entry) monthAxes {
	ax := monthAxes{}
	for _, e := range values {
		i := e.period.Index()
		r, ok := ax[e.kpi]
		if !ok {
			r = axis{first: i, last: i}
		}
		r.first, r.last, r.n = min(r.first, i), max(r.last, i), r.n+1
		ax[e.kpi] = r
	}
	for k, r := range ax {
		if r.last-r.first+1 > 2*r.n+24 {
			delete(ax, k)
		}
	}
	return ax
}

// marks are a zero mark for every month of every KPI's axis.
func (ax monthAxes) marks() map[*KPI][]uint8 {
	out := make(map[*KPI][]uint8, len(ax))
	for k, r := range ax {
		out[k] = make([]uint8, r.last-r.first+1)
	}
	return out
}

// index groups values into points sorted by month: on each KPI's axis of
// months, or by map for a KPI that has none (monthAxes).
func (s *Store) index(values []entry, months monthAxes) {
	dense := make(map[*KPI][]Point, len(months))
	for k, r := range months {
		dense[k] = make([]Point, r.last-r.first+1)
	}
	sparse := map[*KPI]map[Period]*Point{}
	for _, e := range values {
		var pt *Point
		if pts, ok := dense[e.kpi]; ok {
			pt = &pts[e.period.Index()-months[e.kpi].first]
		} else {
			m := sparse[e.kpi]
			if m == nil {
				m = map[Period]*Point{}
				sparse[e.kpi] = m
			}
			if pt = m[e.period]; pt == nil {
				pt = &Point{}
				m[e.period] = pt
			}
		}
		pt.Period = e.period
		pt.set(e)
	}
	seen := map[Period]bool{}
	for k, pts := range dense {
		ps := pts[:0]
		for _, pt := range pts {
			if !pt.Period.IsZero() {
				ps = append(ps, pt)
				seen[pt.Period] = true
			}
		}
		if len(ps) > 0 {
			s.points[k.ID] = ps
		}
	}
	for k, m := range sparse {
		ps := make([]Point, 0, len(m))
		for _, pt := range m {
			ps = append(ps, *pt)
			seen[pt.Period] = true
		}
		sortPoints(ps)
		s.points[k.ID] = ps
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
	for _, b := range l.values {
		for _, e := range b {
			used[e.at.file] = true
		}
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
