package chart

import (
	"math"
	"testing"
)

// reviewSpec is a typical review chart: 13 months, actual with a gap,
// target and prior year.
func reviewSpec(id string) Spec {
	labels := []string{"Oct 25", "Nov 25", "Dec 25", "Jan 26", "Feb 26", "Mar 26", "Apr 26", "May 26", "Jun 26", "Jul 26", "Aug 26", "Sep 26", "Oct 26"}
	act, tgt, py := make([]float64, 13), make([]float64, 13), make([]float64, 13)
	for i := range labels {
		act[i] = 10e6 + float64(i)*0.4e6
		tgt[i] = 10e6 + float64(i)*0.5e6
		py[i] = 7e6 + float64(i)*0.3e6
	}
	act[3] = math.NaN()
	return Spec{ID: id, Title: "ARR", Labels: labels, Format: Format{Prefix: "$"}, Series: []Series{
		{Name: "Actual", Values: act}, {Name: "Target", Values: tgt, Dashed: true}, {Name: "Prior year", Values: py, Dashed: true},
	}}
}

func BenchmarkRender(b *testing.B) {
	s := reviewSpec("chart-arr")
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Render(s); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkSmallMultiples6(b *testing.B) {
	specs := make([]Spec, 6)
	for i := range specs {
		specs[i] = reviewSpec("c" + string(rune('a'+i)))
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := SmallMultiples(specs); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkSparkline(b *testing.B) {
	vs := reviewSpec("x").Series[0].Values
	b.ReportAllocs()
	for b.Loop() {
		Sparkline(vs, 80, 20, "ARR")
	}
}
