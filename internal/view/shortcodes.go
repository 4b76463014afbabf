package view

import (
	"fmt"
	stdhtml "html"
	"html/template"
	"regexp"
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
}

// expand renders one shortcode; checkShortcodes has vetted its arguments.
func (c *pageCtx) expand(sc *content.Shortcode) template.HTML {
	p, q := c.period, c.quarter
	if v := sc.Param("period", ""); v != "" {
		p, _ = kpi.ParseEnd(v, c.r.data.FiscalYearStart)
		q, _ = kpi.ParseQuarter(v)
	}
	var k *kpi.KPI
	if len(sc.Args) > 0 {
		k = c.r.data.Catalog.Get(sc.Args[0])
	}
	var out template.HTML
	var err error
	switch sc.Name {
	case "value":
		out = c.value(k, p, q, sc.Param("series", "actual"))
	case "delta":
		out = c.delta(k, p, q, sc.Param("vs", "target"))
	case "status":
		out, err = c.partial("badge", c.r.viewAt(k, p, q).Status)
	case "tile":
		out, err = c.partial("tile", tileArgs{c.root, c.r.viewAt(k, p, q)})
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
	return out
}

// scorecardAt is the scorecard at p or q of function's KPIs (all when
// function is empty), cut from the review's own when it has the period.
func (c *pageCtx) scorecardAt(p kpi.Period, q kpi.Quarter, function string) []Group {
	if c.groups == nil || p != c.period || q != c.quarter {
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

// plain is a shortcode as plain text, for summaries on index pages: the
// figure of value and delta, the word of status, nothing for the rest.
func (c *pageCtx) plain(sc *content.Shortcode) string {
	html := c.expand(sc)
	if sc.Name != "value" && sc.Name != "delta" && sc.Name != "status" {
		return ""
	}
	// Drop what is there only for the eye (arrows) or only for screen
	// readers (labels), then the tags.
	text := hiddenSpans.ReplaceAllString(string(html), "")
	text = tags.ReplaceAllString(text, "")
	return strings.TrimSpace(stdhtml.UnescapeString(text))
}

var (
	hiddenSpans = regexp.MustCompile(`<span (?:aria-hidden="true"|class="(?:sr|badge-shape)")[^>]*>[^<]*</span>`)
	tags        = regexp.MustCompile(`<[^>]*>`)
)

func (c *pageCtx) partial(name string, data any) (template.HTML, error) {
	return c.r.look.tmpl.HTML(name, data)
}

var seriesPick = map[string]func(kpi.Figure) kpi.Opt{
	"actual":   func(f kpi.Figure) kpi.Opt { return f.Actual },
	"target":   func(f kpi.Figure) kpi.Opt { return f.Target },
	"budget":   func(f kpi.Figure) kpi.Opt { return f.Budget },
	"forecast": func(f kpi.Figure) kpi.Opt { return f.Forecast },
}

func (c *pageCtx) value(k *kpi.KPI, p kpi.Period, q kpi.Quarter, series string) template.HTML {
	f, _ := c.r.figureAt(k.ID, p, q)
	text := dash
	if pick, ok := seriesPick[series]; ok && f.KPI != nil {
		text = c.r.data.fmtValue(k, pick(f))
	}
	title := fmt.Sprintf("%s, %s, %s", k.Name, series, atLabel(p, q))
	return template.HTML(`<span class="kpi-value" title="` + template.HTMLEscapeString(title) + `">` + template.HTMLEscapeString(text) + `</span>`)
}

// delta shows a change signed, with an arrow and a class by direction, so
// colour never carries the meaning alone.
func (c *pageCtx) delta(k *kpi.KPI, p kpi.Period, q kpi.Quarter, vs string) template.HTML {
	f, _ := c.r.figureAt(k.ID, p, q)
	var abs, pct kpi.Opt
	label := ""
	switch vs {
	case "target":
		abs, pct, label = f.VsTarget, f.VsTargetPct, "vs target"
	case "budget":
		abs, pct, label = f.VsBudget, f.VsBudgetPct, "vs budget"
	case "forecast":
		abs, pct, label = f.VsForecast, f.VsForecastPct, "vs forecast"
	case "prior":
		abs, pct, label = f.MoM, f.MoMPct, "vs prior month"
	case "year":
		abs, pct, label = f.YoY, f.YoYPct, "vs a year earlier"
	}
	if q != (kpi.Quarter{}) && (vs == "prior" || vs == "year") {
		label = map[string]string{"prior": "vs prior quarter", "year": "vs same quarter a year earlier"}[vs]
	}
	if f.KPI == nil || !abs.OK {
		return template.HTML(`<span class="delta" title="` + template.HTMLEscapeString(k.Name+" "+label+": no figure") + `">` + dash + `</span>`)
	}
	class := goodness(k, abs)
	arrow := "→"
	if abs.V > 0 {
		arrow = "▲"
	} else if abs.V < 0 {
		arrow = "▼"
	}
	text := c.r.data.fmtDelta(k, abs, false)
	if pct.OK && k.Unit != kpi.UnitPercent {
		text += " (" + c.r.data.fmtDelta(k, pct, true) + ")"
	}
	return template.HTML(`<span class="delta ` + class + `" title="` + template.HTMLEscapeString(k.Name+" "+label) + `"><span aria-hidden="true">` + arrow + `</span> ` +
		template.HTMLEscapeString(text) + `<span class="sr"> ` + label + `</span></span>`)
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
