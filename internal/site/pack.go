package site

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"html/template"
	"io/fs"
	"path"
	"strings"
	"time"

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
	p.CSS, p.PageCSS = r.packCSS(rev, packStyles)
	r.writePack(rev, "pack.html", p)
}

// packCSS is a pack's inlined styles and its @page rules.
func (r *renderer) packCSS(rev *Review, styles []string) (css, page template.CSS) {
	var b strings.Builder
	for _, name := range styles {
		b.Write(r.assets.bytes[name])
		b.WriteString("\n")
	}
	return template.CSS(b.String()), template.CSS(pageRules(r.Config.Paper, r.Config.Organization, rev.Meta.Title, r.periodLabel(rev)))
}

// writePack executes a pack template and writes the pack and its zip.
func (r *renderer) writePack(rev *Review, name string, p any) {
	b, err := r.tmpl.Execute(name, p)
	if err != nil {
		addErr(r.d, "templates/"+name, err)
		return
	}
	dir := "reviews/" + rev.Slug + "/"
	b = inlineScripts(detachLinks(b, dir, r.Config.BaseURL, r.reviewImages(rev)), r.assets)
	r.put(dir+"pack.html", b, 0, 0, 0)
	r.zip(rev, b)
}

// inlineScripts puts the chart library and script in before </body>. It
// runs after detachLinks, so the links pass does not tokenise 700 KB of
// script in every pack.
func inlineScripts(page []byte, a *assets) []byte {
	i := bytes.LastIndex(page, []byte("</body>"))
	if i < 0 {
		i = len(page)
	}
	var b bytes.Buffer
	b.Grow(len(page) + 800_000)
	b.Write(page[:i])
	for _, name := range packScripts {
		// "</script" cannot occur inside a script element; in JavaScript
		// "<\/" means the same as "</".
		b.WriteString("<script>")
		b.Write(bytes.ReplaceAll(a.bytes[name], []byte("</script"), []byte(`<\/script`)))
		b.WriteString("</script>\n")
	}
	b.Write(page[i:])
	return b.Bytes()
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

// zip writes packs/opsreport-P.zip: the pack, the narratives as written,
// and the figures of every KPI up to and including the period.
func (r *renderer) zip(rev *Review, page []byte) {
	files := []pack.File{{Name: "pack.html", Data: page}}
	for _, doc := range append([]string{path.Join(rev.Dir, "index.md")}, sectionFiles(rev)...) {
		src, err := fs.ReadFile(r.FS, doc)
		if err != nil {
			r.d.Errorf(diag.Pos{File: doc}, "cannot be read for the pack: %v", err)
			continue
		}
		files = append(files, pack.File{Name: "narrative/" + path.Base(doc), Data: src})
	}
	files = append(files, pack.File{Name: "figures-" + rev.Slug + ".csv", Data: r.figuresUpTo(rev)})
	b, err := pack.Zip(rev.Slug, files, packTime(rev))
	if err != nil {
		r.d.Errorf(diag.Pos{File: rev.Dir}, "pack: %v", err)
		return
	}
	r.put("packs/opsreport-"+rev.Slug+".zip", b, 0, 1, 0)
}

// figureLines are figures.csv's lines for one set of figures, made once
// and shared by every pack cut from it.
type figureLines struct {
	figs  []kpi.Figure
	lines [][]byte
}

// figuresUpTo is figures.csv cut to the months up to and including p.
// A monthly review's cut has no quarter rows, so its archive does not
// change when a quarterly review is added beside it.
func (r *renderer) figuresUpTo(rev *Review) []byte {
	fl := r.lines(r.Figures)
	var b bytes.Buffer
	b.WriteString(strings.Join(kpi.FiguresHeader, ",") + "\n")
	for i, f := range fl.figs {
		if f.Period.Index() <= rev.Period.Index() && (rev.IsQuarter() || !f.IsQuarter()) {
			b.Write(fl.lines[i])
		}
	}
	return b.Bytes()
}

func (r *renderer) lines(figs *kpi.Figures) *figureLines {
	r.cache.Lock()
	defer r.cache.Unlock()
	if fl, ok := r.cache.lines[figs]; ok {
		return fl
	}
	fl := &figureLines{figs: r.tableOf(figs)}
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	for _, f := range fl.figs {
		w.Write(kpi.FigureRecord(f))
		w.Flush()
		fl.lines = append(fl.lines, bytes.Clone(b.Bytes()))
		b.Reset()
	}
	r.cache.lines[figs] = fl
	return fl
}

// reviewImages reads the images beside a review's narratives.
func (r *renderer) reviewImages(rev *Review) map[string][]byte {
	out := map[string][]byte{}
	for _, name := range rev.Assets {
		file := path.Join(rev.Dir, name)
		data, err := fs.ReadFile(r.FS, file)
		if err != nil {
			r.d.Errorf(diag.Pos{File: file}, "cannot be read: %v", err)
			continue
		}
		out[name] = data
	}
	return out
}

// publishImages puts a review's images next to its page, where its
// narratives' relative links find them.
func (r *renderer) publishImages(rev *Review) {
	for name, data := range r.reviewImages(rev) {
		r.put("reviews/"+rev.Slug+"/"+name, data, 0, 0, 0)
	}
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
