package cli

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

var shortcodeRE = regexp.MustCompile(`\{\{<.*?>\}\}`)

// TestNewReviewOnTheExample starts 2026-11 on the example site: the same
// section files as 2026-10, titles moved to November, status draft, every
// shortcode kept, the prose replaced; the site still builds with drafts.
func TestNewReviewOnTheExample(t *testing.T) {
	dir := copySite(t)
	code, stdout, stderr := run("new", "review", "2026-11", "-s", dir)
	if code != 0 {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	if !strings.Contains(stdout, "created content/reviews/2026-11, shaped like 2026-10:") {
		t.Errorf("stdout: %s", stdout)
	}
	prev := filepath.Join(dir, "content", "reviews", "2026-10")
	next := filepath.Join(dir, "content", "reviews", "2026-11")
	names := func(d string) []string {
		var out []string
		entries, _ := os.ReadDir(d)
		for _, e := range entries {
			if strings.HasSuffix(e.Name(), ".md") {
				out = append(out, e.Name())
			}
		}
		return out
	}
	if !slices.Equal(names(prev), names(next)) {
		t.Fatalf("files %v, want %v", names(next), names(prev))
	}
	for _, name := range names(prev) {
		old, _ := os.ReadFile(filepath.Join(prev, name))
		cur, _ := os.ReadFile(filepath.Join(next, name))
		if !slices.Equal(shortcodeRE.FindAllString(string(old), -1), shortcodeRE.FindAllString(string(cur), -1)) {
			t.Errorf("%s: shortcodes differ\nold %q\nnew %q", name, shortcodeRE.FindAllString(string(old), -1), shortcodeRE.FindAllString(string(cur), -1))
		}
		if strings.Contains(string(cur), "Slack") {
			t.Errorf("%s: the previous month's prose was copied", name)
		}
	}
	index, _ := os.ReadFile(filepath.Join(next, "index.md"))
	for _, want := range []string{"title: November 2026 operating review\n", "status: draft\n", "_Write: what moved, why, and what you ask for._"} {
		if !strings.Contains(string(index), want) {
			t.Errorf("index.md lacks %q:\n%s", want, index)
		}
	}
	if strings.Contains(string(index), "date:") {
		t.Error("the previous meeting date was kept")
	}
	if code, _, stderr := run("build", "-s", dir, "--drafts"); code != 0 {
		t.Fatalf("build with the new draft: exit %d\n%s", code, stderr)
	}

	before, _ := treeHash(next)
	code, _, stderr = run("new", "review", "2026-11", "-s", dir)
	if code != 1 || !strings.Contains(stderr, "content/reviews/2026-11 already exists; nothing changed") {
		t.Errorf("existing folder: exit %d %s", code, stderr)
	}
	if after, _ := treeHash(next); after != before {
		t.Error("a refused new review changed the folder")
	}
	if code, _, stderr := run("new", "review", "next", "-s", dir); code != 2 || !strings.Contains(stderr, `"next" is not a month like 2026-11`) {
		t.Errorf("bad period: exit %d %s", code, stderr)
	}
}

// TestNewReviewFirst makes a site's first review when there is none to copy.
func TestNewReviewFirst(t *testing.T) {
	dir := t.TempDir()
	code, stdout, stderr := run("new", "review", "2026-01", "-s", dir)
	if code != 0 || !strings.Contains(stdout, "no earlier review") {
		t.Fatalf("exit %d\n%s%s", code, stdout, stderr)
	}
	b, _ := os.ReadFile(filepath.Join(dir, "content", "reviews", "2026-01", "index.md"))
	if !strings.HasPrefix(string(b), "---\ntitle: January 2026 operating review\nstatus: draft\n---\n") {
		t.Errorf("index.md:\n%s", b)
	}
}
