package site

import (
	"os"
	"testing"

	"github.com/opsreport/opsreport/internal/diag"
)

// BenchmarkBuildExample is the full in-memory build of the repository's
// example site: load the workbook and narratives, compute, render.
func BenchmarkBuildExample(b *testing.B) {
	fsys := os.DirFS("../..")
	b.ReportAllocs()
	for b.Loop() {
		var d diag.List
		if out := Build(fsys, Options{}, &d); out == nil {
			b.Fatal("build failed")
		}
	}
}
