package chart

import (
	"html"
	"html/template"
	"math"
	"strconv"
	"strings"
)

// Sparkline size used when the caller passes a non-positive width or height.
const (
	DefaultSparkWidth  = 80
	DefaultSparkHeight = 20
)

// sparkPad keeps the end dot (radius 2) and the stroke inside the box.
const sparkPad = 2.0

// Sparkline draws values as a tiny inline SVG: one polyline per run of
// values between gaps, a small dot (r 1) for a value standing alone between
// gaps, and a larger dot (r 2) on the newest value. Its look is the
// stylesheet's .sparkline rules (site.css: no fill, a 1.5 px round stroke
// and dots in currentColor, so the surrounding text colour and print decide
// its colour), not attributes repeated in each of a review's thousand
// sparklines. Its size on the page is the stylesheet's too: w and h give
// only its viewBox, and site.css draws a .sparkline 96 × 24 px (smaller in
// headline tiles and printed packs), so a caller passes the box that size
// is drawn from, one unit a pixel. label becomes its <title>: the
// accessible name of an SVG of role img, since the picture alone says
// nothing to a screen reader, and the hover text.
func Sparkline(values []float64, w, h int, label string) template.HTML {
	if w <= 0 {
		w = DefaultSparkWidth
	}
	if h <= 0 {
		h = DefaultSparkHeight
	}
	var b strings.Builder
	l := html.EscapeString(label)
	b.WriteString(`<svg class="sparkline" viewBox="0 0 ` + strconv.Itoa(w) + ` ` + strconv.Itoa(h) +
		`" role="img"><title>` + l + `</title>`)
	pts := sparkPoints(values, float64(w), float64(h))
	for _, run := range runs(pts) {
		writeRun(&b, run)
	}
	if last, ok := lastPoint(pts); ok {
		b.WriteString(`<circle cx="` + num(last.x) + `" cy="` + num(last.y) + `" r="2"/>`)
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

// point is a value's place in the box; ok is false for a gap.
type point struct {
	x, y float64
	ok   bool
}

// sparkPoints spreads the values evenly across the width and scales them
// between the smallest (bottom) and largest (top); a flat series sits in the
// middle.
func sparkPoints(values []float64, w, h float64) []point {
	lo, hi, found := extent(values)
	pts := make([]point, len(values))
	if !found {
		return pts
	}
	innerW, innerH := w-2*sparkPad, h-2*sparkPad
	for i, v := range values {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			continue
		}
		x := w / 2
		if len(values) > 1 {
			x = sparkPad + float64(i)*innerW/float64(len(values)-1)
		}
		y := h / 2
		if hi > lo {
			y = sparkPad + (hi-v)/(hi-lo)*innerH
		}
		pts[i] = point{x: x, y: y, ok: true}
	}
	return pts
}

// extent is the range of the finite values, and whether there are any.
func extent(values []float64) (lo, hi float64, found bool) {
	lo, hi = math.Inf(1), math.Inf(-1)
	for _, v := range values {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			continue
		}
		lo, hi, found = min(lo, v), max(hi, v), true
	}
	return lo, hi, found
}

// runs splits the points at gaps.
func runs(pts []point) [][]point {
	var out [][]point
	var cur []point
	for _, p := range pts {
		if !p.ok {
			if len(cur) > 0 {
				out = append(out, cur)
			}
			cur = nil
			continue
		}
		cur = append(cur, p)
	}
	if len(cur) > 0 {
		out = append(out, cur)
	}
	return out
}

// writeRun draws a run as a polyline; a polyline of one point draws nothing,
// so a lone value becomes a small dot instead.
func writeRun(b *strings.Builder, run []point) {
	if len(run) == 1 {
		b.WriteString(`<circle cx="` + num(run[0].x) + `" cy="` + num(run[0].y) + `" r="1"/>`)
		return
	}
	b.WriteString(`<polyline points="`)
	for i, p := range run {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(num(p.x) + "," + num(p.y))
	}
	b.WriteString(`"/>`)
}

func lastPoint(pts []point) (point, bool) {
	for i := len(pts) - 1; i >= 0; i-- {
		if pts[i].ok {
			return pts[i], true
		}
	}
	return point{}, false
}

// num writes a coordinate with at most one decimal: a tenth of a pixel is
// finer than a 1.5 px line shows, and a review page holds a thousand
// sparklines.
func num(v float64) string {
	r := math.Round(v*10) / 10
	if r == 0 {
		r = 0 // no "-0"
	}
	return strconv.FormatFloat(r, 'f', -1, 64)
}
