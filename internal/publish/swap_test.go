package publish

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"sync/atomic"
	"testing"
	"time"
)

// TestSwapNeverLeavesTheFolderMissing rebuilds many times while a reader
// looks at public/index.html in a loop: it must find the file, with the
// old bytes or the new, every time.
func TestSwapNeverLeavesTheFolderMissing(t *testing.T) {
	if runtime.GOOS != "linux" && runtime.GOOS != "darwin" {
		t.Skip("no one-step folder exchange on " + runtime.GOOS)
	}
	dir := filepath.Join(t.TempDir(), "public")
	index := filepath.Join(dir, "index.html")
	if _, err := Write(dir, map[string][]byte{"index.html": []byte("v0")}); err != nil {
		t.Fatal(err)
	}
	var stop, looks, missing atomic.Int64
	done := make(chan struct{})
	go func() {
		defer close(done)
		for stop.Load() == 0 {
			looks.Add(1)
			if _, err := os.Stat(index); err != nil {
				missing.Add(1)
			}
		}
	}()
	for i := range 200 {
		files := map[string][]byte{"index.html": fmt.Appendf(nil, "v%d", i+1), "kpis/index.html": fmt.Appendf(nil, "%d", i)}
		if _, err := Write(dir, files); err != nil {
			stop.Store(1)
			<-done
			t.Fatal(err)
		}
	}
	stop.Store(1)
	<-done
	if n := missing.Load(); n > 0 {
		t.Errorf("public/index.html was missing %d times of %d looks during 200 swaps", n, looks.Load())
	}
	if b, _ := os.ReadFile(index); string(b) != "v200" {
		t.Errorf("index.html holds %q after the last swap", b)
	}
	if _, err := os.Stat(stagingFor(dir)); !os.IsNotExist(err) {
		t.Errorf("%s left behind: %v", StagingDir, err)
	}
}

// TestSwapWithoutExchange is the fallback for systems (or file systems)
// with no one-step exchange: two renames, the old tree removed.
func TestSwapWithoutExchange(t *testing.T) {
	root := t.TempDir()
	dir := filepath.Join(root, "public")
	noExchange := func(a, b string) error { return errors.ErrUnsupported }
	for i, want := range []string{"first", "second"} {
		staging := filepath.Join(root, fmt.Sprint("staging", i))
		os.Mkdir(staging, 0o700)
		os.WriteFile(filepath.Join(staging, "index.html"), []byte(want), 0o644)
		if err := swap(dir, staging, noExchange); err != nil {
			t.Fatal(err)
		}
		if got := readTree(t, dir)["index.html"]; got != want {
			t.Errorf("swap %d: index.html %q, want %q", i, got, want)
		}
		if _, err := os.Stat(staging + ".old"); !os.IsNotExist(err) {
			t.Errorf("swap %d: old tree left at %s.old", i, staging)
		}
	}
}

// deadPID is the id of a process that has ended.
func deadPID(t *testing.T) int {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	if err := cmd.Run(); err != nil {
		t.Fatal(err)
	}
	return cmd.Process.Pid
}

// TestStaleStagingIsRemovedAndLiveStagingKept leaves three staging folders
// beside public/: one of a build that was killed (its process is gone),
// one of a build still running in another process, and one this process
// is filling. The next build removes the first only.
func TestStaleStagingIsRemovedAndLiveStagingKept(t *testing.T) {
	root := t.TempDir()
	dir := filepath.Join(root, "public")
	if _, err := Write(dir, map[string][]byte{"index.html": []byte("old")}); err != nil {
		t.Fatal(err)
	}
	parent := stagingFor(dir)
	if err := makeStagingDir(parent); err != nil {
		t.Fatal(err)
	}
	killed := filepath.Join(parent, stagingPrefix+strconv.Itoa(deadPID(t))+"-123")
	os.MkdirAll(filepath.Join(killed, "reviews/2026-10"), 0o755)
	os.WriteFile(filepath.Join(killed, "reviews/2026-10/pack.html"), []byte("half"), 0o644)
	killedOld := killed + "9.old" // an old tree a killed fallback swap left
	os.MkdirAll(killedOld, 0o755)

	other := exec.Command("sleep", "30")
	if err := other.Start(); err != nil {
		t.Skip("no sleep command:", err)
	}
	defer func() { other.Process.Kill(); other.Wait() }()
	running := filepath.Join(parent, stagingPrefix+strconv.Itoa(other.Process.Pid)+"-456")
	os.Mkdir(running, 0o755)

	notOurs := filepath.Join(parent, "build-notes")
	os.Mkdir(notOurs, 0o755)

	live, err := Begin(filepath.Join(root, "other-output"))
	if err != nil {
		t.Fatal(err)
	}
	if err := live.Spill("big.html", []byte("being built")); err != nil {
		t.Fatal(err)
	}
	defer live.Abort()

	if _, err := Write(dir, map[string][]byte{"index.html": []byte("new")}); err != nil {
		t.Fatal(err)
	}
	for _, gone := range []string{killed, killedOld} {
		if _, err := os.Stat(gone); !os.IsNotExist(err) {
			t.Errorf("stale %s was kept", filepath.Base(gone))
		}
	}
	for _, kept := range []string{running, notOurs, live.staging, filepath.Join(parent, ".gitignore")} {
		if _, err := os.Stat(kept); err != nil {
			t.Errorf("%s was removed: %v", filepath.Base(kept), err)
		}
	}
}

// TestLockedStagingIsKept: a folder whose process id looks dead but whose
// lock is held (a build on another machine sharing the folder, or a
// reused id) is still in use.
func TestLockedStagingIsKept(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no folder locks on windows")
	}
	parent := stagingFor(filepath.Join(t.TempDir(), "public"))
	makeStagingDir(parent)
	busy := filepath.Join(parent, stagingPrefix+strconv.Itoa(deadPID(t))+"-789")
	os.Mkdir(busy, 0o755)
	lock, err := lockDir(busy)
	if err != nil {
		t.Fatal(err)
	}
	if n, err := RemoveStale(filepath.Join(filepath.Dir(parent), "public")); err != nil || n != 0 {
		t.Fatalf("removed %d, %v", n, err)
	}
	lock.Close()
	if n, err := RemoveStale(filepath.Join(filepath.Dir(parent), "public")); err != nil || n != 1 {
		t.Fatalf("after the lock was let go: removed %d, %v", n, err)
	}
	if _, err := os.Stat(parent); !os.IsNotExist(err) {
		t.Errorf("%s kept with nothing in it", StagingDir)
	}
}

// TestStagingIsIgnoredByGit: the staging folder holds a .gitignore that
// ignores everything in it, itself included.
func TestStagingIsIgnoredByGit(t *testing.T) {
	git, err := exec.LookPath("git")
	if err != nil {
		t.Skip("no git")
	}
	root := t.TempDir()
	if out, err := exec.Command(git, "-C", root, "init", "-q").CombinedOutput(); err != nil {
		t.Fatalf("git init: %v %s", err, out)
	}
	st, err := Begin(filepath.Join(root, "public"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Abort()
	st.Spill("reviews/2026-10/pack.html", []byte("x"))
	out, err := exec.Command(git, "-C", root, "status", "--porcelain", "--untracked-files=all").CombinedOutput()
	if err != nil || len(out) != 0 {
		t.Errorf("git status shows the staging folder: %v\n%s", err, out)
	}
}

func TestStagingPID(t *testing.T) {
	for name, want := range map[string]int{
		"build-123-456":     123,
		"build-123-456.old": 123,
		"build-notes":       0,
		"build-12x-4":       0,
		"build-123-":        0,
		"public":            0,
		".gitignore":        0,
	} {
		if got, _ := stagingPID(name); got != want {
			t.Errorf("%s: %d, want %d", name, got, want)
		}
	}
}

// TestBuildIntoAFolderWhoseParentIsMissing: -d out/site/public where
// out/site does not exist yet.
func TestBuildIntoAFolderWhoseParentIsMissing(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "out", "site", "public")
	st, err := Begin(dir)
	if err != nil {
		t.Fatal(err)
	}
	if err := st.Spill("big.html", []byte("x")); err != nil {
		t.Fatal(err)
	}
	if _, err := st.Finish(map[string][]byte{"index.html": []byte("y")}); err != nil {
		t.Fatal(err)
	}
	if got := readTree(t, dir); got["big.html"] != "x" || got["index.html"] != "y" {
		t.Errorf("tree %v", got)
	}
}

// TestLegacyStagingIsRemovedWhenOld: earlier versions staged beside the
// output as .public.new-RANDOM; a killed build's folder, untouched for a
// day, is removed, a fresh one (a build of that version may be running)
// and other hidden folders are kept.
func TestLegacyStagingIsRemovedWhenOld(t *testing.T) {
	root := t.TempDir()
	dir := filepath.Join(root, "public")
	old := filepath.Join(root, ".public.new-123")
	oldTree := filepath.Join(root, ".public.new-456.old")
	fresh := filepath.Join(root, ".public.new-789")
	other := filepath.Join(root, ".other.new-1")
	for _, p := range []string{old, oldTree, fresh, other} {
		os.MkdirAll(filepath.Join(p, "reviews"), 0o755)
	}
	day := time.Now().Add(-25 * time.Hour)
	for _, p := range []string{old, oldTree, other} {
		os.Chtimes(p, day, day)
	}
	if n, err := RemoveStale(dir); err != nil || n != 2 {
		t.Fatalf("removed %d, %v; want 2", n, err)
	}
	for p, want := range map[string]bool{old: false, oldTree: false, fresh: true, other: true} {
		if _, err := os.Stat(p); (err == nil) != want {
			t.Errorf("%s: exists %v, want %v", filepath.Base(p), err == nil, want)
		}
	}
}
