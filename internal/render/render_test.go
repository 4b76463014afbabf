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
	if err == nil || err.Error() != `templates/partials.html:1:22: {{.Missing}}: map has no entry for key "Missing"` {
		t.Errorf("error in a defined template of the site's own file: %v", err)
	}
}

func TestParseErrorHasItsFile(t *testing.T) {
	var d diag.List
	New(nil, fstest.MapFS{"kpi.html": {Data: []byte("{{if}}")}}, "templates", nil, &d)
	items := d.Items()
	if len(items) != 1 || items[0].String() != "templates/kpi.html:1: missing value for if" {
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
		if _, err := s.HTML("broken", data); err == nil || !strings.HasPrefix(err.Error(), "templates(built-in)/partials.html:1:89: {{.Nope}}: ") {
			t.Errorf("%s: a built-in define's failure: %v", name, err)
		}
	}
}

// TestTemplateErrorsInTheUsersWords: an error in the site's own template is
// at its file, line and column, names the action, and has no Go type names.
func TestTemplateErrorsInTheUsersWords(t *testing.T) {
	type link struct{ Title string }
	type page struct {
		Title string
		Rows  []int
		Next  *link
	}
	tests := []struct{ tmpl, want string }{
		{"<h1>\n{{.Missing}}", "templates/page.html:2:2: {{.Missing}}: can't evaluate field Missing"},
		{"{{.Title.Foo}}", "templates/page.html:1:8: {{.Title.Foo}}: can't evaluate field Foo"},
		{"{{len 3}}", "templates/page.html:1:2: {{len 3}}: error calling len: len of a number"},
		{"{{index .Rows 9}}", "templates/page.html:1:2: {{index .Rows 9}}: error calling index: index out of range: 9"},
		{"{{.Next.Title}}", "templates/page.html:1:7: {{.Next.Title}}: there is no value to read .Title from here"},
		{"{{define \"bit\"}}\n{{.Nope}}{{end}}{{template \"bit\" .}}", "templates/page.html:2:2: {{.Nope}}: can't evaluate field Nope"},
		{"<a href=\"{{.Title}}", "templates/page.html: ends inside a tag, an attribute or a quoted value (an unclosed quote or tag?)"},
		{"{{template \"nope\" .}}", "templates/page.html:1: no such template \"nope\""},
	}
	for _, tt := range tests {
		var d diag.List
		s := New(nil, fstest.MapFS{"page.html": {Data: []byte(tt.tmpl)}}, "templates", nil, &d)
		got := ""
		if items := d.Items(); len(items) > 0 {
			got = items[0].String()
		} else if _, err := s.Execute("page.html", page{Title: "x", Rows: []int{1}}); err != nil {
			got = err.Error()
		}
		if got != tt.want {
			t.Errorf("%q:\n got %s\nwant %s", tt.tmpl, got, tt.want)
		}
	}
}
