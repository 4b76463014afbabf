package example

import (
	"math"
	"math/rand/v2"
	"time"
)

// months is the length of the example's history: 2024-11 … 2026-10.
const months = 24

// firstMonth is the first month of the history.
var firstMonth = time.Date(2024, time.November, 1, 0, 0, 0, 0, time.UTC)

// gap marks a month with no value: written as an empty cell, never zero.
var gap = math.NaN()

// monthIndex turns "2026-09" style year and month into the index of the
// history, so the story's events read as dates rather than offsets.
func monthIndex(year int, m time.Month) int {
	return (year-firstMonth.Year())*12 + int(m) - int(firstMonth.Month())
}

// monthAt is the first day of the i-th month of the history.
func monthAt(i int) time.Time { return firstMonth.AddDate(0, i, 0) }

// format says how a column's cells are formatted in the workbook, which is
// also how the engine must read them (percent cells hold fractions).
type format uint8

const (
	fmtCurrency format = iota // whole dollars, "$#,##0"
	fmtPercent                // a fraction shown as a percentage: 0.785 → 78.5%
	fmtPoints                 // percent points as a plain decimal: 99.95
	fmtInt                    // a whole count
	fmtDec1                   // one decimal
	fmtDec2                   // two decimals
)

// column is one KPI series of a wide sheet: its header (the KPI id, or its
// exact catalog name), its cell format and one value per month.
type column struct {
	kpi    string // the KPI id, whatever the header says
	header string
	format format
	values [months]float64
}

// model is the whole example company: every series of every sheet.
type model struct {
	actuals []column
	targets []column
	budget  []column
}

// noise draws from one fixed-seed PCG stream; the order of draws is part of
// the data, so series are generated in a fixed order.
type noise struct{ r *rand.Rand }

func newNoise() *noise { return &noise{r: rand.New(rand.NewPCG(20241101, 20261031))} }

// around returns v plus uniform noise of at most ±spread.
func (n *noise) around(v, spread float64) float64 {
	return v + (n.r.Float64()*2-1)*spread
}

// round rounds v to d decimals, so the workbook holds what a finance team
// would type, not float noise.
func round(v float64, d int) float64 {
	p := math.Pow(10, float64(d))
	return math.Round(v*p) / p
}

// series builds a column by calling f for each month index.
func series(kpi, header string, f format, gen func(i int) float64) column {
	c := column{kpi: kpi, header: header, format: f}
	for i := range months {
		c.values[i] = gen(i)
	}
	return c
}

// from blanks the months before start: a KPI the company began measuring
// later than the others.
func from(start int, c column) column {
	for i := 0; i < start; i++ {
		c.values[i] = gap
	}
	return c
}

// fiscalYear is the fiscal year (named by the calendar year it ends in,
// with the year starting in February) of month index i.
func fiscalYear(i int) int {
	t := monthAt(i)
	if t.Month() >= time.February {
		return t.Year() + 1
	}
	return t.Year()
}

// build generates the company. Every call returns the same numbers.
func build() model {
	n := newNoise()
	var m model
	m.actuals = append(m.actuals, finance(n)...)
	m.actuals = append(m.actuals, customer(n)...)
	m.actuals = append(m.actuals, operations(n)...)
	m.actuals = append(m.actuals, partnerships(n)...)
	m.actuals = append(m.actuals, people(n)...)
	m.targets = targets()
	m.budget = budget()
	return m
}

// find returns the column for kpi in cols.
func find(cols []column, kpi string) *column {
	for i := range cols {
		if cols[i].kpi == kpi {
			return &cols[i]
		}
	}
	return nil
}
