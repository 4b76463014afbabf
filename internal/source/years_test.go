package source

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// corpusFile reads a file of the team's spreadsheet corpus
// (shared/corpus/xlsx above the module); without it the test skips,
// except on CI.
func corpusFile(t *testing.T, name string) []byte {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if b, err := os.ReadFile(filepath.Join(dir, "shared", "corpus", "xlsx", name)); err == nil {
			return b
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			break
		}
		dir = parent
	}
	if os.Getenv("CI") == "true" {
		t.Fatalf("shared/corpus/xlsx/%s is missing", name)
	}
	t.Skipf("shared/corpus/xlsx/%s is not here", name)
	return nil
}

// NASA GISS's global temperature table as published: three title lines,
// old-Mac line breaks, a year per row with Jan … Dec and seasonal columns
// (J-D, DJF, …) after them, the header repeated every twenty years,
// hundredths of a degree, and ****/***** for months not yet measured.
func TestYearsDownRealTable(t *testing.T) {
	src := "- file: mixedGLB.csv\n  layout: years-down\n  series: temp\n  scale: 0.01\n  gaps: [\"****\", \"*****\"]\n"
	st, d := load(t, src, map[string][]byte{"mixedGLB.csv": corpusFile(t, "messytables__mixedGLB.csv")})
	wantDiags(t, d)
	pts := st.Points("temp")
	// 1880-01 … 2012-05: 132 whole years and five months of 2012.
	if got, want := len(pts), 132*12+5; got != want {
		t.Errorf("%d months, want %d", got, want)
	}
	want := map[string]float64{"1880-01": -0.43, "1880-12": -0.23, "1899-11": 0.13, "1900-02": 0.05, "2010-03": 0.85, "2012-05": 0.61}
	for _, pt := range pts {
		if v, ok := want[pt.Period.String()]; ok {
			if !pt.Actual.OK || pt.Actual.V != v {
				t.Errorf("%s: %v, want %v", pt.Period, pt.Actual, v)
			}
			delete(want, pt.Period.String())
		}
	}
	if len(want) > 0 {
		t.Errorf("months not read: %v", want)
	}
	if last := pts[len(pts)-1].Period.String(); last != "2012-05" {
		t.Errorf("last month %s, want 2012-05 (June on is *****)", last)
	}
}

// A statistics office's workbook: two series in one sheet, each under its
// title, with an annual column and a provisional year; series names each
// table by words of its title. A table no series names is listed in the
// file's warning, and so is a row of averages.
func TestYearsDownTitledTables(t *testing.T) {
	wb := workbook(t, wsheet{name: "Data", rows: [][]any{
		{"Consumer Price Index for All Urban Consumers (CPI-U)"},
		{"Series Id: CUUR0000SA0"},
		{"Year", "Jan", "Feb", "Mar", "Annual"},
		{2023, 299.17, 300.84, 301.836, 304.702},
		{"2024(p)", 308.417, 310.326, nil, nil},
		{"Average", 303.79, 305.58, 301.836},
		{},
		{"Unemployment rate, seasonally adjusted"},
		{"Year", "Jan", "Feb", "Mar"},
		{2023, 3.4, 3.6, 3.5},
	}})
	src := "- file: bls.xlsx\n  layout: years-down\n  series: {cpi: CUUR0000SA0}\n"
	st, d := load(t, src, map[string][]byte{"bls.xlsx": wb})
	wantDiags(t, d, `data/bls.xlsx: warning: 2 series name no KPI and were ignored: "Average", "Unemployment rate, seasonally adjusted"`)
	if got, want := series(st, "cpi"), "2023-01 a=299.17; 2023-02 a=300.84; 2023-03 a=301.836; 2024-01 a=308.417; 2024-02 a=310.326"; got != want {
		t.Errorf("cpi: got %s, want %s", got, want)
	}
	// A label in no title says which titles there are.
	_, d = load(t, "- file: bls.xlsx\n  layout: years-down\n  series: {cpi: CUUR0000SA1}\n", map[string][]byte{"bls.xlsx": wb})
	if got := strings.Join(diagLines(d), "\n"); !strings.Contains(got, `data/sources.yaml:3:12: label "CUUR0000SA1" of kpi cpi appears in no sheet of data/bls.xlsx`) {
		t.Errorf("diagnostics:\n%s", got)
	}
}

// series as one KPI id is for years-down only; years-down needs series and
// takes no block or label.
func TestYearsDownConfig(t *testing.T) {
	for _, tc := range []struct{ src, want string }{
		{"- file: t.csv\n  layout: years-down\n", `data/sources.yaml:1:3: a years-down source needs series: the KPI its table holds (series: revenue), or KPI ids mapped to the titles above their tables`},
		{"- file: t.csv\n  series: temp\n", `data/sources.yaml:2:11: series must map KPI ids to the labels that hold them (arr: "Annual recurring revenue"), not one KPI id: that is for layout years-down, a year per row and a month per column`},
		{"- file: t.csv\n  layout: years-down\n  series: tmp\n", `data/sources.yaml:3:11: series must map KPI ids to the labels that hold them (arr: "Annual recurring revenue"), not "tmp" (did you mean "temp"?)`},
		{"- file: t.csv\n  layout: years-down\n  series: temp\n  block: GLOBAL\n", `data/sources.yaml:4:10: block applies to layout months-across (heading rows over blocks of series), not years-down`},
		{"- file: t.csv\n  layout: years-down\n  series: temp\n  label: Year\n", `data/sources.yaml:4:10: label does not apply to layout years-down: its rows are labelled by years`},
	} {
		_, d := load(t, tc.src, map[string][]byte{"t.csv": []byte("Year,Jan,Feb,Mar\n2026,1,2,3\n")})
		if got := strings.Join(diagLines(d), "\n"); !strings.Contains(got, tc.want) {
			t.Errorf("%q:\n got %s\nwant %s", tc.src, got, tc.want)
		}
	}
}

// A fiscal year's table (Feb … Jan across) cannot be placed: which year is
// its January in? An error at the month out of order, once, and no value.
func TestYearsDownRefusesAFiscalYearHeader(t *testing.T) {
	csv := "Fiscal year,Feb,Mar,Apr,May,Jun,Jul,Aug,Sep,Oct,Nov,Dec,Jan\n2026,1,2,3,4,5,6,7,8,9,10,11,12\nFiscal year,Feb,Mar,Apr,May,Jun,Jul,Aug,Sep,Oct,Nov,Dec,Jan\n2027,1,2,3,4,5,6,7,8,9,10,11,12\n"
	st, d := load(t, "- file: fy.csv\n  layout: years-down\n  series: temp\n", map[string][]byte{"fy.csv": []byte(csv)})
	wantDiags(t, d, `data/fy.csv:1:13: source fy: month "Jan" comes after a later month in this header: layout years-down reads a calendar year per row, January to December (a fiscal year's table, such as April to March, cannot be placed: give its months down a column instead)`)
	if n := len(st.Points("temp")); n != 0 {
		t.Errorf("%d months read from a table that cannot be placed", n)
	}
}
