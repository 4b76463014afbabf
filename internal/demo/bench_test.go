package demo

import (
	"fmt"
	"testing"
)

// BenchmarkGenerate generates demo sites in memory: workbooks, CSV files,
// catalog and every review.
func BenchmarkGenerate(b *testing.B) {
	for _, size := range []struct{ months, kpis int }{{24, 30}, {60, 200}, {120, 500}} {
		b.Run(fmt.Sprintf("%dx%d", size.months, size.kpis), func(b *testing.B) {
			o := Options{Demo: true, Months: size.months, KPIs: size.kpis, Seed: 1, End: end(b)}
			b.ReportAllocs()
			for b.Loop() {
				if _, err := Generate(o); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
