package view

import (
	"github.com/opsreport/opsreport/internal/chart"
	"github.com/opsreport/opsreport/internal/content"
	"github.com/opsreport/opsreport/internal/kpi"
)

// warnFlat warns at a chart shortcode whose bars cannot show how its KPI
// varies (chart.Flat): six months of uptime between 99.71 % and 99.97 %
// are six equal bars on an axis from zero, and the outage disappears.
func (c *pageCtx) warnFlat(sc *content.Shortcode, specs []chart.Spec) {
	for i, s := range specs {
		lo, hi, flat := chart.Flat(s)
		if !flat {
			continue
		}
		k := c.r.data.Catalog.Get(sc.Args[i])
		c.d.Warnf(sc.Pos, "chart %s: its bars lie within %.2g%% of each other (%s to %s), and bars start at zero, so the difference cannot be seen; use type=\"line\", whose axis fits the data",
			k.ID, (hi-lo)/hi*100, c.r.data.fmtValue(k, kpi.Opt{V: lo, OK: true}), c.r.data.fmtValue(k, kpi.Opt{V: hi, OK: true}))
	}
}
