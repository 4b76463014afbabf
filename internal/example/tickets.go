package example

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"time"
)

// TicketsCSV is the example company's support ticket export,
// data/tickets.csv: one row per ticket, as a helpdesk exports it, read
// through a records source (data/sources.yaml) into KPIs whose quarter and
// year to date come from the tickets themselves. Opened times carry the
// agent's zone offset, so a ticket opened late on the last day of a month
// in New York counts in the next month (its UTC date); the newest tickets
// are still open, with no resolution time. September 2026 brings the Slack
// connector outage: more tickets, slower resolutions, more customers
// raising them.
func TicketsCSV() []byte {
	r := rand.New(rand.NewPCG(20241101, 7))
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	w.Write([]string{"ticket_id", "opened_at", "customer", "priority", "channel", "status", "resolution_hours"})
	id := 10_000
	zones := []*time.Location{time.UTC, time.FixedZone("", 2*3600), time.FixedZone("", -5*3600)}
	end := monthAt(months)
	for i := range months {
		n := 90 + 3*i + r.IntN(20)
		if i == slackIncident {
			n += 140
		}
		start := monthAt(i)
		span := monthAt(i + 1).Sub(start)
		opened := make([]time.Time, n)
		for j := range opened {
			opened[j] = start.Add(time.Duration(r.Int64N(int64(span)))).Truncate(time.Minute)
		}
		slices.SortFunc(opened, time.Time.Compare) // the helpdesk numbers tickets as they come
		for _, at := range opened {
			id++
			w.Write(ticket(r, id, i, at.In(zones[r.IntN(len(zones))]), end))
		}
	}
	w.Flush()
	return buf.Bytes()
}

// ticket is one row: a customer from a book that grows with the company,
// a priority, a channel and, once solved, hours to resolution from a
// long-tailed distribution whose median improves over the two years.
func ticket(r *rand.Rand, id, i int, opened time.Time, end time.Time) []string {
	customers := 120 + 4*i
	customer := fmt.Sprintf("C%04d", 1+int(float64(customers)*math.Pow(r.Float64(), 1.6)))
	priority := []string{"P1", "P2", "P2", "P3", "P3", "P3", "P4"}[r.IntN(7)]
	channel := []string{"email", "email", "chat", "in-app"}[r.IntN(4)]
	median := 26 - 0.4*float64(i)
	if i == slackIncident {
		median *= 1.8
	}
	hours := median * math.Exp(0.7*r.NormFloat64())
	if priority == "P1" {
		hours /= 3
	}
	hours = math.Round(math.Max(hours, 0.2)*10) / 10
	status, res := "solved", strconv.FormatFloat(hours, 'f', -1, 64)
	if opened.Add(time.Duration(hours * float64(time.Hour))).After(end) {
		status, res = "open", ""
	}
	return []string{strconv.Itoa(id), opened.Format(time.RFC3339), customer, priority, channel, status, res}
}
