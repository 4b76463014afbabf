package site

import (
	"bytes"
	"maps"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/rogpeppe/go-internal/txtar"

	opsreport "github.com/opsreport/opsreport"
	"github.com/opsreport/opsreport/internal/diag"
)

func siteFromTxtar(t *testing.T, file string) fstest.MapFS {
	t.Helper()
	ar, err := txtar.ParseFile(file)
	if err != nil {
		t.Fatal(err)
	}
	fsys := fstest.MapFS{}
	for _, f := range ar.Files {
		if !strings.HasPrefix(f.Name, "want") {
			fsys[f.Name] = &fstest.MapFile{Data: f.Data}
		}
	}
	return fsys
}

// TestBuilderMatchesAFullBuild edits a site step by step; after each step
// the incremental build must equal a fresh full build byte for byte, and
// must say exactly which files changed.
func TestBuilderMatchesAFullBuild(t *testing.T) {
	fsys := siteFromTxtar(t, "testdata/site/pages.txtar")
	b := NewBuilder(fsys, Options{Look: opsreport.Builtin, Drafts: true})
	var d diag.List
	if first, _ := b.Build(nil, &d); first == nil {
		t.Fatalf("first build: %v", d.Items())
	}
	edit := func(name, from, to string) {
		f := fsys[name]
		if !bytes.Contains(f.Data, []byte(from)) {
			t.Fatalf("%s has no %q", name, from)
		}
		fsys[name] = &fstest.MapFile{Data: bytes.Replace(f.Data, []byte(from), []byte(to), 1)}
	}
	steps := []struct {
		name         string
		change       func()
		changed      []string
		wantErr      bool
		mustChange   []string // output files that must be among the changed
		mustNotTouch []string // output files the change must not change
		partial      bool     // only the review (and home) re-rendered
	}{
		{"narrative text", func() { edit("content/reviews/2026-04/20-fin.md", "Note[^1].", "Note again[^1].") },
			[]string{"content/reviews/2026-04/20-fin.md"}, false,
			[]string{"reviews/2026-04/index.html", "reviews/2026-04/pack.html", "packs/opsreport-2026-04.zip"},
			[]string{"kpis/revenue/index.html", "reviews/index.html"}, true},
		{"lead summary", func() { edit("content/reviews/2026-04/index.md", "Revenue was", "Sales were") },
			[]string{"content/reviews/2026-04/index.md"}, false,
			[]string{"reviews/2026-04/index.html", "index.html"}, []string{"kpis/index.html"}, true},
		{"broken front matter", func() { edit("content/reviews/2026-04/10-ops.md", "weight: 10", "weight: ten") },
			[]string{"content/reviews/2026-04/10-ops.md"}, true, nil, nil, false},
		{"fixed, with a new title", func() {
			edit("content/reviews/2026-04/10-ops.md", "weight: ten\n", "weight: 10\n")
			edit("content/reviews/2026-04/10-ops.md", "title: Operations", "title: Ops and platform")
		},
			[]string{"content/reviews/2026-04/10-ops.md"}, false,
			[]string{"reviews/2026-04/index.html", "kpis/uptime/index.html"}, nil, false},
		{"a KPI mentioned", func() {
			edit("content/reviews/2026-04/10-ops.md", "Uptime {{< status uptime >}}.", "Uptime {{< status uptime >}}, churn {{< value churn >}}.")
		},
			[]string{"content/reviews/2026-04/10-ops.md"}, false,
			[]string{"kpis/churn/index.html"}, nil, false},
		{"data", func() { edit("data/values.csv", "revenue,2026-04,120", "revenue,2026-04,125") },
			[]string{"data/values.csv"}, false,
			[]string{"data/figures.csv", "kpis/revenue/index.html", "reviews/2026-04/index.html"}, nil, false},
		{"template", func() {
			fsys["templates/kpis.html"] = &fstest.MapFile{Data: []byte(`{{template "head" .}}<h1>Our KPIs</h1>{{template "foot" .}}`)}
		}, []string{"templates/kpis.html"}, false, []string{"kpis/index.html"}, []string{"index.html"}, false},
		{"new review", func() {
			fsys["content/reviews/2026-05/index.md"] = &fstest.MapFile{Data: []byte("---\nstatus: final\n---\nMay.\n")}
		}, []string{"content/reviews/2026-05/index.md"}, false,
			[]string{"reviews/2026-05/index.html", "reviews/index.html"}, nil, false},
	}
	for _, st := range steps {
		st.change()
		var d diag.List
		out, changed := b.Build(st.changed, &d)
		if st.wantErr {
			if out != nil || !d.HasErrors() {
				t.Fatalf("%s: want a failed build", st.name)
			}
			continue
		}
		if out == nil {
			t.Fatalf("%s: build failed: %v", st.name, d.Items())
		}
		if out.Partial != st.partial {
			t.Errorf("%s: partial render %v, want %v", st.name, out.Partial, st.partial)
		}
		var fd diag.List
		full := Build(fsys, Options{Look: opsreport.Builtin, Drafts: true}, &fd)
		if out.Pages != full.Pages || out.Packs != full.Packs {
			t.Errorf("%s: %d pages, %d packs; a full build says %d, %d", st.name, out.Pages, out.Packs, full.Pages, full.Packs)
		}
		if !maps.EqualFunc(out.Files, full.Files, bytes.Equal) {
			for p := range full.Files {
				if !bytes.Equal(out.Files[p], full.Files[p]) {
					t.Errorf("%s: %s differs from a full build", st.name, p)
				}
			}
			t.FailNow()
		}
		for _, p := range st.mustChange {
			if !slices.Contains(changed, p) {
				t.Errorf("%s: %s not reported changed (%v)", st.name, p, changed)
			}
		}
		for _, p := range st.mustNotTouch {
			if slices.Contains(changed, p) {
				t.Errorf("%s: %s reported changed", st.name, p)
			}
		}
	}
}
