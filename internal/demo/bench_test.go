package demo

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	opsreport "github.com/opsreport/opsreport"
	"github.com/opsreport/opsreport/internal/diag"
	"github.com/opsreport/opsreport/internal/publish"
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

// BenchmarkBuildAndPublish is what `opsreport build` does with the default
// demo site: the in-memory build, with large files spilled to the staging
// folder as they are made, then the rest written and swapped in. Each
// iteration writes into a new output folder, so every file is written (no
// unchanged file is linked from an earlier tree).
func BenchmarkBuildAndPublish(b *testing.B) {
	files, err := Generate(Options{Demo: true, Months: DefaultMonths, KPIs: DefaultKPIs, Seed: 1, End: end(b)})
	if err != nil {
		b.Fatal(err)
	}
	fsys := mapFS(files)
	root := b.TempDir()
	i := 0
	for b.Loop() {
		i++
		out := filepath.Join(root, fmt.Sprint("public", i))
		st, err := publish.Begin(out)
		if err != nil {
			b.Fatal(err)
		}
		var d diag.List
		built := site.Build(fsys, site.Options{Look: opsreport.Builtin, Spill: st.Spill}, &d)
		if built == nil {
			b.Fatal(d.Items())
		}
		if _, err := st.Finish(built.Files); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		os.RemoveAll(out)
		b.StartTimer()
	}
}

// BenchmarkLargeSite is issue 17's two timed goals on the 120-month,
// 500-KPI demo, as `build` does them: cold, into a new output folder each
// time, and unchanged, into a folder that already holds the same build
// (every file is found identical and kept). The site is generated once.
func BenchmarkLargeSite(b *testing.B) {
	files, err := Generate(Options{Demo: true, Months: 120, KPIs: 500, Seed: 1, End: end(b)})
	if err != nil {
		b.Fatal(err)
	}
	fsys := mapFS(files)
	build := func(out string) {
		st, err := publish.Begin(out)
		if err != nil {
			b.Fatal(err)
		}
		var d diag.List
		built := site.Build(fsys, site.Options{Look: opsreport.Builtin, Spill: st.Spill}, &d)
		if built == nil {
			b.Fatal(d.Items())
		}
		if _, err := st.Finish(built.Files); err != nil {
			b.Fatal(err)
		}
	}
	root := b.TempDir()
	b.Run("cold", func(b *testing.B) {
		for b.Loop() {
			out := filepath.Join(root, "cold")
			build(out)
			b.StopTimer()
			os.RemoveAll(out)
			b.StartTimer()
		}
	})
	b.Run("unchanged", func(b *testing.B) {
		out := filepath.Join(root, "unchanged")
		build(out)
		for b.Loop() {
			build(out)
		}
	})
}

// BenchmarkLoadLarge is the part of a build of the 120-month, 500-KPI demo
// that every page waits for: reading its workbooks and CSV files,
// computing the figures, and parsing the narratives beside them
// (site.Load). The site is generated once, outside the timed loop.
func BenchmarkLoadLarge(b *testing.B) {
	files, err := Generate(Options{Demo: true, Months: 120, KPIs: 500, Seed: 1, End: end(b)})
	if err != nil {
		b.Fatal(err)
	}
	fsys := mapFS(files)
	b.ReportAllocs()
	for b.Loop() {
		var d diag.List
		if site.Load(fsys, site.Options{Look: opsreport.Builtin}, &d); d.HasErrors() {
			b.Fatal(d.Items())
		}
	}
}
