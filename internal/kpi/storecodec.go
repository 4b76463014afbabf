package kpi

import (
	"encoding/binary"
	"errors"
	"math"
	"slices"

	"github.com/opsreport/opsreport/internal/diag"
)

// A Store is kept between builds (site's values cache) as bytes: reading a
// large data folder's workbooks again takes longer than everything else a
// narrative edit rebuilds. AppendStore writes one, DecodeStore reads it
// back against the catalog it was loaded with; the two round-trip every
// field exactly (TestStoreRoundTrips).

// storeMagic starts an encoded Store; a change of the layout changes it.
const storeMagic = "opsreport store 1\n"

// The flags of an encoded Opt run or a point.
const (
	hasComment = 1 << 4
	hasSpan    = 1 << 5
)

// AppendStore appends s, every field but its catalog, to b.
func AppendStore(b []byte, s *Store) []byte {
	b = append(b, storeMagic...)
	b = binary.AppendUvarint(b, uint64(len(s.months)))
	for _, p := range s.months {
		b = binary.AppendVarint(b, int64(p.Index()))
	}
	ids := make([]string, 0, len(s.points))
	for id := range s.points {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	b = binary.AppendUvarint(b, uint64(len(ids)))
	for _, id := range ids {
		b = appendString(b, id)
		pts := s.points[id]
		b = binary.AppendUvarint(b, uint64(len(pts)))
		for _, pt := range pts {
			b = binary.AppendVarint(b, int64(pt.Period.Index()))
			flags := optFlags(pt.Actual, pt.Target, pt.Budget, pt.Forecast)
			if pt.Comment != "" {
				flags |= hasComment
			}
			if pt.Span != nil {
				flags |= hasSpan
			}
			b = append(b, flags, pt.computed)
			b = appendOpts(b, pt.Actual, pt.Target, pt.Budget, pt.Forecast)
			if pt.Comment != "" {
				b = appendString(b, pt.Comment)
			}
			if sp := pt.Span; sp != nil {
				b = append(b, optFlags(sp.QTD, sp.YTD, sp.TTM))
				b = appendOpts(b, sp.QTD, sp.YTD, sp.TTM)
				b = binary.AppendVarint(b, int64(sp.QTDFrom.Index()))
				b = binary.AppendVarint(b, int64(sp.YTDFrom.Index()))
			}
		}
	}
	b = binary.AppendUvarint(b, uint64(len(s.Risks)))
	for _, r := range s.Risks {
		b = appendStrings(b, r.ID, r.Title, r.Owner, r.Status, r.Mitigation, r.Due, r.Opened)
		b = binary.AppendVarint(b, int64(r.Likelihood))
		b = binary.AppendVarint(b, int64(r.Impact))
		b = appendPos(b, r.Pos)
	}
	b = binary.AppendUvarint(b, uint64(len(s.Actions)))
	for _, a := range s.Actions {
		b = appendStrings(b, a.ID, a.Title, a.Owner, a.Due, a.Status)
		b = appendPeriod(b, a.Raised)
		b = appendPeriod(b, a.Closed)
		b = appendPos(b, a.Pos)
	}
	return b
}

func optFlags(os ...Opt) byte {
	var f byte
	for i, o := range os {
		if o.OK {
			f |= 1 << i
		}
	}
	return f
}

// appendOpts appends the values of the present ones of os, bit for bit.
func appendOpts(b []byte, os ...Opt) []byte {
	for _, o := range os {
		if o.OK {
			b = binary.LittleEndian.AppendUint64(b, math.Float64bits(o.V))
		}
	}
	return b
}

func appendString(b []byte, s string) []byte {
	return append(binary.AppendUvarint(b, uint64(len(s))), s...)
}

func appendStrings(b []byte, ss ...string) []byte {
	for _, s := range ss {
		b = appendString(b, s)
	}
	return b
}

// appendPeriod appends p, the zero Period as such (its Index is not one).
func appendPeriod(b []byte, p Period) []byte {
	if p.IsZero() {
		return append(b, 0)
	}
	return binary.AppendVarint(append(b, 1), int64(p.Index()))
}

func appendPos(b []byte, p diag.Pos) []byte {
	b = appendStrings(b, p.File, p.Sheet, p.Cell)
	b = binary.AppendVarint(b, int64(p.Line))
	return binary.AppendVarint(b, int64(p.Col))
}

// errBadStore is any encoded Store DecodeStore cannot read: the cache
// holding it is no cache.
var errBadStore = errors.New("not an encoded store of this catalog")

// DecodeStore reads a Store AppendStore wrote, its KPIs c's. A KPI c does
// not have, or bytes that do not parse to the end, are an error.
func DecodeStore(b []byte, c *Catalog) (*Store, error) {
	d := storeDecoder{b: b}
	if !d.prefix(storeMagic) {
		return nil, errBadStore
	}
	s := &Store{Catalog: c, points: map[string][]Point{}}
	s.months = make([]Period, d.count(1))
	for i := range s.months {
		s.months[i] = d.period()
	}
	for range d.count(2) {
		id := d.string()
		k := c.Get(id)
		if k == nil {
			return nil, errBadStore
		}
		pts := make([]Point, d.count(3))
		for i := range pts {
			pt := &pts[i]
			pt.Period = d.period()
			flags, computed := d.byte(), d.byte()
			pt.computed = computed
			d.opts(flags, &pt.Actual, &pt.Target, &pt.Budget, &pt.Forecast)
			if flags&hasComment != 0 {
				pt.Comment = d.string()
			}
			if flags&hasSpan != 0 {
				sp := &Span{}
				d.opts(d.byte(), &sp.QTD, &sp.YTD, &sp.TTM)
				sp.QTDFrom, sp.YTDFrom = d.period(), d.period()
				pt.Span = sp
			}
		}
		s.points[id] = pts
	}
	s.Risks = make([]Risk, d.count(10))
	for i := range s.Risks {
		r := &s.Risks[i]
		d.strings(&r.ID, &r.Title, &r.Owner, &r.Status, &r.Mitigation, &r.Due, &r.Opened)
		r.Likelihood, r.Impact = d.int(), d.int()
		r.Pos = d.pos()
	}
	s.Actions = make([]Action, d.count(9))
	for i := range s.Actions {
		a := &s.Actions[i]
		d.strings(&a.ID, &a.Title, &a.Owner, &a.Due, &a.Status)
		a.Raised, a.Closed = d.maybePeriod(), d.maybePeriod()
		a.Pos = d.pos()
	}
	if d.bad || len(d.b) > 0 {
		return nil, errBadStore
	}
	return s, nil
}

// storeDecoder reads what AppendStore wrote; any short or malformed read
// sets bad, and reads after it give zero values.
type storeDecoder struct {
	b   []byte
	bad bool
}

func (d *storeDecoder) prefix(p string) bool {
	if len(d.b) < len(p) || string(d.b[:len(p)]) != p {
		return false
	}
	d.b = d.b[len(p):]
	return true
}

func (d *storeDecoder) uvarint() uint64 {
	v, n := binary.Uvarint(d.b)
	if n <= 0 {
		d.fail()
		return 0
	}
	d.b = d.b[n:]
	return v
}

func (d *storeDecoder) int() int {
	v, n := binary.Varint(d.b)
	if n <= 0 || v != int64(int(v)) {
		d.fail()
		return 0
	}
	d.b = d.b[n:]
	return int(v)
}

// count reads a length whose items take at least min bytes each, so a
// damaged length cannot make a huge slice.
func (d *storeDecoder) count(min int) int {
	n := d.uvarint()
	if n > uint64(len(d.b)/min) {
		d.fail()
		return 0
	}
	return int(n)
}

func (d *storeDecoder) byte() byte {
	if len(d.b) == 0 {
		d.fail()
		return 0
	}
	c := d.b[0]
	d.b = d.b[1:]
	return c
}

func (d *storeDecoder) string() string {
	n := d.count(1)
	s := string(d.b[:n])
	d.b = d.b[n:]
	return s
}

func (d *storeDecoder) strings(ss ...*string) {
	for _, s := range ss {
		*s = d.string()
	}
}

func (d *storeDecoder) period() Period { return periodOfIndex(d.int()) }

func (d *storeDecoder) maybePeriod() Period {
	if d.byte() == 0 {
		return Period{}
	}
	return d.period()
}

// opts reads the values flags says are present into os, in order.
func (d *storeDecoder) opts(flags byte, os ...*Opt) {
	for i, o := range os {
		if flags&(1<<i) == 0 {
			continue
		}
		if len(d.b) < 8 {
			d.fail()
			return
		}
		*o = Some(math.Float64frombits(binary.LittleEndian.Uint64(d.b)))
		d.b = d.b[8:]
	}
}

func (d *storeDecoder) pos() diag.Pos {
	var p diag.Pos
	d.strings(&p.File, &p.Sheet, &p.Cell)
	p.Line, p.Col = d.int(), d.int()
	return p
}

func (d *storeDecoder) fail() {
	d.bad = true
	d.b = nil
}
