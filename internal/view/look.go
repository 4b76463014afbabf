package view

import (
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"strings"

	"github.com/opsreport/opsreport/internal/diag"
	"github.com/opsreport/opsreport/internal/kpi"
	"github.com/opsreport/opsreport/internal/render"
)

// Look is a site's parsed templates and theme: the built-in look with the
// site's own files over it. A build parses it once; the next build reuses
// it while neither templates/ nor theme/ changed.
type Look struct {
	assets *assets
	tmpl   *render.Set
	badges badgeSet // the "badge" template for each status, rendered once
}

// NewLook parses the templates and reads the theme of builtin (the
// built-in look: its templates/ and theme/ folders) and of site (the site
// folder, whose templates/ and theme/ override it). It returns nil when
// they have errors, which go to d.
func NewLook(builtin, site fs.FS, d *diag.List) *Look {
	l := &Look{}
	l.assets = loadAssets(sub(builtin, "theme"), sub(site, "theme"), d)
	l.tmpl = render.New(sub(builtin, "templates"), sub(site, "templates"), "templates", l.funcs(), d)
	if d.HasErrors() {
		return nil
	}
	// A badge is the same few bytes for every KPI with that status: render
	// the "badge" template once a status, not once a table cell.
	badges, err := l.renderBadges()
	if err != nil {
		addErr(d, "templates/partials.html", err)
		return nil
	}
	l.badges = badges
	return l
}

// sub is dir of fsys, or nil when fsys has no such folder.
func sub(fsys fs.FS, dir string) fs.FS {
	if fsys == nil {
		return nil
	}
	if _, err := fs.Stat(fsys, dir); err != nil {
		return nil
	}
	s, err := fs.Sub(fsys, dir)
	if err != nil {
		return nil
	}
	return s
}

func (l *Look) funcs() template.FuncMap {
	return template.FuncMap{
		"asset": func(root, name string) (string, error) {
			if _, ok := l.assets.path[name]; !ok {
				return "", fmt.Errorf("no asset %q in theme/", name)
			}
			return l.assets.url(root, name), nil
		},
		"pct": func(part, whole int) string {
			if whole == 0 {
				return "0"
			}
			return fmt.Sprintf("%.1f", float64(part)*100/float64(whole))
		},
		"hasAsset": func(name string) bool {
			_, ok := l.assets.path[name]
			return ok
		},
		"join":  strings.Join,
		"badge": func(st kpi.Status) template.HTML { return l.badges[st] },
		"tile":  func(root string, v FigureView) tileArgs { return tileArgs{root, v} },
	}
}

// badgeSet is the badge HTML of each status, as the "badge" template
// renders it; a status it lacks shows nothing, as the template function
// "badge" does. Under worseKey it holds the "worse" template's mark.
type badgeSet map[kpi.Status]template.HTML

// renderBadges renders the "badge" template once for each status.
func (l *Look) renderBadges() (badgeSet, error) {
	out := badgeSet{}
	for _, st := range []kpi.Status{kpi.Green, kpi.Amber, kpi.Red, kpi.StatusNone} {
		b, err := l.tmpl.HTML("badge", st)
		if err != nil {
			return nil, err
		}
		out[st] = b
	}
	// Tables made in Go print the site's "worse" mark too.
	b, err := l.tmpl.HTML("worse", "bad")
	if err != nil {
		return nil, err
	}
	out[worseKey] = b
	return out, nil
}

// worseKey holds, in a badgeSet, the "worse" template's mark for a change
// for the worse; no status has its name.
const worseKey kpi.Status = "\x00worse"

// addErr records err: a diagnostic as it is, anything else at file.
func addErr(d *diag.List, file string, err error) {
	var dg diag.Diagnostic
	if errors.As(err, &dg) {
		d.Add(dg)
		return
	}
	d.Errorf(diag.Pos{File: file}, "cannot be read: %v", err)
}
