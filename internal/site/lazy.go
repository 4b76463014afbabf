package site

import (
	"bytes"
	"path"
	"runtime"
	"slices"
	"strings"
	"sync"

	"golang.org/x/sync/errgroup"

	"github.com/opsreport/opsreport/internal/content"
	"github.com/opsreport/opsreport/internal/diag"
	"github.com/opsreport/opsreport/internal/kpi"
	"github.com/opsreport/opsreport/internal/view"
)

// A build that may reuse closed reviews (Options.Reuse) does not parse
// every snapshot whole: a long history's snapshots are hundreds of
// megabytes, each holding every month up to its review, and a reused
// review's page and pack are not rendered. Load reads of each closed
// review only the rows at the periods the site's other pages read of it
// (loadSnapshotRows): its own period and quarter, for the status counts of
// the links to it, and those its narratives' shortcodes name, for the
// search index. Build then parses whole (completeSnapshots) the snapshots
// of the reviews it renders, of the reviews just before those (whose
// restatements their pages note) and of the lead review (the home page's
// scorecard and headline). A review kept in part reports the warnings
// recorded with its key (ReuseFile): what it reported when it last loaded
// whole, which its key's inputs decide.

// loadSnapshotRows marks the closed reviews and reads each one's snapshot
// in part, on every core. A snapshot whose part does not read as a whole
// one would (quoted fields, which may span lines; no row for its period)
// is read whole, with its problems.
func (s *Site) loadSnapshotRows(d *diag.List) {
	lists := make([]diag.List, len(s.Reviews))
	part := make([]bool, len(s.Reviews))
	var g errgroup.Group
	g.SetLimit(runtime.GOMAXPROCS(0))
	for i, r := range s.Reviews {
		goSafely(&g, &lists[i], r.Dir, func() {
			file := path.Join(r.Dir, SnapshotFile)
			want := s.wanted(r)
			// A part the last build read of the same snapshot needs no
			// reading of it (PartsCache).
			if fsum, ok := s.sums.get(file); ok && fsum.ok && r.Final() && s.parts != nil {
				key := s.parts.key(fsum.sum, want)
				if rows, found := s.parts.get(key); found {
					if figs, ok := s.partFigures(r, rows); ok {
						s.parts.put(key, rows)
						r.Snapshot, part[i] = kpi.NewFigures(figs), true
						return
					}
				}
			}
			buf := buffers.Get().(*[]byte)
			defer buffers.Put(buf)
			src, ok := s.snapshotSourceInto(r, &lists[i], buf)
			if !ok {
				return
			}
			// The part is kept under the sum of the bytes just read, not
			// the site key's, which a file changed in between would not
			// match.
			var read fileSum
			if known := s.knows(file, len(src)); !known || s.parts != nil {
				read = digest(file, src, true)
				if !known {
					s.sums.m.Store(file, read)
				}
			}
			if rows, ok := snapshotPart(src, want); ok {
				if figs, ok := s.partFigures(r, rows); ok {
					r.Snapshot, part[i] = kpi.NewFigures(figs), true
					if s.parts != nil {
						s.parts.put(s.parts.key(read.sum, want), rows)
					}
					return
				}
			}
			s.parseSnapshot(r, src, &lists[i])
		})
	}
	g.Wait()
	s.partial = map[*content.Review]bool{}
	for i, r := range s.Reviews {
		d.Merge(&lists[i])
		if part[i] {
			s.partial[r] = true
		} else if r.Snapshot != nil {
			s.noteWarnings(r, &lists[i])
		}
	}
}

// buffers are what loadSnapshotRows reads snapshots into: nothing it
// keeps points into them.
var buffers = sync.Pool{New: func() any { return new([]byte) }}

// snapshotPart is the header and the rows of a snapshot at the periods
// other pages than its review's own read (want): false when they cannot be
// told apart by lines (quoted fields, which may span lines; a line that is
// not a row), for the whole read to say why.
func snapshotPart(src []byte, want map[string]bool) ([]byte, bool) {
	if bytes.IndexByte(src, '"') >= 0 || bytes.IndexByte(src, '\r') >= 0 {
		return nil, false
	}
	match := newRowMatcher(want)
	head, rest, _ := bytes.Cut(src, []byte{'\n'})
	part := append(append([]byte(nil), head...), '\n')
	for len(rest) > 0 {
		var line []byte
		line, rest, _ = bytes.Cut(rest, []byte{'\n'})
		keep, ok := match.row(line)
		if !ok {
			return nil, false
		}
		if keep {
			part = append(append(part, line...), '\n')
		}
	}
	return part, true
}

// partFigures reads the figures of a snapshot's part (snapshotPart): false
// when it does not read cleanly or holds no figure for the review's period
// (the whole read says why).
func (s *Site) partFigures(r *content.Review, part []byte) ([]kpi.Figure, bool) {
	var d diag.List
	figs := kpi.ReadSnapshotCSV(path.Join(r.Dir, SnapshotFile), part, s.Catalog, s.Config.FiscalYearStart, &d)
	for _, f := range figs {
		if f.Period == r.Period && !d.HasErrors() {
			return figs, true
		}
	}
	return nil, false
}

// wanted are the rows of r's snapshot other pages than its own read, as a
// row starts: every KPI at the review's period and quarter ("period"); at
// a period a shortcode names, its KPI ("kpi,period").
func (s *Site) wanted(r *content.Review) map[string]bool {
	want := map[string]bool{r.Period.String(): true}
	if r.IsQuarter() {
		want[r.Quarter.String()] = true
	}
	for _, doc := range reviewDocs(r) {
		for _, sc := range doc.Shortcodes() {
			if v := sc.Param("period", ""); v != "" && len(sc.Args) > 0 {
				if p, ok := kpi.ParseEnd(v, s.Config.FiscalYearStart); ok {
					want[sc.Args[0]+","+p.String()] = true
				}
				if q, ok := kpi.ParseQuarter(v); ok {
					want[sc.Args[0]+","+q.String()] = true
				}
			}
		}
	}
	return want
}

// rowMatcher picks the rows wanted names out of a snapshot's lines with a
// map lookup for few of them: a line is kept when its period (the field
// after the first comma) is a wanted period, or when its start
// ("kpi,period") is a wanted pair, looked up only for the pairs' periods.
type rowMatcher struct {
	periods, pairPeriods [][]byte
	want                 map[string]bool
}

func newRowMatcher(want map[string]bool) rowMatcher {
	m := rowMatcher{want: want}
	for key := range want {
		if i := strings.LastIndexByte(key, ','); i >= 0 {
			if p := []byte(key[i+1:]); !slices.ContainsFunc(m.pairPeriods, func(q []byte) bool { return bytes.Equal(p, q) }) {
				m.pairPeriods = append(m.pairPeriods, p)
			}
		} else {
			m.periods = append(m.periods, []byte(key))
		}
	}
	return m
}

// row reports whether line is a wanted row; ok is false when line has no
// comma after its first field's (not a row).
func (m rowMatcher) row(line []byte) (keep, ok bool) {
	i := bytes.IndexByte(line, ',')
	if i < 0 {
		return false, false
	}
	rest := line[i+1:]
	for _, p := range m.periods {
		if fieldIs(rest, p) {
			return true, true
		}
	}
	for _, p := range m.pairPeriods {
		if fieldIs(rest, p) {
			return m.want[string(line[:i+1+len(p)])], true
		}
	}
	return false, bytes.IndexByte(rest, ',') >= 0
}

// fieldIs reports whether rest starts with the field p and a comma.
func fieldIs(rest, p []byte) bool {
	return len(rest) > len(p) && rest[len(p)] == ',' && bytes.Equal(rest[:len(p)], p)
}

// partRows are the figures of a snapshot read whole that snapshotPart
// would have read of it (wanted).
func (s *Site) partRows(r *content.Review, figs []kpi.Figure) []kpi.Figure {
	want := s.wanted(r)
	var out []kpi.Figure
	for _, f := range figs {
		p := f.Period.String()
		if f.IsQuarter() {
			p = f.Quarter.String()
		}
		if want[p] || want[f.KPI.ID+","+p] {
			out = append(out, f)
		}
	}
	return out
}

// reviewDocs are a review's narratives: its index, then its sections.
func reviewDocs(r *content.Review) []*content.Doc {
	docs := []*content.Doc{r.Doc}
	for _, sec := range r.Sections {
		docs = append(docs, sec.Doc)
	}
	return docs
}

// completeSnapshots reads whole, on every core, the snapshots read in part
// that this build renders from: those of the reviews not in reused, of the
// reviews just before one not in reused, and of the lead review when the
// home page is not reused. The others replay the warnings recorded with
// their keys (prev).
func (s *Site) completeSnapshots(reused map[string]bool, prev map[string][]diag.Diagnostic, d *diag.List) {
	lead := s.lead()
	var whole []int
	for i, r := range s.Reviews {
		if !s.partial[r] {
			continue
		}
		if !reused[r.Slug] || (i > 0 && !reused[s.Reviews[i-1].Slug]) || r == lead && !reused[view.HomePage] {
			whole = append(whole, i)
			continue
		}
		for _, w := range prev[r.Slug] {
			d.Add(w)
			s.reviewWarnings[r.Slug] = append(s.reviewWarnings[r.Slug], w)
		}
	}
	lists := make([]diag.List, len(whole))
	var g errgroup.Group
	g.SetLimit(runtime.GOMAXPROCS(0))
	for j, i := range whole {
		r := s.Reviews[i]
		goSafely(&g, &lists[j], r.Dir, func() {
			r.Snapshot = nil
			if src, ok := s.snapshotSource(r, &lists[j]); ok {
				s.parseSnapshot(r, src, &lists[j])
			}
		})
	}
	g.Wait()
	for j, i := range whole {
		r := s.Reviews[i]
		d.Merge(&lists[j])
		delete(s.partial, r)
		s.noteWarnings(r, &lists[j])
	}
}

// noteWarnings keeps a closed review's warnings, for its entry in
// ReuseFile.
func (s *Site) noteWarnings(r *content.Review, l *diag.List) {
	s.reviewWarnings[r.Slug] = append(s.reviewWarnings[r.Slug], l.WarningItems()...)
}

// knows reports whether the site's file sums hold one for file, of its size.
func (s *Site) knows(file string, size int) bool {
	fsum, ok := s.sums.get(file)
	return ok && fsum.ok && fsum.size == size
}
