package demo

import (
	"cmp"
	"fmt"
	"slices"

	"golang.org/x/sync/errgroup"

	"github.com/opsreport/opsreport/internal/kpi"
)

// generateDemo builds the whole demo company's site.
func generateDemo(o Options) ([]File, error) {
	c := newCompany(o)
	// The two workbooks are most of the work and share nothing but the
	// read-only company: write them side by side.
	var finance, teams []byte
	var g errgroup.Group
	g.Go(func() (err error) { finance, err = c.financeBook(); return err })
	g.Go(func() (err error) { teams, err = c.teamsBook(); return err })
	if err := g.Wait(); err != nil {
		return nil, err
	}
	risks, actions := c.registers()
	files := []File{
		{Path: "opsreport.yaml", Data: []byte(demoConfig)},
		{Path: "content/_index.md", Data: []byte(c.home())},
		{Path: "data/kpis.yaml", Data: append(catalogYAML(demoCatalogHead, c.kpis), ticketKPIs...)},
		{Path: "data/sources.yaml", Data: []byte(ticketSources)},
		{Path: "data/support/tickets.csv", Data: c.ticketsCSV()},
		{Path: "data/risks.csv", Data: risks},
		{Path: "data/actions.csv", Data: actions},
	}
	files = appendIf(files, "data/finance.xlsx", finance)
	files = appendIf(files, "data/teams.xlsx", teams)
	files = appendIf(files, "data/operations/actuals.csv",
		c.operationsCSV(nil, func(s *series) []float64 { return s.actual }, labelPeriod))
	files = appendIf(files, "data/operations/targets.csv",
		c.operationsCSV(withTarget, func(s *series) []float64 { return s.target }, isoPeriod))
	files = append(files, c.reviewFiles()...)
	slices.SortFunc(files, func(a, b File) int { return cmp.Compare(a.Path, b.Path) })
	return files, nil
}

func appendIf(files []File, path string, data []byte) []File {
	if data == nil {
		return files
	}
	return append(files, File{Path: path, Data: data})
}

const demoConfig = `# Lumenfield Systems: a generated demo company (opsreport new site --demo).
title: Lumenfield operating reviews
organization: Lumenfield Systems, Inc.
currency: USD
locale: en-US
# The fiscal year runs April to March and is named by the year it ends in:
# FY2027 is April 2026 to March 2027.
fiscal_year_start: 4
paper: A4
`

const demoCatalogHead = `# Lumenfield KPI catalog: one record per KPI (opsreport's README, "The KPI catalog").
# Values: data/finance.xlsx (Finance, Sales), data/operations/*.csv
# (Operations), data/teams.xlsx (Customer, People); Support is computed from
# the ticket export data/support/tickets.csv (data/sources.yaml). Constant targets and
# green/amber thresholds are here; plan targets are in the data.
`

func (c *company) home() string {
	first, last := c.h.period(0), c.h.period(c.h.months-1)
	return fmt.Sprintf(`---
title: Lumenfield operating reviews
---

Lumenfield Systems sells shipment-tracking software to freight and parcel
carriers. This site is the leadership team's monthly operating review, from
%s to %s: what the numbers say, why, and what we ask of the board.

Every review opens with the executive summary and the scorecard, then one
section per function with its charts, then the open risks and the action
log. The newest review, %s, is still a draft: build with
%s to see it.

All of this is generated demo data (%d KPIs); nothing here is a real company.
`, first.Label(), last.Label(), last.Label(), "`opsreport build --drafts`", len(c.kpis))
}

func labelPeriod(p kpi.Period) string { return p.Label() }
func isoPeriod(p kpi.Period) string   { return p.String() }
