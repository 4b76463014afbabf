package cli

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestTheValuesCacheFollowsTheData: a build keeps what it read from
// data/ beside the stat cache, the next build with data/ unchanged takes
// it from there, and any change to data/ (a value corrected, a file
// added) or a damaged cache is read afresh: each build's output is a
// build's without any cache, byte for byte.
func TestTheValuesCacheFollowsTheData(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "site")
	if code, _, stderr := run("new", "site", dir, "--demo", "--months", "15", "--kpis", "12"); code != 0 {
		t.Fatalf("new site: exit %d\n%s", code, stderr)
	}
	// Files written in the moments before a build are not trusted to the
	// cache (the stat cache's racy window): date data/ an hour back, as
	// an analyst's files are.
	backdate := func() {
		t.Helper()
		past := time.Now().Add(-time.Hour)
		for _, p := range []string{filepath.Join(dir, "data"), filepath.Join(dir, "opsreport.yaml")} {
			err := filepath.WalkDir(p, func(p string, d fs.DirEntry, err error) error {
				if err == nil {
					err = os.Chtimes(p, past, past)
				}
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
		}
	}
	values := valuesCachePath(cacheOf(t, dir))
	kept := func() []byte {
		t.Helper()
		b, err := os.ReadFile(values)
		if err != nil {
			t.Fatalf("no values cache: %v", err)
		}
		return b
	}
	// cachedBuild builds the site and reports whether its values came
	// from the cache (--timings names the step).
	cachedBuild := func(args ...string) bool {
		t.Helper()
		code, stdout, stderr := run(append([]string{"build", "-s", dir, "--timings"}, args...)...)
		if code != 0 {
			t.Fatalf("build: exit %d\n%s", code, stderr)
		}
		return strings.Contains(stdout, "data: values from the values cache")
	}
	n := 0
	narrativeEdit := func() { // the site changed: no whole-site skip
		n++
		edit(t, filepath.Join(dir, "content", "_index.md"), func(s string) string { return s + fmt.Sprintf("\nEdit %d.\n", n) })
	}

	// Files just written: read, and not kept.
	if cachedBuild() {
		t.Error("the first build took values from a cache")
	}
	if _, err := os.Stat(values); err == nil {
		t.Error("a build kept values read from files written a moment before it")
	}
	backdate()
	narrativeEdit()
	if cachedBuild() {
		t.Error("a build took values from a cache no build wrote")
	}
	first := kept()
	if fi, err := os.Stat(values); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("the values cache: %v, %v; want the user's alone", fi, err)
	}
	sameAsFresh(t, dir)
	// Unchanged data/: taken from the cache, which is not written again.
	before, err := os.Stat(values)
	if err != nil {
		t.Fatal(err)
	}
	narrativeEdit()
	if !cachedBuild() {
		t.Error("a build with data/ unchanged did not take its values from the cache")
	}
	if after, err := os.Stat(values); err != nil || !after.ModTime().Equal(before.ModTime()) || !bytes.Equal(kept(), first) {
		t.Error("a build with data/ unchanged wrote the values cache again")
	}
	sameAsFresh(t, dir)
	// --no-reuse reads data/.
	if cachedBuild("--no-reuse") {
		t.Error("a build with --no-reuse took its values from the cache")
	}

	// A value corrected in data/: read again, kept again.
	edit(t, filepath.Join(dir, "data", "operations", "actuals.csv"), func(s string) string {
		lines := strings.SplitN(s, "\n", 3)
		i := strings.LastIndexAny(lines[1], "0123456789")
		lines[1] = lines[1][:i] + string('0'+(lines[1][i]-'0'+1)%10) + lines[1][i+1:]
		return strings.Join(lines, "\n")
	})
	backdate()
	if cachedBuild() {
		t.Error("a build after a value was corrected took the values from the cache")
	}
	second := kept()
	if bytes.Equal(second, first) {
		t.Error("the values cache did not change with data/")
	}
	sameAsFresh(t, dir)

	// A values file added that gives a warning: the warning is printed
	// by the build reading it and by the one taking it from the cache.
	if err := os.WriteFile(filepath.Join(dir, "data", "notes.csv"), []byte("a,b\n1,2\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	backdate()
	for i := range 2 {
		code, stdout, stderr := run("build", "-s", dir, "--timings")
		if code != 0 || !strings.Contains(stderr, "data/notes.csv") || !strings.Contains(stdout, "1 warning") {
			t.Errorf("build %d with a warning in data/: exit %d\n%s%s", i+1, code, stdout, stderr)
		}
		if cached := strings.Contains(stdout, "data: values from the values cache"); cached != (i == 1) {
			t.Errorf("build %d with a file added: values from the cache %v, want %v", i+1, cached, i == 1)
		}
		if i == 0 && bytes.Equal(kept(), second) {
			t.Error("the values cache did not change with a file added")
		}
	}
	sameAsFresh(t, dir)

	// A damaged cache is no cache.
	b := kept()
	b[len(b)-1] ^= 0xff
	if err := os.WriteFile(values, b, 0o600); err != nil {
		t.Fatal(err)
	}
	narrativeEdit()
	if cachedBuild() {
		t.Error("a build took its values from a damaged cache")
	}
	sameAsFresh(t, dir)
	if bytes.Equal(kept(), b) {
		t.Error("a damaged values cache was left as it was")
	}
}

// TestAnOutputFolderInDataIsNotKeyed: the site key leaves an output
// folder inside data/ out, but reading data/ reads it (its figures.csv
// and scorecards, as values): such a site's values are never taken from
// the cache, so a build fails or not as one that reads data/.
func TestAnOutputFolderInDataIsNotKeyed(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "site")
	if code, _, stderr := run("new", "site", dir); code != 0 {
		t.Fatalf("new site: exit %d\n%s", code, stderr)
	}
	past := time.Now().Add(-time.Hour)
	filepath.WalkDir(dir, func(p string, _ fs.DirEntry, err error) error {
		if err == nil {
			os.Chtimes(p, past, past)
		}
		return nil
	})
	out := filepath.Join(dir, "data", "site")
	for i := range 3 {
		edit(t, filepath.Join(dir, "content", "_index.md"), func(s string) string { return s + fmt.Sprintf("\nEdit %d.\n", i) })
		_, stdout, _ := run("build", "-s", dir, "-d", out, "--timings")
		if strings.Contains(stdout, "values from the values cache") {
			t.Errorf("build %d into data/site took its values from the cache", i+1)
		}
	}
}
