package gate_test

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"github.com/opsreport/opsreport/internal/gate"
)

// layoutJS measures a page's tables and small multiples at the window's
// width. A table is cut when it is wider than its wrapper (a column that
// can only be reached by scrolling); on a phone a table may scroll, but
// its first column (the KPI) and its status column must be on screen
// without it. Small multiples must sit side by side where there is room.
const layoutJS = `(function () {
  var out = [];
  var vw = document.documentElement.clientWidth;
  document.querySelectorAll('.table-wrap').forEach(function (w) {
    var t = w.querySelector('table');
    if (!t || w.offsetParent === null) { return; }
    var name = (t.className || 'table') + ' "' + (w.getAttribute('aria-label') || '') + '"';
    if (vw >= 1000 && w.scrollWidth > w.clientWidth + 1) {
      out.push(name + ': ' + w.scrollWidth + ' px wide in ' + w.clientWidth + ' px, columns cut');
      return;
    }
    if (vw >= 1000) { return; }
    var row = t.querySelector('tbody tr:not(.group)');
    if (!row) { return; }
    var first = row.cells[0], status = row.querySelector('td.status') || (t.classList.contains('appendix') ? row.cells[row.cells.length - 1] : null);
    [first, status].forEach(function (c, i) {
      if (!c) { return; }
      var r = c.getBoundingClientRect();
      if (r.left < -1 || r.right > vw + 1) {
        out.push(name + ': its ' + (i ? 'status' : 'first') + ' column is off screen (' + Math.round(r.left) + ' to ' + Math.round(r.right) + ' px of ' + vw + ')');
      }
    });
  });
  document.querySelectorAll('.chart-grid').forEach(function (g) {
    var figs = g.querySelectorAll(':scope > figure');
    if (vw < 1000 || figs.length < 2) { return; }
    if (figs[0].getBoundingClientRect().top !== figs[1].getBoundingClientRect().top) {
      out.push('small multiples ' + figs[0].querySelector('.chart-canvas').id + ': stacked, not side by side');
    }
  });
  return out;
})()`

// TestLayoutAtDesktopAndPhoneWidths opens the example's review, board
// review, KPI and home pages at 1366 and 390 CSS pixels, and every KPI
// page at 1366: no table column is cut on a laptop, the KPI name and
// status stay on a phone's screen, and small multiples sit side by side
// on a laptop.
func TestLayoutAtDesktopAndPhoneWidths(t *testing.T) {
	exe := need(t, gate.Chromium)
	dir := exampleSite(t)
	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(exe), chromedp.Headless,
		chromedp.NoSandbox, chromedp.DisableGPU, chromedp.UserDataDir(t.TempDir()))
	actx, acancel := chromedp.NewExecAllocator(context.Background(), opts...)
	defer acancel()
	bctx, bcancel := chromedp.NewContext(actx)
	defer bcancel()
	if err := chromedp.Do(bctx); err != nil {
		t.Fatal(err)
	}
	pages := []string{"index.html", "reviews/2026-10/index.html", "reviews/2027-Q3/index.html", "kpis/uptime_prod/index.html", "kpis/index.html"}
	files, err := gate.HTMLFiles(os.DirFS(dir))
	if err != nil {
		t.Fatal(err)
	}
	var kpiPages []string
	for _, f := range files {
		if gate.Kind(f) == "kpi" {
			kpiPages = append(kpiPages, f)
		}
	}
	for _, width := range []int64{1366, 390} {
		if width == 1366 {
			pages = append(pages, kpiPages...) // long comments and wide currency figures
		} else {
			pages = pages[:5]
		}
		for _, p := range pages {
			ctx, cancel := context.WithTimeout(bctx, 60*time.Second)
			tctx, tcancel := chromedp.NewContext(ctx)
			_, err := chromedp.Call(tctx, emulation.SetDeviceMetricsOverride, emulation.SetDeviceMetricsOverrideParams{
				Width: width, Height: 844, DeviceScaleFactor: 1, Mobile: width < 600,
			})
			if err == nil {
				err = chromedp.Do(tctx, chromedp.Navigate(gate.FilePage(dir, p).URL))
			}
			var problems []string
			if err == nil {
				problems, err = chromedp.Run(tctx, chromedp.Evaluate[[]string](layoutJS))
			}
			tcancel()
			cancel()
			if err != nil {
				t.Fatalf("%s at %d px: %v", p, width, err)
			}
			if len(problems) > 0 {
				t.Errorf("%s at %d px:\n  %s", p, width, strings.Join(problems, "\n  "))
			}
		}
	}
}
