package example

import "math"

// The plan: targets are the operating plan the leadership team manages to,
// the budget is the board-approved financial envelope. Both are set per
// fiscal year (February–January), so they step at each February.

// perYear picks the value for month i's fiscal year from FY2025, FY2026 and
// FY2027 values.
func perYear(i int, fy25, fy26, fy27 float64) float64 {
	switch fiscalYear(i) {
	case 2025:
		return fy25
	case 2026:
		return fy26
	}
	return fy27
}

// planARR climbs from the opening ARR by a monthly net-new amount that the
// plan raises each fiscal year.
func planARR(i int, fy25, fy26, fy27 float64) float64 {
	v := 3_104_000.0
	for k := 1; k <= i; k++ {
		v += perYear(k, fy25, fy26, fy27)
	}
	return round(v, -3)
}

func targets() []column {
	arr := func(i int) float64 { return planARR(i, 95_000, 108_000, 118_000) }
	return []column{
		series("arr", "arr", fmtCurrency, arr),
		series("revenue", "revenue", fmtCurrency, func(i int) float64 { return round(arr(i)/12+12_000, -2) }),
		// the plan's gross margin of the planned revenue
		series("gross_profit", "gross_profit", fmtCurrency, func(i int) float64 {
			return round((arr(i)/12+12_000)*perYear(i, 0.75, 0.77, 0.78), -2)
		}),
		series("burn", "burn", fmtCurrency, func(i int) float64 { return perYear(i, 410_000, 360_000, 300_000) }),
		series("nrr", "nrr", fmtPercent, func(i int) float64 { return perYear(i, 1.06, 1.08, 1.10) }),
		series("activation_rate", "activation_rate", fmtPercent, func(i int) float64 { return perYear(i, 0.56, 0.60, 0.65) }),
		series("live_integrations", "live_integrations", fmtInt, func(i int) float64 { return math.Round(18 + 0.75*float64(i)) }),
		series("widget_installs", "widget_installs", fmtInt, func(i int) float64 { return 1900 + 90*float64(i) }),
	}
}

func budget() []column {
	return []column{
		series("arr", "arr", fmtCurrency, func(i int) float64 { return planARR(i, 90_000, 100_000, 112_000) }),
		series("revenue", "revenue", fmtCurrency, func(i int) float64 {
			return round(planARR(i, 90_000, 100_000, 112_000)/12+10_000, -2)
		}),
		series("gross_margin", "Gross margin", fmtPercent, func(i int) float64 { return perYear(i, 0.75, 0.77, 0.78) }),
		series("burn", "burn", fmtCurrency, func(i int) float64 { return perYear(i, 420_000, 380_000, 320_000) }),
	}
}
