package source

import (
	"math"
	"slices"

	"github.com/opsreport/opsreport/internal/kpi"
)

// aggregate is KPI i's aggregate over the records of months from..to; none
// when the span starts before the source's first month.
func (r *records) aggregate(i int, agg Agg, from, to, first int) kpi.Opt {
	if from < first {
		return kpi.None
	}
	var parts []*monthAgg
	for m := from; m <= to; m++ {
		if a := r.aggs[i][m]; a != nil {
			parts = append(parts, a)
		}
	}
	return combine(agg, parts, r.bits)
}

// combine aggregates the records of several months. count, distinct and
// sum of no records are 0; the others of none are no value.
func combine(agg Agg, parts []*monthAgg, bits []uint64) kpi.Opt {
	var rows, n int
	var sum, abs float64
	mn, mx := math.Inf(1), math.Inf(-1)
	for _, a := range parts {
		rows += a.rows
		n += a.n
		sum += a.sum
		abs += a.abs
		if a.n > 0 {
			mn, mx = math.Min(mn, a.min), math.Max(mx, a.max)
		}
	}
	switch agg {
	case "count":
		return kpi.Some(float64(rows))
	case "distinct":
		return kpi.Some(float64(distinct(parts, bits)))
	case "sum":
		return kpi.Some(kpi.CleanAt(sum, abs))
	}
	if n == 0 {
		return kpi.None
	}
	switch agg {
	case "avg":
		return kpi.Some(kpi.CleanAt(sum/float64(n), abs/float64(n)))
	case "min":
		return kpi.Some(mn)
	case "max":
		return kpi.Some(mx)
	}
	return kpi.Some(kpi.Clean(percentile(parts, n, agg.Percentile())))
}

// Percentile is a percentile aggregate's percentile in hundredths: 90 for
// p90, 50 for median (and for the aggregates that are none).
func (a Agg) Percentile() int {
	switch a {
	case "p90":
		return 90
	case "p95":
		return 95
	case "p99":
		return 99
	}
	return 50
}

// distinct counts the months' values, each once, in bits (all clear,
// and cleared again before returning).
func distinct(parts []*monthAgg, bits []uint64) int {
	if len(parts) == 1 {
		return len(parts[0].ids)
	}
	n := 0
	for _, a := range parts {
		for _, id := range a.ids {
			w, b := id/64, uint64(1)<<(id%64)
			if bits[w]&b == 0 {
				bits[w] |= b
				n++
			}
		}
	}
	for _, a := range parts {
		for _, id := range a.ids {
			bits[id/64] = 0
		}
	}
	return n
}

// percentile interpolates between the closest ranks of the n values of the
// months, as SQL's percentile_cont does: with x = p × (n − 1), the values
// of rank ⌊x⌋ and ⌈x⌉ (0-based), lo + (hi − lo) × (x − ⌊x⌋). p is in
// hundredths, so the ranks and the fraction are exact (0.9 × 2400 in
// floating point is 2160.0000000000005, whose noise would reach the
// result); the warehouse's SQL computes them the same way.
func percentile(parts []*monthAgg, n int, p int) float64 {
	for _, a := range parts {
		if !slices.IsSorted(a.vals) {
			slices.Sort(a.vals)
		}
	}
	x := p * (n - 1)
	lo, rem := x/100, x%100
	vlo := kth(parts, lo)
	if rem == 0 {
		return vlo
	}
	vhi := kth(parts, lo+1)
	return vlo + (vhi-vlo)*(float64(rem)/100)
}

// kth is the k-th smallest (0-based) of the months' sorted values, found
// by bisecting the ordered bit patterns of float64, so a year's percentile
// needs no merged copy of its records.
func kth(parts []*monthAgg, k int) float64 {
	if len(parts) == 1 {
		return parts[0].vals[k]
	}
	lo, hi := toKey(math.Inf(-1)), toKey(math.Inf(1))
	for lo < hi {
		mid := lo + (hi-lo)/2
		if countAtMost(parts, fromKey(mid)) > k {
			hi = mid
		} else {
			lo = mid + 1
		}
	}
	return fromKey(lo)
}

// countAtMost counts the values ≤ v.
func countAtMost(parts []*monthAgg, v float64) int {
	n := 0
	for _, a := range parts {
		i, _ := slices.BinarySearchFunc(a.vals, v, func(x, v float64) int {
			if x <= v {
				return -1
			}
			return 1
		})
		n += i
	}
	return n
}

// toKey maps a float64 to a key that orders as the floats do.
func toKey(f float64) uint64 {
	b := math.Float64bits(f)
	if b&(1<<63) != 0 {
		return ^b
	}
	return b | 1<<63
}

// fromKey maps an ordered key back to its float64: keys order as the
// floats do (negative floats have their bits flipped, others the sign bit
// set).
func fromKey(k uint64) float64 {
	if k&(1<<63) != 0 {
		return math.Float64frombits(k &^ (1 << 63))
	}
	return math.Float64frombits(^k)
}
