package demo

import (
	"bytes"
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// catalogYAML writes data/kpis.yaml: one record per KPI, grouped by
// function with a comment line, every field spelt out so the file teaches
// the format.
func catalogYAML(head string, list []*series) []byte {
	var b bytes.Buffer
	b.WriteString(head)
	for _, f := range functions {
		first := true
		for _, s := range list {
			if s.t.function != f.name {
				continue
			}
			if first {
				fmt.Fprintf(&b, "\n# ---- %s %s\n", f.name, strings.Repeat("-", 70-len(f.name)))
				first = false
			}
			catalogRecord(&b, &s.t)
		}
	}
	return b.Bytes()
}

func catalogRecord(b *bytes.Buffer, t *template) {
	fmt.Fprintf(b, "- id: %s\n", t.id)
	field(b, "name", t.name)
	field(b, "function", t.function)
	field(b, "owner", ownerOf(t.function))
	field(b, "unit", string(t.unit))
	number(b, "decimals", float64(t.digits()))
	field(b, "direction", string(t.dir))
	field(b, "aggregate", string(t.agg))
	if t.target != 0 {
		number(b, "target", t.target)
	}
	if t.tolerance != 0 {
		number(b, "tolerance", t.tolerance)
	}
	if t.green != "" {
		field(b, "green", t.green)
		field(b, "amber", t.amber)
	}
	field(b, "description", t.desc)
}

func field(b *bytes.Buffer, key, value string) {
	fmt.Fprintf(b, "  %s: %s\n", key, yamlScalar(value))
}

func number(b *bytes.Buffer, key string, v float64) {
	fmt.Fprintf(b, "  %s: %s\n", key, strconv.FormatFloat(v, 'f', -1, 64))
}

// plainScalar is text YAML reads back as the same string without quotes.
var plainScalar = regexp.MustCompile(`^[A-Za-z0-9(][A-Za-z0-9 ,.()'/_—-]*$`)

// yamlScalar quotes a value only when YAML would misread it plain (a
// threshold's ">", a colon, a leading digit that would make a number).
func yamlScalar(s string) string {
	if plainScalar.MatchString(s) && !strings.Contains(s, ": ") && !startsNumeric(s) {
		return s
	}
	return strconv.Quote(s)
}

func startsNumeric(s string) bool {
	_, err := strconv.ParseFloat(s, 64)
	return err == nil || s == "true" || s == "false" || s == "null"
}
