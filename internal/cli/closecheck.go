package cli

import (
	"bytes"
	"cmp"
	"os"
	"path/filepath"
	"regexp"
	"slices"

	"github.com/opsreport/opsreport/internal/content"
	"github.com/opsreport/opsreport/internal/diag"
	"github.com/opsreport/opsreport/internal/kpi"
	"github.com/opsreport/opsreport/internal/site"
)

// promptText is a "_Write: …_" prompt as opsreport new review leaves it in
// each paragraph for the author to replace.
var promptText = regexp.MustCompile(`_Write: [^_\n]*_`)

// closeWarnings are what close asks --force for, since a frozen review
// cannot be corrected later: a period no KPI has an actual value for, and
// narratives still holding the prompts of opsreport new review.
func closeWarnings(dir string, s *site.Site, rev *content.Review) *diag.List {
	var d diag.List
	if !hasActuals(s, rev) {
		d.Warnf(diag.Pos{File: rev.Dir}, "no KPI has an actual value for %s (is data/ up to date?)", rev.Slug)
	}
	files := []string{rev.Dir + "/index.md"}
	for _, sec := range rev.Sections {
		files = append(files, sec.File)
	}
	for _, f := range files {
		src, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(f)))
		if err != nil {
			continue // read a moment ago by the load; the write will tell
		}
		if locs := promptText.FindAllIndex(src, -1); len(locs) > 0 {
			line := bytes.Count(src[:locs[0][0]], []byte("\n")) + 1
			d.Warnf(diag.Pos{File: f, Line: line}, "still holds %s to write (%s), the first here",
				diag.Plural(len(locs), "prompt"), src[locs[0][0]:locs[0][1]])
		}
	}
	return &d
}

// hasActuals reports whether any KPI has an actual for the review's month,
// or for any month of its quarter.
func hasActuals(s *site.Site, rev *content.Review) bool {
	months := []kpi.Period{rev.Period}
	if rev.Quarter != (kpi.Quarter{}) {
		months = rev.Quarter.Months(s.Config.FiscalYearStart)
	}
	return slices.ContainsFunc(s.Figures.All(), func(f kpi.Figure) bool {
		return !f.IsQuarter() && f.Actual.OK && slices.Contains(months, f.Period)
	})
}

// withPeriodRows makes sure a snapshot holds its review's own period, as
// the build requires of it: a review closed with --force although its
// period has no value gets one empty row per KPI for it, which is what the
// board saw.
func withPeriodRows(figs []kpi.Figure, s *site.Site, rev *content.Review) []kpi.Figure {
	if slices.ContainsFunc(figs, func(f kpi.Figure) bool { return f.Period == rev.Period }) {
		return figs
	}
	for _, id := range s.Catalog.IDs() {
		figs = append(figs, kpi.Figure{KPI: s.Catalog.Get(id), Period: rev.Period, Status: kpi.StatusNone})
	}
	slices.SortStableFunc(figs, func(a, b kpi.Figure) int { return cmp.Compare(a.KPI.ID, b.KPI.ID) })
	return figs
}
