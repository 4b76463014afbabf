// Package view is what each page kind shows: the home page, the reviews
// index, a review (monthly or a quarter's board review) and its pack, the
// KPI catalog and each KPI's page; the rows, tiles, charts and shortcode
// HTML on them. It renders a Data — the part of a loaded site that pages
// show, handed in by site — through a Look (the built-in templates and
// theme, overridden by the site's own) into an in-memory Output. It reads
// only the site folder's narratives and images through Data.Files, and
// writes nothing.
package view

import (
	"bytes"
	"fmt"
	"html/template"
	"io/fs"
	"maps"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/sync/errgroup"

	"github.com/opsreport/opsreport/internal/content"
	"github.com/opsreport/opsreport/internal/diag"
	"github.com/opsreport/opsreport/internal/kpi"
	"github.com/opsreport/opsreport/internal/pack"
	"github.com/opsreport/opsreport/internal/render"
)

// Data is what the pages show: a loaded and checked site, as site hands it
// in. It is read-only while pages render.
type Data struct {
	Title, Organization string
	Locale, Currency    string // number formats (kpi.KPI.Format)
	FiscalYearStart     int
	Paper               string // "A4" or "Letter", for packs
	BaseURL             string // a pack's relative links resolve under it
	UnsafeHTML          bool   // narratives may hold raw HTML
	// PackPDF reports whether the build prints review slug's pack to
	// reviews/P/pack.pdf (build --pdf, opsreport pdf), so its page links
	// it; nil for none.
	PackPDF        func(slug string) bool
	Classification string // printed on every page of a pack; may be empty

	Catalog *kpi.Catalog
	Store   *kpi.Store
	// Figures are the data's figures; a closed review's pages show its
	// snapshot (content.Review.Snapshot) instead.
	Figures *kpi.Figures
	Home    *content.Page
	Reviews []*content.Review // newest first
	Lead    *content.Review   // the review the home page leads with; nil when none
	// Files is the site folder, from which a review's narratives go into
	// its zip and its images next to its page.
	Files fs.FS
	// Whole, when set, reads a closed review's snapshot whole for the
	// pages that show its history (its page and pack, the home page when
	// it leads); its Snapshot then holds only the rows the other pages
	// read of it (the status counts at its period, the values its
	// narratives name), so a long history's snapshots are not all held at
	// once. Nil: Snapshot is whole.
	// Problems reading it go to d, and it returns nil.
	Whole func(rev *content.Review, d *diag.List) *kpi.Figures
	// Restated are the restatements of the closed reviews Whole read when
	// the site was loaded, compared then (see Restatements).
	Restated map[*content.Review][]Restatement
}

// Output is a rendered site: files by slash path, and what was made.
type Output struct {
	Files                map[string][]byte
	Pages, Packs, Charts int
	// Work is the time the render workers spent, summed over them; PackWork
	// the part of it spent on packs (pack.html and zip), for --timings.
	Work, PackWork time.Duration
	// Reviews are each rendered review's files and counts, by slug.
	Reviews map[string]*ReviewFiles
}

// Spill, when not nil, takes each large output file (packs, zips, long
// pages) as soon as it is made, instead of Output.Files holding it. It must
// not keep data once it returns: the memory is reused.
type Spill func(path string, data []byte) error

// spillSize is the size from which a file goes to a Spill.
const spillSize = 64 << 10

// base is what every page template gets.
type base struct {
	Root         string // relative path to the site root: "", "../", "../../"
	Title        string // the page's own title
	SiteTitle    string
	Organization string
	Nav          string // "home", "reviews" or "kpis"
	Lead         string // the lead review's folder name, for the nav
	Board        bool   // a quarter's board review, whose page adds css/board.css
}

// renderer is one build's rendering: the data, the figures the page being
// rendered shows (the data's, or a closed review's snapshot: see
// forReview), the look, and the output.
type renderer struct {
	data  *Data
	figs  *kpi.Figures
	regs  kpi.Registers // the risk register and action log shown: live, or a closed review's
	look  *Look
	spill Spill
	out   *Output
	d     *diag.List
	cache *renderCache // shared by the renderer's copies (forReview)
	track *ReviewFiles // when set, put also records here (the review being rendered)
	// functions scope the scorecards and status counts to a review's
	// functions (its front matter's functions:); nil: every function.
	functions []string
}

// covers reports whether the renderer's scorecards show function's KPIs.
func (r *renderer) covers(function string) bool {
	return len(r.functions) == 0 || slices.Contains(r.functions, function)
}

// renderCache holds what several pages of one build share.
type renderCache struct {
	sync.Mutex
	lines map[*kpi.Figures]*pack.Figures

	links map[*content.Review]ReviewLink // see link: each review's counts, once

	mentionsOnce sync.Once
	mentions     map[string][]mention // by KPI id; see mentions

	packWork atomic.Int64 // nanoseconds spent in writePack, summed over the workers

	rows rowSizes // the size of rows of each kind of table made in Go (rows.go)
}

func newRenderer(data *Data, look *Look, spill Spill, out *Output, d *diag.List) *renderer {
	cache := &renderCache{lines: map[*kpi.Figures]*pack.Figures{}, links: map[*content.Review]ReviewLink{}}
	r := &renderer{data: data, figs: data.Figures, look: look, spill: spill, out: out, d: d, cache: cache}
	if data.Store != nil {
		r.regs = kpi.Registers{Risks: data.Store.Risks, Actions: data.Store.Actions}
	}
	return r
}

// Render renders every page of data. Problems go to d.
func Render(data *Data, look *Look, spill Spill, d *diag.List) *Output {
	return RenderReusing(data, look, spill, nil, d)
}

// RenderReusing renders every page of data but the reviews named in
// reused, whose files the caller takes over from an earlier build: only
// their counts are added to the output's.
func RenderReusing(data *Data, look *Look, spill Spill, reused map[string]*ReviewFiles, d *diag.List) *Output {
	r := newRenderer(data, look, spill, &Output{Files: map[string][]byte{}, Reviews: map[string]*ReviewFiles{}}, d)
	// Pages render in parallel across the cores; each writes only its own
	// files through put, so the output does not depend on the order.
	var g errgroup.Group
	g.SetLimit(runtime.GOMAXPROCS(0))
	var work atomic.Int64
	do := func(f func()) {
		g.Go(func() error {
			t := time.Now()
			r.guard(f)
			work.Add(int64(time.Since(t)))
			return nil
		})
	}
	for i, rev := range data.Reviews {
		if _, ok := reused[rev.Slug]; !ok {
			do(func() { r.tracked(rev, i) })
		}
	}
	if _, ok := reused[DataPages]; !ok {
		for _, k := range data.Catalog.KPIs {
			do(func() { r.trackedData(func(r *renderer) { r.kpiPage(k) }) })
		}
		do(func() { r.trackedData((*renderer).figuresCSV) })
		do(func() { r.trackedData((*renderer).figuresXLSX) })
	}
	if _, ok := reused[HomePage]; !ok {
		do(func() { r.trackedAs(HomePage, (*renderer).home) })
	}
	do(r.reviewsIndex)
	do(r.catalog)
	do(r.searchIndex)
	g.Wait()
	// The reused reviews' and pages' counts, once the workers no longer
	// count.
	for _, rf := range reused {
		r.out.Pages += rf.Pages
		r.out.Packs += rf.Packs
		r.out.Charts += rf.Charts
	}
	look.assets.files(r.out.Files)
	r.out.Work, r.out.PackWork = time.Duration(work.Load()), time.Duration(r.cache.packWork.Load())
	return r.out
}

// RenderReviews re-renders the named reviews on top of a previous output
// of the same look, and the home page when one of them leads it. The
// counts stay the previous output's.
func RenderReviews(data *Data, look *Look, prev *Output, slugs []string, d *diag.List) *Output {
	out := &Output{Files: maps.Clone(prev.Files), Pages: prev.Pages, Packs: prev.Packs, Charts: prev.Charts}
	r := newRenderer(data, look, nil, out, d)
	for i, rev := range data.Reviews {
		if slices.Contains(slugs, rev.Slug) {
			r.review(rev, i)
			if rev == data.Lead {
				r.home()
			}
		}
	}
	r.searchIndex() // the edited narratives' text is in it
	out.Pages, out.Packs, out.Charts = prev.Pages, prev.Packs, prev.Charts
	return out
}

// tracked renders a review, recording its files in the output's Reviews.
func (r *renderer) tracked(rev *content.Review, i int) {
	rr := *r
	rr.track = &ReviewFiles{Files: map[string]int64{}}
	var local diag.List
	rr.d = &local
	rr.review(rev, i)
	r.d.Merge(&local)
	rr.track.Warnings = local.WarningItems()
	r.cache.Lock()
	r.out.Reviews[rev.Slug] = rr.track
	r.cache.Unlock()
}

func (r *renderer) base(root, title, nav string) base {
	b := base{Root: root, Title: title, SiteTitle: r.data.Title, Organization: r.data.Organization, Nav: nav}
	if l := r.data.Lead; l != nil {
		b.Lead = l.Slug
	}
	return b
}

// page executes a page template into the output at path.
func (r *renderer) page(path, name string, data any) {
	r.pageErr(name, r.look.tmpl.ExecuteFunc(name, data, r.putPage(path)))
}

// splicedPage is page for data with large fragments (see splice.go).
func (r *renderer) splicedPage(path, name string, data func(*render.Fragments) any) {
	r.pageErr(name, r.look.tmpl.ExecuteSpliced(name, data, r.putPage(path)))
}

// putPage puts an executed page, handed over in a reused buffer, at path.
func (r *renderer) putPage(path string) func([]byte) {
	return func(b []byte) {
		if r.spill == nil || len(b) < spillSize {
			b = bytes.Clone(b) // kept in the output; a spilled page is written at once
		}
		r.put(path, b, 1, 0, 0)
	}
}

func (r *renderer) pageErr(name string, err error) {
	if err != nil {
		addErr(r.d, "templates/"+name, err)
	}
}

// markdown renders doc on a page whose shortcodes see period.
func (r *renderer) markdown(doc *content.Doc, ctx *pageCtx, ids *content.IDs, footnotes string) template.HTML {
	if doc == nil {
		return ""
	}
	return doc.Render(ctx.expand, content.RenderOptions{Unsafe: r.data.UnsafeHTML, IDs: ids, FootnotePrefix: footnotes})
}

func (r *renderer) ctx(root, prefix string, p kpi.Period) *pageCtx {
	return &pageCtx{r: r, root: root, period: p, prefix: idPrefix(prefix), d: r.d}
}

// idPrefix makes a section's name fit a chart id (a letter, then letters,
// digits, '-' and '_'): a section file may be named "60-clientèle.md". A
// name that fits stays as it is; any other rune becomes its code in hex
// between underscores, which keeps different names apart.
func idPrefix(name string) string {
	var b strings.Builder
	for i, c := range name {
		switch {
		case c < utf8.RuneSelf && (unicode.IsLetter(c) || unicode.IsDigit(c) && i > 0 || (c == '-' || c == '_') && i > 0):
			b.WriteRune(c)
		default:
			if i == 0 {
				b.WriteByte('s')
			}
			fmt.Fprintf(&b, "_%x_", c)
		}
	}
	if b.Len() == 0 {
		return "s"
	}
	return b.String()
}

// countCharts adds the charts a page drew to the build's total.
func (r *renderer) countCharts(c *pageCtx) { r.put("", nil, 0, 0, c.charts) }

// guard runs f, turning a panic into an error: a page goroutine's panic
// would otherwise end the program with a stack trace, past cli's recover.
func (r *renderer) guard(f func()) {
	defer func() {
		if p := recover(); p != nil {
			r.d.Errorf(diag.Pos{}, "internal error while rendering: %v (please report it)", p)
		}
	}()
	f()
}

// put adds a file (when path is not empty) and counts to the output; pages
// render in parallel, so this is the one place that writes the output.
func (r *renderer) put(path string, data []byte, pages, packs, charts int) {
	spilled := false
	if r.spill != nil && len(data) >= spillSize {
		if err := r.spill(path, data); err != nil {
			r.d.Errorf(diag.Pos{File: path}, "cannot be written: %v", err)
		}
		spilled = true
	}
	if r.track != nil {
		if path != "" {
			r.track.Files[path] = int64(len(data))
		}
		r.track.Pages += pages
		r.track.Packs += packs
		r.track.Charts += charts
	}
	r.cache.Lock()
	defer r.cache.Unlock()
	if path != "" && !spilled {
		r.out.Files[path] = data
	}
	r.out.Pages += pages
	r.out.Packs += packs
	r.out.Charts += charts
}

// figuresCSV writes data/figures.csv from the lines the packs are cut from
// (FigureRows, formatted once a build).
func (r *renderer) figuresCSV() {
	r.put("data/figures.csv", r.lines(r.data.Figures).CSV(), 0, 0, 0)
}
