package demo

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"math"
	"slices"
	"strconv"
	"time"
)

// The demo's support desk: a ticket export read through a records source,
// so a generated site shows KPIs computed from events, whose quarters and
// years come from the tickets themselves.

// ticketsPerMonth is the desk's volume: about 150 tickets a month.
const ticketsPerMonth = 150

// ticketKPIs is the catalog of the two records KPIs, appended to the
// generated one.
const ticketKPIs = `
# ---- Support (from data/support/tickets.csv, see data/sources.yaml) --------
- id: support_resolution_p90
  name: Resolution time (p90)
  function: Support
  owner: Priya Raman (Head of Support)
  unit: hours
  decimals: 0
  direction: down
  aggregate: avg
  target: 56
  description: Hours within which nine solved tickets in ten were solved; a quarter's figure is the 90th percentile of the quarter's tickets.
- id: support_customers
  name: Customers raising tickets
  function: Support
  owner: Priya Raman (Head of Support)
  unit: count
  decimals: 0
  direction: none
  aggregate: sum
  description: Distinct customers who opened a ticket; a customer counts once in a quarter or a year however many months they wrote in.
`

// ticketSources is data/sources.yaml of the demo.
const ticketSources = `# The support desk's ticket export: one row per ticket. Its KPIs are
# computed from the tickets (README, "KPIs from records").
- file: support/tickets.csv
  layout: records
  date: opened_at
  kpis:
    support_resolution_p90: {agg: p90, column: resolution_hours, where: {status: solved}}
    support_customers: {agg: distinct, column: customer}
`

// ticketsCSV is the desk's export over the company's history: opened times
// in UTC or with an agent's offset, a customer base that grows, and
// resolution hours from a long-tailed distribution; tickets still open at
// the end of the history have none.
func (c *company) ticketsCSV() []byte {
	r := newRand(c.seed, 1<<20)
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	w.Write([]string{"ticket_id", "opened_at", "customer", "priority", "status", "resolution_hours"})
	zones := []*time.Location{time.UTC, time.FixedZone("", 3600), time.FixedZone("", -6*3600)}
	end := monthStart(c.h.period(c.h.months))
	id := 0
	for m := range c.h.months {
		start, next := monthStart(c.h.period(m)), monthStart(c.h.period(m+1))
		n := ticketsPerMonth + r.IntN(40) - 20
		opened := make([]time.Time, n)
		for i := range opened {
			opened[i] = start.Add(time.Duration(r.Int64N(int64(next.Sub(start))))).Truncate(time.Minute)
		}
		slices.SortFunc(opened, time.Time.Compare)
		for _, at := range opened {
			id++
			hours := math.Round(math.Max(0.3, 20*math.Exp(0.8*r.NormFloat64()))*10) / 10
			status, res := "solved", strconv.FormatFloat(hours, 'f', -1, 64)
			if at.Add(time.Duration(hours * float64(time.Hour))).After(end) {
				status, res = "open", ""
			}
			customer := fmt.Sprintf("L%04d", 1+int(float64(200+5*m)*math.Pow(r.Float64(), 1.5)))
			w.Write([]string{strconv.Itoa(id), at.In(zones[r.IntN(len(zones))]).Format(time.RFC3339), customer,
				[]string{"P1", "P2", "P3", "P3"}[r.IntN(4)], status, res})
		}
	}
	w.Flush()
	return buf.Bytes()
}

func monthStart(p interface{ String() string }) time.Time {
	t, _ := time.Parse("2006-01", p.String())
	return t
}
