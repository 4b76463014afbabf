//go:build unix

package cli

import (
	"bytes"
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/opsreport/opsreport/internal/site"
)

// agedSite is smallSite with every file last modified an hour ago, so
// that the stat cache may vouch for them, built once.
func agedSite(t *testing.T) string {
	t.Helper()
	dir := smallSite(t)
	hour := time.Now().Add(-time.Hour)
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		return os.Chtimes(p, hour, hour)
	})
	if err != nil {
		t.Fatal(err)
	}
	mustBuild(t, dir)
	return dir
}

// mustBuild builds dir into public/ and returns what it printed.
func mustBuild(t *testing.T, dir string, flags ...string) string {
	t.Helper()
	code, stdout, stderr := run(append([]string{"build", "-s", dir}, flags...)...)
	if code != 0 {
		t.Fatalf("build: exit %d\n%s", code, stderr)
	}
	if stderr != "" {
		t.Fatalf("build: said\n%s", stderr)
	}
	return stdout
}

// cacheOf is the stat cache of dir's builds into public/.
func cacheOf(t *testing.T, dir string) string {
	t.Helper()
	p := statCachePath(dir, filepath.Join(dir, "public"))
	if p == "" {
		t.Fatal("no user cache folder")
	}
	return p
}

// readCache is dir's stat cache, decoded.
func readCache(t *testing.T, dir string) map[string]any {
	t.Helper()
	b, err := os.ReadFile(cacheOf(t, dir))
	if err != nil {
		t.Fatal(err)
	}
	var in map[string]any
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber() // nanoseconds are not float64s
	if err := dec.Decode(&in); err != nil {
		t.Fatalf("%v:\n%s", err, b)
	}
	return in
}

// editCache rewrites dir's stat cache: f edits it.
func editCache(t *testing.T, dir string, f func(inputs map[string]any)) {
	t.Helper()
	in := readCache(t, dir)
	f(in)
	b, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(cacheOf(t, dir), b, 0o600); err != nil {
		t.Fatal(err)
	}
}

// wrongSums gives every file of the stat cache a well-formed sum that is
// not its own.
func wrongSums(inputs map[string]any) {
	for _, f := range inputs["files"].(map[string]any) {
		f.(map[string]any)["sum"] = strings.Repeat("0", 64)
	}
}

// TestAnUnchangedRebuildTakesTheCachedSums: a rebuild of an unchanged
// site keys it with the sums its stat cache holds, without reading the
// files: with those sums made wrong, it renders (the key differs), which a
// read of the files would not. With the cache from another opsreport, or
// gone, the files are read and the site is unchanged again.
func TestAnUnchangedRebuildTakesTheCachedSums(t *testing.T) {
	dir := agedSite(t)
	if out := mustBuild(t, dir); !strings.Contains(out, "nothing rendered") {
		t.Fatalf("an unchanged rebuild rendered:\n%s", out)
	}
	record := filepath.Join(dir, "public", site.ReuseFile)
	goodRecord, err := os.ReadFile(record)
	if err != nil {
		t.Fatal(err)
	}
	goodCache, err := os.ReadFile(cacheOf(t, dir))
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name     string
		edit     func(map[string]any)
		rendered bool
	}{
		{"wrong sums", wrongSums, true},
		{"wrong sums of another version", func(in map[string]any) { wrongSums(in); in["version"] = "another" }, false},
		{"wrong sums, taken before the files were", func(in map[string]any) { wrongSums(in); in["taken"] = 1 }, false},
		{"wrong sums, cache of the wrong shape", func(in map[string]any) { wrongSums(in); in["files"] = "?" }, false},
		{"empty cache", func(in map[string]any) { clear(in) }, false},
		{"no cache", nil, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if err := os.WriteFile(record, goodRecord, 0o644); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(cacheOf(t, dir), goodCache, 0o600); err != nil {
				t.Fatal(err)
			}
			if tt.edit != nil {
				editCache(t, dir, tt.edit)
			} else if err := os.Remove(cacheOf(t, dir)); err != nil {
				t.Fatal(err)
			}
			out := mustBuild(t, dir)
			if rendered := !strings.Contains(out, "nothing rendered"); rendered != tt.rendered {
				t.Errorf("rendered %v, want %v:\n%s", rendered, tt.rendered, out)
			}
		})
	}
}

// TestTheOutputFolderHoldsNoStatCache: the stat cache is in the user's
// cache folder, the user's alone (0700 folders, a 0600 file), and none of
// it is in the output folder: no file there names an input file's stats,
// and the build's record is the same bytes with or without a cache.
func TestTheOutputFolderHoldsNoStatCache(t *testing.T) {
	dir := agedSite(t)
	cache := cacheOf(t, dir)
	if !strings.HasPrefix(cache, os.Getenv("XDG_CACHE_HOME")) && runtime.GOOS != "darwin" {
		t.Fatalf("the stat cache %s is not in the user's cache folder", cache)
	}
	for p, want := range map[string]fs.FileMode{cache: 0o600, filepath.Dir(cache): 0o700, filepath.Dir(filepath.Dir(cache)): 0o700} {
		info, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		if info.Mode().Perm() != want {
			t.Errorf("%s: mode %v, want %v", p, info.Mode().Perm(), want)
		}
	}
	in := readCache(t, dir)
	if files, _ := in["files"].(map[string]any); files["data/values.csv"] == nil {
		t.Fatalf("the stat cache does not hold data/values.csv:\n%v", in)
	}
	public := filepath.Join(dir, "public")
	with := tree(t, public)
	for p, b := range with {
		for _, s := range []string{`"mtime"`, `"taken"`, `"ino"`} {
			if bytes.Contains(b, []byte(s)) {
				t.Errorf("%s holds %s", p, s)
			}
		}
	}
	if err := os.Remove(cache); err != nil {
		t.Fatal(err)
	}
	os.RemoveAll(public)
	mustBuild(t, dir)
	without := tree(t, public)
	if len(with) != len(without) {
		t.Errorf("built with a stat cache, the output has %d files; without, %d", len(with), len(without))
	}
	for p, b := range with {
		if !bytes.Equal(b, without[p]) {
			t.Errorf("%s differs between builds with a stat cache and without:\n%s\n%s", p, b, without[p])
		}
	}
}

// TestEachSiteAndOutputHasItsOwnStatCache: the cache is named by the
// absolute site and output folders, so a relative path names the same
// one, and another site or output folder another.
func TestEachSiteAndOutputHasItsOwnStatCache(t *testing.T) {
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	a := statCachePath("site", "site/public")
	if a == "" {
		t.Fatal("no user cache folder")
	}
	if abs := statCachePath(filepath.Join(wd, "site"), filepath.Join(wd, "site", "public")); abs != a {
		t.Errorf("relative and absolute paths name %s and %s", a, abs)
	}
	for _, other := range [][2]string{{"site", "site/out"}, {"other", "site/public"}, {"sitesite", "/public"}} {
		if p := statCachePath(other[0], other[1]); p == a {
			t.Errorf("%v shares the cache of site, site/public", other)
		}
	}
}

// TestAnUnwritableCacheFolderIsNoCache: with the user's cache folder a
// regular file, a build says nothing of it, and an unchanged rebuild (its
// site key made by reading every file) renders nothing.
func TestAnUnwritableCacheFolderIsNoCache(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("XDG_CACHE_HOME names the user's cache folder on Linux")
	}
	file := filepath.Join(t.TempDir(), "cache")
	if err := os.WriteFile(file, []byte("not a folder\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Setenv("XDG_CACHE_HOME", file)
	dir := agedSite(t) // fails on any word on stderr
	if out := mustBuild(t, dir); !strings.Contains(out, "nothing rendered") {
		t.Fatalf("an unchanged rebuild without a stat cache rendered:\n%s", out)
	}
	if b, _ := os.ReadFile(file); string(b) != "not a folder\n" {
		t.Errorf("the cache folder's file became %q", b)
	}
}

// TestATouchRewritesTheCacheWhenNothingIsRendered: a file touched (its
// bytes the same) renders nothing, and the cache is written again with
// its new stats, so the next build need not read it again.
func TestATouchRewritesTheCacheWhenNothingIsRendered(t *testing.T) {
	dir := agedSite(t)
	values := filepath.Join(dir, "data", "values.csv")
	halfHour := time.Now().Add(-30 * time.Minute).Truncate(time.Second)
	if err := os.Chtimes(values, halfHour, halfHour); err != nil {
		t.Fatal(err)
	}
	if out := mustBuild(t, dir); !strings.Contains(out, "nothing rendered") {
		t.Fatalf("a touch rendered:\n%s", out)
	}
	st := readCache(t, dir)["files"].(map[string]any)["data/values.csv"].(map[string]any)
	if got := st["mtime"].(json.Number).String(); got != strconv.FormatInt(halfHour.UnixNano(), 10) {
		t.Errorf("the cache holds values.csv's modification time %s, want the touch's %d", got, halfHour.UnixNano())
	}
}

// TestNoReuseIgnoresTheCache: --no-reuse reads every file, whatever the
// stat cache says, and writes the cache afresh.
func TestNoReuseIgnoresTheCache(t *testing.T) {
	dir := agedSite(t)
	good := readCache(t, dir)["files"].(map[string]any)["data/values.csv"].(map[string]any)["sum"]
	editCache(t, dir, wrongSums)
	mustBuild(t, dir, "--no-reuse")
	if got := readCache(t, dir)["files"].(map[string]any)["data/values.csv"].(map[string]any)["sum"]; got != good {
		t.Errorf("after --no-reuse, the cache holds values.csv's sum %v, want %v", got, good)
	}
	if out := mustBuild(t, dir); !strings.Contains(out, "nothing rendered") {
		t.Fatalf("an unchanged rebuild after --no-reuse rendered:\n%s", out)
	}
}

// TestAnEditThatKeepsSizeAndMTimeRerenders: a figure edited to one of the
// same width, its file's modification time put back (its change time
// moves), is an edit.
func TestAnEditThatKeepsSizeAndMTimeRerenders(t *testing.T) {
	dir := agedSite(t)
	values := filepath.Join(dir, "data", "values.csv")
	was, err := os.Stat(values)
	if err != nil {
		t.Fatal(err)
	}
	edit(t, values, func(s string) string { return strings.Replace(s, "nps,2026-03,41", "nps,2026-03,47", 1) })
	if err := os.Chtimes(values, was.ModTime(), was.ModTime()); err != nil {
		t.Fatal(err)
	}
	if out := mustBuild(t, dir); strings.Contains(out, "nothing rendered") {
		t.Fatalf("an edit that kept size and modification time rendered nothing:\n%s", out)
	}
	sameAsFresh(t, dir)
}

// TestASameSizeEditJustAfterABuildRerenders: a file written, built, and
// written again at once with other bytes of the same size, is an edit,
// though its stats may be the ones recorded (the same clock tick). On a
// file system with fine timestamps every write changes the modification
// time, so this passes without the racy rule too: site's
// TestAnEditInTheSameTickIsRead is the one that fails without it.
func TestASameSizeEditJustAfterABuildRerenders(t *testing.T) {
	dir := smallSite(t)
	values := filepath.Join(dir, "data", "values.csv")
	for i, figure := range []string{"43", "44", "45"} {
		mustBuild(t, dir)
		edit(t, values, func(s string) string {
			old := s[strings.Index(s, "nps,2026-03,"):][:len("nps,2026-03,41")]
			return strings.Replace(s, old, "nps,2026-03,"+figure, 1)
		})
		if out := mustBuild(t, dir); strings.Contains(out, "nothing rendered") {
			t.Fatalf("edit %d, at once after a build, rendered nothing:\n%s", i+1, out)
		}
	}
	sameAsFresh(t, dir)
}

// TestWritingACachePrunesTheFolder: when a build writes a stat cache, the
// caches no build has used for 90 days (a deleted or moved site's) and the
// temporary files older than an hour (a killed build's) go; a cache used
// within the 90 days and a temporary file being written now stay. An
// unchanged rebuild, which writes no cache, touches its own when it is
// older than a day, so that a site rebuilt unchanged for months keeps it.
func TestWritingACachePrunesTheFolder(t *testing.T) {
	dir := agedSite(t)
	cache := cacheOf(t, dir)
	stat := filepath.Dir(cache)
	now := time.Now()
	aged := map[string]time.Duration{
		"gone.json":         91 * 24 * time.Hour,
		"gone.parts":        91 * 24 * time.Hour,
		"gone.values":       91 * 24 * time.Hour,
		"recent.json":       89 * 24 * time.Hour,
		"recent.values":     89 * 24 * time.Hour,
		"killed.json.1.tmp": 2 * time.Hour,
		"busy.json.2.tmp":   time.Minute,
	}
	for name, age := range aged {
		p := filepath.Join(stat, name)
		if err := os.WriteFile(p, []byte("{}"), 0o600); err != nil {
			t.Fatal(err)
		}
		if err := os.Chtimes(p, now.Add(-age), now.Add(-age)); err != nil {
			t.Fatal(err)
		}
	}
	twoDays := now.Add(-48 * time.Hour)
	if err := os.Chtimes(cache, twoDays, twoDays); err != nil {
		t.Fatal(err)
	}
	if out := mustBuild(t, dir); !strings.Contains(out, "nothing rendered") {
		t.Fatalf("an unchanged rebuild rendered:\n%s", out)
	}
	if fi, err := os.Stat(cache); err != nil || now.Sub(fi.ModTime()) > time.Hour {
		t.Errorf("the site's cache, two days old, was not touched by its unchanged rebuild: %v", err)
	}
	for name := range aged {
		if _, err := os.Stat(filepath.Join(stat, name)); err != nil {
			t.Errorf("%s went with no cache written: %v", name, err)
		}
	}
	values := filepath.Join(dir, "data", "values.csv")
	if err := os.Chtimes(values, now, now); err != nil { // the cache is written again
		t.Fatal(err)
	}
	mustBuild(t, dir)
	for name, wantGone := range map[string]bool{"gone.json": true, "gone.parts": true, "gone.values": true, "killed.json.1.tmp": true,
		"recent.json": false, "recent.values": false, "busy.json.2.tmp": false} {
		_, err := os.Stat(filepath.Join(stat, name))
		if gone := errors.Is(err, fs.ErrNotExist); gone != wantGone {
			t.Errorf("%s (last used %v ago): gone %v, want %v", name, aged[name], gone, wantGone)
		}
	}
	if _, err := os.Stat(cache); err != nil {
		t.Errorf("the site's own cache: %v", err)
	}
}
