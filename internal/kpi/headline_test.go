package kpi

import (
	"fmt"
	"strings"
	"testing"

	"github.com/opsreport/opsreport/internal/diag"
)

func ids(ks []*KPI) string {
	var out []string
	for _, k := range ks {
		out = append(out, k.ID)
	}
	return strings.Join(out, " ")
}

func TestHeadlineFlagged(t *testing.T) {
	src := `- {id: arr, function: Finance, headline: true}
- {id: burn, function: Finance}
- {id: nps, function: Customer, headline: yes}
- {id: churn, function: Customer, display: millions}
- {id: uptime, function: Operations, headline: false}
`
	var d diag.List
	c := ParseCatalogYAML("data/kpis.yaml", []byte(src), &d)
	wantDiags(t, &d)
	if got := ids(c.Headline(nil)); got != "arr nps" {
		t.Errorf("headline %q, want the flagged ones in catalog order", got)
	}
	if c.Get("churn").Display != DisplayMillions || c.Get("arr").Display != DisplayAuto {
		t.Errorf("display %q %q", c.Get("churn").Display, c.Get("arr").Display)
	}
	// A review scoped to Operations has no flagged KPI: the default rule
	// picks among Operations'.
	ops := func(k *KPI) bool { return k.Function == "Operations" }
	if got := ids(c.Headline(ops)); got != "uptime" {
		t.Errorf("scoped headline %q", got)
	}
	cust := func(k *KPI) bool { return k.Function == "Customer" }
	if got := ids(c.Headline(cust)); got != "nps" {
		t.Errorf("scoped flagged headline %q", got)
	}
}

// TestHeadlineDefault: with no flag, the first KPI of each function, then
// catalog order, to twelve, shown in catalog order.
func TestHeadlineDefault(t *testing.T) {
	var kpis []*KPI
	for i := range 10 {
		kpis = append(kpis, &KPI{ID: fmt.Sprintf("f%d", i), Function: "Finance"})
	}
	kpis = append(kpis, &KPI{ID: "c0", Function: "Customer"}, &KPI{ID: "c1", Function: "Customer"})
	for i := range 3 {
		kpis = append(kpis, &KPI{ID: fmt.Sprintf("o%d", i), Function: "Operations"})
	}
	kpis = append(kpis, &KPI{ID: "p0", Function: "People"})
	c := NewCatalog(kpis...)
	// four functions' firsts (f0 c0 o0 p0), then f1…f8 to twelve
	want := "f0 f1 f2 f3 f4 f5 f6 f7 f8 c0 o0 p0"
	if got := ids(c.Headline(nil)); got != want {
		t.Errorf("default headline\n got  %s\n want %s", got, want)
	}
}

func TestHeadlineThirteenthIsAnError(t *testing.T) {
	var b strings.Builder
	for i := range 13 {
		fmt.Fprintf(&b, "- id: k%d\n  headline: true\n", i)
	}
	var d diag.List
	c := ParseCatalogYAML("data/kpis.yaml", []byte(b.String()), &d)
	wantDiags(t, &d, `data/kpis.yaml:26:13: headline: k12 would be headline KPI number 13; at most 12 may be flagged (already: k0, k1, k2, k3, k4, k5, k6, k7, k8, k9, k10, k11)`)
	if got := len(c.Headline(nil)); got != 12 {
		t.Errorf("%d headline KPIs", got)
	}
}

func TestHeadlineSheetForms(t *testing.T) {
	rows := []rowSpec{row("id", "function", "headline", "display")}
	for i := range 13 {
		rows = append(rows, row(fmt.Sprintf("k%d", i), "Finance", true, "units"))
	}
	rows = append(rows, row("x", "Finance", "perhaps", "billion"))
	var d diag.List
	c := ParseCatalogSheet(mkSheet("data/kpis.csv", "kpis", true, rows...), &d)
	wantDiags(t, &d,
		`data/kpis.csv:14:3: headline: k12 would be headline KPI number 13; at most 12 may be flagged (already: k0, k1, k2, k3, k4, k5, k6, k7, k8, k9, k10, k11)`,
		`data/kpis.csv:15:3: headline "perhaps" is not true or false`,
		`data/kpis.csv:15:4: unknown display "billion" (did you mean "billions"?)`)
	if c.Get("k0").Display != DisplayUnits || !c.Get("k0").Headline || c.Get("k12").Headline {
		t.Errorf("k0 %+v k12 %+v", c.Get("k0"), c.Get("k12"))
	}
}
