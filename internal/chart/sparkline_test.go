package chart

import (
	"math"
	"regexp"
	"strings"
	"testing"
)

var (
	polylineRE = regexp.MustCompile(`<polyline points="([^"]*)"/>`)
	pointRE    = regexp.MustCompile(`<circle cx="([^"]*)" cy="([^"]*)" r="1"/>`)
	lastRE     = regexp.MustCompile(`<circle cx="([^"]*)" cy="([^"]*)" r="2"/>`)
)

func polylines(svg string) []string {
	var out []string
	for _, m := range polylineRE.FindAllStringSubmatch(svg, -1) {
		out = append(out, m[1])
	}
	return out
}

func TestSparklinePoints(t *testing.T) {
	// 100×20 box, 2px padding: x runs 2..98 in steps of 48; y maps 3 (max)
	// to 2 and 1 (min) to 18, so 2 is at 10.
	svg := string(Sparkline([]float64{1, 3, 2}, 100, 20, "ARR trend"))
	if got := polylines(svg); len(got) != 1 || got[0] != "2,18 50,2 98,10" {
		t.Errorf("polylines = %q, want [2,18 50,2 98,10]", got)
	}
	if m := lastRE.FindStringSubmatch(svg); m == nil || m[1] != "98" || m[2] != "10" {
		t.Errorf("last dot = %v, want at 98,10", m)
	}
	wantHead := `<svg class="sparkline" viewBox="0 0 100 20" role="img"><title>ARR trend</title>`
	if !strings.HasPrefix(svg, wantHead) || !strings.HasSuffix(svg, "</svg>") {
		t.Errorf("svg frame wrong:\n%s", svg)
	}
}

func TestSparklineGapSplitsLine(t *testing.T) {
	// 82 wide: x steps (82-4)/4 = 19.5: 2, 21.5, 41, 60.5, 80.
	svg := string(Sparkline([]float64{1, 2, math.NaN(), 3, 2}, 82, 20, "x"))
	got := polylines(svg)
	want := []string{"2,18 21.5,10", "60.5,2 80,10"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("polylines = %q, want %q", got, want)
	}
	if m := lastRE.FindStringSubmatch(svg); m == nil || m[1] != "80" || m[2] != "10" {
		t.Errorf("last dot = %v, want at 80,10", m)
	}
}

func TestSparklineLoneValueIsADot(t *testing.T) {
	// x: 2, 22, 42, 62; the 2 at index 1 stands alone between gaps.
	svg := string(Sparkline([]float64{math.NaN(), 2, math.NaN(), 4}, 64, 20, "x"))
	if got := polylines(svg); len(got) != 0 {
		t.Errorf("polylines = %q, want none", got)
	}
	if m := pointRE.FindStringSubmatch(svg); m == nil || m[1] != "22" || m[2] != "18" {
		t.Errorf("lone point = %v, want at 22,18", m)
	}
	// The newest value, also alone, gets the end dot (and a lone-point dot).
	if m := lastRE.FindStringSubmatch(svg); m == nil || m[1] != "62" || m[2] != "2" {
		t.Errorf("last dot = %v, want at 62,2", m)
	}
}

func TestSparklineTrailingGapKeepsDotOnNewestValue(t *testing.T) {
	svg := string(Sparkline([]float64{1, 3, math.NaN()}, 100, 20, "x"))
	// x: 2, 50, 98; the newest value is the 3 at 50,2.
	if m := lastRE.FindStringSubmatch(svg); m == nil || m[1] != "50" || m[2] != "2" {
		t.Errorf("last dot = %v, want at 50,2", m)
	}
}

func TestSparklineFlatSeriesSitsInTheMiddle(t *testing.T) {
	svg := string(Sparkline([]float64{5, 5}, 40, 10, "x"))
	if got := polylines(svg); len(got) != 1 || got[0] != "2,5 38,5" {
		t.Errorf("polylines = %q, want [2,5 38,5]", got)
	}
}

func TestSparklineSingleValueIsCentred(t *testing.T) {
	svg := string(Sparkline([]float64{7}, 40, 10, "x"))
	if m := lastRE.FindStringSubmatch(svg); m == nil || m[1] != "20" || m[2] != "5" {
		t.Errorf("last dot = %v, want at 20,5", m)
	}
}

func TestSparklineWithoutValuesDrawsNothing(t *testing.T) {
	for _, vs := range [][]float64{nil, {math.NaN(), math.NaN()}} {
		svg := string(Sparkline(vs, 0, 0, "no data"))
		want := `<svg class="sparkline" viewBox="0 0 80 20" role="img"><title>no data</title></svg>`
		if svg != want {
			t.Errorf("Sparkline(%v) =\n%s\nwant\n%s", vs, svg, want)
		}
	}
}

func TestSparklineEscapesLabel(t *testing.T) {
	svg := string(Sparkline([]float64{1, 2}, 40, 10, `"><script>alert(1)</script>`))
	if strings.Contains(svg, "<script") {
		t.Fatalf("label not escaped:\n%s", svg)
	}
	if !strings.Contains(svg, `<title>&#34;&gt;&lt;script&gt;alert(1)&lt;/script&gt;</title>`) {
		t.Errorf("escaped label missing:\n%s", svg)
	}
}

func TestSparklineCoordinatesKeepOneDecimal(t *testing.T) {
	// 96 wide, 13 values: x steps 92/12 = 7.666…; y of 1 in 0..3 is
	// 2 + 2/3 × 20 = 15.333….
	svg := string(Sparkline([]float64{0, 1, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}, 96, 24, "x"))
	if got := polylines(svg); len(got) != 1 || !strings.HasPrefix(got[0], "2,22 9.7,15.3 17.3,2 25,22 ") {
		t.Errorf("polylines = %q, want them to start 2,22 9.7,15.3 17.3,2 25,22", got)
	}
}
