//go:build unix

package cli

import (
	"bytes"
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
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
func mustBuild(t *testing.T, dir string) string {
	t.Helper()
	code, stdout, stderr := run("build", "-s", dir)
	if code != 0 {
		t.Fatalf("build: exit %d\n%s", code, stderr)
	}
	return stdout
}

// editRecord rewrites public/'s ReuseFile: f edits its stat cache.
func editRecord(t *testing.T, dir string, f func(inputs map[string]any)) {
	t.Helper()
	file := filepath.Join(dir, "public", site.ReuseFile)
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	var rec map[string]any
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber() // nanoseconds are not float64s
	if err := dec.Decode(&rec); err != nil {
		t.Fatal(err)
	}
	inputs, _ := rec["inputs"].(map[string]any)
	if inputs == nil {
		t.Fatalf("the record has no stat cache:\n%s", b)
	}
	f(inputs)
	if b, err = json.Marshal(rec); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(file, b, 0o644); err != nil {
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

// TestAnUnchangedRebuildTakesTheRecordedSums: a rebuild of an unchanged
// site keys it with the sums its record holds, without reading the files:
// with those sums made wrong, it renders (the key differs), which a read
// of the files would not. With its stat cache from another opsreport, or
// gone, the files are read and the site is unchanged again.
func TestAnUnchangedRebuildTakesTheRecordedSums(t *testing.T) {
	dir := agedSite(t)
	if out := mustBuild(t, dir); !strings.Contains(out, "nothing rendered") {
		t.Fatalf("an unchanged rebuild rendered:\n%s", out)
	}
	good, err := os.ReadFile(filepath.Join(dir, "public", site.ReuseFile))
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
		{"no stat cache", func(in map[string]any) { clear(in) }, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if err := os.WriteFile(filepath.Join(dir, "public", site.ReuseFile), good, 0o644); err != nil {
				t.Fatal(err)
			}
			editRecord(t, dir, tt.edit)
			out := mustBuild(t, dir)
			if rendered := !strings.Contains(out, "nothing rendered"); rendered != tt.rendered {
				t.Errorf("rendered %v, want %v:\n%s", rendered, tt.rendered, out)
			}
		})
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
// though its stats may be the ones recorded (the same clock tick).
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
