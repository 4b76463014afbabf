package content

import (
	"testing"

	"gopkg.in/yaml.v3"
)

func TestDescribeYAML(t *testing.T) {
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
		if got := DescribeYAML(doc.Content[0]); got != want {
			t.Errorf("%s: %q, want %q", src, got, want)
		}
	}
	// "key:" with nothing after it
	if got := DescribeYAML(&yaml.Node{Kind: yaml.ScalarNode, Tag: "!!null"}); got != "nothing" {
		t.Errorf("an empty value: %q", got)
	}
}
