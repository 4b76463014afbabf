package demo

import (
	"bytes"
	"reflect"
	"testing"
	"testing/fstest"
	"time"

	opsreport "github.com/opsreport/opsreport"
	"github.com/opsreport/opsreport/internal/diag"
	"github.com/opsreport/opsreport/internal/site"
)

// TestTheValuesCacheGivesWhatReadingGives: a site loaded with its values
// from the values cache has the same catalog's values, risks, actions,
// figures and warnings as one loaded from data/, for the demo, whose
// records KPIs, formulas, comments and registers cover every field kept.
func TestTheValuesCacheGivesWhatReadingGives(t *testing.T) {
	fsys := datedDemo(t, Options{Demo: true, Months: 24, KPIs: 30, Seed: 3})
	load := func(last []byte) (*site.Site, *site.ValuesCache, []diag.Diagnostic) {
		t.Helper()
		o, vc := keyedWithValues(fsys, last)
		var d diag.List
		s := site.Load(fsys, o, &d)
		if d.HasErrors() {
			t.Fatal(d.Items())
		}
		return s, vc, d.Items()
	}
	read, vc, readDiags := load(nil)
	kept, changed := vc.Bytes()
	if !changed {
		t.Fatal("a build that read data/ kept nothing in the values cache")
	}
	cached, vc2, cachedDiags := load(kept)
	if _, changed := vc2.Bytes(); changed {
		t.Error("a build that took its values from the cache kept them again")
	}
	if !reflect.DeepEqual(cachedDiags, readDiags) {
		t.Errorf("warnings from the cache:\n%v\nfrom data/:\n%v", cachedDiags, readDiags)
	}
	if !reflect.DeepEqual(cached.Store.Months(), read.Store.Months()) {
		t.Errorf("months %v, want %v", cached.Store.Months(), read.Store.Months())
	}
	if !reflect.DeepEqual(cached.Store.Risks, read.Store.Risks) || !reflect.DeepEqual(cached.Store.Actions, read.Store.Actions) {
		t.Error("the risk register or the action log differs")
	}
	for i, k := range read.Catalog.KPIs {
		if c := cached.Catalog.KPIs[i]; !reflect.DeepEqual(c, k) {
			t.Errorf("KPI %s in the catalog:\n%+v\nwant\n%+v", k.ID, c, k)
		}
		if got, want := cached.Store.Points(k.ID), read.Store.Points(k.ID); !reflect.DeepEqual(got, want) {
			t.Errorf("%s: points\n%+v\nwant\n%+v", k.ID, got, want)
		}
	}
	for f := range read.Figures.Each() {
		g, ok := cached.Figures.Get(f.KPI.ID, f.Period)
		want := *f
		g.KPI, want.KPI = nil, nil // each load parses its own catalog
		if !ok || !reflect.DeepEqual(g, want) {
			t.Fatalf("%s %s: figure\n%+v, want\n%+v", f.KPI.ID, f.Period, g, want)
		}
	}
}

// TestABuildFromTheValuesCacheIsTheSame: a build taking its values from
// the cache writes the same files, byte for byte, as one reading data/.
func TestABuildFromTheValuesCacheIsTheSame(t *testing.T) {
	fsys := datedDemo(t, Options{Demo: true, Months: 15, KPIs: 30, Seed: 4})
	build := func(last []byte) (*site.Output, []byte, bool) {
		t.Helper()
		o, vc := keyedWithValues(fsys, last)
		var d diag.List
		out := site.Build(fsys, o, &d)
		if out == nil {
			t.Fatal(d.Items())
		}
		b, changed := vc.Bytes()
		return out, b, changed
	}
	read, kept, changed := build(nil)
	if !changed {
		t.Fatal("nothing kept")
	}
	cached, _, changed := build(kept)
	if changed {
		t.Error("a build from the cache kept it again")
	}
	if len(cached.Files) != len(read.Files) {
		t.Errorf("%d files from the cache, %d from data/", len(cached.Files), len(read.Files))
	}
	for p, b := range read.Files {
		if !bytes.Equal(cached.Files[p], b) {
			t.Errorf("%s differs", p)
		}
	}
}

// datedDemo is a demo site whose files were modified long before any
// build: a file modified in the moments before one is not trusted to the
// values cache (the stat cache's racy window).
func datedDemo(t *testing.T, o Options) fstest.MapFS {
	t.Helper()
	fsys := mapFS(generate(t, o))
	for _, f := range fsys {
		f.ModTime = time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	}
	return fsys
}

// keyedWithValues are a build's options with a values cache holding last
// (nil: none), keyed by SiteKey as cli's build does.
func keyedWithValues(fsys fstest.MapFS, last []byte) (site.Options, *site.ValuesCache) {
	vc := &site.ValuesCache{}
	o := site.Options{Look: opsreport.Builtin, Sums: site.NewFileSums(nil), Values: vc}
	site.SiteKey(fsys, o, nil)
	vc.SetLast(last)
	return o, vc
}
