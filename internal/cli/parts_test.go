//go:build unix

package cli

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestThePartsCacheLivesBesideTheStatCache: a build that reuses closed
// reviews writes the rows it read of their snapshots (site.PartsCache)
// beside its stat cache, the user's alone, never in the output folder;
// and what it builds from them is what a build without reuse makes: after
// a narrative edit, after every closed review's snapshot changed (every
// green made amber, so every part changes), and with the cache damaged. (internal/demo's TestThePartsCacheSparesReading
// Snapshots shows that the snapshots are then not read.)
func TestThePartsCacheLivesBesideTheStatCache(t *testing.T) {
	dir := closedDemo(t)
	entries, err := os.ReadDir(filepath.Join(dir, "content", "reviews"))
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	narrativeEdit := func() { // the site changed: no whole-site skip
		n++
		edit(t, filepath.Join(dir, "content", "reviews", entries[len(entries)-1].Name(), "20-sales.md"),
			func(s string) string { return s + fmt.Sprintf("\nEdit %d.\n", n) })
	}
	parts := partsCachePath(cacheOf(t, dir))
	narrativeEdit()
	buildReusing(t, dir) // the first build that reads snapshots in part
	fi, err := os.Stat(parts)
	if err != nil {
		t.Fatalf("no parts cache beside the stat cache: %v", err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("the parts cache is %v, want the user's alone", fi.Mode().Perm())
	}
	for p := range tree(t, filepath.Join(dir, "public")) {
		if strings.HasSuffix(p, ".parts") {
			t.Errorf("the output folder holds %s", p)
		}
	}
	narrativeEdit()
	if got := buildReusing(t, dir); got != 13 {
		t.Errorf("%d closed reviews reused after an edit of the open review, want 13", got)
	}
	sameAsFresh(t, dir)

	for _, e := range entries[:13] {
		edit(t, filepath.Join(dir, "content", "reviews", e.Name(), "snapshot.csv"),
			func(s string) string { return strings.ReplaceAll(s, ",green,", ",amber,") })
	}
	narrativeEdit()
	buildReusing(t, dir)
	sameAsFresh(t, dir)

	b, err := os.ReadFile(parts)
	if err != nil {
		t.Fatal(err)
	}
	b[len(b)-2] ^= 1 // a flipped bit in the last part
	if err := os.WriteFile(parts, b, 0o600); err != nil {
		t.Fatal(err)
	}
	narrativeEdit()
	buildReusing(t, dir)
	sameAsFresh(t, dir)
}
