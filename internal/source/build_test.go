package source_test

import (
	"bytes"
	"strings"
	"testing"
	"testing/fstest"

	opsreport "github.com/opsreport/opsreport"
	"github.com/opsreport/opsreport/internal/diag"
	"github.com/opsreport/opsreport/internal/site"
	"github.com/opsreport/opsreport/internal/source"
)

// A whole build from a statistics workbook and a CSV export described only
// by kpis.yaml and sources.yaml: the figures are the adjusted block's, in
// dollars, with gaps as gaps; a catalog KPI nothing gave and a file nothing
// came from are warnings.
func TestBuildFromSources(t *testing.T) {
	fsys := fstest.MapFS{
		"data/kpis.yaml": {Data: []byte(`
- id: retail_total
  name: Retail and food services sales
  unit: currency
- id: ecommerce
  name: E-commerce sales
  unit: currency
- id: online_orders
  name: Online orders
  unit: count
`)},
		"data/sources.yaml": {Data: []byte(`
- file: mrts.xlsx
  sheets: "20??"
  block: ADJUSTED
  scale: millions
  gaps: ["(S)", "(NA)"]
  series:
    retail_total: Retail and food services sales, total
    ecommerce: Electronic shopping and mail-order houses
`)},
		"data/mrts.xlsx":   {Data: source.CensusWorkbook(t)},
		"data/readme.xlsx": {Data: source.NoteWorkbook(t)},
	}
	var d diag.List
	out := site.Build(fsys, site.Options{Look: opsreport.Builtin}, &d)
	var got bytes.Buffer
	d.Print(&got)
	want := `data/kpis.yaml:8:3: warning: kpi online_orders has no value in any data file
data/readme.xlsx: warning: no value was read from this file
`
	if got.String() != want {
		t.Errorf("diagnostics:\n%s\nwant:\n%s", got.String(), want)
	}
	if out == nil {
		t.Fatal("no output")
	}
	figs := string(out.Files["data/figures.csv"])
	for _, line := range []string{
		// 650000 − 640000 = 10000 (millions); 10000 / 640000 = 1.5625 %
		"retail_total,2022-02,650000000000,,,,,,,,10000000000,1.5625,",
		// February is (NA): no row; March has no prior month to compare with
		"ecommerce,2022-01,92000000000,,,,,,,,",
		"ecommerce,2022-03,93000000000,,,,,,,,,,",
	} {
		if !strings.Contains(figs, "\n"+line) {
			t.Errorf("figures.csv lacks %q", line)
		}
	}
	if strings.Contains(figs, "ecommerce,2022-02,") {
		t.Errorf("a gap became a value:\n%s", figs)
	}
}
