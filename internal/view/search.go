package view

import (
	"strings"

	"github.com/opsreport/opsreport/internal/content"
	"github.com/opsreport/opsreport/internal/diag"
	"github.com/opsreport/opsreport/internal/kpi"
	"github.com/opsreport/opsreport/internal/search"
)

// searchIndex writes the site's search index (package search): each
// review's summary and sections as a reader sees them, with the figures
// their shortcodes show, and each KPI page's name and description.
func (r *renderer) searchIndex() {
	r.put(search.Name, r.searchEntries().Script(), 0, 0, 0)
}

// SearchIndex is the search index script of data as Render writes it, for
// measuring the index of a large site without rendering its pages.
func SearchIndex(data *Data, look *Look, d *diag.List) []byte {
	return newRenderer(data, look, nil, &Output{Files: map[string][]byte{}}, d).searchEntries().Script()
}

// searchEntries is the index of every review, newest first, then every
// KPI in catalog order.
func (r *renderer) searchEntries() *search.Index {
	var x search.Index
	for _, rev := range r.data.Reviews {
		rr := r.forReview(rev)
		text := func(doc *content.Doc) string {
			ctx := rr.ctx("", "search", rev.Period)
			ctx.quarter = rev.Quarter
			return doc.Text(ctx.plain)
		}
		entries := []search.Entry{{Anchor: "#summary", Section: "Executive summary", Text: text(rev.Doc)}}
		for _, sec := range rev.Sections {
			entries = append(entries, search.Entry{Anchor: "#section-" + sec.Slug, Section: sec.Meta.Title, Text: text(sec.Doc)})
		}
		x.Add(search.Page{URL: "reviews/" + rev.Slug + "/index.html", Title: rev.Meta.Title, Kind: "Review"}, entries...)
	}
	for _, k := range r.data.Catalog.KPIs {
		x.Add(search.Page{URL: "kpis/" + k.ID + "/index.html", Title: k.Name, Kind: "KPI"},
			search.Entry{Section: kpiSection(k), Text: kpiText(k)})
	}
	return &x
}

// kpiSection is what a KPI's result shows under its name.
func kpiSection(k *kpi.KPI) string {
	if k.Function == "" {
		return "KPI"
	}
	return k.Function + " KPI"
}

// kpiText is the searchable text of a KPI's page beside its name.
func kpiText(k *kpi.KPI) string {
	var lines []string
	if k.Description != "" {
		lines = append(lines, k.Description)
	}
	if k.Owner != "" {
		lines = append(lines, "Owned by "+k.Owner)
	}
	return strings.Join(append(lines, "Id: "+k.ID), "\n")
}

// plain is a shortcode as the search index holds it: the figure of value
// and delta, the word of status, nothing for the rest. It is made from the
// data, so a search for "red" or "$5.35M" finds the review that shows it.
func (c *pageCtx) plain(sc *content.Shortcode) string {
	p, q := c.at(sc)
	var k *kpi.KPI
	if len(sc.Args) > 0 {
		k = c.r.data.Catalog.Get(sc.Args[0])
	}
	if k == nil {
		return ""
	}
	switch sc.Name {
	case "value":
		return c.valueArgs(k, p, q, sc.Param("series", "actual")).Text
	case "delta":
		return c.deltaArgs(k, p, q, sc.Param("vs", "target")).Text
	case "status":
		if s := c.r.viewAt(k, p, q).Status; s != kpi.StatusNone {
			return strings.ToUpper(string(s[:1])) + string(s[1:])
		}
	}
	return ""
}
