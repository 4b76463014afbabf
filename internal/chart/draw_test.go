package chart

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/opsreport/opsreport/internal/kpi"
)

// drawn is what testdata/draw.js reports for one chart.
type drawn struct {
	ID          string `json:"id"`
	Rendered    string `json:"rendered"`
	FigureClass string `json:"figureClass"`
	TableClip   string `json:"tableClip"`
	SVG         string `json:"svg"`
}

// drawWithECharts renders specs with Render, then runs the shipped
// charts.js and the vendored ECharts on the result under Node, so the test
// sees what a browser would draw from our JSON. It skips without node.
func drawWithECharts(t *testing.T, specs ...Spec) map[string]drawn {
	t.Helper()
	return drawStyled(t, nil, specs...)
}

// drawStyled is drawWithECharts on a page whose root element sets the
// custom properties css.
func drawStyled(t *testing.T, css map[string]string, specs ...Spec) map[string]drawn {
	t.Helper()
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("node not installed: cannot run ECharts")
	}
	type input struct {
		ID     string            `json:"id"`
		Height int               `json:"height"`
		Data   map[string]string `json:"data"`
		Option string            `json:"option"`
	}
	var in []input
	for _, s := range specs {
		html := mustRender(t, s)
		in = append(in, input{ID: s.ID, Height: DefaultHeight, Data: dataAttrs(html), Option: optionText(t, html, s.ID)})
	}
	inPath := filepath.Join(t.TempDir(), "in.json")
	b, _ := json.Marshal(in)
	if err := os.WriteFile(inPath, b, 0o644); err != nil {
		t.Fatal(err)
	}
	cssJSON, _ := json.Marshal(css)
	cmd := exec.Command(node, "testdata/draw.js",
		mustAbs(t, "../../theme/vendor/echarts/echarts.common.min.js"), mustAbs(t, "../../theme/js/charts.js"), inPath, string(cssJSON))
	cmd.Stderr = os.Stderr
	outBytes, err := cmd.Output()
	if err != nil {
		t.Fatalf("node draw.js: %v", err)
	}
	var out []drawn
	if err := json.Unmarshal(outBytes, &out); err != nil {
		t.Fatalf("draw.js output: %v\n%s", err, outBytes)
	}
	byID := map[string]drawn{}
	for _, d := range out {
		byID[d.ID] = d
	}
	return byID
}

var dataAttrRE = regexp.MustCompile(`data-(locale|decimals|prefix|suffix|compact|compact-words|compact-sep)="([^"]*)"`)

// dataAttrs reads the canvas' format attributes as the browser's dataset
// would (these test values hold no entities).
func dataAttrs(html string) map[string]string {
	m := map[string]string{}
	for _, a := range dataAttrRE.FindAllStringSubmatch(html, -1) {
		m[camel(a[1])] = a[2]
	}
	return m
}

// camel is a data attribute's name as the dataset property: compact-words
// is compactWords.
func camel(name string) string {
	parts := strings.Split(name, "-")
	for i := 1; i < len(parts); i++ {
		parts[i] = strings.ToUpper(parts[i][:1]) + parts[i][1:]
	}
	return strings.Join(parts, "")
}

func mustAbs(t *testing.T, p string) string {
	t.Helper()
	a, err := filepath.Abs(p)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// seriesPaths returns the d attribute of every path stroked in colour with
// the given width: the lines of one series.
func seriesPaths(svg, colour, width string) []string {
	re := regexp.MustCompile(`<path d="([^"]*)" fill="none"[^>]*stroke="` + colour + `" stroke-width="` + width + `"`)
	var out []string
	for _, m := range re.FindAllStringSubmatch(svg, -1) {
		out = append(out, m[1])
	}
	return out
}

func TestChartsJSDrawsLineWithGap(t *testing.T) {
	s := Spec{ID: "gap", Labels: []string{"a", "b", "c", "d", "e"},
		Series: []Series{{Name: "Actual", Values: []float64{1200, 1300, nan, 1250, 1400}}},
		Format: Format{Prefix: "$"}}
	d := drawWithECharts(t, s)["gap"]
	if d.Rendered != "true" {
		t.Fatalf("data-rendered = %q, want true", d.Rendered)
	}
	// The theme's first colour draws the actual; the gap splits it in two.
	paths := seriesPaths(d.SVG, "#1f4e79", "2")
	if len(paths) != 1 || strings.Count(paths[0], "M") != 2 {
		t.Errorf("actual line paths = %q, want one path of two segments", paths)
	}
	// Axis labels come from charts.js' formatter with the chart's prefix.
	if !strings.Contains(d.SVG, ">$1,300<") {
		t.Errorf("no $-formatted axis label in SVG:\n%s", d.SVG)
	}
	if d.FigureClass != "chart-rendered" || d.TableClip != "inset(50%)" {
		t.Errorf("fallback table not hidden after drawing: class %q clip %q", d.FigureClass, d.TableClip)
	}
}

func TestChartsJSDrawsBarsAndEscapedNames(t *testing.T) {
	evil := `</script><script>alert(1)</script>`
	s := Spec{ID: "bars", Type: Bar, Labels: []string{"Q1", "Q2", "Q3"},
		Series: []Series{
			{Name: evil, Values: []float64{10, nan, 30}},
			{Name: "Budget", Values: []float64{12, 20, 25}, Kind: Line, Dashed: true},
		}}
	d := drawWithECharts(t, s)["bars"]
	if d.Rendered != "true" {
		t.Fatalf("data-rendered = %q, want true", d.Rendered)
	}
	if strings.Contains(d.SVG, "<script") {
		t.Errorf("series name drawn as markup:\n%s", d.SVG)
	}
	if !strings.Contains(d.SVG, "&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;") {
		t.Errorf("legend does not show the name as text:\n%s", d.SVG)
	}
	// Two bars, not three: the gap is no bar, not a zero-height one. Bars
	// are the chart's paths filled with the first colour (the legend's key
	// has the same fill but another ssr type).
	bars := regexp.MustCompile(`fill="#1f4e79" ecmeta_series_index="0" ecmeta_data_index="(\d)" ecmeta_ssr_type="chart"`).FindAllStringSubmatch(d.SVG, -1)
	var idx []string
	for _, b := range bars {
		idx = append(idx, b[1])
	}
	if strings.Join(idx, ",") != "0,2" {
		t.Errorf("bars drawn at data indexes %v, want 0,2", idx)
	}
	if !strings.Contains(d.SVG, `stroke-dasharray`) {
		t.Errorf("dashed budget line not dashed:\n%s", d.SVG)
	}
}

// TestChartsJSTakesItsColoursFromTheStylesheet checks that a page's CSS
// custom properties colour the charts: a site's custom.css that sets
// --chart-1 redraws the actual in its colour, and the other series keep
// the built-in ones.
func TestChartsJSTakesItsColoursFromTheStylesheet(t *testing.T) {
	s := Spec{ID: "css", Labels: []string{"a", "b", "c"},
		Series: []Series{{Name: "Actual", Values: []float64{1, 2, 3}}, {Name: "Target", Values: []float64{2, 2, 2}, Dashed: true}}}
	d := drawStyled(t, map[string]string{"--chart-1": " #0b6e4f"}, s)["css"]
	if len(seriesPaths(d.SVG, "#0b6e4f", "2")) != 1 || len(seriesPaths(d.SVG, "#1f4e79", "2")) != 0 {
		t.Errorf("the actual is not drawn in --chart-1:\n%s", d.SVG)
	}
	if !strings.Contains(d.SVG, `stroke="#8a8a8a"`) {
		t.Errorf("the target lost the built-in second colour:\n%s", d.SVG)
	}
}

// TestChartsJSShortensLikeTheTiles: with a compact format, the axis reads
// "$5.2M" as kpi.CompactNumber writes it, in the locale's words.
func TestChartsJSShortensLikeTheTiles(t *testing.T) {
	us := Spec{ID: "us", Labels: []string{"a", "b", "c"},
		Series: []Series{{Name: "Actual", Values: []float64{5.0e6, 5.2e6, 5.35e6}}},
		Format: Format{Prefix: "$", Compact: "auto"}}
	de := Spec{ID: "de", Labels: []string{"a", "b", "c"},
		Series: []Series{{Name: "Actual", Values: []float64{5.0e6, 5.2e6, 5.35e6}}},
		Format: Format{Suffix: "\u00a0€", Locale: "de-DE", Compact: "auto"}}
	d := drawWithECharts(t, us, de)
	if !regexp.MustCompile(`>\$5\.[0-9]+M<`).MatchString(d["us"].SVG) {
		t.Errorf("no $…M axis label:\n%s", d["us"].SVG)
	}
	if !regexp.MustCompile(`>5,[0-9]+\x{a0}Mio\.\x{a0}€<`).MatchString(d["de"].SVG) {
		t.Errorf("no …\u00a0Mio.\u00a0€ axis label:\n%s", d["de"].SVG)
	}
	if got := (Format{Prefix: "$", Compact: "auto"}).Short(5352000); got != "$5.35M" {
		t.Errorf("Short = %q", got)
	}
}

// TestChartsJSRoundsLikeGo: the tooltip's short form (charts.js) is Go's
// Format.Short for numbers on rounding boundaries, where rounding the
// binary quotient (1.00499… for 1,005) would differ from rounding its
// decimal text, and for a negative that rounds to zero. It skips without
// node.
func TestChartsJSRoundsLikeGo(t *testing.T) {
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("node not installed")
	}
	values := []float64{1005, 1015, 1025, 2675, 999950, 999499, 1234567, 5352000, -1005, -4, 12345.5, 99950, 1e9 + 5e6}
	for _, compact := range []string{"auto", "thousands"} {
		args := []string{"testdata/short.js", "../../theme/js/charts.js", compact}
		for _, v := range values {
			args = append(args, strconv.FormatFloat(v, 'f', -1, 64))
		}
		out, err := exec.Command(node, args...).CombinedOutput()
		if err != nil {
			t.Fatalf("node short.js: %v\n%s", err, out)
		}
		got := strings.Split(strings.TrimSpace(string(out)), "\n")
		if len(got) != len(values) {
			t.Fatalf("%d lines for %d values:\n%s", len(got), len(values), out)
		}
		f := Format{Prefix: "$", Compact: kpi.Display(compact)}
		for i, v := range values {
			if want := f.Short(v); got[i] != want {
				t.Errorf("%s %v: charts.js %q, Go %q", compact, v, got[i], want)
			}
		}
	}
}
