package view

// The large HTML values of a page's data (a scorecard, its groups' rows, a
// section's text and charts, an appendix, a KPI's history) are spliced
// into the page after its template runs (render.ExecuteSpliced) rather
// than printed through it. Each spliced method returns a copy of its data
// with those values put through f.HTML, changing nothing it was given, as
// ExecuteSpliced asks.

import "github.com/opsreport/opsreport/internal/render"

// spliced is d with its large values as placeholders of f.
func (d boardData) spliced(f *render.Fragments) boardData {
	d.Summary = f.HTML(d.Summary)
	d.Scorecard = f.HTML(d.Scorecard)
	d.AttentionRows = f.HTML(d.AttentionRows)
	d.Groups = splicedGroups(f, d.Groups)
	d.Appendix = splicedGroups(f, d.Appendix)
	d.Financials = splicedGroups(f, d.Financials)
	if len(d.Sections) > 0 {
		secs := make([]sectionView, len(d.Sections))
		for i, s := range d.Sections {
			secs[i] = s.spliced(f)
		}
		d.Sections = secs
	}
	if d.FinanceSection != nil {
		s := d.FinanceSection.spliced(f)
		d.FinanceSection = &s
	}
	return d
}

func (s sectionView) spliced(f *render.Fragments) sectionView {
	s.Body, s.Charts = f.HTML(s.Body), f.HTML(s.Charts)
	return s
}

// splicedGroups is a copy of groups with their bodies and appendix rows as
// placeholders of f.
func splicedGroups(f *render.Fragments, groups []Group) []Group {
	if len(groups) == 0 {
		return groups
	}
	out := make([]Group, len(groups))
	for i, g := range groups {
		g.Body = f.HTML(g.Body)
		g.AppendixRows, g.PackAppendixRows = f.HTML(g.AppendixRows), f.HTML(g.PackAppendixRows)
		out[i] = g
	}
	return out
}

func (d kpiData) spliced(f *render.Fragments) kpiData {
	d.Chart, d.HistoryRows = f.HTML(d.Chart), f.HTML(d.HistoryRows)
	return d
}
