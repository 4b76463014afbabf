package export

import (
	"fmt"
	"testing"

	"github.com/opsreport/opsreport/internal/kpi"
)

// benchUnits are the units the demo's catalog mixes, so the benchmarks
// meet every kind of number format.
var benchUnits = []kpi.Unit{kpi.UnitCurrency, kpi.UnitPercent, kpi.UnitCount, kpi.UnitDays, kpi.UnitNumber, kpi.UnitMultiple, kpi.UnitBasisPts, kpi.UnitMonths}

// benchKPIs are n KPIs over eight functions with mixed units and decimals.
func benchKPIs(n int) []*kpi.KPI {
	ks := make([]*kpi.KPI, n)
	for i := range ks {
		ks[i] = &kpi.KPI{ID: fmt.Sprintf("kpi_%03d", i), Name: fmt.Sprintf("KPI number %d & co", i), Function: fmt.Sprintf("Function %d", i%8), Unit: benchUnits[i%len(benchUnits)], Decimals: i % 3}
	}
	return ks
}

// benchFigure is a month's figure of k with most columns filled, as the
// demo's are after the first year.
func benchFigure(k *kpi.KPI, p kpi.Period, i int) kpi.Figure {
	v := float64(i%977)*13.25 + 0.5
	statuses := []kpi.Status{kpi.Green, kpi.Amber, kpi.Red, kpi.StatusNone}
	return kpi.Figure{KPI: k, Period: p, Actual: some(v), Target: some(v * 1.02), Budget: some(v * 0.98),
		VsTarget: some(-v * 0.02), VsTargetPct: some(-1.960784313725), VsBudget: some(v * 0.02), VsBudgetPct: some(2.04081632653),
		MoM: some(float64(i%17) - 8), MoMPct: some(0.0625), YoY: some(v / 10), YoYPct: some(11.1), QTD: some(v * 3), YTD: some(v * 7), TTM: some(v * 12),
		Status: statuses[i%4], Streak: i % 5}
}

// benchScorecard is one review scorecard of the largest demo: 500 KPIs.
func benchScorecard() *Table {
	var figs []kpi.Figure
	for i, k := range benchKPIs(500) {
		figs = append(figs, benchFigure(k, kpi.Period{Year: 2026, Month: 10}, i))
	}
	return ScorecardTable(figs, Formats{Currency: "EUR"})
}

// benchFigures are the largest demo's figures.csv rows: 500 KPIs × 120
// months.
func benchFigures() []kpi.Figure {
	var figs []kpi.Figure
	for i, k := range benchKPIs(500) {
		for m := 0; m < 120; m++ {
			figs = append(figs, benchFigure(k, kpi.Period{Year: 2017 + m/12, Month: m%12 + 1}, i+m))
		}
	}
	return figs
}

// BenchmarkScorecard500 is one review scorecard of the largest demo, as
// a workbook: a build writes one per review.
func BenchmarkScorecard500(b *testing.B) {
	t := benchScorecard()
	for b.Loop() {
		if _, err := t.XLSXBytes(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkScorecard500CSV is the same scorecard as CSV, the table
// built as well, as a build does for each review.
func BenchmarkScorecard500CSV(b *testing.B) {
	var figs []kpi.Figure
	for i, k := range benchKPIs(500) {
		figs = append(figs, benchFigure(k, kpi.Period{Year: 2026, Month: 10}, i))
	}
	for b.Loop() {
		ScorecardTable(figs, Formats{Currency: "EUR"}).CSV()
	}
}

// BenchmarkFigures60k is data/figures.xlsx of the largest demo, the table
// built as well.
func BenchmarkFigures60k(b *testing.B) {
	figs := benchFigures()
	for b.Loop() {
		if _, err := FiguresTable(figs, Formats{}).XLSXBytes(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkFigures60kCSV is the same rows as CSV, the table built as
// well: a build writes them as 500 history.csv files of 120 rows.
func BenchmarkFigures60kCSV(b *testing.B) {
	figs := benchFigures()
	for b.Loop() {
		FiguresTable(figs, Formats{}).CSV()
	}
}
