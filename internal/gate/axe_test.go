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
// site in the light colour scheme, then its colour rules in the dark one,
// which the pages follow (the dark theme): no serious or critical
// violation in either. Lesser ones are logged.
func TestAxeGate(t *testing.T) {
	src := axeSource(t)
	b := newBrowser(t)
	dir := exampleSite(t)
	files := siteFiles(t, dir)
	schemes := []string{"light", "dark"}
	counts := map[string]map[string]int{"light": {}, "dark": {}}
	for _, p := range sitePages(dir, files) {
		reports, err := b.AxeSchemes(p, src, schemes...)
		if err != nil {
			t.Fatal(err)
		}
		for i, r := range reports {
			for _, f := range r.Blocking() {
				t.Error(f)
			}
			for _, v := range r.Violations {
				if !v.Blocking() {
					t.Logf("%s: [%s] %s (%s): %s", r.Page.Name, v.Rule, v.Help, v.Impact, strings.Join(v.Targets, ", "))
				}
			}
			for k, n := range r.Counts() {
				counts[schemes[i]][k] += n
			}
		}
	}
	for _, s := range schemes {
		report(t, "axe (%s): %d pages, %d violations (%s)", s, len(files), sum(counts[s]), impacts(counts[s]))
	}
}

// TestAxeGateSeesTheDarkScheme: a page that is readable in the light
// scheme and too faint in the dark one passes the first of AxeSchemes'
// runs and fails the second (colour rules only), on one load.
func TestAxeGateSeesTheDarkScheme(t *testing.T) {
	src := axeSource(t)
	b := newBrowser(t)
	reports, err := b.AxeSchemes(fixture("darkcontrast.html"), src, "light", "dark")
	if err != nil {
		t.Fatal(err)
	}
	if len(reports) != 2 {
		t.Fatalf("%d reports, want 2", len(reports))
	}
	if len(reports[0].Violations) > 0 {
		t.Errorf("light: violations %+v", reports[0].Violations)
	}
	if !slices.ContainsFunc(reports[1].Blocking(), func(f gate.Finding) bool { return f.Rule == "color-contrast" }) {
		t.Errorf("dark: want a blocking color-contrast violation; got %+v", reports[1].Violations)
	}
	if reports[1].Page.Name != "darkcontrast.html (dark)" {
		t.Errorf("dark report names its page %q", reports[1].Page.Name)
	}
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
	}
	for _, c := range cases {
		t.Run(c.page, func(t *testing.T) {
			r, err := b.Axe(fixture(c.page), src)
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
