package gate_test

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"

	opsreport "github.com/opsreport/opsreport"
	"github.com/opsreport/opsreport/internal/diag"
	"github.com/opsreport/opsreport/internal/gate"
	"github.com/opsreport/opsreport/internal/site"
)

// inCI is set by CI; there a gate whose tool is missing fails instead of
// skipping, so a green run always means the gates ran.
var inCI = os.Getenv("CI") == "true"

// need returns a tool's path, or skips the test (fails it under CI=true).
func need(t *testing.T, find func() (string, error)) string {
	t.Helper()
	p, err := find()
	if err == nil {
		return p
	}
	if inCI {
		t.Fatalf("CI=true and a gate's tool is missing: %v", err)
	}
	t.Skipf("gate not run: %v", err)
	return ""
}

// report prints a gate's one-line summary into the test log; .ci/run runs
// this package with -v so the counts show in CI's log.
func report(t *testing.T, format string, args ...any) {
	t.Helper()
	t.Logf("GATE "+format, args...)
}

var example struct {
	once sync.Once
	dir  string
	err  error
}

// exampleSite builds the repository's example site (drafts included, so
// every review is checked) once per test binary, into a temporary folder.
func exampleSite(t *testing.T) string {
	t.Helper()
	example.once.Do(func() { example.dir, example.err = buildExample() })
	if example.err != nil {
		t.Fatal(example.err)
	}
	return example.dir
}

func buildExample() (string, error) {
	var d diag.List
	out := site.Build(os.DirFS("../.."), site.Options{Look: opsreport.Builtin, Drafts: true}, &d)
	if out == nil || d.HasErrors() {
		var b bytes.Buffer
		d.Print(&b)
		return "", fmt.Errorf("the example site does not build:\n%s", b.String())
	}
	dir, err := os.MkdirTemp("", "opsreport-gate-")
	if err != nil {
		return "", err
	}
	for name, data := range out.Files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return "", err
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			return "", err
		}
	}
	return dir, nil
}

func TestMain(m *testing.M) {
	code := m.Run()
	if example.dir != "" {
		os.RemoveAll(example.dir)
	}
	os.Exit(code)
}

// siteFiles lists the built site's pages and checks every page kind is
// among them, so a gate never passes by checking nothing of a kind.
func siteFiles(t *testing.T, dir string) []string {
	t.Helper()
	files, err := gate.HTMLFiles(os.DirFS(dir))
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[string]int{}
	for _, f := range files {
		kinds[gate.Kind(f)]++
	}
	for _, k := range []string{"home", "reviews", "review", "kpis", "kpi", "pack"} {
		if kinds[k] == 0 {
			t.Fatalf("the example site has no page of kind %q; pages: %v", k, files)
		}
	}
	return files
}

// sitePages are the pages the browser gates open. A pack is opened with the
// network off; pages of the preview server join with one line each
// (pages = append(pages, gate.URLPage(srv.URL+"/reviews/index.html"))).
func sitePages(dir string, files []string) []gate.Page {
	pages := make([]gate.Page, 0, len(files))
	for _, f := range files {
		p := gate.FilePage(dir, f)
		if gate.Kind(f) == "pack" {
			p = p.WithoutNetwork()
		}
		pages = append(pages, p)
	}
	return pages
}

// newBrowser starts Chromium for one test, with a profile of its own.
func newBrowser(t *testing.T) *gate.Browser {
	t.Helper()
	exe := need(t, gate.Chromium)
	b, err := gate.NewBrowser(exe, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(b.Close)
	return b
}

var unsafeName = regexp.MustCompile(`[^A-Za-z0-9._-]+`)

// keepScreenshot saves a failing page's screenshot where `go test
// -artifacts` keeps it (a temporary folder otherwise) and logs the path.
func keepScreenshot(t *testing.T, r *gate.Report) {
	t.Helper()
	if len(r.Screenshot) == 0 {
		return
	}
	name := strings.Trim(unsafeName.ReplaceAllString(r.Page.Name, "_"), "_") + ".png"
	p := filepath.Join(t.ArtifactDir(), name)
	if err := os.WriteFile(p, r.Screenshot, 0o644); err != nil {
		t.Logf("screenshot of %s not saved: %v", r.Page.Name, err)
		return
	}
	t.Logf("screenshot of %s: %s", r.Page.Name, p)
}

func fixture(name string) gate.Page {
	return gate.FilePage("testdata/fixtures", name)
}
