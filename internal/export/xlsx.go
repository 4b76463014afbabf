package export

// The workbook is written by hand, not through excelize: its layout is
// fixed and small (one sheet of inline strings and numbers, a style per
// number format), and excelize's stream writer, which takes every cell as
// an interface value and makes its reference, value and style one string at
// a time, was a third of the largest demo's build (2.2 s of 6.7 s for 119
// scorecards and the 60,000-row figures table). The parts are those of an
// SpreadsheetML package (ECMA-376 part 1): [Content_Types].xml, the package
// and workbook relationships, the core and extended document properties,
// xl/workbook.xml, xl/styles.xml and xl/worksheets/sheet1.xml. The tests
// read the workbooks back with excelize and compare them cell by cell with
// what excelize's own writer made.

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"math"
	"strconv"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/klauspost/compress/flate"

	"github.com/opsreport/opsreport/internal/kpi"
)

// fixedTime is every workbook's creation and modification date, so the
// same table gives the same bytes; zipTime is its files' time in the zip.
const fixedTime = "2000-01-01T00:00:00Z"

var zipTime = time.Date(2000, time.January, 1, 0, 0, 0, 0, time.UTC)

// maxCellChars is the most UTF-16 code units a spreadsheet cell holds;
// longer text is cut there, as excelize cuts it.
const maxCellChars = 32767

// MaxRows is the most rows a table may have for a workbook: a worksheet
// holds 1,048,576 rows, the first of them the header.
const MaxRows = 1<<20 - 1

// TooManyRowsError is why a table with more than MaxRows rows has no
// workbook: a spreadsheet program would not open it whole.
type TooManyRowsError struct{ Rows int }

func (e TooManyRowsError) Error() string {
	return fmt.Sprintf("%d rows are more than a worksheet holds (%d below its header)", e.Rows, MaxRows)
}

// XLSX writes the table as a workbook of one sheet; a table of more than
// MaxRows rows is a TooManyRowsError, and nothing is written.
func (t *Table) XLSX(w io.Writer) error {
	if t.n > MaxRows {
		return TooManyRowsError{Rows: t.n}
	}
	zw := zip.NewWriter(w)
	zw.RegisterCompressor(zip.Deflate, pooledCompressor)
	for _, p := range fixedParts {
		if err := writePart(zw, p.name, []byte(p.data)); err != nil {
			return err
		}
	}
	book := append([]byte(workbookHead), `<sheets><sheet name="`...)
	book = appendXMLText(book, t.Sheet, true)
	book = append(book, `" sheetId="1" r:id="rId1"/></sheets></workbook>`...)
	if err := writePart(zw, "xl/workbook.xml", book); err != nil {
		return err
	}
	st := &styles{}
	sheet, err := zw.CreateHeader(&zip.FileHeader{Name: "xl/worksheets/sheet1.xml", Method: zip.Deflate, Modified: zipTime})
	if err != nil {
		return err
	}
	if err := t.writeSheet(sheet, st); err != nil {
		return err
	}
	if err := writePart(zw, "xl/styles.xml", st.xml()); err != nil {
		return err
	}
	return zw.Close()
}

// XLSXBytes is XLSX into memory.
func (t *Table) XLSXBytes() ([]byte, error) {
	var b bytes.Buffer
	err := t.XLSX(&b)
	return b.Bytes(), err
}

func writePart(zw *zip.Writer, name string, data []byte) error {
	w, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate, Modified: zipTime})
	if err != nil {
		return err
	}
	_, err = w.Write(data)
	return err
}

// sheetFlush is how much of the sheet's XML is gathered before it goes to
// the compressor.
const sheetFlush = 64 << 10

// writeSheet writes xl/worksheets/sheet1.xml: the header row bold and
// frozen, the column widths, then every row; an empty cell is left out.
func (t *Table) writeSheet(w io.Writer, st *styles) error {
	cols := len(t.Columns)
	b := make([]byte, 0, sheetFlush+4096)
	b = append(b, sheetHead...)
	b = append(b, `<dimension ref="A1`...)
	if cols > 0 && (cols > 1 || t.n > 0) {
		b = append(b, ':')
		b = appendCellRef(b, cols-1, t.n+1)
	}
	b = append(b, `"/><sheetViews><sheetView tabSelected="1" workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews><sheetFormatPr defaultRowHeight="15"/>`...)
	b = t.appendCols(b)
	b = append(b, `<sheetData><row r="1">`...)
	for i, c := range t.Columns {
		b = appendTextCell(b, i, 1, boldStyle, c.Name)
	}
	b = append(b, `</row>`...)
	row := make([]Cell, cols)
	last := make([]styleMemo, cols) // the style of each column's last format
	for r := 0; r < t.n; r++ {
		t.fill(r, row)
		b = append(b, `<row r="`...)
		b = strconv.AppendInt(b, int64(r+2), 10)
		b = append(b, `">`...)
		for i := range row {
			c := &row[i]
			switch c.Kind {
			case Text:
				b = appendTextCell(b, i, r+2, 0, c.Text)
			case Number, Date:
				if last[i].format != c.Format || last[i].id == 0 {
					last[i] = styleMemo{c.Format, st.id(c.Format)}
				}
				b = appendValueCell(b, i, r+2, last[i].id, c)
			}
		}
		b = append(b, `</row>`...)
		if len(b) >= sheetFlush {
			if _, err := w.Write(b); err != nil {
				return err
			}
			b = b[:0]
		}
	}
	b = append(b, `</sheetData></worksheet>`...)
	_, err := w.Write(b)
	return err
}

// appendCols writes the widths, one <col> for each run of neighbouring
// columns of the same width.
func (t *Table) appendCols(b []byte) []byte {
	open := false
	for i := 0; i < len(t.Columns); {
		width := t.Columns[i].Width
		j := i + 1
		for j < len(t.Columns) && t.Columns[j].Width == width {
			j++
		}
		if width > 0 && !math.IsInf(width, 0) && !math.IsNaN(width) {
			if !open {
				b = append(b, `<cols>`...)
				open = true
			}
			b = append(b, `<col min="`...)
			b = strconv.AppendInt(b, int64(i+1), 10)
			b = append(b, `" max="`...)
			b = strconv.AppendInt(b, int64(j), 10)
			b = append(b, `" width="`...)
			b = strconv.AppendFloat(b, min(width, 255), 'f', -1, 64)
			b = append(b, `" customWidth="1"/>`...)
		}
		i = j
	}
	if open {
		b = append(b, `</cols>`...)
	}
	return b
}

type styleMemo struct {
	format string
	id     int
}

// appendTextCell writes an inline string cell; style 0 is the default.
func appendTextCell(b []byte, col, row, style int, s string) []byte {
	b = append(b, `<c r="`...)
	b = appendCellRef(b, col, row)
	if style != 0 {
		b = append(b, `" s="`...)
		b = strconv.AppendInt(b, int64(style), 10)
	}
	b = append(b, `" t="inlineStr"><is><t`...)
	s = cutCellText(s)
	if s != "" {
		switch s[0] {
		case '\t', '\n', '\r', ' ':
			b = append(b, ` xml:space="preserve"`...)
		default:
			switch s[len(s)-1] {
			case '\t', '\n', '\r', ' ':
				b = append(b, ` xml:space="preserve"`...)
			}
		}
	}
	b = append(b, '>')
	b = appendXMLText(b, s, false)
	return append(b, `</t></is></c>`...)
}

// appendValueCell writes a number or a date as a number cell. A number
// that is not finite cannot be a number cell: it is written as its text
// ("NaN", "+Inf"), as excelize writes it; so is a month before 1900, which
// has no date serial, as its figures.csv spelling.
func appendValueCell(b []byte, col, row, style int, c *Cell) []byte {
	var v float64
	if c.Kind == Date {
		serial, ok := dateSerial(c.Month)
		if !ok {
			return appendTextCell(b, col, row, style, string(appendMonth(nil, c.Month)))
		}
		v = float64(serial)
	} else {
		v = c.Number
		switch {
		case math.IsNaN(v):
			return appendTextCell(b, col, row, style, "NaN")
		case math.IsInf(v, 1):
			return appendTextCell(b, col, row, style, "+Inf")
		case math.IsInf(v, -1):
			return appendTextCell(b, col, row, style, "-Inf")
		}
	}
	b = append(b, `<c r="`...)
	b = appendCellRef(b, col, row)
	b = append(b, `" s="`...)
	b = strconv.AppendInt(b, int64(style), 10)
	b = append(b, `"><v>`...)
	b = appendNumber(b, v)
	return append(b, `</v></c>`...)
}

// dateSerial is the first day of p's month as a spreadsheet's date serial
// in the 1900 date system: days since 31 December 1899, one more from
// 1 March 1900 on for the 29 February 1900 the system counts. Months before
// 1900 have none.
func dateSerial(p kpi.Period) (int64, bool) {
	if p.Year < 1900 || p.Year > 9999 || p.Month < 1 || p.Month > 12 {
		return 0, false
	}
	d := time.Date(p.Year, time.Month(p.Month), 1, 0, 0, 0, 0, time.UTC)
	days := (d.Unix() - excelEpoch.Unix()) / (24 * 60 * 60) // a Duration would end at 2192
	if !d.Before(leapBug) {
		days++
	}
	return days, true
}

var (
	excelEpoch = time.Date(1899, time.December, 31, 0, 0, 0, 0, time.UTC)
	leapBug    = time.Date(1900, time.March, 1, 0, 0, 0, 0, time.UTC)
)

// colNames are the first columns' letters, A to ZZ.
var colNames = func() []string {
	var out []string
	for i := 0; i < 26*27; i++ {
		out = append(out, columnName(i))
	}
	return out
}()

func columnName(i int) string {
	var s []byte
	for i++; i > 0; i = (i - 1) / 26 {
		s = append([]byte{byte('A' + (i-1)%26)}, s...)
	}
	return string(s)
}

// appendCellRef writes a cell's reference: column col (0 is A), row row.
func appendCellRef(b []byte, col, row int) []byte {
	if col < len(colNames) {
		b = append(b, colNames[col]...)
	} else {
		b = append(b, columnName(col)...)
	}
	return strconv.AppendInt(b, int64(row), 10)
}

// cutCellText cuts s to the characters a cell holds, never inside a
// character.
func cutCellText(s string) string {
	if len(s) <= maxCellChars { // a UTF-16 unit takes at least a byte
		return s
	}
	units := 0
	for i, r := range s {
		n := 1
		if r >= 0x10000 {
			n = 2
		}
		if units+n > maxCellChars {
			return s[:i]
		}
		units += n
	}
	return s
}

// appendXMLText writes s as XML text, or as an attribute's value when attr
// is set. Characters XML 1.0 does not allow (controls other than tab, line
// feed and carriage return, U+FFFE, U+FFFF, invalid UTF-8) become U+FFFD, as
// encoding/xml and excelize write them. A CR is written as a character
// reference, which XML parsers do not turn into a line feed. In text, a
// run that reads as SpreadsheetML's escape of a character (_x0041_) has its
// underscore escaped (_x005F_), so a reader shows it as written.
func appendXMLText(b []byte, s string, attr bool) []byte {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case c == '&':
				b = append(b, "&amp;"...)
			case c == '<':
				b = append(b, "&lt;"...)
			case c == '>':
				b = append(b, "&gt;"...)
			case c == '"' && attr:
				b = append(b, "&quot;"...)
			case c == '\r':
				b = append(b, "&#xD;"...)
			case (c == '\n' || c == '\t') && attr:
				b = append(b, "&#x"...)
				b = append(b, "0123456789ABCDEF"[c]) // 9 or A
				b = append(b, ';')
			case c < 0x20 && c != '\n' && c != '\t':
				b = append(b, "\uFFFD"...)
			case c == '_' && !attr && isCharEscape(s[i:]):
				b = append(b, "_x005F_"...)
			default:
				b = append(b, c)
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n == 1 || r == 0xFFFE || r == 0xFFFF {
			b = append(b, "\uFFFD"...)
		} else {
			b = append(b, s[i:i+n]...)
		}
		i += n
	}
	return b
}

// isCharEscape reports whether s starts with _xHHHH_, four hex digits.
func isCharEscape(s string) bool {
	if len(s) < 7 || s[1] != 'x' || s[6] != '_' {
		return false
	}
	for _, c := range []byte(s[2:6]) {
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
			return false
		}
	}
	return true
}

// Styles: 0 is the default, 1 the header's bold, then one for each number
// format in the order the sheet first uses it, so the same table numbers
// its styles the same way.
const boldStyle = 1

type styles struct {
	formats []string
	ids     map[string]int
}

func (s *styles) id(format string) int {
	if id, ok := s.ids[format]; ok {
		return id
	}
	if s.ids == nil {
		s.ids = map[string]int{}
	}
	s.formats = append(s.formats, format)
	id := boldStyle + len(s.formats)
	s.ids[format] = id
	return id
}

// firstCustomFormat is the first number format id a workbook may define;
// those below are built in.
const firstCustomFormat = 164

// xml is xl/styles.xml: the number formats, the fonts (Calibri 11, and
// bold), the two fills and one border every workbook has, and the cell
// styles.
func (s *styles) xml() []byte {
	b := append([]byte(nil), xmlDecl...)
	b = append(b, `<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">`...)
	if len(s.formats) > 0 {
		b = append(b, `<numFmts count="`...)
		b = strconv.AppendInt(b, int64(len(s.formats)), 10)
		b = append(b, `">`...)
		for i, f := range s.formats {
			b = append(b, `<numFmt numFmtId="`...)
			b = strconv.AppendInt(b, int64(firstCustomFormat+i), 10)
			b = append(b, `" formatCode="`...)
			b = appendXMLText(b, f, true)
			b = append(b, `"/>`...)
		}
		b = append(b, `</numFmts>`...)
	}
	b = append(b, `<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font><font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>`+
		`<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>`+
		`<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>`+
		`<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="`...)
	b = strconv.AppendInt(b, int64(2+len(s.formats)), 10)
	b = append(b, `"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>`...)
	for i := range s.formats {
		b = append(b, `<xf numFmtId="`...)
		b = strconv.AppendInt(b, int64(firstCustomFormat+i), 10)
		b = append(b, `" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>`...)
	}
	return append(b, `</cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>`...)
}

const (
	xmlDecl      = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n"
	nsMain       = `http://schemas.openxmlformats.org/spreadsheetml/2006/main`
	nsRels       = `http://schemas.openxmlformats.org/officeDocument/2006/relationships`
	workbookHead = xmlDecl + `<workbook xmlns="` + nsMain + `" xmlns:r="` + nsRels + `"><bookViews><workbookView xWindow="0" yWindow="0" windowWidth="14805" windowHeight="8010"/></bookViews>`
	sheetHead    = xmlDecl + `<worksheet xmlns="` + nsMain + `" xmlns:r="` + nsRels + `">`
)

// fixedParts are the parts every workbook holds as they are.
var fixedParts = []struct{ name, data string }{
	{"[Content_Types].xml", xmlDecl + `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
		`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
		`<Default Extension="xml" ContentType="application/xml"/>` +
		`<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>` +
		`<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>` +
		`<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>` +
		`<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>` +
		`<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>` +
		`</Types>`},
	{"_rels/.rels", xmlDecl + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
		`<Relationship Id="rId1" Type="` + nsRels + `/officeDocument" Target="xl/workbook.xml"/>` +
		`<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>` +
		`<Relationship Id="rId3" Type="` + nsRels + `/extended-properties" Target="docProps/app.xml"/>` +
		`</Relationships>`},
	{"docProps/core.xml", xmlDecl + `<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">` +
		`<dc:creator>opsreport</dc:creator>` +
		`<dcterms:created xsi:type="dcterms:W3CDTF">` + fixedTime + `</dcterms:created>` +
		`<dcterms:modified xsi:type="dcterms:W3CDTF">` + fixedTime + `</dcterms:modified>` +
		`</cp:coreProperties>`},
	{"docProps/app.xml", xmlDecl + `<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"><Application>opsreport</Application></Properties>`},
	{"xl/_rels/workbook.xml.rels", xmlDecl + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
		`<Relationship Id="rId1" Type="` + nsRels + `/worksheet" Target="worksheets/sheet1.xml"/>` +
		`<Relationship Id="rId2" Type="` + nsRels + `/styles" Target="styles.xml"/>` +
		`</Relationships>`},
}

// pooledCompressor deflates a workbook's files at the fastest level with
// klauspost/compress, its writers pooled: archive/zip allocates about 1 MB
// for each file of a zip otherwise, and a site writes a workbook per
// review.
func pooledCompressor(out io.Writer) (io.WriteCloser, error) {
	if fw, ok := flaters.Get().(*flate.Writer); ok {
		fw.Reset(out)
		return &pooledFlate{fw}, nil
	}
	fw, err := flate.NewWriter(out, flate.BestSpeed)
	if err != nil {
		return nil, err
	}
	return &pooledFlate{fw}, nil
}

var flaters sync.Pool // of *flate.Writer at BestSpeed

type pooledFlate struct{ *flate.Writer }

func (p *pooledFlate) Close() error {
	err := p.Writer.Close()
	flaters.Put(p.Writer)
	p.Writer = nil
	return err
}
