package gate

import (
	"context"
	"fmt"
	"strings"

	"github.com/chromedp/chromedp"
)

// A Violation is one axe-core rule a page breaks, with the elements that
// break it (as CSS selectors).
type Violation struct {
	Rule    string   `json:"rule"`
	Impact  string   `json:"impact"` // minor, moderate, serious or critical
	Help    string   `json:"help"`
	Targets []string `json:"targets"`
}

// Blocking reports whether the violation fails the gate: serious and
// critical ones do (contrast, missing names, table headers), minor and
// moderate ones are counted and shown.
func (v Violation) Blocking() bool { return v.Impact == "serious" || v.Impact == "critical" }

// An AxeReport is what axe-core found on one page.
type AxeReport struct {
	Page       Page
	Violations []Violation // in axe's order, which follows its rule list
}

// Blocking is the report's serious and critical violations as findings,
// one per offending element.
func (r *AxeReport) Blocking() []Finding {
	var fs []Finding
	for _, v := range r.Violations {
		if !v.Blocking() {
			continue
		}
		for _, t := range v.Targets {
			fs = append(fs, Finding{Page: r.Page.Name, Rule: v.Rule, Message: fmt.Sprintf("%s (%s): %s", v.Help, v.Impact, t)})
		}
	}
	return sortFindings(fs)
}

// Counts tallies violations by impact, for the gate's log line.
func (r *AxeReport) Counts() map[string]int {
	n := map[string]int{}
	for _, v := range r.Violations {
		n[v.Impact]++
	}
	return n
}

// axeRunJS runs every axe rule enabled by default (WCAG 2 A and AA and
// best practices) on the whole document and keeps what the gate needs.
const axeRunJS = `axe.run(document, {resultTypes: ['violations']})` + axeKeepJS

// axeColourJS runs only the rules a change of colours can change the
// outcome of: text contrast, and links told from text by colour alone.
const axeColourJS = `axe.run(document, {resultTypes: ['violations'], runOnly: {type: 'rule', values: ['color-contrast', 'link-in-text-block']}})` + axeKeepJS

const axeKeepJS = `.then(function (r) {
  return r.violations.map(function (v) {
    return {
      rule: v.id,
      impact: v.impact || 'minor',
      help: v.help,
      targets: v.nodes.map(function (n) { return n.target.join(' '); })
    };
  });
})`

// Axe opens p, waits for its charts (their SVG is part of what readers
// meet), injects axe-core's source and runs it.
func (b *Browser) Axe(p Page, axeSource string) (*AxeReport, error) {
	t, err := b.open(p)
	if err != nil {
		return nil, err
	}
	defer t.cancel()
	if _, err := chromedp.Run(t.ctx, chromedp.Evaluate[chromedp.Void](axeSource)); err != nil {
		return nil, fmt.Errorf("inject axe-core into %s: %w", p.Name, err)
	}
	return runAxe(t.ctx, p, axeRunJS)
}

// AxeSchemes is Axe in the first of the system colour schemes given
// ("light", "dark"), then, on the same load of p, the colour rules alone
// (axeColourJS) in each of the others: the page follows each change of
// scheme as a reader's would (its colours, its charts redrawn), and a
// change of colours changes nothing else axe checks (names, roles,
// structure). Reports come in the order of schemes, each naming its page
// with its scheme.
func (b *Browser) AxeSchemes(p Page, axeSource string, schemes ...string) ([]*AxeReport, error) {
	if len(schemes) == 0 {
		return nil, nil
	}
	t, err := b.open(p.InColorScheme(schemes[0]))
	if err != nil {
		return nil, err
	}
	defer t.cancel()
	if _, err := chromedp.Run(t.ctx, chromedp.Evaluate[chromedp.Void](axeSource)); err != nil {
		return nil, fmt.Errorf("inject axe-core into %s: %w", p.Name, err)
	}
	var reports []*AxeReport
	for i, scheme := range schemes {
		if i > 0 {
			if err := emulateScheme(t.ctx, scheme); err != nil {
				return nil, err
			}
			// The page hears of the change in its next frames.
			if _, err := chromedp.Run(t.ctx, chromedp.Evaluate[chromedp.Void](twoFramesJS, chromedp.EvalAwaitPromise)); err != nil {
				return nil, fmt.Errorf("wait for %s to take the %s scheme: %w", p.Name, scheme, err)
			}
		}
		js := axeRunJS
		if i > 0 {
			js = axeColourJS
		}
		r, err := runAxe(t.ctx, p.InColorScheme(scheme), js)
		if err != nil {
			return nil, err
		}
		reports = append(reports, r)
	}
	return reports, nil
}

const twoFramesJS = `new Promise(function (done) {
  requestAnimationFrame(function () { requestAnimationFrame(function () { done(); }); });
})`

// runAxe runs the injected axe-core on the page open in ctx, by js.
func runAxe(ctx context.Context, p Page, js string) (*AxeReport, error) {
	vs, err := chromedp.Run(ctx, chromedp.Evaluate[[]Violation](js, chromedp.EvalAwaitPromise))
	if err != nil {
		return nil, fmt.Errorf("run axe-core on %s: %w", p.Name, err)
	}
	for i := range vs {
		vs[i].Help = strings.TrimSpace(vs[i].Help)
	}
	return &AxeReport{Page: p, Violations: vs}, nil
}
