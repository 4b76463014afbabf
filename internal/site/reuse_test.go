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

// TestExecutableHashIsStable: the real version is the running binary's
// hash, the same each time it is asked.
func TestExecutableHashIsStable(t *testing.T) {
	if v := executableHash(); len(v) != 64 || v != executableHash() {
		t.Errorf("executableHash() = %q, then %q", v, executableHash())
	}
}
