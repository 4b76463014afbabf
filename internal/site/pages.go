package site

import (
	"bytes"
	"fmt"
	"html/template"
	"io/fs"
	"strings"

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
	r := s.newRenderer(d, &Output{Files: map[string][]byte{}})
	if r == nil {
		return nil
	}
	r.home()
	r.reviewsIndex()
	for i, rev := range s.Reviews {
		r.review(rev, i)
	}
	r.catalog()
	for _, k := range s.Catalog.KPIs {
		r.kpiPage(k)
	}
	r.figuresCSV()
	r.assets.files(r.out.Files)
	s.warn(d)
	s.warnRestated(d)
	return r.out
}

// newRenderer parses the templates and reads the theme; nil when they have
// errors (in d).
func (s *Site) newRenderer(d *diag.List, out *Output) *renderer {
	r := &renderer{Site: s, d: d, out: out}
	r.assets = loadAssets(sub(opsreport.Builtin, "theme"), sub(s.FS, "theme"), d)
	s.tmpl = render.New(sub(opsreport.Builtin, "templates"), sub(s.FS, "templates"), "templates", r.funcs(), d)
	if d.HasErrors() {
		return nil
	}
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
		"join": strings.Join,
		"tile": func(root string, v FigureView) tileArgs { return tileArgs{root, v} },
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
	b, err := r.tmpl.Execute(name, data)
	if err != nil {
		addErr(r.d, "templates/"+name, err)
		return
	}
	r.out.Files[path] = b
	r.out.Pages++
}

// markdown renders doc on a page whose shortcodes see period.
func (r *renderer) markdown(doc *content.Doc, ctx *pageCtx, ids *content.IDs, footnotes string) template.HTML {
	if doc == nil {
		return ""
	}
	return doc.Render(ctx.expand, content.RenderOptions{Unsafe: r.Config.UnsafeHTML, IDs: ids, FootnotePrefix: footnotes})
}

func (r *renderer) ctx(root, prefix string, p kpi.Period) *pageCtx {
	return &pageCtx{site: r.Site, root: root, period: p, prefix: prefix, d: r.d}
}

// countCharts adds the charts a page drew to the build's total.
func (r *renderer) countCharts(c *pageCtx) { r.out.Charts += c.charts }

func (r *renderer) figuresCSV() {
	var b bytes.Buffer
	if err := kpi.WriteFiguresCSV(&b, r.Figures.All()); err != nil {
		r.d.Errorf(diag.Pos{File: "data/figures.csv"}, "cannot be written: %v", err)
		return
	}
	r.out.Files["data/figures.csv"] = b.Bytes()
}
