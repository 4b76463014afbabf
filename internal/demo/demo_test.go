package demo

import (
	"bytes"
	"testing"
	"testing/fstest"

	opsreport "github.com/opsreport/opsreport"
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
		out = site.Build(mapFS(files), site.Options{Look: opsreport.Builtin, Drafts: drafts}, &d)
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
	for _, o := range []Options{{Months: 13, KPIs: 12}, {Months: 25, KPIs: 62}} {
		o.Demo, o.Seed = true, 1
		out := buildClean(t, generate(t, o))
		if out.Pages == 0 {
			t.Errorf("%+v: no pages", o)
		}
	}
}

// TestSameSeedSameBytes generates twice and compares every file; another
// seed must change the data.
func TestSameSeedSameBytes(t *testing.T) {
	o := Options{Demo: true, Months: 14, KPIs: 40, Seed: 7}
	first, second := generate(t, o), generate(t, o)
	if len(first) != len(second) {
		t.Fatalf("%d files, then %d", len(first), len(second))
	}
	for i := range first {
		if first[i].Path != second[i].Path || !bytes.Equal(first[i].Data, second[i].Data) {
			t.Errorf("%s differs between two generations with seed 7", first[i].Path)
		}
	}
	o.Seed = 8
	other := files(generate(t, o))
	for _, name := range []string{"data/finance.xlsx", "data/teams.xlsx", "data/operations/actuals.csv", "data/actions.csv"} {
		if bytes.Equal(files(first)[name], other[name]) {
			t.Errorf("%s is the same with seeds 7 and 8", name)
		}
	}
	starter1, starter2 := generate(t, Options{}), generate(t, Options{})
	for i := range starter1 {
		if !bytes.Equal(starter1[i].Data, starter2[i].Data) {
			t.Errorf("starter %s differs between two generations", starter1[i].Path)
		}
	}
}

func files(list []File) map[string][]byte {
	m := map[string][]byte{}
	for _, f := range list {
		m[f.Path] = f.Data
	}
	return m
}
