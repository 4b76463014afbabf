package view

import (
	"fmt"
	"path"
	"strings"

	"github.com/opsreport/opsreport/internal/diag"
)

// ReviewFiles are the files one review's rendering made (slash path →
// size) and what it counted, so that a later build can take them over
// instead of rendering the review again (see site's reuse keys).
type ReviewFiles struct {
	Files                map[string]int64 `json:"files"`
	Pages, Packs, Charts int
	// Warnings are what rendering them reported (a flat bar chart): a
	// build that takes the files over reports them again.
	Warnings []diag.Diagnostic `json:"render_warnings,omitempty"`
}

// Contexts describe what pages show that neither a review's own folder
// nor the catalog, configuration or look decide; each review's link
// (title, period, date, status and status counts) is made once for both.
//
// reviews, for each review of data.Reviews (same index): the lead review
// the navigation links to, and the links to the reviews before and after
// it. The rest of what a closed review's page reads from outside its folder
// is the live figures its restatement notes compare with and the review
// before it's snapshot: site adds those to the key.
//
// home, for the home page: the lead, and every review's link. Its own text,
// the live figures and the lead's folder are site's to add.
func Contexts(data *Data) (reviews []string, home string) {
	var d diag.List // links report nothing; a renderer needs a list all the same
	r := newRenderer(data, nil, nil, &Output{Files: map[string][]byte{}}, &d)
	links := make([]ReviewLink, len(data.Reviews))
	for i, rev := range data.Reviews {
		links[i] = r.link(rev)
	}
	lead := ""
	if data.Lead != nil {
		lead = data.Lead.Slug
	}
	var b strings.Builder
	if data.Lead != nil {
		fmt.Fprintf(&b, "lead %q\n", lead)
	}
	reviews = make([]string, len(links))
	for i, l := range links {
		var prev, next ReviewLink
		if i+1 < len(links) {
			prev = links[i+1]
		}
		if i > 0 {
			next = links[i-1]
		}
		reviews[i] = fmt.Sprintf("lead %q\nprev %+v\nnext %+v\n", lead, prev, next)
		fmt.Fprintf(&b, "review %+v\n", l)
	}
	return reviews, b.String()
}

// HomePage stands, among RenderReusing's reused and Output.Reviews, for
// the home page (index.html): a narrative edit in a review that does not
// lead leaves it as it was, and rendering it reads the lead's snapshot
// whole.
const HomePage = "home page"

// DataPages stands, among RenderReusing's reused and Output.Reviews, for
// the pages made from the data, the catalog and which narratives mention
// each KPI, but from no narrative's text or snapshot: every KPI's page and
// history.csv (kpis/ID/), data/figures.csv and data/figures.xlsx. It is no
// review's slug (a slug is a period).
const DataPages = "data pages"

// IsDataPage reports whether an output path is one of DataPages': a path
// elsewhere is not taken over whatever a record says.
func IsDataPage(p string) bool {
	switch p {
	case "data/figures.csv", figuresXLSX:
		return true
	}
	rest, ok := strings.CutPrefix(p, "kpis/")
	id, file, ok2 := strings.Cut(rest, "/")
	return ok && ok2 && id != "" && (file == "index.html" || file == historyCSV) && path.Clean(p) == p
}

// trackedData renders one of DataPages' files with f, recording it in the
// output's Reviews under DataPages.
func (r *renderer) trackedData(f func(r *renderer)) { r.trackedAs(DataPages, f) }

// trackedAs renders files with f, recording them in the output's Reviews
// under name (DataPages, HomePage).
func (r *renderer) trackedAs(name string, f func(r *renderer)) {
	rr := *r
	rr.track = &ReviewFiles{Files: map[string]int64{}}
	var local diag.List
	rr.d = &local
	f(&rr)
	r.d.Merge(&local)
	r.cache.Lock()
	defer r.cache.Unlock()
	all := r.out.Reviews[name]
	if all == nil {
		all = &ReviewFiles{Files: map[string]int64{}}
		r.out.Reviews[name] = all
	}
	for p, n := range rr.track.Files {
		all.Files[p] = n
	}
	all.Pages += rr.track.Pages
	all.Packs += rr.track.Packs
	all.Charts += rr.track.Charts
	all.Warnings = append(all.Warnings, local.WarningItems()...)
}
