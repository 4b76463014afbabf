package view

// A KPI's page: its latest figures, its whole history as a chart and a
// table, its thresholds, and the review sections that mention it.

import (
	"html/template"

	"github.com/opsreport/opsreport/internal/content"
	"github.com/opsreport/opsreport/internal/kpi"
	"github.com/opsreport/opsreport/internal/render"
)

// mention is a review section that shows a KPI, for the KPI's page.
type mention struct {
	Review, Period, Section, URL string
}

type kpiData struct {
	base
	KPI     *kpi.KPI
	Latest  FigureView
	Chart   template.HTML
	History []FigureView // newest first
	// HistoryRows is History's table rows, made in Go (rows.go); a site's
	// own kpi.html may range over History instead.
	HistoryRows template.HTML
	Mentions    []mention
	Target      string
	Green       string // "≥ 99.90%" when the KPI has thresholds
	Amber       string
}

func (r *renderer) kpiPage(k *kpi.KPI) {
	root := "../../"
	d := kpiData{base: r.base(root, k.Name, "kpis"), KPI: k}
	points := r.data.Store.Points(k.ID)
	ctx := r.ctx(root, "kpi", kpi.Period{})
	if len(points) > 0 {
		first, last := points[0].Period, points[len(points)-1].Period
		ctx.period = last
		d.Latest = r.view(k, last)
		n := last.Index() - first.Index() + 1
		d.Chart, _ = ctx.chartFull(k, last, n)
		d.History = make([]FigureView, 0, n)
		for m := last; m.Index() >= first.Index(); m = m.Add(-1) {
			d.History = append(d.History, r.figureView(k, m))
		}
		d.HistoryRows = historyRows(d.History, r.look.badges, &r.cache.rows.history)
	}
	if k.Target.OK {
		d.Target = r.data.fmtValue(k, k.Target)
	}
	d.Green, d.Amber = r.threshold(k, k.Green), r.threshold(k, k.Amber)
	d.Mentions = r.mentions(k)
	r.countCharts(ctx)
	r.splicedPage("kpis/"+k.ID+"/index.html", "kpi.html", func(f *render.Fragments) any { return d.spliced(f) })
	r.historyCSV(k)
}

// mentions lists the review sections whose shortcodes show k, newest first.
// The index of every KPI's mentions is made once a build, by the first KPI
// page that asks.
func (r *renderer) mentions(k *kpi.KPI) []mention {
	r.cache.mentionsOnce.Do(func() { r.cache.mentions = r.mentionIndex() })
	return r.cache.mentions[k.ID]
}

// mentionIndex is every KPI's mentions, by KPI id.
func (r *renderer) mentionIndex() map[string][]mention {
	out := map[string][]mention{}
	for _, rev := range r.data.Reviews {
		docs := []*content.Doc{rev.Doc}
		titles := []string{"Executive summary"}
		anchors := []string{"summary"}
		for _, sec := range rev.Sections {
			docs = append(docs, sec.Doc)
			titles = append(titles, sec.Meta.Title)
			anchors = append(anchors, "section-"+sec.Slug)
		}
		for i, doc := range docs {
			m := mention{Review: rev.Meta.Title, Period: rev.Period.Label(), Section: titles[i],
				URL: "reviews/" + rev.Slug + "/index.html#" + anchors[i]}
			seen := map[string]bool{}
			for _, sc := range doc.Shortcodes() {
				for _, id := range sc.Args {
					if !seen[id] {
						seen[id] = true
						out[id] = append(out[id], m)
					}
				}
			}
		}
	}
	return out
}

var opSymbols = map[string]string{">=": "≥", "<=": "≤", ">": ">", "<": "<"}

// threshold shows a status threshold in the KPI's own unit: "≥ 99.90%".
func (r *renderer) threshold(k *kpi.KPI, t *kpi.Threshold) string {
	if t == nil {
		return ""
	}
	op := opSymbols[t.Op]
	if op == "" {
		op = t.Op
	}
	return op + " " + r.data.fmtValue(k, kpi.Some(t.Value))
}
