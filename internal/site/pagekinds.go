package site

import (
	"html/template"
	"slices"

	"github.com/opsreport/opsreport/internal/content"
	"github.com/opsreport/opsreport/internal/kpi"
)

type scorecardData struct {
	Root      string
	Groups    []Group
	Quarterly bool // columns compare with the prior quarter
}

// ReviewLink is a review in lists.
type ReviewLink struct {
	Slug, Title, Period, Date, Status string
	Counts                            StatusCounts
}

func (r *renderer) link(rev *Review) ReviewLink {
	r.cache.Lock()
	l, ok := r.cache.links[rev]
	r.cache.Unlock()
	if !ok {
		l = r.newLink(rev)
		r.cache.Lock()
		r.cache.links[rev] = l
		r.cache.Unlock()
	}
	return l
}

func (r *renderer) newLink(rev *Review) ReviewLink {
	l := ReviewLink{Slug: rev.Slug, Title: rev.Meta.Title, Period: r.periodLabel(rev), Status: rev.Meta.Status,
		Counts: r.as(rev).statusCountsAt(rev.Period, rev.Quarter)}
	if !rev.Date.IsZero() {
		l.Date = rev.Date.Format("2 January 2006")
	}
	return l
}

type homeData struct {
	base
	Intro    template.HTML
	Lead     *ReviewLink
	Summary  template.HTML
	Tiles    []FigureView
	Groups   []Group
	Counts   StatusCounts
	Reviews  []ReviewLink
	KPICount int
}

func (r *renderer) home() {
	d := homeData{base: r.base("", r.Config.Title, "home"), KPICount: len(r.Catalog.KPIs)}
	if r.Home != nil && r.Home.Meta.Title != "" {
		d.Title = r.Home.Meta.Title
	}
	lead := r.lead()
	p, q := kpi.Period{}, kpi.Quarter{}
	if lead != nil {
		p, q = lead.Period, lead.Quarter
	} else if ms := r.Store.Months(); len(ms) > 0 {
		p = ms[len(ms)-1]
	}
	ctx := r.ctx("", "home", p)
	if r.Home != nil {
		d.Intro = r.markdown(r.Home.Doc, ctx, content.NewIDs(), "home-")
	}
	if lead != nil {
		l := r.link(lead)
		d.Lead = &l
		lc := r.forReview(lead).ctx("", "lead", lead.Period)
		lc.quarter = lead.Quarter
		d.Summary = template.HTML(template.HTMLEscapeString(lead.Doc.SummaryWith(400, lc.plain)))
	}
	// The lead's numbers are the ones its review shows: its snapshot once
	// it is closed.
	d.Groups = r.forReview(lead).scorecardAt(p, q, "")
	d.Counts = counts(d.Groups)
	d.Tiles = headline(d.Groups)
	for _, rev := range r.Reviews {
		d.Reviews = append(d.Reviews, r.link(rev))
	}
	r.countCharts(ctx)
	r.page("index.html", "home.html", d)
}

// headline picks the home page's tiles, at most twelve: every red and
// amber KPI first, then the first KPI of each function; shown in catalog
// order.
func headline(groups []Group) []FigureView {
	seen := map[string]bool{}
	n := 0
	pick := func(v FigureView) {
		if !seen[v.KPI.ID] && n < 12 {
			seen[v.KPI.ID] = true
			n++
		}
	}
	for _, g := range groups {
		for _, v := range g.Rows {
			if v.Status == kpi.Red || v.Status == kpi.Amber {
				pick(v)
			}
		}
	}
	for _, g := range groups {
		if len(g.Rows) > 0 {
			pick(g.Rows[0])
		}
	}
	var out []FigureView
	for _, g := range groups {
		for _, v := range g.Rows {
			if seen[v.KPI.ID] {
				out = append(out, v)
			}
		}
	}
	return out
}

type heatCell struct {
	Status kpi.Status
	Title  string
}

type heatRow struct {
	KPI      *kpi.KPI
	Function string
	Cells    []heatCell
}

type reviewsData struct {
	base
	Reviews []ReviewLink
	Months  []string
	Rows    []heatRow
}

// heatmapMonths is how many months the reviews index's status grid shows.
const heatmapMonths = 13

func (r *renderer) reviewsIndex() {
	d := reviewsData{base: r.base("../", "Reviews", "reviews")}
	for _, rev := range r.Reviews {
		d.Reviews = append(d.Reviews, r.link(rev))
	}
	months := r.Store.Months()
	if len(months) > heatmapMonths {
		months = months[len(months)-heatmapMonths:]
	}
	if len(months) > 0 {
		months = window(months[len(months)-1], len(months))
	}
	for _, m := range months {
		d.Months = append(d.Months, shortLabel(m))
	}
	for _, k := range r.Catalog.KPIs {
		row := heatRow{KPI: k, Function: k.Function}
		for _, m := range months {
			v := r.figureView(k, m)
			row.Cells = append(row.Cells, heatCell{Status: v.Status, Title: k.Name + ", " + m.Label() + ": " + v.Actual + " (" + string(v.Status) + ")"})
		}
		d.Rows = append(d.Rows, row)
	}
	r.page("reviews/index.html", "reviews.html", d)
}

type sectionView struct {
	Slug, Title, Function string
	Body                  template.HTML
	Charts                template.HTML
}

type reviewData struct {
	base
	Review     ReviewLink
	Presenters []string
	Summary    template.HTML
	Groups     []Group
	Counts     StatusCounts
	Sections   []sectionView
	Risks      []RiskView
	Actions    ActionsView
	Appendix   []Group
	Scorecard  template.HTML // rendered once, shown by the page and its pack
	Prev, Next *ReviewLink
	Quarterly  bool // a quarter's board review: the scorecard compares quarters
	// Restated lists values changed in data/ since a closed review was
	// closed: this review's own, and the previous review's.
	Restated []restatedNote
}

type restatedNote struct {
	Review ReviewLink
	Own    bool
	Items  []Restatement
}

// scorecardHTML renders the scorecard partial once for a review's page and
// its pack: with hundreds of KPIs it is the largest part of both.
func (r *renderer) scorecardHTML(root string, groups []Group, quarterly bool) template.HTML {
	h, err := r.Site.scorecardHTML(root, groups, quarterly)
	if err != nil {
		addErr(r.d, "templates/partials.html", err)
	}
	return h
}

// scorecardGroup is what the "scorecard-group" template gets: RowsHTML is
// Group.Rows made in Go (rows.go), which a site's own template may range
// over instead.
type scorecardGroup struct {
	Root      string
	Group     Group
	Quarterly bool
	RowsHTML  template.HTML
}

// scorecardHTML renders the "scorecard" template around groups, first
// rendering the body of each group that has none yet and keeping it in the
// group. A site whose own partials.html predates "scorecard-group" gets no
// bodies; its own "scorecard" ranges over each group's Rows.
func (s *Site) scorecardHTML(root string, groups []Group, quarterly bool) (template.HTML, error) {
	for i := range groups {
		if groups[i].Body != "" || !s.tmpl.Has("scorecard-group") {
			continue
		}
		rows := scorecardRows(root, groups[i].Rows, s.badges)
		b, err := s.tmpl.HTML("scorecard-group", scorecardGroup{Root: root, Group: groups[i], Quarterly: quarterly, RowsHTML: rows})
		if err != nil {
			return "", err
		}
		groups[i].Body = b
	}
	return s.tmpl.HTML("scorecard", scorecardData{Root: root, Groups: groups, Quarterly: quarterly})
}

// forReview is the renderer seen through a review's own figures.
func (r *renderer) forReview(rev *Review) *renderer {
	rr := *r
	rr.Site = r.as(rev)
	return &rr
}

func (r *renderer) review(rev *Review, i int) {
	if rev.IsQuarter() {
		r.forReview(rev).renderQuarter(rev, i)
		return
	}
	r.forReview(rev).renderReview(rev, i)
}

func (r *renderer) renderReview(rev *Review, i int) {
	root := "../../"
	d := reviewData{base: r.base(root, rev.Meta.Title, "reviews"), Review: r.link(rev), Presenters: rev.Meta.Presenters}
	ids := content.NewIDs()
	d.Groups = r.scorecard(rev.Period, "")
	d.Scorecard = r.scorecardHTML(root, d.Groups, false)
	d.Counts = counts(d.Groups)
	ctx := r.ctx(root, "summary", rev.Period)
	ctx.groups = d.Groups
	d.Summary = r.markdown(rev.Doc, ctx, ids, "summary-")
	r.countCharts(ctx)
	for _, sec := range rev.Sections {
		d.Sections = append(d.Sections, r.section(rev, sec, ids, d.Groups))
	}
	d.Risks = r.openRisks(rev.Period)
	d.Actions = r.actions(rev.Period)
	d.Appendix = d.Groups
	fillAppendix(root, d.Appendix, r.Site.badges)
	r.neighbours(rev, i, &d)
	r.page("reviews/"+rev.Slug+"/index.html", "review.html", d)
	r.publishImages(rev)
	r.pack(rev, d)
}

// neighbours links the reviews before and after rev, and notes the values
// restated since rev, or the review before it, was closed.
func (r *renderer) neighbours(rev *Review, i int, d *reviewData) {
	if i+1 < len(r.Reviews) {
		l := r.link(r.Reviews[i+1])
		d.Prev = &l
	}
	if i > 0 {
		l := r.link(r.Reviews[i-1])
		d.Next = &l
	}
	if rs := r.restatements(rev); len(rs) > 0 {
		d.Restated = append(d.Restated, restatedNote{Review: d.Review, Own: true, Items: rs})
	}
	if d.Prev != nil {
		if rs := r.restatements(r.Reviews[i+1]); len(rs) > 0 {
			d.Restated = append(d.Restated, restatedNote{Review: *d.Prev, Items: rs})
		}
	}
}

// section renders a section's text and, when the section draws no chart of
// its own, small multiples of its function's KPIs.
func (r *renderer) section(rev *Review, sec *Section, ids *content.IDs, groups []Group) sectionView {
	root := "../../"
	ctx := r.ctx(root, sec.Slug, rev.Period)
	ctx.quarter = rev.Quarter
	ctx.groups = groups
	v := sectionView{Slug: sec.Slug, Title: sec.Meta.Title, Function: sec.Meta.Function}
	v.Body = r.markdown(sec.Doc, ctx, ids, sec.Slug+"-")
	drawsChart := slices.ContainsFunc(sec.Doc.Shortcodes(), func(sc *content.Shortcode) bool { return sc.Name == "chart" })
	if sec.Meta.Function != "" && !drawsChart {
		v.Charts = r.functionCharts(ctx, sec.Meta.Function)
	}
	r.countCharts(ctx)
	return v
}

// maxFunctionCharts caps the charts a section draws for its function on
// its own: past a dozen, small multiples stop being read.
const maxFunctionCharts = 12

// functionCharts are small multiples of a function's KPIs at the section's
// period: every one in a small catalog; in a large one the red and amber
// KPIs first, then the rest, in catalog order, up to maxFunctionCharts.
func (r *renderer) functionCharts(ctx *pageCtx, function string) template.HTML {
	var urgent, rest []string
	for _, k := range r.Catalog.KPIs {
		if k.Function != function {
			continue
		}
		if f, _ := r.Figures.Get(k.ID, ctx.period); f.Status == kpi.Red || f.Status == kpi.Amber {
			urgent = append(urgent, k.ID)
		} else {
			rest = append(rest, k.ID)
		}
	}
	ids := append(urgent, rest...)
	if len(ids) == 0 {
		return ""
	}
	if len(ids) > maxFunctionCharts {
		ids = ids[:maxFunctionCharts]
		inCatalog := map[string]int{}
		for i, k := range r.Catalog.KPIs {
			inCatalog[k.ID] = i
		}
		slices.SortFunc(ids, func(a, b string) int { return inCatalog[a] - inCatalog[b] })
	}
	return ctx.expand(&content.Shortcode{Name: "chart", Args: ids})
}

type catalogData struct {
	base
	Groups []Group
}

func (r *renderer) catalog() {
	var p kpi.Period
	if ms := r.Store.Months(); len(ms) > 0 {
		p = ms[len(ms)-1]
	}
	d := catalogData{base: r.base("../", "KPI catalog", "kpis"), Groups: r.scorecard(p, "")}
	r.page("kpis/index.html", "kpis.html", d)
}

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
	points := r.Store.Points(k.ID)
	ctx := r.ctx(root, "kpi", kpi.Period{})
	if len(points) > 0 {
		first, last := points[0].Period, points[len(points)-1].Period
		ctx.period = last
		d.Latest = r.view(k, last)
		n := last.Index() - first.Index() + 1
		d.Chart, _ = ctx.chartFull(k, last, n)
		for m := last; m.Index() >= first.Index(); m = m.Add(-1) {
			d.History = append(d.History, r.figureView(k, m))
		}
		d.HistoryRows = historyRows(d.History, r.Site.badges)
	}
	if k.Target.OK {
		d.Target = r.fmtValue(k, k.Target)
	}
	d.Green, d.Amber = r.threshold(k, k.Green), r.threshold(k, k.Amber)
	d.Mentions = r.mentions(k)
	r.countCharts(ctx)
	r.page("kpis/"+k.ID+"/index.html", "kpi.html", d)
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
	for _, rev := range r.Reviews {
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
	return op + " " + r.fmtValue(k, kpi.Some(t.Value))
}

// shows reports whether a shortcode of doc names the KPI id.
func shows(doc *content.Doc, id string) bool {
	for _, sc := range doc.Shortcodes() {
		if slices.Contains(sc.Args, id) {
			return true
		}
	}
	return false
}
