package kpi

import (
	"math"

	"github.com/opsreport/opsreport/internal/diag"
)

// CheckFinite reports every KPI with a figure that overflowed: values near
// the float range (1e308) add up to an infinity, and an infinity less
// another is NaN, which figures.csv would print as +Inf or NaN. One error per
// KPI, at its catalog record, names the first period and figure.
func (f *Figures) CheckFinite(d *diag.List) {
	if f == nil {
		return
	}
	for _, id := range f.ids {
		var at *Figure
		var bad namedOpt
		n := 0
		for _, s := range [][]Figure{f.byKPI[id], f.quarters[id]} {
			for i := range s {
				if s[i].finite() {
					continue // most are: numbers() is made only for the others
				}
				for _, o := range s[i].numbers() {
					if o.OK && (math.IsInf(o.V, 0) || math.IsNaN(o.V)) {
						if n++; at == nil {
							at, bad = &s[i], o
						}
					}
				}
			}
		}
		if at == nil {
			continue
		}
		more := ""
		if n > 1 {
			more = " (and " + diag.Plural(n-1, "more figure") + ")"
		}
		d.Errorf(at.KPI.Pos, "kpi %s, %s: %s overflows to %v%s: its values are too large to compute with",
			id, at.label(), bad.name, bad.V, more)
	}
}

type namedOpt struct {
	name string
	Opt
}

// finite reports whether every number of the figure (numbers) is finite
// or absent.
func (f *Figure) finite() bool {
	for _, o := range [...]Opt{f.Actual, f.Target, f.Budget, f.Forecast, f.VsTarget, f.VsTargetPct, f.VsBudget, f.VsBudgetPct,
		f.VsForecast, f.VsForecastPct, f.MoM, f.MoMPct, f.YoY, f.YoYPct, f.QTD, f.YTD, f.TTM} {
		if o.OK && (math.IsInf(o.V, 0) || math.IsNaN(o.V)) {
			return false
		}
	}
	return true
}

// numbers are the figure's numbers under their figures.csv names.
func (f *Figure) numbers() []namedOpt {
	return []namedOpt{{"actual", f.Actual}, {"target", f.Target}, {"budget", f.Budget}, {"forecast", f.Forecast},
		{"vs_target", f.VsTarget}, {"vs_target_pct", f.VsTargetPct}, {"vs_budget", f.VsBudget}, {"vs_budget_pct", f.VsBudgetPct},
		{"vs_forecast", f.VsForecast}, {"vs_forecast_pct", f.VsForecastPct}, {"mom", f.MoM}, {"mom_pct", f.MoMPct},
		{"yoy", f.YoY}, {"yoy_pct", f.YoYPct}, {"qtd", f.QTD}, {"ytd", f.YTD}, {"ttm", f.TTM}}
}

// label is the figure's period as figures.csv writes it.
func (f *Figure) label() string {
	if f.IsQuarter() {
		return f.Quarter.String()
	}
	return f.Period.String()
}
