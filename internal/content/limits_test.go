package content

import (
	"strings"
	"testing"

	"github.com/opsreport/opsreport/internal/diag"
)

// TestPathologicalMarkdownIsRefused: the inputs that cost goldmark tens of
// seconds are refused before parsing, with the whole message at the line
// where the limit is passed; what real narratives hold is not.
func TestPathologicalMarkdownIsRefused(t *testing.T) {
	var nested strings.Builder
	for i := range 3000 {
		nested.WriteString(strings.Repeat("  ", i) + "- item\n")
	}
	tests := []struct{ name, src, want string }{
		{"unclosed links", "---\ntitle: x\n---\nIntro.\n\n" + strings.Repeat("[a](", 100_000),
			"content/x.md:6: a paragraph with more than 200 [ brackets (links, images, footnotes); split it"},
		{"links over many lines of one paragraph", strings.Repeat("see [a](\n", 300),
			"content/x.md:1: a paragraph with more than 200 [ brackets (links, images, footnotes); split it"},
		{"nested lists", "Text.\n\n" + nested.String(),
			"content/x.md:35: lists and quotes nested more than 32 deep; opsreport reads at most 32 levels"},
		{"nested on one line", strings.Repeat("- ", 3000) + "x\n",
			"content/x.md:1: lists and quotes nested more than 32 deep; opsreport reads at most 32 levels"},
		{"nested quotes", strings.Repeat(">", 40) + " x\n",
			"content/x.md:1: lists and quotes nested more than 32 deep; opsreport reads at most 32 levels"},
		{"fine: a long list of links", strings.Repeat("- [ARR](../kpis/arr/) grew\n", 1000), ""},
		{"fine: a table of links", "| KPI | Link |\n|---|---|\n" + strings.Repeat("| ARR | [a](b) [c](d) |\n", 1000), ""},
		{"fine: deep indentation in fenced code", "```\n" + strings.Repeat(" ", 200) + "- x\n```\n", ""},
		{"fine: 32 levels", nestedList(32), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var d diag.List
			Parse("content/x.md", []byte(tt.src), nil, &d)
			got := ""
			if items := d.Items(); len(items) > 0 {
				got = items[0].String()
			}
			if got != tt.want || len(d.Items()) > 1 {
				t.Errorf("got  %v\nwant %s", d.Items(), tt.want)
			}
		})
	}
}

func nestedList(levels int) string {
	var b strings.Builder
	for i := range levels {
		b.WriteString(strings.Repeat("  ", i) + "- item\n")
	}
	return b.String()
}

// TestHugoPercentDelimiterWarns: "{{% value %}}" is Hugo's other shortcode
// form; opsreport publishes it as text, so it warns at its line and says
// how to write it. Inside code it is left alone.
func TestHugoPercentDelimiterWarns(t *testing.T) {
	src := "---\ntitle: x\n---\nNPS was {{% value nps %}}.\n\n`{{% value nps %}}` in code.\n\n{{% chart nps\n"
	var d diag.List
	Parse("content/x.md", []byte(src), nil, &d)
	var got []string
	for _, it := range d.Items() {
		got = append(got, it.String())
	}
	want := []string{
		`content/x.md:4: warning: "{{% value nps %}}" uses Hugo's {{% %}} delimiters, which opsreport does not read: it is published as text; write "{{< value nps >}}"`,
		`content/x.md:8: warning: "{{% chart nps" opens a shortcode the way Hugo writes {{% %}} ones, which opsreport does not read: it is published as text; write {{< name >}}`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
