package gate

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// A Browser is one headless Chromium; each page opens in a tab of its own,
// so one page's errors never leak into another's report.
type Browser struct {
	ctx    context.Context // chromedp's browser context
	cancel context.CancelFunc

	// PageTimeout bounds everything done with one page: load, charts, axe.
	PageTimeout time.Duration
	// ChartWait is how long a page's charts may take to draw after load.
	ChartWait time.Duration
}

// NewBrowser starts Chromium at exe with a profile in userDataDir (a fresh
// temporary folder: no extensions, no history, nothing synced). The flags
// keep the browser from talking to any server of its own while it runs.
func NewBrowser(exe, userDataDir string) (*Browser, error) {
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(exe),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
		chromedp.UserDataDir(userDataDir),
		chromedp.WindowSize(1280, 900),
	)
	actx, acancel := chromedp.NewExecAllocator(context.Background(), opts...)
	bctx, bcancel := chromedp.NewContext(actx)
	b := &Browser{
		ctx:         bctx,
		cancel:      func() { bcancel(); acancel() },
		PageTimeout: 60 * time.Second,
		ChartWait:   10 * time.Second,
	}
	// The first action starts the browser; it must run on a context with no
	// deadline, or the deadline would end the browser.
	if err := chromedp.Do(bctx); err != nil {
		b.Close()
		return nil, fmt.Errorf("start %s: %w", exe, err)
	}
	return b, nil
}

// Close ends the browser and waits for its process to exit.
func (b *Browser) Close() { b.cancel() }

// A tab is one opened page and what it did while loading.
type tab struct {
	ctx    context.Context // bounded by PageTimeout
	cancel context.CancelFunc
	events *events
	charts []chartState
}

// open loads p in a new tab, waits for its charts, and returns the tab for
// further checks. Findings so far are in the tab's events. A page that does
// not load is a finding, not an error: errors are the browser failing.
func (b *Browser) open(p Page) (*tab, error) {
	tctx, tcancel := chromedp.NewContext(b.ctx)
	ev := newEvents(p)
	// Listen opens the tab; listening before navigating misses no event.
	if err := chromedp.Listen(tctx, ev.handle); err != nil {
		tcancel()
		return nil, fmt.Errorf("open a tab: %w", err)
	}
	ctx, cancel := context.WithTimeout(tctx, b.PageTimeout)
	t := &tab{ctx: ctx, cancel: func() { cancel(); tcancel() }, events: ev}
	if p.ColorScheme != "" {
		if err := emulateScheme(ctx, p.ColorScheme); err != nil {
			t.cancel()
			return nil, err
		}
	}
	if p.Offline {
		if err := goOffline(ctx); err != nil {
			t.cancel()
			return nil, err
		}
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(p.URL)); err != nil {
		if ctx.Err() != nil || errors.Is(err, context.Canceled) {
			t.cancel()
			return nil, fmt.Errorf("load %s: %w", p.URL, err)
		}
		ev.mu.Lock()
		ev.add("load", "page did not load: %v", err)
		ev.mu.Unlock()
		return t, nil
	}
	charts, err := waitCharts(ctx, b.ChartWait)
	if err != nil {
		t.cancel()
		return nil, fmt.Errorf("charts of %s: %w", p.Name, err)
	}
	t.charts = charts
	return t, nil
}

// goOffline switches the tab's network off, for every URL.
func goOffline(ctx context.Context) error {
	_, err := chromedp.Call(ctx, network.EmulateNetworkConditionsByRule, network.EmulateNetworkConditionsByRuleParams{
		MatchedNetworkConditions: []*network.Conditions{{Offline: true, DownloadThroughput: -1, UploadThroughput: -1}},
	})
	if err != nil {
		return fmt.Errorf("switch the network off: %w", err)
	}
	_, err = chromedp.Call(ctx, network.OverrideNetworkState, network.OverrideNetworkStateParams{
		Offline: true, DownloadThroughput: -1, UploadThroughput: -1,
	})
	return err
}

// emulateScheme makes the tab's prefers-color-scheme media feature scheme.
func emulateScheme(ctx context.Context, scheme string) error {
	_, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
		Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}},
	})
	if err != nil {
		return fmt.Errorf("emulate prefers-color-scheme %s: %w", scheme, err)
	}
	return nil
}

// screenshot captures the whole page as PNG; a failure to capture yields
// nil, since the screenshot only illustrates findings already made.
func (t *tab) screenshot() []byte {
	png, err := chromedp.Run(t.ctx, chromedp.FullScreenshot(100))
	if err != nil {
		return nil
	}
	return png
}
