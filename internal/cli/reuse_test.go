package cli

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// closedDemo makes a small demo site whose 13 oldest reviews are closed,
// and builds it once.
func closedDemo(t testing.TB) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "site")
	if code, _, stderr := run("new", "site", dir, "--demo", "--months", "15", "--kpis", "12"); code != 0 {
		t.Fatalf("new site: exit %d\n%s", code, stderr)
	}
	entries, err := os.ReadDir(filepath.Join(dir, "content", "reviews"))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries[:13] {
		if code, _, stderr := run("close", e.Name(), "-s", dir, "--force"); code != 0 {
			t.Fatalf("close %s: exit %d\n%s", e.Name(), code, stderr)
		}
	}
	if code, _, stderr := run("build", "-s", dir); code != 0 {
		t.Fatalf("first build: exit %d\n%s", code, stderr)
	}
	return dir
}

var reusedCount = regexp.MustCompile(`(\d+) closed reviews? reused`)

// build builds the site into public/ and returns how many closed reviews
// it reused.
func buildReusing(t testing.TB, dir string) int {
	t.Helper()
	code, stdout, stderr := run("build", "-s", dir)
	if code != 0 {
		t.Fatalf("build: exit %d\n%s", code, stderr)
	}
	m := reusedCount.FindStringSubmatch(stdout)
	if m == nil {
		return 0
	}
	n, _ := strconv.Atoi(m[1])
	return n
}

// tree reads every file below dir.
func tree(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || !d.Type().IsRegular() {
			return err
		}
		b, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		out[filepath.ToSlash(rel)] = b
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// sameAsFresh checks that public/ holds exactly what a build that reuses
// nothing makes.
func sameAsFresh(t *testing.T, dir string) {
	t.Helper()
	fresh := filepath.Join(t.TempDir(), "fresh")
	if code, _, stderr := run("build", "-s", dir, "-d", fresh, "--no-reuse"); code != 0 {
		t.Fatalf("fresh build: exit %d\n%s", code, stderr)
	}
	got, want := tree(t, filepath.Join(dir, "public")), tree(t, fresh)
	// The records differ in their site key: the fresh build's reads the
	// site folder with public/ in it, public/'s leaves public/ out.
	delete(got, ".opsreport-reuse.json")
	delete(want, ".opsreport-reuse.json")
	for p, b := range want {
		if !bytes.Equal(got[p], b) {
			t.Errorf("%s differs from a build without reuse", p)
		}
	}
	for p := range got {
		if _, ok := want[p]; !ok {
			t.Errorf("%s is not in a build without reuse", p)
		}
	}
}

func edit(t *testing.T, file string, f func(string) string) {
	t.Helper()
	b, err := os.ReadFile(file)
	if err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
	s := f(string(b))
	if s == string(b) {
		t.Fatalf("the edit of %s changed nothing", file)
	}
	if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(file, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestUnchangedRebuildReusesClosedReviews: a second build with nothing
// changed takes every closed review over, and its output is a build's
// without reuse byte for byte.
func TestUnchangedRebuildReusesClosedReviews(t *testing.T) {
	dir := closedDemo(t)
	// Nothing changed at all: nothing is rendered.
	code, stdout, stderr := run("build", "-s", dir)
	if code != 0 || !strings.Contains(stdout, "inputs unchanged since the last build, nothing rendered; 0 written") {
		t.Errorf("unchanged rebuild: exit %d\n%s%s", code, stdout, stderr)
	}
	sameAsFresh(t, dir)
	// The open review's narrative edited: every closed review is reused.
	entries, err := os.ReadDir(filepath.Join(dir, "content", "reviews"))
	if err != nil {
		t.Fatal(err)
	}
	edit(t, filepath.Join(dir, "content", "reviews", entries[len(entries)-1].Name(), "index.md"), func(s string) string { return s + "\nA new line.\n" })
	if n := buildReusing(t, dir); n != 13 {
		t.Errorf("after an edit of the open review, %d closed reviews were reused, want 13", n)
	}
	sameAsFresh(t, dir)
	// A build told not to reuse reuses nothing, and a damaged record
	// makes the build render everything, not fail.
	if code, stdout, _ := run("build", "-s", dir, "--no-reuse"); code != 0 || strings.Contains(stdout, "reused") {
		t.Errorf("--no-reuse: exit %d, %s", code, stdout)
	}
	if err := os.WriteFile(filepath.Join(dir, "public", ".opsreport-reuse.json"), []byte("{not json"), 0o644); err != nil {
		t.Fatal(err)
	}
	if n := buildReusing(t, dir); n != 0 {
		t.Errorf("a build after the record was damaged reused %d reviews", n)
	}
	sameAsFresh(t, dir)
	// A reused file gone from the output renders its review again.
	os.Remove(filepath.Join(dir, "public", "reviews", oldest(t, dir), "pack.html"))
	if n := buildReusing(t, dir); n != 12 {
		t.Errorf("with one review's pack.html removed, %d reviews were reused, want 12", n)
	}
	sameAsFresh(t, dir)
	// A build that warned is never skipped: its warning is printed again.
	if err := os.WriteFile(filepath.Join(dir, "data", "old.ods"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	for i := range 2 {
		code, stdout, stderr := run("build", "-s", dir)
		if code != 0 || strings.Contains(stdout, "nothing rendered") || !strings.Contains(stderr, "data/old.ods") {
			t.Errorf("build %d with a warning: exit %d\n%s%s", i+1, code, stdout, stderr)
		}
	}
}

func oldest(t testing.TB, dir string) string {
	entries, err := os.ReadDir(filepath.Join(dir, "content", "reviews"))
	if err != nil {
		t.Fatal(err)
	}
	return entries[0].Name()
}

// TestAChangedInputRerenders changes one input of each kind a closed
// review's page reads and checks that the reviews it touches render again,
// to the bytes a build without reuse makes.
func TestAChangedInputRerenders(t *testing.T) {
	review := func(dir, name string) string {
		return filepath.Join(dir, "content", "reviews", oldest(t, dir), name)
	}
	for _, tc := range []struct {
		name   string
		change func(t *testing.T, dir string)
		reused int // closed reviews still reused
	}{
		// A narrative of the oldest review, or of one in the middle:
		// only it renders again, from its snapshot read whole; the one
		// before it, whose restatements its page notes, is read whole
		// but still reused, and the one after it, whose page shows the
		// edited review's link and restatements but no narrative of it,
		// is reused. Its title or snapshot: the one after it renders
		// too.
		{"narrative in the middle", func(t *testing.T, dir string) {
			entries, err := os.ReadDir(filepath.Join(dir, "content", "reviews"))
			if err != nil {
				t.Fatal(err)
			}
			edit(t, filepath.Join(dir, "content", "reviews", entries[6].Name(), "20-sales.md"), func(s string) string { return s + "\nOne more sentence.\n" })
		}, 12},
		// The KPI pages list each narrative's mentions by its review's
		// title: they render again too (sameAsFresh compares them).
		{"mention", func(t *testing.T, dir string) {
			edit(t, review(dir, "20-sales.md"), func(s string) string { return s + "\nUptime: {{< value uptime >}}.\n" })
		}, 12},
		{"title", func(t *testing.T, dir string) {
			edit(t, review(dir, "index.md"), func(s string) string {
				return strings.Replace(s, "operating review\n", "operating review, as presented\n", 1)
			})
		}, 11},
		{"snapshot", func(t *testing.T, dir string) {
			edit(t, review(dir, "snapshot.csv"), func(s string) string {
				lines := strings.SplitN(s, "\n", 3)
				lines[1] += "edited"
				return strings.Join(lines, "\n")
			})
		}, 11},
		{"narrative", func(t *testing.T, dir string) {
			edit(t, review(dir, "index.md"), func(s string) string { return s + "\nOne more sentence.\n" })
		}, 12},
		{"registers", func(t *testing.T, dir string) {
			edit(t, review(dir, "registers.csv"), func(s string) string { return strings.Replace(s, "risk,R-01,A", "risk,R-01,The", 1) })
		}, 12},
		// The home page's own text: every closed review is reused, the
		// home page rendered again (sameAsFresh compares it).
		{"home page text", func(t *testing.T, dir string) {
			edit(t, filepath.Join(dir, "content", "_index.md"), func(s string) string { return s + "\nWelcome to the board.\n" })
		}, 13},
		{"template", func(t *testing.T, dir string) {
			edit(t, filepath.Join(dir, "templates", "review.html"), func(string) string {
				b, err := os.ReadFile(filepath.Join("..", "..", "templates", "review.html"))
				if err != nil {
					t.Fatal(err)
				}
				return string(b) + "{{/* a site's own copy */}}<!-- own -->"
			})
		}, 0},
		{"theme", func(t *testing.T, dir string) {
			edit(t, filepath.Join(dir, "theme", "css", "custom.css"), func(string) string { return "body { margin: 0 }\n" })
		}, 0},
		{"config", func(t *testing.T, dir string) {
			edit(t, filepath.Join(dir, "opsreport.yaml"), func(s string) string {
				return strings.Replace(s, "title: Lumenfield operating reviews", "title: Lumenfield reviews", 1)
			})
		}, 0},
		// A value corrected in data/ for the oldest month: every closed
		// review's page notes the restatement.
		{"live data", func(t *testing.T, dir string) {
			edit(t, filepath.Join(dir, "data", "operations", "actuals.csv"), func(s string) string {
				lines := strings.SplitN(s, "\n", 3)
				// The row's last digit, one up: still a number, another value.
				i := strings.LastIndexAny(lines[1], "0123456789")
				lines[1] = lines[1][:i] + string('0'+(lines[1][i]-'0'+1)%10) + lines[1][i+1:]
				return strings.Join(lines, "\n")
			})
		}, 0},
		{"catalog", func(t *testing.T, dir string) {
			edit(t, filepath.Join(dir, "data", "kpis.yaml"), func(s string) string {
				return strings.Replace(s, "name: Annual recurring revenue", "name: Recurring revenue, annual", 1)
			})
		}, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := closedDemo(t)
			tc.change(t, dir)
			if n := buildReusing(t, dir); n != tc.reused {
				t.Errorf("after a change of the %s, %d closed reviews were reused, want %d", tc.name, n, tc.reused)
			}
			sameAsFresh(t, dir)
		})
	}
}

// TestARestatementWarnsWhenItsReviewIsReused: a value corrected in data/
// after the reviews were closed warns for each of them, and a build that
// then reuses them (reading their snapshots only in part) prints the same
// warnings again, taken from the record.
func TestARestatementWarnsWhenItsReviewIsReused(t *testing.T) {
	dir := closedDemo(t)
	correctFirstActual(t, dir)
	code, _, first := run("build", "-s", dir)
	if code != 0 {
		t.Fatalf("build after the correction: exit %d\n%s", code, first)
	}
	restated := "content/reviews/" + oldest(t, dir) + "/snapshot.csv: warning: restated since the review was closed"
	if n := strings.Count(first, "restated since the review was closed"); n != 13 || !strings.Contains(first, restated) {
		t.Fatalf("build after the correction: %d restatement warnings, want 13, one %q:\n%s", n, restated, first)
	}
	entries, err := os.ReadDir(filepath.Join(dir, "content", "reviews"))
	if err != nil {
		t.Fatal(err)
	}
	edit(t, filepath.Join(dir, "content", "reviews", entries[len(entries)-1].Name(), "index.md"), func(s string) string { return s + "\nA new line.\n" })
	code, stdout, again := run("build", "-s", dir)
	if code != 0 || !strings.Contains(stdout, "13 closed reviews reused") {
		t.Fatalf("build after an edit of the open review: exit %d, want 13 closed reviews reused\n%s%s", code, stdout, again)
	}
	if again != first {
		t.Errorf("the build reusing the closed reviews printed\n%s\nthe one rendering them\n%s", again, first)
	}
	sameAsFresh(t, dir)
}

// correctFirstActual changes the last digit of the first value in the
// demo's operations actuals: a month before every review's.
func correctFirstActual(t *testing.T, dir string) {
	edit(t, filepath.Join(dir, "data", "operations", "actuals.csv"), func(s string) string {
		lines := strings.SplitN(s, "\n", 3)
		i := strings.LastIndexAny(lines[1], "0123456789")
		lines[1] = lines[1][:i] + string('0'+(lines[1][i]-'0'+1)%10) + lines[1][i+1:]
		return strings.Join(lines, "\n")
	})
}

// TestRestatedNotesOnThePages: after a correction of a month before every
// review, each closed review's page notes its own restatement, and the
// next review's page (closed or not) notes its predecessor's, linking it;
// no closed review's pack notes any, and the oldest review, with none
// before it, only its own. The notes are compared from each snapshot read whole when the site
// was loaded, while the review keeps only some rows of it.
func TestRestatedNotesOnThePages(t *testing.T) {
	dir := closedDemo(t)
	correctFirstActual(t, dir)
	if code, _, stderr := run("build", "-s", dir); code != 0 {
		t.Fatalf("build: exit %d\n%s", code, stderr)
	}
	entries, err := os.ReadDir(filepath.Join(dir, "content", "reviews"))
	if err != nil {
		t.Fatal(err)
	}
	const own = "Restated since this review was closed</strong>: 1 value in the data changed."
	for i, e := range entries {
		page, err := os.ReadFile(filepath.Join(dir, "public", "reviews", e.Name(), "index.html"))
		if os.IsNotExist(err) && i == len(entries)-1 {
			continue // the newest review is a draft, not built
		}
		if err != nil {
			t.Fatal(err)
		}
		closed := i < 13
		if got := bytes.Contains(page, []byte(own)); got != closed {
			t.Errorf("%s (closed: %v): notes its own restatement: %v", e.Name(), closed, got)
		}
		prev := ""
		if i > 0 {
			prev = entries[i-1].Name()
		}
		note := `Restated since <a href="../` + prev + `/index.html">`
		if want := i > 0 && i <= 13; bytes.Contains(page, []byte(note)) != want {
			t.Errorf("%s: notes the restatement of %q: %v, want %v", e.Name(), prev, !want, want)
		}
		pack, err := os.ReadFile(filepath.Join(dir, "public", "reviews", e.Name(), "pack.html"))
		if err != nil {
			t.Fatal(err)
		}
		// A closed review's pack shows what the board saw; the next
		// review's tells its board the last one's figures moved.
		if want := i == 13; bytes.Contains(pack, []byte("Restated since")) != want {
			t.Errorf("%s (closed: %v): its pack notes a restatement: %v, want %v", e.Name(), closed, !want, want)
		}
	}
}

// BenchmarkUnchangedRebuild is `opsreport build` run again on a 15-month
// demo whose 13 oldest reviews are closed: with nothing changed (the site
// key matches, nothing is rendered), and with the open review's narrative
// edited before each build (every closed review is taken over).
func BenchmarkUnchangedRebuild(b *testing.B) {
	dir := closedDemo(b)
	b.Run("unchanged", func(b *testing.B) {
		for b.Loop() {
			if code, stdout, _ := run("build", "-s", dir); code != 0 || !strings.Contains(stdout, "nothing rendered") {
				b.Fatal(stdout)
			}
		}
	})
	entries, err := os.ReadDir(filepath.Join(dir, "content", "reviews"))
	if err != nil {
		b.Fatal(err)
	}
	open := filepath.Join(dir, "content", "reviews", entries[len(entries)-1].Name(), "index.md")
	b.Run("open-review-edited", func(b *testing.B) {
		i := 0
		for b.Loop() {
			i++
			b.StopTimer()
			f, err := os.OpenFile(open, os.O_APPEND|os.O_WRONLY, 0)
			if err != nil {
				b.Fatal(err)
			}
			f.WriteString("\nEdit " + strconv.Itoa(i) + ".\n")
			f.Close()
			b.StartTimer()
			if n := buildReusing(b, dir); n != 13 {
				b.Fatalf("reused %d closed reviews, want 13", n)
			}
		}
	})
}

// TestARenderWarningIsKeptWhenItsReviewIsReused: a warning found while
// rendering a closed review (a flat bar chart in its narrative) is
// printed again by a build that takes the review over instead of
// rendering it.
func TestARenderWarningIsKeptWhenItsReviewIsReused(t *testing.T) {
	dir := closedDemo(t)
	entries, err := os.ReadDir(filepath.Join(dir, "content", "reviews"))
	if err != nil {
		t.Fatal(err)
	}
	closed := entries[12].Name() // the newest closed review: a year of months before it
	edit(t, filepath.Join(dir, "content", "reviews", closed, "index.md"), func(s string) string {
		return s + "\n{{< chart uptime type=\"bar\" months=\"6\" >}}\n"
	})
	code, _, first := run("build", "-s", dir)
	if code != 0 {
		t.Fatalf("build with the bar chart: exit %d\n%s", code, first)
	}
	flat := "content/reviews/" + closed + "/index.md"
	if !strings.Contains(first, flat) || !strings.Contains(first, "chart uptime: its bars lie within") {
		t.Fatalf("build with the bar chart: no flat-bar warning at %s:\n%s", flat, first)
	}
	edit(t, filepath.Join(dir, "content", "reviews", entries[len(entries)-1].Name(), "index.md"), func(s string) string { return s + "\nA new line.\n" })
	code, stdout, again := run("build", "-s", dir)
	if code != 0 || !strings.Contains(stdout, "13 closed reviews reused") {
		t.Fatalf("build after an edit of the open review: exit %d, want 13 closed reviews reused\n%s%s", code, stdout, again)
	}
	if again != first {
		t.Errorf("the build reusing the closed review printed\n%s\nthe one rendering it\n%s", again, first)
	}
}

// TestAnEditThroughASymlinkRerenders: a data file linked into data/ from
// another folder of the site (exports/) is read through the link, so an edit of
// its target is a changed input, not an unchanged site.
func TestAnEditThroughASymlinkRerenders(t *testing.T) {
	dir := closedDemo(t)
	tickets := filepath.Join(dir, "data", "support", "tickets.csv")
	target := filepath.Join(dir, "exports", "tickets.csv") // in the site folder, which is all it reads
	if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(tickets, target); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join("..", "..", "exports", "tickets.csv"), tickets); err != nil {
		t.Skipf("no symbolic links here: %v", err)
	}
	if code, _, stderr := run("build", "-s", dir); code != 0 {
		t.Fatalf("build with the link: exit %d\n%s", code, stderr)
	}
	edit(t, target, func(s string) string {
		lines := strings.Split(s, "\n")
		return strings.Join(append(lines[:1], lines[2:]...), "\n") // one ticket fewer
	})
	code, stdout, stderr := run("build", "-s", dir)
	if code != 0 {
		t.Fatalf("build after the edit: exit %d\n%s", code, stderr)
	}
	if strings.Contains(stdout, "nothing rendered") {
		t.Fatalf("build after an edit through the link rendered nothing:\n%s", stdout)
	}
	sameAsFresh(t, dir)
}
