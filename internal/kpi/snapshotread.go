package kpi

import (
	"encoding/csv"
	"errors"
	"io"
	"strings"
)

// snapshotRows splits a snapshot.csv into records as encoding/csv does
// with FieldsPerRecord set to n: a line without a quote or a carriage
// return, nearly every line close writes, is cut at its commas by hand;
// any other record is read by a csv.Reader from where it starts, its line
// numbers (in errors too) counted from the file's start. The records'
// strings point into one copy of the file: what is kept of them must be
// cloned (snapshotFigure does).
type snapshotRows struct {
	rest string // what is left to read
	line int    // the line rest starts on
	n    int
	rec  []string
}

func newSnapshotRows(src []byte, n int) *snapshotRows {
	return &snapshotRows{rest: string(src), line: 1, n: n, rec: make([]string, 0, n)}
}

// next is the next record, the line it starts on and, as csv.Reader.Read
// gives them, io.EOF at the end or a *csv.ParseError.
func (r *snapshotRows) next() ([]string, int, error) {
	for r.rest != "" {
		l, rest, more := strings.Cut(r.rest, "\n")
		if strings.IndexByte(l, '"') >= 0 || strings.IndexByte(l, '\r') >= 0 {
			return r.quoted()
		}
		start := r.line
		r.rest = rest
		if more {
			r.line++
		}
		if l == "" {
			continue // csv skips empty lines
		}
		r.rec = r.rec[:0]
		for {
			i := strings.IndexByte(l, ',')
			if i < 0 {
				r.rec = append(r.rec, l)
				break
			}
			r.rec = append(r.rec, l[:i])
			l = l[i+1:]
		}
		if len(r.rec) != r.n {
			return r.rec, start, &csv.ParseError{StartLine: start, Line: start, Column: 1, Err: csv.ErrFieldCount}
		}
		return r.rec, start, nil
	}
	return nil, r.line, io.EOF
}

// quoted reads one record with encoding/csv, from the start of rest.
func (r *snapshotRows) quoted() ([]string, int, error) {
	cr := csv.NewReader(strings.NewReader(r.rest))
	cr.FieldsPerRecord = r.n
	rec, err := cr.Read()
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		pe.StartLine += r.line - 1
		pe.Line += r.line - 1
		if !errors.Is(err, csv.ErrFieldCount) {
			return nil, pe.StartLine, err
		}
	} else if err != nil {
		return nil, r.line, err
	}
	start, _ := cr.FieldPos(0)
	start += r.line - 1
	off := cr.InputOffset()
	r.line += strings.Count(r.rest[:off], "\n")
	r.rest = r.rest[off:]
	return rec, start, err
}
