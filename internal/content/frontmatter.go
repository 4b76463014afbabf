package content

import (
	"bytes"
	"fmt"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/opsreport/opsreport/internal/diag"
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
	src = bytes.TrimPrefix(src, []byte("\uFEFF"))
	first, rest, _ := cutLine(src)
	if !isDelim(first) {
		return frontMatter{bodyLine: 1, body: src}
	}
	block := rest
	for line := 2; len(rest) > 0; line++ {
		l, next, _ := cutLine(rest)
		if isDelim(l) {
			return frontMatter{
				yaml:      block[:len(block)-len(rest)],
				firstLine: 2,
				bodyLine:  line + 1,
				body:      next,
			}
		}
		rest = next
	}
	d.Errorf(diag.Pos{File: file, Line: 1}, `front matter starts with "---" but has no closing "---" line`)
	return frontMatter{}
}

// cutLine splits off the first line, without its line ending.
func cutLine(b []byte) (line, rest []byte, found bool) {
	line, rest, found = bytes.Cut(b, []byte("\n"))
	return bytes.TrimSuffix(line, []byte("\r")), rest, found
}

func isDelim(line []byte) bool { return string(bytes.TrimRight(line, " \t")) == "---" }

// yamlLine finds the block-relative line in a yaml.v3 syntax error.
var yamlLine = regexp.MustCompile(`^yaml: line (\d+): `)

// decodeFrontMatter checks the YAML and decodes it strictly into meta. It
// returns the file line of every top-level key. With a nil meta the keys
// are recorded but not checked.
func decodeFrontMatter(file string, fm frontMatter, meta any, d *diag.List) map[string]int {
	at := func(blockLine int) diag.Pos { return diag.Pos{File: file, Line: fm.firstLine + blockLine - 1} }
	root := parseYAML(fm.yaml, at, d)
	if root == nil {
		return nil
	}
	dec := newMetaDecoder(meta)
	keys := map[string]int{}
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		if first, dup := keys[k.Value]; dup {
			d.Errorf(at(k.Line), "front matter key %q given twice (first on line %d)", k.Value, first)
			continue
		}
		keys[k.Value] = at(k.Line).Line
		if dec != nil {
			dec.field(k, v, at, d)
		}
	}
	return keys
}

// parseYAML returns the block's top-level mapping, or nil when it is empty
// or has a problem, which goes to d. yaml.v3 counts lines from the start of
// the block; at turns them into file lines.
func parseYAML(src []byte, at func(int) diag.Pos, d *diag.List) *yaml.Node {
	var doc yaml.Node
	if err := yaml.Unmarshal(src, &doc); err != nil {
		msg, line := err.Error(), 1
		if m := yamlLine.FindStringSubmatch(msg); m != nil {
			line, _ = strconv.Atoi(m[1])
			msg = msg[len(m[0]):]
		}
		d.Errorf(at(max(line, 1)), "front matter: %s", strings.TrimPrefix(msg, "yaml: "))
		return nil
	}
	if len(doc.Content) == 0 {
		return nil
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		d.Errorf(at(root.Line), "front matter must be keys and values, not %s", DescribeYAML(root))
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

func (dec *metaDecoder) field(k, v *yaml.Node, at func(int) diag.Pos, d *diag.List) {
	i, ok := dec.fields[k.Value]
	if !ok {
		hint := diag.DidYouMean(k.Value, dec.names)
		if hint == "" {
			hint = " (known keys: " + strings.Join(dec.names, ", ") + ")"
		}
		d.Errorf(at(k.Line), "unknown front matter key %q%s", k.Value, hint)
		return
	}
	f := dec.v.Field(i)
	if err := v.Decode(f.Addr().Interface()); err != nil {
		d.Errorf(at(v.Line), "front matter key %q: want %s, got %s", k.Value, want(f.Type()), DescribeYAML(v))
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

// DescribeYAML names a YAML value for a message: "a list", "keys and
// values", "nothing" for an empty value, else the value quoted.
func DescribeYAML(n *yaml.Node) string {
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
