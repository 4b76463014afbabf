package chart

import (
	"os"
	"regexp"
	"strings"
	"testing"
)

// The chart assets live in theme/, embedded elsewhere; these tests hold them
// to what this package's snippets rely on.

func readAsset(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile("../../" + path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestVendoredEChartsIsTheCommonBuildWithLicence(t *testing.T) {
	js := readAsset(t, "theme/vendor/echarts/echarts.common.min.js")
	if !strings.HasPrefix(js, "\n/*\n* Licensed to the Apache Software Foundation (ASF)") {
		t.Errorf("licence comment is not at the top: %.80q", js)
	}
	if !strings.Contains(js, `t.version="6.1.0"`) {
		t.Error("echarts.common.min.js is not version 6.1.0")
	}
	// What the options use: the SVG painter, line and bar, tooltip,
	// legend, markLine and aria decals.
	for _, want := range []string{`registerPainter("svg"`, `seriesType:"line"`, `"changeAxisOrder"`, `type:"showTip"`, `"markLine"`, `t.PRIORITY.VISUAL.ARIA`, `legendLineStyle`} {
		if !strings.Contains(js, want) {
			t.Errorf("echarts.common.min.js lacks %s", want)
		}
	}
	if v := strings.TrimSpace(readAsset(t, "theme/vendor/echarts/VERSION")); v != "6.1.0" {
		t.Errorf("VERSION = %q", v)
	}
	if l := readAsset(t, "theme/vendor/echarts/LICENSE"); !strings.Contains(l, "Apache License") {
		t.Error("LICENSE is not the Apache License")
	}
	if n := readAsset(t, "theme/vendor/echarts/NOTICE"); !strings.Contains(n, "Apache ECharts") {
		t.Error("NOTICE is not ECharts' notice")
	}
}

func TestChartsJSStaysOffline(t *testing.T) {
	js := readAsset(t, "theme/js/charts.js")
	for _, banned := range []*regexp.Regexp{
		regexp.MustCompile(`\beval\s*\(`),
		regexp.MustCompile(`new\s+Function`),
		regexp.MustCompile(`innerHTML|outerHTML|insertAdjacentHTML|document\.write`),
		regexp.MustCompile(`\bon[a-z]+\s*=`), // inline handlers
		regexp.MustCompile(`fetch\(|XMLHttpRequest|https?://`),
	} {
		if m := banned.FindString(js); m != "" {
			t.Errorf("charts.js contains %q", m)
		}
	}
	// The contract with internal/chart's snippet.
	for _, want := range []string{`'.chart-canvas[data-chart]'`, `registerTheme(THEME`, `var THEME = '` + ThemeName + `'`, `renderer: 'svg'`, `'data-rendered', 'true'`, `'beforeprint'`, `'afterprint'`} {
		if !strings.Contains(js, want) {
			t.Errorf("charts.js lacks %s", want)
		}
	}
}
