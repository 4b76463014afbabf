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
// line (line 0, the file, when yaml.v3 gives none) as prefix followed by
// the error.
func (r Reader) Parse(src []byte, prefix string, d *diag.List) *yaml.Node {
	var doc yaml.Node
	if err := yaml.Unmarshal(src, &doc); err != nil {
		line, msg := split(err.Error())
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
	return doc.Content[0]
}

// errorLine is yaml.v3's "yaml: line 3: did not find expected key"; a
// decoding error's items read "line 3: cannot unmarshal …".
var errorLine = regexp.MustCompile(`^(?:yaml: )?line (\d+): `)

// split takes yaml.v3's prefix and line off a message.
func split(msg string) (line int, rest string) {
	if m := errorLine.FindStringSubmatch(msg); m != nil {
		line, _ = strconv.Atoi(m[1])
		return line, msg[len(m[0]):]
	}
	return 0, strings.TrimPrefix(msg, "yaml: ")
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
