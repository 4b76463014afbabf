package search_test

import (
	"bytes"
	"compress/gzip"
	"testing"
	"testing/fstest"

	opsreport "github.com/opsreport/opsreport"
	"github.com/opsreport/opsreport/internal/demo"
	"github.com/opsreport/opsreport/internal/diag"
	"github.com/opsreport/opsreport/internal/kpi"
	"github.com/opsreport/opsreport/internal/site"
	"github.com/opsreport/opsreport/internal/view"
)

// demoIndex is the search index a generated demo site's build writes.
func demoIndex(t testing.TB, months, kpis int) []byte {
	t.Helper()
	end, _ := kpi.ParsePeriod(demo.DefaultEnd)
	files, err := demo.Generate(demo.Options{Demo: true, Months: months, KPIs: kpis, Seed: demo.DefaultSeed, End: end})
	if err != nil {
		t.Fatal(err)
	}
	fsys := fstest.MapFS{}
	for _, f := range files {
		fsys[f.Path] = &fstest.MapFile{Data: f.Data}
	}
	var d diag.List
	s := site.Load(fsys, site.Options{Look: opsreport.Builtin, Drafts: true}, &d)
	look := view.NewLook(opsreport.Builtin, fsys, &d)
	if d.HasErrors() || look == nil {
		t.Fatal(d.Items())
	}
	return view.SearchIndex(s.Data(), look, &d)
}

func gzipped(b []byte) int {
	var buf bytes.Buffer
	w, _ := gzip.NewWriterLevel(&buf, gzip.DefaultCompression)
	w.Write(b)
	w.Close()
	return buf.Len()
}

// TestDemoIndexStaysSmall: the index of the largest demo, 120 months ×
// 500 KPIs, holds every review (the oldest too) with its sections' text and
// figures, stays under 2 MB gzip-compressed, and is the same bytes on a
// second build. README "Search" records the measured size.
func TestDemoIndexStaysSmall(t *testing.T) {
	idx := demoIndex(t, 120, 500)
	size := gzipped(idx)
	t.Logf("120 months × 500 KPIs: index %d bytes, %d gzip-compressed", len(idx), size)
	if size > 2<<20 {
		t.Errorf("index is %d bytes gzip-compressed, over 2 MB", size)
	}
	for _, want := range []string{
		`["reviews/2026-10/index.html","October 2026 operating review","Review"]`,
		`["reviews/2016-11/index.html","November 2016 operating review","Review"]`,
		`"#section-customer","Customer","Net promoter score was `,
		`"Finance KPI","`,
	} {
		if !bytes.Contains(idx, []byte(want)) {
			t.Errorf("index has no %s", want)
		}
	}
	if again := demoIndex(t, 120, 500); !bytes.Equal(idx, again) {
		t.Error("two builds of the same site wrote different indexes")
	}
}
