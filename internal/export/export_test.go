package export

import (
	"bytes"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/opsreport/opsreport/internal/kpi"
)

func some(v float64) kpi.Opt { return kpi.Opt{V: v, OK: true} }

// scorecard is two KPIs of October 2026: revenue in money, churn in
// percent, as a review's scorecard has them.
func scorecard() *Table {
	revenue := &kpi.KPI{ID: "revenue", Name: "Revenue", Function: "Finance", Unit: kpi.UnitCurrency, Decimals: 0}
	churn := &kpi.KPI{ID: "logo_churn", Name: "Logo churn", Function: "Customer", Unit: kpi.UnitPercent, Decimals: 2}
	oct := kpi.Period{Year: 2026, Month: 10}
	return ScorecardTable([]kpi.Figure{
		{KPI: revenue, Period: oct, Actual: some(1393464), Target: some(1419500), VsTarget: some(-26036), VsTargetPct: some(-1.834), Status: kpi.Amber, Streak: 2},
		{KPI: churn, Period: oct, Actual: some(2.31), Target: some(1.5), VsTarget: some(0.81), Status: kpi.Red, Streak: 3},
	}, Formats{Currency: "EUR"})
}

func TestScorecardCSVIsPlainDecimals(t *testing.T) {
	want := "function,kpi,name,unit,period,actual,target,budget,forecast,vs_target,vs_target_pct,vs_budget,vs_budget_pct,mom,mom_pct,yoy,yoy_pct,qtd,ytd,ttm,status,streak\n" +
		"Finance,revenue,Revenue,currency,2026-10,1393464,1419500,,,-26036,-1.834,,,,,,,,,,amber,2\n" +
		"Customer,logo_churn,Logo churn,percent,2026-10,2.31,1.5,,,0.81,,,,,,,,,,,red,3\n"
	if got := string(scorecard().CSV()); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

// TestScorecardXLSXCells reads the workbook back: months are date cells
// (serial 46296 is 1 October 2026), numbers are number cells formatted by
// unit, the status is text, and the header row is frozen.
func TestScorecardXLSXCells(t *testing.T) {
	f := readBack(t, scorecard())
	cases := []struct{ cell, raw, shown, format string }{
		{"E2", "46296", "Oct 2026", "mmm yyyy"},
		{"F2", "1393464", "€1,393,464", `"€"#,##0`},
		{"J2", "-26036", "-€26,036", `+"€"#,##0;-"€"#,##0;"€"#,##0`},
		{"K2", "-1.834", "-1.8%", `+0.0"%";-0.0"%";0.0"%"`},
		{"F3", "2.31", "2.31%", `#,##0.00"%"`},
		{"J3", "0.81", "+0.81 pts", `+#,##0.00" pts";-#,##0.00" pts";#,##0.00" pts"`},
		{"V3", "3", "3", "0"},
	}
	for _, c := range cases {
		raw, _ := f.GetCellValue("Scorecard", c.cell, excelize.Options{RawCellValue: true})
		shown, _ := f.GetCellValue("Scorecard", c.cell)
		style, _ := f.GetCellStyle("Scorecard", c.cell)
		st, _ := f.GetStyle(style)
		format := ""
		if st != nil && st.CustomNumFmt != nil {
			format = *st.CustomNumFmt
		}
		if raw != c.raw || format != c.format {
			t.Errorf("%s: raw %q format %q, want %q and %q", c.cell, raw, format, c.raw, c.format)
		}
		if shown != c.shown {
			t.Errorf("%s shows %q, want %q", c.cell, shown, c.shown)
		}
	}
	if typ, _ := f.GetCellType("Scorecard", "U3"); typ != excelize.CellTypeSharedString && typ != excelize.CellTypeInlineString {
		t.Errorf("status cell type %v, want text", typ)
	}
	if v, _ := f.GetCellValue("Scorecard", "U3"); v != "red" {
		t.Errorf("status %q, want red", v)
	}
	if v, _ := f.GetCellValue("Scorecard", "G2", excelize.Options{RawCellValue: true}); v != "1419500" {
		t.Errorf("target %q", v)
	}
	if v, _ := f.GetCellValue("Scorecard", "H2"); v != "" {
		t.Errorf("an absent budget is %q, want an empty cell", v)
	}
	panes, err := f.GetPanes("Scorecard")
	if err != nil || !panes.Freeze || panes.YSplit != 1 || panes.XSplit != 0 {
		t.Errorf("panes %+v (%v), want the first row frozen", panes, err)
	}
	props, _ := f.GetDocProps()
	if props.Created != fixedTime || props.Modified != fixedTime {
		t.Errorf("document dates %q, %q: want the fixed %q", props.Created, props.Modified, fixedTime)
	}
}

func TestSameTableSameBytes(t *testing.T) {
	a, err := scorecard().XLSXBytes()
	if err != nil {
		t.Fatal(err)
	}
	b, _ := scorecard().XLSXBytes()
	if !bytes.Equal(a, b) {
		t.Error("the same table wrote two different workbooks")
	}
}

func TestFiguresTableQuarterIsText(t *testing.T) {
	arr := &kpi.KPI{ID: "arr", Unit: kpi.UnitCount}
	q := kpi.Figure{KPI: arr, Period: kpi.Period{Year: 2026, Month: 9}, Quarter: kpi.Quarter{FY: 2027, Q: 3}, Actual: some(12)}
	tb := FiguresTable([]kpi.Figure{q}, Formats{})
	if c := tb.Row(0)[1]; c.Kind != Text || c.Text != "2027-Q3" {
		t.Errorf("quarter period cell %+v, want the text 2027-Q3", c)
	}
	if c := tb.Row(0)[2]; c.Format != "#,##0" || c.Number != 12 {
		t.Errorf("count cell %+v, want 12 shown #,##0", c)
	}
}

// A name a spreadsheet would run as a formula is written as text (CSV
// injection), while a negative number stays a number.
func TestScorecardCSVDefusesFormulas(t *testing.T) {
	k := &kpi.KPI{ID: "arr", Name: `=HYPERLINK("http://evil","ARR")`, Function: "@Finance", Unit: kpi.UnitCurrency}
	tb := ScorecardTable([]kpi.Figure{{KPI: k, Period: kpi.Period{Year: 2026, Month: 10}, Actual: some(-5), Status: kpi.StatusNone}}, Formats{})
	got := string(tb.CSV())
	want := `'@Finance,arr,"'=HYPERLINK(""http://evil"",""ARR"")",currency,2026-10,-5,`
	if !bytes.Contains([]byte(got), []byte(want)) {
		t.Errorf("got\n%s\nwant a row starting\n%s", got, want)
	}
}
