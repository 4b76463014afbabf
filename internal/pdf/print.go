// Package pdf prints a review's pack.html to pack.pdf through headless
// Chromium (chromedp): A4 or Letter from the pack's own @page rules, with
// the running header, footer and classification those rules draw, a
// document outline from the headings, and tags for screen readers.
//
// Printing is two passes. The first finds on which page each part of the
// pack starts (Chromium writes a named destination for every element a
// link points at, so the cover's contents give them); the second prints
// again with those page numbers written into the contents. Chromium has no
// CSS target-counter(), so this is the only way to number a contents list.
//
// The PDF Chromium writes differs between runs only in its creation and
// modification dates; Normalize sets them to a date from the input, so the
// same pack prints to the same bytes.
package pdf

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/fetch"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// EnvChromium names the Chromium binary to print with.
const EnvChromium = "OPSREPORT_CHROMIUM"

// ErrNoChromium is returned by Chromium when no browser is found.
var ErrNoChromium = errors.New("no Chromium found to print PDFs with: install one (Debian and Ubuntu: apt-get install chromium; macOS: install Google Chrome) or set " + EnvChromium + " to its path")

// Chromium returns the browser to print with: $OPSREPORT_CHROMIUM, else
// the first of the usual names found.
func Chromium() (string, error) {
	if p := os.Getenv(EnvChromium); p != "" {
		if _, err := os.Stat(p); err != nil {
			return "", fmt.Errorf("%s=%s: no such file; install Chromium or point %s at it", EnvChromium, p, EnvChromium)
		}
		return p, nil
	}
	for _, p := range []string{"/usr/bin/chromium", "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome"} {
		if _, err := os.Stat(p); err == nil {
			return p, nil
		}
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p, nil
		}
	}
	return "", ErrNoChromium
}

// A Printer is one headless Chromium that prints packs, one tab each.
type Printer struct {
	ctx     context.Context
	cancel  context.CancelFunc
	profile string

	// Timeout bounds one pack: loading, drawing its charts, two prints.
	Timeout time.Duration
}

// Start launches Chromium at exe with a fresh, empty profile, its own
// network chatter switched off. Its sandbox stays on where it can run:
// not as root (Chromium refuses), and not where the system denies it (a
// container without user namespaces), where it starts again without.
func Start(exe string) (*Printer, error) {
	sandbox := os.Geteuid() != 0
	p, err := start(exe, sandbox)
	if err != nil && sandbox {
		p, err = start(exe, false)
	}
	return p, err
}

func start(exe string, sandbox bool) (*Printer, error) {
	profile, err := os.MkdirTemp("", "opsreport-pdf-")
	if err != nil {
		return nil, err
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(exe),
		chromedp.Headless,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(profile),
	)
	if !sandbox {
		opts = append(opts, chromedp.NoSandbox)
	}
	actx, acancel := chromedp.NewExecAllocator(context.Background(), opts...)
	bctx, bcancel := chromedp.NewContext(actx)
	p := &Printer{ctx: bctx, cancel: func() { bcancel(); acancel() }, profile: profile, Timeout: 90 * time.Second}
	// The first action starts the browser, on a context with no deadline.
	if err := chromedp.Do(bctx); err != nil {
		p.Close()
		return nil, fmt.Errorf("start %s: %w", exe, err)
	}
	return p, nil
}

// Close ends the browser and removes its profile.
func (p *Printer) Close() {
	p.cancel()
	os.RemoveAll(p.profile)
}

// Print prints the HTML file at path (a self-contained pack) and returns
// the PDF, its dates set to stamp.
func (p *Printer) Print(ctx context.Context, path string, stamp time.Time) ([]byte, error) {
	b, _, err := p.print(ctx, path, stamp)
	return b, err
}

// print is Print, also returning the page numbers written into the
// contents, by the id each entry links to.
func (p *Printer) print(ctx context.Context, path string, stamp time.Time) ([]byte, map[string]int, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, nil, err
	}
	tctx, tcancel := chromedp.NewContext(p.ctx)
	defer tcancel()
	tctx, cancel := context.WithTimeout(tctx, p.Timeout)
	defer cancel()
	stop := context.AfterFunc(ctx, cancel)
	defer stop()

	u := url.URL{Scheme: "file", Path: filepath.ToSlash(abs)}
	if err := onlyThePack(tctx, u.String()); err != nil {
		return nil, nil, fmt.Errorf("open %s: %w", path, err)
	}
	if err := chromedp.Do(tctx, chromedp.Navigate(u.String())); err != nil {
		return nil, nil, fmt.Errorf("open %s: %w", path, err)
	}
	if err := prepare(tctx); err != nil {
		return nil, nil, fmt.Errorf("lay out %s for print: %w", path, err)
	}
	out, err := printPage(tctx)
	if err != nil {
		return nil, nil, fmt.Errorf("print %s: %w", path, err)
	}
	// Numbering the contents can move what follows it (a number that
	// wraps a line of the cover), so print until the numbers written are
	// the pages the blocks are on; in practice the second print is.
	var written map[string]int
	for range maxPrints - 1 {
		pages, err := DestinationPages(out)
		if err != nil {
			return nil, nil, fmt.Errorf("read the PDF of %s: %w", path, err)
		}
		if written != nil && maps.Equal(pages, written) {
			break
		}
		if err := numberContents(tctx, pages); err != nil {
			return nil, nil, fmt.Errorf("number the contents of %s: %w", path, err)
		}
		written = pages
		if out, err = printPage(tctx); err != nil {
			return nil, nil, fmt.Errorf("print %s: %w", path, err)
		}
	}
	return Normalize(out, stamp), written, nil
}

// onlyThePack lets the tab load the pack itself and data: URLs, and fails
// every other request. A pack is self-contained, so nothing is lost; and
// a narrative's raw HTML (unsafe_html) or an image path cannot make the
// print read another local file (an iframe of /etc/passwd) into the PDF.
func onlyThePack(ctx context.Context, pack string) error {
	// The listener runs in the tab's message loop and must not block or
	// run commands: it queues each paused request, and a goroutine answers
	// them until the tab is done.
	var mu sync.Mutex
	var queue []*fetch.EventRequestPaused
	wake := make(chan struct{}, 1)
	err := chromedp.Listen(ctx, func(ev any) {
		if p, ok := ev.(*fetch.EventRequestPaused); ok {
			mu.Lock()
			queue = append(queue, p)
			mu.Unlock()
			select {
			case wake <- struct{}{}:
			default:
			}
		}
	})
	if err != nil {
		return err
	}
	go func() {
		for {
			select {
			case <-ctx.Done():
				return
			case <-wake:
			}
			mu.Lock()
			todo := queue
			queue = nil
			mu.Unlock()
			for _, p := range todo {
				if u := p.Request.URL; u == pack || strings.HasPrefix(u, "data:") {
					chromedp.Call(ctx, fetch.ContinueRequest, fetch.ContinueRequestParams{RequestID: p.RequestID})
				} else {
					chromedp.Call(ctx, fetch.FailRequest, fetch.FailRequestParams{RequestID: p.RequestID, ErrorReason: network.ErrorReasonBlockedByClient})
				}
			}
		}
	}()
	_, err = chromedp.Call(ctx, fetch.Enable, fetch.EnableParams{})
	return err
}

// maxPrints bounds the prints of one pack: one to find the pages, and up
// to three to settle the contents' numbers.
const maxPrints = 4

// chartsDrawn is true once every chart on the page has been drawn or has
// failed to (data-rendered="failed": its table stands in, and the print
// goes on rather than waiting out its time limit), or when the page has no
// chart script.
const chartsDrawn = `!window.echarts || document.querySelectorAll('.chart-canvas[data-chart]:not([data-rendered])').length === 0`

// prepare switches the page to print media, waits for its charts and lets
// them take their printed size.
func prepare(ctx context.Context) error {
	if _, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"}); err != nil {
		return err
	}
	for {
		done, err := chromedp.Run(ctx, chromedp.Evaluate[bool](chartsDrawn))
		if err != nil {
			return err
		}
		if done {
			break
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("charts not drawn: %w", ctx.Err())
		case <-time.After(50 * time.Millisecond):
		}
	}
	_, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`window.opsreportCharts && window.opsreportCharts.resize(), true`))
	return err
}

func printPage(ctx context.Context) ([]byte, error) {
	yes := true
	res, err := chromedp.Call(ctx, page.PrintToPDF, page.PrintToPDFParams{
		PrintBackground:         &yes,
		PreferCSSPageSize:       &yes, // the pack's @page size and margins
		GenerateTaggedPDF:       &yes,
		GenerateDocumentOutline: &yes,
	})
	if err != nil {
		return nil, err
	}
	return res.Data, nil
}

// numberContents writes each contents entry's page number after it: a
// link to #id gets the page of the destination id. Numbers are data passed
// as JSON and set as text, never markup.
func numberContents(ctx context.Context, pages map[string]int) error {
	b, err := json.Marshal(pages)
	if err != nil {
		return err
	}
	js := `(function (pages) {
  document.querySelectorAll('.cover-contents a[href^="#"]').forEach(function (a) {
    var n = pages[decodeURIComponent(a.getAttribute('href').slice(1))];
    if (!n) { return; }
    var old = a.parentNode.querySelector('.toc-page');
    var s = old || document.createElement('span');
    s.className = 'toc-page';
    s.textContent = String(n);
    if (!old) { a.parentNode.appendChild(s); }
  });
  return true;
})(` + string(b) + `)`
	_, err = chromedp.Run(ctx, chromedp.Evaluate[bool](js))
	return err
}
