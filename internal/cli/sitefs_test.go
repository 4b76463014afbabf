//go:build unix

package cli

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// TestOnlyTheSitesOwnFiles: a link that leaves the site folder, in any of
// the folders a build reads, is an error naming it, never read or
// published; a named pipe posing as a CSV or markdown file is an error, not
// a hang; a link inside the site is followed; a narrative over the cap is
// refused.
func TestOnlyTheSitesOwnFiles(t *testing.T) {
	outside := filepath.Join(t.TempDir(), "secret.txt")
	os.WriteFile(outside, []byte("root:x:0:0\n"), 0o644)
	link := func(name string) func(string) error {
		return func(dir string) error { return os.Symlink(outside, filepath.Join(dir, name)) }
	}
	fifo := func(name string) func(string) error {
		return func(dir string) error { return syscall.Mkfifo(filepath.Join(dir, name), 0o644) }
	}
	tests := []struct {
		name string
		make func(dir string) error
		want string
	}{
		{"section", link("content/reviews/2026-03/20-leak.md"),
			"content/reviews/2026-03/20-leak.md: cannot be read: it is a symbolic link that leads outside the site folder; opsreport reads only the site's own files"},
		{"image", link("content/reviews/2026-03/chart.png"),
			"content/reviews/2026-03/chart.png: cannot be read: it is a symbolic link that leads outside the site folder; opsreport reads only the site's own files"},
		{"review folder", func(dir string) error {
			return os.Symlink(filepath.Dir(outside), filepath.Join(dir, "content/reviews/2026-04"))
		}, "content/reviews/2026-04: cannot be read: it is a symbolic link that leads outside the site folder; opsreport reads only the site's own files"},
		{"theme", link("theme/site.css"),
			"theme/site.css: cannot be read: it is a symbolic link that leads outside the site folder; opsreport reads only the site's own files"},
		{"template", link("templates/review.html"),
			"templates/review.html: cannot be read: it is a symbolic link that leads outside the site folder; opsreport reads only the site's own files"},
		{"data", link("data/more.csv"),
			"data/more.csv: cannot be read: it is a symbolic link that leads outside the site folder; opsreport reads only the site's own files"},
		{"config", link("opsreport.yaml"),
			"opsreport.yaml: cannot be read: it is a symbolic link that leads outside the site folder; opsreport reads only the site's own files"},
		{"pipe as CSV", fifo("data/more.csv"), "data/more.csv: cannot be read: it is a named pipe, not a regular file"},
		{"pipe as markdown", fifo("content/reviews/2026-03/20-ops.md"),
			"content/reviews/2026-03/20-ops.md: cannot be read: it is a named pipe, not a regular file"},
		{"huge narrative", func(dir string) error {
			return os.WriteFile(filepath.Join(dir, "content/reviews/2026-03/20-ops.md"), []byte(strings.Repeat("word ", 300_000)), 0o644)
		}, "content/reviews/2026-03/20-ops.md: cannot be read: it is over 1 MB, more than a narrative can be"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := smallSite(t)
			if err := tt.make(dir); err != nil {
				t.Fatal(err)
			}
			for _, cmd := range []string{"check", "build"} {
				code, stdout, stderr := run(cmd, "-s", dir)
				first, _, _ := strings.Cut(stderr, "\n")
				if code != 1 || first != tt.want || strings.Contains(stdout, "root:x") {
					t.Errorf("%s: exit %d, stdout %q\nstderr:\n%s\nwant first line:\n%s", cmd, code, stdout, stderr, tt.want)
				}
			}
			if _, err := os.Stat(filepath.Join(dir, "public")); err == nil {
				t.Error("a failed build wrote public/")
			}
		})
	}
	t.Run("new review does not copy a linked section", func(t *testing.T) {
		dir := smallSite(t)
		link("content/reviews/2026-03/20-leak.md")(dir)
		code, stdout, stderr := run("new", "review", "2026-04", "-s", dir)
		want := "opsreport: content/reviews/2026-03/20-leak.md: it is a symbolic link that leads outside the site folder; opsreport reads only the site's own files\n"
		if code != 1 || stdout != "" || stderr != want {
			t.Errorf("exit %d, stdout %q, stderr %q\nwant %q", code, stdout, stderr, want)
		}
		if _, err := os.Stat(filepath.Join(dir, "content/reviews/2026-04")); err == nil {
			t.Error("the new review was written")
		}
	})
	t.Run("a link inside the site is followed", func(t *testing.T) {
		dir := smallSite(t)
		os.WriteFile(filepath.Join(dir, "shared.md"), []byte("Shared text.\n"), 0o644)
		os.Symlink("../../../shared.md", filepath.Join(dir, "content/reviews/2026-03/20-shared.md"))
		if code, _, stderr := run("build", "-s", dir); code != 0 {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		page, _ := os.ReadFile(filepath.Join(dir, "public/reviews/2026-03/index.html"))
		if !strings.Contains(string(page), "Shared text.") {
			t.Error("the linked section is not on the page")
		}
	})
}

// smallSite is a site folder with one KPI, its values and one final
// review, plus empty theme/ and templates/.
func smallSite(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	files := map[string]string{
		"data/kpis.yaml":                   catalogYAML,
		"data/values.csv":                  "kpi,period,actual\nnps,2026-03,41\nuptime,2026-03,99.95\n",
		"content/reviews/2026-03/index.md": "---\ntitle: March\nstatus: final\n---\nNPS {{< value nps >}}.\n",
	}
	for name, body := range files {
		os.MkdirAll(filepath.Join(dir, filepath.Dir(name)), 0o755)
		os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644)
	}
	os.MkdirAll(filepath.Join(dir, "theme"), 0o755)
	os.MkdirAll(filepath.Join(dir, "templates"), 0o755)
	return dir
}
