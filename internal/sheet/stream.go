package sheet

import (
	"bufio"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
)

// mergeHeaderRows is how far down a merged range may start and still have
// its top-left value copied into each of its cells: far enough for the
// two- and three-level headers of statistical annexes, not a licence to
// rewrite data further down.
const mergeHeaderRows = 50

// noCache is the Text of an Error cell whose formula was never calculated
// (written by a library, or a macro function), so it has no value to show.
const noCache = "formula has no cached value"

// stream reads one worksheet part, yielding its rows with at least one
// value. Cells are read with xmlScanner, which needs no namespace
// bookkeeping; element names are matched by their local part so Strict
// OOXML and unusual prefixes read the same.
func (bk *book) stream(s *Sheet, ref sheetRef, yield func(Row) bool) error {
	rc, err := bk.parts[ref.part].Open()
	if err != nil {
		return s.problem(0, 0, "is damaged: %v", err)
	}
	defer rc.Close()
	return bk.readRows(s, ref.merges, newXMLScanner(skipBOM(rc)), yield)
}

// readRows reads the rows of a worksheet from its tokens (the tests
// compare xmlScanner with encoding/xml through it).
func (bk *book) readRows(s *Sheet, merges []mergeRange, dec tokenizer, yield func(Row) bool) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = s.problem(0, 0, "could not be read: %v", r)
		}
	}()
	rr := &rowReader{bk: bk, s: s, dec: dec, fill: newMergeFill(merges)}
	return rr.run(yield)
}

// skipBOM drops a UTF-8 byte-order mark before the XML declaration
// (SpreadsheetGear writes one), which encoding/xml rejects.
func skipBOM(r io.Reader) io.Reader {
	br := bufio.NewReaderSize(r, 64<<10)
	if b, err := br.Peek(3); err == nil && bytes.Equal(b, []byte("\xEF\xBB\xBF")) {
		br.Discard(3)
	}
	return br
}

// rowReader holds the buffers reused from row to row and cell to cell.
type rowReader struct {
	bk     *book
	s      *Sheet
	dec    tokenizer
	fill   *mergeFill
	cells  []Cell
	val    []byte
	row    int  // current row number
	col    int  // last column seen in the current row
	mixed  bool // the row's cells came out of column order
	inData bool // inside <sheetData>, where the file must not end
}

func (rr *rowReader) run(yield func(Row) bool) error {
	for {
		t, err := rr.dec.next()
		if err == io.EOF && !rr.inData {
			return nil // a worksheet without sheetData
		}
		if err != nil {
			return rr.s.problem(0, 0, "is damaged: its XML cannot be read (%v)", noEOF(err))
		}
		switch t.kind {
		case tokStart:
			if err := rr.start(t); err != nil {
				return err
			}
		case tokEnd:
			switch string(t.local) {
			case "row":
				if !rr.flush(yield) {
					return nil
				}
			case "sheetData":
				return nil
			}
		}
	}
}

func (rr *rowReader) start(t *xmlTok) error {
	switch string(t.local) {
	case "sheetData":
		rr.inData = true
	case "row":
		return rr.startRow(t)
	case "c":
		return rr.readCell(t)
	}
	return nil
}

// startRow begins a row; a row without r="" follows the previous one.
func (rr *rowReader) startRow(t *xmlTok) error {
	rr.row++
	if r, ok := attr(t, "r"); ok {
		n, err := strconv.Atoi(string(r))
		if err != nil || n < 1 {
			return rr.s.problem(0, 0, "is damaged: row number %q is not a number", r)
		}
		rr.row = n
	}
	if rr.row > maxExcelRows {
		return rr.s.problem(0, 0, "is damaged: row %d is past the last row a sheet can have (%d)", rr.row, maxExcelRows)
	}
	rr.cells, rr.col, rr.mixed = rr.cells[:0], 0, false
	return nil
}

// flush yields the finished row if it holds any value.
func (rr *rowReader) flush(yield func(Row) bool) bool {
	if rr.mixed {
		slices.SortStableFunc(rr.cells, func(a, b Cell) int { return a.Col - b.Col })
	}
	rr.cells = rr.fill.apply(rr.row, rr.cells)
	if len(rr.cells) == 0 {
		return true
	}
	return yield(Row{Num: rr.row, Cells: rr.cells})
}

func attr(t *xmlTok, name string) ([]byte, bool) {
	for _, a := range t.attrs {
		if string(a.local) == name {
			return a.value, true
		}
	}
	return nil, false
}

// rawCell is a <c> element as written: type, style, value and whether a
// formula is present.
type rawCell struct {
	typ   string
	style int
	hasV  bool
	hasF  bool
	val   []byte
}

// readCell reads one <c> element up to its end and appends its value.
func (rr *rowReader) readCell(t *xmlTok) error {
	rc, err := rr.cellAttrs(t)
	if err != nil {
		return err
	}
	if err := rr.cellBody(&rc); err != nil {
		return err
	}
	if rc.typ == "s" && !uncalculated(rc) && !rr.bk.hasString(rc.val) {
		// Taken for text, the message would surface as a header or KPI
		// name ("unknown KPI ...") rather than as the damage it is.
		return rr.s.problem(rr.row, rr.col, "the workbook is damaged: this cell refers to shared string %q, which the workbook does not have", bytes.TrimSpace(rc.val))
	}
	if c := rr.bk.convert(rc); c.Kind != Empty {
		c.Row, c.Col = rr.row, rr.col
		rr.mixed = rr.mixed || len(rr.cells) > 0 && rr.cells[len(rr.cells)-1].Col >= c.Col
		rr.cells = append(rr.cells, c)
	}
	return nil
}

func (rr *rowReader) cellAttrs(t *xmlTok) (rawCell, error) {
	var rc rawCell
	rr.col++
	for _, a := range t.attrs {
		switch string(a.local) {
		case "r":
			_, col, ok := parseRef(string(a.value))
			if !ok {
				return rc, rr.s.problem(0, 0, "is damaged: cell reference %q is not valid", a.value)
			}
			rr.col = col
		case "s":
			rc.style, _ = strconv.Atoi(string(a.value))
		case "t":
			rc.typ = cellType(a.value)
		}
	}
	if rr.col > maxExcelCols {
		return rc, rr.s.problem(0, 0, "is damaged: column %d is past the last column a sheet can have (%d)", rr.col, maxExcelCols)
	}
	return rc, nil
}

// cellType is a cell's t="" without a new string for the usual types.
func cellType(v []byte) string {
	for _, t := range [...]string{"s", "n", "str", "inlineStr", "b", "e", "d"} {
		if string(v) == t {
			return t
		}
	}
	return string(v)
}

// cellBody collects the text of <v>, or of the <t> runs of an inline
// string, into rr.val, noting whether a formula is present.
func (rr *rowReader) cellBody(rc *rawCell) error {
	tc := textCollector{buf: rr.val[:0]}
	for depth := 1; depth > 0; {
		t, err := rr.dec.next()
		if err != nil {
			return rr.s.problem(0, 0, "is damaged: its XML cannot be read (%v)", noEOF(err))
		}
		switch t.kind {
		case tokStart:
			depth++
			local := string(t.local)
			rc.hasF = rc.hasF || local == "f"
			rc.hasV = rc.hasV || local == "v" || local == "is"
			tc.start(local)
		case tokEnd:
			depth--
			if depth == 0 && string(t.local) != "c" {
				// The tokenizer does not match end tags to start tags.
				return rr.s.problem(0, 0, "is damaged: its XML cannot be read (element <c> closed by </%s>)", t.local)
			}
			tc.end(string(t.local))
		case tokText:
			tc.text(t.text)
		}
	}
	rr.val, rc.val = tc.buf, tc.buf
	if tc.over {
		return rr.s.problem(rr.row, rr.col, "the cell holds over %d MB of text", maxFieldBytes>>20)
	}
	return nil
}

// textCollector gathers the text of a cell value (<v>) or of a string
// item's runs (<t>), leaving out phonetic guides (<rPh>), which are
// readings of the text rather than part of it.
type textCollector struct {
	buf        []byte
	collect    bool
	inPhonetic bool
	over       bool // the text passed maxFieldBytes; the rest was dropped
}

func (tc *textCollector) start(local string) {
	switch local {
	case "v":
		tc.collect = true
	case "t":
		tc.collect = !tc.inPhonetic
	case "rPh":
		tc.inPhonetic = true
	}
}

func (tc *textCollector) end(local string) {
	switch local {
	case "v", "t":
		tc.collect = false
	case "rPh":
		tc.inPhonetic = false
	}
}

func (tc *textCollector) text(b []byte) {
	switch {
	case !tc.collect:
	case len(tc.buf)+len(b) > maxFieldBytes:
		tc.over = true
	default:
		tc.buf = append(tc.buf, b...)
	}
}

func noEOF(err error) error {
	if errors.Is(err, io.EOF) {
		return io.ErrUnexpectedEOF
	}
	return err
}

// uncalculated reports a formula without a cached value. Generators write
// an uncalculated formula with no <v>, an empty <v></v>, or (LibreOffice) an
// empty inline string; only a formula string result (t="str") can really be
// empty.
func uncalculated(rc rawCell) bool {
	return rc.hasF && (!rc.hasV || len(rc.val) == 0 && rc.typ != "str")
}

// convert decides a cell's Kind from its type and number format.
func (bk *book) convert(rc rawCell) Cell {
	if uncalculated(rc) {
		return Cell{Kind: Error, Text: noCache}
	}
	switch rc.typ {
	case "s":
		return bk.sharedString(rc.val)
	case "inlineStr", "str":
		return textCell(decodeText(string(rc.val)))
	case "b":
		return boolCell(string(rc.val))
	case "e":
		return Cell{Kind: Error, Text: string(rc.val)}
	case "d":
		return bk.isoCell(rc.val)
	}
	return bk.numberCell(rc)
}

func textCell(s string) Cell {
	if s == "" {
		return Cell{}
	}
	return Cell{Kind: Text, Text: s}
}

func boolCell(v string) Cell {
	c := Cell{Kind: Bool}
	if v == "1" || strings.EqualFold(v, "true") {
		c.Num = 1
	}
	return c
}

// hasString reports whether v indexes the shared strings.
func (bk *book) hasString(v []byte) bool {
	i, err := strconv.Atoi(string(bytes.TrimSpace(v)))
	return err == nil && i >= 0 && i < len(bk.strings)
}

// sharedString is the shared string v indexes; readCell has checked it.
func (bk *book) sharedString(v []byte) Cell {
	i, _ := strconv.Atoi(string(bytes.TrimSpace(v)))
	return textCell(bk.strings[i])
}

func (bk *book) isoCell(v []byte) Cell {
	t, ok := parseISO(string(bytes.TrimSpace(v)))
	if !ok {
		return textCell(decodeText(string(v)))
	}
	return Cell{Kind: Date, Time: t, Num: timeToSerial(t, bk.date1904)}
}

// numberCell reads a number and lets its style's format say whether it
// is a date, a percentage or a plain number (durations stay numbers).
func (bk *book) numberCell(rc rawCell) Cell {
	v := bytes.TrimSpace(rc.val)
	if len(v) == 0 {
		return Cell{}
	}
	n, err := strconv.ParseFloat(string(v), 64)
	if err != nil {
		return Cell{Kind: Error, Text: fmt.Sprintf("holds %q, which is not a number", v)}
	}
	c := Cell{Kind: Number, Num: n}
	switch bk.class(rc.style) {
	case fmtDate:
		if t, ok := serialToTime(n, bk.date1904); ok {
			c.Kind, c.Time = Date, t
		}
	case fmtPercent:
		c.Percent = true
	}
	return c
}

func (bk *book) class(style int) fmtClass {
	if style < 0 || style >= len(bk.classes) {
		return fmtGeneral
	}
	return bk.classes[style]
}

// parseRef splits "AB12" into row 12 and column 28.
func parseRef(ref string) (row, col int, ok bool) {
	i := 0
	for ; i < len(ref) && col <= maxExcelCols; i++ {
		c := ref[i] | 0x20 // lower case
		if c < 'a' || c > 'z' {
			break
		}
		col = col*26 + int(c-'a'+1)
	}
	if i == 0 || col > maxExcelCols {
		return 0, 0, false
	}
	row, err := strconv.Atoi(ref[i:])
	return row, col, err == nil && row >= 1
}

// decodeText undoes the _xHHHH_ escapes of OOXML strings (excelize
// leaves them in formula results) and makes every line break a single LF.
func decodeText(s string) string {
	if strings.IndexByte(s, '_') >= 0 {
		s = decodeXEscapes(s)
	}
	if strings.IndexByte(s, '\r') >= 0 {
		s = strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
	}
	return s
}

func decodeXEscapes(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); {
		if r, ok := xEscape(s[i:]); ok {
			b.WriteRune(r)
			i += 7
			continue
		}
		b.WriteByte(s[i])
		i++
	}
	return b.String()
}

// xEscape reads an "_xHHHH_" escape at the start of s.
func xEscape(s string) (rune, bool) {
	if len(s) < 7 || s[0] != '_' || s[1] != 'x' || s[6] != '_' {
		return 0, false
	}
	n, err := strconv.ParseUint(s[2:6], 16, 16)
	return rune(n), err == nil
}

var errHugeText = fmt.Errorf("a text is over %d MB", maxFieldBytes>>20)

// loadStrings reads the shared-string table: each <si> is one string,
// plain (<t>) or rich text (several <r><t> runs).
func (bk *book) loadStrings() error {
	zf := bk.parts[bk.sstPart]
	if zf == nil {
		return nil
	}
	rc, err := zf.Open()
	if err != nil {
		return err
	}
	defer rc.Close()
	dec := xml.NewDecoder(skipBOM(rc))
	var tc textCollector
	for {
		tok, err := dec.RawToken()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if t.Name.Local == "si" {
				tc.buf = tc.buf[:0]
			}
			tc.start(t.Name.Local)
		case xml.EndElement:
			if t.Name.Local == "si" {
				if tc.over {
					return errHugeText
				}
				bk.strings = append(bk.strings, decodeText(string(tc.buf)))
			}
			tc.end(t.Name.Local)
		case xml.CharData:
			tc.text(t)
		}
	}
}
