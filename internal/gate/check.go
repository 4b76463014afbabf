package gate

import (
	"context"
	"fmt"
	"time"

	"github.com/chromedp/chromedp"
)

// A Report is what the browser gate saw on one page.
type Report struct {
	Page       Page
	Charts     int       // chart containers on the page
	Drawn      int       // of which drawn: data-rendered="true" and an SVG with content
	Findings   []Finding // sorted
	Screenshot []byte    // PNG of the page, taken only when there are findings
}

// Check opens p and reports console errors, uncaught exceptions, failed
// requests, requests that leave the site, and charts not drawn.
func (b *Browser) Check(p Page) (*Report, error) {
	t, err := b.open(p)
	if err != nil {
		return nil, err
	}
	defer t.cancel()
	r := &Report{Page: p, Charts: len(t.charts)}
	fs := t.events.take()
	for _, c := range t.charts {
		if c.drawn() {
			r.Drawn++
			continue
		}
		fs = append(fs, Finding{Page: p.Name, Rule: "chart", Message: c.problem()})
	}
	r.Findings = sortFindings(fs)
	if len(r.Findings) > 0 {
		r.Screenshot = t.screenshot()
	}
	return r, nil
}

// chartState is one chart container as the page shows it.
type chartState struct {
	ID       string `json:"id"`
	Rendered bool   `json:"rendered"` // charts.js set data-rendered="true"
	SVGNodes int    `json:"svgNodes"` // child elements of the SVG inside, -1 when there is none
}

func (c chartState) drawn() bool { return c.Rendered && c.SVGNodes > 0 }

func (c chartState) problem() string {
	switch {
	case !c.Rendered:
		return fmt.Sprintf("chart %q not drawn: no data-rendered=\"true\"", c.ID)
	case c.SVGNodes < 0:
		return fmt.Sprintf("chart %q not drawn: no <svg> inside", c.ID)
	}
	return fmt.Sprintf("chart %q not drawn: its <svg> is empty", c.ID)
}

// chartsJS lists the page's chart containers, as internal/chart writes them
// and theme/js/charts.js marks them.
const chartsJS = `Array.from(document.querySelectorAll('.chart-canvas[data-chart]'), function (el) {
  var svg = el.querySelector('svg');
  return {
    id: el.id || el.getAttribute('data-chart'),
    rendered: el.getAttribute('data-rendered') === 'true',
    svgNodes: svg ? svg.childElementCount : -1
  };
})`

// waitCharts polls until every chart is drawn or wait has passed; charts
// draw after DOMContentLoaded, and ECharts paints on an animation frame.
func waitCharts(ctx context.Context, wait time.Duration) ([]chartState, error) {
	deadline := time.Now().Add(wait)
	for {
		cs, err := chromedp.Run(ctx, chromedp.Evaluate[[]chartState](chartsJS))
		if err != nil || allDrawn(cs) || time.Now().After(deadline) {
			return cs, err
		}
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(50 * time.Millisecond):
		}
	}
}

func allDrawn(cs []chartState) bool {
	for _, c := range cs {
		if !c.drawn() {
			return false
		}
	}
	return true
}
