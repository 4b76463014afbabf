package site

import (
	"os"
	"testing"

	opsreport "github.com/opsreport/opsreport"
	"github.com/opsreport/opsreport/internal/diag"
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
	if len(a) != 1 || a[closed.Slug] == "" {
		t.Fatalf("keys %v: want one, for %s", a, closed.Slug)
	}
	if a[closed.Slug] != again[closed.Slug] {
		t.Errorf("the same site keyed twice gives %s and %s", a[closed.Slug], again[closed.Slug])
	}
	if a[closed.Slug] == b[closed.Slug] {
		t.Errorf("versions v1 and v2 give the same key %s", a[closed.Slug])
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
