package yamlpos

import (
	"fmt"
	"regexp"
	"strconv"
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
		{File("data/kpis.yaml"), "a: \"\x01\"\n", "data/kpis.yaml:1: front matter: control characters are not allowed"},
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

// TestSyntaxErrorsAreAtTheirLine is every kind of YAML mistake at the line
// a person would fix. yaml.v3's own line was wrong for most of them: the
// start of the enclosing block, counted from 0, for an indentation error
// ("line 1" for a catalog of 300 lines), a line early for a tab, the end
// of the file for an unclosed quote at the top, none for a control
// character.
func TestSyntaxErrorsAreAtTheirLine(t *testing.T) {
	tests := []struct {
		name, src string
		want      string // "line: message"
	}{
		{"indentation, less", "kpis:\n  - id: arr\n    name: ARR\n   unit: usd\n  - id: nps\n", "4: did not find expected '-' indicator"},
		{"indentation, more", "kpis:\n  - id: arr\n    name: ARR\n      unit: usd\n  - id: nps\n", "4: mapping values are not allowed in this context"},
		{"indentation, list item", "kpis:\n  - id: arr\n    name: ARR\n - id: nps\n", "4: did not find expected key"},
		{"indentation, mapping", "title: a\ndatabases:\n  main:\n    url: x\n   driver: y\npaper: A4\n", "5: did not find expected key"},
		{"indentation, top", "title: a\n currency: USD\nlocale: en\n", "2: mapping values are not allowed in this context"},
		{"indentation, item's key", "kpis:\n  - id: arr\n  name: ARR\n", "3: did not find expected '-' indicator"},
		{"unclosed quote, to the end", "kpis:\n  - id: arr\n    name: \"ARR\n    unit: usd\n", "3: quote not closed"},
		{"unclosed single quote", "kpis:\n  - id: arr\n    name: 'ARR\n    unit: usd\n", "3: quote not closed"},
		{"unclosed quote, first line", "title: \"a\ncurrency: USD\n", "1: quote not closed"},
		{"unclosed quote, closed by a later one", "- id: arr\n  name: \"ARR\n  unit: usd\n  green: \">= 1\"\n", "2: quote not closed on its line: the value runs on to line 4, where: did not find expected comment or line break"},
		{"text after a quote", "title: \"a\" b\ncurrency: USD\n", "1: did not find expected key"},
		{"unclosed list", "kpis:\n  - id: arr\n    tags: [a, b\n    unit: usd\n", "3: did not find expected ',' or ']'"},
		{"unclosed mapping", "title: a\ndb: {a: 1\npaper: A4\n", "2: did not find expected ',' or '}'"},
		{"tab", "kpis:\n  - id: arr\n\tname: ARR\n    unit: usd\n", "3: found a tab character that violates indentation"},
		{"tab after spaces", "kpis:\n  - id: arr\n    name: ARR\n    \tunit: usd\n", "4: found a tab character that violates indentation"},
		{"tab, top", "title: x\n\tcurrency: USD\nlocale: en\n", "2: found a tab character that violates indentation"},
		{"tab, first line", "\ttitle: x\ncurrency: USD\n", "1: found character that cannot start any token"},
		{"missing colon", "kpis:\n  - id: arr\n    name ARR\n    unit: usd\n", "3: could not find expected ':'"},
		{"missing colon, last", "kpis:\n  - id: arr\n    name: ARR\n    unit usd\n", "4: could not find expected ':'"},
		{"missing colon, top", "title: a\ncurrency USD\n\n\nlocale: en\n", "2: could not find expected ':'"},
		{"missing colon, first key", "title a\ncurrency: USD\n", "1: could not find expected ':'"},
		{"missing colon, item", "kpis:\n  - id arr\n    name: ARR\n", "2: could not find expected ':'"},
		{"missing colon, list's key", "kpis\n  - id: arr\n", "1: could not find expected ':'"},
		{"control character", "title: a\ncurrency: \"U\x01SD\"\n", "2: control characters are not allowed"},
		{"duplicate key", "title: a\ncurrency: USD\ntitle: b\n", "3: key \"title\" given twice (first on line {1})"},
		{"duplicate key, nested", "kpis:\n  - id: arr\n    name: a\n    name: b\n", "4: key \"name\" given twice (first on line {3})"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, r := range []Reader{File("data/kpis.yaml"), {File: "content/reviews/2026-10/index.md", First: 2}} {
				var d diag.List
				r.Parse([]byte(tt.src), "", &d)
				items := d.Items()
				if len(items) != 1 {
					t.Fatalf("%d diagnostics, want 1: %v", len(items), items)
				}
				line, msg, _ := strings.Cut(tt.want, ": ")
				n, _ := strconv.Atoi(line)
				// {n} in a message is the block's line n, in the file
				msg = blockLine.ReplaceAllStringFunc(msg, func(m string) string {
					n, _ := strconv.Atoi(m[1 : len(m)-1])
					return strconv.Itoa(r.At(n).Line)
				})
				want := fmt.Sprintf("%s: %s", r.At(n), msg)
				got := items[0]
				got.Pos.Col = 0
				if got.String() != want && got.String() != "error: "+want {
					t.Errorf("got  %s\nwant %s", got, want)
				}
			}
		})
	}
}

var blockLine = regexp.MustCompile(`\{\d+\}`)

// TestAValueSpreadOverLinesIsNoMissingColon: a plain value continued on
// the next line is not a key without its colon.
func TestAValueSpreadOverLinesIsNoMissingColon(t *testing.T) {
	var d diag.List
	File("opsreport.yaml").Parse([]byte("title: a long\n  title that continues\n  paper: A4\n"), "", &d)
	if got := d.Items(); len(got) != 1 || got[0].Pos.Line != 3 || !strings.Contains(got[0].Msg, "mapping values are not allowed") {
		t.Errorf("got %v, want the error at line 3", got)
	}
}
