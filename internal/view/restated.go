package view

import (
	"cmp"
	"slices"

	"github.com/opsreport/opsreport/internal/content"
	"github.com/opsreport/opsreport/internal/diag"
	"github.com/opsreport/opsreport/internal/kpi"
)

// Restatement is one value that changed in data/ after a review was closed.
type Restatement struct {
	KPI      *kpi.KPI
	Period   kpi.Period
	Series   string
	Old, New string // formatted; "–" for no value
}

// Restatements compares a closed review's snapshot with the current data:
// every value (actual, target, budget, forecast) that changed since. They
// are Restated's when it has the review's; else its whole snapshot is
// compared (Whole), nil when it cannot be read.
func (d *Data) Restatements(rev *content.Review) []Restatement {
	if rev.Snapshot == nil {
		return nil
	}
	if rs, ok := d.Restated[rev]; ok {
		return rs
	}
	// Every build path fills Restated for the reviews whose notes it
	// shows (site's parseSnapshot); this is for a Data made otherwise.
	snap := rev.Snapshot
	if d.Whole != nil {
		var ignored diag.List // the pages rendering it say why
		if snap = d.Whole(rev, &ignored); snap == nil {
			return nil
		}
	}
	return d.RestatementsOf(rev, snap)
}

// RestatementsOf compares snap, a closed review's whole snapshot, with
// the current data.
func (d *Data) RestatementsOf(rev *content.Review, snap *kpi.Figures) []Restatement {
	var out []Restatement
	for old := range snap.Each() {
		cur, _ := d.Figures.Get(old.KPI.ID, old.Period)
		out = d.restated(out, old.KPI, old.Period, *old, cur)
	}
	// A value the board saw as missing and that the data now has.
	for cur := range d.Figures.Each() {
		if cur.Period.Index() > rev.Period.Index() {
			continue
		}
		if _, ok := snap.Get(cur.KPI.ID, cur.Period); !ok {
			out = d.restated(out, cur.KPI, cur.Period, kpi.Figure{}, *cur)
		}
	}
	slices.SortStableFunc(out, func(a, b Restatement) int {
		return cmp.Or(cmp.Compare(a.KPI.ID, b.KPI.ID), a.Period.Index()-b.Period.Index())
	})
	return out
}

// restated appends every series that differs between old and cur.
func (d *Data) restated(out []Restatement, k *kpi.KPI, p kpi.Period, old, cur kpi.Figure) []Restatement {
	if c := d.Catalog.Get(k.ID); c != nil {
		k = c
	}
	for _, ser := range []struct {
		name     string
		old, cur kpi.Opt
	}{{"actual", old.Actual, cur.Actual}, {"target", old.Target, cur.Target},
		{"budget", old.Budget, cur.Budget}, {"forecast", old.Forecast, cur.Forecast}} {
		if ser.old != ser.cur {
			out = append(out, Restatement{KPI: k, Period: p, Series: ser.name,
				Old: d.fmtValue(k, ser.old), New: d.fmtValue(k, ser.cur)})
		}
	}
	return out
}
