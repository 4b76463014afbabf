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
	dir := "reviews/" + rev.Slug + "/"
	var b []byte
	err := r.tmpl.ExecuteFunc(name, p, func(page []byte) {
		b = detachLinks(page, dir, r.Config.BaseURL, r.reviewImages(rev))
	})
	if err != nil {
		addErr(r.d, "templates/"+name, err)
		return
	}
	// The chart library and script go in before </body>, after the links
	// pass so that it does not read 700 KB of script in every pack.
	at := bytes.LastIndex(b, []byte("</body>"))
	if at < 0 {
		at = len(b)
	}
	scripts := r.assets.packScripts()
	page := make([]byte, 0, len(b)+len(scripts.Data))
	page = append(append(append(page, b[:at]...), scripts.Data...), b[at:]...)
	r.put(dir+"pack.html", page, 0, 0, 0)
	r.zip(rev, []*pack.Part{pack.NewPart(b[:at]), scripts, pack.NewPart(b[at:])})
}

// packScripts is the chart library and script as a pack inlines them, made
// once: every pack's zip shares its deflated bytes.
func (a *assets) packScripts() *pack.Part {
	a.scriptsOnce.Do(func() {
		var b bytes.Buffer
		for _, name := range packScripts {
			// "</script" cannot occur inside a script element; in
			// JavaScript "<\/" means the same as "</".
			b.WriteString("<script>")
			b.Write(bytes.ReplaceAll(a.bytes[name], []byte("</script"), []byte(`<\/script`)))
			b.WriteString("</script>\n")
		}
		a.scripts = pack.NewPart(b.Bytes())
	})
	return a.scripts
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
func (r *renderer) zip(rev *Review, page []*pack.Part) {
	files := []pack.File{{Name: "pack.html", Parts: page}}
	for _, doc := range append([]string{path.Join(rev.Dir, "index.md")}, sectionFiles(rev)...) {
		src, err := fs.ReadFile(r.FS, doc)
		if err != nil {
			r.d.Errorf(diag.Pos{File: doc}, "cannot be read for the pack: %v", err)
			continue
		}
		files = append(files, pack.File{Name: "narrative/" + path.Base(doc), Data: src})
	}
	files = append(files, pack.File{Name: "figures-" + rev.Slug + ".csv", Parts: r.figuresUpTo(rev)})
	b, err := pack.Zip(rev.Slug, files, packTime(rev))
	if err != nil {
		r.d.Errorf(diag.Pos{File: rev.Dir}, "pack: %v", err)
		return
	}
	r.put("packs/opsreport-"+rev.Slug+".zip", b, 0, 1, 0)
}

// figureLines are figures.csv's lines for one set of figures, made once
// and shared by every pack cut from it, with the zip parts they make.
type figureLines struct {
	buf     []byte  // every line, in table order
	ends    []int   // line i is buf[ends[i-1]:ends[i]]
	period  []int   // line i's month (Period.Index; a quarter's last month)
	quarter []bool  // line i is a quarter's
	kpis    [][]int // the first and end line of each KPI's run
	header  *pack.Part
	// blocks[j][i] is the block of blockSizes[j] lines from line i, for an
	// i aligned to that size from the first line of its KPI; nil elsewhere.
	blocks [][]*block
}

// block is a run of one KPI's lines, as one zip part.
type block struct {
	part    *pack.Part
	last    int  // the latest month of its lines
	quarter bool // it holds a quarter's line
}

// blockSizes are the lengths, in lines, of the parts a pack's figures are
// cut into, largest first. A pack holds each KPI's lines up to its period,
// so most of its parts are whole 16-line blocks that the packs after it
// hold too; the rest are made of 4-line and single-line parts, also
// shared. Each part is deflated once a build.
var blockSizes = []int{16, 4, 1}

// figuresUpTo is figures.csv cut to the months up to and including rev's
// period, as zip parts. A monthly review's cut has no quarter rows, so its
// archive does not change when a quarterly review is added beside it.
func (r *renderer) figuresUpTo(rev *Review) []*pack.Part {
	fl := r.lines(r.Figures)
	last, quarterly := rev.Period.Index(), rev.IsQuarter()
	parts := []*pack.Part{fl.header}
	for _, run := range fl.kpis {
		for i := run[0]; i < run[1]; {
			next := i + 1 // when even its single line is not in the cut
			for j, n := range blockSizes {
				if b := fl.blocks[j][i]; b != nil && b.last <= last && (quarterly || !b.quarter) {
					parts = append(parts, b.part)
					next = i + n
					break
				}
			}
			i = next
		}
	}
	return parts
}

func (r *renderer) lines(figs *kpi.Figures) *figureLines {
	r.cache.Lock()
	defer r.cache.Unlock()
	if fl, ok := r.cache.lines[figs]; ok {
		return fl
	}
	table := r.tableOf(figs)
	fl := &figureLines{period: make([]int, len(table)), quarter: make([]bool, len(table))}
	b := bytes.NewBuffer(make([]byte, 0, 128*len(table)))
	w := csv.NewWriter(b)
	for i, f := range table {
		w.Write(kpi.FigureRecord(f))
		w.Flush()
		fl.ends = append(fl.ends, b.Len())
		fl.period[i], fl.quarter[i] = f.Period.Index(), f.IsQuarter()
		if i == 0 || f.KPI != table[i-1].KPI {
			fl.kpis = append(fl.kpis, []int{i, i})
		}
		fl.kpis[len(fl.kpis)-1][1] = i + 1
	}
	fl.buf = b.Bytes()
	fl.header = pack.NewPart([]byte(strings.Join(kpi.FiguresHeader, ",") + "\n"))
	fl.blocks = make([][]*block, len(blockSizes))
	for j, n := range blockSizes {
		fl.blocks[j] = make([]*block, len(table))
		for _, run := range fl.kpis {
			for i := run[0]; i+n <= run[1]; i += n {
				b := &block{part: pack.NewPart(fl.buf[fl.lineStart(i):fl.ends[i+n-1]])}
				for k := i; k < i+n; k++ {
					b.last = max(b.last, fl.period[k])
					b.quarter = b.quarter || fl.quarter[k]
				}
				fl.blocks[j][i] = b
			}
		}
	}
	r.cache.lines[figs] = fl
	return fl
}

func (fl *figureLines) lineStart(i int) int {
	if i == 0 {
		return 0
	}
	return fl.ends[i-1]
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
