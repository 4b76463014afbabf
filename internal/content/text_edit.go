package content

import (
	"bytes"
	"fmt"
	"regexp"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/opsreport/opsreport/internal/diag"
)

// splitFrontMatterLines finds the front matter as fence does, for text
// edits: it returns the lines of the block (without the fences, each with
// its line ending), the body after it, and the file's line ending. ok is
// false when the file has no closed front matter.
func splitFrontMatterLines(src []byte) (fm []string, body string, nl string, ok bool) {
	nl = "\n"
	if bytes.Contains(src, []byte("\r\n")) {
		nl = "\r\n"
	}
	block, rest, _, opened, closed := fence(src)
	if !opened || !closed {
		return nil, string(rest), nl, false
	}
	return strings.SplitAfter(string(block), "\n")[:strings.Count(string(block), "\n")], string(rest), nl, true
}

// statusLine is a block front matter's top-level status line.
var statusLine = regexp.MustCompile(`^status:[^\r\n]*`)

// SetStatus sets the front matter's top-level status to status and
// changes no other byte of the file: only the value's own characters are
// replaced, so comments, quoting and flow style ({title: Oct, status:
// draft}) stay as they were. A missing status is added at the end of a
// block front matter, or first in a flow one; a file without front matter
// gets one. A status it cannot set exactly (a value spread over lines, with
// an anchor or a tag) is refused with a diagnostic at its line in file.
func SetStatus(file string, src []byte, status string) ([]byte, error) {
	fm, body, nl, ok := splitFrontMatterLines(src)
	bom := ""
	if bytes.HasPrefix(src, []byte("\ufeff")) {
		bom = "\ufeff"
	}
	if !ok {
		return []byte(bom + "---" + nl + "status: " + status + nl + "---" + nl + body), nil
	}
	refuse := func(line int, format string, args ...any) ([]byte, error) {
		return nil, diag.Diagnostic{Pos: diag.Pos{File: file, Line: line + 1}, Msg: fmt.Sprintf(format, args...)}
	}
	var doc yaml.Node
	if err := yaml.Unmarshal([]byte(strings.Join(fm, "")), &doc); err != nil {
		return refuse(1, "front matter is not valid YAML, so its status cannot be set")
	}
	switch {
	case len(doc.Content) == 0:
		fm = append(fm, "status: "+status+nl)
	case doc.Content[0].Kind != yaml.MappingNode:
		return refuse(doc.Content[0].Line, "front matter is not a list of keys (like status: draft), so its status cannot be set")
	default:
		root := doc.Content[0]
		val := mappingValue(root, "status")
		switch {
		case val == nil && root.Style&yaml.FlowStyle != 0:
			fm[root.Line-1] = insertAt(fm[root.Line-1], root.Column, "status: "+status+flowSep(root))
		case val == nil:
			fm = append(fm, "status: "+status+nl)
		default:
			line, ok := replaceScalar(fm[val.Line-1], val, status)
			if !ok {
				return refuse(val.Line, "status is not a one-line value (like status: draft), so close cannot set it; write it on one line and close again")
			}
			fm[val.Line-1] = line
		}
	}
	return []byte(bom + "---" + nl + strings.Join(fm, "") + "---" + nl + body), nil
}

// mappingValue is the value of key in a mapping node, or nil.
func mappingValue(m *yaml.Node, key string) *yaml.Node {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i+1]
		}
	}
	return nil
}

// flowSep separates a key inserted first in a flow mapping from the rest.
func flowSep(m *yaml.Node) string {
	if len(m.Content) == 0 {
		return ""
	}
	return ", "
}

// insertAt inserts text just after the character at column col (1-based,
// in characters, as yaml.v3 counts) of line.
func insertAt(line string, col int, text string) string {
	at := byteOffset(line, col)
	return line[:at] + text + line[at:]
}

// byteOffset is where the character just after column col starts.
func byteOffset(line string, col int) int {
	n := 0
	for i := range line {
		if n == col {
			return i
		}
		n++
	}
	return len(line)
}

// replaceScalar replaces the one-line scalar val, which starts on line, by
// value in the same quoting. ok is false for any other kind of value.
func replaceScalar(line string, val *yaml.Node, value string) (string, bool) {
	if val.Kind != yaml.ScalarNode || val.Anchor != "" || val.Tag == "!!null" {
		return line, false
	}
	start := byteOffset(line, val.Column-1)
	rest := line[start:]
	var n int
	switch val.Style {
	case 0:
		n = len(val.Value)
		if !strings.HasPrefix(rest, val.Value) {
			return line, false
		}
	case yaml.SingleQuotedStyle:
		n, value = quotedEnd(rest, '\''), "'"+value+"'"
	case yaml.DoubleQuotedStyle:
		n, value = quotedEnd(rest, '"'), `"`+value+`"`
	}
	if n == 0 {
		return line, false
	}
	return line[:start] + value + rest[n:], true
}

// quotedEnd is the length of the quoted scalar at the start of s, or 0 when
// it does not close on this line. Single quotes escape a quote by doubling
// it, double quotes by a backslash.
func quotedEnd(s string, q byte) int {
	for i := 1; i < len(s); i++ {
		switch {
		case q == '"' && s[i] == '\\':
			i++
		case s[i] == q && q == '\'' && i+1 < len(s) && s[i+1] == '\'':
			i++
		case s[i] == q:
			return i + 1
		}
	}
	return 0
}
