package view

// The quarterly board review's page and pack: a board-pack structure of
// executive summary, decisions required, quarter scorecard, commentary
// required, financials, the narrative sections, risks with their movement,
// actions by owner, and an appendix of the quarter's months.

import (
	"cmp"
	"html/template"
	"slices"

	"github.com/opsreport/opsreport/internal/content"
	"github.com/opsreport/opsreport/internal/kpi"
	"github.com/opsreport/opsreport/internal/render"
)

// financeFunction is the function whose KPIs a board pack shows as its
// financials.
const financeFunction = "Finance"

// figureAt is a KPI's figure at month p, or at quarter q when q is set.
func (r *renderer) figureAt(id string, p kpi.Period, q kpi.Quarter) (kpi.Figure, bool) {
	if q != (kpi.Quarter{}) {
		return r.figs.GetQuarter(id, q)
	}
	return r.figs.Get(id, p)
}

// atLabel names a month or a quarter in titles: "Oct 2026", "Q3 FY2027".
func atLabel(p kpi.Period, q kpi.Quarter) string {
	if q != (kpi.Quarter{}) {
		return q.Label()
	}
	return p.Label()
}

// viewAt is view for a month, or the quarter's roll-up with a sparkline of
// the 13 months to its end.
func (r *renderer) viewAt(k *kpi.KPI, p kpi.Period, q kpi.Quarter) FigureView {
	if q == (kpi.Quarter{}) {
		return r.view(k, p)
	}
	f, _ := r.figs.GetQuarter(k.ID, q)
	v := r.formatFigure(k, f, q.String(), q.Label())
	v.Quarterly = true
	v.Spark = r.spark(k, p)
	return v
}

// scorecardAt is the scorecard at a month or a quarter.
func (r *renderer) scorecardAt(p kpi.Period, q kpi.Quarter, function string) []Group {
	return r.scorecardOf(function, func(k *kpi.KPI) FigureView { return r.viewAt(k, p, q) })
}

// statusCountsAt counts every KPI's status at a month or a quarter.
func (r *renderer) statusCountsAt(p kpi.Period, q kpi.Quarter) StatusCounts {
	if q == (kpi.Quarter{}) {
		return r.statusCounts(p)
	}
	var c StatusCounts
	for _, k := range r.data.Catalog.KPIs {
		if !r.covers(k.Function) {
			continue
		}
		f, _ := r.figs.GetQuarter(k.ID, q)
		c.add(cmp.Or(f.Status, kpi.StatusNone))
	}
	return c
}

// actionsAt is the action log as of a month, or over a quarter: raised and
// closed in any of its months, overdue and open at its end.
func (r *renderer) actionsAt(p kpi.Period, q kpi.Quarter) ActionsView {
	if q == (kpi.Quarter{}) {
		return actionsOf(r.regs.Actions, p)
	}
	v := ActionsView{Span: "quarter"}
	first := q.Months(r.data.FiscalYearStart)[0]
	next := nextMonth(p)
	within := func(m kpi.Period) bool { return !m.IsZero() && !m.Before(first) && !p.Before(m) }
	for _, a := range r.regs.Actions {
		if within(a.Raised) {
			v.Raised = append(v.Raised, a)
		}
		if within(a.Closed) {
			v.Closed = append(v.Closed, a)
		}
		switch {
		case !openAt(a, p):
		case a.Due != "" && a.Due < next:
			v.Overdue = append(v.Overdue, a)
		case !within(a.Raised):
			v.Open = append(v.Open, a)
		}
	}
	return v
}

// attention is a red or amber KPI and where the review comments on it.
type attention struct {
	View      FigureView
	Sections  []sectionRef // the parts of the review that comment on it (see comments)
	Named     []sectionRef // the parts that name it without commenting
	Commented bool
}

type sectionRef struct{ Anchor, Title string }

// attentionList lists the red and amber KPIs of the scorecard, red first,
// with the parts of the review that comment on them (see comments).
func (r *renderer) attentionList(rev *content.Review, groups []Group) []attention {
	refs := []sectionRef{{"summary", "Executive summary"}}
	docs := [][]paragraph{prose(rev.Doc)}
	for _, sec := range rev.Sections {
		refs = append(refs, sectionRef{"section-" + sec.Slug, sec.Meta.Title})
		docs = append(docs, prose(sec.Doc))
	}
	n := 0
	for _, g := range groups {
		n += g.Counts.Red + g.Counts.Amber
	}
	if n == 0 {
		return nil
	}
	out := make([]attention, 0, n)
	for _, st := range []kpi.Status{kpi.Red, kpi.Amber} {
		for _, g := range groups {
			for _, v := range g.Rows {
				if v.Status == st {
					out = append(out, r.mentionsOf(v, refs, docs))
				}
			}
		}
	}
	return out
}

func (r *renderer) mentionsOf(v FigureView, refs []sectionRef, docs [][]paragraph) attention {
	r.data.shorten(&v)
	a := attention{View: v}
	for i, doc := range docs {
		switch commented, named := docComments(doc, v.KPI, r.data.Catalog); {
		case commented:
			a.Sections = append(a.Sections, refs[i])
		case named:
			a.Named = append(a.Named, refs[i])
		}
	}
	a.Commented = len(a.Sections) > 0
	return a
}

// uncommented counts the KPIs that need commentary and have none.
func uncommented(list []attention) int {
	n := 0
	for _, a := range list {
		if !a.Commented {
			n++
		}
	}
	return n
}

// riskMove is a risk's movement over the quarter.
type riskMove struct {
	RiskView
	Move string // "new", "closed" or "carried"
}

// riskMovement compares the register at the end of the prior period (the
// month or quarter before first) with the end of this one, end. The
// register keeps each risk's current state only, so the rule is: a risk
// opened within the period is new; a closed risk whose due date falls
// within the period closed in it (the register has no
// closing date, and a risk is closed by its due date or is overdue); every
// other open risk was carried over, at its current score. Risks closed
// before the period do not appear.
func (r *renderer) riskMovement(first, end kpi.Period) []riskMove {
	from := first.String() + "-01"
	to := nextMonth(end)
	var out []riskMove
	for _, rv := range r.openRisks(end) {
		move := "carried"
		if rv.Opened >= from && rv.Opened < to {
			move = "new"
		}
		out = append(out, riskMove{RiskView: rv, Move: move})
	}
	for _, risk := range r.regs.Risks {
		if risk.Status == "closed" && risk.Due >= from && risk.Due < to {
			out = append(out, riskMove{RiskView: RiskView{Risk: risk, Score: risk.Score(), Level: "closed"}, Move: "closed"})
		}
	}
	return out
}

// ownerActions are one owner's actions for the board, by due date.
type ownerActions struct {
	Owner   string
	Actions []boardAction
}

type boardAction struct {
	kpi.Action
	State string // overdue, open, raised, done, dropped
}

// actionsByOwner groups the quarter's action log by owner (owners A–Z),
// each owner's actions by due date (none last), then id.
func actionsByOwner(v ActionsView) []ownerActions {
	var all []boardAction
	seen := map[string]bool{}
	add := func(as []kpi.Action, state func(kpi.Action) string) {
		for _, a := range as {
			if !seen[a.ID] {
				seen[a.ID] = true
				all = append(all, boardAction{Action: a, State: state(a)})
			}
		}
	}
	add(v.Overdue, func(kpi.Action) string { return "overdue" })
	add(v.Closed, func(a kpi.Action) string { return a.Status })
	add(v.Raised, func(kpi.Action) string { return "raised" })
	add(v.Open, func(kpi.Action) string { return "open" })
	slices.SortFunc(all, func(a, b boardAction) int {
		return cmp.Or(cmp.Compare(a.Owner, b.Owner), compareDue(a.Due, b.Due), cmp.Compare(a.ID, b.ID))
	})
	var out []ownerActions
	for _, a := range all {
		if len(out) == 0 || out[len(out)-1].Owner != a.Owner {
			out = append(out, ownerActions{Owner: a.Owner})
		}
		out[len(out)-1].Actions = append(out[len(out)-1].Actions, a)
	}
	return out
}

// compareDue orders ISO dates, an empty one last.
func compareDue(a, b string) int {
	switch {
	case a == b:
		return 0
	case a == "":
		return 1
	case b == "":
		return -1
	}
	return cmp.Compare(a, b)
}

// appendixRow is one KPI's months of the quarter beside its roll-up.
type appendixRow struct {
	Q      FigureView
	Months []string // the three months' actuals
}

type appendixGroup struct {
	Function string
	Rows     []appendixRow
}

// quarterAppendix lays the quarter's months beside each quarter figure.
func (r *renderer) quarterAppendix(groups []Group, months []kpi.Period) []appendixGroup {
	var out []appendixGroup
	for _, g := range groups {
		ag := appendixGroup{Function: g.Function}
		for _, v := range g.Rows {
			row := appendixRow{Q: v}
			for _, m := range months {
				f, _ := r.figs.Get(v.KPI.ID, m)
				row.Months = append(row.Months, r.data.fmtValue(v.KPI, f.Actual))
			}
			ag.Rows = append(ag.Rows, row)
		}
		out = append(out, ag)
	}
	return out
}

// boardData is what every review's page and pack get, monthly
// (review.html, pack.html) and quarterly (quarter.html, quarter-pack.html):
// the blocks a board reads in both, and the quarter's own.
type boardData struct {
	reviewData
	Per       string // "month" or "quarter": what "this …" means in the blocks
	Headline  headlineView
	Span      string // "Aug–Oct 2026"
	Decisions []content.Decision
	Attention []attention
	// AttentionRows is Attention's table rows, made in Go (rows.go); a
	// site's own template may range over Attention instead.
	AttentionRows template.HTML
	Uncommented   int
	Financials    []Group
	// FinanceOutOfScope: the review's functions (front matter functions:)
	// leave Finance out, so Financials is empty.
	FinanceOutOfScope bool
	FinanceSection    *sectionView // the section written for the Finance function
	RiskMoves         []riskMove
	Owners            []ownerActions
	MonthLabels       []string
	QAppendix         []appendixGroup
}

func (r *renderer) renderQuarter(rev *content.Review, i int) {
	root := "../../"
	p, q := rev.Period, rev.Quarter
	d := boardData{reviewData: reviewData{base: r.base(root, rev.Meta.Title, "reviews"), Review: r.link(rev),
		Presenters: rev.Meta.Presenters, Quarterly: true}, Per: "quarter", Span: q.Span(r.data.FiscalYearStart)}
	d.Board = true
	ids := content.NewIDs()
	d.Groups = r.scorecardAt(p, q, "")
	d.Scorecard = r.scorecardHTML(root, d.Groups, true)
	d.Counts = counts(d.Groups)
	ctx := r.ctx(root, "summary", p)
	ctx.quarter = q
	ctx.groups = d.Groups
	d.Summary = r.markdown(rev.Doc, ctx, ids, "summary-")
	r.countCharts(ctx)
	for _, sec := range rev.Sections {
		v := r.section(rev, sec, ids, d.Groups)
		if sec.Meta.Function == financeFunction && d.FinanceSection == nil {
			d.FinanceSection = &v
			continue
		}
		d.Sections = append(d.Sections, v)
	}
	r.reviewBlocks(rev, &d, q.Months(r.data.FiscalYearStart)[0])
	if r.covers(financeFunction) {
		d.Financials = r.scorecardAt(p, q, financeFunction)
	} else {
		d.FinanceOutOfScope = slices.ContainsFunc(r.data.Catalog.KPIs, func(k *kpi.KPI) bool { return k.Function == financeFunction })
	}
	months := q.Months(r.data.FiscalYearStart)
	for _, m := range months {
		d.MonthLabels = append(d.MonthLabels, m.Label())
	}
	d.QAppendix = r.quarterAppendix(d.Groups, months)
	r.neighbours(rev, i, &d.reviewData)
	r.splicedPage("reviews/"+rev.Slug+"/index.html", "quarter.html", func(f *render.Fragments) any { return d.spliced(f) })
	r.publishImages(rev)
	r.quarterPack(rev, d)
}

// reviewBlocks fills the blocks every review shows, monthly or
// quarterly, once its scorecard (d.Groups) is made: the link to its PDF
// when the build prints one, the headline KPIs, the
// commentary required, the decisions, the risks with their movement since
// the period before first (the period's first month), and the actions by
// owner.
func (r *renderer) reviewBlocks(rev *content.Review, d *boardData, first kpi.Period) {
	p, q := rev.Period, rev.Quarter
	d.PDF = r.data.PackPDF != nil && r.data.PackPDF(rev.Slug)
	d.Headline = r.headlineAt(d.Root, p, q)
	d.Decisions = rev.Decisions
	d.Attention = r.attentionList(rev, d.Groups)
	d.Uncommented = uncommented(d.Attention)
	d.AttentionRows = attentionRows(d.Root, d.Attention, r.look.badges, &r.cache.rows.attention)
	d.Risks = r.openRisks(p)
	d.RiskMoves = r.riskMovement(first, p)
	d.Actions = r.actionsAt(p, q)
	d.Owners = actionsByOwner(d.Actions)
}

// quarterPackData is what templates/quarter-pack.html gets.
type quarterPackData struct {
	boardData
	Paper          string
	CSS            template.CSS
	PageCSS        template.CSS
	Classification string // opsreport.yaml's, for every page
}

// boardStyles are a board pack's styles: the monthly pack's and the board
// pack's own.
var boardStyles = append(slices.Clone(packStyles), "css/board.css")

// quarterPack writes a quarterly review's pack and zip, as pack does for
// a month.
func (r *renderer) quarterPack(rev *content.Review, d boardData) {
	if rev.Snapshot != nil {
		d.Restated = nil
	}
	if r.look.packLeavesOut() {
		d.Sections = packSections(d.Sections)
	}
	p := quarterPackData{boardData: d, Paper: r.data.Paper, Classification: r.data.Classification}
	p.CSS, p.PageCSS = r.packCSS(rev, boardStyles)
	r.writePack(rev, "quarter-pack.html", func(f *render.Fragments) any {
		q := p
		q.boardData = p.boardData.spliced(f)
		return q
	})
}

// FigureRows are the rows of data/figures.csv (SPEC 5): every KPI's months
// and, for each quarterly review, its quarter, each placed after the row
// of its last month.
func (d *Data) FigureRows() []kpi.Figure {
	return d.Figures.Table(func(q kpi.Quarter) bool {
		return slices.ContainsFunc(d.Reviews, func(rev *content.Review) bool { return rev.Quarter == q })
	})
}

// periodLabel is a review's period as its pages name it.
func (r *renderer) periodLabel(rev *content.Review) string {
	if rev.IsQuarter() {
		return rev.Quarter.Label() + " (" + rev.Quarter.Span(r.data.FiscalYearStart) + ")"
	}
	return rev.Period.Label()
}

// tableOf is the figures table a pack's zip cuts from: the data's rows as
// figures.csv has them, or every row a closed review's snapshot froze.
func (r *renderer) tableOf(figs *kpi.Figures) []kpi.Figure {
	if figs == r.data.Figures {
		return r.data.FigureRows()
	}
	return figs.Table(func(kpi.Quarter) bool { return true })
}
