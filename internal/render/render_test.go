package render

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/opsreport/opsreport/internal/diag"
)

func TestOwnTemplateWinsAndErrorsNameTheirFile(t *testing.T) {
	builtin := fstest.MapFS{
		"page.html":     {Data: []byte(`<p>{{template "bit" .}}</p>`)},
		"partials.html": {Data: []byte(`{{define "bit"}}built-in {{.Name}}{{end}}`)},
	}
	own := fstest.MapFS{"partials.html": {Data: []byte(`{{define "bit"}}own {{.Missing}}{{end}}`)}}
	var d diag.List
	s := New(builtin, nil, "templates", nil, &d)
	if got, err := s.Execute("page.html", map[string]string{"Name": "x"}); err != nil || string(got) != "<p>built-in x</p>" {
		t.Fatalf("built-in: %q %v", got, err)
	}
	s = New(builtin, own, "templates", nil, &d)
	if d.HasErrors() {
		t.Fatal(d.Items())
	}
	_, err := s.HTML("bit", map[string]string{"Name": "x"})
	if err == nil || !strings.HasPrefix(err.Error(), "templates/partials.html: ") || !strings.Contains(err.Error(), `map has no entry for key "Missing"`) {
		t.Errorf("error in a defined template of the site's own file: %v", err)
	}
}

func TestParseErrorHasItsFile(t *testing.T) {
	var d diag.List
	New(nil, fstest.MapFS{"kpi.html": {Data: []byte("{{if}}")}}, "templates", nil, &d)
	items := d.Items()
	if len(items) != 1 || !strings.HasPrefix(items[0].String(), "templates/kpi.html: ") {
		t.Errorf("got %v", items)
	}
}

// TestOwnFileOverridesOneDefine is restyling by one define: a site's file
// that holds only {{define "badge"}} replaces that template, whatever the
// file is called, and every other define of the built-in file stays; a
// failure in the new define names the site's file, one in a built-in
// define the built-in one.
func TestOwnFileOverridesOneDefine(t *testing.T) {
	builtin := fstest.MapFS{
		"page.html":     {Data: []byte(`<p>{{template "badge" .}} {{template "tile" .}}</p>`)},
		"partials.html": {Data: []byte(`{{define "badge"}}[{{.S}}]{{end}}{{define "tile"}}tile {{.S}}{{end}}{{define "broken"}}{{.Nope}}{{end}}`)},
	}
	for _, name := range []string{"partials.html", "my-badge.html"} {
		own := fstest.MapFS{name: {Data: []byte("{{/* a rounder badge */}}\n{{define \"badge\"}}({{.S}}){{end}}\n")}}
		var d diag.List
		s := New(builtin, own, "templates", nil, &d)
		if d.HasErrors() {
			t.Fatal(d.Items())
		}
		data := map[string]string{"S": "green"}
		if got, err := s.Execute("page.html", data); err != nil || string(got) != "<p>(green) tile green</p>" {
			t.Errorf("%s: got %q, %v", name, got, err)
		}
		if _, err := s.HTML("broken", data); err == nil || !strings.HasPrefix(err.Error(), "templates(built-in)/partials.html: ") {
			t.Errorf("%s: a built-in define's failure: %v", name, err)
		}
	}
}
