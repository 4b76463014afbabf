package sheet

import (
	"bytes"
	"cmp"
	"slices"
	"strings"
)

// mergeRange is a merged range of cells, 1-based and inclusive.
type mergeRange struct{ top, left, bottom, right int }

// maxMerges caps how many merged ranges of one sheet are remembered.
const maxMerges = 100000

// mergeScanner finds the <mergeCell ref="A1:C2"/> elements of a sheet part
// as its bytes go by, so merged headers are known before the rows are
// streamed without parsing the sheet into a DOM (excelize's GetMergeCells
// would). In a sheet part, "<mergeCell " cannot occur inside text, where
// "<" is always escaped.
type mergeScanner struct {
	buf  []byte
	refs []string
}

// tagWindow is more than enough for `<x:mergeCell ref="AAA1048576:…"/>`.
const tagWindow = 256

func (m *mergeScanner) Write(p []byte) (int, error) {
	m.buf = append(m.buf, p...)
	done := m.scan()
	keep := max(done, len(m.buf)-tagWindow)
	m.buf = append(m.buf[:0], m.buf[keep:]...)
	return len(p), nil
}

// scan records every complete merge tag in m.buf and returns the offset
// after the last one, or of an incomplete tag at the end to keep.
func (m *mergeScanner) scan() int {
	done := 0
	for {
		i := bytes.Index(m.buf[done:], []byte("mergeCell"))
		if i < 0 {
			return done
		}
		start := done + i
		end := bytes.IndexByte(m.buf[start:], '>')
		if end < 0 {
			return max(done, len(m.buf)-tagWindow, start-1)
		}
		tag := m.buf[start : start+end]
		done = start + end
		if start > 0 && (m.buf[start-1] == '<' || m.buf[start-1] == ':') && len(tag) > 9 && isSpace(tag[9]) && len(m.refs) < maxMerges {
			if ref := refAttr(tag); ref != "" {
				m.refs = append(m.refs, ref)
			}
		}
	}
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// refAttr is the value of the ref attribute in a tag's text.
func refAttr(tag []byte) string {
	i := bytes.Index(tag, []byte("ref="))
	if i < 0 || i+5 > len(tag) {
		return ""
	}
	q := tag[i+4]
	rest := tag[i+5:]
	j := bytes.IndexByte(rest, q)
	if (q != '"' && q != '\'') || j < 0 {
		return ""
	}
	return string(rest[:j])
}

// ranges parses the refs found, keeping ranges that start in the header
// rows, sorted by position.
func (m *mergeScanner) ranges() []mergeRange {
	var out []mergeRange
	for _, ref := range m.refs {
		a, b, ok := strings.Cut(ref, ":")
		if !ok {
			continue
		}
		r1, c1, ok1 := parseRef(a)
		r2, c2, ok2 := parseRef(b)
		if !ok1 || !ok2 || r1 > mergeHeaderRows {
			continue
		}
		out = append(out, mergeRange{min(r1, r2), min(c1, c2), max(r1, r2), max(c1, c2)})
	}
	slices.SortFunc(out, func(x, y mergeRange) int {
		return cmp.Or(cmp.Compare(x.top, y.top), cmp.Compare(x.left, y.left))
	})
	return out
}

// mergeFill copies each merged range's top-left value into its other
// cells while rows stream by. It belongs to one streaming pass.
type mergeFill struct {
	ranges []mergeRange
	values []Cell // the top-left value of each range, Kind Empty until seen
	last   int    // the last row any range covers
}

func newMergeFill(ranges []mergeRange) *mergeFill {
	f := &mergeFill{ranges: ranges, values: make([]Cell, len(ranges))}
	for _, r := range ranges {
		f.last = max(f.last, r.bottom)
	}
	return f
}

// apply returns the row's cells with the merged cells filled in, still in
// column order.
func (f *mergeFill) apply(row int, cells []Cell) []Cell {
	if row > f.last {
		return cells
	}
	n := len(cells)
	for i, r := range f.ranges {
		if r.top > row {
			break
		}
		if row > r.bottom {
			continue
		}
		if row == r.top {
			f.values[i] = cellAt(cells[:n], r.left)
		}
		cells = f.fillRange(i, row, cells, n)
	}
	if len(cells) > n {
		slices.SortFunc(cells, func(a, b Cell) int { return cmp.Compare(a.Col, b.Col) })
	}
	return cells
}

func (f *mergeFill) fillRange(i, row int, cells []Cell, n int) []Cell {
	v, r := f.values[i], f.ranges[i]
	if v.Kind == Empty {
		return cells
	}
	for col := r.left; col <= r.right; col++ {
		if cellAt(cells[:n], col).Kind == Empty {
			v.Row, v.Col = row, col
			cells = append(cells, v)
		}
	}
	return cells
}

// cellAt finds the cell in column col of a row sorted by column.
func cellAt(cells []Cell, col int) Cell {
	i, ok := slices.BinarySearchFunc(cells, col, func(c Cell, col int) int { return cmp.Compare(c.Col, col) })
	if !ok {
		return Cell{}
	}
	return cells[i]
}
