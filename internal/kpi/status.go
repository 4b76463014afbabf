package kpi

import "math"

// Status is a period's RAG status.
type Status string

const (
	Green      Status = "green"
	Amber      Status = "amber"
	Red        Status = "red"
	StatusNone Status = "none" // grey: no actual, no target and no thresholds, or direction none
)

// StatusOf is SPEC 2's rule for one period. target is the period's target
// from the data; when it is absent the catalog's constant target is used.
//
//   - no actual, or direction none: none;
//   - with thresholds: green if Green holds, else amber if Amber holds, else red;
//   - else against target T (none without one): direction up is green when
//     actual ≥ T, amber when actual ≥ T − tolerance×|T|, red below; direction
//     down mirrors it (≤ T, ≤ T + tolerance×|T|).
//
// Comparisons allow a relative 1e-9 so a value typed on a boundary stays on it.
func StatusOf(k *KPI, actual, target Opt) Status {
	if !actual.OK || k.Direction == DirNone {
		return StatusNone
	}
	if k.Green != nil {
		return thresholdStatus(k, actual.V)
	}
	if !target.OK {
		target = k.Target
	}
	if !target.OK {
		return StatusNone
	}
	band := k.Tolerance * math.Abs(target.V)
	a, t := actual.V, target.V
	if k.Direction == Down { // mirror: lower is better
		a, t = -a, -t
	}
	switch {
	case atLeast(a, t):
		return Green
	case atLeast(a, t-band):
		return Amber
	}
	return Red
}

func thresholdStatus(k *KPI, v float64) Status {
	switch {
	case k.Green.Holds(v):
		return Green
	case k.Amber != nil && k.Amber.Holds(v):
		return Amber
	}
	return Red
}

// atLeast is a ≥ b, forgiving binary rounding of the size of the operands
// (99.9 − 0.05×99.9 is not exactly 94.905).
func atLeast(a, b float64) bool {
	eps := 1e-9 * math.Max(1, math.Max(math.Abs(a), math.Abs(b)))
	return a >= b-eps
}
