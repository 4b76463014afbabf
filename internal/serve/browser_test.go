package serve

import (
	"context"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	opsreport "github.com/opsreport/opsreport"
)

// chromium finds the browser, or skips the test; on CI a missing browser
// is a failure, so the browser tests cannot silently stop running there.
func chromium(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if exe, err := exec.LookPath(name); err == nil {
			return exe
		}
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("no Chromium on CI: install it (apt-get install -y chromium)")
	}
	t.Skip("no Chromium installed (apt-get install -y chromium): skipping the browser test")
	return ""
}

// tab opens a headless Chromium tab for the test.
func tab(t *testing.T) context.Context {
	t.Helper()
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromium(t)),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.UserDataDir(t.TempDir()),
	)
	actx, acancel := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(actx)
	t.Cleanup(func() { cancel(); acancel() })
	// Start the browser on a context with no deadline: a deadline would end it.
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("start %s: %v", chromium(t), err)
	}
	return ctx
}

// eventually polls a JavaScript predicate until it holds. It polls from Go
// because a poll inside the page would not survive the reload under test.
func eventually(t *testing.T, ctx context.Context, what, expr string) {
	t.Helper()
	deadline := time.Now().Add(waitFor)
	for time.Now().Before(deadline) {
		ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](expr))
		if err == nil && ok {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("%s: %s never held", what, expr)
}

// waitClients waits until the server has n open event streams.
func waitClients(t *testing.T, s *Server, n int) {
	t.Helper()
	deadline := time.Now().Add(waitFor)
	for status(t, s).Clients != n {
		if time.Now().After(deadline) {
			t.Fatalf("%d event streams, want %d", status(t, s).Clients, n)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func mark(t *testing.T, ctx context.Context) {
	t.Helper()
	if err := chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](`window.__notReloaded = true`)); err != nil {
		t.Fatal(err)
	}
}

// TestBrowserLiveReload drives the injected script in headless Chromium: a
// narrative edit reloads the page by itself; a stylesheet edit swaps the
// stylesheet without a reload; a broken front matter shows the overlay (as
// text), and the fix clears it; a hidden tab lets its stream go; a
// restarted server makes the page reload.
func TestBrowserLiveReload(t *testing.T) {
	ctx := tab(t)
	dir := writeSite(t, "site")
	s, stop := startAt(t, dir, "127.0.0.1:0")
	if err := chromedp.Do(ctx, chromedp.Navigate(s.URL()+"reviews/2026-04/")); err != nil {
		t.Fatal(err)
	}
	waitClients(t, s, 1)

	// A narrative edit: the page reloads and shows it.
	mark(t, ctx)
	writeFile(t, dir, review, strings.Replace(readFile(t, dir, review), "Revenue was", "Revenue, live, was", 1))
	eventually(t, ctx, "reload after an edit", `!window.__notReloaded && document.body.innerText.includes("Revenue, live, was")`)
	waitClients(t, s, 1)

	// A stylesheet edit: the new sheet applies, the page stays.
	mark(t, ctx)
	writeFile(t, dir, "theme/css/site.css", "body { outline: 7px solid rgb(1, 2, 3) }\n")
	eventually(t, ctx, "stylesheet swap", `getComputedStyle(document.body).outlineColor === "rgb(1, 2, 3)" &&
		document.querySelectorAll("link[data-opsreport-css]").length === 1 && window.__notReloaded === true`)

	// A broken front matter: the overlay lists the diagnostic as text.
	good := readFile(t, dir, review)
	writeFile(t, dir, review, strings.Replace(good, "title: April review", "title: April review\n\"<b>bold</b>\": 1", 1))
	eventually(t, ctx, "overlay", `(function () {
		var o = document.getElementById("opsreport-overlay");
		return !!o && o.textContent.includes("`+review+`:") && o.textContent.includes("<b>bold</b>") &&
			o.querySelector("ul b") === null && window.__notReloaded === true;
	})()`)

	// The fix: the page reloads without the overlay.
	writeFile(t, dir, review, good)
	eventually(t, ctx, "recovery", `!window.__notReloaded && document.getElementById("opsreport-overlay") === null &&
		document.body.innerText.includes("Revenue, live, was")`)
	waitClients(t, s, 1)

	// A hidden tab closes its stream; visible again, it reopens it.
	setHidden := func(hidden string) {
		js := `Object.defineProperty(document, "hidden", {value: ` + hidden + `, configurable: true});
			document.dispatchEvent(new Event("visibilitychange"))`
		if err := chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](js)); err != nil {
			t.Fatal(err)
		}
	}
	setHidden("true")
	waitClients(t, s, 0)
	setHidden("false")
	waitClients(t, s, 1)

	// A restarted server on the same address: the page reloads on reconnect.
	mark(t, ctx)
	addr := strings.TrimSuffix(strings.TrimPrefix(s.URL(), "http://"), "/")
	stop()
	if err := s.Wait(); err != nil {
		t.Fatal(err)
	}
	startAt(t, dir, addr)
	eventually(t, ctx, "reload after a restart", `!window.__notReloaded && document.body.innerText.includes("Revenue, live, was")`)
}

// startAt serves dir on addr until stop is called or the test ends.
func startAt(t *testing.T, dir, addr string) (*Server, context.CancelFunc) {
	t.Helper()
	ctx, stop := context.WithCancel(context.Background())
	s, err := Start(ctx, Config{Look: opsreport.Builtin, Dir: dir, Addr: addr})
	if err != nil {
		stop()
		t.Fatal(err)
	}
	t.Cleanup(func() { stop(); s.Wait() })
	return s, stop
}
