package gate_test

import (
	"fmt"
	"maps"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/opsreport/opsreport/internal/gate"
)

// axeSource reads axe-core's script, or skips.
func axeSource(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile(need(t, gate.AxeJS))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestAxeGate runs axe-core inside Chromium on every page of the example
// site, with the system set to the light colour scheme: no serious or
// critical violation. Lesser ones are logged.
func TestAxeGate(t *testing.T) { axeGate(t, "light") }

// TestAxeGateDark is TestAxeGate with the system set to dark, which the
// pages follow (the dark theme): contrast is checked in both themes.
func TestAxeGateDark(t *testing.T) { axeGate(t, "dark") }

func axeGate(t *testing.T, scheme string) {
	src := axeSource(t)
	b := newBrowser(t)
	dir := exampleSite(t)
	files := siteFiles(t, dir)
	counts := map[string]int{}
	for _, p := range sitePages(dir, files) {
		p = p.InColorScheme(scheme)
		r, err := b.Axe(p, src)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range r.Blocking() {
			t.Error(f)
		}
		for _, v := range r.Violations {
			if !v.Blocking() {
				t.Logf("%s: [%s] %s (%s): %s", p.Name, v.Rule, v.Help, v.Impact, strings.Join(v.Targets, ", "))
			}
		}
		for k, n := range r.Counts() {
			counts[k] += n
		}
	}
	report(t, "axe (%s): %d pages, %d violations (%s)", scheme, len(files), sum(counts), impacts(counts))
}

func sum(m map[string]int) int {
	n := 0
	for _, v := range m {
		n += v
	}
	return n
}

// impacts prints counts in axe's order of severity, zeros included, so the
// log line always shows what would have failed.
func impacts(m map[string]int) string {
	var parts []string
	for _, k := range []string{"critical", "serious", "moderate", "minor"} {
		parts = append(parts, fmt.Sprintf("%s %d", k, m[k]))
	}
	for _, k := range slices.Sorted(maps.Keys(m)) {
		if !slices.Contains([]string{"critical", "serious", "moderate", "minor"}, k) {
			parts = append(parts, fmt.Sprintf("%s %d", k, m[k]))
		}
	}
	return strings.Join(parts, ", ")
}

// TestAxeGateCatches: an image with no text alternative and text too faint
// to read are blocking violations; the good page has no violation at all.
func TestAxeGateCatches(t *testing.T) {
	src := axeSource(t)
	b := newBrowser(t)
	cases := []struct {
		page, rule string // rule "" for no violation at all
	}{
		{"good.html", ""},
		{"noalt.html", "image-alt"},
		{"lowcontrast.html", "color-contrast"},
		{"darkcontrast.html", ""},
		{"darkcontrast.html (dark)", "color-contrast"}, // the dark gate sees the dark theme
	}
	for _, c := range cases {
		t.Run(c.page, func(t *testing.T) {
			page := fixture(strings.TrimSuffix(c.page, " (dark)"))
			if strings.HasSuffix(c.page, " (dark)") {
				page = page.InColorScheme("dark")
			}
			r, err := b.Axe(page, src)
			if err != nil {
				t.Fatal(err)
			}
			if c.rule == "" {
				if len(r.Violations) > 0 {
					t.Errorf("good page: violations %+v", r.Violations)
				}
				return
			}
			blocking := r.Blocking()
			if !slices.ContainsFunc(blocking, func(f gate.Finding) bool { return f.Rule == c.rule }) {
				t.Errorf("want a blocking %q violation; got %v (all: %+v)", c.rule, blocking, r.Violations)
			}
		})
	}
}
