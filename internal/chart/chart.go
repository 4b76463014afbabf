// Package chart turns KPI series into chart snippets for the site's pages.
//
// A chart is an ECharts option built with go-echarts, written as JSON into a
// <script type="application/json"> beside an empty canvas element; one shared
// script (theme/js/charts.js) finds every canvas and draws it with the SVG
// renderer. The option never travels inside executable script, so a series
// name taken from a spreadsheet cannot break out of the tag, and each snippet
// carries a plain table of the same numbers for readers without script.
//
// Sparklines are different: a page holds dozens of them, so they are tiny SVG
// polylines drawn here in Go, with no ECharts instance at all.
//
// Values are float64 with math.NaN() for "no value": a gap in a line, an
// empty slot among bars, a dash in the table, never a zero. The same Spec
// always renders to the same bytes.
package chart

import (
	"bytes"
	"fmt"
	"html/template"
	"math"
	"regexp"
	"slices"
)

// Chart and series types.
const (
	Line = "line"
	Bar  = "bar"
)

// Default heights in CSS pixels, for a chart alone and for one cell of a
// small-multiples grid.
const (
	DefaultHeight      = 320
	DefaultSmallHeight = 200
)

// Types lists the chart types Render accepts, for a caller's "did you mean".
func Types() []string { return []string{Bar, Line} }

// Series is one named row of values, aligned with Spec.Labels.
type Series struct {
	Name   string
	Values []float64 // math.NaN() is a gap
	// Dashed draws a comparison line (a target, budget or prior year),
	// lighter than the actual, in its Compare's dash pattern and marker;
	// ignored for bars.
	Dashed  bool
	Compare Compare // which comparison a dashed series is; "" is CompareTarget
	Kind    string  // Line or Bar; empty means the Spec's Type
}

// Compare names a comparison series. Each is drawn in its own dash pattern
// with its own marker, the same on every chart, so that target, budget and
// prior year stay apart in a grey-scale print and a reader learns them once.
type Compare string

// The comparisons.
const (
	CompareTarget    Compare = "target"     // long dashes, triangles
	CompareBudget    Compare = "budget"     // dots, squares
	ComparePriorYear Compare = "prior_year" // dash-dot, diamonds
)

// A Rule is a horizontal line at a fixed value across the whole chart: a
// KPI's green or amber threshold. It is labelled with its name at the
// right end, and named in the chart's description.
type Rule struct {
	Name  string // "Green ≥ 99.9%"
	Value float64
	Level string // "green" or "amber": the line's dash pattern
}

// Spec describes one chart.
type Spec struct {
	// ID is the canvas element's id; it must be unique on the page and
	// stable between builds ("chart-arr-2026-10"). The option script gets
	// ID + "-data".
	ID     string
	Title  string
	Type   string   // Line (default) or Bar
	Labels []string // x axis categories: "Oct 25", "Nov 25", ...
	Series []Series
	Format Format // how axis, tooltip and table show numbers
	Height int    // CSS pixels; 0 means DefaultHeight
	// Rules are threshold lines drawn across the chart; the value axis
	// always reaches them, so a line is never off the picture.
	Rules []Rule
	// Table optionally gives the fallback table's cells already formatted,
	// one row per label and one column per series; nil means the values
	// are formatted with Format.
	Table [][]string
}

// idPattern keeps ids to characters that are safe and unambiguous in an id
// attribute, a CSS selector and a URL fragment.
var idPattern = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_-]*$`)

// Render returns the HTML snippet for one chart: a figure with its caption,
// the canvas, the option JSON and the fallback table.
func Render(s Spec) (template.HTML, error) {
	v, err := newView(s, DefaultHeight)
	if err != nil {
		return "", err
	}
	return execute("chart", v)
}

// SmallMultiples renders several charts as one grid, each drawn small.
// Ids must differ between the specs.
func SmallMultiples(specs []Spec) (template.HTML, error) {
	if len(specs) == 0 {
		return "", fmt.Errorf("chart: small multiples need at least one chart")
	}
	views := make([]view, 0, len(specs))
	seen := make(map[string]bool, len(specs))
	for _, s := range specs {
		if seen[s.ID] {
			return "", fmt.Errorf("chart %q: id used twice in small multiples", s.ID)
		}
		seen[s.ID] = true
		v, err := newView(s, DefaultSmallHeight)
		if err != nil {
			return "", err
		}
		views = append(views, v)
	}
	return execute("grid", gridView{Charts: views, Columns: min(len(views), 3)})
}

// validate reports a Spec the caller built wrongly. These are programming
// errors in the caller (user-facing checks such as an unknown chart type in
// a shortcode belong to the caller, with a position), so they are plain
// errors naming the chart.
func (s Spec) validate() error {
	if !idPattern.MatchString(s.ID) {
		return fmt.Errorf("chart %q: id must start with a letter and hold only letters, digits, '-' and '_'", s.ID)
	}
	if err := checkType(s.ID, "chart", s.Type); err != nil {
		return err
	}
	if len(s.Series) == 0 {
		return fmt.Errorf("chart %q: no series", s.ID)
	}
	if s.Height < 0 {
		return fmt.Errorf("chart %q: negative height %d", s.ID, s.Height)
	}
	for _, se := range s.Series {
		if err := s.validateSeries(se); err != nil {
			return err
		}
	}
	for _, r := range s.Rules {
		if math.IsNaN(r.Value) || math.IsInf(r.Value, 0) {
			return fmt.Errorf("chart %q: rule %q has no value", s.ID, r.Name)
		}
	}
	return s.validateTable()
}

func (s Spec) validateSeries(se Series) error {
	if err := checkType(s.ID, "series "+se.Name, se.Kind); err != nil {
		return err
	}
	if len(se.Values) != len(s.Labels) {
		return fmt.Errorf("chart %q: series %q has %d values for %d labels", s.ID, se.Name, len(se.Values), len(s.Labels))
	}
	return nil
}

func (s Spec) validateTable() error {
	if s.Table == nil {
		return nil
	}
	if len(s.Table) != len(s.Labels) {
		return fmt.Errorf("chart %q: table has %d rows for %d labels", s.ID, len(s.Table), len(s.Labels))
	}
	for i, row := range s.Table {
		if len(row) != len(s.Series) {
			return fmt.Errorf("chart %q: table row %d has %d cells for %d series", s.ID, i+1, len(row), len(s.Series))
		}
	}
	return nil
}

// checkType accepts "" (inherit) and the known types.
func checkType(id, what, t string) error {
	if t == "" || slices.Contains(Types(), t) {
		return nil
	}
	return fmt.Errorf("chart %q: %s: unknown type %q (want line or bar)", id, what, t)
}

// chartType is the Spec's type with the default applied.
func (s Spec) chartType() string {
	if s.Type == "" {
		return Line
	}
	return s.Type
}

// kind is the series' type with the chart's applied.
func (s Spec) kind(se Series) string {
	if se.Kind == "" {
		return s.chartType()
	}
	return se.Kind
}

// execute runs one of the package's templates into a string.
func execute(name string, data any) (template.HTML, error) {
	var b bytes.Buffer
	if err := templates.ExecuteTemplate(&b, name, data); err != nil {
		return "", fmt.Errorf("chart: render %s: %w", name, err)
	}
	return template.HTML(b.String()), nil
}

// FlatWithin is how close bars may lie before a bar chart is flat: within
// 5 % of the tallest, bars that start at zero look the same height.
const FlatWithin = 0.05

// Flat reports whether a bar chart cannot show how its first series
// varies: two or more positive bars that differ, all within FlatWithin of
// the tallest. It returns the lowest and highest bar. A line chart, whose
// axis fits its data, is never flat.
func Flat(s Spec) (lo, hi float64, flat bool) {
	if s.chartType() != Bar || len(s.Series) == 0 || s.kind(s.Series[0]) != Bar {
		return 0, 0, false
	}
	lo, hi = math.Inf(1), math.Inf(-1)
	n := 0
	for _, v := range s.Series[0].Values {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			continue
		}
		lo, hi, n = min(lo, v), max(hi, v), n+1
	}
	if n < 2 || lo <= 0 || hi == lo {
		return lo, hi, false
	}
	return lo, hi, (hi-lo)/hi < FlatWithin
}
