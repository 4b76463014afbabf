package chart

import (
	"encoding/json"
	"fmt"
	"math"
	"regexp"
	"strings"
	"sync"
	"testing"
)

var nan = math.NaN()

// arrSpec is a small realistic chart: an actual with a gap and a dashed target.
func arrSpec() Spec {
	return Spec{
		ID:     "chart-arr-2026-10",
		Title:  "ARR",
		Labels: []string{"Aug 26", "Sep 26", "Oct 26"},
		Series: []Series{
			{Name: "Actual", Values: []float64{1200.5, nan, 1350}},
			{Name: "Target", Values: []float64{1250, 1300, 1350}, Dashed: true},
		},
		Format: Format{Decimals: 1, Prefix: "$"},
	}
}

func mustRender(t *testing.T, s Spec) string {
	t.Helper()
	h, err := Render(s)
	if err != nil {
		t.Fatalf("Render: %v", err)
	}
	return string(h)
}

// optionText pulls the option JSON out of a snippet as written.
func optionText(t *testing.T, html, id string) string {
	t.Helper()
	re := regexp.MustCompile(`<script type="application/json" id="` + regexp.QuoteMeta(id) + `-data">(.*?)</script>`)
	m := re.FindStringSubmatch(html)
	if m == nil {
		t.Fatalf("no option script for %s in:\n%s", id, html)
	}
	return m[1]
}

// optionOf decodes a snippet's option, the way charts.js does with JSON.parse.
func optionOf(t *testing.T, html, id string) map[string]any {
	t.Helper()
	var opt map[string]any
	if err := json.Unmarshal([]byte(optionText(t, html, id)), &opt); err != nil {
		t.Fatalf("option JSON does not parse: %v", err)
	}
	return opt
}

func seriesOf(t *testing.T, opt map[string]any) []map[string]any {
	t.Helper()
	raw, ok := opt["series"].([]any)
	if !ok {
		t.Fatalf("option has no series: %v", opt)
	}
	out := make([]map[string]any, len(raw))
	for i, r := range raw {
		out[i] = r.(map[string]any)
	}
	return out
}

func TestRenderIsDeterministic(t *testing.T) {
	first := mustRender(t, arrSpec())
	for range 5 {
		if again := mustRender(t, arrSpec()); again != first {
			t.Fatalf("second render differs:\n%s\n---\n%s", first, again)
		}
	}
	// Concurrent renders share the package's templates: still identical.
	var wg sync.WaitGroup
	outs := make([]string, 8)
	for i := range outs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			h, _ := Render(arrSpec())
			outs[i] = string(h)
		}()
	}
	wg.Wait()
	for i, o := range outs {
		if o != first {
			t.Errorf("concurrent render %d differs", i)
		}
	}
}

func TestRenderSnippet(t *testing.T) {
	got := mustRender(t, arrSpec())
	want := `<figure class="chart chart-line"><figcaption class="chart-title">ARR</figcaption>` +
		`<div class="chart-canvas" id="chart-arr-2026-10" data-chart="chart-arr-2026-10-data" data-locale="en-US" data-decimals="1" data-prefix="$" data-suffix="" style="height:320px" role="img" aria-label="ARR. Line chart of Actual and Target, Aug 26 to Oct 26. Latest Actual: $1,350.0 (Oct 26)."></div>
<script type="application/json" id="chart-arr-2026-10-data">` + optionText(t, got, "chart-arr-2026-10") + `</script>
<table class="chart-table">
<thead><tr><th scope="col">Period</th><th scope="col">Actual</th><th scope="col">Target</th></tr></thead>
<tbody>
<tr><th scope="row">Aug 26</th><td class="num">$1,200.5</td><td class="num">$1,250.0</td></tr>
<tr><th scope="row">Sep 26</th><td class="num">–</td><td class="num">$1,300.0</td></tr>
<tr><th scope="row">Oct 26</th><td class="num">$1,350.0</td><td class="num">$1,350.0</td></tr>
</tbody>
</table></figure>`
	if got != want {
		t.Errorf("snippet:\n%s\nwant:\n%s", got, want)
	}
}

func TestRenderOptionKeysAreSorted(t *testing.T) {
	text := optionText(t, mustRender(t, arrSpec()), "chart-arr-2026-10")
	// Top-level keys in the order encoding/json writes a map: sorted.
	want := []string{`{"animation"`, `"aria"`, `"grid"`, `"legend"`, `"series"`, `"title"`, `"toolbox"`, `"tooltip"`, `"xAxis"`, `"yAxis"`}
	last := -1
	for _, k := range want {
		i := strings.Index(text, k)
		if i <= last {
			t.Fatalf("key %s at %d, not after %d, in %s", k, i, last, text)
		}
		last = i
	}
}

func TestRenderSeriesNameCannotBreakOutOfScript(t *testing.T) {
	evil := `</script><script>alert(1)</script>`
	s := arrSpec()
	s.Title = evil
	s.Labels[0] = evil
	s.Series[0].Name = evil
	got := mustRender(t, s)

	// Exactly one script element: ours. Every "<" of the name is escaped.
	if n := strings.Count(got, "<script"); n != 1 {
		t.Errorf("%d <script tags, want 1:\n%s", n, got)
	}
	if n := strings.Count(got, "</script>"); n != 1 {
		t.Errorf("%d </script> tags, want 1:\n%s", n, got)
	}
	if strings.Contains(got, "<script>alert") {
		t.Errorf("injected script survived:\n%s", got)
	}
	if !strings.Contains(got, `\u003c/script\u003e\u003cscript\u003ealert(1)\u003c/script\u003e`) {
		t.Errorf("name not \\u003c-escaped in the JSON:\n%s", got)
	}
	// And the data still round-trips to the exact name for the chart.
	opt := optionOf(t, got, s.ID)
	if name := seriesOf(t, opt)[0]["name"]; name != evil {
		t.Errorf("series name after JSON.parse = %q, want %q", name, evil)
	}
	labels := opt["xAxis"].([]any)[0].(map[string]any)["data"].([]any)
	if labels[0] != evil {
		t.Errorf("label after JSON.parse = %q, want %q", labels[0], evil)
	}
}

func TestRenderGapsStayGaps(t *testing.T) {
	s := arrSpec()
	s.Series[1].Values[2] = math.Inf(1) // no number JSON can hold: a gap too
	got := mustRender(t, s)
	series := seriesOf(t, optionOf(t, got, s.ID))

	data, _ := json.Marshal(series[0]["data"])
	if string(data) != `[1200.5,null,1350]` {
		t.Errorf("actual data = %s, want [1200.5,null,1350]", data)
	}
	data, _ = json.Marshal(series[1]["data"])
	if string(data) != `[1250,1300,null]` {
		t.Errorf("target data = %s, want [1250,1300,null]", data)
	}
	if series[0]["connectNulls"] != false {
		t.Errorf("connectNulls = %v, want false", series[0]["connectNulls"])
	}
	if !strings.Contains(got, `<tr><th scope="row">Sep 26</th><td class="num">–</td>`) {
		t.Errorf("gap not shown as a dash in the table:\n%s", got)
	}
}

func TestRenderLineOption(t *testing.T) {
	opt := optionOf(t, mustRender(t, arrSpec()), "chart-arr-2026-10")
	series := seriesOf(t, opt)
	actual, target := series[0], series[1]

	checks := []struct {
		what      string
		got, want any
	}{
		{"actual type", actual["type"], "line"},
		{"actual symbol", actual["symbol"], "circle"},
		{"actual line type", actual["lineStyle"].(map[string]any)["type"], "solid"},
		{"target type", target["type"], "line"},
		{"target symbol", target["symbol"], "triangle"},
		{"target dashes", fmt.Sprint(target["lineStyle"].(map[string]any)["type"]), "[8 4]"},
		{"legend shown", opt["legend"].(map[string]any)["show"], true},
		{"tooltip trigger", opt["tooltip"].(map[string]any)["trigger"], "axis"},
		{"animation", opt["animation"], false},
		{"y scaled to data", opt["yAxis"].([]any)[0].(map[string]any)["scale"], true},
		{"decals", opt["aria"].(map[string]any)["decal"].(map[string]any)["show"], true},
		{"aria label left to us", opt["aria"].(map[string]any)["label"].(map[string]any)["enabled"], false},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s = %v, want %v", c.what, c.got, c.want)
		}
	}
	// The theme is registered by charts.js: go-echarts must not inject a palette.
	if _, ok := opt["color"]; ok {
		t.Errorf("option carries a palette: %v", opt["color"])
	}
}

// TestComparisonsDifferInGreyScale: target, budget and prior year each
// have their own dash pattern and marker, the same on every chart, so a
// grey-scale print tells them apart without colour.
func TestComparisonsDifferInGreyScale(t *testing.T) {
	s := Spec{ID: "c", Labels: []string{"a", "b"}, Series: []Series{
		{Name: "Actual", Values: []float64{1, 2}},
		{Name: "Prior year", Values: []float64{1, 1}, Dashed: true, Compare: ComparePriorYear},
		{Name: "Budget", Values: []float64{2, 2}, Dashed: true, Compare: CompareBudget},
		{Name: "Target", Values: []float64{3, 3}, Dashed: true, Compare: CompareTarget},
	}}
	series := seriesOf(t, optionOf(t, mustRender(t, s), "c"))
	want := []struct{ dash, symbol string }{{"solid", "circle"}, {"[8 3 2 3]", "diamond"}, {"[2 3]", "rect"}, {"[8 4]", "triangle"}}
	for i, w := range want {
		dash := fmt.Sprint(series[i]["lineStyle"].(map[string]any)["type"])
		if dash != w.dash || series[i]["symbol"] != w.symbol {
			t.Errorf("%s: dashes %s and marker %v, want %s and %s", series[i]["name"], dash, series[i]["symbol"], w.dash, w.symbol)
		}
	}
}

// TestRulesAreLabelledLinesTheAxisReaches: green and amber thresholds are
// labelled horizontal lines on the actual; a line chart's fitted axis and
// a bar chart's zero-based one both stretch to a threshold beyond the data.
func TestRulesAreLabelledLinesTheAxisReaches(t *testing.T) {
	rules := []Rule{{Name: "Green ≥ 99.9%", Value: 99.9, Level: "green"}, {Name: "Amber ≥ 99.5%", Value: 99.5, Level: "amber"}}
	s := Spec{ID: "u", Labels: []string{"a", "b", "c"}, Rules: rules,
		Series: []Series{{Name: "Actual", Values: []float64{99.6, 99.7, 99.8}}}}
	got := mustRender(t, s)
	opt := optionOf(t, got, "u")
	ml, _ := json.Marshal(seriesOf(t, opt)[0]["markLine"])
	want := `{"animation":false,"data":[` +
		`{"label":{"formatter":"{b}","position":"insideEndTop","show":true},"lineStyle":{"type":[12,3,2,3,2,3],"width":1},"name":"Green ≥ 99.9%","yAxis":99.9},` +
		`{"label":{"formatter":"{b}","position":"insideEndTop","show":true},"lineStyle":{"type":[1,3],"width":1},"name":"Amber ≥ 99.5%","yAxis":99.5}],` +
		`"silent":true,"symbol":["none","none"]}`
	if string(ml) != want {
		t.Errorf("markLine =\n%s\nwant\n%s", ml, want)
	}
	y := opt["yAxis"].([]any)[0].(map[string]any)
	if y["max"] != 99.9 || y["min"] != 99.5 {
		t.Errorf("line axis from %v to %v, want it to reach both thresholds, 99.5 to 99.9", y["min"], y["max"])
	}

	s.Type, s.Series[0].Values = Bar, []float64{99.95, 99.97, 99.96}
	y = optionOf(t, mustRender(t, s), "u")["yAxis"].([]any)[0].(map[string]any)
	if _, ok := y["min"]; ok || y["max"] != nil {
		t.Errorf("bar axis min %v max %v: bars start at zero and the thresholds are inside the data's span", y["min"], y["max"])
	}
}

func TestRenderSolidSeriesGetDistinctMarkers(t *testing.T) {
	s := Spec{ID: "m", Labels: []string{"a"}, Series: []Series{
		{Name: "A", Values: []float64{1}}, {Name: "B", Values: []float64{2}}, {Name: "C", Values: []float64{3}},
	}}
	series := seriesOf(t, optionOf(t, mustRender(t, s), "m"))
	for i, want := range []string{"circle", "rect", "triangle"} {
		if series[i]["symbol"] != want {
			t.Errorf("series %d symbol = %v, want %s", i, series[i]["symbol"], want)
		}
	}
}

func TestRenderBarOption(t *testing.T) {
	s := Spec{
		ID: "rev", Type: Bar, Labels: []string{"Q1", "Q2"},
		Series: []Series{
			{Name: "Revenue", Values: []float64{10, nan}},
			{Name: "Budget", Values: []float64{9, 11}, Kind: Line, Dashed: true},
		},
	}
	got := mustRender(t, s)
	opt := optionOf(t, got, "rev")
	series := seriesOf(t, opt)
	if series[0]["type"] != "bar" || series[1]["type"] != "line" {
		t.Errorf("types = %v, %v; want bar, line", series[0]["type"], series[1]["type"])
	}
	if _, ok := series[0]["symbol"]; ok {
		t.Errorf("bar series has a symbol: %v", series[0])
	}
	data, _ := json.Marshal(series[0]["data"])
	if string(data) != `[10,null]` {
		t.Errorf("bar data = %s, want [10,null]", data)
	}
	// A bar's length is its value: the axis must start at zero.
	if y := opt["yAxis"].([]any)[0].(map[string]any); y["scale"] != nil {
		t.Errorf("bar chart y axis scale = %v, want unset (zero-based)", y["scale"])
	}
	if !strings.HasPrefix(got, `<figure class="chart chart-bar">`) {
		t.Errorf("figure class: %.60s", got)
	}
	if !strings.Contains(got, `aria-label="Bar chart of Revenue and Budget, Q1 to Q2. Latest Revenue: 10 (Q1)."`) {
		t.Errorf("aria-label wrong:\n%s", got)
	}
}

func TestRenderBarSeriesInLineChartStartsAxisAtZero(t *testing.T) {
	s := Spec{ID: "mix", Labels: []string{"a"}, Series: []Series{
		{Name: "A", Values: []float64{1}}, {Name: "B", Values: []float64{2}, Kind: Bar},
	}}
	opt := optionOf(t, mustRender(t, s), "mix")
	if y := opt["yAxis"].([]any)[0].(map[string]any); y["scale"] != nil {
		t.Errorf("y axis scale = %v with a bar series, want unset", y["scale"])
	}
}

func TestRenderUsesGivenTableCells(t *testing.T) {
	s := arrSpec()
	s.Table = [][]string{{"1.2k", "1.25k"}, {"", "1.3k"}, {"<b>1.35k</b>", "1.35k"}}
	got := mustRender(t, s)
	for _, want := range []string{
		`<tr><th scope="row">Aug 26</th><td class="num">1.2k</td><td class="num">1.25k</td></tr>`,
		`<tr><th scope="row">Sep 26</th><td class="num"></td><td class="num">1.3k</td></tr>`,
		`<tr><th scope="row">Oct 26</th><td class="num">&lt;b&gt;1.35k&lt;/b&gt;</td><td class="num">1.35k</td></tr>`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("missing row %s in:\n%s", want, got)
		}
	}
}

func TestRenderHeight(t *testing.T) {
	s := arrSpec()
	s.Height = 180
	if got := mustRender(t, s); !strings.Contains(got, `style="height:180px"`) {
		t.Errorf("height 180 not applied:\n%s", got)
	}
}

func TestRenderRejectsBadSpecs(t *testing.T) {
	tests := []struct {
		name   string
		change func(*Spec)
		want   string
	}{
		{"empty id", func(s *Spec) { s.ID = "" },
			`chart "": id must start with a letter and hold only letters, digits, '-' and '_'`},
		{"id with quote", func(s *Spec) { s.ID = `a"b` },
			`chart "a\"b": id must start with a letter and hold only letters, digits, '-' and '_'`},
		{"unknown chart type", func(s *Spec) { s.Type = "pie" },
			`chart "chart-arr-2026-10": chart: unknown type "pie" (want line or bar)`},
		{"unknown series kind", func(s *Spec) { s.Series[1].Kind = "area" },
			`chart "chart-arr-2026-10": series Target: unknown type "area" (want line or bar)`},
		{"no series", func(s *Spec) { s.Series = nil },
			`chart "chart-arr-2026-10": no series`},
		{"short series", func(s *Spec) { s.Series[0].Values = s.Series[0].Values[:2] },
			`chart "chart-arr-2026-10": series "Actual" has 2 values for 3 labels`},
		{"negative height", func(s *Spec) { s.Height = -1 },
			`chart "chart-arr-2026-10": negative height -1`},
		{"table rows", func(s *Spec) { s.Table = [][]string{{"a", "b"}} },
			`chart "chart-arr-2026-10": table has 1 rows for 3 labels`},
		{"table cells", func(s *Spec) { s.Table = [][]string{{"a", "b"}, {"a"}, {"a", "b"}} },
			`chart "chart-arr-2026-10": table row 2 has 1 cells for 2 series`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := arrSpec()
			tt.change(&s)
			h, err := Render(s)
			if err == nil {
				t.Fatalf("no error; rendered %s", h)
			}
			if err.Error() != tt.want {
				t.Errorf("error:\n got %s\nwant %s", err, tt.want)
			}
		})
	}
}

func TestSmallMultiples(t *testing.T) {
	a := arrSpec()
	b := Spec{ID: "chart-nps", Title: "NPS", Labels: []string{"Sep 26", "Oct 26"},
		Series: []Series{{Name: "NPS", Values: []float64{41, 44}}}}
	h, err := SmallMultiples([]Spec{a, b})
	if err != nil {
		t.Fatal(err)
	}
	got := string(h)
	if !strings.HasPrefix(got, `<div class="chart-grid chart-grid-2" style="--chart-columns:2">`) || !strings.HasSuffix(got, "</div>") {
		t.Errorf("grid wrapper wrong:\n%s", got)
	}
	if n := strings.Count(got, `<figure class="chart`); n != 2 {
		t.Errorf("%d figures, want 2", n)
	}
	if n := strings.Count(got, `style="height:200px"`); n != 2 {
		t.Errorf("%d small (200px) canvases, want 2:\n%s", n, got)
	}
	// Each cell is exactly the chart Render gives at that height.
	a.Height = DefaultSmallHeight
	if one := mustRender(t, a); !strings.Contains(got, one) {
		t.Errorf("grid cell differs from Render of the same spec")
	}
	// One series: no legend taking room in a small cell.
	if show := optionOf(t, got, "chart-nps")["legend"].(map[string]any)["show"]; show != false {
		t.Errorf("single-series legend show = %v, want false", show)
	}
}

func TestSmallMultiplesColumnsCapAtThree(t *testing.T) {
	var specs []Spec
	for _, id := range []string{"a", "b", "c", "d"} {
		specs = append(specs, Spec{ID: id, Labels: []string{"x"}, Series: []Series{{Name: id, Values: []float64{1}}}})
	}
	h, err := SmallMultiples(specs)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(string(h), `<div class="chart-grid chart-grid-3" style="--chart-columns:3">`) {
		t.Errorf("columns for four charts: %.60s", h)
	}
}

func TestSmallMultiplesErrors(t *testing.T) {
	if _, err := SmallMultiples(nil); err == nil || err.Error() != "chart: small multiples need at least one chart" {
		t.Errorf("empty: %v", err)
	}
	_, err := SmallMultiples([]Spec{arrSpec(), arrSpec()})
	if err == nil || err.Error() != `chart "chart-arr-2026-10": id used twice in small multiples` {
		t.Errorf("duplicate ids: %v", err)
	}
	bad := arrSpec()
	bad.ID = "b"
	bad.Type = "pie"
	_, err = SmallMultiples([]Spec{arrSpec(), bad})
	if err == nil || err.Error() != `chart "b": chart: unknown type "pie" (want line or bar)` {
		t.Errorf("bad spec inside: %v", err)
	}
}

func TestAriaLabelWithoutValues(t *testing.T) {
	s := Spec{ID: "x", Labels: []string{"Oct 26"}, Series: []Series{
		{Name: "A", Values: []float64{nan}}, {Name: "B", Values: []float64{nan}}, {Name: "C", Values: []float64{nan}},
	}}
	if got, want := ariaLabel(s), "Line chart of A, B and C, Oct 26."; got != want {
		t.Errorf("ariaLabel = %q, want %q", got, want)
	}
}

func TestTypes(t *testing.T) {
	if got := strings.Join(Types(), ","); got != "bar,line" {
		t.Errorf("Types() = %s", got)
	}
}

// TestFlat: bars within 5 % of the tallest are flat; a spread over that,
// equal bars, a single bar, bars through zero and line charts are not.
func TestFlat(t *testing.T) {
	for _, c := range []struct {
		typ    string
		values []float64
		flat   bool
	}{
		{Bar, []float64{99.93, 99.95, 99.71, nan, 99.97, 99.96}, true}, // the September outage: 0.26 % apart
		{Bar, []float64{100, 95.1}, true},                              // 4.9 % below the tallest
		{Bar, []float64{100, 94.9}, false},                             // 5.1 %
		{Bar, []float64{50, 50, 50}, false},                            // nothing varies
		{Bar, []float64{99.9, nan}, false},                             // one bar
		{Bar, []float64{-1, 1}, false},
		{Line, []float64{99.93, 99.71}, false},
	} {
		s := Spec{ID: "f", Type: c.typ, Labels: make([]string, len(c.values)), Series: []Series{{Name: "A", Values: c.values}}}
		if _, _, got := Flat(s); got != c.flat {
			t.Errorf("%s %v: flat = %v, want %v", c.typ, c.values, got, c.flat)
		}
	}
}
