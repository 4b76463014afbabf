package view

import (
	"cmp"
	"fmt"
	"html/template"
	"strconv"
	"strings"

	"github.com/opsreport/opsreport/internal/chart"
	"github.com/opsreport/opsreport/internal/content"
	"github.com/opsreport/opsreport/internal/diag"
	"github.com/opsreport/opsreport/internal/kpi"
)

// pageCtx is what a shortcode needs to know about the page it sits on.
type pageCtx struct {
	r       *renderer
	root    string      // relative path from the page to the site root
	period  kpi.Period  // the review's period; for a quarter, its last month
	quarter kpi.Quarter // a quarterly review's quarter: figures are its roll-ups
	prefix  string      // chart id prefix, unique on the page
	charts  int         // charts drawn so far on the page
	// groups is the review's scorecard at period and quarter, rendered
	// for root, which a scorecard shortcode of the same period reuses.
	groups []Group
	d      *diag.List
	// packHidden, set for a review's section, collects the tables its
	// scorecard, risks and actions shortcodes drew that a pack does not
	// show (packOmitted).
	packHidden *[]string
}

// at is the month and quarter a shortcode shows: its period parameter's,
// else the page's.
func (c *pageCtx) at(sc *content.Shortcode) (kpi.Period, kpi.Quarter) {
	v := sc.Param("period", "")
	if v == "" {
		return c.period, c.quarter
	}
	p, _ := kpi.ParseEnd(v, c.r.data.FiscalYearStart)
	q, _ := kpi.ParseQuarter(v)
	return p, q
}

// expand renders one shortcode; checkShortcodes has vetted its arguments.
func (c *pageCtx) expand(sc *content.Shortcode) template.HTML {
	p, q := c.at(sc)
	var k *kpi.KPI
	if len(sc.Args) > 0 {
		k = c.r.data.Catalog.Get(sc.Args[0])
	}
	var out template.HTML
	var err error
	switch sc.Name {
	case "value":
		out, err = c.partial("value", c.valueArgs(k, p, q, sc.Param("series", "actual")))
	case "delta":
		out, err = c.partial("delta", c.deltaArgs(k, p, q, sc.Param("vs", "target")))
	case "status":
		out, err = c.partial("badge", c.r.viewAt(k, p, q).Status)
	case "tile":
		v := c.r.viewAt(k, p, q)
		c.r.data.shorten(&v)
		out, err = c.partial("tile", tileArgs{c.root, v})
	case "chart":
		out, err = c.chart(sc, p)
	case "scorecard":
		out, err = c.r.renderScorecard(c.root, c.scorecardAt(p, q, sc.Param("function", "")), q != kpi.Quarter{})
	case "risks":
		out, err = c.partial("risks", c.r.openRisks(p))
	case "actions":
		out, err = c.partial("actions", c.r.actionsAt(p, q))
	}
	if err != nil {
		c.d.Errorf(sc.Pos, "%s: %v", sc.Name, err)
	}
	if c.packHidden != nil {
		if t := packOmitted(string(out)); t != "" {
			*c.packHidden = append(*c.packHidden, t)
		}
	}
	return out
}

// packOmittedTables are the start of the tables that pack.css hides in a
// pack's sections: a narrative's copy of the scorecard, open risks and
// actions, which the pack prints in blocks of their own.
var packOmittedTables = []string{
	`<div class="table-wrap" role="group" aria-label="Scorecard" tabindex="0"><table`,
	`<div class="table-wrap" role="group" aria-label="Open risks" tabindex="0"><table`,
	`<div class="table-wrap" role="group" aria-label="Actions" tabindex="0"><table`,
}

// packOmitted is the hidden table a shortcode drew at the start of out,
// through its </table></div>: "" when it drew none (a site's own template
// may draw something else, which pack.css then hides, or not).
func packOmitted(out string) string {
	for _, start := range packOmittedTables {
		if strings.HasPrefix(out, start) {
			if i := strings.Index(out, "</table></div>"); i >= 0 {
				return out[:i+len("</table></div>")]
			}
		}
	}
	return ""
}

// scorecardAt is the scorecard at p or q of function's KPIs (all those of
// the review's functions when function is empty), cut from the review's
// own when it has the period and the function.
func (c *pageCtx) scorecardAt(p kpi.Period, q kpi.Quarter, function string) []Group {
	if c.groups == nil || p != c.period || q != c.quarter || function != "" && !c.r.covers(function) {
		return c.r.scorecardAt(p, q, function)
	}
	var out []Group
	for _, g := range c.groups {
		if function == "" || g.Function == function {
			out = append(out, g)
		}
	}
	return out
}

func (c *pageCtx) partial(name string, data any) (template.HTML, error) {
	return c.r.look.tmpl.HTML(name, data)
}

var seriesPick = map[string]func(kpi.Figure) kpi.Opt{
	"actual":   func(f kpi.Figure) kpi.Opt { return f.Actual },
	"target":   func(f kpi.Figure) kpi.Opt { return f.Target },
	"budget":   func(f kpi.Figure) kpi.Opt { return f.Budget },
	"forecast": func(f kpi.Figure) kpi.Opt { return f.Forecast },
	"qtd":      func(f kpi.Figure) kpi.Opt { return f.QTD },
	"ytd":      func(f kpi.Figure) kpi.Opt { return f.YTD },
	"ttm":      func(f kpi.Figure) kpi.Opt { return f.TTM },
}

// seriesTitles name the roll-up series in a value's title.
var seriesTitles = map[string]string{
	"qtd": "quarter to date", "ytd": "year to date", "ttm": "trailing twelve months",
}

// ValueArgs is what the "value" template gets: one series of a KPI's
// figure, formatted.
type ValueArgs struct {
	KPI    *kpi.KPI
	Series string // actual, target, budget, forecast, qtd, ytd or ttm
	Period string // "Oct 2026", "Q3 FY2027"
	Title  string // "ARR, actual, Oct 2026", and the exact value when Text is shortened
	Text   string // the value as prose shows it ("$5.35M"), or "–"
	Exact  string // every digit of the value ("$5,350,123"), or "–"
	Has    bool   // there is a value
}

func (c *pageCtx) valueArgs(k *kpi.KPI, p kpi.Period, q kpi.Quarter, series string) ValueArgs {
	f, _ := c.r.figureAt(k.ID, p, q)
	v := ValueArgs{KPI: k, Series: series, Period: atLabel(p, q), Text: dash, Exact: dash}
	if pick, ok := seriesPick[series]; ok && f.KPI != nil {
		o := pick(f)
		v.Text, v.Exact, v.Has = c.r.data.fmtShort(k, o), c.r.data.fmtValue(k, o), o.OK
	}
	v.Title = fmt.Sprintf("%s, %s, %s", k.Name, cmp.Or(seriesTitles[series], series), v.Period)
	if v.Exact != v.Text {
		v.Title += ": " + v.Exact
	}
	return v
}

// DeltaArgs is what the "delta" template gets: a change shown signed, with
// an arrow and a class by direction, so colour never carries the meaning
// alone.
type DeltaArgs struct {
	KPI   *kpi.KPI
	Label string // "vs target", "vs prior quarter"
	Title string // "ARR vs target", or "ARR vs target: no figure"
	Text  string // "+$431,200 (+3.6%)", or "–"
	Arrow string // ▲, ▼ or →
	Class string // good, bad or ""
	Has   bool   // there is a change to show
}

// deltaSeries are the changes the delta shortcode's vs parameter names,
// with their labels.
var deltaSeries = map[string]struct {
	abs, pct func(kpi.Figure) kpi.Opt
	label    string
}{
	"target":   {func(f kpi.Figure) kpi.Opt { return f.VsTarget }, func(f kpi.Figure) kpi.Opt { return f.VsTargetPct }, "vs target"},
	"budget":   {func(f kpi.Figure) kpi.Opt { return f.VsBudget }, func(f kpi.Figure) kpi.Opt { return f.VsBudgetPct }, "vs budget"},
	"forecast": {func(f kpi.Figure) kpi.Opt { return f.VsForecast }, func(f kpi.Figure) kpi.Opt { return f.VsForecastPct }, "vs forecast"},
	"prior":    {func(f kpi.Figure) kpi.Opt { return f.MoM }, func(f kpi.Figure) kpi.Opt { return f.MoMPct }, "vs prior month"},
	"year":     {func(f kpi.Figure) kpi.Opt { return f.YoY }, func(f kpi.Figure) kpi.Opt { return f.YoYPct }, "vs a year earlier"},
}

var quarterLabels = map[string]string{"prior": "vs prior quarter", "year": "vs same quarter a year earlier"}

func (c *pageCtx) deltaArgs(k *kpi.KPI, p kpi.Period, q kpi.Quarter, vs string) DeltaArgs {
	f, _ := c.r.figureAt(k.ID, p, q)
	ser, known := deltaSeries[vs]
	d := DeltaArgs{KPI: k, Label: ser.label, Text: dash}
	if l, ok := quarterLabels[vs]; ok && q != (kpi.Quarter{}) {
		d.Label = l
	}
	var abs, pct kpi.Opt
	if known {
		abs, pct = ser.abs(f), ser.pct(f)
	}
	if f.KPI == nil || !abs.OK {
		d.Title = k.Name + " " + d.Label + ": no figure"
		return d
	}
	d.Has, d.Title, d.Class = true, k.Name+" "+d.Label, goodness(k, abs)
	d.Arrow = "→"
	if abs.V > 0 {
		d.Arrow = "▲"
	} else if abs.V < 0 {
		d.Arrow = "▼"
	}
	d.Text = c.r.data.fmtDeltaShort(k, abs)
	if exact := c.r.data.fmtDelta(k, abs, false); exact != d.Text {
		d.Title += ": " + exact
	}
	if pct.OK && k.Unit != kpi.UnitPercent {
		d.Text += " (" + c.r.data.fmtDelta(k, pct, true) + ")"
	}
	return d
}

func (c *pageCtx) chart(sc *content.Shortcode, p kpi.Period) (template.HTML, error) {
	months, _ := strconv.Atoi(sc.Param("months", "13"))
	var compare []string
	for _, c := range strings.Split(sc.Param("compare", "target"), ",") {
		compare = append(compare, strings.TrimSpace(c))
	}
	var specs []chart.Spec
	for _, id := range sc.Args {
		specs = append(specs, c.chartSpec(c.r.data.Catalog.Get(id), p, months, sc.Param("type", "line"), compare, sc.Param("title", "")))
	}
	c.warnFlat(sc, specs)
	if len(specs) == 1 {
		return chart.Render(specs[0])
	}
	return chart.SmallMultiples(specs)
}

// nextChartID is deterministic: the page's prefix and a counter.
func (c *pageCtx) nextChartID(id string) string {
	c.charts++
	return fmt.Sprintf("%s-%s-%d", c.prefix, id, c.charts)
}
