package demo

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"

	"github.com/opsreport/opsreport/internal/kpi"
)

// riskTemplates are the risks a logistics software company carries.
var riskTemplates = []struct{ title, function, mitigation string }{
	{"A top-three carrier changes its tracking API terms", "Operations", "Contracts reviewed quarterly; a second data source for each carrier"},
	{"Peak season volume exceeds tracking capacity", "Operations", "Load test at twice last peak in September; autoscaling limits raised"},
	{"Runway falls below 18 months before the next round", "Finance", "Hiring gated on burn; round preparation starts two quarters early"},
	{"Enterprise deals slip past quarter end", "Sales", "Weekly deal reviews; legal templates pre-agreed with procurement"},
	{"Key-person dependency in the data platform team", "People", "Runbooks for every pipeline; two hires in the platform team"},
	{"SOC 2 findings delay enterprise renewals", "Customer", "Findings owned and dated; auditor re-test booked"},
	{"Ten largest customers hold a third of revenue", "Sales", "Mid-market motion through partner marketplaces"},
	{"EU data-residency demands block German deals", "Operations", "Frankfurt region planned; data-processing addendum updated"},
	{"Support backlog grows faster than the team", "Customer", "Help-centre deflection; follow-the-sun rota with the new hub"},
	{"Cloud contract renewal raises hosting cost", "Finance", "Committed-use discount negotiated against a second quote"},
	{"Attrition in engineering after the reorganisation", "People", "Stay interviews; career ladder published"},
	{"Fuel-price spike cuts customers' software budgets", "Sales", "Usage-based plan for small fleets; quarterly price review"},
	{"A security incident exposes shipment data", "Operations", "Penetration test twice a year; least-privilege access review"},
	{"Currency swings erode EMEA margins", "Finance", "Natural hedge: EMEA costs in euros; pricing reviewed twice a year"},
}

// registers writes data/risks.csv and data/actions.csv for the company.
func (c *company) registers() (risks, actions []byte) {
	r := newRand(c.seed, 0)
	return c.risks(r), c.actions(r)
}

func (c *company) risks(r *rand.Rand) []byte {
	n := 3 + c.h.months/3
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	w.Write([]string{"id", "title", "owner", "likelihood", "impact", "status", "mitigation", "due", "opened"})
	last := c.h.months - 1
	for i := range n {
		rt := riskTemplates[i%len(riskTemplates)]
		opened := i * c.h.months / n
		title := rt.title
		if i >= len(riskTemplates) {
			title += " (raised again " + c.h.period(opened).Label() + ")"
		}
		status := draw(r, []string{"open", "mitigating", "mitigating"})
		due := opened + 3 + r.IntN(7)
		if last-opened > 9 && r.Float64() < 0.6 {
			status = "closed"
		} else if due <= last {
			due = last + 1 + r.IntN(3) // a live risk is reviewed ahead of today
		}
		w.Write([]string{
			fmt.Sprintf("R-%02d", i+1), title, person(ownerOf(rt.function)),
			strconv.Itoa(1 + r.IntN(5)), strconv.Itoa(2 + r.IntN(4)), status, rt.mitigation,
			day(c.h.period(due), 28), day(c.h.period(opened), 5+r.IntN(20)),
		})
	}
	w.Flush()
	return b.Bytes()
}

// actions raises two actions a month: a recovery plan for the month's
// worst miss and a routine one. Each is due within two months. Those due
// by the last month are done (some late, some dropped); later ones are
// open, so nothing is overdue at the end of the newest month.
func (c *company) actions(r *rand.Rand) []byte {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	w.Write([]string{"id", "title", "owner", "due", "status", "raised", "closed"})
	id := 0
	for m := range c.h.months {
		for k := range 2 {
			id++
			title, owner := c.actionTitle(m, k, r)
			w.Write(c.action(id, m, title, owner, r))
		}
	}
	w.Flush()
	return b.Bytes()
}

func (c *company) action(id, m int, title, owner string, r *rand.Rand) []string {
	last := c.h.months - 1
	due := m + 1 + r.IntN(2)
	status, closed := "open", ""
	if due <= last {
		status, closed = "done", c.h.period(due).String()
		switch u := r.Float64(); {
		case u < 0.1:
			status = "dropped"
		case u < 0.3 && due < last:
			closed = c.h.period(due + 1).String() // done a month late
		}
	}
	return []string{fmt.Sprintf("A-%03d", id), title, owner, day(c.h.period(due), draw(r, []int{10, 15, 20, 28})),
		status, c.h.period(m).String(), closed}
}

// routineActions are actions without a number behind them, by function.
var routineActions = []struct{ function, title string }{
	{"Finance", "Reforecast the fiscal year after the quarter's close"},
	{"Sales", "Refresh the enterprise pricing sheet"},
	{"Customer", "Publish the quarterly customer health review"},
	{"Operations", "Run the carrier-outage disaster recovery drill"},
	{"People", "Calibrate performance ratings across teams"},
	{"Finance", "Close the audit's management letter points"},
	{"Operations", "Retire the legacy tracking pipeline"},
	{"Customer", "Onboarding checklist for fleets over 500 vehicles"},
}

// actionTitle is the month's k-th action: first the KPI that missed its
// target by most (in noise units), else a routine action.
func (c *company) actionTitle(m, k int, r *rand.Rand) (title, owner string) {
	if k == 0 {
		if s := c.worstMiss(m); s != nil {
			return fmt.Sprintf("Recovery plan for %s after %s", s.t.name, c.h.period(m).Label()), person(ownerOf(s.t.function))
		}
	}
	a := draw(r, routineActions)
	return a.title, person(ownerOf(a.function))
}

func (c *company) worstMiss(m int) *series {
	var worst *series
	miss := 0.0
	for _, s := range c.kpis {
		gap := (s.target[m] - s.actual[m]) * s.t.better() / s.t.s.scale(m)
		if gap > miss { // NaN compares false: no target or no value is no miss
			worst, miss = s, gap
		}
	}
	return worst
}

// person is "Maya Lindqvist" for "Maya Lindqvist (CFO)".
func person(owner string) string {
	name, _, _ := strings.Cut(owner, " (")
	return name
}

// day is the ISO date of day d of month p.
func day(p kpi.Period, d int) string { return fmt.Sprintf("%s-%02d", p.String(), d) }
