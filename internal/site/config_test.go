package site

import (
	"bytes"
	"io/fs"
	"os"
	"strings"
	"testing"
	"testing/fstest"

	opsreport "github.com/opsreport/opsreport"
	"github.com/opsreport/opsreport/internal/diag"
)

// TestBaseURL: only an absolute http(s) URL is a base_url; anything else
// is an error at its line, and the pack's links stay relative.
func TestBaseURL(t *testing.T) {
	for in, ok := range map[string]bool{
		"https://reviews.example.com/":  true,
		"http://localhost:8080/reviews": true,
		"HTTPS://Example.com":           true,
		"javascript:alert(1)":           false,
		"JavaScript://%0aalert(1)":      false,
		"data:text/html,<b>x</b>":       false,
		"//example.com/":                false,
		"reviews.example.com":           false,
		"https://":                      false,
		"https:example.com":             false,
	} {
		var d diag.List
		cfg := loadConfig(fstest.MapFS{ConfigFile: {Data: []byte("title: x\nbase_url: '" + in + "'\n")}}, &d)
		want := ""
		if !ok {
			want = `opsreport.yaml:2: base_url: "` + in + `" is not an http or https URL (like https://reviews.example.com/)`
		}
		got := ""
		if items := d.Items(); len(items) > 0 {
			got = items[0].String()
		}
		if got != want || (ok != (cfg.BaseURL == in)) {
			t.Errorf("base_url %q: got %q (kept %q), want %q", in, got, cfg.BaseURL, want)
		}
	}
}

// overlay is fsys with some files replaced.
type overlay struct {
	fs.FS
	files fstest.MapFS
}

func (o overlay) Open(name string) (fs.File, error) {
	if _, ok := o.files[name]; ok {
		return o.files.Open(name)
	}
	return o.FS.Open(name)
}

// TestClassificationOnEveryPackPage: opsreport.yaml's classification is
// on the cover of every pack and in the bottom margin of every printed
// page (an @page rule), escaped where it could end the string, the rule
// or the style element; without one there is neither.
func TestClassificationOnEveryPackPage(t *testing.T) {
	cfg, _ := os.ReadFile("../../" + ConfigFile)
	mark := `Confidential "board" </style><script>x()</script>`
	for _, c := range []struct{ yaml, cover, rule string }{
		{"classification: '" + mark + "'\n",
			`<p class="classification">Confidential &#34;board&#34; &lt;/style&gt;&lt;script&gt;x()&lt;/script&gt;</p>`,
			`@page { @bottom-left { content: "Confidential \22 board\22  \3c\2fstyle\3e\3cscript\3ex\28\29\3c\2fscript\3e ";`},
		{"", "", ""},
	} {
		var d diag.List
		src := bytes.ReplaceAll(cfg, []byte("classification: Confidential — board use only\n"), nil)
		fsys := overlay{os.DirFS("../.."), fstest.MapFS{ConfigFile: {Data: append(src, c.yaml...)}}}
		out := Build(fsys, Options{Look: opsreport.Builtin}, &d)
		if out == nil {
			t.Fatalf("%q: the example does not build", c.yaml)
		}
		for _, p := range []string{"reviews/2026-10/pack.html", "reviews/2027-Q3/pack.html"} {
			page := string(out.Files[p])
			if c.cover == "" {
				if strings.Contains(page, `class="classification"`) || strings.Contains(page, "@bottom-left") {
					t.Errorf("%s: a classification without one configured", p)
				}
				continue
			}
			if !strings.Contains(page, c.cover) || !strings.Contains(page, c.rule) {
				t.Errorf("%s: no escaped classification on the cover and in the @page rule", p)
			}
			if strings.Contains(page, "<script>x()") {
				t.Errorf("%s: the classification ended its element", p)
			}
		}
	}
}

// TestClassificationIsOneLine: a classification is one short line.
func TestClassificationIsOneLine(t *testing.T) {
	var d diag.List
	cfg := loadConfig(fstest.MapFS{ConfigFile: {Data: []byte("title: x\nclassification: \"a\\nb\"\n")}}, &d)
	want := `opsreport.yaml:2: classification: "a\nb" is not one line of at most 80 characters (like "Confidential — board use only")`
	if items := d.Items(); len(items) != 1 || items[0].String() != want || cfg.Classification != "" {
		t.Errorf("got %v (kept %q), want %q", d.Items(), cfg.Classification, want)
	}
	// Eighty characters are eighty, however many bytes they take.
	long := strings.Repeat("é", 80)
	d = diag.List{}
	if cfg := loadConfig(fstest.MapFS{ConfigFile: {Data: []byte("title: x\nclassification: " + long + "\n")}}, &d); cfg.Classification != long || len(d.Items()) != 0 {
		t.Errorf("80 accented letters: kept %q, %v", cfg.Classification, d.Items())
	}
}
