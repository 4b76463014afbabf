//go:build unix

package publish

import (
	"errors"
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// TestASpillOverATakenNameIsLikeAFreshOne: a name spilled twice (the
// second time over the first) ends as the second bytes, with the mode a
// file spilled once gets under the user's umask (027 here); the old
// tree's file linked in and then spilled over with new bytes is left as it
// was in the old tree until the swap.
func TestASpillOverATakenNameIsLikeAFreshOne(t *testing.T) {
	defer syscall.Umask(syscall.Umask(0o027))
	dir := filepath.Join(t.TempDir(), "public")
	if _, err := Write(dir, map[string][]byte{"old.html": []byte("old bytes")}); err != nil {
		t.Fatal(err)
	}
	oldFile := filepath.Join(dir, "old.html")
	st, err := Begin(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, spill := range []struct{ name, data string }{
		{"once.html", "once"}, {"twice.html", "first"}, {"twice.html", "second"},
		{"old.html", "old bytes"}, {"old.html", "new bytes"},
	} {
		if err := st.Spill(spill.name, []byte(spill.data)); err != nil {
			t.Fatal(err)
		}
	}
	if b, _ := os.ReadFile(oldFile); string(b) != "old bytes" {
		t.Fatalf("before the swap, the old tree's file holds %q", b)
	}
	if _, err := st.Finish(nil); err != nil {
		t.Fatal(err)
	}
	got := readTree(t, dir)
	if got["twice.html"] != "second" || got["old.html"] != "new bytes" {
		t.Errorf("after the swap: %q", got)
	}
	once, err1 := os.Stat(filepath.Join(dir, "once.html"))
	twice, err2 := os.Stat(filepath.Join(dir, "twice.html"))
	old, err3 := os.Stat(oldFile)
	if err := errors.Join(err1, err2, err3); err != nil {
		t.Fatal(err)
	}
	if once.Mode() != twice.Mode() || once.Mode() != old.Mode() {
		t.Errorf("modes: spilled once %v, twice %v, over the old tree's %v", once.Mode(), twice.Mode(), old.Mode())
	}
}
