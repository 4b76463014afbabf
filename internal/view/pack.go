package view

import (
	"html/template"
	"io/fs"
	"path"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/opsreport/opsreport/internal/content"
	"github.com/opsreport/opsreport/internal/diag"
	"github.com/opsreport/opsreport/internal/kpi"
	"github.com/opsreport/opsreport/internal/pack"
	"github.com/opsreport/opsreport/internal/render"
)

// packData is what templates/pack.html gets: the review, and everything a
// single file needs inlined.
type packData struct {
	boardData
	Paper   string
	CSS     template.CSS
	PageCSS template.CSS // @page rules: running header and footer
	// Classification is opsreport.yaml's classification, for every page.
	Classification string
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
func (r *renderer) pack(rev *content.Review, d boardData) {
	if rev.Snapshot != nil {
		d.Restated = nil
	}
	if r.look.packLeavesOut() {
		d.Sections = packSections(d.Sections)
	}
	p := packData{boardData: d, Paper: r.data.Paper, Classification: r.data.Classification}
	p.CSS, p.PageCSS = r.packCSS(rev, boardStyles) // its board blocks as the quarter's
	r.writePack(rev, "pack.html", func(f *render.Fragments) any {
		q := p
		q.boardData = p.boardData.spliced(f)
		return q
	})
}

// packLeavesOut reports whether packs leave out the section tables that
// the built-in pack.css hides (packSections): only with the built-in
// templates and stylesheets, and no custom.css, which might show them.
func (l *Look) packLeavesOut() bool {
	if l.tmpl.Own() {
		return false
	}
	for _, name := range append(slices.Clone(boardStyles), customCSS) {
		if l.assets.own[name] {
			return false
		}
	}
	return true
}

// customCSS is a site's own stylesheet, loaded after the built-in ones on
// every page and pack.
const customCSS = "css/custom.css"

// packCSS is a pack's inlined styles, the site's own custom.css last, and
// its @page rules.
func (r *renderer) packCSS(rev *content.Review, styles []string) (css, page template.CSS) {
	var b strings.Builder
	for _, name := range styles {
		b.Write(r.look.assets.bytes[name])
		b.WriteString("\n")
	}
	if own, ok := r.look.assets.bytes[customCSS]; ok {
		b.Write(own)
		b.WriteString("\n")
	}
	rules := pack.PageRules(r.data.Paper, r.data.Organization, rev.Meta.Title, r.periodLabel(rev))
	return template.CSS(b.String()), template.CSS(rules)
}

// writePack executes a pack template on data (see render.ExecuteSpliced)
// and writes the pack and its zip.
func (r *renderer) writePack(rev *content.Review, name string, data func(*render.Fragments) any) {
	defer func(t time.Time) { r.cache.packWork.Add(int64(time.Since(t))) }(time.Now())
	dir := "reviews/" + rev.Slug + "/"
	var page []byte
	var parts []*pack.Part
	err := r.look.tmpl.ExecuteSpliced(name, data, func(b []byte) {
		page, parts = pack.Page(b, dir, r.data.BaseURL, r.reviewImages(rev), r.look.assets.packScripts())
	})
	if err != nil {
		addErr(r.d, "templates/"+name, err)
		return
	}
	r.put(dir+"pack.html", page, 0, 0, 0)
	r.zip(rev, parts)
}

// packScripts is the chart library and script as a pack inlines them, made
// once: every pack's zip shares its deflated bytes.
func (a *assets) packScripts() *pack.Part {
	a.scriptsOnce.Do(func() {
		var files [][]byte
		for _, name := range packScripts {
			files = append(files, a.bytes[name])
		}
		a.scripts = pack.Scripts(files...)
	})
	return a.scripts
}

// zip writes packs/opsreport-P.zip: the pack, the narratives as written,
// and every KPI's figures for the months the review shows and uses (see
// packSpan).
func (r *renderer) zip(rev *content.Review, page []*pack.Part) {
	files := []pack.File{{Name: "pack.html", Parts: page}}
	for _, doc := range append([]string{path.Join(rev.Dir, "index.md")}, sectionFiles(rev)...) {
		src, err := fs.ReadFile(r.data.Files, doc)
		if err != nil {
			r.d.Errorf(diag.Pos{File: doc}, "cannot be read for the pack: %v", err)
			continue
		}
		files = append(files, pack.File{Name: "narrative/" + path.Base(doc), Data: src})
	}
	var keep func(string) bool
	if len(r.functions) > 0 {
		keep = func(id string) bool { k := r.data.Catalog.Get(id); return k != nil && r.covers(k.Function) }
	}
	first, last, quarters := r.packSpan(rev)
	figures := r.packFigures(first.Index(), last.Index(), quarters, keep)
	files = append(files, pack.File{Name: "figures-" + rev.Slug + ".csv", Parts: figures})
	files = append(files, r.scorecardFiles(rev)...)
	b, err := pack.Zip(rev.Slug, files, packTime(rev))
	if err != nil {
		r.d.Errorf(diag.Pos{File: rev.Dir}, "pack: %v", err)
		return
	}
	r.put("packs/opsreport-"+rev.Slug+".zip", b, 0, 1, 0)
}

// packMonthsBack is how far before a month a pack's figures reach: the
// trailing twelve months and a year of comparisons for each of them, and
// the fiscal year so far, which starts at most 11 months back. A pack's
// figures then stay the same size however long the site's history grows.
const packMonthsBack = 24

// packSpan is the months of a review's figures in its pack: from 24
// months before its period (packMonthsBack), or further back for a month a
// shortcode shows or needs (a chart's months, a prior year), to its period,
// or further on for a later month a shortcode names (period="2026-12"),
// with quarter lines for a quarterly review only: figures.csv has them for
// the quarters of quarterly reviews, so a monthly pack would change when
// one is added beside it.
func (r *renderer) packSpan(rev *content.Review) (first, last kpi.Period, quarters bool) {
	first, last, quarters = rev.Period.Add(-packMonthsBack), rev.Period, rev.IsQuarter()
	ctx := r.ctx("", "", rev.Period)
	ctx.quarter = rev.Quarter
	for _, doc := range rev.Docs() {
		if doc == nil {
			continue
		}
		for _, sc := range doc.Shortcodes() {
			p, q := ctx.at(sc)
			back := 0
			switch sc.Name {
			case "chart":
				months, _ := strconv.Atoi(sc.Param("months", "13"))
				if strings.Contains(sc.Param("compare", ""), "prior_year") {
					months += 12
				}
				back = months - 1
			case "tile", "scorecard":
				back = 12
			}
			if q != (kpi.Quarter{}) {
				back = max(back, 2)
			}
			if from := p.Add(-back); from.Before(first) {
				first = from
			}
			if last.Before(p) {
				last = p
			}
		}
	}
	return first, last, quarters
}

// packFigures are the lines of r's figures in a pack's window (see
// pack.Figures.Window). The data's are made once a build and shared by
// every pack cut from them; a closed review's snapshot serves its own pack
// only, so only its lines in the window are made, and none are kept: a
// long history's snapshot holds ten years, its pack two.
func (r *renderer) packFigures(first, last int, quarterly bool, keep func(id string) bool) []*pack.Part {
	if r.figs == r.data.Figures {
		return r.lines(r.figs).Window(first, last, quarterly, keep)
	}
	var lines []byte
	for _, f := range r.tableOf(r.figs) {
		if i := f.Period.Index(); i >= first && i <= last && (quarterly || !f.IsQuarter()) && (keep == nil || keep(f.KPI.ID)) {
			lines = kpi.AppendFigureCSV(lines, f)
		}
	}
	return pack.FiguresOf(lines)
}

// lines are figures.csv's lines for figs, made once a build and shared by
// every pack cut from them.
func (r *renderer) lines(figs *kpi.Figures) *pack.Figures {
	r.cache.Lock()
	defer r.cache.Unlock()
	if fl, ok := r.cache.lines[figs]; ok {
		return fl
	}
	fl := pack.NewFigures(r.tableOf(figs))
	r.cache.lines[figs] = fl
	return fl
}

// reviewImages reads the images beside a review's narratives.
func (r *renderer) reviewImages(rev *content.Review) map[string][]byte {
	out := map[string][]byte{}
	for _, name := range rev.Assets {
		file := path.Join(rev.Dir, name)
		data, err := fs.ReadFile(r.data.Files, file)
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
func (r *renderer) publishImages(rev *content.Review) {
	for name, data := range r.reviewImages(rev) {
		r.put("reviews/"+rev.Slug+"/"+name, data, 0, 0, 0)
	}
}

// packTime stamps every entry of a review's zip: the meeting date, else
// the first day after the period. Never the clock.
func packTime(rev *content.Review) time.Time {
	if !rev.Date.IsZero() {
		return rev.Date
	}
	n := rev.Period.Add(1)
	return time.Date(n.Year, time.Month(n.Month), 1, 0, 0, 0, 0, time.UTC)
}

func sectionFiles(rev *content.Review) []string {
	out := make([]string, len(rev.Sections))
	for i, s := range rev.Sections {
		out[i] = s.File
	}
	return out
}
