package site

import (
	"github.com/opsreport/opsreport/internal/diag"
	"github.com/opsreport/opsreport/internal/kpi"
	"github.com/opsreport/opsreport/internal/view"
)

// warn reports what the review in preparation lacks: KPIs of its
// functions with no value or no target for its period, and actions overdue at its end. The review in
// preparation is the newest one while it is a draft; a final review has
// been presented and older ones are history, so they do not warn.
// listLimit is how many names a warning lists before "and N more".
const listLimit = 10

func (s *Site) warn(d *diag.List) {
	if len(s.Reviews) == 0 || s.Reviews[0].Final() {
		return
	}
	rev := s.Reviews[0]
	pos := diag.Pos{File: rev.Dir + "/index.md"}
	var noValue, noTarget []string
	for _, k := range s.Catalog.KPIs {
		if !rev.Covers(k.Function) {
			continue // outside the review's functions: it does not show
		}
		f, ok := s.Figures.Get(k.ID, rev.Period)
		if !ok || !f.Actual.OK {
			noValue = append(noValue, k.ID)
			continue
		}
		if k.Direction != kpi.DirNone && k.Green == nil && !f.Target.OK {
			noTarget = append(noTarget, k.ID)
		}
	}
	if len(noValue) > 0 {
		d.Warnf(pos, "no value for %s: %s", rev.Period, diag.Capped(noValue, listLimit))
	}
	if len(noTarget) > 0 {
		d.Warnf(pos, "no target for %s: %s", rev.Period, diag.Capped(noTarget, listLimit))
	}
	for _, a := range view.Actions(s.Store, rev.Period).Overdue {
		d.Warnf(a.Pos, "action %s %q (%s) was due %s and is overdue at the end of %s", a.ID, a.Title, a.Owner, a.Due, rev.Period)
	}
}
