package site

import (
	"slices"

	"github.com/opsreport/opsreport/internal/diag"
	"github.com/opsreport/opsreport/internal/kpi"
	"github.com/opsreport/opsreport/internal/view"
)

// Data is what the pages show of the site, for view.
func (s *Site) Data() *view.Data {
	c := s.Config
	return &view.Data{Title: c.Title, Organization: c.Organization, Locale: c.Locale, Currency: c.Currency,
		FiscalYearStart: c.FiscalYearStart, Paper: c.Paper, BaseURL: c.BaseURL, UnsafeHTML: c.UnsafeHTML, Classification: c.Classification,
		Catalog: s.Catalog, Store: s.Store, Figures: s.Figures, Home: s.Home, Reviews: s.Reviews, Lead: s.lead(),
		Files: s.FS, PackPDF: s.packPDF, Whole: s.wholeSnapshot, Restated: s.restated.m}
}

// packPDF reports whether the build prints review slug's pack to PDF.
func (s *Site) packPDF(slug string) bool {
	return slices.Contains(s.pdf, "*") || slices.Contains(s.pdf, slug)
}

// Render renders every page of a loaded site. Problems go to d.
func (s *Site) Render(d *diag.List) *Output {
	out, _ := s.render(d)
	return out
}

// Check renders the site in memory and drops the result, so that every
// problem a build would meet is reported without writing anything.
func (s *Site) Check(d *diag.List) { s.Render(d) }

// render parses the look and renders every page; it returns the look for
// the next build to reuse, and nil when the look has errors.
func (s *Site) render(d *diag.List) (*Output, *view.Look) { return s.renderReusing(nil, d) }

// renderReusing is render leaving out the reviews in reused, whose files
// the caller took over from the last build.
func (s *Site) renderReusing(reused map[string]*view.ReviewFiles, d *diag.List) (*Output, *view.Look) {
	look := view.NewLook(s.look, s.FS, d)
	if look == nil {
		return nil, nil
	}
	out := view.RenderReusing(s.Data(), look, s.spill, reused, d)
	s.warn(d)
	s.warnRestated(d)
	return &Output{Output: *out}, look
}

// renderReviews re-renders the named reviews on top of the previous
// output, and the home page when one of them leads it.
func (s *Site) renderReviews(prev *Output, slugs []string, look *view.Look, d *diag.List) *Output {
	out := view.RenderReviews(s.Data(), look, &prev.Output, slugs, d)
	s.warn(d)
	s.warnRestated(d)
	return &Output{Output: *out, Partial: true}
}

// FigureRows are the rows of data/figures.csv (SPEC 5): every KPI's months
// and, for each quarterly review, its quarter, each placed after the row
// of its last month.
func (s *Site) FigureRows() []kpi.Figure { return s.Data().FigureRows() }
