// Package yamlpos reads YAML with positions: the one place that turns
// yaml.v3's error messages and node lines into diag positions in the file
// the YAML came from. opsreport.yaml, the KPI catalog (data/kpis.yaml) and
// a narrative's front matter all read through it; front matter starts on
// the file's second line, after the opening "---".
package yamlpos

import (
	"errors"
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/opsreport/opsreport/internal/diag"
)

// Reader places the nodes of one YAML block in its file.
type Reader struct {
	File  string
	First int // the file line of the block's first line: 1 for a whole file
}

// File is a Reader for a whole file.
func File(name string) Reader { return Reader{File: name, First: 1} }

// At is the file position of the block's line n (counted from 1).
func (r Reader) At(n int) diag.Pos { return diag.Pos{File: r.File, Line: r.First + n - 1} }

// Line is n's position, line only.
func (r Reader) Line(n *yaml.Node) diag.Pos { return r.At(n.Line) }

// Pos is n's position, line and column.
func (r Reader) Pos(n *yaml.Node) diag.Pos {
	p := r.At(n.Line)
	p.Col = n.Column
	return p
}

// Parse reads src and returns its document's top node: nil when src holds
// no document, or when it has a syntax error, which then goes to d at its
// line (see errorLine) as prefix followed by the error. A key given twice
// in one mapping, at any depth, is an error at its second place; the node
// is still returned, with both.
func (r Reader) Parse(src []byte, prefix string, d *diag.List) *yaml.Node {
	var doc yaml.Node
	if err := yaml.Unmarshal(src, &doc); err != nil {
		line, msg := errorLine(src, err)
		pos := diag.Pos{File: r.File}
		if line > 0 {
			pos = r.At(line)
		}
		d.Errorf(pos, "%s%s", prefix, msg)
		return nil
	}
	if len(doc.Content) == 0 {
		return nil
	}
	r.duplicates(doc.Content[0], prefix, d)
	return doc.Content[0]
}

// duplicates reports every key given twice in a mapping of n's tree.
func (r Reader) duplicates(n *yaml.Node, prefix string, d *diag.List) {
	if n.Kind == yaml.MappingNode {
		first := map[string]int{}
		for i := 0; i+1 < len(n.Content); i += 2 {
			k := n.Content[i]
			if k.Kind != yaml.ScalarNode {
				continue
			}
			if line, dup := first[k.Value]; dup {
				d.Errorf(r.Pos(k), "%skey %q given twice (first on line %d)", prefix, k.Value, r.At(line).Line)
				continue
			}
			first[k.Value] = k.Line
		}
	}
	for _, c := range n.Content {
		r.duplicates(c, prefix, d)
	}
}

// lineMark is yaml.v3's "yaml: line 3: did not find expected key"; a
// decoding error's items read "line 3: cannot unmarshal …".
var lineMark = regexp.MustCompile(`^(?:yaml: )?line (\d+): `)

// split takes yaml.v3's prefix and line off a message.
func split(msg string) (line int, rest string) {
	if m := lineMark.FindStringSubmatch(msg); m != nil {
		line, _ = strconv.Atoi(m[1])
		return line, msg[len(m[0]):]
	}
	return 0, strings.TrimPrefix(msg, "yaml: ")
}

// errorLine is the line of src where the syntax error err is, and err's
// message. yaml.v3's own line is often elsewhere: a parser error gives the
// start of the enclosing block, counted from 0 (an indentation error deep
// in a catalog is "line 1"), a tab in the indentation is a line early, an
// unclosed quote at the top is at the end of the file, and some errors
// (control characters) have no line. So the line is found again: it is
// the last line of the shortest run of src's first lines that fails with
// the same message. Lines cut short of the error parse, or fail another
// way (an open flow list), so the search needs about log2(lines) parses.
func errorLine(src []byte, err error) (int, string) {
	line, msg := split(err.Error())
	ends := lineEnds(src)
	k := sort.Search(len(ends), func(i int) bool {
		var n yaml.Node
		perr := yaml.Unmarshal(src[:ends[i]], &n)
		if perr == nil {
			return false
		}
		_, m := split(perr.Error())
		return m == msg
	})
	if k == len(ends) {
		return line, msg // not found again: keep what yaml.v3 said
	}
	if msg == endOfStream {
		return k + 1, "quote not closed"
	}
	if l, ok := openQuote(src, ends, k); ok {
		return l, fmt.Sprintf("quote not closed on its line: the value runs on to line %d, where: %s", k+1, msg)
	}
	if msg == "mapping values are not allowed in this context" {
		if l, ok := keyWithoutColon(src, ends, k); ok {
			return l, "could not find expected ':'"
		}
	}
	return k + 1, msg
}

// endOfStream is yaml.v3's message for a quoted value still open at the
// end of the text, at the line the quote opened.
const endOfStream = "found unexpected end of stream"

// openQuote reports the line of a quote that is still open at the end of
// line k: the error on line k+1 is then where the quoted value happened to
// end ("green: \">= 99.9\"" closing a quote a line a few lines up left
// open), and the cause is the quote.
func openQuote(src []byte, ends []int, k int) (int, bool) {
	if k == 0 {
		return 0, false
	}
	var doc yaml.Node
	err := yaml.Unmarshal(src[:ends[k-1]], &doc)
	if err == nil {
		return 0, false
	}
	line, msg := split(err.Error())
	return line, msg == endOfStream && line > 0 && line <= k
}

// lineEnds is the offset after each line of src.
func lineEnds(src []byte) []int {
	var ends []int
	for i, c := range src {
		if c == '\n' {
			ends = append(ends, i+1)
		}
	}
	if len(src) > 0 && src[len(src)-1] != '\n' {
		ends = append(ends, len(src))
	}
	return ends
}

// keyWithoutColon finds the cause of a "mapping values are not allowed" at
// line k+1 that is a key written without its colon on an earlier line:
// "title Q3" then "period: 2026-09" reads as one plain scalar over both
// lines, and fails only at the second line's colon. Without that line the
// document parses, and its last node is a plain scalar where a key was
// meant: the whole document, or an item of a list.
func keyWithoutColon(src []byte, ends []int, k int) (int, bool) {
	if k == 0 {
		return 0, false
	}
	var doc yaml.Node
	if yaml.Unmarshal(src[:ends[k-1]], &doc) != nil || len(doc.Content) == 0 {
		return 0, false
	}
	parent, last := (*yaml.Node)(nil), doc.Content[0]
	for len(last.Content) > 0 {
		parent, last = last, last.Content[len(last.Content)-1]
	}
	if last.Kind != yaml.ScalarNode || last.Style != 0 || last.Value == "" {
		return 0, false
	}
	if parent != nil && parent.Kind != yaml.SequenceNode {
		return 0, false
	}
	return last.Line, true
}

// Message is a decoding error (Node.Decode) as a message for the value's
// own position: no library prefix, no line, no "!!" on type names.
func Message(err error) string {
	var te *yaml.TypeError
	if errors.As(err, &te) && len(te.Errors) > 0 {
		_, msg := split(te.Errors[0])
		return strings.ReplaceAll(msg, "!!", "")
	}
	return fmt.Sprint(err)
}

// Describe names a YAML value for a message: "a list", "keys and values",
// "nothing" for an empty value, else the value quoted.
func Describe(n *yaml.Node) string {
	switch n.Kind {
	case yaml.SequenceNode:
		return "a list"
	case yaml.MappingNode:
		return "keys and values"
	case yaml.AliasNode:
		return "an alias"
	}
	if n.Value == "" {
		return "nothing"
	}
	return fmt.Sprintf("%q", n.Value)
}
