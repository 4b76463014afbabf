package demo

import (
	"bytes"
	"testing"
	"testing/fstest"

	"github.com/opsreport/opsreport/internal/diag"
	"github.com/opsreport/opsreport/internal/kpi"
	"github.com/opsreport/opsreport/internal/site"
)

func end(t testing.TB) kpi.Period {
	t.Helper()
	p, ok := kpi.ParsePeriod(DefaultEnd)
	if !ok {
		t.Fatalf("DefaultEnd %q is not a month", DefaultEnd)
	}
	return p
}

func generate(t testing.TB, o Options) []File {
	t.Helper()
	if o.End.IsZero() {
		o.End = end(t)
	}
	files, err := Generate(o)
	if err != nil {
		t.Fatal(err)
	}
	return files
}

func mapFS(files []File) fstest.MapFS {
	fsys := fstest.MapFS{}
	for _, f := range files {
		fsys[f.Path] = &fstest.MapFile{Data: f.Data}
	}
	return fsys
}

// buildClean builds files through the real pipeline, with and without
// drafts, and fails on any diagnostic at all, warnings included.
func buildClean(t *testing.T, files []File) *site.Output {
	t.Helper()
	var out *site.Output
	for _, drafts := range []bool{false, true} {
		var d diag.List
		out = site.Build(mapFS(files), site.Options{Drafts: drafts}, &d)
		var b bytes.Buffer
		d.Print(&b)
		if b.Len() > 0 || out == nil {
			t.Fatalf("build (drafts %v) gave diagnostics:\n%s", drafts, b.String())
		}
	}
	return out
}

func TestStarterSiteBuildsWithNoDiagnostics(t *testing.T) {
	out := buildClean(t, generate(t, Options{}))
	if _, ok := out.Files["reviews/2026-10/index.html"]; !ok {
		t.Errorf("the starter review 2026-10 was not built")
	}
}

func TestDemoSiteBuildsWithNoDiagnostics(t *testing.T) {
	for _, o := range []Options{{Months: 13, KPIs: 12}, {Months: 30, KPIs: 75}} {
		o.Demo, o.Seed = true, 1
		out := buildClean(t, generate(t, o))
		if out.Pages == 0 {
			t.Errorf("%+v: no pages", o)
		}
	}
}
