package view

import (
	"html/template"
	"math"
	"slices"
	"sort"

	"github.com/opsreport/opsreport/internal/chart"
	"github.com/opsreport/opsreport/internal/kpi"
)

// dash stands for an undefined figure in tables.
const dash = "–"

// FigureView is one KPI's figures for one period, formatted for a page.
type FigureView struct {
	KPI                              *kpi.KPI
	URL                              string // from the site root: "kpis/arr/"
	Period                           string // "2026-10"
	Label                            string // "Oct 2026"
	Actual, Target, Budget, Forecast string
	VsTarget, VsTargetPct            string
	VsBudget, VsBudgetPct            string
	MoM, MoMPct, YoY, YoYPct         string
	QTD, YTD, TTM                    string
	VsTargetClass, VsBudgetClass     string // "good", "bad" or ""
	MoMClass, YoYClass               string
	Status                           kpi.Status
	Streak                           int
	Trend                            int
	Spark                            template.HTML
	Comment                          string
	// HasActual, HasTarget and HasMoM say whether the figure has an
	// actual, a target and a change on the prior period; a template tests
	// them rather than the dash an absent value shows as.
	HasActual, HasTarget, HasMoM bool
	Quarterly                    bool // a quarter's figures: MoM is on the prior quarter
	// Short are the same figures in their compact form ("$5.35M"), for
	// scorecards and tiles (see shorten); empty until shortened, and the
	// exact text where the KPI is never shortened.
	Short ShortFigures
	raw   rawFigures
}

// ShortFigures are a FigureView's compact forms.
type ShortFigures struct{ Actual, Target, VsTarget, VsBudget, MoM, YoY string }

// rawFigures are the numbers behind a FigureView's compact forms.
type rawFigures struct{ actual, target, vsTarget, vsBudget, mom, yoy kpi.Opt }

// shorten fills v.Short, once: compact where the KPI compacts, else the
// exact text.
func (d *Data) shorten(v *FigureView) {
	if v.Short.Actual != "" {
		return
	}
	if v.KPI == nil || !v.KPI.Compacts() || !v.HasActual && !v.raw.target.OK {
		v.Short = ShortFigures{v.Actual, v.Target, v.VsTarget, v.VsBudget, v.MoM, v.YoY}
		return
	}
	k, raw := v.KPI, v.raw
	v.Short = ShortFigures{Actual: d.fmtShort(k, raw.actual), Target: d.fmtShort(k, raw.target),
		VsTarget: d.fmtDeltaShort(k, raw.vsTarget), VsBudget: d.fmtDeltaShort(k, raw.vsBudget),
		MoM: d.fmtDeltaShort(k, raw.mom), YoY: d.fmtDeltaShort(k, raw.yoy)}
}

// shortenGroups fills Short of every row.
func (d *Data) shortenGroups(groups []Group) {
	for i := range groups {
		for j := range groups[i].Rows {
			d.shorten(&groups[i].Rows[j])
		}
	}
}

// Group is the KPIs of one function on a scorecard.
type Group struct {
	Function string
	Rows     []FigureView
	Counts   StatusCounts
	// Body is the group as the "scorecard-group" template renders it
	// around rows made in Go (rows.go), made by scorecardHTML once for a
	// review's scorecard and reused by the section scorecards of the same
	// period.
	Body template.HTML
	// AppendixRows and PackAppendixRows are the group's rows of a review
	// page's and of its pack's appendix, made in Go (rows.go); a site's own
	// template may range over Rows instead.
	AppendixRows, PackAppendixRows template.HTML
}

// StatusCounts counts KPIs by status.
type StatusCounts struct{ Green, Amber, Red, None int }

func (c *StatusCounts) add(s kpi.Status) {
	switch s {
	case kpi.Green:
		c.Green++
	case kpi.Amber:
		c.Amber++
	case kpi.Red:
		c.Red++
	default:
		c.None++
	}
}

// Total is the number of KPIs counted.
func (c StatusCounts) Total() int { return c.Green + c.Amber + c.Red + c.None }

// view formats k's figures at p, with a sparkline of the 13 months to p.
func (r *renderer) view(k *kpi.KPI, p kpi.Period) FigureView {
	v := r.figureView(k, p)
	v.Spark = r.spark(k, p)
	return v
}

// figureView formats k's figures at p, without the sparkline, for tables
// that do not show one.
func (r *renderer) figureView(k *kpi.KPI, p kpi.Period) FigureView {
	f, _ := r.figs.Get(k.ID, p)
	return r.formatFigure(k, f, p.String(), p.Label())
}

// formatFigure formats f, k's figure for the period named period and
// label; a zero f (no figure) shows dashes.
func (r *renderer) formatFigure(k *kpi.KPI, f kpi.Figure, period, label string) FigureView {
	v := FigureView{KPI: k, URL: "kpis/" + k.ID + "/index.html", Period: period, Label: label, Status: kpi.StatusNone}
	if f.KPI == nil {
		v.Actual, v.Target, v.Budget, v.Forecast = dash, dash, dash, dash
		v.VsTarget, v.VsTargetPct, v.VsBudget, v.VsBudgetPct = dash, dash, dash, dash
		v.MoM, v.MoMPct, v.YoY, v.YoYPct, v.QTD, v.YTD, v.TTM = dash, dash, dash, dash, dash, dash, dash
		return v
	}
	val := func(o kpi.Opt) string { return r.data.fmtValue(k, o) }
	del := func(o kpi.Opt) string { return r.data.fmtDelta(k, o, false) }
	pct := func(o kpi.Opt) string { return r.data.fmtDelta(k, o, true) }
	v.HasActual, v.HasTarget, v.HasMoM = f.Actual.OK, f.Target.OK, f.MoM.OK
	v.Actual, v.Target, v.Budget, v.Forecast = val(f.Actual), val(f.Target), val(f.Budget), val(f.Forecast)
	v.VsTarget, v.VsTargetPct = del(f.VsTarget), pct(f.VsTargetPct)
	v.VsBudget, v.VsBudgetPct = del(f.VsBudget), pct(f.VsBudgetPct)
	v.MoM, v.MoMPct = del(f.MoM), pct(f.MoMPct)
	v.YoY, v.YoYPct = del(f.YoY), pct(f.YoYPct)
	v.QTD, v.YTD, v.TTM = val(f.QTD), val(f.YTD), val(f.TTM)
	v.VsTargetClass, v.VsBudgetClass = goodness(k, f.VsTarget), goodness(k, f.VsBudget)
	v.MoMClass, v.YoYClass = goodness(k, f.MoM), goodness(k, f.YoY)
	v.Status, v.Streak, v.Trend, v.Comment = f.Status, f.Streak, f.Trend, f.Comment
	v.raw = rawFigures{f.Actual, f.Target, f.VsTarget, f.VsBudget, f.MoM, f.YoY}
	return v
}

func (d *Data) fmtValue(k *kpi.KPI, o kpi.Opt) string {
	if !o.OK {
		return dash
	}
	return k.Format(o.V, d.Locale, d.Currency)
}

// fmtShort is a value as tiles, summaries and prose show it: compact by
// the KPI's display (kpi.KPI.FormatShort).
func (d *Data) fmtShort(k *kpi.KPI, o kpi.Opt) string {
	if !o.OK {
		return dash
	}
	return k.FormatShort(o.V, d.Locale, d.Currency)
}

// fmtDeltaShort is an absolute change in its compact form.
func (d *Data) fmtDeltaShort(k *kpi.KPI, o kpi.Opt) string {
	if !o.OK {
		return dash
	}
	return k.FormatDeltaShort(o.V, false, d.Locale, d.Currency)
}

func (d *Data) fmtDelta(k *kpi.KPI, o kpi.Opt, pct bool) string {
	if !o.OK {
		return dash
	}
	return k.FormatDelta(o.V, pct, d.Locale, d.Currency)
}

// goodness classes a change as good or bad for the KPI's direction.
func goodness(k *kpi.KPI, o kpi.Opt) string {
	if !o.OK || o.V == 0 || k.Direction == kpi.DirNone {
		return ""
	}
	if (o.V > 0) == (k.Direction != kpi.Down) {
		return "good"
	}
	return "bad"
}

// window is the n months ending at p.
func window(p kpi.Period, n int) []kpi.Period {
	out := make([]kpi.Period, n)
	for i := range out {
		out[i] = p.Add(i - n + 1)
	}
	return out
}

// values is one series of k over months (oldest first), NaN where there is
// no value. It walks k's figures beside the months rather than looking each
// month up: a build draws tens of thousands of sparklines.
func (r *renderer) values(k *kpi.KPI, months []kpi.Period, pick func(*kpi.Figure) kpi.Opt) []float64 {
	out := make([]float64, len(months))
	series := r.figs.Series(k.ID)
	j := 0
	if len(months) > 0 {
		j = sort.Search(len(series), func(j int) bool { return !series[j].Period.Before(months[0]) })
	}
	for i, m := range months {
		out[i] = math.NaN()
		for j < len(series) && series[j].Period.Before(m) {
			j++
		}
		if j < len(series) && series[j].Period == m {
			if o := pick(&series[j]); o.OK {
				out[i] = o.V
			}
		}
	}
	return out
}

func (r *renderer) spark(k *kpi.KPI, p kpi.Period) template.HTML {
	vals := r.values(k, window(p, 13), func(f *kpi.Figure) kpi.Opt { return f.Actual })
	if !slices.ContainsFunc(vals, func(v float64) bool { return !math.IsNaN(v) }) {
		return ""
	}
	return chart.Sparkline(vals, 96, 24, k.Name+", last 13 months")
}

// scorecard groups the catalog's KPIs by function, in catalog order,
// keeping only function when it is not empty.
func (r *renderer) scorecard(p kpi.Period, function string) []Group {
	return r.scorecardOf(function, func(k *kpi.KPI) FigureView { return r.view(k, p) })
}

// scorecardOf groups view's rows of the catalog's KPIs by function. The
// groups are counted first, so that their rows are cut from one slice
// rather than each grown by doubling: a row is a large struct, and a build
// makes a scorecard of hundreds for every review.
func (r *renderer) scorecardOf(function string, view func(*kpi.KPI) FigureView) []Group {
	var groups []Group
	var sizes []int
	index := map[string]int{}
	keep := func(k *kpi.KPI) bool {
		return function == "" && r.covers(k.Function) || function != "" && k.Function == function
	}
	total := 0
	for _, k := range r.data.Catalog.KPIs {
		if !keep(k) {
			continue
		}
		i, ok := index[k.Function]
		if !ok {
			i = len(groups)
			index[k.Function] = i
			groups = append(groups, Group{Function: k.Function})
			sizes = append(sizes, 0)
		}
		sizes[i]++
		total++
	}
	rows := make([]FigureView, total)
	for i, n := range sizes {
		groups[i].Rows, rows = rows[:0:n], rows[n:]
	}
	for _, k := range r.data.Catalog.KPIs {
		if !keep(k) {
			continue
		}
		i := index[k.Function]
		v := view(k)
		groups[i].Rows = append(groups[i].Rows, v)
		groups[i].Counts.add(v.Status)
	}
	return groups
}

// counts adds up the status of every KPI at p.
func counts(groups []Group) StatusCounts {
	var c StatusCounts
	for _, g := range groups {
		c.Green += g.Counts.Green
		c.Amber += g.Counts.Amber
		c.Red += g.Counts.Red
		c.None += g.Counts.None
	}
	return c
}

// statusCounts counts every KPI's status at p, without formatting anything.
func (r *renderer) statusCounts(p kpi.Period) StatusCounts {
	var c StatusCounts
	for _, k := range r.data.Catalog.KPIs {
		if !r.covers(k.Function) {
			continue
		}
		st := kpi.StatusNone
		if f, ok := r.figs.Get(k.ID, p); ok {
			st = f.Status
		}
		c.add(st)
	}
	return c
}
