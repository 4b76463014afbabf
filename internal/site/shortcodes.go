package site

import (
	"slices"
	"strings"

	"github.com/opsreport/opsreport/internal/content"
	"github.com/opsreport/opsreport/internal/diag"
	"github.com/opsreport/opsreport/internal/kpi"
)

// checkShortcodes reports KPI ids and periods the catalog and data do not
// know, for every shortcode of doc.
func (s *Site) checkShortcodes(doc *content.Doc, d *diag.List) {
	ids := s.Catalog.IDs()
	for _, sc := range doc.Shortcodes() {
		for _, id := range sc.Args {
			if s.Catalog.Get(id) == nil {
				d.Errorf(sc.Pos, "unknown KPI %q in %s%s", id, sc.Name, diag.DidYouMean(id, ids))
			}
		}
		if p := sc.Param("period", ""); p != "" {
			if _, ok := kpi.ParseEnd(p, s.Config.FiscalYearStart); !ok {
				d.Errorf(sc.Pos, "period %q in %s is not a month like 2026-09 or a quarter like 2027-Q3", p, sc.Name)
			}
		}
		if f := sc.Param("function", ""); f != "" && !slices.Contains(s.functions(), f) {
			d.Errorf(sc.Pos, "unknown function %q in %s%s", f, sc.Name, diag.DidYouMean(f, s.functions()))
		}
	}
}

// checkFunctions reports the functions a review's front matter scopes it
// to (functions:) that the catalog does not have.
func (s *Site) checkFunctions(r *content.Review, d *diag.List) {
	for _, f := range r.Meta.Functions {
		if slices.Contains(s.functions(), f) {
			continue
		}
		hint := diag.DidYouMean(f, s.functions())
		if hint == "" {
			hint = " (the catalog's functions: " + strings.Join(s.functions(), ", ") + ")"
		}
		d.Errorf(r.Doc.KeyPos("functions"), "functions: unknown function %q%s", f, hint)
	}
}

// functions lists the catalog's functions in catalog order.
func (s *Site) functions() []string {
	var out []string
	for _, k := range s.Catalog.KPIs {
		if !slices.Contains(out, k.Function) {
			out = append(out, k.Function)
		}
	}
	return out
}
