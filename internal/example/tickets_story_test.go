package example

import (
	"bytes"
	"encoding/csv"
	"math"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"
)

// ticketMonths reads the generated tickets without the engine: per month
// of the history (by UTC date), the resolution hours of solved tickets and
// the customers who wrote in.
var ticketMonths = sync.OnceValue(func() (out [months]struct {
	hours     []float64
	customers map[string]bool
}) {
	recs, err := csv.NewReader(bytes.NewReader(TicketsCSV())).ReadAll()
	if err != nil {
		panic(err)
	}
	for _, r := range recs[1:] {
		at, err := time.Parse(time.RFC3339, r[1])
		if err != nil {
			panic(err)
		}
		u := at.UTC()
		i := monthIndex(u.Year(), u.Month())
		m := &out[i]
		if m.customers == nil {
			m.customers = map[string]bool{}
		}
		m.customers[r[2]] = true
		if r[5] == "solved" {
			h, _ := strconv.ParseFloat(r[6], 64)
			m.hours = append(m.hours, h)
		}
	}
	return out
})

// recordsActual is a records KPI's value for months from..to, computed here
// by sorting (p90, percentile_cont's rule) or counting (distinct).
func recordsActual(t *testing.T, id string, from, to int) float64 {
	t.Helper()
	ms := ticketMonths()
	switch id {
	case "resolution_p90":
		var all []float64
		for i := from; i <= to; i++ {
			all = append(all, ms[i].hours...)
		}
		slices.Sort(all)
		x := 0.9 * float64(len(all)-1)
		lo, hi := math.Floor(x), math.Ceil(x)
		return all[int(lo)] + (all[int(hi)]-all[int(lo)])*(x-lo)
	case "customers_with_tickets":
		seen := map[string]bool{}
		for i := from; i <= to; i++ {
			for c := range ms[i].customers {
				seen[c] = true
			}
		}
		return float64(len(seen))
	}
	t.Fatalf("%s: not a records KPI of the example", id)
	return 0
}

// The October review's claims about the ticket KPIs: September's p90 over
// target, October's and the quarter's within it, and the quarter's p90
// above the mean of its three months' (September's long tail lifts it).
func TestTicketKPIStory(t *testing.T) {
	aug, sep, oct := monthIndex(2026, time.August), monthIndex(2026, time.September), monthIndex(2026, time.October)
	const target = 60
	if v := recordsActual(t, "resolution_p90", sep, sep); v <= target*1.05 {
		t.Errorf("September p90 %.2f h: the review calls it red (over %v)", v, target*1.05)
	}
	if v := recordsActual(t, "resolution_p90", oct, oct); v > target {
		t.Errorf("October p90 %.2f h: the review calls it back within target", v)
	}
	q := recordsActual(t, "resolution_p90", aug, oct)
	mean := (recordsActual(t, "resolution_p90", aug, aug) + recordsActual(t, "resolution_p90", sep, sep) + recordsActual(t, "resolution_p90", oct, oct)) / 3
	if q > target || q <= mean {
		t.Errorf("Q3 p90 %.2f h, mean of months %.2f: the review says the quarter is within target and above the average", q, mean)
	}
	if c, s := recordsActual(t, "customers_with_tickets", oct, oct), recordsActual(t, "customers_with_tickets", sep, sep); c >= s {
		t.Errorf("customers with tickets: October %v, September %v; the review says fewer wrote in", c, s)
	}
}
