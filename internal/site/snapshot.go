package site

import (
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"io/fs"
	"path"
	"slices"

	"github.com/opsreport/opsreport/internal/content"
	"github.com/opsreport/opsreport/internal/diag"
	"github.com/opsreport/opsreport/internal/kpi"
)

// SnapshotFile is a closed review's frozen figures, in its folder.
const SnapshotFile = "snapshot.csv"

// RegistersFile is a closed review's frozen risk register and action log,
// in its folder beside the snapshot.
const RegistersFile = "registers.csv"

// loadSnapshot reads a final review's snapshot.csv, if it has one: from
// then on the review is built from it (SPEC section 6).
func (s *Site) loadSnapshot(r *content.Review, d *diag.List) {
	if src, ok := s.snapshotSource(r, d); ok {
		s.parseSnapshot(r, src, d)
	}
}

// snapshotSource reads a review's snapshot.csv: ok is false when it has
// none, when it cannot be read (said in d) or when the review is a draft
// (then its snapshot is not used, as d says).
func (s *Site) snapshotSource(r *content.Review, d *diag.List) ([]byte, bool) {
	return s.snapshotSourceInto(r, d, nil)
}

// snapshotSourceInto is snapshotSource reading into *buf, when not nil,
// grown as needed: the bytes are buf's, good until its next use.
func (s *Site) snapshotSourceInto(r *content.Review, d *diag.List, buf *[]byte) ([]byte, bool) {
	file := path.Join(r.Dir, SnapshotFile)
	src, ok := s.readOptionalInto(file, d, buf)
	if !ok {
		return nil, false
	}
	if !r.Final() {
		if r.Doc.FrontMatterFailed() || r.Meta.Status != "draft" {
			return nil, false // the front matter's own error is the message
		}
		d.Warnf(diag.Pos{File: file}, "the review is a draft, so its snapshot is not used; set status: final or run opsreport close %s", r.Slug)
		return nil, false
	}
	return src, true
}

// parseSnapshot reads a final review's snapshot from its bytes, and its
// registers beside it, and compares it with the data (restated). The
// review keeps only the rows other pages read of it (partRows): a long
// history's snapshots, held whole, would take gigabytes.
func (s *Site) parseSnapshot(r *content.Review, src []byte, d *diag.List) {
	figs := s.readSnapshot(r, src, d)
	if figs == nil {
		return
	}
	s.loadRegisters(r, d)
	rs := s.Data().RestatementsOf(r, kpi.NewFigures(figs))
	sum := crc32.Checksum(src, castagnoli)
	s.restated.Lock()
	s.restated.m[r], s.restated.crc[r] = rs, sum
	s.restated.Unlock()
	r.Snapshot = kpi.NewFigures(s.partRows(r, figs))
}

// readSnapshot reads a final review's snapshot from its bytes: nil when it
// does not read (said in d).
func (s *Site) readSnapshot(r *content.Review, src []byte, d *diag.List) []kpi.Figure {
	file := path.Join(r.Dir, SnapshotFile)
	var read diag.List
	figs := kpi.ReadSnapshotCSV(file, src, s.Catalog, s.Config.FiscalYearStart, &read)
	d.Merge(&read)
	if read.HasErrors() {
		return nil
	}
	// A snapshot cut short still reads; built from the live data instead,
	// the review would silently stop showing what the board saw.
	switch {
	case len(figs) == 0:
		d.Errorf(diag.Pos{File: file}, "holds no figures, only its header (damaged?); restore it from git")
	case !slices.ContainsFunc(figs, func(f kpi.Figure) bool { return f.Period == r.Period }):
		d.Errorf(diag.Pos{File: file}, "holds no figure for %s, its review's own period (damaged?); restore it from git", r.Slug)
	default:
		return figs
	}
	return nil
}

// castagnoli is the CRC-32C table: a snapshot's check sum costs a few
// milliseconds against its reading's tens.
var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// wholeSnapshot reads a closed review's snapshot whole again, for the
// pages that show its history (view.Data.Whole); nil when it no longer
// reads as it did when the site was loaded (said in d).
func (s *Site) wholeSnapshot(r *content.Review, d *diag.List) *kpi.Figures {
	file := path.Join(r.Dir, SnapshotFile)
	src, ok := s.snapshotSource(r, d)
	if !ok {
		if _, err := fs.Stat(s.FS, file); errors.Is(err, fs.ErrNotExist) {
			d.Errorf(diag.Pos{File: file}, "was removed while the site was built; build again")
		}
		return nil
	}
	// Its restatements, registers and the links' counts came from the
	// bytes read as the site loaded: a page made of other bytes would
	// disagree with them.
	s.restated.Lock()
	want, read := s.restated.crc[r]
	s.restated.Unlock()
	if read && crc32.Checksum(src, castagnoli) != want {
		d.Errorf(diag.Pos{File: file}, "changed while the site was built; build again")
		return nil
	}
	if figs := s.readSnapshot(r, src, d); figs != nil {
		return kpi.NewFigures(figs)
	}
	return nil
}

// loadRegisters reads the registers a review was closed with. A review
// closed before close froze them has none, and shows the live registers.
func (s *Site) loadRegisters(r *content.Review, d *diag.List) {
	file := path.Join(r.Dir, RegistersFile)
	if src, ok := s.readOptional(file, d); ok {
		r.Registers = kpi.ReadRegistersCSV(file, src, d)
	}
}

// readOptional reads a file a review may or may not have: ok is false when
// it has none, or when it cannot be read (then said in d).
func (s *Site) readOptional(file string, d *diag.List) ([]byte, bool) {
	return s.readOptionalInto(file, d, nil)
}

// readOptionalInto is readOptional reading into *buf when it is not nil.
func (s *Site) readOptionalInto(file string, d *diag.List, buf *[]byte) ([]byte, bool) {
	var src []byte
	var err error
	if buf == nil {
		src, err = fs.ReadFile(s.FS, file)
	} else {
		src, err = readInto(s.FS, file, buf)
	}
	if errors.Is(err, fs.ErrNotExist) {
		return nil, false
	}
	if err != nil {
		d.Errorf(diag.Pos{File: file}, "cannot be read: %v", err)
		return nil, false
	}
	return src, true
}

// Registers are the live risk register and action log, what close
// freezes.
func (s *Site) Registers() kpi.Registers {
	if s.Store == nil {
		return kpi.Registers{}
	}
	return kpi.Registers{Risks: s.Store.Risks, Actions: s.Store.Actions}
}

// warnRestated tells the build about every closed review whose data moved.
// A review whose snapshot was read in part does not: its warnings recorded
// with its key are replayed (completeSnapshots).
func (s *Site) warnRestated(d *diag.List) {
	for _, r := range s.Reviews {
		rs := s.restated.m[r] // none for a review read in part
		if len(rs) == 0 {
			continue
		}
		first := rs[0]
		more := ""
		if len(rs) > 1 {
			more = fmt.Sprintf(" and %d more", len(rs)-1)
		}
		var w diag.List
		w.Warnf(diag.Pos{File: path.Join(r.Dir, SnapshotFile)}, "restated since the review was closed: %s %s %s %s → %s%s",
			first.KPI.ID, first.Period, first.Series, first.Old, first.New, more)
		d.Merge(&w)
		s.noteWarnings(r, &w)
	}
}

// SnapshotRows are what `opsreport close` freezes for rev: every month's
// figures up to its period and, for a quarterly review, every quarter that
// ends by then, so its page and pack (which may quote other quarters)
// rebuild from the snapshot alone.
func (s *Site) SnapshotRows(rev *content.Review) []kpi.Figure {
	keep := func(kpi.Quarter) bool { return rev.IsQuarter() }
	var out []kpi.Figure
	for _, f := range s.Figures.Table(keep) {
		if f.Period.Index() <= rev.Period.Index() {
			out = append(out, f)
		}
	}
	return out
}

// readInto reads a file into *buf, grown (and kept grown) as needed.
func readInto(fsys fs.FS, name string, buf *[]byte) ([]byte, error) {
	f, err := fsys.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	b := (*buf)[:0]
	if st, err := f.Stat(); err == nil && int64(cap(b)) < st.Size()+1 {
		b = make([]byte, 0, st.Size()+512)
	}
	for {
		if len(b) == cap(b) {
			b = append(b, 0)[:len(b)]
		}
		n, err := f.Read(b[len(b):cap(b)])
		b = b[:len(b)+n]
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, err
		}
	}
	*buf = b
	return b, nil
}
