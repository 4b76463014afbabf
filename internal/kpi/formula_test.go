package kpi

import (
	"fmt"
	"strings"
	"testing"

	"github.com/opsreport/opsreport/internal/diag"
)

func TestParseFormula(t *testing.T) {
	tests := []struct {
		src, canonical string
		refs           []string
	}{
		{"ecommerce / retail_total * 100", "ecommerce / retail_total * 100", []string{"ecommerce", "retail_total"}},
		{"(gross_profit)/revenue*100", "gross_profit / revenue * 100", []string{"gross_profit", "revenue"}},
		{"a - (b - c)", "a - (b - c)", []string{"a", "b", "c"}},
		{"(a - b) - c", "a - b - c", []string{"a", "b", "c"}},
		{"a / (b * c)", "a / (b * c)", []string{"a", "b", "c"}},
		{"(a + b) * 2", "(a + b) * 2", []string{"a", "b"}},
		{"-a + 3.5", "-a + 3.5", []string{"a"}},
		{"a + a", "a + a", []string{"a"}},
		{"uptime-prod - 1", "uptime-prod - 1", []string{"uptime-prod"}}, // a slug's hyphen
		{"100-a", "100 - a", []string{"a"}},                             // a number is not an id
		{" 12 ", "12", nil},
		{"=a/b", "a / b", []string{"a", "b"}}, // as a spreadsheet user types it
	}
	for _, tt := range tests {
		f, err := ParseFormula(tt.src)
		if err != nil {
			t.Errorf("%q: %v", tt.src, err)
			continue
		}
		if f.String() != tt.canonical || fmt.Sprint(f.Refs()) != fmt.Sprint(tt.refs) {
			t.Errorf("%q: %q refs %v, want %q refs %v", tt.src, f.String(), f.Refs(), tt.canonical, tt.refs)
		}
	}
}

func TestParseFormulaErrors(t *testing.T) {
	tests := []struct {
		src    string
		offset int
		msg    string
	}{
		{"", 0, "formula is empty"},
		{" = ", 0, "formula is empty"},
		{"=(a", 1, `"(" is never closed`},
		{"a +", 3, `expected a number, a KPI id or "(" but found the end of the formula`},
		{"a b", 2, `expected an operator (+ - * /) but found "b"`},
		{"(a + b", 0, `"(" is never closed`},
		{"(a b)", 3, `expected an operator (+ - * /) or ")" but found "b"`},
		{"a + b)", 5, `expected an operator (+ - * /) but found ")"`},
		{"a % b", 2, `expected an operator (+ - * /) but found "%"`},
		{"a * 1.2.3", 4, `"1.2.3" is not a number`},
		{"a × b", 2, `expected an operator (+ - * /) but found "×"`},
		{"* a", 0, `expected a number, a KPI id or "(" but found "*"`},
		{strings.Repeat("(", 60) + "a" + strings.Repeat(")", 60), 50, "formula nests deeper than 50 levels"},
	}
	for _, tt := range tests {
		_, err := ParseFormula(tt.src)
		fe, ok := err.(*FormulaError)
		if !ok || fe.Offset != tt.offset || fe.Msg != tt.msg {
			t.Errorf("%q: %v, want offset %d %q", tt.src, err, tt.offset, tt.msg)
		}
	}
}

func TestFormulaEval(t *testing.T) {
	vals := map[string]Opt{"a": Some(1234), "b": Some(5000), "z": Some(0), "x": Some(1000.1), "y": Some(900.2)}
	get := func(id string) Opt { return vals[id] }
	tests := []struct {
		src  string
		want Opt
	}{
		{"a / b * 100", Some(24.68)},                  // 24.680000000000003 in binary, cleaned
		{"(x - y) / x * 100", Some(9.98900109989001)}, // 99.9/1000.1×100 to 15 digits, the difference cleaned first
		{"1 / 3", Some(0.333333333333333)},
		{"a / z", None}, // division by zero
		{"a / (b - b)", None},
		{"a + missing", None}, // a missing component
		{"-a + 2 * 3", Some(-1228)},
		{"0.1 + 0.2", Some(0.3)},
	}
	for _, tt := range tests {
		f, err := ParseFormula(tt.src)
		if err != nil {
			t.Fatal(err)
		}
		if got := f.Eval(get); got != tt.want {
			t.Errorf("%s = %v, want %v", tt.src, got, tt.want)
		}
	}
}

// FuzzParseFormula: any text parses or fails with an offset inside it,
// never panics; what parses prints canonically as a formula that parses to
// the same canonical text and the same ids, and evaluates without panic.
func FuzzParseFormula(f *testing.F) {
	for _, s := range []string{"a / b * 100", "(a + b) - -c", "a-b - 1.5", "((x))", "a +", "1.2.3", "(", "é * 2", "-(-a)"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		fm, err := ParseFormula(src)
		if err != nil {
			fe := err.(*FormulaError)
			if fe.Offset < 0 || fe.Offset > len(src) || fe.Msg == "" {
				t.Fatalf("%q: offset %d of %d, %q", src, fe.Offset, len(src), fe.Msg)
			}
			return
		}
		again, err := ParseFormula(fm.String())
		if err != nil {
			t.Fatalf("%q prints as %q, which does not parse: %v", src, fm.String(), err)
		}
		if again.String() != fm.String() || fmt.Sprint(again.Refs()) != fmt.Sprint(fm.Refs()) {
			t.Fatalf("%q: %q then %q", src, fm.String(), again.String())
		}
		v := fm.Eval(func(string) Opt { return Some(2) })
		w := again.Eval(func(string) Opt { return Some(2) })
		if v != w {
			t.Fatalf("%q = %v but %q = %v", src, v, fm.String(), w)
		}
	})
}

func TestCatalogFormulaYAML(t *testing.T) {
	src := "- id: revenue\n  unit: currency\n- id: gross_profit\n  unit: currency\n" +
		"- id: gross_margin\n  unit: percent\n  formula: gross_profit / revenue * 100\n"
	var d diag.List
	c := ParseCatalogYAML("data/kpis.yaml", []byte(src), &d)
	wantDiags(t, &d)
	f := c.Get("gross_margin").Formula
	if f == nil || f.Text != "gross_profit / revenue * 100" || f.Pos != (diag.Pos{File: "data/kpis.yaml", Line: 7, Col: 12}) {
		t.Fatalf("formula %+v", f)
	}
	if c.Get("revenue").Formula != nil {
		t.Errorf("revenue has a formula")
	}
}

func TestCatalogFormulaYAMLErrors(t *testing.T) {
	head := "- id: revenue\n- id: gross_profit\n"
	tests := []struct {
		name, src string
		want      []string
	}{
		{"unknown id", "- id: gross_margin\n  formula: gros_profit / revenue * 100\n",
			[]string{`data/kpis.yaml:4:12: formula of gross_margin: unknown KPI "gros_profit" (did you mean "gross_profit"?)`}},
		{"unknown id, column inside", "- id: gross_margin\n  formula: gross_profit / revnue * 100\n",
			[]string{`data/kpis.yaml:4:27: formula of gross_margin: unknown KPI "revnue" (did you mean "revenue"?)`}},
		{"quoted", "- id: gm\n  formula: \"gross_profit / revnue\"\n",
			[]string{`data/kpis.yaml:4:28: formula of gm: unknown KPI "revnue" (did you mean "revenue"?)`}},
		{"no near miss", "- id: gm\n  formula: widgets * 2\n",
			[]string{`data/kpis.yaml:4:12: formula of gm: unknown KPI "widgets"`}},
		{"subtraction without spaces", "- id: cogs\n  formula: revenue-gross_profit\n",
			[]string{`data/kpis.yaml:4:12: formula of cogs: unknown KPI "revenue-gross_profit" (to subtract, write spaces around "-": revenue - gross_profit)`}},
		{"syntax", "- id: gm\n  formula: gross_profit / (revenue * 100\n",
			[]string{`data/kpis.yaml:4:27: formula of gm: "(" is never closed`}},
		{"syntax in a block scalar", "- id: gm\n  formula: >-\n    gross_profit /\n    revenue )\n",
			[]string{`data/kpis.yaml:4:12: formula of gm: expected an operator (+ - * /) but found ")" (character 24 of the formula)`}},
		{"empty", "- id: gm\n  formula: \"\"\n",
			[]string{`data/kpis.yaml:4:12: formula of gm: formula is empty`}},
		{"self", "- id: a\n  formula: revenue + a\n",
			[]string{`data/kpis.yaml:4:22: formula cycle: a → a`}},
		{"loop of three, reported once", "- id: a\n  formula: b / revenue\n- id: b\n  formula: 2 * c\n- id: c\n  formula: a + 1\n- id: d\n  formula: c * 2\n",
			[]string{`data/kpis.yaml:4:12: formula cycle: a → b → c → a`}},
		{"two loops", "- id: a\n  formula: b\n- id: b\n  formula: a\n- id: c\n  formula: c * 2\n",
			[]string{`data/kpis.yaml:4:12: formula cycle: a → b → a`, `data/kpis.yaml:8:12: formula cycle: c → c`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var d diag.List
			ParseCatalogYAML("data/kpis.yaml", []byte(head+tt.src), &d)
			wantDiags(t, &d, tt.want...)
		})
	}
}

func TestCatalogFormulaSheet(t *testing.T) {
	var d diag.List
	c := ParseCatalogSheet(mkSheet("data/kpis.csv", "kpis", true,
		row("id", "unit", "formula"),
		row("revenue", "currency"),
		row("gross_profit", "currency"),
		row("gross_margin", "percent", "gross_profit / revenue * 100"),
		row("cogs_share", "percent", "(revenue - gross_profit) / revenu * 100"),
		row("bad", "number", "revenue + * 2"),
	), &d)
	wantDiags(t, &d,
		`data/kpis.csv:5:3: formula of cogs_share: unknown KPI "revenu" (did you mean "revenue"?)`,
		`data/kpis.csv:6:3: formula of bad: expected a number, a KPI id or "(" but found "*" (character 11 of the formula)`,
	)
	if f := c.Get("gross_margin").Formula; f == nil || f.Pos != (diag.Pos{File: "data/kpis.csv", Line: 4, Col: 3}) {
		t.Errorf("gross_margin formula %+v", f)
	}

	d = diag.List{}
	ParseCatalogSheet(mkSheet("data/metrics.xlsx", "KPIs", false,
		row("id", "formula"),
		row("a", "b * 2"),
		row("b", "a / 2"),
	), &d)
	wantDiags(t, &d, `data/metrics.xlsx: KPIs!B2: formula cycle: a → b → a`)
}

// marginCatalog is revenue and gross profit given as data, gross margin and
// cost share computed, cost share through another formula.
func marginCatalog() *Catalog {
	f := func(s string) *Formula {
		fm, err := ParseFormula(s)
		if err != nil {
			panic(err)
		}
		return fm
	}
	return NewCatalog(
		&KPI{ID: "revenue", Unit: UnitCurrency, Direction: Up, Aggregate: Sum, Tolerance: 0.05},
		&KPI{ID: "gross_profit", Unit: UnitCurrency, Direction: Up, Aggregate: Sum, Tolerance: 0.05},
		&KPI{ID: "gross_margin", Unit: UnitPercent, Direction: Up, Aggregate: Avg, Target: Some(60), Tolerance: 0.05,
			Formula: f("gross_profit / revenue * 100")},
		&KPI{ID: "cogs", Unit: UnitCurrency, Direction: Down, Aggregate: Sum, Tolerance: 0.05, Formula: f("revenue - gross_profit")},
		&KPI{ID: "cogs_share", Unit: UnitPercent, Direction: Down, Aggregate: Avg, Tolerance: 0.05, Formula: f("cogs / revenue * 100")},
	)
}

// TestFormulaFigures: a margin's month is its month's profit over its
// revenue; its quarter, year to date and trailing twelve months are the
// span's profit over the span's revenue, never a mean of margins.
func TestFormulaFigures(t *testing.T) {
	s := NewStore(marginCatalog(), map[string][]Point{
		"revenue":      pts(t, "2026-01=1000", "2026-02=2000", "2026-03=1000", "2026-04=500"),
		"gross_profit": pts(t, "2026-01=700", "2026-02=1000", "2026-03=800", "2026-04=400"),
	})
	got := figuresCSV(t, s, 1)
	want := []string{
		// cogs: revenue − profit = 300, 1000, 200, 100; quarter 4000 − 2500 = 1500
		"cogs,2026-01,300,,,,,,,,,,,,300,300,,none,0",
		"cogs,2026-02,1000,,,,,,,,700,233.333333333333,,,1300,1300,,none,0",
		"cogs,2026-03,200,,,,,,,,-800,-80,,,1500,1500,,none,0",
		"cogs,2026-04,100,,,,,,,,-100,-50,,,100,1600,,none,0",
		// cogs share through cogs: 30, 50, 20, 20; qtd Feb 1300/3000 = 43.3…;
		// Q1 1500/4000 = 37.5 (the mean of 30, 50, 20 would be 33.3…);
		// ytd Apr 1600/4500 = 35.5…
		"cogs_share,2026-01,30,,,,,,,,,,,,30,30,,none,0",
		"cogs_share,2026-02,50,,,,,,,,20,66.6666666666667,,,43.3333333333333,43.3333333333333,,none,0",
		"cogs_share,2026-03,20,,,,,,,,-30,-60,,,37.5,37.5,,none,0",
		"cogs_share,2026-04,20,,,,,,,,0,0,,,20,35.5555555555556,,none,0",
		// margin 70, 50, 80, 80 against the catalog's 60 (amber from 57);
		// qtd Feb 1700/3000×100 = 56.6…; Q1 2500/4000×100 = 62.5, not the
		// mean 66.7 of the three margins; ytd Apr 2900/4500×100 = 64.4…
		"gross_margin,2026-01,70,60,,,10,16.6666666666667,,,,,,,70,70,,green,1",
		"gross_margin,2026-02,50,60,,,-10,-16.6666666666667,,,-20,-28.5714285714286,,,56.6666666666667,56.6666666666667,,red,1",
		"gross_margin,2026-03,80,60,,,20,33.3333333333333,,,30,60,,,62.5,62.5,,green,1",
		"gross_margin,2026-04,80,60,,,20,33.3333333333333,,,0,0,,,80,64.4444444444444,,green,2",
		"gross_profit,2026-01,700,,,,,,,,,,,,700,700,,none,0",
		"gross_profit,2026-02,1000,,,,,,,,300,42.8571428571429,,,1700,1700,,none,0",
		"gross_profit,2026-03,800,,,,,,,,-200,-20,,,2500,2500,,none,0",
		"gross_profit,2026-04,400,,,,,,,,-400,-50,,,400,2900,,none,0",
		"revenue,2026-01,1000,,,,,,,,,,,,1000,1000,,none,0",
		"revenue,2026-02,2000,,,,,,,,1000,100,,,3000,3000,,none,0",
		"revenue,2026-03,1000,,,,,,,,-1000,-50,,,4000,4000,,none,0",
		"revenue,2026-04,500,,,,,,,,-500,-50,,,500,4500,,none,0",
	}
	compareLines(t, got, want)

	figs := Compute(s, 1)
	q, ok := figs.GetQuarter("gross_margin", Quarter{2026, 1})
	// Q1 62.5 against 60: green; Q1 has no prior quarter.
	if !ok || q.Actual != Some(62.5) || q.Target != Some(60) || q.Status != Green || q.YTD != Some(62.5) {
		t.Errorf("2026-Q1 margin %+v", q)
	}
	q2, _ := figs.GetQuarter("gross_margin", Quarter{2026, 2})
	// Q2 is April alone so far: May and June have no revenue, so no value.
	if q2.Actual.OK || q2.MoM.OK {
		t.Errorf("2026-Q2 margin %v mom %v, want none", q2.Actual, q2.MoM)
	}
}

func TestFormulaTrailingTwelveMonths(t *testing.T) {
	var rev, gp []string
	for i := range 12 { // 2025-02 … 2026-01: 100 and 50 a month, January 300 and 240
		p := Period{2025, 2}.Add(i)
		r, g := 100, 50
		if i == 11 {
			r, g = 300, 240
		}
		rev, gp = append(rev, fmt.Sprintf("%s=%d", p, r)), append(gp, fmt.Sprintf("%s=%d", p, g))
	}
	s := NewStore(marginCatalog(), map[string][]Point{"revenue": pts(t, rev...), "gross_profit": pts(t, gp...)})
	f, _ := Compute(s, 1).Get("gross_margin", Period{2026, 1})
	// ttm (11×50 + 240) / (11×100 + 300) × 100 = 790/1400×100 = 56.4285714285714;
	// the mean of the twelve margins would be (11×50 + 80)/12 = 52.5.
	// ytd is January alone: 240/300×100 = 80.
	if f.TTM != Some(56.4285714285714) || f.YTD != Some(80) || f.Actual != Some(80) {
		t.Errorf("January: ttm %v ytd %v actual %v", f.TTM, f.YTD, f.Actual)
	}
	prev, _ := Compute(s, 1).Get("gross_margin", Period{2025, 12})
	if prev.TTM.OK { // eleven months of history
		t.Errorf("December ttm %v, want none", prev.TTM)
	}
}

// TestFormulaRollup: the roll-up rules, one span at a time, by hand.
func TestFormulaRollup(t *testing.T) {
	fm := func(s string) *Formula {
		f, err := ParseFormula(s)
		if err != nil {
			t.Fatal(err)
		}
		return f
	}
	q1 := []Period{{2026, 1}, {2026, 2}, {2026, 3}}
	tests := []struct {
		name    string
		kpis    []*KPI
		points  map[string][]Point
		id      string
		series  string
		months  []Period
		want    Opt
		comment string
	}{
		{"ratio of sums", []*KPI{
			{ID: "a", Aggregate: Sum}, {ID: "b", Aggregate: Sum}, {ID: "r", Formula: fm("a / b * 100")}},
			map[string][]Point{"a": pts(t, "2026-01=1", "2026-02=1", "2026-03=2"), "b": pts(t, "2026-01=2", "2026-02=4", "2026-03=2")},
			"r", SeriesActual, q1, Some(50), "(1+1+2)/(2+4+2)×100 = 50; the mean of 50, 25, 100 is 58.3"},
		{"stock over stock: last over last", []*KPI{
			{ID: "arr", Aggregate: Last}, {ID: "heads", Aggregate: Last}, {ID: "per_head", Formula: fm("arr / heads")}},
			map[string][]Point{"arr": pts(t, "2026-01=1000", "2026-02=1200", "2026-03=1500"), "heads": pts(t, "2026-01=10", "2026-02=10", "2026-03=12")},
			"per_head", SeriesActual, q1, Some(125), "1500/12"},
		{"flow over stock: sum over last", []*KPI{
			{ID: "rev", Aggregate: Sum}, {ID: "heads", Aggregate: Last}, {ID: "rev_per_head", Formula: fm("rev / heads")}},
			map[string][]Point{"rev": pts(t, "2026-01=100", "2026-02=100", "2026-03=160"), "heads": pts(t, "2026-01=10", "2026-02=10", "2026-03=12")},
			"rev_per_head", SeriesActual, q1, Some(30), "360/12"},
		{"a rate: 100 minus the mean", []*KPI{
			{ID: "up", Aggregate: Avg}, {ID: "down_share", Formula: fm("100 - up")}},
			map[string][]Point{"up": pts(t, "2026-01=99.9", "2026-02=99.5", "2026-03=99.7")},
			"down_share", SeriesActual, q1, Some(0.3), "100 − 99.7"},
		{"a missing month is no quarter", []*KPI{
			{ID: "a", Aggregate: Sum}, {ID: "b", Aggregate: Sum}, {ID: "r", Formula: fm("a / b")}},
			map[string][]Point{"a": pts(t, "2026-01=1", "2026-03=2"), "b": pts(t, "2026-01=2", "2026-02=4", "2026-03=2")},
			"r", SeriesActual, q1, None, "a has no February"},
		{"a month of zero revenue still gives a quarter", []*KPI{
			{ID: "a", Aggregate: Sum}, {ID: "b", Aggregate: Sum}, {ID: "r", Formula: fm("a / b * 100")}},
			map[string][]Point{"a": pts(t, "2026-01=1", "2026-02=0", "2026-03=2"), "b": pts(t, "2026-01=2", "2026-02=0", "2026-03=4")},
			"r", SeriesActual, q1, Some(50), "February's margin is undefined (0/0); the quarter's is 3/6"},
		{"zero over the quarter is no value", []*KPI{
			{ID: "a", Aggregate: Sum}, {ID: "b", Aggregate: Sum}, {ID: "r", Formula: fm("a / b")}},
			map[string][]Point{"a": pts(t, "2026-01=1", "2026-02=1", "2026-03=1"), "b": pts(t, "2026-01=0", "2026-02=0", "2026-03=0")},
			"r", SeriesActual, q1, None, "division by zero"},
		{"target from the components' targets", []*KPI{
			{ID: "a", Aggregate: Sum}, {ID: "b", Aggregate: Sum, Target: Some(10)}, {ID: "r", Formula: fm("a / b * 100")}},
			map[string][]Point{"a": pts(t, "2026-01= t=3", "2026-02= t=3", "2026-03= t=6"), "b": pts(t, "2026-01=1", "2026-02=1", "2026-03=1")},
			"r", SeriesTarget, q1, Some(40), "(3+3+6)/(10+10+10)×100, b's target the catalog's constant"},
		{"target of its own, rolled up by its aggregate", []*KPI{
			{ID: "a", Aggregate: Sum}, {ID: "b", Aggregate: Sum}, {ID: "r", Aggregate: Avg, Formula: fm("a / b * 100")}},
			map[string][]Point{"a": pts(t, "2026-01= t=3", "2026-02= t=3", "2026-03= t=6"), "b": pts(t, "2026-01= t=10", "2026-02= t=10", "2026-03= t=10"),
				"r": pts(t, "2026-01= t=50", "2026-02= t=60", "2026-03= t=70")},
			"r", SeriesTarget, q1, Some(60), "the mean of its own 50, 60, 70"},
		{"own target in only some months: the formula's", []*KPI{
			{ID: "a", Aggregate: Sum}, {ID: "b", Aggregate: Sum}, {ID: "r", Aggregate: Avg, Formula: fm("a / b * 100")}},
			map[string][]Point{"a": pts(t, "2026-01= t=3", "2026-02= t=3", "2026-03= t=6"), "b": pts(t, "2026-01= t=10", "2026-02= t=10", "2026-03= t=10"),
				"r": pts(t, "2026-01= t=50")},
			"r", SeriesTarget, q1, Some(40), "12/30×100"},
		{"catalog target", []*KPI{
			{ID: "a", Aggregate: Sum}, {ID: "b", Aggregate: Sum}, {ID: "r", Aggregate: Avg, Target: Some(75), Formula: fm("a / b * 100")}},
			map[string][]Point{"a": pts(t, "2026-01= t=3", "2026-02= t=3", "2026-03= t=6"), "b": pts(t, "2026-01= t=10", "2026-02= t=10", "2026-03= t=10")},
			"r", SeriesTarget, q1, Some(75), "the catalog's constant wins over the formula"},
		{"budget from the components' budgets", []*KPI{
			{ID: "a", Aggregate: Sum}, {ID: "b", Aggregate: Last}, {ID: "r", Formula: fm("a / b")}},
			map[string][]Point{"a": pts(t, "2026-01= b=30", "2026-02= b=30", "2026-03= b=30"), "b": pts(t, "2026-01= b=2", "2026-02= b=2", "2026-03= b=3")},
			"r", SeriesBudget, q1, Some(30), "90/3"},
		{"a formula of a formula", []*KPI{
			{ID: "a", Aggregate: Sum}, {ID: "b", Aggregate: Sum}, {ID: "d", Formula: fm("a - b")}, {ID: "r", Formula: fm("d / a * 100")}},
			map[string][]Point{"a": pts(t, "2026-01=10", "2026-02=10", "2026-03=20"), "b": pts(t, "2026-01=5", "2026-02=8", "2026-03=7")},
			"r", SeriesActual, q1, Some(50), "(40 − 20)/40×100"},
		{"one month", []*KPI{
			{ID: "a", Aggregate: Sum}, {ID: "b", Aggregate: Sum}, {ID: "r", Formula: fm("a / b * 100")}},
			map[string][]Point{"a": pts(t, "2026-01=1234"), "b": pts(t, "2026-01=5000")},
			"r", SeriesActual, q1[:1], Some(24.68), "cleaned to 15 digits"},
		{"a cycle gives nothing", []*KPI{
			{ID: "a", Aggregate: Sum}, {ID: "x", Formula: fm("y + a")}, {ID: "y", Formula: fm("x")}},
			map[string][]Point{"a": pts(t, "2026-01=1")},
			"x", SeriesActual, q1[:1], None, "NewCatalog marks the loop broken"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, k := range tt.kpis {
				k.Direction, k.Tolerance = Up, 0.05
				if k.Aggregate == "" {
					k.Aggregate = Avg
				}
			}
			s := NewStore(NewCatalog(tt.kpis...), tt.points)
			if got := s.Rollup(tt.id, tt.series, tt.months); got != tt.want {
				t.Errorf("%s: got %v, want %v (%s)", tt.series, got, tt.want, tt.comment)
			}
		})
	}
}

// TestFormulaMonthSeries: a formula KPI's month takes its target, budget
// and forecast from the data, else the catalog (target), else the formula.
func TestFormulaMonthSeries(t *testing.T) {
	c := marginCatalog()
	c.Get("gross_margin").Target = None
	s := NewStore(c, map[string][]Point{
		"revenue":      pts(t, "2026-01=1000 t=1000 b=900 f=950", "2026-02=1000 t=1000 b=900"),
		"gross_profit": pts(t, "2026-01=700 t=750 b=630 f=665", "2026-02=700 t=750 b=630"),
		"gross_margin": pts(t, "2026-02= b=72"),
	})
	jan, _ := s.Point("gross_margin", Period{2026, 1})
	feb, _ := s.Point("gross_margin", Period{2026, 2})
	// Jan: target 750/1000×100 = 75, budget 630/900×100 = 70, forecast 665/950×100 = 70.
	// Feb: its own budget 72; no forecast for either component.
	if jan.Actual != Some(70) || jan.Target != Some(75) || jan.Budget != Some(70) || jan.Forecast != Some(70) {
		t.Errorf("Jan %+v", jan)
	}
	if feb.Budget != Some(72) || feb.Forecast.OK || feb.Target != Some(75) {
		t.Errorf("Feb %+v", feb)
	}
	// The quarter so far: Jan and Feb budgets are not all its own, so the
	// formula's: (630+630)/(900+900)×100 = 70.
	if got := s.Rollup("gross_margin", SeriesBudget, []Period{{2026, 1}, {2026, 2}}); got != Some(70) {
		t.Errorf("Jan–Feb budget %v", got)
	}
}

func TestFormulaActualGivenAsData(t *testing.T) {
	src := "- id: revenue\n- id: gross_profit\n- id: gross_margin\n  unit: percent\n  formula: gross_profit / revenue * 100\n"
	var d diag.List
	c := ParseCatalogYAML("data/kpis.yaml", []byte(src), &d)
	l := NewLoader(c, &d)
	l.AddSheet(mkSheet("data/metrics.xlsx", "Actuals", false,
		row("Month", "revenue", "gross_profit", "gross_margin"),
		row("2026-01", 1000, 700, 70),
		row("2026-02", 1000, 800, 80),
	))
	l.AddSheet(mkSheet("data/budget.csv", "budget", true,
		row("month", "gross_margin"),
		row("2026-01", 72),
	))
	l.AddSheet(mkSheet("data/long.csv", "long", true,
		row("kpi", "period", "actual", "target"),
		row("gross_margin", "2026-01", "", 71),
		row("gross_margin", "2026-03", 75, ""),
	))
	s := l.Store()
	wantDiags(t, &d,
		`data/long.csv:3:3: actual given for kpi gross_margin, which is computed by its formula gross_profit / revenue * 100 (data/kpis.yaml:5:12): give the values of gross_profit and revenue, or remove the formula`,
		`data/metrics.xlsx: Actuals!D2: actual given for kpi gross_margin, which is computed by its formula gross_profit / revenue * 100 (data/kpis.yaml:5:12): give the values of gross_profit and revenue, or remove the formula (and 1 more cell in this sheet)`,
	)
	jan, _ := s.Point("gross_margin", Period{2026, 1})
	feb, _ := s.Point("gross_margin", Period{2026, 2})
	if jan.Actual != Some(70) || jan.Budget != Some(72) || jan.Target != Some(71) || feb.Actual != Some(80) {
		t.Errorf("Jan %+v Feb %+v", jan, feb)
	}
	if _, ok := s.Point("gross_margin", Period{2026, 3}); ok {
		t.Errorf("March has a point from the rejected actual")
	}
}

// TestFormulaSnapshot: a closed review freezes a formula KPI's figures
// like any other's.
func TestFormulaSnapshot(t *testing.T) {
	s := NewStore(marginCatalog(), map[string][]Point{
		"revenue":      pts(t, "2026-01=1000", "2026-02=2000"),
		"gross_profit": pts(t, "2026-01=700", "2026-02=1000"),
	})
	var b strings.Builder
	if err := WriteSnapshotCSV(&b, Compute(s, 1).Series("gross_margin")); err != nil {
		t.Fatal(err)
	}
	var d diag.List
	figs := ReadSnapshotCSV("snapshot.csv", []byte(b.String()), marginCatalog(), 1, &d)
	wantDiags(t, &d)
	if len(figs) != 2 || figs[1].Actual != Some(50) || figs[1].QTD != Some(56.6666666666667) || figs[1].KPI.Formula == nil {
		t.Errorf("read back %+v", figs)
	}
}
