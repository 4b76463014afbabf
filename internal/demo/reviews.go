package demo

import (
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/opsreport/opsreport/internal/chart"
	"github.com/opsreport/opsreport/internal/kpi"
)

// reviewFiles writes one review a month: every one final except the
// newest, which is the draft in preparation (built with --drafts).
func (c *company) reviewFiles() []File {
	var out []File
	for m := range c.h.months {
		out = append(out, c.review(m)...)
	}
	return out
}

func (c *company) review(m int) []File {
	p := c.h.period(m)
	dir := "content/reviews/" + p.String() + "/"
	out := []File{{Path: dir + "index.md", Data: c.reviewIndex(m)}}
	weight := 0
	for _, f := range functions {
		list := c.ofFunction(f.name)
		if len(list) == 0 {
			continue
		}
		weight += 10
		name := fmt.Sprintf("%s%02d-%s.md", dir, weight, strings.ToLower(f.name))
		out = append(out, File{Path: name, Data: c.section(m, f.name, weight, list)})
	}
	out = append(out, File{Path: dir + "90-risks-and-actions.md", Data: []byte(risksSection)})
	return out
}

func (c *company) ofFunction(name string) []*series {
	var out []*series
	for _, s := range c.kpis {
		if s.t.function == name {
			out = append(out, s)
		}
	}
	return out
}

// reviewIndex is the front matter and executive summary.
func (c *company) reviewIndex(m int) []byte {
	p := c.h.period(m)
	var b strings.Builder
	status := "final"
	if m == c.h.months-1 {
		status = "draft"
	}
	fmt.Fprintf(&b, "---\ntitle: %s operating review\ndate: %s\nkind: %s\nstatus: %s\npresenters:\n",
		monthName(p), meetingDate(p), c.kind(p), status)
	for _, who := range c.presenters() {
		fmt.Fprintf(&b, "  - %s\n", who)
	}
	b.WriteString("---\n\n")
	if status == "draft" {
		b.WriteString("*Draft: the figures are closed; the commentary is being written.*\n\n")
	}
	met, planned := c.planMet(m)
	fmt.Fprintf(&b, "%s: %d of the %d KPIs with a plan target met it this month.\n\n", monthName(p), met, planned)
	for i, s := range c.kpis {
		if i == 4 {
			break
		}
		fmt.Fprintf(&b, "{{< tile %s >}}\n\n", s.t.id)
	}
	c.highlights(&b, m)
	return []byte(b.String())
}

// kind is board for the last month of a fiscal quarter, monthly otherwise.
func (c *company) kind(p kpi.Period) string {
	if (p.Month-c.h.fyStart+12)%3 == 2 {
		return "board"
	}
	return "monthly"
}

func (c *company) presenters() []string {
	out := []string{"Elena Brooks (CEO)"}
	for _, f := range functions {
		if len(c.ofFunction(f.name)) > 0 {
			out = append(out, f.owner)
		}
	}
	return out
}

// planMet counts the KPIs with a target this month, and those that met it.
func (c *company) planMet(m int) (met, planned int) {
	for _, s := range c.kpis {
		a, t := s.actual[m], s.target[m]
		if a != a || t != t {
			continue
		}
		planned++
		if (a-t)*s.t.better() >= 0 {
			met++
		}
	}
	return met, planned
}

// highlights name the month's best beat and worst miss against plan.
func (c *company) highlights(b *strings.Builder, m int) {
	best, worst := c.extremes(m)
	if best == nil && worst == nil {
		return
	}
	b.WriteString("## Highlights\n\n")
	if best != nil {
		fmt.Fprintf(b, "- Best against plan: %s {{< value %s >}} {{< status %s >}}, {{< delta %s vs=\"target\" >}} against target.\n",
			best.t.name, best.t.id, best.t.id, best.t.id)
	}
	if worst != nil && worst != best {
		fmt.Fprintf(b, "- Furthest behind: %s {{< value %s >}} {{< status %s >}}, {{< delta %s vs=\"target\" >}}; a recovery plan is in the action log.\n",
			worst.t.name, worst.t.id, worst.t.id, worst.t.id)
	}
	b.WriteString("\n")
}

// extremes are the KPIs furthest ahead of and behind target, in noise units.
func (c *company) extremes(m int) (best, worst *series) {
	hi, lo := 0.0, 0.0
	for _, s := range c.kpis {
		gap := (s.actual[m] - s.target[m]) * s.t.better() / s.t.s.scale(m)
		if gap > hi {
			best, hi = s, gap
		}
		if gap < lo {
			worst, lo = s, gap
		}
	}
	return best, worst
}

// section is one function's narrative: its headline KPIs in words and
// charts, then its scorecard. Between them the sections use every
// shortcode and every chart option.
func (c *company) section(m int, function string, weight int, list []*series) []byte {
	var b strings.Builder
	fmt.Fprintf(&b, "---\ntitle: %s\nweight: %d\nfunction: %s\n---\n\n", function, weight, function)
	head := list[:min(3, len(list))]
	for i, s := range head {
		c.paragraph(&b, m, s, i)
	}
	if len(head) > 1 {
		ids := make([]string, len(head))
		for i, s := range head {
			ids[i] = s.t.id
		}
		fmt.Fprintf(&b, "The headline measures side by side:\n\n{{< chart %s >}}\n\n", strings.Join(ids, " "))
	}
	fmt.Fprintf(&b, "{{< scorecard function=%q >}}\n", function)
	return []byte(b.String())
}

// paragraph writes one KPI's figures; i varies the chart so that line,
// bar and comparison charts all appear.
func (c *company) paragraph(b *strings.Builder, m int, s *series, i int) {
	id := s.t.id
	fmt.Fprintf(b, "%s was {{< value %s >}} {{< status %s >}}", s.t.name, id, id)
	if s.target[m] == s.target[m] {
		fmt.Fprintf(b, ", {{< delta %s vs=\"target\" >}} against target", id)
	}
	if m > 0 {
		fmt.Fprintf(b, " and {{< delta %s vs=\"prior\" >}} on %s", id, c.h.period(m-1).Label())
	}
	b.WriteString(". " + c.verdict(s, m) + "\n")
	c.extras(b, m, s)
	b.WriteString("\n")
	switch {
	case s.t.budget:
		fmt.Fprintf(b, "{{< chart %s compare=\"target,budget,prior_year\" >}}\n\n", id)
	case i == 1 && s.barsVary(m, 6):
		fmt.Fprintf(b, "{{< chart %s type=\"bar\" months=\"6\" >}}\n\n", id)
	default:
		fmt.Fprintf(b, "{{< chart %s >}}\n\n", id)
	}
}

// barsVary reports whether the months months ending at m differ enough to
// be told apart as bars from zero: by a tenth of the largest, twice what
// check asks (chart.FlatWithin), so that rounding in the workbook cannot
// bring a chart under it. Uptime at 99.9 % is a line.
func (s *series) barsVary(m, months int) bool {
	lo, hi := math.Inf(1), math.Inf(-1)
	for i := max(0, m-months+1); i <= m; i++ {
		if v := s.actual[i]; v == v {
			lo, hi = min(lo, v), max(hi, v)
		}
	}
	return lo > 0 && hi > lo && (hi-lo)/hi >= 2*chart.FlatWithin
}

// extras adds the comparisons a KPI has data for: budget, forecast, a
// year earlier, and last month's plan.
func (c *company) extras(b *strings.Builder, m int, s *series) {
	id := s.t.id
	if s.budget[m] == s.budget[m] {
		fmt.Fprintf(b, "The board budget was {{< value %s series=\"budget\" >}}: {{< delta %s vs=\"budget\" >}}.\n", id, id)
	}
	if s.forecast[m] == s.forecast[m] {
		fmt.Fprintf(b, "Mid-month we forecast {{< value %s series=\"forecast\" >}} ({{< delta %s vs=\"forecast\" >}}).\n", id, id)
	}
	if m >= 12 && s.actual[m-12] == s.actual[m-12] {
		fmt.Fprintf(b, "A year earlier: {{< delta %s vs=\"year\" >}}.\n", id)
	}
	if m > 0 && s.target[m-1] == s.target[m-1] {
		prev := c.h.period(m - 1)
		fmt.Fprintf(b, "Last month's plan was {{< value %s series=\"target\" period=\"%s\" >}} against an actual of {{< value %s period=\"%s\" >}}.\n",
			id, prev, id, prev)
	}
}

// verdict says in words how the month went, from the month's surprise.
func (c *company) verdict(s *series, m int) string {
	if s.actual[m] != s.actual[m] {
		return "No figure was reported this month."
	}
	if s.t.dir == kpi.DirNone {
		return "We track it for planning rather than judge it."
	}
	switch g := s.surprise[m] * s.t.better(); {
	case g > 1.5:
		return "Well ahead of what the trend suggested; we are checking it is not a one-off."
	case g > 0.3:
		return "A good month, a little ahead of the trend."
	case g > -0.3:
		return "In line with the trend."
	case g > -1.5:
		return "Softer than the trend; the owner expects it to recover next month."
	}
	return "A clear miss against the trend; the owner will bring a recovery plan."
}

const risksSection = `---
title: Risks and actions
weight: 90
---

Open risks at month end, highest likelihood × impact first:

{{< risks >}}

Actions raised and closed this month, and those still open:

{{< actions >}}
`

// monthName is "October 2026".
func monthName(p kpi.Period) string {
	return fmt.Sprintf("%s %d", time.Month(p.Month), p.Year)
}

// meetingDate is the second Tuesday of the month after p, when the review
// is presented.
func meetingDate(p kpi.Period) string {
	next := p.Add(1)
	t := time.Date(next.Year, time.Month(next.Month), 1, 0, 0, 0, 0, time.UTC)
	for t.Weekday() != time.Tuesday {
		t = t.AddDate(0, 0, 1)
	}
	return t.AddDate(0, 0, 7).Format("2006-01-02")
}
