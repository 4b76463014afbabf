package view

import (
	"html/template"
	"strings"

	"github.com/opsreport/opsreport/internal/content"
	"github.com/opsreport/opsreport/internal/kpi"
)

// headlineView is what the "headline" template gets: the catalog's
// headline KPIs (kpi.Catalog.Headline) as tiles, at a month or a quarter.
type headlineView struct {
	Root  string
	At    string // "Oct 2026", "Q3 FY2027"
	Tiles []FigureView
}

// headlineAt is the headline block at month p, or quarter q when set: the
// same KPIs for every period, those of the review's functions when it is
// scoped to some.
func (r *renderer) headlineAt(root string, p kpi.Period, q kpi.Quarter) headlineView {
	var keep func(*kpi.KPI) bool
	if len(r.functions) > 0 {
		keep = func(k *kpi.KPI) bool { return r.covers(k.Function) }
	}
	h := headlineView{Root: root, At: atLabel(p, q)}
	for _, k := range r.data.Catalog.Headline(keep) {
		v := r.viewAt(k, p, q)
		r.data.shorten(&v)
		h.Tiles = append(h.Tiles, v)
	}
	return h
}

// leadSummary is the first paragraph of a review as the home page leads
// with it: at most n runes of text, figures shortened as on tiles, and
// each status shortcode drawn as its badge, not printed as a bare word.
// Each shortcode stands in the text as a private-use rune while the text
// is cut, so a cut never splits a badge's markup.
func (c *pageCtx) leadSummary(doc *content.Doc, n int) template.HTML {
	var parts []template.HTML
	text := doc.SummaryWith(n, func(sc *content.Shortcode) string {
		h := c.summaryPiece(sc)
		if h == "" {
			return ""
		}
		parts = append(parts, h)
		return string(rune(summaryMark + len(parts) - 1))
	})
	var b strings.Builder
	for _, ch := range text {
		if i := int(ch) - summaryMark; i >= 0 && i < len(parts) {
			b.WriteString(string(parts[i]))
			continue
		}
		b.WriteString(template.HTMLEscapeString(string(ch)))
	}
	return template.HTML(b.String())
}

// summaryMark is the first private-use code point standing for a shortcode
// in leadSummary's text.
const summaryMark = 0xF0000

// summaryPiece is a shortcode in a lead summary: a value or change in its
// compact form, a status as its badge, nothing for the rest.
func (c *pageCtx) summaryPiece(sc *content.Shortcode) template.HTML {
	p, q := c.at(sc)
	k := c.r.data.Catalog.Get(sc.Args[0])
	switch sc.Name {
	case "value":
		h, _ := c.partial("value", c.valueArgs(k, p, q, sc.Param("series", "actual")))
		return h
	case "delta":
		h, _ := c.partial("delta", c.deltaArgs(k, p, q, sc.Param("vs", "target")))
		return h
	case "status":
		return c.r.look.badges[c.r.viewAt(k, p, q).Status]
	}
	return ""
}
