package source

import (
	"testing"
)

// censusYear is one year's sheet laid out as a national statistics office
// lays out monthly retail sales: a title block, a header row of months
// ("Jan. 2022", a preliminary "Mar. 2022(p)") with a code column and a
// label column, TOTAL and CY CUM columns, and two blocks, NOT ADJUSTED and
// ADJUSTED(2), each with suppressed "(S)" and unavailable "(NA)" cells.
func censusYear(year string, months []string, notAdj, adj [][]any) wsheet {
	header := []any{"NAICS  Code", "Kind of Business"}
	for _, m := range months {
		header = append(header, m)
	}
	header = append(header, "TOTAL", "CY CUM")
	rows := [][]any{
		{"Estimated Monthly Sales for Retail and Food Services, by Kind of Business: " + year},
		{"[Estimates are shown in millions of dollars and are based on data from the Monthly Retail Trade Survey.]"},
		{},
		header,
		{nil, "NOT ADJUSTED"},
		{},
	}
	rows = append(rows, notAdj...)
	rows = append(rows, []any{}, []any{nil, "ADJUSTED(2)"}, []any{})
	rows = append(rows, adj...)
	rows = append(rows, []any{}, []any{"(1) GAFO represents firms which specialize in department store goods."},
		[]any{"(p) Preliminary estimate."}, []any{"(S) Suppressed."})
	return wsheet{name: year, rows: rows}
}

func censusWorkbook(t testing.TB) []byte {
	y2021 := censusYear("2021", []string{"Nov. 2021", "Dec. 2021"},
		[][]any{
			{nil, "Retail and food services sales, total", 600000, 700000, 1300000, 1300000},
			{"4541", "Electronic shopping and mail-order houses", 100000.5, 120000, 220000.5, nil},
			{nil, "GAFO(1)", 120000, "(S)", nil, nil},
		},
		[][]any{
			{nil, "Retail and food services sales, total", 620000, 630000, nil, nil},
			{"4541", "Electronic shopping and mail-order houses", 90000, 91000.25, nil, nil},
			{nil, "GAFO(1)", "(S)", 110000, nil, nil},
		})
	y2022 := censusYear("2022", []string{"Jan. 2022", "Feb. 2022", "Mar. 2022(p)"},
		[][]any{
			{nil, "Retail and food services sales, total", 560000, 570000, 660000, 1790000, 1790000},
			{"4541", "Electronic shopping and mail-order houses", 95000, 96000, 110000, nil, nil},
			{nil, "GAFO(1)", 100000, 101000, 115000, nil, nil},
		},
		[][]any{
			{nil, "Retail and food services sales, total", 640000, 650000, 655000.123, nil, nil},
			{"4541", "Electronic shopping and mail-order houses", 92000, "(NA)", 93000, nil, nil},
			{nil, "GAFO(1)", 111000, 112000, 113000, nil, nil},
		})
	notes := wsheet{name: "Notes", rows: [][]any{{"Source: Monthly Retail Trade Survey"}}}
	return workbook(t, notes, y2021, y2022)
}

const censusSources = `
- file: mrts.xlsx
  sheets: "20??"
  layout: months-across
  block: ADJUSTED
  scale: millions
  gaps: ["(S)", "(NA)"]
  series:
    retail_total: Retail and food services sales, total
    ecommerce: [Electronic Shopping and Mail Order Houses, Nonstore retailers]
    gafo: GAFO
`

// The adjusted block of every year sheet, merged, in dollars: gaps stay
// gaps, TOTAL and CY CUM are not months, the not-adjusted block is not read.
func TestCensusWorkbook(t *testing.T) {
	st, d := load(t, censusSources, map[string][]byte{"mrts.xlsx": censusWorkbook(t)})
	wantDiags(t, d)
	tests := []struct{ id, want string }{
		{"retail_total", "2021-11 a=6.2e+11; 2021-12 a=6.3e+11; 2022-01 a=6.4e+11; 2022-02 a=6.5e+11; 2022-03 a=6.55000123e+11"},
		{"ecommerce", "2021-11 a=9e+10; 2021-12 a=9.100025e+10; 2022-01 a=9.2e+10; 2022-03 a=9.3e+10"},
		{"gafo", "2021-12 a=1.1e+11; 2022-01 a=1.11e+11; 2022-02 a=1.12e+11; 2022-03 a=1.13e+11"},
	}
	for _, tt := range tests {
		if got := series(st, tt.id); got != tt.want {
			t.Errorf("%s:\n got  %s\n want %s", tt.id, got, tt.want)
		}
	}
}

// The not-adjusted block ends at the ADJUSTED heading.
func TestCensusOtherBlock(t *testing.T) {
	src := `
- file: mrts.xlsx
  sheets: ["2022"]
  block: not adjusted
  series: {gafo: GAFO}
`
	st, d := load(t, src, map[string][]byte{"mrts.xlsx": censusWorkbook(t)})
	wantDiags(t, d)
	if got, want := series(st, "gafo"), "2022-01 a=100000; 2022-02 a=101000; 2022-03 a=115000"; got != want {
		t.Errorf("gafo: got %s, want %s", got, want)
	}
}

// Without block, a series in both blocks is given twice: an error naming
// both cells. Without gaps, a marker is not a number, with the hint.
func TestCensusWithoutBlockOrGaps(t *testing.T) {
	src := `
- file: mrts.xlsx
  sheets: "2022"
  series: {ecommerce: Electronic shopping and mail-order houses}
`
	_, d := load(t, src, map[string][]byte{"mrts.xlsx": censusWorkbook(t)})
	wantDiags(t, d,
		`data/mrts.xlsx: 2022!C14: actual given twice for kpi ecommerce, 2022-01 (first at data/mrts.xlsx: 2022!C8)`,
		`data/mrts.xlsx: 2022!D14: "(NA)" is not a number (kpi ecommerce, 2022-02) (if it means no value, add "(NA)" to gaps of source mrts in data/sources.yaml)`,
		`data/mrts.xlsx: 2022!E14: actual given twice for kpi ecommerce, 2022-03 (first at data/mrts.xlsx: 2022!E8)`,
	)
}

// Management accounts: months merged over Actual, Budget and Var columns,
// a quarter column, negatives as negative numbers.
func TestTwoHeaderRows(t *testing.T) {
	wb := workbook(t, wsheet{name: "P&L", rows: [][]any{
		{"Widgetry Ltd — management accounts FY26"},
		{},
		{nil, merge{"Jan-26", 3}, nil, nil, merge{"Feb-26", 3}, nil, nil, "Q1"},
		{"£000", "Actual", "Budget", "Var", "Act", "Bud", "Var %", "Actual"},
		{"Revenue", 120.5, 110, 10.5, 130, 125, "4%", 380},
		{"EBITDA", -12, -10, -2, 5, 4, "25%", -7},
	}})
	src := `
- file: accounts.xlsx
  scale: thousands
  series: {revenue: Revenue}
`
	st, d := load(t, src, map[string][]byte{"accounts.xlsx": wb})
	wantDiags(t, d)
	if got, want := series(st, "revenue"), "2026-01 a=120500 b=110000; 2026-02 a=130000 b=125000"; got != want {
		t.Errorf("revenue: got %s, want %s", got, want)
	}
}

// Month headers as date cells, a label column that is not column A, and no
// series: labels match the catalog, the rest is listed in one warning.
func TestDateHeadersAndCatalogLabels(t *testing.T) {
	wb := workbook(t, wsheet{name: "KPIs by month", rows: [][]any{
		{},
		{nil, nil, "Metric", month(2026, 1), month(2026, 2), "YTD"},
		{nil, nil, "Uptime", 99.95, 99.71, 99.8},
		{nil, nil, "Calls", 40, 44, 84},
		{nil, nil, "Headcount", 12, 13, 13},
	}})
	st, d := load(t, "- file: ops.xlsx\n", map[string][]byte{"ops.xlsx": wb})
	wantDiags(t, d, `data/ops.xlsx: warning: 2 series name no KPI and were ignored: "Calls", "Headcount"`)
	if got, want := series(st, "uptime"), "2026-01 a=99.95; 2026-02 a=99.71"; got != want {
		t.Errorf("uptime: got %s, want %s", got, want)
	}
}

// A block heading may stand above the month headers: it opens the first
// block.
func TestBlockHeadingAboveTheHeader(t *testing.T) {
	wb := workbook(t, wsheet{name: "2022", rows: [][]any{
		{"Monthly sales"},
		{nil, "NOT ADJUSTED"},
		{nil, "Kind of business", "Jan. 2022", "Feb. 2022"},
		{nil, "GAFO(1)", 100, 101},
		{},
		{nil, "ADJUSTED(2)"},
		{nil, "Kind of business", "Jan. 2022", "Feb. 2022"},
		{nil, "GAFO(1)", 110, 111},
	}})
	for block, want := range map[string]string{"not adjusted": "2022-01 a=100; 2022-02 a=101", "adjusted": "2022-01 a=110; 2022-02 a=111"} {
		st, d := load(t, "- file: m.xlsx\n  block: "+block+"\n  series: {gafo: GAFO}\n", map[string][]byte{"m.xlsx": wb})
		wantDiags(t, d)
		if got := series(st, "gafo"); got != want {
			t.Errorf("block %s: got %s, want %s", block, got, want)
		}
	}
}

// label names the label column: by its header or its letter. The code
// column's "4541" then never names a series, whatever the catalog holds.
func TestLabelColumn(t *testing.T) {
	for _, label := range []string{"Kind of business", "B"} {
		src := "- file: mrts.xlsx\n  sheets: \"2022\"\n  block: ADJUSTED\n  gaps: [(NA)]\n  label: " + label + "\n  series: {ecommerce: Electronic shopping and mail-order houses, gafo: \"4541\"}\n"
		_, d := load(t, src, map[string][]byte{"mrts.xlsx": censusWorkbook(t)})
		wantDiags(t, d, `data/sources.yaml:6:66: label "4541" of kpi gafo appears in no sheet of data/mrts.xlsx`)
	}
	_, d := load(t, "- file: mrts.xlsx\n  sheets: \"2022\"\n  label: Kind of busines\n  series: {gafo: GAFO}\n  block: ADJUSTED\n", map[string][]byte{"mrts.xlsx": censusWorkbook(t)})
	wantDiags(t, d, `data/sources.yaml:3:10: label "Kind of busines" is neither a header left of the months in data/mrts.xlsx nor a column letter before them (did you mean "Kind of Business"?)`)
}

// A source reading a workbook leaves its catalog and register sheets alone.
func TestSourceSkipsCatalogAndRegisterSheets(t *testing.T) {
	wb := workbook(t,
		wsheet{name: "KPIs", rows: [][]any{{"id", "name", "unit"}, {"uptime", "Uptime", "percent"}}},
		wsheet{name: "Monthly", rows: [][]any{{"Metric", month(2026, 1), month(2026, 2)}, {"Uptime", 99.9, 99.8}}},
		wsheet{name: "Risks", rows: [][]any{{"id", "title", "likelihood", "impact"}, {"R1", "Outage", 2, 3}}},
	)
	st, d := load(t, "- file: ops.xlsx\n", map[string][]byte{"ops.xlsx": wb})
	wantDiags(t, d)
	if got, want := series(st, "uptime"), "2026-01 a=99.9; 2026-02 a=99.8"; got != want {
		t.Errorf("uptime: got %s, want %s", got, want)
	}
}

// Management workbooks mark a month with no figure by =NA(): gaps may name
// the error as they name a text marker; without it, #N/A is reported with
// the hint. #DIV/0! is a broken formula more often than a gap: no hint.
func TestGapsNameErrorCells(t *testing.T) {
	wb := workbook(t, wsheet{name: "Ops", rows: [][]any{
		{"Metric", month(2026, 1), month(2026, 2), month(2026, 3)},
		{"Uptime", 99.95, errorCell("#N/A"), 99.71},
		{"Revenue", errorCell("#DIV/0!"), 120, 130},
	}})
	src := "- file: ops.xlsx\n  series: {uptime: Uptime, revenue: Revenue}\n"
	st, d := load(t, src+"  gaps: [\"#n/a\"]\n", map[string][]byte{"ops.xlsx": wb})
	wantDiags(t, d, `data/ops.xlsx: Ops!B3: cell holds the error #DIV/0! (kpi revenue, 2026-01)`)
	if got, want := series(st, "uptime"), "2026-01 a=99.95; 2026-03 a=99.71"; got != want {
		t.Errorf("uptime: got %s, want %s", got, want)
	}
	_, d = load(t, src, map[string][]byte{"ops.xlsx": wb})
	wantDiags(t, d,
		`data/ops.xlsx: Ops!C2: cell holds the error #N/A (kpi uptime, 2026-02) (if it means no value, add "#N/A" to gaps of source ops in data/sources.yaml)`,
		`data/ops.xlsx: Ops!B3: cell holds the error #DIV/0! (kpi revenue, 2026-01)`)
}
