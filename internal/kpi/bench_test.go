package kpi

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"
)

// benchStore is 500 KPIs × 120 months with every series, a gap every 17th
// month and a spread of units, directions and aggregates, generated
// deterministically.
func benchStore() *Store {
	units := []Unit{UnitCurrency, UnitPercent, UnitCount, UnitDays, UnitRatio}
	aggs := []Aggregate{Sum, Last, Avg, Min, Max}
	dirs := []Direction{Up, Down, DirNone}
	var kpis []*KPI
	points := map[string][]Point{}
	for i := range 500 {
		k := &KPI{
			ID: fmt.Sprintf("kpi_%03d", i), Unit: units[i%len(units)], Aggregate: aggs[i%len(aggs)],
			Direction: dirs[i%len(dirs)], Tolerance: DefaultTolerance, Target: Some(100),
		}
		if i%7 == 0 {
			k.Green, k.Amber = &Threshold{">=", 101}, &Threshold{">=", 95}
		}
		kpis = append(kpis, k)
		ps := make([]Point, 0, 120)
		for m := range 120 {
			v := 100 + 10*math.Sin(float64(i+m)/5)
			pt := Point{Period: Period{2017, 1}.Add(m), Target: Some(100), Budget: Some(98), Forecast: Some(v + 1)}
			if (i+m)%17 != 0 {
				pt.Actual = Some(math.Round(v*100) / 100)
			}
			ps = append(ps, pt)
		}
		points[k.ID] = ps
	}
	return NewStore(NewCatalog(kpis...), points)
}

func BenchmarkCompute(b *testing.B) {
	s := benchStore()
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		Compute(s, 4)
	}
}

func BenchmarkWriteFiguresCSV(b *testing.B) {
	all := Compute(benchStore(), 4).All()
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		var sb strings.Builder
		if err := WriteFiguresCSV(&sb, all); err != nil {
			b.Fatal(err)
		}
	}
}

func TestBenchStoreShape(t *testing.T) {
	f := Compute(benchStore(), 4)
	if n := len(f.All()); n != 500*120 {
		t.Fatalf("%d figures, want 60000", n)
	}
}

// benchFormulaStore is base's first 100 KPIs, and with formulas 50 formula
// KPIs over them, ten of them over another formula KPI.
func benchFormulaStore(base *Store, formulas bool) *Store {
	kpis := slices.Clone(base.Catalog.KPIs[:100])
	points := map[string][]Point{}
	for _, k := range kpis {
		points[k.ID] = base.Points(k.ID)
	}
	for i := range 50 {
		if !formulas {
			break
		}
		text := fmt.Sprintf("kpi_%03d / kpi_%03d * 100", 2*i, 2*i+1)
		if i >= 40 {
			text = fmt.Sprintf("ratio_%02d - kpi_%03d", i-40, i)
		}
		f, err := ParseFormula(text)
		if err != nil {
			panic(err)
		}
		kpis = append(kpis, &KPI{ID: fmt.Sprintf("ratio_%02d", i), Unit: UnitPercent, Aggregate: Avg,
			Direction: Up, Tolerance: DefaultTolerance, Formula: f})
	}
	return NewStore(NewCatalog(kpis...), points)
}

// BenchmarkComputeFormulas: 100 KPIs given as data and 50 formula KPIs
// over them, 120 months; building the store (the formulas' points)
// included. BenchmarkComputeData is the same without the formula KPIs.
func BenchmarkComputeFormulas(b *testing.B) { benchComputeFormulas(b, true) }
func BenchmarkComputeData(b *testing.B)     { benchComputeFormulas(b, false) }

func benchComputeFormulas(b *testing.B, formulas bool) {
	base := benchStore()
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		Compute(benchFormulaStore(base, formulas), 4)
	}
}
