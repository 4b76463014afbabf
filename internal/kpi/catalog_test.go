package kpi

import (
	"strings"
	"testing"

	"github.com/opsreport/opsreport/internal/diag"
)

// diagLines renders every diagnostic as the user reads it.
func diagLines(d *diag.List) []string {
	var out []string
	for _, it := range d.Items() {
		out = append(out, it.String())
	}
	return out
}

func wantDiags(t *testing.T, d *diag.List, want ...string) {
	t.Helper()
	got := diagLines(d)
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("diagnostics:\n got  %s\n want %s", strings.Join(got, "\n      "), strings.Join(want, "\n      "))
	}
}

const catalogYAML = `# the catalog
- id: arr
  name: Annual recurring revenue
  function: Finance
  owner: CFO
  unit: currency
  aggregate: last
  target: "$12,000,000"
  description: Contracted revenue, annualised.
- id: uptime
  name: Uptime
  unit: percent
  decimals: 2
  green: ">= 99.9%"
  amber: ">= 99.5"
- id: churn
  unit: percent
  direction: down
  target: 2
  tolerance: 10%
- id: ttr
  unit: hours
- id: cost_ratio
  unit: ratio
  target: 50%
- id: tickets
`

func TestParseCatalogYAMLList(t *testing.T) {
	var d diag.List
	c := ParseCatalogYAML("data/kpis.yaml", []byte(catalogYAML), &d)
	wantDiags(t, &d)
	if got := strings.Join(c.IDs(), " "); got != "arr uptime churn ttr cost_ratio tickets" {
		t.Fatalf("ids %q", got)
	}
	arr := c.Get("arr")
	want := KPI{ID: "arr", Name: "Annual recurring revenue", Function: "Finance", Owner: "CFO",
		Unit: UnitCurrency, Decimals: 0, Direction: Up, Aggregate: Last, Target: Some(12e6),
		Tolerance: 0.05, Description: "Contracted revenue, annualised.", Display: DisplayAuto,
		Pos: diag.Pos{File: "data/kpis.yaml", Line: 2, Col: 3}}
	if *arr != want {
		t.Errorf("arr:\n got  %+v\n want %+v", *arr, want)
	}
	up := c.Get("uptime")
	// percent keeps points: "99.9%" is 99.9; default aggregate for percent is avg
	if *up.Green != (Threshold{">=", 99.9}) || *up.Amber != (Threshold{">=", 99.5}) || up.Decimals != 2 || up.Aggregate != Avg {
		t.Errorf("uptime %+v green %v amber %v", up, up.Green, up.Amber)
	}
	churn := c.Get("churn")
	if churn.Direction != Down || churn.Tolerance != 0.1 || churn.Target != Some(2) || churn.Name != "churn" || churn.Decimals != 1 {
		t.Errorf("churn %+v", churn)
	}
	// durations default to avg and one decimal; a ratio's "50%" is 0.5
	if ttr := c.Get("ttr"); ttr.Aggregate != Avg || ttr.Decimals != 1 {
		t.Errorf("ttr %+v", ttr)
	}
	if cr := c.Get("cost_ratio"); cr.Target != Some(0.5) || cr.Decimals != 2 || cr.Aggregate != Avg {
		t.Errorf("cost_ratio %+v", cr)
	}
	// no unit: number, summed, whole, target-less
	if tk := c.Get("tickets"); tk.Unit != UnitNumber || tk.Aggregate != Sum || tk.Decimals != 0 || tk.Target.OK {
		t.Errorf("tickets %+v", tk)
	}
	if c.Lookup("Annual recurring revenue") != arr || c.Lookup("ARR") != arr || c.Lookup(" uptime ") != up || c.Lookup("annual recurring revenue") != nil {
		t.Errorf("Lookup by id and exact name")
	}
}

func TestParseCatalogYAMLMapping(t *testing.T) {
	var d diag.List
	c := ParseCatalogYAML("data/kpis.yaml", []byte("kpis:\n  - id: arr\n    unit: currency\n  - id: nps\n"), &d)
	wantDiags(t, &d)
	if strings.Join(c.IDs(), " ") != "arr nps" || c.Get("arr").Pos != (diag.Pos{File: "data/kpis.yaml", Line: 2, Col: 5}) {
		t.Errorf("ids %v pos %v", c.IDs(), c.Get("arr").Pos)
	}
}

func TestParseCatalogYAMLErrors(t *testing.T) {
	tests := []struct {
		name, src string
		want      []string
	}{
		{"unknown field", "- id: arr\n  nmae: ARR\n",
			[]string{`data/kpis.yaml:2:3: unknown field "nmae" (did you mean "name"?)`}},
		{"unknown top-level key", "kpi:\n  - id: arr\n",
			[]string{`data/kpis.yaml:1:1: unknown field "kpi" (did you mean "kpis"?)`}},
		{"missing id", "- name: ARR\n  unit: currency\n",
			[]string{`data/kpis.yaml:1:3: KPI record has no id`}},
		{"duplicate id", "- id: arr\n- id: nps\n- id: arr\n",
			[]string{`data/kpis.yaml:3:7: duplicate KPI id "arr" (first defined at data/kpis.yaml:1:7)`}},
		{"not a slug", "- id: Net Revenue\n",
			[]string{`data/kpis.yaml:1:7: id "Net Revenue" is not a slug: use lowercase letters, digits, "_" and "-"`}},
		{"bad unit", "- id: up\n  unit: precent\n",
			[]string{`data/kpis.yaml:2:9: unknown unit "precent" (did you mean "percent"?)`}},
		{"bad unit, no near miss", "- id: up\n  unit: furlongs\n",
			[]string{`data/kpis.yaml:2:9: unknown unit "furlongs" (use one of currency, percent, number, count, days, hours, minutes, ratio, months, multiple, basis_points)`}},
		{"bad direction", "- id: up\n  direction: dwon\n",
			[]string{`data/kpis.yaml:2:14: unknown direction "dwon" (did you mean "down"?)`}},
		{"bad aggregate", "- id: up\n  aggregate: average\n",
			[]string{`data/kpis.yaml:2:14: unknown aggregate "average" (use one of sum, last, avg, min, max)`}},
		{"bad aggregate near miss", "- id: up\n  aggregate: lats\n",
			[]string{`data/kpis.yaml:2:14: unknown aggregate "lats" (did you mean "last"?)`}},
		{"bad threshold", "- id: up\n  green: 99.9\n",
			[]string{`data/kpis.yaml:2:10: green threshold "99.9" is not a comparison and a number, such as ">= 99.9" or "< 4"`}},
		{"bad threshold number", "- id: up\n  amber: \">= lots\"\n  green: \">= 5\"\n",
			[]string{`data/kpis.yaml:2:10: amber threshold ">= lots" is not a comparison and a number, such as ">= 99.9" or "< 4"`}},
		{"amber without green", "- id: up\n  amber: \">= 5\"\n",
			[]string{`data/kpis.yaml:2:10: amber threshold without a green threshold`}},
		{"bad target", "- id: up\n  target: lots\n",
			[]string{`data/kpis.yaml:2:11: target "lots" is not a number`}},
		{"bad decimals", "- id: up\n  decimals: 1.5\n",
			[]string{`data/kpis.yaml:2:13: decimals "1.5" is not a whole number from 0 to 10`}},
		{"tolerance as percent points", "- id: up\n  tolerance: 5\n",
			[]string{`data/kpis.yaml:2:14: tolerance "5" is not a fraction of target between 0 and 1 (0.05 means 5%)`}},
		{"field twice", "- id: up\n  unit: count\n  unit: days\n",
			[]string{`data/kpis.yaml:3:3: key "unit" given twice (first on line 2)`}},
		{"list value", "- id: up\n  owner: [a, b]\n",
			[]string{`data/kpis.yaml:2:10: owner must be a single value`}},
		{"record not a mapping", "- arr\n",
			[]string{`data/kpis.yaml:1:3: a KPI record must be a mapping of fields (id, name, unit, ...)`}},
		{"not a list", "arr\n",
			[]string{`data/kpis.yaml:1:1: the KPI catalog must be a list of KPI records`}},
		{"yaml syntax", "- id: arr\n  name: x\n   bad: indent\n",
			[]string{`data/kpis.yaml:3: mapping values are not allowed in this context`}},
		{"yaml tab", "- id: arr\n\tname: x\n",
			[]string{`data/kpis.yaml:2: found a tab character that violates indentation`}},
		{"thresholds on direction none", "- id: x\n  direction: none\n  green: \">= 1\"\n",
			[]string{`data/kpis.yaml:3:10: warning: kpi x has direction none, which never has a status: its thresholds are ignored`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var d diag.List
			ParseCatalogYAML("data/kpis.yaml", []byte(tt.src), &d)
			wantDiags(t, &d, tt.want...)
		})
	}
}

func TestParseCatalogYAMLReportsEverything(t *testing.T) {
	var d diag.List
	c := ParseCatalogYAML("data/kpis.yaml", []byte("- id: a\n  unit: kg\n- nmae: x\n- id: a\n"), &d)
	wantDiags(t, &d,
		`data/kpis.yaml:2:9: unknown unit "kg" (use one of currency, percent, number, count, days, hours, minutes, ratio, months, multiple, basis_points)`,
		`data/kpis.yaml:3:3: KPI record has no id`,
		`data/kpis.yaml:3:3: unknown field "nmae" (did you mean "name"?)`,
		`data/kpis.yaml:4:7: duplicate KPI id "a" (first defined at data/kpis.yaml:1:7)`,
	)
	if len(c.KPIs) != 1 || c.Get("a").Unit != UnitNumber {
		t.Errorf("kept %v", c.IDs())
	}
}

func TestParseCatalogSheetCSV(t *testing.T) {
	s := mkSheet("data/kpis.csv", "kpis", true,
		row("ID", "Name", "Unit", "Target", "Green", "Amber", "Direction"),
		row("nps", "Net promoter score", "number", "40", "", "", "up"),
		row("uptime", "Uptime", "percent", "", ">= 99.9", ">= 99.5", ""),
		row(),
		row("ttr", "Time to resolve", "hours", "4", "", "", "down"),
	)
	var d diag.List
	c := ParseCatalogSheet(s, &d)
	wantDiags(t, &d)
	if strings.Join(c.IDs(), " ") != "nps uptime ttr" {
		t.Fatalf("ids %v", c.IDs())
	}
	if k := c.Get("nps"); k.Target != Some(40) || k.Name != "Net promoter score" || k.Pos != (diag.Pos{File: "data/kpis.csv", Line: 2, Col: 1}) {
		t.Errorf("nps %+v", k)
	}
	if k := c.Get("ttr"); k.Direction != Down || k.Aggregate != Avg {
		t.Errorf("ttr %+v", k)
	}
	if k := c.Get("uptime"); k.Green == nil || k.Green.Value != 99.9 || k.Amber.Value != 99.5 {
		t.Errorf("uptime %+v", k)
	}
}

func TestParseCatalogSheetWorkbook(t *testing.T) {
	s := mkSheet("data/metrics.xlsx", "KPIs", false,
		row("KPI catalog, FY2027"),
		row(),
		row(nil, "id", "unit", "target", "decimals", "owner"),
		row(nil, "uptime", "percent", pctCell(0.999), 2.0, "CTO"),
		row(nil, "arr", "currency", 12e6, nil, "CFO"),
	)
	var d diag.List
	c := ParseCatalogSheet(s, &d)
	wantDiags(t, &d)
	// a percentage-formatted 0.999 is 99.9 points for a percent KPI
	if k := c.Get("uptime"); k.Target != Some(99.9) || k.Decimals != 2 || k.Owner != "CTO" {
		t.Errorf("uptime %+v", k)
	}
	if k := c.Get("arr"); k.Target != Some(12e6) || k.Pos != (diag.Pos{File: "data/metrics.xlsx", Sheet: "KPIs", Cell: "B5"}) {
		t.Errorf("arr %+v", k)
	}
}

func TestParseCatalogSheetErrors(t *testing.T) {
	tests := []struct {
		name string
		rows []rowSpec
		want []string
	}{
		{"unknown column", []rowSpec{row("id", "unti"), row("a", "count")},
			[]string{`data/metrics.xlsx: KPIs!B1: unknown column "unti" (did you mean "unit"?)`}},
		{"no header", []rowSpec{row("name", "unit"), row("ARR", "currency")},
			[]string{`data/metrics.xlsx: KPIs: no header row with an id column: the KPI catalog needs columns id, name, function, owner, unit, decimals, direction, aggregate, target, tolerance, green, amber, description, formula, display, headline`}},
		{"missing id", []rowSpec{row("id", "name"), row(nil, "ARR")},
			[]string{`data/metrics.xlsx: KPIs!B2: KPI record has no id`}},
		{"duplicate id", []rowSpec{row("id"), row("arr"), row("arr")},
			[]string{`data/metrics.xlsx: KPIs!A3: duplicate KPI id "arr" (first defined at data/metrics.xlsx: KPIs!A2)`}},
		{"error cell", []rowSpec{row("id", "target"), row("arr", errCell("#REF!"))},
			[]string{`data/metrics.xlsx: KPIs!B2: cell holds the error #REF!`}},
		{"bad decimals cell", []rowSpec{row("id", "decimals"), row("arr", 11.0)},
			[]string{`data/metrics.xlsx: KPIs!B2: decimals 11 is not a whole number from 0 to 10`}},
		{"column twice", []rowSpec{row("id", "unit", "Unit"), row("arr", "count", "days")},
			[]string{`data/metrics.xlsx: KPIs!C1: column unit given twice`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var d diag.List
			ParseCatalogSheet(mkSheet("data/metrics.xlsx", "KPIs", false, tt.rows...), &d)
			wantDiags(t, &d, tt.want...)
		})
	}
}
