package content

import (
	"bytes"
	"reflect"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/opsreport/opsreport/internal/diag"
	"github.com/opsreport/opsreport/internal/yamlpos"
)

// frontMatter is the YAML block between the opening and closing "---".
type frontMatter struct {
	yaml      []byte
	firstLine int // file line of the block's first YAML line
	bodyLine  int // file line where the markdown body starts
	body      []byte
}

// splitFrontMatter separates front matter from the body. A file that does
// not start with a "---" line has no front matter. A "---" that is never
// closed is an error: guessing where it ends would decode prose as YAML.
func splitFrontMatter(file string, src []byte, d *diag.List) frontMatter {
	block, body, bodyLine, opened, closed := fence(src)
	switch {
	case !opened:
		return frontMatter{bodyLine: 1, body: body}
	case !closed:
		d.Errorf(diag.Pos{File: file, Line: 1}, `front matter starts with "---" but has no closing "---" line`)
		return frontMatter{}
	}
	return frontMatter{yaml: block, firstLine: 2, bodyLine: bodyLine, body: body}
}

// fence finds the front matter of src, after a byte-order mark: the block
// between a first line "---" and the next "---" line, the body after it
// and the body's first line. opened says src starts with "---", closed
// that the block ends; without both, body is the whole of src.
func fence(src []byte) (block, body []byte, bodyLine int, opened, closed bool) {
	src = bytes.TrimPrefix(src, []byte("\uFEFF"))
	first, rest, _ := cutLine(src)
	if !isDelim(first) {
		return nil, src, 1, false, false
	}
	start := rest
	for line := 2; len(rest) > 0; line++ {
		l, next, _ := cutLine(rest)
		if isDelim(l) {
			return start[:len(start)-len(rest)], next, line + 1, true, true
		}
		rest = next
	}
	return nil, src, 1, true, false
}

// cutLine splits off the first line, without its line ending.
func cutLine(b []byte) (line, rest []byte, found bool) {
	line, rest, found = bytes.Cut(b, []byte("\n"))
	return bytes.TrimSuffix(line, []byte("\r")), rest, found
}

func isDelim(line []byte) bool { return string(bytes.TrimRight(line, " \t")) == "---" }

// decodeFrontMatter checks the YAML and decodes it strictly into meta. It
// returns the file line of every top-level key. With a nil meta the keys
// are recorded but not checked.
func decodeFrontMatter(file string, fm frontMatter, meta any, d *diag.List) map[string]int {
	yr := yamlpos.Reader{File: file, First: fm.firstLine}
	root := parseYAML(fm.yaml, yr, d)
	if root == nil {
		return nil
	}
	dec := newMetaDecoder(meta)
	keys := map[string]int{}
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		if _, dup := keys[k.Value]; dup {
			continue // reported by yamlpos
		}
		keys[k.Value] = yr.Line(k).Line
		if dec != nil {
			dec.field(k, v, yr, d)
		}
	}
	return keys
}

// parseYAML returns the block's top-level mapping, or nil when it is empty
// or has a problem, which goes to d. A syntax error with no line is
// reported at the block's first line.
func parseYAML(src []byte, yr yamlpos.Reader, d *diag.List) *yaml.Node {
	var errs diag.List
	root := yr.Parse(src, "front matter: ", &errs)
	for _, e := range errs.Items() {
		if e.Pos.Line == 0 {
			e.Pos = yr.At(1)
		}
		d.Add(e)
	}
	if root == nil {
		return nil
	}
	if root.Kind != yaml.MappingNode {
		d.Errorf(yr.Line(root), "front matter must be keys and values, not %s", yamlpos.Describe(root))
		return nil
	}
	return root
}

// metaDecoder decodes one key at a time into a struct, by yaml tag, so that
// each problem gets its own line.
type metaDecoder struct {
	v      reflect.Value  // the struct
	fields map[string]int // yaml key → field index
	names  []string       // sorted keys, for suggestions
}

func newMetaDecoder(meta any) *metaDecoder {
	v := reflect.ValueOf(meta)
	if meta == nil || v.Kind() != reflect.Pointer || v.IsNil() || v.Elem().Kind() != reflect.Struct {
		return nil
	}
	dec := &metaDecoder{v: v.Elem(), fields: map[string]int{}}
	t := dec.v.Type()
	for i := range t.NumField() {
		name, _, _ := strings.Cut(t.Field(i).Tag.Get("yaml"), ",")
		if name == "" || name == "-" || !t.Field(i).IsExported() {
			continue
		}
		dec.fields[name] = i
		dec.names = append(dec.names, name)
	}
	slices.Sort(dec.names)
	return dec
}

func (dec *metaDecoder) field(k, v *yaml.Node, yr yamlpos.Reader, d *diag.List) {
	i, ok := dec.fields[k.Value]
	if !ok {
		hint := diag.DidYouMean(k.Value, dec.names)
		if hint == "" {
			hint = " (known keys: " + strings.Join(dec.names, ", ") + ")"
		}
		d.Errorf(yr.Line(k), "unknown front matter key %q%s", k.Value, hint)
		return
	}
	f := dec.v.Field(i)
	if err := v.Decode(f.Addr().Interface()); err != nil {
		d.Errorf(yr.Line(v), "front matter key %q: want %s, got %s", k.Value, want(f.Type()), yamlpos.Describe(v))
	}
}

// want names a Go type the way a writer of YAML thinks of it.
func want(t reflect.Type) string {
	switch t.Kind() {
	case reflect.String:
		return "text"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "a whole number"
	case reflect.Float32, reflect.Float64:
		return "a number"
	case reflect.Bool:
		return "true or false"
	case reflect.Slice:
		return "a list of " + strings.TrimPrefix(want(t.Elem()), "a ")
	}
	return t.String()
}
