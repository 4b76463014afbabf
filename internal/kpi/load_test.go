package kpi

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/opsreport/opsreport/internal/diag"
	"github.com/opsreport/opsreport/internal/sheet"
)

// testCatalog: nps (number), uptime (percent), arr (currency, named "ARR"),
// ratio (ratio), and two KPIs sharing the name "Headcount".
func testCatalog() *Catalog {
	return NewCatalog(
		&KPI{ID: "nps", Name: "NPS", Unit: UnitNumber, Direction: Up, Aggregate: Avg, Tolerance: 0.05},
		&KPI{ID: "uptime", Name: "Uptime", Unit: UnitPercent, Direction: Up, Aggregate: Avg},
		&KPI{ID: "arr", Name: "ARR", Unit: UnitCurrency, Direction: Up, Aggregate: Last},
		&KPI{ID: "cost_ratio", Name: "Cost ratio", Unit: UnitRatio, Direction: Down, Aggregate: Avg},
		&KPI{ID: "hc_eng", Name: "Headcount", Unit: UnitCount, Direction: Up, Aggregate: Last},
		&KPI{ID: "hc_sales", Name: "Headcount", Unit: UnitCount, Direction: Up, Aggregate: Last},
	)
}

// load runs sheets through a Loader and returns the store and diagnostics.
func load(sheets ...*sheet.Sheet) (*Store, *diag.List) {
	d := &diag.List{}
	l := NewLoader(testCatalog(), d)
	for _, s := range sheets {
		l.AddSheet(s)
	}
	return l.Store(), d
}

// pointsOf renders a KPI's points compactly: "2026-01 a=1 t=2 b=3 f=4 c=text".
func pointsOf(s *Store, id string) string {
	var parts []string
	for _, p := range s.Points(id) {
		line := p.Period.String()
		for _, v := range []struct {
			name string
			o    Opt
		}{{"a", p.Actual}, {"t", p.Target}, {"b", p.Budget}, {"f", p.Forecast}} {
			if v.o.OK {
				line += fmt.Sprintf(" %s=%v", v.name, v.o.V)
			}
		}
		if p.Comment != "" {
			line += " c=" + p.Comment
		}
		parts = append(parts, line)
	}
	return strings.Join(parts, "; ")
}

func TestLoadWideWorkbook(t *testing.T) {
	s := mkSheet("data/metrics.xlsx", "Monthly", false,
		row("Monthly KPIs — FY2027"),
		row("Source: finance system"),
		row(),
		row(nil, "Month", "nps", "Uptime", "ARR", "cost_ratio"),
		row(nil, day(2026, 1, 1), 41.0, pctCell(0.975), "$1,200,000", "45%"),
		row(nil, "2026-02", "42", "97.5%", 1250000.0, 0.44),
		row(nil, "Mar 2026", nil, 99.1, "(1,000)", ""),
		row(nil, "Notes: figures unaudited"), // no values: ignored
	)
	st, d := load(s)
	wantDiags(t, d)
	// 0.975 in a percentage cell and "97.5%" are 97.5 points; a ratio's "45%" is 0.45
	if got := pointsOf(st, "uptime"); got != "2026-01 a=97.5; 2026-02 a=97.5; 2026-03 a=99.1" {
		t.Errorf("uptime: %s", got)
	}
	if got := pointsOf(st, "nps"); got != "2026-01 a=41; 2026-02 a=42" {
		t.Errorf("nps: %s", got)
	}
	if got := pointsOf(st, "arr"); got != "2026-01 a=1.2e+06; 2026-02 a=1.25e+06; 2026-03 a=-1000" {
		t.Errorf("arr: %s", got)
	}
	if got := pointsOf(st, "cost_ratio"); got != "2026-01 a=0.45; 2026-02 a=0.44" {
		t.Errorf("cost_ratio: %s", got)
	}
	if m := st.Months(); len(m) != 3 {
		t.Errorf("months %v", m)
	}
}

func TestLoadSeriesBySheetName(t *testing.T) {
	wide := func(file, name string, csv bool, v string) *sheet.Sheet {
		return mkSheet(file, name, csv, row("period", "nps"), row("2026-01", v))
	}
	st, d := load(
		wide("data/metrics.xlsx", "Actuals", false, "40"),
		wide("data/metrics.xlsx", "Targets", false, "45"),
		wide("data/budget.csv", "budget", true, "44"),
		wide("data/plan.xlsx", "FORECASTS", false, "43"),
		wide("data/plan.xlsx", "target ", false, "46"), // a second target: reported
	)
	wantDiags(t, d, `data/plan.xlsx: target !B2: target given twice for kpi nps, 2026-01 (first at data/metrics.xlsx: Targets!B2)`)
	if got := pointsOf(st, "nps"); got != "2026-01 a=40 t=45 b=44 f=43" {
		t.Errorf("nps: %s", got)
	}
}

func TestLoadLong(t *testing.T) {
	s := mkSheet("data/values.csv", "values", true,
		row("KPI", "Period", "Actual", "Target", "Budget", "Forecast", "Comment"),
		row("nps", "2026-01", "41", "45", "", "", "Survey moved to Q1"),
		row("Uptime", "Jan 2026", "99.95%", "99.9", "", "", ""),
		row("arr", "01/2026", "$1,200,000", "", "1,100,000", "1,250,000", ""),
		row("nps", "2026-02", "", "45", "", "", ""),
		row(),
	)
	st, d := load(s)
	wantDiags(t, d)
	if got := pointsOf(st, "nps"); got != "2026-01 a=41 t=45 c=Survey moved to Q1; 2026-02 t=45" {
		t.Errorf("nps: %s", got)
	}
	if got := pointsOf(st, "uptime"); got != "2026-01 a=99.95 t=99.9" {
		t.Errorf("uptime: %s", got)
	}
	if got := pointsOf(st, "arr"); got != "2026-01 a=1.2e+06 b=1.1e+06 f=1.25e+06" {
		t.Errorf("arr: %s", got)
	}
}

func TestLoadRisksAndActions(t *testing.T) {
	risks := mkSheet("data/risks.csv", "risks", true,
		row("id", "title", "owner", "likelihood", "impact", "status", "mitigation", "due", "opened"),
		row("R2", "Key supplier exits", "COO", "4", "5", "Mitigating", "Second source", "2026-12-31", "15 Jun 2026"),
		row("R1", "Data centre outage", "CTO", "2", "5", "", "", "", "2026-01-10"),
	)
	actions := mkSheet("data/ops.xlsx", "Log", false, // recognised by its header
		row("Action log"),
		row("id", "title", "owner", "due", "status", "raised", "closed"),
		row("A1", "Hire SRE lead", "CTO", day(2026, 11, 30), "done", "Sep 2026", day(2026, 10, 1)),
		row("A2", "Renegotiate lease", "CFO", "2027-01-15", nil, "2026-10", nil),
	)
	st, d := load(risks, actions)
	wantDiags(t, d)
	wantRisks := []Risk{
		{ID: "R2", Title: "Key supplier exits", Owner: "COO", Likelihood: 4, Impact: 5, Status: "mitigating",
			Mitigation: "Second source", Due: "2026-12-31", Opened: "2026-06-15", Pos: diag.Pos{File: "data/risks.csv", Line: 2, Col: 1}},
		{ID: "R1", Title: "Data centre outage", Owner: "CTO", Likelihood: 2, Impact: 5, Status: "open",
			Opened: "2026-01-10", Pos: diag.Pos{File: "data/risks.csv", Line: 3, Col: 1}},
	}
	if fmt.Sprint(st.Risks) != fmt.Sprint(wantRisks) {
		t.Errorf("risks\n got  %+v\n want %+v", st.Risks, wantRisks)
	}
	if st.Risks[0].Score() != 20 {
		t.Errorf("score %d", st.Risks[0].Score())
	}
	wantActions := []Action{
		{ID: "A1", Title: "Hire SRE lead", Owner: "CTO", Due: "2026-11-30", Status: "done",
			Raised: Period{2026, 9}, Closed: Period{2026, 10}, Pos: diag.Pos{File: "data/ops.xlsx", Sheet: "Log", Cell: "A3"}},
		{ID: "A2", Title: "Renegotiate lease", Owner: "CFO", Due: "2027-01-15", Status: "open",
			Raised: Period{2026, 10}, Pos: diag.Pos{File: "data/ops.xlsx", Sheet: "Log", Cell: "A4"}},
	}
	if fmt.Sprint(st.Actions) != fmt.Sprint(wantActions) {
		t.Errorf("actions\n got  %+v\n want %+v", st.Actions, wantActions)
	}
}

// Each kind of bad input, with the whole message and its position.
func TestLoadBadInput(t *testing.T) {
	monthly := func(rows ...rowSpec) *sheet.Sheet { return mkSheet("data/metrics.xlsx", "Monthly", false, rows...) }
	header := row("period", "arr", "nps")
	tests := []struct {
		name   string
		sheets []*sheet.Sheet
		want   []string
	}{
		{"not a number", []*sheet.Sheet{monthly(header, row("2026-03", 1.0, "n/a"))},
			[]string{`data/metrics.xlsx: Monthly!C2: "n/a" is not a number (kpi nps, 2026-03)`}},
		{"not a number in a target sheet", []*sheet.Sheet{mkSheet("data/targets.csv", "Targets", true, header, row("2026-03", "1", "lots"))},
			[]string{`data/targets.csv:2:3: "lots" is not a number (kpi nps, 2026-03, target)`}},
		{"lone dash", []*sheet.Sheet{monthly(header, row("2026-03", "-", 1.0))},
			[]string{`data/metrics.xlsx: Monthly!B2: "-" is not a number (kpi arr, 2026-03)`}},
		{"error cell", []*sheet.Sheet{monthly(header, row("2026-03", errCell("#DIV/0!"), 1.0))},
			[]string{`data/metrics.xlsx: Monthly!B2: cell holds the error #DIV/0! (kpi arr, 2026-03)`}},
		{"formula without a cached value", []*sheet.Sheet{monthly(header, row("2026-03", errCell("formula has no cached value"), 1.0))},
			[]string{`data/metrics.xlsx: Monthly!B2: formula has no cached value (kpi arr, 2026-03)`}},
		{"bool cell", []*sheet.Sheet{monthly(header, row("2026-03", true, 1.0))},
			[]string{`data/metrics.xlsx: Monthly!B2: "true" is not a number (kpi arr, 2026-03)`}},
		{"unknown wide header", []*sheet.Sheet{monthly(row("period", "arr", "uptme"), row("2026-03", 1.0, 2.0))},
			[]string{`data/metrics.xlsx: Monthly!C1: unknown KPI "uptme" in header (did you mean "uptime"?)`}},
		{"shared name in a wide header", []*sheet.Sheet{monthly(row("period", "arr", "Headcount"), row("2026-03", 1.0, 2.0))},
			[]string{`data/metrics.xlsx: Monthly!C1: KPI name "Headcount" in header is shared by kpis hc_eng and hc_sales: use the id`}},
		{"unknown headers only, CSV", []*sheet.Sheet{mkSheet("data/m.csv", "m", true, row("month", "revenue", "Sales"), row("2026-03", "1"))},
			[]string{`data/m.csv:1:1: warning: a month column, but no column headed by a KPI's id or name (headers "revenue", "Sales"): file ignored (name its series in data/sources.yaml)`}},
		{"other headers beside KPIs: one warning a file", []*sheet.Sheet{
			monthly(row("period", "arr", "Sales", "Units"), row("2026-03", 1.0, 2.0, 3.0)),
			mkSheet("data/metrics.xlsx", "More", false, row("period", "nps", "Sales", "Returns"), row("2026-03", 1.0, 2.0, 3.0)),
		}, []string{`data/metrics.xlsx: warning: 3 series name no KPI and were ignored: "Returns", "Sales", "Units"`}},
		{"untracked KPIs in a long file", []*sheet.Sheet{mkSheet("data/v.csv", "v", true, row("kpi", "period", "actual"),
			row("nps", "2026-03", "5"), row("revenue", "2026-03", "5"), row("revenue", "2026-04", "6"))},
			[]string{`data/v.csv: warning: 1 series names no KPI and was ignored: "revenue"`}},
		{"a KPI's column twice", []*sheet.Sheet{monthly(row("period", "arr", "ARR"), row("2026-03", 1.0, 2.0))},
			[]string{`data/metrics.xlsx: Monthly!C1: a second column for kpi arr (the first is at B1)`}},
		{"bad period", []*sheet.Sheet{mkSheet("data/metrics.csv", "metrics", true, header, row("2026-02", "1", "2"), row("Total", "3", "4"))},
			[]string{`data/metrics.csv:3:1: "Total" is not a month (write 2026-10, Oct 2026 or 10/2026)`}},
		{"ambiguous slash date", []*sheet.Sheet{monthly(header, row("3/4/2026", 1.0))},
			[]string{`data/metrics.xlsx: Monthly!A2: "3/4/2026" is not a month (write 2026-10, Oct 2026 or 10/2026)`}},
		{"error in the period column", []*sheet.Sheet{monthly(header, row(errCell("#N/A"), 1.0))},
			[]string{`data/metrics.xlsx: Monthly!A2: cell holds the error #N/A in the period column`}},
		{"value without a period", []*sheet.Sheet{monthly(header, row(nil, 1.0))},
			[]string{`data/metrics.xlsx: Monthly!B2: a value in a row with no period`}},
		{"value twice in one sheet", []*sheet.Sheet{monthly(header, row("2026-03", 1.0), row("Mar 2026", 2.0))},
			[]string{`data/metrics.xlsx: Monthly!B3: actual given twice for kpi arr, 2026-03 (first at data/metrics.xlsx: Monthly!B2)`}},
		{"value twice across files, whatever the order added", []*sheet.Sheet{
			mkSheet("data/z.csv", "z", true, row("kpi", "period", "actual"), row("nps", "2026-03", "5")),
			monthly(header, row("2026-03", nil, 4.0)),
		}, []string{`data/z.csv:2:3: actual given twice for kpi nps, 2026-03 (first at data/metrics.xlsx: Monthly!C2)`}},
		{"unknown KPI in a long row", []*sheet.Sheet{mkSheet("data/v.csv", "v", true, row("kpi", "period", "actual"), row("npss", "2026-03", "5"))},
			[]string{`data/v.csv:2:1: unknown KPI "npss" (did you mean "nps"?)`}},
		{"unknown long column", []*sheet.Sheet{mkSheet("data/v.csv", "v", true, row("kpi", "period", "acutal"), row("nps", "2026-03", "5"))},
			[]string{`data/v.csv:1:3: unknown column "acutal" (did you mean "actual"?)`}},
		{"long value without a kpi", []*sheet.Sheet{mkSheet("data/v.csv", "v", true, row("kpi", "period", "actual"), row("", "2026-03", "5"))},
			[]string{`data/v.csv:2:3: a value in a row with no kpi`}},
		{"long second period column", []*sheet.Sheet{mkSheet("data/v.csv", "v", true, row("kpi", "period", "month", "actual"), row("nps", "2026-03", "x", "5"))},
			[]string{`data/v.csv:1:3: a second period column (the first is at line 1, column 2)`}},
		{"risk: bad likelihood, status and date", []*sheet.Sheet{mkSheet("data/risks.csv", "risks", true,
			row("id", "title", "likelihood", "impact", "status", "due"),
			row("R1", "Outage", "high", "5", "opne", "next week"))},
			[]string{
				`data/risks.csv:2:3: likelihood "high" is not a whole number from 1 to 5`,
				`data/risks.csv:2:5: unknown status "opne" (did you mean "open"?)`,
				`data/risks.csv:2:6: due "next week" is not a date or a month (write 2026-10-15 or 2026-10)`,
			}},
		{"risk: missing impact, unknown column", []*sheet.Sheet{mkSheet("data/risks.csv", "risks", true,
			row("id", "title", "likelihood", "owner ship"), row("R1", "Outage", "3", "x"))},
			[]string{
				`data/risks.csv:1:4: unknown column "owner ship"`,
				`data/risks.csv:2:1: risk R1 has no impact (1 to 5)`,
			}},
		{"duplicate risk id", []*sheet.Sheet{mkSheet("data/risks.csv", "risks", true,
			row("id", "title", "likelihood", "impact"), row("R1", "a", "1", "1"), row("R1", "b", "2", "2"))},
			[]string{`data/risks.csv:3:1: duplicate risk id "R1" (first at data/risks.csv:2:1)`}},
		{"action: bad period and status", []*sheet.Sheet{mkSheet("data/actions.csv", "actions", true,
			row("id", "title", "status", "raised"), row("A1", "x", "finished", "someday"))},
			[]string{
				`data/actions.csv:2:3: unknown status "finished" (use one of open, done, dropped)`,
				`data/actions.csv:2:4: raised "someday" is not a month (write 2026-10, Oct 2026 or 10/2026)`,
			}},
		{"register row without id", []*sheet.Sheet{mkSheet("data/actions.csv", "actions", true,
			row("id", "title"), row("", "orphan"))},
			[]string{`data/actions.csv:2:2: a row with no id`}},
		{"register file without an id column", []*sheet.Sheet{mkSheet("data/actions.xlsx", "Sheet1", false, row("title"), row("a"))},
			[]string{`data/actions.xlsx: Sheet1: no header row with an id column in the first 30 rows`}},
		{"register sheet without an id column", []*sheet.Sheet{mkSheet("data/ops.xlsx", "Risks", false, row("title", "owner"), row("a", "b"))},
			[]string{`data/ops.xlsx: Risks: no header row with an id column in the first 30 rows`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, d := load(tt.sheets...)
			wantDiags(t, d, tt.want...)
		})
	}
}

func TestLoadSuggestsRegisterColumn(t *testing.T) {
	_, d := load(mkSheet("data/risks.csv", "risks", true, row("id", "title", "likelihood", "impact", "ownr"), row("R1", "a", "1", "1", "x")))
	wantDiags(t, d, `data/risks.csv:1:5: unknown column "ownr" (did you mean "owner"?)`)
}

// Sheets that are not KPI tables must not fail a build.
func TestLoadSkipsWhatIsNotATable(t *testing.T) {
	hidden := mkSheet("data/metrics.xlsx", "Calc", false, row("period", "nonsense"), row("2026-01", 1.0))
	hidden.Hidden = true
	tests := []struct {
		name  string
		sheet *sheet.Sheet
		want  []string
	}{
		{"empty sheet", mkSheet("data/metrics.xlsx", "Sheet3", false), []string{`data/metrics.xlsx: warning: no value was read from this file`}},
		{"readme", mkSheet("data/metrics.xlsx", "README", false, row("How to fill this workbook"), row("Ask finance.")), []string{`data/metrics.xlsx: warning: no value was read from this file`}},
		{"hidden helper", hidden, nil},
		{"catalog sheet", mkSheet("data/metrics.xlsx", "KPIs", false, row("id", "unit"), row("x", "count")), nil},
		{"change log", mkSheet("data/metrics.xlsx", "Changes", false, row("Date", "Change"), row("2026-01-04", "Added NPS")),
			[]string{`data/metrics.xlsx: Changes!A1: warning: a date column, but no column headed by a KPI's id or name (headers "Change"): sheet ignored`}},
		{"period column alone", mkSheet("data/m.csv", "m", true, row("period"), row("2026-01")),
			[]string{`data/m.csv:1:1: warning: a period column, but no column headed by a KPI's id or name: file ignored (name its series in data/sources.yaml)`}},
		{"CSV with no header", mkSheet("data/notes.csv", "notes", true, row("a", "b"), row("1", "2")),
			[]string{`data/notes.csv: warning: no header row with a period column (wide) or kpi and period columns (long) in the first 30 rows: file ignored (a file laid out otherwise can be described in data/sources.yaml)`}},
		{"years down, months across", mkSheet("data/giss.csv", "giss", true, row("GLOBAL Temperature Anomalies"), row("Year", "Jan", "Feb", "Mar", "J-D"), row("1880", "-43", "-27", "-26", "-28")),
			[]string{`data/giss.csv:2:1: warning: a table of years down and months across (Year, Jan, Feb, ...): file ignored; read it through data/sources.yaml with layout: years-down and series: the KPI it holds`}},
		{"years sheet", mkSheet("data/cpi.xlsx", "CPI", false, row("Year", "January", "February", "March"), row(2023.0, 299.17, 300.84, 301.836)),
			[]string{`data/cpi.xlsx: CPI!A1: warning: a table of years down and months across (Year, Jan, Feb, ...): sheet ignored; read it through data/sources.yaml with layout: years-down and series: the KPI it holds`}},
		{"transposed table", mkSheet("data/metrics.xlsx", "ByKPI", false, row("KPI", "Jan 2026", "Feb 2026"), row("nps", 1.0, 2.0)),
			[]string{`data/metrics.xlsx: ByKPI!A1: warning: a kpi column without a period column: values are read from a long table (kpi, period, actual, ...) or a wide one (period, then one column per KPI); sheet ignored (months across the top can be read through data/sources.yaml, layout months-across)`}},
		{"value in a column with no header", mkSheet("data/metrics.xlsx", "Monthly", false,
			row("period", "nps"), row("2026-01", 1.0, "note"), row("2026-02", 2.0, "more")),
			[]string{`data/metrics.xlsx: Monthly!C2: warning: value in a column with no header: ignored`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, d := load(tt.sheet)
			wantDiags(t, d, tt.want...)
			if d.HasErrors() {
				t.Errorf("errors from a sheet that is not a table")
			}
		})
	}
}

func TestLoadIsOrderIndependentAndConcurrent(t *testing.T) {
	mk := func() []*sheet.Sheet {
		return []*sheet.Sheet{
			mkSheet("data/a.csv", "a", true, row("period", "nps"), row("2026-01", "1"), row("2026-02", "2")),
			mkSheet("data/b.xlsx", "Budget", false, row("period", "nps"), row("2026-01", 3.0)),
			mkSheet("data/c.csv", "c", true, row("kpi", "period", "actual"), row("nps", "2026-02", "9")),
		}
	}
	render := func(sheets []*sheet.Sheet, parallel bool) string {
		d := &diag.List{}
		l := NewLoader(testCatalog(), d)
		done := make(chan struct{})
		for _, s := range sheets {
			if parallel {
				go func() { l.AddSheet(s); done <- struct{}{} }()
			} else {
				l.AddSheet(s)
			}
		}
		if parallel {
			for range sheets {
				<-done
			}
		}
		return pointsOf(l.Store(), "nps") + " | " + strings.Join(diagLines(d), " | ")
	}
	fwd := mk()
	rev := mk()
	for i, j := 0, len(rev)-1; i < j; i, j = i+1, j-1 {
		rev[i], rev[j] = rev[j], rev[i]
	}
	want := "2026-01 a=1 b=3; 2026-02 a=2 | data/c.csv:2:3: actual given twice for kpi nps, 2026-02 (first at data/a.csv:3:2)"
	for name, got := range map[string]string{
		"forward": render(fwd, false), "reverse": render(rev, false), "parallel": render(mk(), true),
	} {
		if got != want {
			t.Errorf("%s:\n got  %s\n want %s", name, got, want)
		}
	}
}

func TestLoadedStoreComputes(t *testing.T) {
	// The whole path: sheets → store → figures, for one KPI.
	st, d := load(
		mkSheet("data/m.xlsx", "Monthly", false, row("period", "nps"), row("2026-01", 40.0), row("2026-02", 44.0)),
		mkSheet("data/m.xlsx", "Targets", false, row("period", "nps"), row("2026-01", 42.0), row("2026-02", 42.0)),
	)
	wantDiags(t, d)
	var b strings.Builder
	if err := WriteFiguresCSV(&b, Compute(st, 1).All()); err != nil {
		t.Fatal(err)
	}
	// Jan: 40 vs 42 → −2, −2/42×100 = −4.76190476190476; 40 ≥ 42 − 2.1 = 39.9: amber
	// Feb: 44 vs 42 → 2, 4.76190476190476; mom 4, 10%; avg qtd (40+44)/2 = 42
	want := strings.Join(FiguresHeader, ",") + "\n" +
		"nps,2026-01,40,42,,,-2,-4.76190476190476,,,,,,,40,40,,amber,1\n" +
		"nps,2026-02,44,42,,,2,4.76190476190476,,,4,10,,,42,42,,green,1\n"
	if b.String() != want {
		t.Errorf("got\n%s", b.String())
	}
}

func TestLoadRegisterByFileName(t *testing.T) {
	st, d := load(mkSheet("data/actions.xlsx", "Sheet1", false, row("id", "title", "status"), row("A9", "Close the books", "dropped")))
	wantDiags(t, d)
	if len(st.Actions) != 1 || st.Actions[0].ID != "A9" || st.Actions[0].Status != "dropped" || len(st.Risks) != 0 {
		t.Errorf("actions %+v risks %+v", st.Actions, st.Risks)
	}
}

// TestStoreIndexMatchesAMapOfEveryValue: the store lays each KPI's months
// out densely, and tells whether any value was given twice without a map
// of every value; a KPI with a stray year (1000-01 beside the 2020s) is
// grouped by map. Random long tables, with repeats and stray years, and a
// source's values in the same files' fifth column (so that its cells
// interleave the sheets' and the store must sort them; some at a position
// of the source's own), must give the points and messages that keeping
// the first of every (KPI, month, series) in cell order gives.
func TestStoreIndexMatchesAMapOfEveryValue(t *testing.T) {
	ids := []string{"nps", "uptime", "arr", "cost_ratio", "hc_eng"}
	series := []string{"actual", "target"}
	for seed := range uint64(200) {
		rng := rand.New(rand.NewPCG(seed, 7))
		type first struct{ pos, value string }
		firsts := map[string]first{}
		want := map[string]map[string]map[string]string{} // id → period → series → value
		var wantMsgs []string
		var sheets []*sheet.Sheet
		var sourced []Value
		cat := testCatalog()
		keep := func(pos, id, period, s, v string) {
			key := id + " " + period + " " + s
			if prev, dup := firsts[key]; dup {
				wantMsgs = append(wantMsgs, fmt.Sprintf("%s: %s given twice for kpi %s, %s (first at %s)", pos, s, id, period, prev.pos))
				return
			}
			firsts[key] = first{pos, v}
			if want[id] == nil {
				want[id] = map[string]map[string]string{}
			}
			if want[id][period] == nil {
				want[id][period] = map[string]string{}
			}
			want[id][period][s] = v
		}
		for f := range 1 + rng.IntN(4) {
			file := fmt.Sprintf("data/s%d.csv", f)
			rows := []rowSpec{row("kpi", "period", "actual", "target")}
			for r := range rng.IntN(40) {
				id := ids[rng.IntN(len(ids))]
				period := fmt.Sprintf("%d-%02d", 2020+rng.IntN(3), 1+rng.IntN(12))
				if seed%3 == 0 && rng.IntN(30) == 0 {
					period = "1000-01"
				}
				cells := row(id, period, "", "")
				for c, s := range series {
					if rng.IntN(3) == 0 {
						continue
					}
					v := fmt.Sprint(rng.IntN(100))
					cells[2+c] = v
					keep(fmt.Sprintf("%s:%d:%d", file, r+2, c+3), id, period, s, v)
				}
				if rng.IntN(3) == 0 {
					s := series[rng.IntN(2)]
					p, _ := ParsePeriod(period)
					val := Value{KPI: cat.Get(id), Period: p, Series: s, V: float64(100 + rng.IntN(100)), File: file, Row: r + 2, Col: 5,
						Pos: diag.Pos{File: file, Line: r + 2, Col: 5}}
					v := fmt.Sprint(val.V)
					if rng.IntN(4) == 0 {
						val.Pos = diag.Pos{File: "data/sources.yaml", Line: 3 + r}
					}
					sourced = append(sourced, val)
					keep(val.Pos.String(), id, period, s, v)
				}
				rows = append(rows, cells)
			}
			sheets = append(sheets, mkSheet(file, "", true, rows...))
		}
		rng.Shuffle(len(sheets), func(i, j int) { sheets[i], sheets[j] = sheets[j], sheets[i] })
		d := &diag.List{}
		l := NewLoader(cat, d)
		for _, sh := range sheets {
			l.AddSheet(sh)
		}
		half := rng.IntN(len(sourced) + 1) // a source may add its values in more than one call
		l.AddValues(sourced[half:])
		l.AddValues(sourced[:half])
		store := l.Store()
		got := slices.DeleteFunc(diagLines(d), func(m string) bool { return strings.HasSuffix(m, "no value was read from this file") })
		slices.Sort(got) // the list orders them by place, a source's own positions among them
		slices.Sort(wantMsgs)
		if strings.Join(got, "\n") != strings.Join(wantMsgs, "\n") {
			t.Fatalf("seed %d: messages\n%s\nwant\n%s", seed, strings.Join(got, "\n"), strings.Join(wantMsgs, "\n"))
		}
		for _, id := range ids {
			var periods []string
			for p := range want[id] {
				periods = append(periods, p)
			}
			slices.Sort(periods)
			var parts []string
			for _, p := range periods {
				line := p
				if v, ok := want[id][p]["actual"]; ok {
					line += " a=" + v
				}
				if v, ok := want[id][p]["target"]; ok {
					line += " t=" + v
				}
				parts = append(parts, line)
			}
			if got, w := pointsOf(store, id), strings.Join(parts, "; "); got != w {
				t.Fatalf("seed %d, kpi %s:\n got  %s\n want %s", seed, id, got, w)
			}
		}
	}
}

// TestMonthAxesLeaveOutAStrayYear: a KPI whose months span a millennium
// because of one stray year is grouped by map, not laid out on 12,000
// months; a KPI with a gap of a year is laid out.
func TestMonthAxesLeaveOutAStrayYear(t *testing.T) {
	c := testCatalog()
	nps, arr := c.Get("nps"), c.Get("arr")
	var values []entry
	for m := 1; m <= 12; m++ {
		values = append(values, entry{kpi: nps, period: Period{2026, m}}, entry{kpi: arr, period: Period{2026, m}})
	}
	values = append(values, entry{kpi: nps, period: Period{1000, 1}}, entry{kpi: arr, period: Period{2025, 1}})
	ax := newMonthAxes(values)
	if _, ok := ax[nps]; ok {
		t.Errorf("nps, 1000-01 and 2026, laid out on %d months", ax[nps].last-ax[nps].first+1)
	}
	if r, ok := ax[arr]; !ok || r.first != (Period{2025, 1}).Index() || r.last != (Period{2026, 12}).Index() || r.n != 13 {
		t.Errorf("arr, 2025-01 and 2026: axis %+v, %v", r, ok)
	}
}
