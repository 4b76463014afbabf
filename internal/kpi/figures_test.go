package kpi

import (
	"fmt"
	"math"
	"math/big"
	"math/rand/v2"
	"strings"
	"sync/atomic"
	"testing"
)

// pts builds points from "2026-01=90" (actual only) or
// "2026-03=110 t=120 b=100 f=125" spellings; "2026-02= t=6" has no actual.
func pts(t *testing.T, specs ...string) []Point {
	t.Helper()
	var out []Point
	for _, s := range specs {
		fields := strings.Fields(s)
		per, actual, _ := strings.Cut(fields[0], "=")
		p, ok := ParsePeriod(per)
		if !ok {
			t.Fatalf("bad period in %q", s)
		}
		pt := Point{Period: p, Actual: opt(t, actual)}
		for _, f := range fields[1:] {
			name, v, _ := strings.Cut(f, "=")
			switch name {
			case "t":
				pt.Target = opt(t, v)
			case "b":
				pt.Budget = opt(t, v)
			case "f":
				pt.Forecast = opt(t, v)
			}
		}
		out = append(out, pt)
	}
	return out
}

func opt(t *testing.T, s string) Opt {
	if s == "" {
		return None
	}
	v, ok, _ := ParseNumber(s)
	if !ok {
		t.Fatalf("bad number %q", s)
	}
	return Some(v)
}

// figuresCSV computes and renders the figures of one store as figures.csv
// lines without the header, so a test states every figure of a row at once.
func figuresCSV(t *testing.T, s *Store, start int) []string {
	t.Helper()
	var b strings.Builder
	if err := WriteFiguresCSV(&b, Compute(s, start).All()); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n")
	if lines[0] != strings.Join(FiguresHeader, ",") {
		t.Fatalf("header %q", lines[0])
	}
	return lines[1:]
}

func compareLines(t *testing.T, got, want []string) {
	t.Helper()
	for i := range max(len(got), len(want)) {
		var g, w string
		if i < len(got) {
			g = got[i]
		}
		if i < len(want) {
			w = want[i]
		}
		if g != w {
			t.Errorf("row %d:\n got  %s\n want %s", i+1, g, w)
		}
	}
}

// Columns: kpi,period,actual,target,budget,forecast,vs_target,vs_target_pct,
// vs_budget,vs_budget_pct,mom,mom_pct,yoy,yoy_pct,qtd,ytd,ttm,status,streak

func TestFiguresFiscalYearStartingInApril(t *testing.T) {
	rev := &KPI{ID: "rev", Unit: UnitCurrency, Direction: Up, Aggregate: Sum, Target: Some(100), Tolerance: 0.05}
	s := NewStore(NewCatalog(rev), map[string][]Point{"rev": pts(t,
		"2026-01=90", "2026-02=100", "2026-03=110 t=120", "2026-04=95",
		"2026-05=120 b=100 f=125", "2026-06=120", "2026-07=130")})
	want := []string{
		// FY2026 Q4 is Jan–Mar 2026: qtd 90; ytd needs Apr 2025 on: empty.
		// 90 < 100 − 0.05×100 = 95: red.
		"rev,2026-01,90,100,,,-10,-10,,,,,,,90,,,red,1",
		// mom 100−90 = 10, 10/90×100 = 11.1111111111111; qtd 90+100 = 190
		"rev,2026-02,100,100,,,0,0,,,10,11.1111111111111,,,190,,,green,1",
		// data target 120: −10/120×100 = −8.33333333333333; 110 < 114: red
		"rev,2026-03,110,120,,,-10,-8.33333333333333,,,10,10,,,300,,,red,1",
		// FY2027 Q1 starts in April: qtd and ytd reset to 95; mom −15/110×100
		// = −13.6363636363636; 95 is exactly the amber line 95
		"rev,2026-04,95,100,,,-5,-5,,,-15,-13.6363636363636,,,95,95,,amber,1",
		// vs budget 120−100 = 20 (20%); mom 25/95×100 = 26.3157894736842;
		// qtd 95+120 = 215
		"rev,2026-05,120,100,100,125,20,20,20,20,25,26.3157894736842,,,215,215,,green,1",
		"rev,2026-06,120,100,,,20,20,,,0,0,,,335,335,,green,2",
		// FY2027 Q2 starts in July: qtd 130; ytd 335+130 = 465
		"rev,2026-07,130,100,,,30,30,,,10,8.33333333333333,,,130,465,,green,3",
	}
	compareLines(t, figuresCSV(t, s, 4), want)

	f, _ := Compute(s, 4).Get("rev", Period{2026, 5})
	// forecast 125: 120−125 = −5, −5/125×100 = −4
	if f.VsForecast != Some(-5) || f.VsForecastPct != Some(-4) || f.Trend != 1 {
		t.Errorf("May: vs forecast %v %v trend %d", f.VsForecast, f.VsForecastPct, f.Trend)
	}

	// The same data in calendar years: Q2 is Apr–Jun, the year starts in January.
	cal := Compute(s, 1)
	apr, _ := cal.Get("rev", Period{2026, 4})
	jun, _ := cal.Get("rev", Period{2026, 6})
	// Apr: qtd 95; ytd 90+100+110+95 = 395. Jun: qtd 95+120+120 = 335; ytd 395+240 = 635
	if apr.QTD != Some(95) || apr.YTD != Some(395) || jun.QTD != Some(335) || jun.YTD != Some(635) {
		t.Errorf("calendar: Apr qtd %v ytd %v, Jun qtd %v ytd %v", apr.QTD, apr.YTD, jun.QTD, jun.YTD)
	}
}

func TestFiguresTrailingTwelveMonthsAndYearOnYear(t *testing.T) {
	cases := &KPI{ID: "cases", Unit: UnitCount, Direction: Up, Aggregate: Sum, Tolerance: 0.05}
	var specs []string
	for i := range 14 { // 2025-01 = 10 … 2026-02 = 23
		specs = append(specs, fmt.Sprintf("%s=%d", Period{2025, 1}.Add(i), 10+i))
	}
	s := NewStore(NewCatalog(cases), map[string][]Point{"cases": pts(t, specs...)})
	got := figuresCSV(t, s, 1)
	if len(got) != 14 {
		t.Fatalf("%d rows, want 14", len(got))
	}
	want := []string{
		// eleven months of history: no ttm. qtd Oct+Nov 19+20 = 39;
		// ytd 10+…+20 = (10+20)×11/2 = 165; mom 1/19×100 = 5.26315789473684.
		// No target: status none, streak 0.
		"cases,2025-11,20,,,,,,,,1,5.26315789473684,,,39,165,,none,0",
		// ttm 10+…+21 = (10+21)×12/2 = 186
		"cases,2025-12,21,,,,,,,,1,5,,,60,186,186,none,0",
		// yoy 22−10 = 12 (120%); ttm 11+…+22 = 198; mom 1/21×100 = 4.76190476190476
		"cases,2026-01,22,,,,,,,,1,4.76190476190476,12,120,22,22,198,none,0",
		// yoy 23−11 = 12, 12/11×100 = 109.090909090909; ttm 12+…+23 = 210
		"cases,2026-02,23,,,,,,,,1,4.54545454545455,12,109.090909090909,45,45,210,none,0",
	}
	compareLines(t, got[10:], want)
}

func TestFiguresGapsZeroAndNegativeTargets(t *testing.T) {
	act := &KPI{ID: "act", Unit: UnitPercent, Direction: Up, Aggregate: Avg, Tolerance: 0.05}
	leads := &KPI{ID: "leads", Unit: UnitCount, Direction: Up, Aggregate: Sum, Target: Some(5), Tolerance: 0.05}
	incidents := &KPI{ID: "incidents", Unit: UnitCount, Direction: Down, Aggregate: Sum, Target: Some(0), Tolerance: 0.05}
	cash := &KPI{ID: "cash", Unit: UnitCurrency, Direction: Up, Aggregate: Last, Target: Some(-100), Tolerance: 0.05}
	s := NewStore(NewCatalog(leads, incidents, cash, act), map[string][]Point{
		// February has a target but no actual; May has nothing at all.
		"leads":     pts(t, "2026-01=5", "2026-02= t=6", "2026-03=7", "2026-04=8", "2026-06=9"),
		"act":       pts(t, "2026-01=55.2 t=56", "2026-02=55.9 t=56"),
		"incidents": pts(t, "2026-01=0", "2026-02=2"),
		"cash":      pts(t, "2026-01=-104", "2026-02=-90"),
	})
	want := []string{
		// 55.2 − 56 = −0.8 exactly, not the binary −0.7999999999999972;
		// −0.8×100/56 = −1.42857142857143; 55.2 ≥ 56 − 2.8: amber
		"act,2026-01,55.2,56,,,-0.8,-1.42857142857143,,,,,,,55.2,55.2,,amber,1",
		// mom 0.7, 0.7×100/55.2 = 1.26811594202899; avg (55.2+55.9)/2 = 55.55
		"act,2026-02,55.9,56,,,-0.1,-0.178571428571429,,,0.7,1.26811594202899,,,55.55,55.55,,amber,2",
		// target −100: amber band 0.05×|−100| = 5, so −104 ≥ −105 is amber;
		// vs −104−(−100) = −4, −4/|−100|×100 = −4; last: qtd = ytd = −104
		"cash,2026-01,-104,-100,,,-4,-4,,,,,,,-104,-104,,amber,1",
		// mom −90−(−104) = 14, 14/|−104|×100 = 13.4615384615385
		"cash,2026-02,-90,-100,,,10,10,,,14,13.4615384615385,,,-90,-90,,green,1",
		// target 0: no percentage; down: 0 ≤ 0 green, 2 > 0+0 red
		"incidents,2026-01,0,0,,,0,,,,,,,,0,0,,green,1",
		// mom 2 on a base of 0: no percentage
		"incidents,2026-02,2,0,,,2,,,,2,,,,2,2,,red,1",
		"leads,2026-01,5,5,,,0,0,,,,,,,5,5,,green,1",
		// no actual: nothing derived, status none, streak 0; the data's target shows
		"leads,2026-02,,6,,,,,,,,,,,,,,none,0",
		// February's gap: no mom, no qtd/ytd (Jan–Mar incomplete), streak restarts
		"leads,2026-03,7,5,,,2,40,,,,,,,,,,green,1",
		// mom 1/7×100 = 14.2857142857143; Q2 qtd 8; ytd still lacks February
		"leads,2026-04,8,5,,,3,60,,,1,14.2857142857143,,,8,,,green,2",
		// May missing: no mom, no qtd, streak restarts
		"leads,2026-06,9,5,,,4,80,,,,,,,,,,green,1",
	}
	compareLines(t, figuresCSV(t, s, 1), want)
}

func TestFiguresDirectionDownStreaksAndTrend(t *testing.T) {
	// hours to resolve: lower is better, target 4, amber up to 4 + 0.25×4 = 5
	h := &KPI{ID: "hours", Unit: UnitHours, Direction: Down, Aggregate: Avg, Target: Some(4), Tolerance: 0.25}
	s := NewStore(NewCatalog(h), map[string][]Point{"hours": pts(t,
		"2026-01=4.5", "2026-02=5", "2026-03=4.8", "2026-04=3.9", "2026-05=6")})
	want := []string{
		"hours,2026-01,4.5,4,,,0.5,12.5,,,,,,,4.5,4.5,,amber,1",
		// 5 is exactly the amber line; avg (4.5+5)/2 = 4.75; mom 0.5/4.5×100
		"hours,2026-02,5,4,,,1,25,,,0.5,11.1111111111111,,,4.75,4.75,,amber,2",
		// avg (4.5+5+4.8)/3 = 14.3/3 = 4.76666666666667; mom −0.2/5×100 = −4
		"hours,2026-03,4.8,4,,,0.8,20,,,-0.2,-4,,,4.76666666666667,4.76666666666667,,amber,3",
		// Q2 restarts: 3.9; ytd 18.2/4 = 4.55; mom −0.9/4.8×100 = −18.75
		"hours,2026-04,3.9,4,,,-0.1,-2.5,,,-0.9,-18.75,,,3.9,4.55,,green,1",
		// qtd (3.9+6)/2 = 4.95; ytd 24.2/5 = 4.84; mom 2.1/3.9×100 = 53.8461538461538
		"hours,2026-05,6,4,,,2,50,,,2.1,53.8461538461538,,,4.95,4.84,,red,1",
	}
	compareLines(t, figuresCSV(t, s, 1), want)
	// down: rising is worse, falling is better
	wantTrend := []int{0, -1, 1, 1, -1}
	for i, f := range Compute(s, 1).Series("hours") {
		if f.Trend != wantTrend[i] {
			t.Errorf("%v: trend %d, want %d", f.Period, f.Trend, wantTrend[i])
		}
	}
}

func TestFiguresEachAggregate(t *testing.T) {
	tests := []struct {
		agg  Aggregate
		vals []string
		want Opt // qtd at March = ytd at March
	}{
		{Sum, []string{"4", "9", "2"}, Some(15)},               // 4+9+2
		{Last, []string{"4", "9", "2"}, Some(2)},               // March's
		{Avg, []string{"4", "9", "2"}, Some(5)},                // 15/3
		{Min, []string{"4", "9", "2"}, Some(2)},                //
		{Max, []string{"4", "9", "2"}, Some(9)},                //
		{Avg, []string{"99.9", "99.95", "99.7"}, Some(99.85)},  // 299.55/3, without binary noise
		{Avg, []string{"1", "2", "2"}, Some(1.66666666666667)}, // 5/3 to 15 digits
		{Sum, []string{"0.1", "0.2", "0.4"}, Some(0.7)},
		{Min, []string{"-3", "0", "5"}, Some(-3)},
	}
	for _, tt := range tests {
		k := &KPI{ID: "k", Unit: UnitNumber, Direction: Up, Aggregate: tt.agg}
		s := NewStore(NewCatalog(k), map[string][]Point{"k": pts(t,
			"2026-01="+tt.vals[0], "2026-02="+tt.vals[1], "2026-03="+tt.vals[2])})
		f, ok := Compute(s, 1).Get("k", Period{2026, 3})
		if !ok || f.QTD != tt.want || f.YTD != tt.want {
			t.Errorf("%s of %v: qtd %v ytd %v, want %v", tt.agg, tt.vals, f.QTD, f.YTD, tt.want)
		}
		if got := s.Rollup("k", SeriesActual, (Quarter{2026, 1}).Months(1)); got != tt.want {
			t.Errorf("%s of %v: Rollup %v, want %v", tt.agg, tt.vals, got, tt.want)
		}
	}
}

func TestFiguresTTMByLastIsTheLatestStock(t *testing.T) {
	hc := &KPI{ID: "headcount", Unit: UnitCount, Direction: Up, Aggregate: Last}
	var specs []string
	for i := range 12 { // 2025-07 = 100 … 2026-06 = 111
		specs = append(specs, fmt.Sprintf("%s=%d", Period{2025, 7}.Add(i), 100+i))
	}
	s := NewStore(NewCatalog(hc), map[string][]Point{"headcount": pts(t, specs...)})
	f, _ := Compute(s, 1).Get("headcount", Period{2026, 6})
	// twelve months Jul 2025 – Jun 2026 all present; last = June's 111.
	// Calendar ytd Jan–Jun: last = 111; qtd Apr–Jun: 111.
	if f.TTM != Some(111) || f.YTD != Some(111) || f.QTD != Some(111) {
		t.Errorf("ttm %v ytd %v qtd %v, want 111", f.TTM, f.YTD, f.QTD)
	}
	f, _ = Compute(s, 1).Get("headcount", Period{2026, 5})
	if f.TTM.OK { // only eleven months end in May
		t.Errorf("May ttm %v, want none", f.TTM)
	}
}

func TestFiguresQuarterRollupNeedsEveryMonth(t *testing.T) {
	k := &KPI{ID: "k", Unit: UnitCurrency, Direction: Up, Aggregate: Sum, Target: Some(10)}
	s := NewStore(NewCatalog(k), map[string][]Point{"k": pts(t,
		"2026-04=1 b=2", "2026-05=2 b=2 t=20", "2026-06=3")})
	q := Quarter{2027, 1} // April–June 2026 with a fiscal year from April
	if got := s.Rollup("k", SeriesActual, q.Months(4)); got != Some(6) {
		t.Errorf("actual %v, want 1+2+3 = 6", got)
	}
	// target: the catalog's 10, May's 20 from the data, 10: 40
	if got := s.Rollup("k", SeriesTarget, q.Months(4)); got != Some(40) {
		t.Errorf("target %v, want 10+20+10 = 40", got)
	}
	if got := s.Rollup("k", SeriesBudget, q.Months(4)); got.OK {
		t.Errorf("budget %v, want none: June has none", got)
	}
	if got := s.Rollup("nope", SeriesActual, q.Months(4)); got.OK {
		t.Errorf("unknown KPI rolled up to %v", got)
	}
}

func TestStatusOf(t *testing.T) {
	up := &KPI{Direction: Up, Tolerance: 0.05, Target: Some(100)}
	down := &KPI{Direction: Down, Tolerance: 0.1}
	none := &KPI{Direction: DirNone, Target: Some(100), Green: &Threshold{">=", 0}}
	uptime := &KPI{Direction: Up, Green: &Threshold{">=", 99.9}, Amber: &Threshold{">=", 99.5}, Target: Some(100)}
	onlyGreen := &KPI{Direction: Down, Green: &Threshold{"<", 4}}
	noTarget := &KPI{Direction: Up, Tolerance: 0.05}
	tests := []struct {
		name   string
		k      *KPI
		actual Opt
		target Opt
		want   Status
	}{
		{"up at target", up, Some(100), None, Green},
		{"up above", up, Some(130), None, Green},
		{"up on the amber line 100−5", up, Some(95), None, Amber},
		{"up below amber", up, Some(94.99), None, Red},
		{"data target wins", up, Some(100), Some(110), Red}, // 100 < 110−5.5
		{"data target amber", up, Some(105), Some(110), Amber},
		{"no actual", up, None, Some(1), StatusNone},
		{"down at target", down, Some(2), Some(2), Green},
		{"down below", down, Some(1.5), Some(2), Green},
		{"down on the amber line 2+0.2", down, Some(2.2), Some(2), Amber},
		{"down above amber", down, Some(2.3), Some(2), Red},
		{"down zero target, zero", down, Some(0), Some(0), Green},
		{"down zero target has no band", down, Some(0.1), Some(0), Red},
		{"down negative target", down, Some(-10), Some(-10), Green},
		{"down negative target amber −10+1", down, Some(-9), Some(-10), Amber},
		{"down negative target red", down, Some(-8), Some(-10), Red},
		{"up negative target amber", up, Some(-104), Some(-100), Amber},
		{"up negative target red", up, Some(-106), Some(-100), Red},
		{"thresholds green on the line", uptime, Some(99.9), None, Green},
		{"thresholds amber", uptime, Some(99.7), None, Amber},
		{"thresholds amber on the line", uptime, Some(99.5), None, Amber},
		{"thresholds red", uptime, Some(99.4), None, Red},
		{"thresholds replace the target", uptime, Some(99.95), Some(100), Green},
		{"green only, held", onlyGreen, Some(3.9), None, Green},
		{"green only, strict <", onlyGreen, Some(4), None, Red},
		{"direction none", none, Some(100), Some(100), StatusNone},
		{"no target, no thresholds", noTarget, Some(100), None, StatusNone},
	}
	for _, tt := range tests {
		if got := StatusOf(tt.k, tt.actual, tt.target); got != tt.want {
			t.Errorf("%s: %s, want %s", tt.name, got, tt.want)
		}
	}
}

func TestWriteFiguresCSVPlainDecimals(t *testing.T) {
	k := &KPI{ID: "arr", Unit: UnitCurrency, Direction: Up, Aggregate: Last}
	s := NewStore(NewCatalog(k), map[string][]Point{"arr": pts(t, "2026-01=1234567.25", "2026-02=0.000001")})
	var b strings.Builder
	if err := WriteFiguresCSV(&b, Compute(s, 1).All()); err != nil {
		t.Fatal(err)
	}
	// 0.000001 − 1234567.25 = −1234567.249999; ÷ 1234567.25 × 100 = −(100 − 8.1e-11)
	want := "kpi,period,actual,target,budget,forecast,vs_target,vs_target_pct,vs_budget,vs_budget_pct,mom,mom_pct,yoy,yoy_pct,qtd,ytd,ttm,status,streak\n" +
		"arr,2026-01,1234567.25,,,,,,,,,,,,1234567.25,1234567.25,,none,0\n" +
		"arr,2026-02,0.000001,,,,,,,,-1234567.249999,-99.999999999919,,,0.000001,0.000001,,none,0\n"
	if b.String() != want {
		t.Errorf("got\n%s\nwant\n%s", b.String(), want)
	}
}

func TestFiguresOrderAndLookup(t *testing.T) {
	b := &KPI{ID: "b", Direction: Up, Aggregate: Sum}
	a := &KPI{ID: "a", Direction: Up, Aggregate: Sum}
	c := &KPI{ID: "c", Direction: Up, Aggregate: Sum} // no values: no rows
	s := NewStore(NewCatalog(b, a, c), map[string][]Point{
		"b": pts(t, "2026-02=2", "2026-01=1"),
		"a": pts(t, "2026-03=3"),
	})
	f := Compute(s, 1)
	var got []string
	for _, fig := range f.All() {
		got = append(got, fig.KPI.ID+" "+fig.Period.String())
	}
	if strings.Join(got, ", ") != "a 2026-03, b 2026-01, b 2026-02" {
		t.Errorf("All order: %v", got)
	}
	if _, ok := f.Get("b", Period{2026, 3}); ok {
		t.Errorf("Get found a month without values")
	}
	if fig, ok := f.Get("b", Period{2026, 2}); !ok || fig.Actual != Some(2) {
		t.Errorf("Get b 2026-02: %v %v", fig.Actual, ok)
	}
	if m := s.Months(); len(m) != 3 || m[0] != (Period{2026, 1}) || m[2] != (Period{2026, 3}) {
		t.Errorf("Months %v", m)
	}
}

func TestCleanMatchesDecimalRounding(t *testing.T) {
	// clean is arithmetic for speed; it must agree with rounding the
	// decimal text to 15 digits on the values figures are made of: sums,
	// differences, ratios and percentages of short decimals.
	r := rand.New(rand.NewPCG(1, 2))
	for range 200000 {
		a := float64(r.IntN(2_000_000)-1_000_000) / math.Pow10(r.IntN(6))
		b := float64(r.IntN(2_000_000)-1_000_000) / math.Pow10(r.IntN(6))
		for _, v := range []float64{a + b, a - b, a * b, a / b, (a - b) * 100 / math.Abs(b), (a + b) / 3} {
			if math.IsInf(v, 0) || math.IsNaN(v) {
				continue
			}
			if got, want := clean(v), cleanSlow(v, 14-decimalExponent(math.Abs(v))); got != want {
				t.Fatalf("clean(%v) = %v, decimal rounding gives %v", v, got, want)
			}
		}
	}
	for _, v := range []float64{1e-30, -4.5e25, 1e300, 0.1 + 0.2, 99.9 + 99.95 + 99.7, math.Copysign(0, -1)} {
		want := 0.0
		if v != 0 {
			want = cleanSlow(v, 14-decimalExponent(math.Abs(v)))
		}
		if got := clean(v); got != want || math.Signbit(got) != (got < 0) {
			t.Errorf("clean(%v) = %v, want %v", v, got, want)
		}
	}
}

func TestFigureNumbersFollowTheHeader(t *testing.T) {
	f := Figure{Actual: Some(1), Target: Some(2), Budget: Some(3), Forecast: Some(4),
		VsTarget: Some(5), VsTargetPct: Some(6), VsBudget: Some(7), VsBudgetPct: Some(8),
		MoM: Some(9), MoMPct: Some(10), YoY: Some(11), YoYPct: Some(12), QTD: Some(13), YTD: Some(14), TTM: Some(15)}
	nums := FigureNumbers(f)
	if len(nums) != len(FiguresHeader)-4 || FiguresHeader[2] != "actual" || FiguresHeader[16] != "ttm" {
		t.Fatalf("%d numbers for header %v", len(nums), FiguresHeader)
	}
	for i, v := range nums {
		if v != Some(float64(i+1)) {
			t.Errorf("column %s holds %v, want %d", FiguresHeader[i+2], v, i+1)
		}
	}
}

func TestDiffsAndSumsAreExactDecimals(t *testing.T) {
	// Values typed with up to 4 decimals: a difference, a sum of twelve and
	// an average must equal the exact decimal result, rounded once.
	r := rand.New(rand.NewPCG(3, 4))
	typed := func() (float64, *big.Rat) {
		n, d := r.Int64N(2_000_000_000)-1_000_000_000, int64(math.Pow10(r.IntN(5)))
		return float64(n) / float64(d), big.NewRat(n, d)
	}
	nearest := func(x *big.Rat) float64 { f, _ := x.Float64(); return f }
	for range 20000 {
		a, ra := typed()
		b, rb := typed()
		if got, want := diff(Some(a), Some(b)), nearest(new(big.Rat).Sub(ra, rb)); got.V != want {
			t.Fatalf("%v − %v = %v, want %v", a, b, got.V, want)
		}
		var acc accumulator
		sum := new(big.Rat)
		for range 12 {
			v, rv := typed()
			acc.add(v)
			sum.Add(sum, rv)
		}
		if got, want := acc.result(Sum).V, nearest(sum); got != want {
			t.Fatalf("sum = %v, want %v", got, want)
		}
		if got, want := acc.result(Avg).V, nearest(new(big.Rat).Quo(sum, big.NewRat(12, 1))); math.Abs(got-want) > 1e-9*math.Abs(want) {
			t.Fatalf("avg = %v, want %v", got, want)
		}
	}
}

// TestEachOnCoresRaisesAPanicInTheCaller: a panic computing one KPI's
// figures reaches the goroutine that asked for them, where the command's
// recover turns it into a message, instead of ending the program from a
// worker; every other call still runs, and of two panics the first KPI's
// is the one raised, whichever core met it first.
func TestEachOnCoresRaisesAPanicInTheCaller(t *testing.T) {
	var ran atomic.Int64
	defer func() {
		p := recover()
		if fmt.Sprint(p) != "kpi 7" {
			t.Fatalf("recovered %v, want the panic of call 7", p)
		}
		if got := ran.Load(); got != 98 {
			t.Errorf("%d calls returned, want the 98 that did not panic", got)
		}
	}()
	eachOnCores(100, func(i int) {
		if i == 7 || i == 60 {
			panic(fmt.Sprint("kpi ", i))
		}
		ran.Add(1)
	})
}
