package kpi

import (
	"bytes"
	"reflect"
	"strings"
	"testing"

	"github.com/opsreport/opsreport/internal/diag"
)

// quarterRow is quarter q's figures.csv record for KPI id, joined, or
// "missing" when there is no quarter figure.
func quarterRow(t *testing.T, s *Store, start int, id string, q Quarter) string {
	t.Helper()
	f, ok := Compute(s, start).GetQuarter(id, q)
	if !ok {
		return "missing"
	}
	return strings.Join(FigureRecord(f), ",")
}

// fiveQuarters is 2025-01 … 2026-03 in calendar quarters:
//
//	2025-Q1  5 15 10     2025-Q2 10 10 10     2025-Q3 10 10 10
//	2025-Q4 20 30 10     2026-Q1 10 40 25
//
// with a constant catalog target of 20 a month.
var fiveQuarters = []string{
	"2025-01=5", "2025-02=15", "2025-03=10",
	"2025-04=10", "2025-05=10", "2025-06=10",
	"2025-07=10", "2025-08=10", "2025-09=10",
	"2025-10=20", "2025-11=30", "2025-12=10",
	"2026-01=10", "2026-02=40", "2026-03=25",
}

// TestQuarterRollupEveryAggregate rolls 2026-Q1 up by each aggregate and
// compares it with 2025-Q4 (mom) and 2025-Q1 (yoy). Columns: kpi, period,
// actual, target, budget, forecast, vs_target, vs_target_pct, vs_budget,
// vs_budget_pct, mom, mom_pct, yoy, yoy_pct, qtd, ytd, ttm, status, streak.
func TestQuarterRollupEveryAggregate(t *testing.T) {
	tests := []struct {
		agg  Aggregate
		want string
	}{
		// 10+40+25 = 75; target 3×20 = 60: +15, +25%; Q4 20+30+10 = 60: +15,
		// +25%; Q1'25 5+15+10 = 30: +45, +150%. ytd (calendar) = the quarter;
		// ttm = 30+30+60+75 = 195. Quarter statuses red, red, red, green
		// (60 ≥ 60), green: a streak of 2.
		{Sum, "k,2026-Q1,75,60,,,15,25,,,15,25,45,150,75,75,195,green,2"},
		// 25 vs 20 target: +5, +25%; Q4 ends on 10: +15, +150%; Q1'25 ends on
		// 10: +15, +150%. ytd and ttm at March are March's own, 25. Every
		// quarter but 2025-Q4 (10 < 19) is green: streak 1.
		{Last, "k,2026-Q1,25,20,,,5,25,,,15,150,15,150,25,25,25,green,1"},
		// (10+40+25)/3 = 25; Q4 (20+30+10)/3 = 20 ≥ 20 green: +5, +25%;
		// Q1'25 10: +15, +150%. ytd avg 25; ttm 195/12 = 16.25. Statuses red
		// (10), red, red, green, green: streak 2.
		{Avg, "k,2026-Q1,25,20,,,5,25,,,5,25,15,150,25,25,16.25,green,2"},
		// min 10 vs 20: −10, −50%, red; Q4 min 10: 0, 0%; Q1'25 min 5: +5,
		// +100%. ttm min over the year = 10. Every quarter red: streak 5.
		{Min, "k,2026-Q1,10,20,,,-10,-50,,,0,0,5,100,10,10,10,red,5"},
		// max 40 vs 20: +20, +100%; Q4 max 30: +10, +33.3…%; Q1'25 max 15:
		// +25, +166.6…%. ttm max 40. Statuses: Q1'25 15 red, Q2 10 red,
		// Q3 10 red, Q4 30 green, Q1'26 green: streak 2.
		{Max, "k,2026-Q1,40,20,,,20,100,,,10,33.3333333333333,25,166.666666666667,40,40,40,green,2"},
	}
	for _, tt := range tests {
		t.Run(string(tt.agg), func(t *testing.T) {
			k := &KPI{ID: "k", Name: "K", Direction: Up, Aggregate: tt.agg, Target: Some(20), Tolerance: 0.05}
			s := NewStore(NewCatalog(k), map[string][]Point{"k": pts(t, fiveQuarters...)})
			if got := quarterRow(t, s, 1, "k", Quarter{2026, 1}); got != tt.want {
				t.Errorf("\n got %s\nwant %s", got, tt.want)
			}
		})
	}
}

// TestQuarterFiscalApril: with fiscal_year_start 4, FY2027 runs April 2026
// to March 2027 and 2027-Q1 is April–June 2026. March 2026 belongs to
// 2026-Q4 (Jan–Mar 2026), not to 2027-Q1.
func TestQuarterFiscalApril(t *testing.T) {
	k := &KPI{ID: "rev", Name: "Revenue", Direction: Up, Aggregate: Sum, Tolerance: 0.05}
	s := NewStore(NewCatalog(k), map[string][]Point{"rev": pts(t,
		"2026-01=90", "2026-02=90", "2026-03=90 t=100",
		"2026-04=100 t=100 b=90", "2026-05=110 t=100 b=100", "2026-06=120 t=120 b=100",
		"2026-07=130",
	)})
	// 2027-Q1: 100+110+120 = 330; target 100+100+120 = 320: +10, +3.125%,
	// green; budget 90+100+100 = 290: +40, +13.7931…%. Prior quarter 2026-Q4
	// 90×3 = 270: +60, +22.2…%. No year-earlier quarter. ytd at June (fiscal,
	// from April) = 330; no ttm (no twelve months). 2026-Q4 had no status
	// (January and February lack a target), so the streak is 1.
	want := "rev,2027-Q1,330,320,290,,10,3.125,40,13.7931034482759,60,22.2222222222222,,,330,330,,green,1"
	if got := quarterRow(t, s, 4, "rev", Quarter{2027, 1}); got != want {
		t.Errorf("\n got %s\nwant %s", got, want)
	}
	f, _ := Compute(s, 4).GetQuarter("rev", Quarter{2027, 1})
	if f.Period != (Period{2026, 6}) {
		t.Errorf("period %v, want the quarter's last month 2026-06", f.Period)
	}
	// 2027-Q2 (Jul–Sep 2026) has only July: a row, every roll-up empty.
	if got, want := quarterRow(t, s, 4, "rev", Quarter{2027, 2}), "rev,2027-Q2,,,,,,,,,,,,,,,,none,0"; got != want {
		t.Errorf("partial quarter\n got %s\nwant %s", got, want)
	}
	if got := quarterRow(t, s, 4, "rev", Quarter{2027, 3}); got != "missing" {
		t.Errorf("a quarter with no data must have no figure, got %s", got)
	}
}

// TestQuarterMissingMonth: a quarter figure is empty when any of its months
// has no value, for the actual and, separately, for the target.
func TestQuarterMissingMonth(t *testing.T) {
	k := &KPI{ID: "nps", Name: "NPS", Direction: Up, Aggregate: Avg, Tolerance: 0.05}
	s := NewStore(NewCatalog(k), map[string][]Point{"nps": pts(t,
		// Q1: February has a target but no survey.
		"2026-01=40 t=40", "2026-02= t=40", "2026-03=44 t=40",
		// Q2: every actual, one target missing.
		"2026-04=42 t=40", "2026-05=43", "2026-06=44 t=40",
	)})
	// Q1: actual empty, target (40+40+40)/3 = 40, no status, no mom.
	if got, want := quarterRow(t, s, 1, "nps", Quarter{2026, 1}), "nps,2026-Q1,,40,,,,,,,,,,,,,,none,0"; got != want {
		t.Errorf("missing actual\n got %s\nwant %s", got, want)
	}
	// Q2: actual (42+43+44)/3 = 43; target empty (May has none and the
	// catalog no constant), so no status; mom empty since Q1 is.
	if got, want := quarterRow(t, s, 1, "nps", Quarter{2026, 2}), "nps,2026-Q2,43,,,,,,,,,,,,43,,,none,0"; got != want {
		t.Errorf("missing target\n got %s\nwant %s", got, want)
	}
}

// TestQuarterThresholds: green/amber thresholds judge the rolled-up value
// (uptime avg 99.7 is amber against ≥ 99.9 / ≥ 99.5).
func TestQuarterThresholds(t *testing.T) {
	k := &KPI{ID: "up", Name: "Uptime", Direction: Up, Aggregate: Avg, Green: &Threshold{">=", 99.9}, Amber: &Threshold{">=", 99.5}}
	s := NewStore(NewCatalog(k), map[string][]Point{"up": pts(t, "2026-07=99.95", "2026-08=99.2", "2026-09=99.95")})
	// (99.95+99.2+99.95)/3 = 99.7: amber, though two of three months were green.
	if got, want := quarterRow(t, s, 1, "up", Quarter{2026, 3}), "up,2026-Q3,99.7,,,,,,,,,,,,99.7,,,amber,1"; got != want {
		t.Errorf("\n got %s\nwant %s", got, want)
	}
}

// TestQuarterThresholdsOfASum: thresholds are per month, so a summed
// quarter is judged by its monthly average: incidents 3+3+3 = 9 is green
// against "<= 4" (9/3 = 3), and 5+5+6 = 16 is amber against "<= 6"
// (16/3 = 5.33 > 4).
func TestQuarterThresholdsOfASum(t *testing.T) {
	k := &KPI{ID: "inc", Name: "Incidents", Direction: Down, Aggregate: Sum, Green: &Threshold{"<=", 4}, Amber: &Threshold{"<=", 6}}
	s := NewStore(NewCatalog(k), map[string][]Point{"inc": pts(t, "2026-07=3", "2026-08=3", "2026-09=3", "2026-10=5", "2026-11=5", "2026-12=6")})
	for q, want := range map[Quarter]string{
		{2026, 3}: "inc,2026-Q3,9,,,,,,,,,,,,9,,,green,1",
		{2026, 4}: "inc,2026-Q4,16,,,,,,,,7,77.7777777777778,,,16,,,amber,1",
	} {
		if got := quarterRow(t, s, 1, "inc", q); got != want {
			t.Errorf("%v\n got %s\nwant %s", q, got, want)
		}
	}
}

// TestFiguresTableOrder: quarter rows follow the row of their last month,
// and only the quarters asked for appear.
func TestFiguresTableOrder(t *testing.T) {
	a := &KPI{ID: "a", Name: "A", Direction: Up, Aggregate: Sum}
	b := &KPI{ID: "b", Name: "B", Direction: Up, Aggregate: Sum}
	s := NewStore(NewCatalog(b, a), map[string][]Point{
		"a": pts(t, "2026-02=1", "2026-04=1", "2026-05=1"),
		"b": pts(t, "2026-06=1", "2026-07=1"),
	})
	keep := func(q Quarter) bool { return q.Q == 1 || q.Q == 2 }
	var got []string
	for _, f := range Compute(s, 1).Table(keep) {
		got = append(got, f.KPI.ID+" "+f.PeriodName())
	}
	// a has no March row: 2026-Q1 goes where March would be.
	want := []string{"a 2026-02", "a 2026-Q1", "a 2026-04", "a 2026-05", "a 2026-Q2", "b 2026-06", "b 2026-Q2", "b 2026-07"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("order\n got %v\nwant %v", got, want)
	}
}

// TestSnapshotKeepsQuarters: quarter rows survive a snapshot round trip and
// are found again by GetQuarter.
func TestSnapshotKeepsQuarters(t *testing.T) {
	k := &KPI{ID: "k", Name: "K", Direction: Up, Aggregate: Sum, Target: Some(20), Tolerance: 0.05}
	cat := NewCatalog(k)
	figs := Compute(NewStore(cat, map[string][]Point{"k": pts(t, fiveQuarters...)}), 2)
	rows := figs.Table(func(Quarter) bool { return true })
	var b bytes.Buffer
	if err := WriteSnapshotCSV(&b, rows); err != nil {
		t.Fatal(err)
	}
	var d diag.List
	back := ReadSnapshotCSV("snap.csv", b.Bytes(), cat, 2, &d)
	if d.HasErrors() || !reflect.DeepEqual(back, rows) {
		t.Fatalf("round trip differs: %v", d.Items())
	}
	// With start 2, FY2026-Q4 is Nov 2025 – Jan 2026: 30+10+10 = 50.
	q, ok := NewFigures(back).GetQuarter("k", Quarter{2026, 4})
	if !ok || q.Actual != Some(50) || q.Period != (Period{2026, 1}) {
		t.Errorf("2026-Q4 from the snapshot: %+v", q)
	}
}
