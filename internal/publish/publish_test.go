package publish

import (
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

func readTree(t *testing.T, dir string) map[string]string {
	t.Helper()
	got := map[string]string{}
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			t.Fatal(err)
		}
		if !d.IsDir() {
			b, _ := os.ReadFile(p)
			rel, _ := filepath.Rel(dir, p)
			got[filepath.ToSlash(rel)] = string(b)
		}
		return nil
	})
	return got
}

func TestWriteCreatesReplacesAndRemoves(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "public")
	s, err := Write(dir, map[string][]byte{"index.html": []byte("a"), "kpis/arr/index.html": []byte("b")})
	if err != nil || s.Written != 2 {
		t.Fatalf("first write: %+v %v", s, err)
	}
	s, err = Write(dir, map[string][]byte{"index.html": []byte("a2"), "new.txt": []byte("n")})
	if err != nil || s.Written != 2 || s.Removed != 1 {
		t.Fatalf("second write: %+v %v", s, err)
	}
	got := readTree(t, dir)
	delete(got, Marker)
	if len(got) != 2 || got["index.html"] != "a2" || got["new.txt"] != "n" {
		t.Errorf("tree: %v", got)
	}
	entries, _ := os.ReadDir(filepath.Dir(dir))
	if len(entries) != 1 {
		t.Errorf("staging folders left behind: %v", entries)
	}
}

func TestUnchangedWriteTouchesNothing(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "public")
	files := map[string][]byte{"index.html": []byte("same"), "a/b.css": []byte("x")}
	if _, err := Write(dir, files); err != nil {
		t.Fatal(err)
	}
	past := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
	os.Chtimes(filepath.Join(dir, "index.html"), past, past)
	before, _ := os.Stat(dir)
	s, err := Write(dir, files)
	if err != nil || s.Changed() || s.Unchanged != 2 {
		t.Fatalf("unchanged write: %+v %v", s, err)
	}
	after, _ := os.Stat(dir)
	if !os.SameFile(before, after) {
		t.Error("folder was replaced although nothing changed")
	}
	fi, _ := os.Stat(filepath.Join(dir, "index.html"))
	if !fi.ModTime().Equal(past) {
		t.Error("unchanged file was rewritten")
	}
}

func TestChangedWriteKeepsUnchangedFiles(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "public")
	Write(dir, map[string][]byte{"keep.html": []byte("k"), "edit.html": []byte("1")})
	past := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
	os.Chtimes(filepath.Join(dir, "keep.html"), past, past)
	s, err := Write(dir, map[string][]byte{"keep.html": []byte("k"), "edit.html": []byte("2")})
	if err != nil || s.Written != 1 || s.Unchanged != 1 {
		t.Fatalf("%+v %v", s, err)
	}
	fi, _ := os.Stat(filepath.Join(dir, "keep.html"))
	if !fi.ModTime().Equal(past) {
		t.Error("unchanged file was rewritten instead of kept")
	}
}

func TestRefusesAUsersFolder(t *testing.T) {
	for _, name := range []string{"opsreport.yaml", "thesis.docx"} {
		dir := t.TempDir()
		os.WriteFile(filepath.Join(dir, name), []byte("mine\n"), 0o644)
		_, err := Write(dir, map[string][]byte{"index.html": []byte("x")})
		if err == nil || !strings.Contains(err.Error(), "it holds files ("+name+", ...) and was not written by opsreport build") {
			t.Fatalf("%s: want refusal, got %v", name, err)
		}
		if b, _ := os.ReadFile(filepath.Join(dir, name)); string(b) != "mine\n" {
			t.Errorf("%s: user file touched", name)
		}
		if _, err := os.Stat(filepath.Join(dir, "index.html")); err == nil {
			t.Errorf("%s: wrote into the user's folder", name)
		}
	}
}

func TestWritesIntoAnEmptyFolderAndLeavesItsMarker(t *testing.T) {
	dir := t.TempDir()
	if _, err := Write(dir, map[string][]byte{"index.html": []byte("x")}); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, Marker)); err != nil {
		t.Fatal("no marker left")
	}
	s, err := Write(dir, map[string][]byte{"index.html": []byte("x")})
	if err != nil || s.Changed() || s.Unchanged != 1 {
		t.Fatalf("rewrite of its own folder: %+v %v", s, err)
	}
}

func TestRewritesItsOwnOutput(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "public")
	files := map[string][]byte{"data/figures.csv": []byte("kpi\n"), "index.html": []byte("x")}
	if _, err := Write(dir, files); err != nil {
		t.Fatal(err)
	}
	files["index.html"] = []byte("y")
	if _, err := Write(dir, files); err != nil {
		t.Fatalf("second write into its own output refused: %v", err)
	}
}

func TestRejectsEscapingPath(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "public")
	if _, err := Write(dir, map[string][]byte{"../evil": []byte("x")}); err == nil {
		t.Fatal("want error for ../ path")
	}
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Error("public/ created by a failed write")
	}
}

func TestSpilledFilesJoinTheTree(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "public")
	write := func(pack string) Stats {
		st, err := Begin(dir)
		if err != nil {
			t.Fatal(err)
		}
		var wg sync.WaitGroup
		for i := range 8 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if err := st.Spill(fmt.Sprintf("reviews/%d/pack.html", i), []byte(pack)); err != nil {
					t.Error(err)
				}
			}()
		}
		wg.Wait()
		s, err := st.Finish(map[string][]byte{"index.html": []byte("home")})
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	if s := write("v1"); s.Written != 9 {
		t.Fatalf("first write: %+v", s)
	}
	past := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
	os.Chtimes(filepath.Join(dir, "reviews/3/pack.html"), past, past)
	if s := write("v1"); s.Changed() || s.Unchanged != 9 {
		t.Fatalf("unchanged write: %+v", s)
	}
	if fi, _ := os.Stat(filepath.Join(dir, "reviews/3/pack.html")); !fi.ModTime().Equal(past) {
		t.Error("an unchanged spilled file was rewritten")
	}
	if s := write("v2"); s.Written != 8 || s.Unchanged != 1 {
		t.Fatalf("changed write: %+v", s)
	}
	got := readTree(t, dir)
	if got["reviews/7/pack.html"] != "v2" || got["index.html"] != "home" {
		t.Errorf("tree: %v", got)
	}
	if entries, _ := os.ReadDir(filepath.Dir(dir)); len(entries) != 1 {
		t.Errorf("staging folders left behind: %v", entries)
	}
}

func TestAbortLeavesTheFolderAsItWas(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "public")
	Write(dir, map[string][]byte{"index.html": []byte("old")})
	st, err := Begin(dir)
	if err != nil {
		t.Fatal(err)
	}
	st.Spill("big.html", []byte("new"))
	st.Abort()
	got := readTree(t, dir)
	delete(got, Marker)
	if len(got) != 1 || got["index.html"] != "old" {
		t.Errorf("tree after abort: %v", got)
	}
	if entries, _ := os.ReadDir(filepath.Dir(dir)); len(entries) != 1 {
		t.Errorf("staging left behind: %v", entries)
	}
	if err := st.Spill("../x", nil); err == nil {
		t.Error("an escaping spilled path was accepted")
	}
}

// TestSpillingANameAgainLeavesTheFolderAlone spills a file the folder
// already holds (so it is linked, not written), twice (the second link
// goes over the first), then the same name with new bytes, then aborts:
// the published file must not have changed through the link.
func TestSpillingANameAgainLeavesTheFolderAlone(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "public")
	if _, err := Write(dir, map[string][]byte{"big.html": []byte("old bytes")}); err != nil {
		t.Fatal(err)
	}
	st, err := Begin(dir)
	if err != nil {
		t.Fatal(err)
	}
	for range 2 {
		if err := st.Spill("big.html", []byte("old bytes")); err != nil {
			t.Fatal(err)
		}
	}
	if err := st.Spill("big.html", []byte("NEW!")); err != nil {
		t.Fatal(err)
	}
	st.Abort()
	if got := readTree(t, dir)["big.html"]; got != "old bytes" {
		t.Errorf("after the abort the folder holds %q", got)
	}
}

// TestFinishCountsWhatChanged rebuilds with one spilled file changed, one
// kept and one gone, then again while a stray file appears in the folder
// during the build: the counts say so, and the stray file is gone after
// the swap.
func TestFinishCountsWhatChanged(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "public")
	build := func(spill map[string]string, during func()) Stats {
		t.Helper()
		st, err := Begin(dir)
		if err != nil {
			t.Fatal(err)
		}
		for _, name := range slices.Sorted(maps.Keys(spill)) {
			if err := st.Spill(name, []byte(spill[name])); err != nil {
				t.Fatal(err)
			}
		}
		during()
		s, err := st.Finish(nil)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	build(map[string]string{"a.html": "a1", "b.html": "b1", "c.html": "c1"}, func() {})
	if s := build(map[string]string{"a.html": "a2", "b.html": "b1"}, func() {}); s != (Stats{Written: 1, Unchanged: 1, Removed: 1}) {
		t.Errorf("stats %+v, want 1 written, 1 unchanged, 1 removed (c.html)", s)
	}
	stray := func() { os.WriteFile(filepath.Join(dir, "stray.html"), []byte("x"), 0o644) }
	if s := build(map[string]string{"a.html": "a2", "b.html": "b1"}, stray); s != (Stats{Unchanged: 2, Removed: 1}) {
		t.Errorf("stats %+v, want 2 unchanged, 1 removed (the stray file)", s)
	}
	got := readTree(t, dir)
	delete(got, Marker)
	if len(got) != 2 || got["a.html"] != "a2" || got["b.html"] != "b1" {
		t.Errorf("tree %v", got)
	}
}

// A folder written aside by a run killed before its rename is removed by
// the next WriteFolder once it is a minute old; one just made (another run
// writing now) is left.
func TestWriteFolderRemovesAKilledRunsLeftover(t *testing.T) {
	dir := t.TempDir()
	dst := filepath.Join(dir, "2026-11")
	old := filepath.Join(dir, ".2026-11.new-123")
	fresh := filepath.Join(dir, ".2026-11.new-456")
	for _, d := range []string{old, fresh} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(d, "index.md"), []byte("half"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	then := time.Now().Add(-2 * time.Minute)
	if err := os.Chtimes(old, then, then); err != nil {
		t.Fatal(err)
	}
	if err := WriteFolder(dst, map[string][]byte{"index.md": []byte("whole")}); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(old); !os.IsNotExist(err) {
		t.Errorf("the killed run's folder is still there: %v", err)
	}
	if _, err := os.Stat(fresh); err != nil {
		t.Errorf("a folder written now was removed: %v", err)
	}
	if b, err := os.ReadFile(filepath.Join(dst, "index.md")); err != nil || string(b) != "whole" {
		t.Errorf("index.md: %q, %v", b, err)
	}
}

// TestKeptFilesJoinTheTreeUnread: Keep links a file of the current tree
// into the new one (the same inode, not a copy), refuses a file that is
// missing or of another size, and Unkeep drops what it took.
func TestKeptFilesJoinTheTreeUnread(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "public")
	if _, err := Write(dir, map[string][]byte{"reviews/a/pack.html": []byte("pack a"), "reviews/b/pack.html": []byte("pack b"), "index.html": []byte("i")}); err != nil {
		t.Fatal(err)
	}
	before, _ := os.Stat(filepath.Join(dir, "reviews/a/pack.html"))
	st, err := Begin(dir)
	if err != nil {
		t.Fatal(err)
	}
	if err := st.Keep("reviews/a/pack.html", 6); err != nil {
		t.Fatalf("keep: %v", err)
	}
	if err := st.Keep("reviews/b/pack.html", 7); err == nil {
		t.Error("Keep took a file whose size is not the recorded one")
	}
	if err := st.Keep("reviews/c/pack.html", 1); err == nil {
		t.Error("Keep took a file the folder does not hold")
	}
	if err := st.Keep("../x", 1); err == nil {
		t.Error("Keep took a path outside the folder")
	}
	if err := st.Keep("reviews/b/pack.html", 6); err != nil {
		t.Fatalf("keep b: %v", err)
	}
	st.Unkeep([]string{"reviews/b/pack.html"})
	stats, err := st.Finish(map[string][]byte{"index.html": []byte("i2")})
	if err != nil {
		t.Fatal(err)
	}
	if stats.Unchanged != 1 || stats.Written != 1 || stats.Removed != 1 {
		t.Errorf("stats %+v, want 1 unchanged (the kept file), 1 written, 1 removed (b, unkept)", stats)
	}
	got := readTree(t, dir)
	delete(got, Marker)
	if len(got) != 2 || got["reviews/a/pack.html"] != "pack a" || got["index.html"] != "i2" {
		t.Errorf("tree: %v", got)
	}
	after, _ := os.Stat(filepath.Join(dir, "reviews/a/pack.html"))
	if !os.SameFile(before, after) {
		t.Error("the kept file was copied, not linked")
	}
}
