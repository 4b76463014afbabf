package site

import (
	"bytes"
	"fmt"
	"html/template"
	"io/fs"
	"net/url"
	"path"
	"strings"
	"time"

	"golang.org/x/net/html"

	"github.com/opsreport/opsreport/internal/diag"
	"github.com/opsreport/opsreport/internal/kpi"
	"github.com/opsreport/opsreport/internal/pack"
)

// packData is what templates/pack.html gets: the review, and everything a
// single file needs inlined.
type packData struct {
	reviewData
	Paper   string
	CSS     template.CSS
	PageCSS template.CSS // @page rules: running header and footer
	Scripts []template.JS
}

// packAssets are inlined into every pack, in this order.
var (
	packStyles  = []string{"css/site.css", "css/pack.css"}
	packScripts = []string{"vendor/echarts/echarts.common.min.js", "js/charts.js"}
)

// pack writes reviews/P/pack.html and packs/opsreport-P.zip for a review
// whose page data is d. A closed review's pack shows only what its
// snapshot, narratives and registers hold, so it stays byte-identical when
// data/ is corrected later; restatement notes are for its web page.
func (r *renderer) pack(rev *Review, d reviewData) {
	if rev.Snapshot != nil {
		d.Restated = nil
	}
	p := packData{reviewData: d, Paper: r.Config.Paper}
	var css strings.Builder
	for _, name := range packStyles {
		css.Write(r.assets.bytes[name])
		css.WriteString("\n")
	}
	p.CSS = template.CSS(css.String())
	p.PageCSS = template.CSS(pageRules(r.Config.Paper, r.Config.Organization, rev.Meta.Title, rev.Period.Label()))
	for _, name := range packScripts {
		// "</script" cannot occur inside a script element; in JavaScript
		// "<\/" means the same as "</".
		js := strings.ReplaceAll(string(r.assets.bytes[name]), "</script", `<\/script`)
		p.Scripts = append(p.Scripts, template.JS(js))
	}
	b, err := r.tmpl.Execute("pack.html", p)
	if err != nil {
		addErr(r.d, "templates/pack.html", err)
		return
	}
	dir := "reviews/" + rev.Slug + "/"
	b = detachLinks(b, dir, r.Config.BaseURL)
	r.out.Files[dir+"pack.html"] = b
	r.zip(rev, b)
}

// pageRules are the pack's @page rules: paper size, and a running header
// and footer with the organisation, the review and page numbers. The cover
// page has none.
func pageRules(paper, org, title, period string) string {
	size := "A4"
	if paper == "Letter" {
		size = "letter"
	}
	left := title
	if org != "" {
		left = org + " · " + title
	}
	const box = ` font: 8.5pt "Helvetica Neue", Arial, "Liberation Sans", sans-serif; color: #555;`
	return "@page { size: " + size + "; margin: 18mm 15mm 20mm; " +
		"@top-left { content: " + cssString(left) + ";" + box + " } " +
		"@top-right { content: " + cssString(period) + ";" + box + " } " +
		"@bottom-right { content: \"Page \" counter(page) \" of \" counter(pages);" + box + " } } " +
		"@page :first { @top-left { content: none; } @top-right { content: none; } @bottom-right { content: none; } }"
}

// cssString quotes s as a CSS string that cannot end the string, the rule
// or the style element.
func cssString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, c := range s {
		if c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' || c < 0x20 || c == 0x7f {
			fmt.Fprintf(&b, "\\%x ", c)
			continue
		}
		b.WriteRune(c)
	}
	b.WriteByte('"')
	return b.String()
}

// detachLinks makes a pack's links work outside the site: a relative link
// becomes absolute under baseURL when the site has one, and is dropped (the
// text stays) when it has not. Links within the pack (#...) stay.
func detachLinks(page []byte, dir, baseURL string) []byte {
	var base *url.URL
	if baseURL != "" {
		if u, err := url.Parse(strings.TrimSuffix(baseURL, "/") + "/" + dir); err == nil && u.IsAbs() {
			base = u
		}
	}
	z := html.NewTokenizer(bytes.NewReader(page))
	var out bytes.Buffer
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			return out.Bytes()
		}
		raw := append([]byte(nil), z.Raw()...)
		if tt != html.StartTagToken {
			out.Write(raw)
			continue
		}
		tok := z.Token()
		if tok.Data != "a" || !rewriteHref(&tok, base) {
			out.Write(raw)
			continue
		}
		out.WriteString(tok.String())
	}
}

// rewriteHref changes tok's relative href; it reports whether it did.
func rewriteHref(tok *html.Token, base *url.URL) bool {
	for i, a := range tok.Attr {
		if a.Key != "href" || a.Val == "" || strings.HasPrefix(a.Val, "#") || strings.Contains(a.Val, ":") {
			continue
		}
		if base != nil {
			ref, err := url.Parse(a.Val)
			if err == nil {
				tok.Attr[i].Val = base.ResolveReference(ref).String()
				return true
			}
		}
		tok.Attr = append(tok.Attr[:i], tok.Attr[i+1:]...)
		return true
	}
	return false
}

// zip writes packs/opsreport-P.zip: the pack, the narratives as written,
// and the figures of every KPI up to and including the period.
func (r *renderer) zip(rev *Review, page []byte) {
	files := []pack.File{{Name: "pack.html", Data: page}}
	for _, doc := range append([]string{path.Join(rev.Dir, "index.md")}, sectionFiles(rev)...) {
		if src, err := fs.ReadFile(r.FS, doc); err == nil {
			files = append(files, pack.File{Name: "narrative/" + path.Base(doc), Data: src})
		}
	}
	var figs []kpi.Figure
	for _, f := range r.Figures.All() {
		if f.Period.Index() <= rev.Period.Index() {
			figs = append(figs, f)
		}
	}
	var csv bytes.Buffer
	if err := kpi.WriteFiguresCSV(&csv, figs); err != nil {
		r.d.Errorf(diag.Pos{File: rev.Dir}, "pack figures: %v", err)
		return
	}
	files = append(files, pack.File{Name: "figures-" + rev.Slug + ".csv", Data: csv.Bytes()})
	b, err := pack.Zip(rev.Slug, files, packTime(rev))
	if err != nil {
		r.d.Errorf(diag.Pos{File: rev.Dir}, "pack: %v", err)
		return
	}
	r.out.Files["packs/opsreport-"+rev.Slug+".zip"] = b
	r.out.Packs++
}

// packTime stamps every entry of a review's zip: the meeting date, else
// the first day after the period. Never the clock.
func packTime(rev *Review) time.Time {
	if !rev.Date.IsZero() {
		return rev.Date
	}
	n := rev.Period.Add(1)
	return time.Date(n.Year, time.Month(n.Month), 1, 0, 0, 0, 0, time.UTC)
}

func sectionFiles(rev *Review) []string {
	out := make([]string, len(rev.Sections))
	for i, s := range rev.Sections {
		out[i] = s.File
	}
	return out
}
