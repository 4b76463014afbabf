package demo

import (
	"fmt"
	"strings"
)

// starterKPIs are the templates of the starter site, one of each kind a
// new user meets first: money, a percentage, a count, a score, a
// threshold KPI and a duration.
var starterKPIs = []int{11, 1, 3, 2, 10, 22} // revenue, gross_margin, new_customers, nps, uptime, first_response_hours

// starterMonths is the starter's history: thirteen months, so the review
// can compare with a year earlier.
const starterMonths = 13

// generateStarter builds the small site of `opsreport new site DIR`:
// config, catalog, one workbook, the registers and one final review.
func generateStarter(o Options) ([]File, error) {
	h := history{first: o.End.Add(1 - starterMonths), months: starterMonths, fyStart: 1}
	c := &company{h: h, seed: DefaultSeed}
	for _, n := range starterKPIs {
		c.kpis = append(c.kpis, makeSeries(n, DefaultSeed, h))
	}
	metrics, err := c.metricsBook()
	if err != nil {
		return nil, err
	}
	end := o.End.String()
	return []File{
		{Path: "content/_index.md", Data: []byte(starterHome)},
		{Path: "content/reviews/" + end + "/10-performance.md", Data: []byte(c.starterSection())},
		{Path: "content/reviews/" + end + "/20-risks-and-actions.md", Data: []byte(risksSection)},
		{Path: "content/reviews/" + end + "/index.md", Data: []byte(c.starterIndex())},
		{Path: "data/actions.csv", Data: []byte(c.starterActions())},
		{Path: "data/kpis.yaml", Data: catalogYAML(starterCatalogHead, c.kpis)},
		{Path: "data/metrics.xlsx", Data: metrics},
		{Path: "data/risks.csv", Data: []byte(c.starterRisks())},
		{Path: "opsreport.yaml", Data: []byte(starterConfig)},
	}, nil
}

// metricsBook is data/metrics.xlsx: wide Actuals under a title, Targets.
func (c *company) metricsBook() ([]byte, error) {
	b := newBook()
	c.wideSheet(b, "Actuals", []string{"Monthly KPI actuals", "One row per month, one column per KPI id (or its exact name) from data/kpis.yaml."},
		c.kpis, func(s *series) []float64 { return s.actual }, "mmm yyyy")
	var targets []*series
	for _, s := range c.kpis {
		if withTarget(s) {
			targets = append(targets, s)
		}
	}
	c.wideSheet(b, "Targets", nil, targets, func(s *series) []float64 { return s.target }, "")
	return b.bytes("KPI workbook")
}

const starterConfig = `# Site configuration: every key has a default (opsreport's README, "The site folder").
title: Operating reviews
organization: Your Company, Inc.
currency: USD
locale: en-US
# The month the fiscal year starts in (1 = January).
fiscal_year_start: 1
paper: A4
`

const starterCatalogHead = `# The KPI catalog: one record per KPI. Values are in data/metrics.xlsx,
# sheet Actuals (one column per KPI id); plan targets in sheet Targets.
# A KPI with green/amber thresholds needs no target.
`

const starterHome = `---
title: Operating reviews
---

This site is your leadership team's monthly operating review. Each review
is a folder in content/reviews/ named by its month; its numbers come from
the spreadsheets in data/, written into the text with shortcodes such as
` + "`{{< value revenue >}}`" + `, so they never go stale.
`

func (c *company) starterIndex() string {
	p := c.h.period(c.h.months - 1)
	return fmt.Sprintf(`---
title: %s operating review
date: %s
kind: monthly
status: final
presenters:
  - Your Name (COO)
---

The executive summary goes here: what changed this month, why, and what
you ask of the board. This review is final, so `+"`opsreport build`"+` shows it;
a new month's review starts as `+"`status: draft`"+` until it is presented.

{{< tile revenue >}}

{{< tile uptime >}}

- Revenue {{< value revenue >}} {{< status revenue >}}, {{< delta revenue vs="target" >}} against target.
- Uptime {{< value uptime >}} {{< status uptime >}}: the catalog's green and amber thresholds decide its status.
- Net promoter score {{< value nps >}} {{< status nps >}}, {{< delta nps vs="prior" >}} on %s.
`, monthName(p), meetingDate(p), c.h.period(c.h.months-2).Label())
}

func (c *company) starterSection() string {
	prev := c.h.period(c.h.months - 2)
	return fmt.Sprintf(`---
title: Performance
weight: 10
---

Every KPI against its target or thresholds:

{{< scorecard >}}

Revenue against plan and a year earlier. Last month's plan was
{{< value revenue series="target" period="%s" >}}; this month's is
{{< value revenue series="target" >}}.

{{< chart revenue compare="target,prior_year" >}}

New customers: {{< value new_customers >}} {{< status new_customers >}},
{{< delta new_customers vs="year" >}} on a year earlier.

{{< chart new_customers type="bar" months="6" >}}

Customers and the platform side by side:

{{< chart nps first_response_hours uptime >}}
`, prev)
}

// starterRisks are three risks, opened in the months before the review.
func (c *company) starterRisks() string {
	end := c.h.months - 1
	rows := []string{
		"id,title,owner,likelihood,impact,status,mitigation,due,opened",
		fmt.Sprintf("R-01,Largest customer's renewal is at risk,Jonah Adeyemi,3,4,mitigating,Executive sponsor calls every month,%s,%s", day(c.h.period(end+2), 28), day(c.h.period(end-4), 12)),
		fmt.Sprintf("R-02,Peak season volume exceeds capacity,Ravi Chandrasekar,2,5,open,Load test at twice last peak,%s,%s", day(c.h.period(end+1), 15), day(c.h.period(end-2), 3)),
		fmt.Sprintf("R-03,Key-person dependency in finance,Maya Lindqvist,2,3,closed,Second controller hired,%s,%s", day(c.h.period(end-1), 28), day(c.h.period(end-6), 20)),
	}
	return strings.Join(rows, "\n") + "\n"
}

// starterActions are four actions: two closed in the review's month, one
// dropped, one open and due after it, so none is overdue.
func (c *company) starterActions() string {
	end, prev := c.h.period(c.h.months-1), c.h.period(c.h.months-2)
	rows := []string{
		"id,title,owner,due,status,raised,closed",
		fmt.Sprintf("A-01,Recovery plan for first response time,Sofia Marchetti,%s,done,%s,%s", day(end, 15), prev, end),
		fmt.Sprintf("A-02,Price test for the Pro plan,Jonah Adeyemi,%s,dropped,%s,%s", day(end, 20), prev, end),
		fmt.Sprintf("A-03,Load test before peak season,Ravi Chandrasekar,%s,done,%s,%s", day(end, 28), end, end),
		fmt.Sprintf("A-04,Board pack for the next quarter,Maya Lindqvist,%s,open,%s,", day(end.Add(1), 20), end),
	}
	return strings.Join(rows, "\n") + "\n"
}
