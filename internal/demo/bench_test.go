package demo

import (
	"fmt"
	"testing"

	opsreport "github.com/opsreport/opsreport"
	"github.com/opsreport/opsreport/internal/diag"
	"github.com/opsreport/opsreport/internal/site"
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

// BenchmarkBuild is the full in-memory build (load, compute, render every
// page, pack and zip) of generated demo sites at three sizes. The site is
// generated once, outside the timed loop.
func BenchmarkBuild(b *testing.B) {
	for _, size := range []struct{ months, kpis int }{{24, 30}, {60, 200}, {120, 500}} {
		b.Run(fmt.Sprintf("%dx%d", size.months, size.kpis), func(b *testing.B) {
			files, err := Generate(Options{Demo: true, Months: size.months, KPIs: size.kpis, Seed: 1, End: end(b)})
			if err != nil {
				b.Fatal(err)
			}
			fsys := mapFS(files)
			b.ReportAllocs()
			for b.Loop() {
				var d diag.List
				if out := site.Build(fsys, site.Options{Look: opsreport.Builtin}, &d); out == nil {
					b.Fatal(d.Items())
				}
			}
		})
	}
}
