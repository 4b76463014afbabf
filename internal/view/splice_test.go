package view_test

import (
	"html/template"
	"os"
	"strings"
	"testing"
	"testing/fstest"

	opsreport "github.com/opsreport/opsreport"
	"github.com/opsreport/opsreport/internal/diag"
	"github.com/opsreport/opsreport/internal/site"
	"github.com/opsreport/opsreport/internal/view"
)

// TestOwnTemplateGetsTheFragments renders the example site with its own
// review.html, which prints the scorecard (a spliced fragment) in an
// attribute and twice as HTML: the attribute holds the scorecard escaped
// as html/template escapes it there, both copies are the whole scorecard,
// and no placeholder is left.
func TestOwnTemplateGetsTheFragments(t *testing.T) {
	var d diag.List
	s := site.Load(os.DirFS("../.."), site.Options{Look: opsreport.Builtin, Drafts: true}, &d)
	if d.HasErrors() {
		t.Fatal(d.Items())
	}
	own := fstest.MapFS{"templates/review.html": {Data: []byte(`<p title="{{.Scorecard}}">x</p>{{.Scorecard}}<hr>{{.Scorecard}}`)}}
	look := view.NewLook(opsreport.Builtin, own, &d)
	out := view.Render(s.Data(), look, nil, &d)
	if d.HasErrors() {
		t.Fatal(d.Items())
	}
	attr := template.Must(template.New("").Parse(`<p title="{{.}}">x</p>`))
	pages := 0
	for path, b := range out.Files {
		page := string(b)
		if !strings.HasPrefix(path, "reviews/") || !strings.HasSuffix(path, "/index.html") || !strings.HasPrefix(page, `<p title="`) {
			continue
		}
		pages++
		if strings.Contains(page, "\x00") || strings.Contains(page, "opsreportfragment") {
			t.Errorf("%s: a placeholder is left", path)
		}
		at := strings.Index(page, `">x</p>`) + len(`">x</p>`)
		rest := page[at:]
		n := (len(rest) - len("<hr>")) / 2
		scorecard := rest[:n]
		if rest[n:] != "<hr>"+scorecard || !strings.Contains(scorecard, "<table") {
			t.Errorf("%s: the scorecard is not printed whole twice: %.200q", path, rest)
			continue
		}
		var want strings.Builder
		attr.Execute(&want, template.HTML(scorecard))
		if page[:at] != want.String() {
			t.Errorf("%s: scorecard in an attribute\n got %.200q\nwant %.200q", path, page[:at], want.String())
		}
	}
	if pages == 0 {
		t.Fatal("no monthly review page rendered with the site's own review.html")
	}
}
