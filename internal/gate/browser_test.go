package gate_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/opsreport/opsreport/internal/gate"
	"github.com/opsreport/opsreport/internal/serve"
)

// TestBrowserGate opens every page of the example site from file:// in
// Chromium: no console error, no uncaught exception, no failed request,
// nothing fetched from another host, every chart drawn.
func TestBrowserGate(t *testing.T) {
	b := newBrowser(t)
	dir := exampleSite(t)
	files := siteFiles(t, dir)
	var charts, drawn, findings int
	kinds := map[string]bool{}
	for _, p := range sitePages(dir, files) {
		r, err := b.Check(p)
		if err != nil {
			t.Fatal(err)
		}
		kinds[gate.Kind(p.Name)] = true
		charts += r.Charts
		drawn += r.Drawn
		findings += len(r.Findings)
		for _, f := range r.Findings {
			t.Error(f)
		}
		keepScreenshot(t, r)
	}
	if charts == 0 {
		t.Error("no chart on any page: the chart check checked nothing")
	}
	report(t, "browser: %d pages (%d kinds) from file://, %d charts, %d drawn, %d findings",
		len(files), len(kinds), charts, drawn, findings)
}

// TestBrowserGateCatches: each deliberately broken page makes the browser
// gate report the matching finding; the good page makes it report none.
func TestBrowserGateCatches(t *testing.T) {
	b := newBrowser(t)
	b.ChartWait = time.Second // the undrawn chart would otherwise hold the test for the default wait
	cases := []struct {
		page gate.Page
		rule string // "" for no finding at all
		want string // in the finding's message
	}{
		{fixture("good.html"), "", ""},
		{fixture("throws.html"), "exception", "deliberate failure in a gate fixture"},
		{fixture("console.html"), "console", "deliberate console error"},
		{fixture("undrawn.html"), "chart", `chart "arr-chart" not drawn`},
		{fixture("missing.html"), "request", "no-such-picture.png"},
		{fixture("external.html").WithoutNetwork(), "request", "request leaves the site: https://example.com/picture.png"},
	}
	for _, c := range cases {
		t.Run(c.page.Name, func(t *testing.T) {
			r, err := b.Check(c.page)
			if err != nil {
				t.Fatal(err)
			}
			if c.rule == "" {
				for _, f := range r.Findings {
					t.Errorf("good page: unexpected finding %s", f)
				}
				if r.Charts != 1 || r.Drawn != 1 {
					t.Errorf("good page: %d charts, %d drawn; want 1 and 1", r.Charts, r.Drawn)
				}
				if r.Screenshot != nil {
					t.Error("good page: screenshot taken with no finding")
				}
				return
			}
			if !hasFinding(r.Findings, c.rule, c.want) {
				t.Errorf("want a %q finding containing %q; got %v", c.rule, c.want, r.Findings)
			}
			if len(r.Screenshot) < 8 || string(r.Screenshot[1:4]) != "PNG" {
				t.Errorf("no PNG screenshot kept for a failing page (%d bytes)", len(r.Screenshot))
			}
			for _, f := range r.Findings {
				if f.Page != c.page.Name {
					t.Errorf("finding names page %q, want %q", f.Page, c.page.Name)
				}
			}
		})
	}
}

func hasFinding(fs []gate.Finding, rule, text string) bool {
	for _, f := range fs {
		if f.Rule == rule && strings.Contains(f.Message, text) {
			return true
		}
	}
	return false
}

// lockedBuffer collects what the server prints from its own goroutines.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// TestBrowserGateOverPreview opens one page of every kind through the
// preview server (opsreport serve) rather than from file://: the served
// pages carry the live-reload script, which must add no console error and
// no failed request, and every chart must still be drawn.
func TestBrowserGateOverPreview(t *testing.T) {
	b := newBrowser(t)
	dir := exampleSite(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var stderr lockedBuffer
	srv, err := serve.Start(ctx, serve.Config{Dir: "../..", Addr: "127.0.0.1:0", Stderr: &stderr})
	if err != nil {
		t.Fatal(err)
	}
	defer func() { cancel(); srv.Wait() }()
	// A failed first build would serve nothing but 404s: say why.
	resp, err := http.Get(strings.TrimSuffix(srv.URL(), "/") + "/_opsreport/status")
	if err != nil {
		t.Fatal(err)
	}
	var status struct {
		Errors []json.RawMessage `json:"errors"`
	}
	err = json.NewDecoder(resp.Body).Decode(&status)
	resp.Body.Close()
	if err != nil || len(status.Errors) > 0 {
		t.Fatalf("the preview server's build failed (%v):\n%s", err, stderr.String())
	}
	seen := map[string]bool{}
	var pages, charts, drawn int
	for _, f := range siteFiles(t, dir) {
		kind := gate.Kind(f)
		if seen[kind] {
			continue
		}
		seen[kind] = true
		r, err := b.Check(gate.URLPage(strings.TrimSuffix(srv.URL(), "/") + "/" + f))
		if err != nil {
			t.Fatal(err)
		}
		pages++
		charts += r.Charts
		drawn += r.Drawn
		for _, fd := range r.Findings {
			t.Error(fd)
		}
		keepScreenshot(t, r)
	}
	report(t, "browser: %d page kinds over the preview server, %d charts, %d drawn", pages, charts, drawn)
}
