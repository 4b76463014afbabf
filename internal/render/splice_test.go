package render

import (
	"html/template"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/opsreport/opsreport/internal/diag"
)

// spliceData is a page's data with two large fragments and a small one.
type spliceData struct {
	Title       string
	Body, Table template.HTML
	Small       template.HTML
}

func bigHTML(tag string, n int) template.HTML {
	return template.HTML(strings.Repeat("<"+tag+">x &amp; y</"+tag+">", n))
}

// spliceSet parses page.html from src as a built-in template: splicing
// is for the built-in set (TestOwnTemplatesGetTheirValuesWhole).
func spliceSet(t *testing.T, src string) *Set {
	t.Helper()
	var d diag.List
	s := New(fstest.MapFS{"page.html": {Data: []byte(src)}}, nil, "templates", template.FuncMap{"trim": strings.TrimSpace}, &d)
	if d.HasErrors() {
		t.Fatal(d.Items())
	}
	return s
}

// executeBoth runs src with the data's fragments spliced and as Execute
// runs it, returning both outputs and how many times the data was made.
func executeBoth(t *testing.T, src string, d spliceData) (spliced, plain string, calls int) {
	t.Helper()
	s := spliceSet(t, src)
	want, err := s.Execute("page.html", d)
	if err != nil {
		t.Fatal(err)
	}
	err = s.ExecuteSpliced("page.html", func(f *Fragments) any {
		calls++
		dd := d
		dd.Body, dd.Table, dd.Small = f.HTML(d.Body), f.HTML(d.Table), f.HTML(d.Small)
		return dd
	}, func(b []byte) { spliced = string(b) })
	if err != nil {
		t.Fatal(err)
	}
	return spliced, string(want), calls
}

// TestSplicedOutputIsTheTemplatesOwn is every way a template may print a
// fragment: printed as HTML once, twice, not at all, in an
// attribute, in a script, in a URL, through printf or a function, cut
// with slice, or tested with if. Each gives what Execute gives with the
// fragments themselves; a fragment printed as HTML is spliced (the data
// is made once), and one used any other way makes ExecuteSpliced run the
// template again with the fragments themselves (twice).
func TestSplicedOutputIsTheTemplatesOwn(t *testing.T) {
	d := spliceData{Title: "T <1>", Body: bigHTML("p", 200), Table: bigHTML("tr", 300), Small: "<b>small</b>"}
	for _, c := range []struct {
		name, src string
		calls     int
	}{
		{"printed once", `<h1>{{.Title}}</h1>{{.Body}}<table>{{.Table}}</table>{{.Small}}`, 1},
		{"printed twice", `{{.Body}}<hr>{{.Table}}{{.Body}}{{template "again" .}}{{define "again"}}<div>{{.Table}}</div>{{end}}`, 1},
		{"not printed", `<h1>{{.Title}}</h1>{{.Small}}`, 1},
		{"tested with if", `{{if .Body}}yes{{end}}{{with .Table}}{{.}}{{end}}`, 1},
		{"in an attribute", `{{.Body}}<div title="{{.Table}}">x</div>`, 2},
		{"in an unquoted attribute", `<div title={{.Table}}>x</div>`, 2},
		{"in a script", `<script>var s = {{.Body}};</script>`, 2},
		{"in a URL", `<a href="/x?q={{.Body}}">x</a>`, 2},
		{"in a comment-free title", `<title>{{.Body}}</title>`, 2},
		{"through printf", `{{printf "%s" .Body}}`, 2},
		{"through a function", `{{trim (print .Table)}}`, 2},
		{"cut with slice", `{{slice .Body 0 3}}|{{slice .Body 1}}`, 2},
		{"in a URL through urlquery", `{{urlquery .Body}}`, 2},
		{"in a style", `<style>p { content: "{{.Body}}" }</style>`, 2},
	} {
		got, want, calls := executeBoth(t, c.src, d)
		if got != want {
			t.Errorf("%s: spliced output differs from the template's own:\n got %.200q\nwant %.200q", c.name, got, want)
		}
		if calls != c.calls {
			t.Errorf("%s: data made %d times, want %d", c.name, calls, c.calls)
		}
		if strings.Contains(got, "\x00") || strings.Contains(got, word) {
			t.Errorf("%s: a placeholder is left in the output", c.name)
		}
	}
}

// TestOwnTemplatesGetTheirValuesWhole: a site's own template may measure,
// cut or compare a value, which a placeholder would answer wrongly (len 20,
// a slice past its end): a set with templates of the site's own hands every
// value whole, and gives what Execute gives.
func TestOwnTemplatesGetTheirValuesWhole(t *testing.T) {
	d := spliceData{Title: "T", Body: bigHTML("p", 200), Table: bigHTML("tr", 300), Small: "<b>small</b>"}
	for _, c := range []struct{ name, src string }{
		{"measured with len", `<p data-len="{{len .Body}}">{{.Body}}</p>`},
		{"cut past a placeholder's length", `{{slice .Body 0 40}}`},
		{"indexed", `{{index .Table 30}}`},
		{"compared", `{{if eq .Body .Table}}same{{else}}differ{{end}}`},
		{"printed", `{{.Body}}{{.Table}}`},
	} {
		var dl diag.List
		s := New(fstest.MapFS{"other.html": {Data: []byte("built-in")}}, fstest.MapFS{"page.html": {Data: []byte(c.src)}}, "templates", nil, &dl)
		if dl.HasErrors() {
			t.Fatal(dl.Items())
		}
		want, err := s.Execute("page.html", d)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		var got string
		placeholders := 0
		err = s.ExecuteSpliced("page.html", func(f *Fragments) any {
			dd := d
			dd.Body, dd.Table = f.HTML(d.Body), f.HTML(d.Table)
			if dd.Body != d.Body {
				placeholders++
			}
			return dd
		}, func(b []byte) { got = string(b) })
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if got != string(want) {
			t.Errorf("%s: output differs from Execute's:\n got %.120q\nwant %.120q", c.name, got, want)
		}
		if placeholders != 0 {
			t.Errorf("%s: a site's own template was handed %d placeholders", c.name, placeholders)
		}
	}
}

// TestSplicedFragmentKeepsText is HTMLSpliced: a fragment made of other
// fragments, returned as HTML equal to HTML's.
func TestSplicedFragmentKeepsText(t *testing.T) {
	s := spliceSet(t, `<section>{{.Body}}</section>{{.Table}}`)
	d := spliceData{Body: bigHTML("p", 100), Table: bigHTML("li", 100)}
	want, err := s.HTML("page.html", d)
	if err != nil {
		t.Fatal(err)
	}
	got, err := s.HTMLSpliced("page.html", func(f *Fragments) any {
		dd := d
		dd.Body, dd.Table = f.HTML(d.Body), f.HTML(d.Table)
		return dd
	})
	if err != nil || got != want {
		t.Errorf("HTMLSpliced = %.100q, %v; want %.100q", got, err, want)
	}
}

// TestSpliceRejectsStrayMarks is splice on outputs holding a NUL or the
// placeholder rune that is not a whole placeholder it handed out.
func TestSpliceRejectsStrayMarks(t *testing.T) {
	f := &Fragments{}
	p := string(f.HTML(bigHTML("p", 100)))
	for _, src := range []string{
		"a\x00b" + p,
		p + " " + word,
		p[1:],
		p[:len(p)-1],
		strings.Replace(p, "0", "1", 1), // an index not handed out
		strings.Replace(p, "0", "00", 1),
	} {
		var b strings.Builder
		if f.splice(&b, []byte(src)) {
			t.Errorf("splice accepted %q", src)
		}
		if b.Len() != 0 {
			t.Errorf("splice of %q wrote %d bytes before refusing", src, b.Len())
		}
	}
	var b strings.Builder
	if !f.splice(&b, []byte("<"+p+">")) || b.String() != "<"+string(bigHTML("p", 100))+">" {
		t.Errorf("whole placeholder not spliced: %.60q", b.String())
	}
}
