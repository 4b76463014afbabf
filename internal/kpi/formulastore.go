package kpi

import (
	"github.com/opsreport/opsreport/internal/diag"
)

// formulaActuals drops (and reports) the actuals given as data for a
// formula KPI: its actual is what its formula computes (SPEC 3a). A
// column of them is one mistake, so each sheet's first such cell is
// reported, with how many more there are. Targets, budgets, forecasts and
// comments for a formula KPI are data like any other KPI's.
func (l *Loader) formulaActuals(values []entry) []entry {
	var found []*formulaActual
	bySheet := map[formulaActual]*formulaActual{} // keyed with first and more zero
	out := values[:0]
	for _, e := range values {
		if e.kpi.Formula == nil || e.series != SeriesActual {
			out = append(out, e)
			continue
		}
		key := formulaActual{kpi: e.kpi, file: e.at.file, sheet: e.at.sheet}
		if f := bySheet[key]; f != nil {
			f.more++
			continue
		}
		f := key
		f.first = e.at.pos()
		bySheet[key] = &f
		found = append(found, &f)
	}
	for _, f := range found {
		f.report(l.d)
	}
	return out
}

// formulaActual is the actuals one sheet gave for one formula KPI.
type formulaActual struct {
	kpi         *KPI
	file, sheet string
	first       diag.Pos
	more        int
}

func (f *formulaActual) report(d *diag.List) {
	more := ""
	if f.more > 0 {
		more = " (and " + diag.Plural(f.more, "more cell") + " in this sheet)"
	}
	k := f.kpi
	d.Errorf(f.first, "actual given for kpi %s, which is computed by its formula %s (%s): give the values of %s, or remove the formula%s",
		k.ID, k.Formula.Text, k.Formula.Pos, joinIDs(k.Formula.Refs()), more)
}

// joinIDs is "a", "a and b", "a, b and c".
func joinIDs(ids []string) string {
	switch len(ids) {
	case 0:
		return "its components"
	case 1:
		return ids[0]
	}
	out := ids[0]
	for _, id := range ids[1 : len(ids)-1] {
		out += ", " + id
	}
	return out + " and " + ids[len(ids)-1]
}

// applyFormulas computes every formula KPI's points, for every month of
// the store: its actual from its components' actuals, and its target,
// budget and forecast where the data (or, for the target, the catalog)
// gives none, from its components' own. A month where it has no value at
// all has no point. Formulas are evaluated from the data alone (Rollup
// recurses through formula components), so the order of KPIs does not
// matter; the points are added once all are computed.
func (s *Store) applyFormulas() {
	added := map[string][]Point{}
	for _, k := range s.Catalog.KPIs {
		if k.Formula != nil {
			added[k.ID] = s.formulaPoints(k)
		}
	}
	for id, ps := range added {
		if len(ps) == 0 {
			delete(s.points, id)
			continue
		}
		s.points[id] = ps
	}
}

func (s *Store) formulaPoints(k *KPI) []Point {
	var out []Point
	for _, p := range s.months {
		pt, _ := s.Point(k.ID, p)
		pt.Period = p
		one := []Period{p}
		pt.Actual = s.Rollup(k.ID, SeriesActual, one)
		if !pt.Target.OK && !k.Target.OK {
			pt.Target = s.computed(k, SeriesTarget, one, &pt, computedTarget)
		}
		if !pt.Budget.OK {
			pt.Budget = s.computed(k, SeriesBudget, one, &pt, computedBudget)
		}
		if !pt.Forecast.OK {
			pt.Forecast = s.computed(k, SeriesForecast, one, &pt, computedForecast)
		}
		if pt.Actual.OK || pt.Target.OK || pt.Budget.OK || pt.Forecast.OK || pt.Comment != "" {
			out = append(out, pt)
		}
	}
	return out
}

// computed is the formula's value of one series, marking it as computed.
func (s *Store) computed(k *KPI, series string, months []Period, pt *Point, bit uint8) Opt {
	v := k.Formula.Eval(func(id string) Opt { return s.Rollup(id, series, months) })
	if v.OK {
		pt.computed |= bit
	}
	return v
}
