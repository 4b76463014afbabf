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

// pow10 are the powers of ten a float64 holds exactly.
var pow10 = [...]float64{1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10,
	1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22}

// parseDecimal is strconv.ParseFloat(s, 64) for the plain decimals a
// snapshot holds ("-12.5", "0.000125"): ok is false for anything else,
// which ParseFloat then reads. With at most 15 significant digits and 22
// decimals, the digits and the power of ten are exact float64s, so one
// division rounds correctly, to ParseFloat's result (Clinger's fast path).
func parseDecimal(s string) (float64, bool) {
	i, neg := 0, false
	if s != "" && s[0] == '-' {
		i, neg = 1, true
	}
	var mant uint64
	digits, frac, dot, any := 0, 0, false, false
	for ; i < len(s); i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9':
			any = true
			if dot {
				frac++
			}
			if mant == 0 && c == '0' {
				continue // a leading zero is not a significant digit
			}
			if digits == 15 {
				return 0, false
			}
			mant = mant*10 + uint64(c-'0')
			digits++
		case c == '.' && !dot:
			dot = true
		default:
			return 0, false
		}
	}
	if !any || frac >= len(pow10) {
		return 0, false
	}
	f := float64(mant) / pow10[frac]
	if neg {
		f = -f
	}
	return f, true
}
