package kpi

import (
	"math"
	"strconv"
)

// Figures are computed in binary floating point from decimals people
// typed, so 55.2 − 56 comes out as −0.7999999999999972. The functions here
// round such noise away by keeping 15 significant digits — of the
// operands, not of the result: the noise of a difference is as large as
// the numbers it was taken from, and cancellation only makes it look
// bigger. Every value a person types fits in 15 digits.

// clean keeps 15 significant digits of v (0.1+0.2 is 0.3, 0.975×100 is 97.5).
func clean(v float64) float64 { return cleanAt(v, math.Abs(v)) }

// cleanAt keeps the digits of v down to the 15th significant digit of mag,
// the magnitude of the operands v was computed from.
//
// It is arithmetic, because Compute cleans every figure and text round
// trips were most of its time: round(v×10^k) is a whole number below 2^53
// and 10^k (|k| ≤ 22) is exact, so the one remaining division rounds
// correctly to the double nearest the decimal, as ParseFloat would.
func cleanAt(v, mag float64) float64 {
	if v == 0 || math.IsNaN(v) || math.IsInf(v, 0) {
		return v + 0 // no negative zero
	}
	mag = math.Max(mag, math.Abs(v))
	k := 14 - decimalExponent(mag) // decimal places to keep
	if k < -22 || k > 22 {
		return cleanSlow(v, k)
	}
	p := math.Pow10(abs(k))
	scaled := v * p
	if k < 0 {
		scaled = v / p
	}
	// Near a half the scaling's own rounding can tip the result the other
	// way than the exact binary value would: let the decimal path decide.
	if frac := math.Abs(scaled - math.Trunc(scaled)); math.Abs(frac-0.5) < 1e-3 {
		return cleanSlow(v, k)
	}
	if k < 0 {
		return math.Round(scaled)*p + 0
	}
	return math.Round(scaled)/p + 0
}

// cleanSlow rounds v to k decimal places (k < 0: to 10^-k) through its
// exact decimal text, which strconv rounds correctly.
func cleanSlow(v float64, k int) float64 {
	var s string
	if k >= 0 {
		s = strconv.FormatFloat(v, 'f', k, 64)
	} else {
		digits := decimalExponent(math.Abs(v)) + k // significant digits kept, less one
		if digits < 0 {
			return 0
		}
		s = strconv.FormatFloat(v, 'e', digits, 64)
	}
	c, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return v
	}
	return c + 0
}

// decimalExponent is floor(log10(a)) for a > 0, from the binary exponent
// and a table of powers of ten (math.Log10 was slower than the rest of
// Compute together).
func decimalExponent(a float64) int {
	_, e := math.Frexp(a) // a = f × 2^e, f in [0.5, 1)
	d := int(math.Floor(float64(e-1) * math.Log10E / math.Log2E))
	for d < 308 && a >= math.Pow10(d+1) {
		d++
	}
	for d > -323 && a < math.Pow10(d) {
		d--
	}
	return d
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}
