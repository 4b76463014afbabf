package view

import (
	"html/template"
	"slices"
	"strings"

	"github.com/opsreport/opsreport/internal/content"
	"github.com/opsreport/opsreport/internal/kpi"
	"github.com/opsreport/opsreport/internal/render"
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

func (r *renderer) link(rev *content.Review) ReviewLink {
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

func (r *renderer) newLink(rev *content.Review) ReviewLink {
	l := ReviewLink{Slug: rev.Slug, Title: rev.Meta.Title, Period: r.periodLabel(rev), Status: rev.Meta.Status,
		Counts: r.forReview(rev).statusCountsAt(rev.Period, rev.Quarter)}
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
	Headline headlineView
	Groups   []Group
	Counts   StatusCounts
	Reviews  []ReviewLink
	KPICount int
}

func (r *renderer) home() {
	d := homeData{base: r.base("", r.data.Title, "home"), KPICount: len(r.data.Catalog.KPIs)}
	if r.data.Home != nil && r.data.Home.Meta.Title != "" {
		d.Title = r.data.Home.Meta.Title
	}
	lead := r.data.Lead
	p, q := kpi.Period{}, kpi.Quarter{}
	if lead != nil {
		p, q = lead.Period, lead.Quarter
	} else if ms := r.data.Store.Months(); len(ms) > 0 {
		p = ms[len(ms)-1]
	}
	ctx := r.ctx("", "home", p)
	if r.data.Home != nil {
		d.Intro = r.markdown(r.data.Home.Doc, ctx, content.NewIDs(), "home-")
	}
	if lead != nil {
		l := r.link(lead)
		d.Lead = &l
	}
	// The lead's numbers are the ones its review shows: its snapshot once
	// it is closed.
	lr := r.forReviewWhole(lead)
	if lead != nil {
		lc := lr.ctx("", "lead", lead.Period)
		lc.quarter = lead.Quarter
		d.Summary = lc.leadSummary(lead.Doc, 300)
	}
	d.Groups = lr.scorecardAt(p, q, "")
	d.Counts = counts(d.Groups)
	d.Headline = lr.headlineAt("", p, q)
	for _, rev := range r.data.Reviews {
		d.Reviews = append(d.Reviews, r.link(rev))
	}
	r.countCharts(ctx)
	r.page("index.html", "home.html", d)
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
	for _, rev := range r.data.Reviews {
		d.Reviews = append(d.Reviews, r.link(rev))
	}
	months := r.data.Store.Months()
	if len(months) > heatmapMonths {
		months = months[len(months)-heatmapMonths:]
	}
	if len(months) > 0 {
		months = window(months[len(months)-1], len(months))
	}
	for _, m := range months {
		d.Months = append(d.Months, shortLabel(m))
	}
	for _, k := range r.data.Catalog.KPIs {
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
	// packHidden are the tables of Body a pack leaves out (packOmitted).
	packHidden []string
}

// packSections are a review's sections as its pack prints them: without
// the tables pack.css would hide (a narrative's scorecard, open risks and
// actions, which the pack prints in blocks of its own), so that a pack
// does not carry a second scorecard of every function unseen. A table not
// found as drawn is left in, for pack.css to hide.
func packSections(secs []sectionView) []sectionView {
	out := slices.Clone(secs)
	for i := range out {
		body := string(out[i].Body)
		from := 0
		for _, t := range out[i].packHidden {
			if j := strings.Index(body[from:], t); j >= 0 {
				body = body[:from+j] + body[from+j+len(t):]
				from += j
			}
		}
		out[i].Body = template.HTML(body)
	}
	return out
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
	PDF        bool // the build makes the review's pack.pdf (Data.PackPDF)
	// Restated lists values changed in data/ since a closed review was
	// closed: this review's own, and the previous review'r.
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
	h, err := r.renderScorecard(root, groups, quarterly)
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

// renderScorecard renders the "scorecard" template around groups, first
// rendering the body of each group that has none yet and keeping it in the
// group. A site's own "scorecard" may ignore the bodies and range over
// each group's Rows instead.
func (r *renderer) renderScorecard(root string, groups []Group, quarterly bool) (template.HTML, error) {
	for i := range groups {
		if groups[i].Body != "" || !r.look.tmpl.Has("scorecard-group") {
			continue
		}
		r.data.shortenGroups(groups[i : i+1])
		rows := scorecardRows(root, groups[i].Rows, r.look.badges, &r.cache.rows.scorecard)
		g := scorecardGroup{Root: root, Group: groups[i], Quarterly: quarterly, RowsHTML: rows}
		b, err := r.look.tmpl.HTMLSpliced("scorecard-group", func(f *render.Fragments) any {
			gg := g
			gg.RowsHTML = f.HTML(g.RowsHTML)
			return gg
		})
		if err != nil {
			return "", err
		}
		groups[i].Body = b
	}
	return r.look.tmpl.HTMLSpliced("scorecard", func(f *render.Fragments) any {
		return scorecardData{Root: root, Groups: splicedGroups(f, groups), Quarterly: quarterly}
	})
}

// forReviewWhole is forReview with a closed review's snapshot whole
// (Data.Whole), for the pages that show its history: its own page and
// pack, and the home page when it leads.
func (r *renderer) forReviewWhole(rev *content.Review) *renderer {
	rr := r.forReview(rev)
	if rev != nil && rev.Snapshot != nil && r.data.Whole != nil {
		if figs := r.data.Whole(rev, r.d); figs != nil {
			rr.figs = figs
		}
	}
	return rr
}

// forReview is the renderer showing a review's own figures and registers:
// its snapshot and frozen registers once it is closed, else the data's,
// whichever review r itself shows; and only the functions the review is
// scoped to. The snapshot is the rows at the periods other pages read of
// it when Data.Whole is set: enough for its status counts and for the
// values its narratives name.
func (r *renderer) forReview(rev *content.Review) *renderer {
	rr := *r
	rr.figs, rr.functions = r.data.Figures, nil
	if rev != nil && rev.Snapshot != nil {
		rr.figs = rev.Snapshot
	}
	if rev != nil {
		rr.functions = rev.Meta.Functions
	}
	if rev != nil && rev.Registers != nil {
		rr.regs = *rev.Registers
	}
	return &rr
}

func (r *renderer) review(rev *content.Review, i int) {
	if rev.IsQuarter() {
		r.forReviewWhole(rev).renderQuarter(rev, i)
		return
	}
	r.forReviewWhole(rev).renderReview(rev, i)
}

func (r *renderer) renderReview(rev *content.Review, i int) {
	root := "../../"
	d := boardData{reviewData: reviewData{base: r.base(root, rev.Meta.Title, "reviews"), Review: r.link(rev),
		Presenters: rev.Meta.Presenters}, Per: "month"}
	d.Board = true // its board blocks (board.html) are styled by css/board.css
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
	r.reviewBlocks(rev, &d, rev.Period)
	d.Appendix = d.Groups
	fillAppendix(root, d.Appendix, r.look.badges, &r.cache.rows)
	r.neighbours(rev, i, &d.reviewData)
	r.splicedPage("reviews/"+rev.Slug+"/index.html", "review.html", func(f *render.Fragments) any { return d.spliced(f) })
	r.publishImages(rev)
	r.pack(rev, d)
}

// neighbours links the reviews before and after rev, and notes the values
// restated since rev, or the review before it, was closed.
func (r *renderer) neighbours(rev *content.Review, i int, d *reviewData) {
	if i+1 < len(r.data.Reviews) {
		l := r.link(r.data.Reviews[i+1])
		d.Prev = &l
	}
	if i > 0 {
		l := r.link(r.data.Reviews[i-1])
		d.Next = &l
	}
	if rs := r.data.Restatements(rev); len(rs) > 0 {
		d.Restated = append(d.Restated, restatedNote{Review: d.Review, Own: true, Items: rs})
	}
	if d.Prev != nil {
		if rs := r.data.Restatements(r.data.Reviews[i+1]); len(rs) > 0 {
			d.Restated = append(d.Restated, restatedNote{Review: *d.Prev, Items: rs})
		}
	}
}

// section renders a section's text and, when the section draws no chart of
// its own, small multiples of its function's KPIs.
func (r *renderer) section(rev *content.Review, sec *content.Section, ids *content.IDs, groups []Group) sectionView {
	root := "../../"
	ctx := r.ctx(root, sec.Slug, rev.Period)
	ctx.quarter = rev.Quarter
	ctx.groups = groups
	v := sectionView{Slug: sec.Slug, Title: sec.Meta.Title, Function: sec.Meta.Function}
	ctx.packHidden = &v.packHidden
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
	for _, k := range r.data.Catalog.KPIs {
		if k.Function != function {
			continue
		}
		if f, _ := r.figs.Get(k.ID, ctx.period); f.Status == kpi.Red || f.Status == kpi.Amber {
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
		for i, k := range r.data.Catalog.KPIs {
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
	if ms := r.data.Store.Months(); len(ms) > 0 {
		p = ms[len(ms)-1]
	}
	d := catalogData{base: r.base("../", "KPI catalog", "kpis"), Groups: r.scorecard(p, "")}
	r.page("kpis/index.html", "kpis.html", d)
}
