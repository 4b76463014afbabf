package site

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	opsreport "github.com/opsreport/opsreport"
	"github.com/opsreport/opsreport/internal/diag"
	"github.com/opsreport/opsreport/internal/view"
)

// TestReuseKeyChangesWithTheVersion: the same site keys the same under one
// version of opsreport and differently under another, so a record written
// by another binary reuses nothing. (The other inputs are changed on disk
// in cli's TestAChangedInputRerenders.)
func TestReuseKeyChangesWithTheVersion(t *testing.T) {
	var d diag.List
	s := Load(os.DirFS("../.."), Options{Look: opsreport.Builtin}, &d)
	if d.HasErrors() {
		t.Fatal("example site does not load")
	}
	closed := s.Reviews[1]
	closed.Snapshot = s.Figures // closed, as far as the keys go
	defer func(v func() string) { version = v }(version)
	version = func() string { return "v1" }
	a, again := s.reviewKeys(), s.reviewKeys()
	version = func() string { return "v2" }
	b := s.reviewKeys()
	if len(a) != 3 || a[closed.Slug] == "" || a[view.DataPages] == "" || a[view.HomePage] == "" {
		t.Fatalf("keys %v: want three, for %s, the data pages and the home page", a, closed.Slug)
	}
	for name := range a {
		if a[name] != again[name] {
			t.Errorf("%s: the same site keyed twice gives %s and %s", name, a[name], again[name])
		}
		if a[name] == b[name] {
			t.Errorf("%s: versions v1 and v2 give the same key %s", name, a[name])
		}
	}
}

// TestReuseKeyChangesWithThePDF: a review whose pack the build prints
// links pack.pdf from its page, so its key differs from one that does not;
// another review's PDF leaves it alone.
func TestReuseKeyChangesWithThePDF(t *testing.T) {
	keys := map[string]string{}
	for _, pdf := range []string{"", "2026-10", "2026-09", "*"} {
		var d diag.List
		o := Options{Look: opsreport.Builtin}
		if pdf != "" {
			o.PDF = []string{pdf}
		}
		s := Load(os.DirFS("../.."), o, &d)
		if d.HasErrors() {
			t.Fatal("example site does not load")
		}
		for _, r := range s.Reviews {
			if r.Slug == "2026-10" {
				r.Snapshot = s.Figures // closed, as far as the keys go
			}
		}
		keys[pdf] = s.reviewKeys()["2026-10"]
	}
	if keys[""] == "" || keys[""] == keys["2026-10"] || keys["2026-10"] != keys["*"] || keys[""] != keys["2026-09"] {
		t.Errorf("keys of 2026-10 with no PDF, its own, another's and every one: %q", keys)
	}
}

// TestExecutableHashIsStable: the real version is the running binary's
// hash, the same each time it is asked.
func TestExecutableHashIsStable(t *testing.T) {
	if v := executableHash(); len(v) != 64 || v != executableHash() {
		t.Errorf("executableHash() = %q, then %q", v, executableHash())
	}
}

// TestDataPagesAreTakenOver: after a narrative edit that changes no title,
// mention or data, a build takes the KPI pages and the figures files over
// from the last build instead of rendering them; an edit that adds a KPI's
// mention renders them again, the page listing it.
func TestDataPagesAreTakenOver(t *testing.T) {
	dir := t.TempDir()
	for _, sub := range []string{"content", "data"} {
		if err := os.CopyFS(filepath.Join(dir, sub), os.DirFS(filepath.Join("..", "..", sub))); err != nil {
			t.Fatal(err)
		}
	}
	cfg, err := os.ReadFile(filepath.Join("..", "..", ConfigFile))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, ConfigFile), cfg, 0o644); err != nil {
		t.Fatal(err)
	}
	build := func(prev []byte) (*Output, []string) {
		t.Helper()
		var kept []string
		o := Options{Look: opsreport.Builtin}
		if prev != nil {
			o.Reuse = &Reuse{Prev: prev, Keep: func(p string, _ int64) error { kept = append(kept, p); return nil }}
		}
		var d diag.List
		out := Build(os.DirFS(dir), o, &d)
		if out == nil {
			t.Fatalf("build: %v", d.Items())
		}
		return out, kept
	}
	appendTo := func(name, text string) {
		t.Helper()
		f, err := os.OpenFile(filepath.Join(dir, filepath.FromSlash(name)), os.O_APPEND|os.O_WRONLY, 0)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		if _, err := f.WriteString(text); err != nil {
			t.Fatal(err)
		}
	}
	first, _ := build(nil)
	const mention = "reviews/2026-08/index.html#summary"
	var page, id string
	for _, p := range sortedKeys(first.Files) {
		rest, ok := strings.CutPrefix(p, "kpis/")
		if k, file, _ := strings.Cut(rest, "/"); ok && file == "index.html" && !strings.Contains(string(first.Files[p]), mention) {
			page, id = p, k
			break
		}
	}
	if page == "" {
		t.Fatal("no KPI page that 2026-08's summary does not mention")
	}
	var d diag.List
	lead := Load(os.DirFS(dir), Options{Look: opsreport.Builtin}, &d).lead()
	if lead == nil || lead.Slug == "2026-08" {
		t.Fatalf("the lead is %v: want one other than the review edited", lead)
	}
	appendTo("content/reviews/2026-08/index.md", "\nOne more sentence.\n")
	second, kept := build(first.Record("", nil))
	// The home page leads with another review: it is taken over too.
	for _, p := range []string{page, "kpis/" + id + "/history.csv", "data/figures.csv", "data/figures.xlsx", "index.html"} {
		if !slices.Contains(kept, p) {
			t.Errorf("after a sentence added, %s was not taken over", p)
		}
		if _, ok := second.Files[p]; ok {
			t.Errorf("after a sentence added, %s was rendered", p)
		}
	}
	appendTo("content/reviews/2026-08/index.md", "\n{{< value "+id+" >}}\n")
	third, kept := build(second.Record("", nil))
	if slices.Contains(kept, page) || !strings.Contains(string(third.Files[page]), mention) {
		t.Errorf("after a mention of %s added, its page was taken over (%v) or does not list the mention", id, slices.Contains(kept, page))
	}
	// The lead's own text, which the home page summarises: rendered again.
	appendTo(lead.Dir+"/index.md", "\nA closing word for the board.\n")
	fourth, kept := build(third.Record("", nil))
	if _, rendered := fourth.Files["index.html"]; slices.Contains(kept, "index.html") || !rendered {
		t.Errorf("after the lead's text changed, the home page was taken over (%v) or not made (%v)", slices.Contains(kept, "index.html"), rendered)
	}
}
