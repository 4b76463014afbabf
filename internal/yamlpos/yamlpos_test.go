package yamlpos

import (
	"strings"
	"testing"

	"github.com/opsreport/opsreport/internal/diag"
	"gopkg.in/yaml.v3"
)

func TestDescribe(t *testing.T) {
	for src, want := range map[string]string{
		"[a, b]": "a list",
		"a: 1":   "keys and values",
		`""`:     "nothing",
		"Q3 ask": `"Q3 ask"`,
	} {
		var doc yaml.Node
		if err := yaml.Unmarshal([]byte(src), &doc); err != nil {
			t.Fatal(err)
		}
		if got := Describe(doc.Content[0]); got != want {
			t.Errorf("%s: %q, want %q", src, got, want)
		}
	}
	// "key:" with nothing after it
	if got := Describe(&yaml.Node{Kind: yaml.ScalarNode, Tag: "!!null"}); got != "nothing" {
		t.Errorf("an empty value: %q", got)
	}
}

// TestParsePlacesErrorsInTheFile checks a syntax error's line in a front
// matter block (which starts on the file's second line) and in a whole
// file, and that an error yaml.v3 gives no line for is at the file.
func TestParsePlacesErrorsInTheFile(t *testing.T) {
	tests := []struct {
		r    Reader
		src  string
		want string
	}{
		{Reader{File: "content/reviews/2026-10/index.md", First: 2}, "title: a\nx: [\n", "content/reviews/2026-10/index.md:3: front matter: did not find expected node content"},
		{File("opsreport.yaml"), "title: a\n  b: c\n", "opsreport.yaml:2: front matter: mapping values are not allowed in this context"},
		{File("data/kpis.yaml"), "a: \"\x01\"\n", "data/kpis.yaml: front matter: control characters are not allowed"},
	}
	for _, tt := range tests {
		var d diag.List
		if n := tt.r.Parse([]byte(tt.src), "front matter: ", &d); n != nil {
			t.Errorf("%q: got a node", tt.src)
		}
		var b strings.Builder
		d.Print(&b)
		if got := strings.TrimSpace(b.String()); got != "error: "+tt.want && got != tt.want {
			t.Errorf("%q:\n got %s\nwant %s", tt.src, got, tt.want)
		}
	}
}

func TestMessageDropsTheLibrarysMarks(t *testing.T) {
	var n yaml.Node
	yaml.Unmarshal([]byte("x: [1]\n"), &n)
	var i int
	err := n.Content[0].Content[1].Decode(&i)
	if got, want := Message(err), "cannot unmarshal seq into int"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}
