package kpi

import (
	"strings"
	"testing"

	"github.com/opsreport/opsreport/internal/diag"
)

func TestThresholds(t *testing.T) {
	tests := []struct {
		spelling string
		want     Threshold
		holds    []float64
		fails    []float64
	}{
		{">= 99.9", Threshold{">=", 99.9}, []float64{99.9, 100}, []float64{99.89}},
		{"≥99.9", Threshold{">=", 99.9}, []float64{99.9}, []float64{99.8}},
		{"=> 5", Threshold{">=", 5}, []float64{5}, []float64{4}},
		{"<= 4", Threshold{"<=", 4}, []float64{4, 3}, []float64{4.01}},
		{"≤ 4", Threshold{"<=", 4}, []float64{4}, []float64{5}},
		{"=< 4", Threshold{"<=", 4}, []float64{4}, []float64{5}},
		{"> 0", Threshold{">", 0}, []float64{0.01}, []float64{0, -1}},
		{"< -2.5", Threshold{"<", -2.5}, []float64{-3}, []float64{-2.5, 0}},
		{">=1,000", Threshold{">=", 1000}, []float64{1000}, []float64{999}},
	}
	for _, tt := range tests {
		got, _, ok := parseThreshold(tt.spelling)
		if !ok || got != tt.want {
			t.Errorf("parseThreshold(%q) = %v %v, want %v", tt.spelling, got, ok, tt.want)
			continue
		}
		for _, v := range tt.holds {
			if !got.Holds(v) {
				t.Errorf("%s should hold for %v", got, v)
			}
		}
		for _, v := range tt.fails {
			if got.Holds(v) {
				t.Errorf("%s should not hold for %v", got, v)
			}
		}
	}
	if s := (Threshold{">=", 99.9}).String(); s != ">= 99.9" {
		t.Errorf("String %q", s)
	}
	for _, bad := range []string{"99.9", "== 5", ">=", "> x", "at least 5"} {
		if _, _, ok := parseThreshold(bad); ok {
			t.Errorf("parseThreshold(%q) accepted", bad)
		}
	}
}

func TestPeriodOrderAndLatest(t *testing.T) {
	if !(Period{2025, 12}).Before(Period{2026, 1}) || (Period{2026, 1}).Before(Period{2026, 1}) {
		t.Errorf("Before")
	}
	s := NewStore(NewCatalog(&KPI{ID: "a"}), map[string][]Point{"a": {{Period: Period{2026, 3}}, {Period: Period{2025, 11}}}})
	if s.Latest() != (Period{2026, 3}) || NewStore(NewCatalog(), nil).Latest() != (Period{}) {
		t.Errorf("Latest %v", s.Latest())
	}
	if p, ok := s.Point("a", Period{2025, 11}); !ok || p.Period != (Period{2025, 11}) {
		t.Errorf("Point %v %v", p, ok)
	}
	if _, ok := s.Point("a", Period{2026, 1}); ok {
		t.Errorf("Point found a month without values")
	}
}

func TestMessagesShortenHugeCells(t *testing.T) {
	huge := strings.Repeat("x", 10000)
	_, d := load(mkSheet("data/m.csv", "m", true, row("period", "nps"), row("2026-01", huge)))
	want := `data/m.csv:2:2: "` + strings.Repeat("x", 60) + `…" is not a number (kpi nps, 2026-01)`
	wantDiags(t, d, want)
}

func TestLoaderWithoutCatalog(t *testing.T) {
	d := &diag.List{}
	l := NewLoader(nil, d)
	l.AddSheet(mkSheet("data/m.csv", "m", true, row("period", "nps"), row("2026-01", "1")))
	st := l.Store()
	wantDiags(t, d, `data/m.csv:1:1: warning: a period column, but no column headed by a KPI's id or name (headers "nps"): file ignored (name its series in data/sources.yaml)`)
	if len(st.Months()) != 0 || len(st.Catalog.KPIs) != 0 {
		t.Errorf("values without a catalog: %v", st.Months())
	}
}
