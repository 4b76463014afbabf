package chart

import (
	"encoding/json"
	"fmt"
	"html/template"
	"math"
	"strconv"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"
)

// ThemeName is the ECharts theme charts.js registers; the option names it so
// go-echarts injects no palette of its own.
const ThemeName = "opsreport"

// symbols tell solid line series apart where colour cannot (grey-scale
// print, colour-blind readers): each series gets its own marker shape.
var symbols = [...]string{"circle", "rect", "triangle", "diamond", "emptyCircle", "emptyRect"}

// echart is what Line and Bar share that the option needs. Their own
// Validate must run (it puts the x labels in place), not RectChart's, which
// dereferences axis options we leave nil.
type echart interface {
	Validate()
	JSON() map[string]any
}

// optionJSON builds the ECharts option for s through go-echarts and returns
// it marshalled. Map keys marshal sorted, so the bytes are stable.
//
// The result is handed to the template as template.JS, which it prints as
// it is, because it is already what html/template would print for the
// JSON: json.Marshal writes compact JSON with <, > and & as \u003c, \u003e
// and \u0026 and U+2028, U+2029 escaped, and an object starts and ends with
// a brace, so html/template's JS value escaper (which would marshal the
// bytes again, compact them with the same escaping, and pad only an
// identifier character at either end) would change nothing but cost a
// second pass over every chart's data. "</script>" in a name thus still
// cannot end the script; chart_test.go checks both.
func optionJSON(s Spec, height int) (template.JS, error) {
	c, series := newChart(s, height)
	c.Validate()
	option := c.JSON()
	option["series"] = series
	b, err := json.Marshal(option)
	if err != nil {
		return "", fmt.Errorf("chart %q: marshal option: %w", s.ID, err)
	}
	return template.JS(b), nil
}

// newChart builds a line or bar chart; a series of the other kind is still
// added to it, since go-echarts writes each series' own type into the option.
// It returns the series as the option writes them: go-echarts' with our
// line styles and threshold lines, which it cannot spell.
func newChart(s Spec, height int) (echart, []seriesJSON) {
	var c echart
	var rc *charts.RectChart
	if s.chartType() == Bar {
		b := charts.NewBar()
		b.SetXAxis(s.Labels)
		c, rc = b, &b.RectChart
	} else {
		l := charts.NewLine()
		l.SetXAxis(s.Labels)
		c, rc = l, &l.RectChart
	}
	rc.SetGlobalOptions(globalOpts(s, height)...)
	out := make([]seriesJSON, len(s.Series))
	for i, se := range s.Series {
		out[i] = singleSeries(s, se, i)
		rc.MultiSeries = append(rc.MultiSeries, out[i].SingleSeries)
	}
	if len(s.Rules) > 0 {
		out[0].MarkLine = rulesLine(s.Rules)
	}
	return c, out
}

func globalOpts(s Spec, height int) []charts.GlobalOpts {
	legend := len(s.Series) > 1
	return []charts.GlobalOpts{
		// WithInitializationOpts replaces the whole struct: every field is
		// set here, and ChartID above all, since its default is random.
		charts.WithInitializationOpts(opts.Initialization{
			ChartID:  s.ID,
			Renderer: "svg",
			Theme:    ThemeName,
			Width:    "100%",
			Height:   strconv.Itoa(height) + "px",
		}),
		// Animation off: a printed or screenshotted chart must be the
		// finished one, and a review is read, not watched.
		charts.WithAnimation(false),
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(legend), Top: "0", Left: "0", Type: "plain"}),
		charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true), Trigger: "axis"}),
		charts.WithGridOpts(gridFor(legend)),
		charts.WithXAxisOpts(opts.XAxis{Type: "category", AxisTick: &opts.AxisTick{AlignWithLabel: opts.Bool(true)}}),
		charts.WithYAxisOpts(yAxisFor(s)),
		charts.WithAriaOpts(&opts.Aria{
			Enabled: opts.Bool(true),
			// The canvas already carries our own aria-label; ECharts'
			// generated one would replace it.
			Label: &opts.AriaLabel{Enabled: opts.Bool(false)},
			// Decal patterns keep bars apart in grey-scale print.
			Decal: &opts.AriaDecal{Show: opts.Bool(true)},
		}),
	}
}

// gridFor leaves room at the top for the legend when there is one.
func gridFor(legend bool) opts.Grid {
	top := "16"
	if legend {
		top = "40"
	}
	return opts.Grid{Top: top, Left: "8", Right: "16", Bottom: "8", ContainLabel: opts.Bool(true)}
}

// yAxisFor starts bars at zero (a bar's length is its value) but lets a
// line chart fit its data, so that 99.2 against 99.9 is visible. A
// threshold outside the data stretches the axis to reach it: a line that
// is not drawn would hide that every value is above it, or below.
func yAxisFor(s Spec) opts.YAxis {
	y := opts.YAxis{Type: "value", SplitNumber: 4}
	if allLines(s) {
		y.Scale = opts.Bool(true)
	}
	lo, hi, ok := dataRange(s)
	if !ok {
		return y
	}
	for _, r := range s.Rules {
		switch {
		case r.Value < lo && (allLines(s) || r.Value < 0):
			y.Min = r.Value
			lo = r.Value
		case r.Value > hi:
			y.Max = r.Value
			hi = r.Value
		}
	}
	return y
}

// dataRange is the smallest and largest value of every series.
func dataRange(s Spec) (lo, hi float64, ok bool) {
	lo, hi = math.Inf(1), math.Inf(-1)
	for _, se := range s.Series {
		for _, v := range se.Values {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				continue
			}
			lo, hi, ok = min(lo, v), max(hi, v), true
		}
	}
	return lo, hi, ok
}

func allLines(s Spec) bool {
	for _, se := range s.Series {
		if s.kind(se) != Line {
			return false
		}
	}
	return true
}

// seriesJSON is a series as the option writes it. Its LineStyle and
// MarkLine replace go-echarts' own (encoding/json takes the shallower of
// two fields of one name), since a dash pattern is an array of lengths
// there and a string in go-echarts.
type seriesJSON struct {
	charts.SingleSeries
	LineStyle *lineStyle `json:"lineStyle,omitempty"`
	MarkLine  *markLine  `json:"markLine,omitempty"`
}

// lineStyle is ECharts' lineStyle: Type is "solid" or dash and gap lengths.
type lineStyle struct {
	Type  any     `json:"type"`
	Width float64 `json:"width"`
}

// comparisonStyle is each comparison's dash pattern and marker.
var comparisonStyle = map[Compare]struct {
	dash   []int
	symbol string
}{
	CompareTarget:    {[]int{8, 4}, "triangle"},
	CompareBudget:    {[]int{2, 3}, "rect"},
	ComparePriorYear: {[]int{8, 3, 2, 3}, "diamond"},
}

// ruleDash is a threshold line's dash pattern by level: finer than any
// comparison's, and labelled besides.
var ruleDash = map[string][]int{"green": {12, 3, 2, 3, 2, 3}, "amber": {1, 3}}

// singleSeries writes the data as plain numbers with null for a gap:
// ECharts draws null as a break in the line and no bar, and JSON has no NaN.
func singleSeries(s Spec, se Series, i int) seriesJSON {
	out := seriesJSON{SingleSeries: charts.SingleSeries{Name: se.Name, Type: s.kind(se), Data: jsonValues(se.Values)}}
	if out.Type != Line {
		return out
	}
	out.ConnectNulls = opts.Bool(false)
	// Markers stay visible so a value between two gaps is still seen.
	out.ShowSymbol = opts.Bool(true)
	if se.Dashed {
		st, ok := comparisonStyle[se.Compare]
		if !ok {
			st = comparisonStyle[CompareTarget]
		}
		out.LineStyle = &lineStyle{Type: st.dash, Width: 1.5}
		out.Symbol = st.symbol
		out.SymbolSize = 5
		return out
	}
	out.LineStyle = &lineStyle{Type: "solid", Width: 2}
	out.Symbol = symbols[i%len(symbols)]
	out.SymbolSize = 6
	return out
}

// markLine is ECharts' markLine: the threshold rules, each a labelled
// horizontal line. Silent: a rule is read, not hovered.
type markLine struct {
	Silent    bool           `json:"silent"`
	Animation bool           `json:"animation"`
	Symbol    []string       `json:"symbol"`
	Data      []markLineItem `json:"data"`
}

type markLineItem struct {
	Name      string    `json:"name"`
	YAxis     float64   `json:"yAxis"`
	LineStyle lineStyle `json:"lineStyle"`
	Label     lineLabel `json:"label"`
}

type lineLabel struct {
	Show      bool   `json:"show"`
	Position  string `json:"position"`
	Formatter string `json:"formatter"`
}

func rulesLine(rules []Rule) *markLine {
	m := &markLine{Silent: true, Symbol: []string{"none", "none"}}
	for _, r := range rules {
		dash, ok := ruleDash[r.Level]
		if !ok {
			dash = ruleDash["amber"]
		}
		m.Data = append(m.Data, markLineItem{
			Name: r.Name, YAxis: r.Value,
			LineStyle: lineStyle{Type: dash, Width: 1},
			// "{b}" is the item's name: a template, not code.
			Label: lineLabel{Show: true, Position: "insideEndTop", Formatter: "{b}"},
		})
	}
	return m
}

func jsonValues(vs []float64) []any {
	out := make([]any, len(vs))
	for i, v := range vs {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			out[i] = nil
			continue
		}
		out[i] = v
	}
	return out
}
