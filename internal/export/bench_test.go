package export

import (
	"testing"

	"github.com/opsreport/opsreport/internal/kpi"
)

// BenchmarkScorecard500 is one review scorecard of the largest demo, as
// a workbook: a build writes one per review.
func BenchmarkScorecard500(b *testing.B) {
	var figs []kpi.Figure
	for i := 0; i < 500; i++ {
		k := &kpi.KPI{ID: "k" + string(rune('a'+i%26)), Name: "Name", Function: "F", Unit: kpi.UnitCurrency}
		figs = append(figs, kpi.Figure{KPI: k, Period: kpi.Period{Year: 2026, Month: 10}, Actual: some(float64(i) * 1.5), Target: some(3), VsTarget: some(2), VsTargetPct: some(1.3), MoM: some(4), QTD: some(4), Status: kpi.Red})
	}
	t := ScorecardTable(figs, Formats{})
	for b.Loop() {
		t.XLSXBytes()
	}
}
