package pdf

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	opsreport "github.com/opsreport/opsreport"
	"github.com/opsreport/opsreport/internal/diag"
	"github.com/opsreport/opsreport/internal/site"
)

// BenchmarkPrintPack prints the example's October pack: the time per pack
// of `opsreport pdf`, browser start-up excluded (one browser prints every
// pack of a run). About 5 s a pack on a 2-core machine, most of it two
// print passes of some 15 pages with 20 SVG charts.
func BenchmarkPrintPack(b *testing.B) {
	exe, err := Chromium()
	if err != nil {
		b.Skip(err)
	}
	var d diag.List
	out := site.Build(os.DirFS("../.."), site.Options{Look: opsreport.Builtin}, &d)
	if out == nil {
		b.Fatal("the example site does not build")
	}
	file := filepath.Join(b.TempDir(), "pack.html")
	if err := os.WriteFile(file, out.Files["reviews/2026-10/pack.html"], 0o644); err != nil {
		b.Fatal(err)
	}
	p, err := Start(exe)
	if err != nil {
		b.Fatal(err)
	}
	defer p.Close()
	for b.Loop() {
		if _, err := p.Print(b.Context(), file, time.Time{}); err != nil {
			b.Fatal(err)
		}
	}
}
