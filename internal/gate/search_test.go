package gate_test

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/chromedp/chromedp"

	opsreport "github.com/opsreport/opsreport"
	"github.com/opsreport/opsreport/internal/demo"
	"github.com/opsreport/opsreport/internal/diag"
	"github.com/opsreport/opsreport/internal/gate"
	"github.com/opsreport/opsreport/internal/kpi"
	"github.com/opsreport/opsreport/internal/search"
	"github.com/opsreport/opsreport/internal/site"
	"github.com/opsreport/opsreport/internal/view"
)

// searchHit is one result as the search panel shows it.
type searchHit struct {
	Href    string   `json:"href"`
	Where   string   `json:"where"`
	Snippet string   `json:"snippet"`
	Marks   []string `json:"marks"`
}

// searchShown is what the panel shows after a query.
type searchShown struct {
	Query  string      `json:"query"`
	MS     string      `json:"ms"`
	Status string      `json:"status"`
	Hits   []searchHit `json:"hits"`
}

const searchShownJS = `(function () {
  var p = document.getElementById('search-results');
  return {
    query: p.getAttribute('data-query') || '',
    ms: p.getAttribute('data-ms') || '',
    status: p.querySelector('.search-status').textContent,
    hits: Array.from(p.querySelectorAll('li a'), function (a) {
      return {
        href: a.href,
        where: a.querySelector('.search-where').textContent,
        snippet: (a.querySelector('.search-snippet') || {textContent: ''}).textContent,
        marks: Array.from(a.querySelectorAll('mark'), function (m) { return m.textContent; })
      };
    })
  };
})()`

// query types q into the focused search box (after clearing it) and
// waits until the panel shows q's results.
func query(ctx context.Context, q string) (searchShown, error) {
	clear := chromedp.Evaluate[chromedp.Void]("document.getElementById('search-box').value = ''")
	if err := chromedp.Do(ctx, clear, chromedp.SendKeys("#search-box", q)); err != nil {
		return searchShown{}, err
	}
	for {
		s, err := chromedp.Run(ctx, chromedp.Evaluate[searchShown](searchShownJS))
		if err != nil || s.Query == q {
			return s, err
		}
		select {
		case <-ctx.Done():
			return s, fmt.Errorf("query %q: no results shown: %w", q, ctx.Err())
		case <-time.After(20 * time.Millisecond):
		}
	}
}

// TestSearchFromFile: on a review page opened from file:// (two folders
// below the root), the index is not loaded until the box is used; "/"
// focuses the search box; a query in capitals without
// its accent finds the sections that name "Tomás", marks the name as
// written, and links to a page that exists; the browser's folding is Go's.
func TestSearchFromFile(t *testing.T) {
	b := newBrowser(t)
	dir := exampleSite(t)
	p := gate.FilePage(dir, "reviews/2026-10/index.html")
	var shown searchShown
	var focused string
	var loadedEarly bool
	var folds []string
	samples := []string{"Clientèle", "TOMÁS", "Ångström", "İstanbul", "Straße", "ﬁnance", "한국어", "Ｆｕｌｌ"}
	findings, err := b.Use(p, func(ctx context.Context) error {
		var err error
		if loadedEarly, err = chromedp.Run(ctx, chromedp.Evaluate[bool]("window.opsreportSearchIndex !== undefined")); err != nil {
			return err
		}
		if err = chromedp.Do(ctx, chromedp.KeyEvent("/")); err != nil {
			return err
		}
		if focused, err = chromedp.Run(ctx, chromedp.Evaluate[string]("document.activeElement.id")); err != nil {
			return err
		}
		if shown, err = query(ctx, "TOMAS"); err != nil {
			return err
		}
		folds, err = chromedp.Run(ctx, chromedp.Evaluate[[]string](fmt.Sprintf("%s.map(window.opsreportSearch.fold)", jsStrings(samples))))
		return err
	})
	for _, f := range findings {
		t.Error(f)
	}
	if err != nil {
		t.Fatal(err)
	}
	if loadedEarly {
		t.Error("the search index loaded with the page, before the box was used")
	}
	if focused != "search-box" {
		t.Errorf(`after "/", the focus is on %q, want the search box`, focused)
	}
	var partnerships *searchHit
	for i, h := range shown.Hits {
		if !slices.Contains(h.Marks, "Tomás") {
			t.Errorf("result %d (%s) marks %q, want Tomás", i, h.Where, h.Marks)
		}
		if strings.HasSuffix(h.Href, "reviews/2026-07/index.html#section-partnerships") {
			partnerships = &shown.Hits[i]
		}
	}
	if partnerships == nil {
		t.Fatalf("no result for July's partnerships section; got %+v", shown.Hits)
	}
	if want := "July 2026 operating review · Partnerships"; partnerships.Where != want {
		t.Errorf("result says %q, want %q", partnerships.Where, want)
	}
	u, err := url.Parse(partnerships.Href)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(u.Path); err != nil {
		t.Errorf("the result's link from a review page does not reach a page: %v", err)
	}
	for i, s := range samples {
		if i < len(folds) && folds[i] != search.Fold(s) {
			t.Errorf("the browser folds %q to %q, Go to %q", s, folds[i], search.Fold(s))
		}
	}
	report(t, "search: %d results for TOMAS from file://, %s ms", len(shown.Hits), shown.MS)
}

func jsStrings(ss []string) string {
	q := make([]string, len(ss))
	for i, s := range ss {
		q[i] = strconv.Quote(s)
	}
	return "[" + strings.Join(q, ",") + "]"
}

// TestSearchAnswersLargeDemoQuickly: with the index of the 120-month,
// 500-KPI demo, each query answers (search and display) in under 50 ms, as
// search.js measures it with performance.now().
func TestSearchAnswersLargeDemoQuickly(t *testing.T) {
	b := newBrowser(t)
	dir := t.TempDir()
	copyFile(t, exampleSite(t), dir, "index.html")
	copyDir(t, exampleSite(t), dir, "assets")
	big := largeDemoIndex(t)
	if err := os.WriteFile(filepath.Join(dir, search.Name), big, 0o644); err != nil {
		t.Fatal(err)
	}
	queries := []string{"churn", "net promoter", "Revenue north america enterprise", "recovery plan", "zzqx"}
	var worst float64
	findings, err := b.Use(gate.FilePage(dir, "index.html"), func(ctx context.Context) error {
		for _, q := range queries {
			s, err := query(ctx, q)
			if err != nil {
				return err
			}
			ms, err := strconv.ParseFloat(s.MS, 64)
			if err != nil {
				return fmt.Errorf("query %q: time %q: %v", q, s.MS, err)
			}
			t.Logf("%q: %s in %.2f ms", q, s.Status, ms)
			if q != "zzqx" && len(s.Hits) == 0 {
				t.Errorf("%q found nothing in the large demo", q)
			}
			if ms >= 50 {
				t.Errorf("%q took %.2f ms, want under 50", q, ms)
			}
			worst = max(worst, ms)
		}
		return nil
	})
	for _, f := range findings {
		t.Error(f)
	}
	if err != nil {
		t.Fatal(err)
	}
	report(t, "search: 120 months × 500 KPIs, index %d bytes, slowest of %d queries %.2f ms", len(big), len(queries), worst)
}

// largeDemoIndex is the search index of the 120-month, 500-KPI demo site,
// without rendering its pages.
func largeDemoIndex(t *testing.T) []byte {
	t.Helper()
	end, _ := kpi.ParsePeriod(demo.DefaultEnd)
	files, err := demo.Generate(demo.Options{Demo: true, Months: 120, KPIs: 500, Seed: demo.DefaultSeed, End: end})
	if err != nil {
		t.Fatal(err)
	}
	fsys := fstest.MapFS{}
	for _, f := range files {
		fsys[f.Path] = &fstest.MapFile{Data: f.Data}
	}
	var d diag.List
	s := site.Load(fsys, site.Options{Look: opsreport.Builtin, Drafts: true}, &d)
	look := view.NewLook(opsreport.Builtin, fsys, &d)
	if d.HasErrors() || look == nil {
		t.Fatal(d.Items())
	}
	return view.SearchIndex(s.Data(), look, &d)
}

func copyFile(t *testing.T, from, to, rel string) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(from, rel))
	if err == nil {
		err = os.MkdirAll(filepath.Dir(filepath.Join(to, rel)), 0o755)
	}
	if err == nil {
		err = os.WriteFile(filepath.Join(to, rel), b, 0o644)
	}
	if err != nil {
		t.Fatal(err)
	}
}

func copyDir(t *testing.T, from, to, rel string) {
	t.Helper()
	err := filepath.WalkDir(filepath.Join(from, rel), func(p string, e os.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return err
		}
		r, err := filepath.Rel(from, p)
		if err == nil {
			copyFile(t, from, to, r)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}
