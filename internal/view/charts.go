package view

import (
	"cmp"
	"html/template"
	"math"
	"slices"

	"github.com/opsreport/opsreport/internal/chart"
	"github.com/opsreport/opsreport/internal/kpi"
)

// tileArgs is what the tile template gets.
type tileArgs struct {
	Root string
	V    FigureView
}

// shortLabel is an axis label: "Oct 25".
func shortLabel(p kpi.Period) string {
	l := p.Label() // "Oct 2026"
	if len(l) > 4 {
		return l[:len(l)-4] + l[len(l)-2:]
	}
	return l
}

// chartFormat tells the chart how to show k's numbers.
func (r *renderer) chartFormat(k *kpi.KPI) chart.Format {
	f := chart.Format{Decimals: k.Decimals, Locale: r.data.Locale}
	if k.Compacts() {
		f.Compact = cmp.Or(k.Display, kpi.DisplayAuto)
	}
	switch k.Unit {
	case kpi.UnitPercent:
		f.Suffix = "%"
	case kpi.UnitCurrency:
		f.Prefix = currencySymbol(r.data.Currency)
	case kpi.UnitDays:
		f.Suffix = " d"
	case kpi.UnitHours:
		f.Suffix = " h"
	case kpi.UnitMinutes:
		f.Suffix = " min"
	case kpi.UnitMonths:
		f.Suffix = " mo"
	case kpi.UnitMultiple:
		f.Suffix = "×"
	case kpi.UnitBasisPts:
		f.Suffix = " bp"
	}
	return f
}

func currencySymbol(code string) string {
	switch code {
	case "USD":
		return "$"
	case "EUR":
		return "€"
	case "GBP":
		return "£"
	case "JPY":
		return "¥"
	}
	return code + " "
}

// chartSpec is the chart shortcode's chart of one KPI: months ending at p,
// actual against the compare series.
func (c *pageCtx) chartSpec(k *kpi.KPI, p kpi.Period, months int, typ string, compare []string, title string) chart.Spec {
	r := c.r
	ms := window(p, months)
	if title == "" {
		title = k.Name
	}
	spec := chart.Spec{ID: c.nextChartID(k.ID), Title: title, Type: typ, Format: r.chartFormat(k), Height: 260}
	for _, m := range ms {
		spec.Labels = append(spec.Labels, shortLabel(m))
	}
	actual := chart.Series{Name: "Actual", Values: r.values(k, ms, func(f *kpi.Figure) kpi.Opt { return f.Actual }), Kind: typ}
	spec.Series = append(spec.Series, actual)
	for _, name := range compare {
		var ser chart.Series
		switch name {
		case "target":
			ser = chart.Series{Name: "Target", Values: r.values(k, ms, func(f *kpi.Figure) kpi.Opt { return f.Target }), Dashed: true, Compare: chart.CompareTarget, Kind: "line"}
		case "budget":
			ser = chart.Series{Name: "Budget", Values: r.values(k, ms, func(f *kpi.Figure) kpi.Opt { return f.Budget }), Dashed: true, Compare: chart.CompareBudget, Kind: "line"}
		case "prior_year":
			prior := make([]kpi.Period, len(ms))
			for i, m := range ms {
				prior[i] = m.Add(-12)
			}
			ser = chart.Series{Name: "Prior year", Values: r.values(k, prior, func(f *kpi.Figure) kpi.Opt { return f.Actual }), Dashed: true, Compare: chart.ComparePriorYear, Kind: "line"}
		}
		if slices.ContainsFunc(ser.Values, func(v float64) bool { return !math.IsNaN(v) }) {
			spec.Series = append(spec.Series, ser)
		}
	}
	spec.Table = c.table(k, spec)
	spec.Rules = r.thresholdRules(k)
	return spec
}

// thresholdRules are k's green and amber thresholds as lines across its
// charts: "Green ≥ 99.90%".
func (r *renderer) thresholdRules(k *kpi.KPI) []chart.Rule {
	var out []chart.Rule
	for _, t := range []struct {
		level, word string
		th          *kpi.Threshold
	}{{"green", "Green", k.Green}, {"amber", "Amber", k.Amber}} {
		if t.th == nil {
			continue
		}
		op := map[string]string{">=": "≥", "<=": "≤"}[t.th.Op]
		if op == "" {
			op = t.th.Op
		}
		name := t.word + " " + op + " " + r.data.fmtValue(k, kpi.Opt{V: t.th.Value, OK: true})
		out = append(out, chart.Rule{Name: name, Value: t.th.Value, Level: t.level})
	}
	return out
}

// table is the chart's numbers as text, for readers without script and
// for print.
func (c *pageCtx) table(k *kpi.KPI, spec chart.Spec) [][]string {
	rows := make([][]string, len(spec.Labels))
	for i := range spec.Labels {
		for _, ser := range spec.Series {
			v := kpi.Opt{V: ser.Values[i], OK: !math.IsNaN(ser.Values[i])}
			rows[i] = append(rows[i], c.r.data.fmtValue(k, v))
		}
	}
	return rows
}

// chartFull is a KPI page's chart: its whole history against target and
// budget.
func (c *pageCtx) chartFull(k *kpi.KPI, last kpi.Period, months int) (template.HTML, error) {
	spec := c.chartSpec(k, last, months, "line", []string{"target", "budget"}, k.Name+" by month")
	spec.Height = 320
	return chart.Render(spec)
}
