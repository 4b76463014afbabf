package source

import (
	"testing"
)

// Two monthly CSV exports whose value column is just "Sales", each mapped
// to its own KPI; a footer line under the data is not a month.
func TestTwoCSVsHeadedSales(t *testing.T) {
	src := `
- file: retail.csv
  series: {retail_total: Sales}
  scale: millions
- file: ecommerce.csv
  series: {ecommerce: sales}
`
	files := map[string][]byte{
		"retail.csv":    []byte("\"Month\",\"Sales\"\n\"2022-01\",560.5\n\"2022-02\",570\n\"2022-03\",\nMonthly sales in millions of dollars\n"),
		"ecommerce.csv": []byte("observation_date;Sales\r\n01/01/2022;\"1.234,5\"\r\n02/01/2022;1300\r\n"),
	}
	st, d := load(t, src, files)
	wantDiags(t, d)
	if got, want := series(st, "retail_total"), "2022-01 a=5.605e+08; 2022-02 a=5.7e+08"; got != want {
		t.Errorf("retail_total: got %s, want %s", got, want)
	}
	if got, want := series(st, "ecommerce"), "2022-01 a=1234.5; 2022-02 a=1300"; got != want {
		t.Errorf("ecommerce: got %s, want %s", got, want)
	}
}

// A long export whose kpi column uses the exporter's names.
func TestLongWithSeries(t *testing.T) {
	src := `
- file: export.csv
  layout: long
  kind: budget
  series: {revenue: Net revenue (EUR), uptime: [Availability]}
`
	files := map[string][]byte{"export.csv": []byte("kpi,period,value,comment\nNet revenue (EUR),2026-01,100,\nAvailability,Jan 2026,99.9%,fine\nCost,2026-01,5,\n")}
	st, d := load(t, src, files)
	wantDiags(t, d)
	if got, want := series(st, "revenue"), "2026-01 b=100"; got != want {
		t.Errorf("revenue: got %s, want %s", got, want)
	}
	if got, want := series(st, "uptime"), "2026-01 b=99.9"; got != want {
		t.Errorf("uptime: got %s, want %s", got, want)
	}
}

// Each kind of bad sources.yaml, with the whole message at its line.
func TestBadSources(t *testing.T) {
	files := map[string][]byte{
		"mrts.xlsx": censusWorkbook(t),
		"sales.csv": []byte("Month,Sales\n2022-01,5\n"),
		"risks.csv": []byte("id,title,likelihood,impact\nR1,x,1,1\n"),
	}
	tests := []struct {
		name, src string
		want      []string
	}{
		{"not a list", "file: mrts.xlsx\n",
			[]string{`data/sources.yaml:1:1: data/sources.yaml must be a list of sources, each starting with "- file: ..."`}},
		{"broken YAML", "- file: [mrts.xlsx\n",
			[]string{`data/sources.yaml:1: did not find expected ',' or ']'`}},
		{"unknown key", "- file: sales.csv\n  serie: {retail_total: Sales}\n",
			[]string{`data/sources.yaml:2:3: unknown key "serie" (did you mean "series"?)`}},
		{"no file", "- series: {retail_total: Sales}\n",
			[]string{`data/sources.yaml:1:3: a source needs file: the path of a file under data/, or a glob (exports/*.csv); or database with query or table`}},
		{"file matches nothing", "- file: sale.csv\n",
			[]string{`data/sources.yaml:1:9: file "sale.csv" matches no .xlsx, .xlsm or .csv file in data/ (did you mean "sales.csv"?)`}},
		{"file outside data", "- file: ../secrets.csv\n",
			[]string{`data/sources.yaml:1:9: file "../secrets.csv" is outside data/: give a path under data/ (sales.xlsx, exports/*.csv)`}},
		{"a register named", "- file: risks.csv\n  series: {revenue: Sales}\n",
			[]string{`data/sources.yaml:1:9: file "risks.csv" names data/risks.csv, the risk register: a source reads values`}},
		{"a glob passes over the register", "- file: \"*.csv\"\n  series: {revenue: Sales}\n", []string{}},
		{"block of a months-down source", "- file: sales.csv\n  layout: months-down\n  block: ADJUSTED\n  series: {revenue: Sales}\n",
			[]string{`data/sources.yaml:3:10: block applies to layout months-across (heading rows over blocks of series), not months-down`}},
		{"gaps not texts", "- file: sales.csv\n  gaps: {a: b}\n",
			[]string{`data/sources.yaml:2:9: gaps must be a text or a list of texts, not keys and values`}},
		{"unknown database", "- database: warehous\n  table: support.tickets\n  layout: records\n  date: opened\n  kpis: {tickets: {agg: count}}\n",
			[]string{`data/sources.yaml:1:13: unknown database "warehous" (did you mean "warehouse"?)`}},
		{"database source with a file", "- database: warehouse\n  file: x.csv\n  query: q.sql\n",
			[]string{`data/sources.yaml:2:9: file does not go with database: a database source reads a query or a table`}},
		{"table without records", "- database: warehouse\n  table: support.tickets\n",
			[]string{`data/sources.yaml:2:10: a table is read as records: add layout: records, date and kpis (or use a query)`}},
		{"two database sources, one pulled file", "- database: warehouse\n  query: a/rev.sql\n- database: warehouse\n  query: b/REV.sql\n",
			[]string{`data/sources.yaml:3:3: a second source named "REV" (the first is at line 1): give each its own name`}},
		{"a KPI from two records sources", "- file: sales.csv\n  layout: records\n  date: month\n  kpis: {tickets: {agg: count}}\n- file: sales.csv\n  layout: records\n  date: month\n  kpis: {tickets: {agg: count}}\n",
			[]string{`data/sources.yaml:8:10: kpi tickets is computed from records by two sources (the first at line 4): a quarter's or a year's figure cannot be put together from two sources' records; keep it in one`}},
		{"unknown layout", "- file: sales.csv\n  layout: months-accross\n",
			[]string{`data/sources.yaml:2:11: unknown layout "months-accross" (did you mean "months-across"?); use one of months-down, months-across, long, records, years-down`}},
		{"unknown kind", "- file: sales.csv\n  kind: budgt\n",
			[]string{`data/sources.yaml:2:9: unknown kind "budgt" (did you mean "budget"?); use one of actual, target, budget, forecast`}},
		{"bad scale", "- file: sales.csv\n  scale: milions\n",
			[]string{`data/sources.yaml:2:10: scale "milions" is not a number other than 0, or thousands, millions, billions (did you mean "millions"?)`}},
		{"unknown KPI in series", "- file: sales.csv\n  series:\n    retail_totl: Sales\n",
			[]string{`data/sources.yaml:3:5: unknown KPI "retail_totl" in series (did you mean "retail_total"?)`}},
		{"series not a mapping", "- file: sales.csv\n  series: Sales\n",
			[]string{`data/sources.yaml:2:11: series must map KPI ids to the labels that hold them (arr: "Annual recurring revenue"), not "Sales"`}},
		{"label in no sheet", "- file: mrts.xlsx\n  sheets: \"2022\"\n  block: ADJUSTED\n  gaps: [(NA)]\n  series:\n    retail_total: Retail and food service sales total\n    ecommerce: Nonstore retailers\n",
			[]string{
				`data/sources.yaml:6:5: label "Retail and food service sales total" of kpi retail_total appears in no sheet of data/mrts.xlsx (labels that come close: "Retail and food services sales, total")`,
				`data/sources.yaml:7:5: label "Nonstore retailers" of kpi ecommerce appears in no sheet of data/mrts.xlsx`,
			}},
		{"sheet glob matches nothing", "- file: mrts.xlsx\n  sheets: [\"19??\", \"2022\"]\n  block: ADJUSTED\n  series: {gafo: GAFO}\n",
			[]string{`data/sources.yaml:2:11: sheet "19??" matches no sheet of data/mrts.xlsx (its sheets: "Notes", "2021", "2022")`}},
		{"sheets of a CSV file", "- file: sales.csv\n  sheets: Sheet1\n  series: {revenue: Sales}\n",
			[]string{`data/sources.yaml:2:11: data/sales.csv is a CSV file, which has no sheets: leave sheets out for it`,
				`data/sources.yaml:3:12: label "Sales" of kpi revenue appears in no sheet of data/sales.csv`}},
		{"block in no sheet", "- file: mrts.xlsx\n  sheets: \"2022\"\n  block: SEASONALLY ADJUSTED\n  series: {gafo: GAFO}\n",
			[]string{
				`data/sources.yaml:3:10: block "SEASONALLY ADJUSTED": no heading row in data/mrts.xlsx matches it (headings: "NOT ADJUSTED", "ADJUSTED", "(p) Preliminary estimate.", "(S) Suppressed.")`,
				`data/sources.yaml:4:12: label "GAFO" of kpi gafo appears in no sheet of data/mrts.xlsx under heading "SEASONALLY ADJUSTED": it appears only outside that block`,
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, d := load(t, tt.src, files)
			wantDiags(t, d, tt.want...)
		})
	}
}
