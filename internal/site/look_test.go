package site

import (
	"os"
	"strings"
	"testing"
	"testing/fstest"

	opsreport "github.com/opsreport/opsreport"
	"github.com/opsreport/opsreport/internal/diag"
)

// TestOwnTemplatesRangeOverRows is the README's promise: a site's own
// kpi.html and review.html can lay out rows themselves from .History and
// the appendix groups' .Rows instead of printing the ready-made rows.
func TestOwnTemplatesRangeOverRows(t *testing.T) {
	fsys := siteFromTxtar(t, "testdata/site/pages.txtar")
	fsys["templates/kpi.html"] = &fstest.MapFile{Data: []byte(
		`<ol>{{range .History}}<li>{{.Label}}: {{.Actual}} {{badge .Status}}</li>{{end}}</ol>`)}
	fsys["templates/review.html"] = &fstest.MapFile{Data: []byte(
		`{{range .Appendix}}<h2>{{.Function}}</h2>{{range .Rows}}<p>{{.KPI.Name}} {{.Actual}} vs {{.Target}}</p>{{end}}{{end}}`)}
	var d diag.List
	out := Build(fsys, Options{Look: opsreport.Builtin}, &d)
	if out == nil {
		t.Fatal(d.Items())
	}
	wants := map[string]string{
		"kpis/revenue/index.html":    `<ol><li>Apr 2026: $120 <span class="badge badge-green">`,
		"reviews/2026-04/index.html": `<h2>Finance</h2><p>Revenue $120 vs $100</p><h2>Customer</h2><p>Logo churn 2.1% vs 2.0%</p>`,
	}
	for path, want := range wants {
		if got := string(out.Files[path]); !strings.Contains(got, want) {
			t.Errorf("%s lacks %q:\n%s", path, want, got)
		}
	}
}

// TestOwnPartialsWithoutScorecardGroup builds a site whose own
// partials.html is a copy of the built-in one from before the
// "scorecard-group" define: its "scorecard" ranges over the groups' rows
// itself, and the built-in "scorecard-group", which it does not use, stays
// defined beside it.
func TestOwnPartialsWithoutScorecardGroup(t *testing.T) {
	own, err := os.ReadFile("testdata/partials-before-scorecard-group.html")
	if err != nil {
		t.Fatal(err)
	}
	fsys := siteFromTxtar(t, "testdata/site/pages.txtar")
	fsys["templates/partials.html"] = &fstest.MapFile{Data: own}
	var d diag.List
	out := Build(fsys, Options{Look: opsreport.Builtin}, &d)
	if out == nil {
		t.Fatal(d.Items())
	}
	want := `<th scope="row"><a href="../../kpis/revenue/index.html">Revenue</a>`
	if got := string(out.Files["reviews/2026-04/index.html"]); !strings.Contains(got, want) {
		t.Errorf("the review's scorecard lacks %q", want)
	}
}

// TestCustomCSSComesLast checks theme/css/custom.css: every page links it
// after the built-in stylesheets (a board review's page after board.css
// too), and every pack inlines it after them.
func TestCustomCSSComesLast(t *testing.T) {
	const own = ".badge { border-radius: 0; } /* own */"
	for _, txtar := range []string{"pages", "quarterly"} {
		fsys := siteFromTxtar(t, "testdata/site/"+txtar+".txtar")
		fsys["theme/css/custom.css"] = &fstest.MapFile{Data: []byte(own)}
		var d diag.List
		out := Build(fsys, Options{Look: opsreport.Builtin, Drafts: true}, &d)
		if out == nil {
			t.Fatal(d.Items())
		}
		packs, pages := 0, 0
		for name, data := range out.Files {
			page := string(data)
			switch {
			case strings.HasSuffix(name, "/pack.html"):
				packs++
				end := strings.Index(page, "</style>")
				if end < 0 || !strings.HasSuffix(strings.TrimSpace(page[:end]), own) {
					t.Errorf("%s: custom.css is not the last of the inlined styles", name)
				}
			case strings.HasSuffix(name, ".html"):
				pages++
				custom := strings.Index(page, `<link rel="stylesheet" href="`+linkRoot(name)+`assets/css/custom.`)
				if custom < 0 || strings.LastIndex(page, `<link rel="stylesheet"`) != custom {
					t.Errorf("%s: custom.css is not the last stylesheet linked", name)
				}
			}
		}
		if packs == 0 || pages == 0 {
			t.Errorf("%s: checked %d packs and %d pages", txtar, packs, pages)
		}
	}
}

// linkRoot is the relative path from an output page to the site root.
func linkRoot(name string) string { return strings.Repeat("../", strings.Count(name, "/")) }

// TestGoBuiltRowsFollowAnOverride is the README's promise for restyling:
// the table rows made in Go (scorecards, appendices, a KPI's history),
// the status words in index summaries and the value and delta shortcodes
// all follow a site's own define of "badge", "value" and "delta", given in
// a file of any name and without copying the rest of partials.html.
func TestGoBuiltRowsFollowAnOverride(t *testing.T) {
	fsys := siteFromTxtar(t, "testdata/site/pages.txtar")
	fsys["templates/restyle.html"] = &fstest.MapFile{Data: []byte(`
{{define "badge"}}<b class="pill pill-{{.}}"><i aria-hidden="true">*</i>{{if eq (print .) "green"}}On track{{else}}Look{{end}}</b>{{end}}
{{define "value"}}<data class="v" value="{{.Text}}">{{.Text}}</data>{{end}}
{{define "delta"}}<em class="d">{{.Arrow}}{{.Text}}</em>{{end}}
{{define "worse"}}{{if eq . "bad"}} <b class="mine">worse</b>{{end}}{{end}}`)}
	var d diag.List
	out := Build(fsys, Options{Look: opsreport.Builtin}, &d)
	if out == nil {
		t.Fatal(d.Items())
	}
	const pill = `<b class="pill pill-green"><i aria-hidden="true">*</i>On track</b>`
	wants := map[string][]string{
		// the scorecard, the appendix, the value and delta shortcodes
		"reviews/2026-04/index.html": {`<td class="status">` + pill,
			`Revenue was <data class="v" value="$120">$120</data> (<em class="d">▲&#43;$20 (&#43;20.0%)</em>)`},
		"reviews/2026-04/pack.html": {`<td class="status">` + pill},
		"kpis/revenue/index.html":   {`<td class="text">` + pill + `<td class="comment">`, ` <b class="mine">worse</b><td>`},
		// the home page's summary of the lead review: the badge itself
		"index.html": {"status " + pill + "."},
	}
	for path, want := range wants {
		page := string(out.Files[path])
		for _, w := range want {
			if !strings.Contains(page, w) {
				t.Errorf("%s lacks %q", path, w)
			}
		}
		if strings.Contains(page, `<span class="badge badge-green">`) {
			t.Errorf("%s still shows the built-in status badge", path)
		}
		if strings.Contains(page, `<span class="worse">✗<span class="sr">`) {
			t.Errorf("%s still shows the built-in worse mark", path)
		}
	}
	// the appendix of the review's page and of its pack
	for _, path := range []string{"reviews/2026-04/index.html", "reviews/2026-04/pack.html"} {
		_, appendix, _ := strings.Cut(string(out.Files[path]), `<table class="appendix">`)
		if !strings.Contains(appendix, `<td class="status">`+pill+`</tr>`) {
			t.Errorf("%s: the appendix lacks the badge", path)
		}
	}
}

// TestRestylingExample builds the README's worked example of restyling,
// its files taken from the README itself: custom.css linked, the logo in
// every page's masthead, the new badge in the rows and the summaries.
func TestRestylingExample(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	fsys := siteFromTxtar(t, "testdata/site/pages.txtar")
	fsys["theme/css/custom.css"] = &fstest.MapFile{Data: readmeBlock(t, readme, "/* theme/css/custom.css */")}
	fsys["templates/brand.html"] = &fstest.MapFile{Data: readmeBlock(t, readme, "<!-- templates/brand.html -->")}
	fsys["theme/img/logo.svg"] = &fstest.MapFile{Data: []byte(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"/>`)}
	var d diag.List
	out := Build(fsys, Options{Look: opsreport.Builtin}, &d)
	if out == nil {
		t.Fatal(d.Items())
	}
	var logo string
	for name := range out.Files {
		if strings.HasPrefix(name, "assets/img/logo.") {
			logo = name
		}
	}
	home := string(out.Files["index.html"])
	for _, want := range []string{`<a class="brand" href="index.html"><img class="brand-logo" src="` + logo + `" alt="">`,
		`assets/css/custom.`, `<span class="badge-shape" aria-hidden="true">■</span> On track</span>.`} {
		if logo == "" || !strings.Contains(home, want) {
			t.Errorf("the home page lacks %q", want)
		}
	}
}

// readmeBlock is the README's fenced code block whose first line is first.
func readmeBlock(t *testing.T, readme []byte, first string) []byte {
	t.Helper()
	_, rest, ok := strings.Cut(string(readme), "\n"+first+"\n")
	block, _, closed := strings.Cut(rest, "\n```")
	if !ok || !closed {
		t.Fatalf("README has no code block starting %q", first)
	}
	return []byte(first + "\n" + block + "\n")
}
