package gate_test

import (
	"context"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"github.com/opsreport/opsreport/internal/gate"
)

// themeState is what a page shows of its theme.
type themeState struct {
	Theme    string `json:"theme"`    // <html data-theme>, "" when following the system
	Paper    string `json:"paper"`    // the body's background colour
	Pressed  string `json:"pressed"`  // the toggle's aria-pressed
	Stored   string `json:"stored"`   // localStorage's remembered choice
	Charts   int    `json:"charts"`   // chart containers
	Drawn    int    `json:"drawn"`    // of which drawn
	DarkInk  bool   `json:"darkInk"`  // a chart draws a series in the dark theme's --chart-1
	LightInk bool   `json:"lightInk"` // a chart draws a series in the light theme's --chart-1
}

const themeStateJS = `(function () {
  var stored = null;
  try { stored = localStorage.getItem('opsreport-theme'); } catch (e) {}
  return {
    theme: document.documentElement.getAttribute('data-theme') || '',
    paper: getComputedStyle(document.body).backgroundColor,
    pressed: document.querySelector('[data-theme-toggle]').getAttribute('aria-pressed'),
    stored: stored || '',
    charts: document.querySelectorAll('.chart-canvas[data-chart]').length,
    drawn: document.querySelectorAll('.chart-canvas[data-rendered="true"] svg').length,
    darkInk: !!document.querySelector('.chart-canvas svg [stroke="#8cbcec"]'),
    lightInk: !!document.querySelector('.chart-canvas svg [stroke="#1f4e79"]')
  };
})()`

const (
	lightPaper = "rgb(255, 255, 255)"
	darkPaper  = "rgb(20, 24, 30)"
)

func themeOf(ctx context.Context) (themeState, error) {
	return chromedp.Run(ctx, chromedp.Evaluate[themeState](themeStateJS))
}

// TestDarkTheme: a page follows a dark system with nothing stored; the
// toggle switches a light system's page to dark, charts included, and the
// choice outlives a reload (from file://); printing draws the charts light
// and the page's print style is light.
func TestDarkTheme(t *testing.T) {
	b := newBrowser(t)
	dir := exampleSite(t)
	page := gate.FilePage(dir, "reviews/2026-10/index.html")
	var steps []struct {
		name string
		got  themeState
	}
	look := func(ctx context.Context, name string) error {
		s, err := themeOf(ctx)
		steps = append(steps, struct {
			name string
			got  themeState
		}{name, s})
		return err
	}
	findings, err := b.Use(page.InColorScheme("dark"), func(ctx context.Context) error { return look(ctx, "system dark") })
	check(t, findings, err)
	findings, err = b.Use(page.InColorScheme("light"), func(ctx context.Context) error {
		if err := look(ctx, "system light"); err != nil {
			return err
		}
		if err := chromedp.Do(ctx, chromedp.Click("[data-theme-toggle]")); err != nil {
			return err
		}
		if err := look(ctx, "toggled"); err != nil {
			return err
		}
		if err := chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void]("window.dispatchEvent(new Event('beforeprint'))")); err != nil {
			return err
		}
		if err := look(ctx, "printing"); err != nil {
			return err
		}
		return chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void]("window.dispatchEvent(new Event('afterprint'))"))
	})
	check(t, findings, err)
	findings, err = b.Use(page.InColorScheme("light"), func(ctx context.Context) error {
		if err := look(ctx, "reloaded"); err != nil {
			return err
		}
		_, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"})
		if err != nil {
			return err
		}
		return look(ctx, "print media")
	})
	check(t, findings, err)

	want := map[string]func(themeState) bool{
		"system dark": func(s themeState) bool {
			return s.Theme == "" && s.Paper == darkPaper && s.Pressed == "true" && s.DarkInk && !s.LightInk
		},
		"system light": func(s themeState) bool {
			return s.Theme == "" && s.Paper == lightPaper && s.Pressed == "false" && s.LightInk
		},
		"toggled": func(s themeState) bool {
			return s.Theme == "dark" && s.Stored == "dark" && s.Paper == darkPaper && s.Pressed == "true" && s.DarkInk && !s.LightInk
		},
		"printing":    func(s themeState) bool { return s.LightInk && !s.DarkInk },
		"reloaded":    func(s themeState) bool { return s.Theme == "dark" && s.Paper == darkPaper && s.DarkInk },
		"print media": func(s themeState) bool { return s.Theme == "dark" && s.Paper == lightPaper },
	}
	if len(steps) != len(want) {
		t.Fatalf("%d steps looked at, want %d", len(steps), len(want))
	}
	for _, s := range steps {
		if !want[s.name](s.got) {
			t.Errorf("%s: %+v", s.name, s.got)
		}
		if s.got.Charts == 0 || s.got.Drawn != s.got.Charts {
			t.Errorf("%s: %d of %d charts drawn", s.name, s.got.Drawn, s.got.Charts)
		}
	}
}

func check(t *testing.T, findings []gate.Finding, err error) {
	t.Helper()
	for _, f := range findings {
		t.Error(f)
	}
	if err != nil {
		t.Fatal(err)
	}
}
