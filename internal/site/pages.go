package site

import (
	"bytes"
	"fmt"
	"html/template"
	"io/fs"
	"runtime"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/sync/errgroup"

	opsreport "github.com/opsreport/opsreport"
	"github.com/opsreport/opsreport/internal/content"
	"github.com/opsreport/opsreport/internal/diag"
	"github.com/opsreport/opsreport/internal/kpi"
	"github.com/opsreport/opsreport/internal/render"
)

// base is what every page template gets.
type base struct {
	Root         string // relative path to the site root: "", "../", "../../"
	Title        string // the page's own title
	SiteTitle    string
	Organization string
	Nav          string // "home", "reviews" or "kpis"
	Lead         string // the lead review's folder name, for the nav
}

// renderer carries the parsed templates and assets through one build.
type renderer struct {
	*Site
	assets *assets
	out    *Output
	d      *diag.List
	cache  *renderCache // shared by the renderer's copies (forReview)
}

// renderCache holds what several pages of one build share.
type renderCache struct {
	sync.Mutex
	lines map[*kpi.Figures]*figureLines

	links map[*Review]ReviewLink // see link: each review's counts, once

	mentionsOnce sync.Once
	mentions     map[string][]mention // by KPI id; see mentions
}

func newRenderCache() *renderCache {
	return &renderCache{lines: map[*kpi.Figures]*figureLines{}, links: map[*Review]ReviewLink{}}
}

func sub(fsys fs.FS, dir string) fs.FS {
	if _, err := fs.Stat(fsys, dir); err != nil {
		return nil
	}
	s, err := fs.Sub(fsys, dir)
	if err != nil {
		return nil
	}
	return s
}

// Render renders every page of a loaded site. Problems go to d.
func (s *Site) Render(d *diag.List) *Output {
	out, _ := s.render(d)
	return out
}

// render renders every page and returns the parsed look for reuse.
func (s *Site) render(d *diag.List) (*Output, *look) {
	r := s.newRenderer(d, &Output{Files: map[string][]byte{}})
	if r == nil {
		return nil, nil
	}
	// Pages render in parallel across the cores; each writes only its own
	// files through put, so the output does not depend on the order.
	var g errgroup.Group
	g.SetLimit(runtime.GOMAXPROCS(0))
	do := func(f func()) { g.Go(func() error { r.guard(f); return nil }) }
	for i, rev := range s.Reviews {
		do(func() { r.review(rev, i) })
	}
	for _, k := range s.Catalog.KPIs {
		do(func() { r.kpiPage(k) })
	}
	do(r.home)
	do(r.reviewsIndex)
	do(r.catalog)
	do(r.figuresCSV)
	g.Wait()
	r.assets.files(r.out.Files)
	s.warn(d)
	s.warnRestated(d)
	return r.out, &look{assets: r.assets, tmpl: s.tmpl, badges: s.badges}
}

// look is a build's parsed templates and theme, reusable by the next build
// while neither changed.
type look struct {
	assets *assets
	tmpl   *render.Set
	badges badgeSet
}

// rendererWith is newRenderer without parsing again.
func (s *Site) rendererWith(l *look, d *diag.List, out *Output) *renderer {
	s.tmpl, s.badges = l.tmpl, l.badges
	return &renderer{Site: s, d: d, out: out, assets: l.assets, cache: newRenderCache()}
}

// newRenderer parses the templates and reads the theme; nil when they have
// errors (in d).
func (s *Site) newRenderer(d *diag.List, out *Output) *renderer {
	r := &renderer{Site: s, d: d, out: out, cache: newRenderCache()}
	r.assets = loadAssets(sub(opsreport.Builtin, "theme"), sub(s.FS, "theme"), d)
	s.tmpl = render.New(sub(opsreport.Builtin, "templates"), sub(s.FS, "templates"), "templates", r.funcs(), d)
	if d.HasErrors() {
		return nil
	}
	// A badge is the same few bytes for every KPI with that status: render
	// the "badge" template once a status, not once a table cell.
	badges, err := s.renderBadges()
	if err != nil {
		addErr(d, "templates/partials.html", err)
		return nil
	}
	s.badges = badges
	return r
}

func (r *renderer) funcs() template.FuncMap {
	return template.FuncMap{
		"asset": func(root, name string) (string, error) {
			if _, ok := r.assets.path[name]; !ok {
				return "", fmt.Errorf("no asset %q in theme/", name)
			}
			return r.assets.url(root, name), nil
		},
		"pct": func(part, whole int) string {
			if whole == 0 {
				return "0"
			}
			return fmt.Sprintf("%.1f", float64(part)*100/float64(whole))
		},
		"join":  strings.Join,
		"badge": func(st kpi.Status) template.HTML { return r.Site.badges[st] },
		"tile":  func(root string, v FigureView) tileArgs { return tileArgs{root, v} },
	}
}

func (r *renderer) base(root, title, nav string) base {
	b := base{Root: root, Title: title, SiteTitle: r.Config.Title, Organization: r.Config.Organization, Nav: nav}
	if l := r.lead(); l != nil {
		b.Lead = l.Slug
	}
	return b
}

// page executes a page template into the output at path.
func (r *renderer) page(path, name string, data any) {
	err := r.tmpl.ExecuteFunc(name, data, func(b []byte) {
		if r.spill == nil || len(b) < spillSize {
			b = bytes.Clone(b) // kept in the output; a spilled page is written at once
		}
		r.put(path, b, 1, 0, 0)
	})
	if err != nil {
		addErr(r.d, "templates/"+name, err)
	}
}

// markdown renders doc on a page whose shortcodes see period.
func (r *renderer) markdown(doc *content.Doc, ctx *pageCtx, ids *content.IDs, footnotes string) template.HTML {
	if doc == nil {
		return ""
	}
	return doc.Render(ctx.expand, content.RenderOptions{Unsafe: r.Config.UnsafeHTML, IDs: ids, FootnotePrefix: footnotes})
}

func (r *renderer) ctx(root, prefix string, p kpi.Period) *pageCtx {
	return &pageCtx{site: r.Site, root: root, period: p, prefix: idPrefix(prefix), d: r.d}
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
	fl := r.lines(r.current)
	b := make([]byte, 0, len(fl.header.Data)+len(fl.buf))
	r.put("data/figures.csv", append(append(b, fl.header.Data...), fl.buf...), 0, 0, 0)
}
