package content

import (
	"testing"

	"github.com/opsreport/opsreport/internal/diag"
)

func TestTextIsEveryBlockOnItsOwnLine(t *testing.T) {
	src := "---\ntitle: Customer\n---\n# Churn *rose*\n\nLogo churn was {{< value churn >}}, up.\n\n" +
		"{{< chart churn >}}\n\n- first **item**\n- second\n\n| KPI | Note |\n|---|---|\n| NPS | Café &amp; <b>x</b> |\n\n" +
		"```\ncode {{< value arr >}}\n```\n\n<div>raw</div>\n"
	var d diag.List
	doc := Parse("content/a.md", []byte(src), &SectionMeta{}, &d)
	if d.HasErrors() {
		t.Fatal(d.Items())
	}
	figure := func(sc *Shortcode) string { return "3.2%" }
	want := "Churn rose\nLogo churn was 3.2%, up.\nfirst item\nsecond\nKPI\nNote\nNPS\nCafé & x"
	if got := doc.Text(figure); got != want {
		t.Errorf("Text =\n%q\nwant\n%q", got, want)
	}
	if got, want := doc.Text(nil), "Churn rose\nLogo churn was, up.\nfirst item\nsecond\nKPI\nNote\nNPS\nCafé & x"; got != want {
		t.Errorf("Text(nil) =\n%q\nwant\n%q", got, want)
	}
}
