package site

import (
	"cmp"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"slices"

	"github.com/opsreport/opsreport/internal/diag"
	"github.com/opsreport/opsreport/internal/kpi"
)

// SnapshotFile is a closed review's frozen figures, in its folder.
const SnapshotFile = "snapshot.csv"

// Restatement is one value that changed in data/ after a review was closed.
type Restatement struct {
	KPI      *kpi.KPI
	Period   kpi.Period
	Series   string
	Old, New string // formatted; "–" for no value
}

// loadSnapshot reads a final review's snapshot.csv, if it has one: from
// then on the review is built from it (SPEC section 6).
func (s *Site) loadSnapshot(r *Review, d *diag.List) {
	file := path.Join(r.Dir, SnapshotFile)
	src, err := fs.ReadFile(s.FS, file)
	if errors.Is(err, fs.ErrNotExist) {
		return
	}
	if err != nil {
		d.Errorf(diag.Pos{File: file}, "cannot be read: %v", err)
		return
	}
	if !r.Final() {
		d.Warnf(diag.Pos{File: file}, "the review is a draft, so its snapshot is not used; set status: final or run opsreport close %s", r.Slug)
		return
	}
	var read diag.List
	figs := kpi.ReadSnapshotCSV(file, src, s.Catalog, s.Config.FiscalYearStart, &read)
	d.Merge(&read)
	if read.HasErrors() {
		return
	}
	// A snapshot cut short still reads; built from the live data instead,
	// the review would silently stop showing what the board saw.
	switch {
	case len(figs) == 0:
		d.Errorf(diag.Pos{File: file}, "holds no figures, only its header (damaged?); restore it from git")
	case !slices.ContainsFunc(figs, func(f kpi.Figure) bool { return f.Period == r.Period }):
		d.Errorf(diag.Pos{File: file}, "holds no figure for %s, its review's own period (damaged?); restore it from git", r.Slug)
	default:
		r.Snapshot = kpi.NewFigures(figs)
	}
}

// as is the site seen through a review's figures: its snapshot when it is
// closed, else the current figures, whichever review's view s itself is.
func (s *Site) as(r *Review) *Site {
	figs := s.current
	if r != nil && r.Snapshot != nil {
		figs = r.Snapshot
	}
	if s.Figures == figs {
		return s
	}
	cp := *s
	cp.Figures = figs
	return &cp
}

// restatements compares a closed review's snapshot with the current data:
// every value (actual, target, budget, forecast) that changed since.
func (s *Site) restatements(r *Review) []Restatement {
	if r.Snapshot == nil {
		return nil
	}
	var out []Restatement
	for _, old := range r.Snapshot.All() {
		cur, _ := s.current.Get(old.KPI.ID, old.Period)
		out = s.restated(out, old.KPI, old.Period, old, cur)
	}
	// A value the board saw as missing and that the data now has.
	for _, cur := range s.current.All() {
		if cur.Period.Index() > r.Period.Index() {
			continue
		}
		if _, ok := r.Snapshot.Get(cur.KPI.ID, cur.Period); !ok {
			out = s.restated(out, cur.KPI, cur.Period, kpi.Figure{}, cur)
		}
	}
	slices.SortStableFunc(out, func(a, b Restatement) int {
		return cmp.Or(cmp.Compare(a.KPI.ID, b.KPI.ID), a.Period.Index()-b.Period.Index())
	})
	return out
}

// restated appends every series that differs between old and cur.
func (s *Site) restated(out []Restatement, k *kpi.KPI, p kpi.Period, old, cur kpi.Figure) []Restatement {
	if c := s.Catalog.Get(k.ID); c != nil {
		k = c
	}
	for _, ser := range []struct {
		name     string
		old, cur kpi.Opt
	}{{"actual", old.Actual, cur.Actual}, {"target", old.Target, cur.Target},
		{"budget", old.Budget, cur.Budget}, {"forecast", old.Forecast, cur.Forecast}} {
		if ser.old != ser.cur {
			out = append(out, Restatement{KPI: k, Period: p, Series: ser.name,
				Old: s.fmtValue(k, ser.old), New: s.fmtValue(k, ser.cur)})
		}
	}
	return out
}

// warnRestated tells the build about every closed review whose data moved.
func (s *Site) warnRestated(d *diag.List) {
	for _, r := range s.Reviews {
		rs := s.restatements(r)
		if len(rs) == 0 {
			continue
		}
		first := rs[0]
		more := ""
		if len(rs) > 1 {
			more = fmt.Sprintf(" and %d more", len(rs)-1)
		}
		d.Warnf(diag.Pos{File: path.Join(r.Dir, SnapshotFile)}, "restated since the review was closed: %s %s %s %s → %s%s",
			first.KPI.ID, first.Period, first.Series, first.Old, first.New, more)
	}
}
