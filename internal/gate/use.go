package gate

import (
	"context"
	"fmt"
)

// Use opens p in a tab of its own, waits for its charts, and runs f in the
// tab (chromedp actions on ctx: typing, clicks, evaluations). It returns
// f's error and the findings the page made until f returned: console
// errors, uncaught exceptions, failed requests.
func (b *Browser) Use(p Page, f func(ctx context.Context) error) ([]Finding, error) {
	t, err := b.open(p)
	if err != nil {
		return nil, err
	}
	defer t.cancel()
	if err := f(t.ctx); err != nil {
		return sortFindings(t.events.take()), fmt.Errorf("%s: %w", p.Name, err)
	}
	return sortFindings(t.events.take()), nil
}
