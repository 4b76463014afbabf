package kpi

import (
	"fmt"
	"time"
)

// Label is how readers see a quarter: "Q3 FY2027".
func (q Quarter) Label() string { return fmt.Sprintf("Q%d FY%d", q.Q, q.FY) }

// Span names a quarter's months: "Aug–Oct 2026", "Nov 2026 – Jan 2027".
func (q Quarter) Span(start int) string {
	ms := q.Months(start)
	first, last := ms[0], ms[2]
	if first.Year == last.Year {
		return time.Month(first.Month).String()[:3] + "–" + last.Label()
	}
	return first.Label() + " – " + last.Label()
}

// ParseEnd reads a period written as a month ("2026-10") or a fiscal
// quarter ("2027-Q3") and returns its last month.
func ParseEnd(s string, start int) (Period, bool) {
	if q, ok := ParseQuarter(s); ok {
		return q.Months(start)[2], true
	}
	return ParsePeriod(s)
}
