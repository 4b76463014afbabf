package sheet

import (
	"archive/zip"
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/opsreport/opsreport/internal/diag"
)

// styles: 0 General, 1 builtin 14 (date), 2 builtin 10 (percent),
// 3 [hh]:mm:ss (duration), 4 0.0" %" (a quoted %: a plain number),
// 5 yyyy"-"mm (a date).
const testStyles = `<?xml version="1.0" encoding="UTF-8"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
<numFmts count="3"><numFmt numFmtId="164" formatCode="[hh]:mm:ss"/><numFmt numFmtId="165" formatCode="0.0&quot; %&quot;"/><numFmt numFmtId="166" formatCode="yyyy&quot;-&quot;mm"/></numFmts>
<fonts count="1"><font><sz val="11"/></font></fonts>
<fills count="1"><fill><patternFill patternType="none"/></fill></fills>
<borders count="1"><border/></borders>
<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>
<cellXfs count="6"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/><xf numFmtId="14" fontId="0" fillId="0" borderId="0" applyNumberFormat="1"/><xf numFmtId="10" fontId="0" fillId="0" borderId="0" applyNumberFormat="1"/><xf numFmtId="164" fontId="0" fillId="0" borderId="0" applyNumberFormat="1"/><xf numFmtId="165" fontId="0" fillId="0" borderId="0" applyNumberFormat="1"/><xf numFmtId="166" fontId="0" fillId="0" borderId="0" applyNumberFormat="1"/></cellXfs>
</styleSheet>`

const testSST = `<?xml version="1.0" encoding="UTF-8"?>
<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="3" uniqueCount="3">
<si><t>plain</t></si>
<si><r><t>rich </t></r><r><rPr><b/></rPr><t>text</t></r><rPh sb="0" eb="1"><t>ignored</t></rPh></si>
<si><t>line_x000D_
break</t></si>
</sst>`

// sheetXML wraps rows (and anything after sheetData) in a worksheet.
func sheetXML(rows string, tail ...string) string {
	return `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>` +
		rows + `</sheetData>` + strings.Join(tail, "") + `</worksheet>`
}

// workbookZip builds a minimal package with one worksheet "Sheet1".
func workbookZip(t *testing.T, sheet string, extra map[string]string) []byte {
	t.Helper()
	parts := map[string]string{
		"[Content_Types].xml":        `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>`,
		"_rels/.rels":                `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
		"xl/workbook.xml":            `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>`,
		"xl/_rels/workbook.xml.rels": `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>`,
		"xl/styles.xml":              testStyles,
		"xl/sharedStrings.xml":       testSST,
		"xl/worksheets/sheet1.xml":   sheet,
	}
	for k, v := range extra {
		parts[k] = v
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, name := range []string{"[Content_Types].xml", "_rels/.rels", "xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/styles.xml", "xl/sharedStrings.xml", "xl/worksheets/sheet1.xml"} {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		io.WriteString(w, parts[name])
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func openWorkbookBytes(t *testing.T, name, sheet string) *Book {
	t.Helper()
	b, err := Open(fstest.MapFS{name: {Data: workbookZip(t, sheet, nil)}}, name)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { b.Close() })
	return b
}

func TestCellKinds(t *testing.T) {
	b := openWorkbookBytes(t, "data/x.xlsx", sheetXML(
		`<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c></row>`+
			`<row r="2"><c r="A2" s="1"><v>46296</v></c><c r="B2" s="2"><v>0.975</v></c><c r="C2" s="3"><v>1.5</v></c><c r="D2" s="4"><v>97.5</v></c><c r="E2" s="5"><v>46296.5</v></c></row>`+
			`<row r="3"><c r="A3" t="b"><v>1</v></c><c r="B3" t="b"><v>0</v></c><c r="C3" t="e"><f>1/0</f><v>#DIV/0!</v></c><c r="D3"><f>SUM(A1:A2)</f></c><c r="E3" t="str"><f>A1</f><v>a_x000D_&#10;b</v></c><c r="F3" t="str"><f>IF(1,"","")</f><v></v></c><c r="G3"><f>A1</f><v></v></c></row>`+
			`<row r="4"><c r="A4" s="1"/><c r="B4" t="inlineStr"><is><t></t></is></c><c r="C4" t="d"><v>2026-10-01T00:00:00</v></c><c r="D4"><v>1.5E+3</v></c><c r="E4"><v>12x</v></c></row>`+
			`<row><c t="inlineStr"><is><t>no refs</t></is></c><c><v>2</v></c></row>`))
	assertCells(t, sheetCells(t, b.Sheets[0]), []string{
		"A1=plain", "B1=rich text", "C1=line\nbreak",
		"A2=2026-10-01T00:00:00.000", "B2=0.975%", "C2=1.5", "D2=97.5", "E2=2026-10-01T12:00:00.000",
		"A3=TRUE", "B3=FALSE", "C3=!#DIV/0!", "D3=!formula has no cached value", "E3=a\nb", "G3=!formula has no cached value",
		"C4=2026-10-01T00:00:00.000", "D4=1500", `E4=!holds "12x", which is not a number`,
		"A5=no refs", "B5=2",
	})
}

func TestWorkbookProblems(t *testing.T) {
	ods := zipOf(t, map[string]string{"mimetype": "application/vnd.oasis.opendocument.spreadsheet", "content.xml": "<x/>"})
	noSheets := workbookZip(t, sheetXML(""), map[string]string{"xl/workbook.xml": `<workbook><sheets/></workbook>`})
	tests := []struct {
		name string
		data []byte
		want string
	}{
		{"ods", ods, "data/x.xlsx: is an OpenDocument spreadsheet, not .xlsx"},
		{"not a zip", []byte("PK\x03\x04garbage"), "data/x.xlsx: is damaged: not a valid zip archive"},
		{"text named xlsx", []byte("month,arr\n"), "data/x.xlsx: is damaged: not a valid zip archive"},
		{"no sheets", noSheets, "data/x.xlsx: is damaged: it has no worksheets"},
		{"empty sheet", workbookZip(t, sheetXML(`<row r="1"><c r="A1" s="1"/></row>`), nil), "data/x.xlsx: has no data: every sheet is empty"},
		{"corrupt sheet part", corruptPart(t, workbookZip(t, sheetXML(strings.Repeat(`<row><c t="inlineStr"><is><t>some text</t></is></c></row>`, 50)), nil), "xl/worksheets/sheet1.xml"),
			"data/x.xlsx: is damaged: part xl/worksheets/sheet1.xml is corrupt"},
		{"row beyond Excel's last", workbookZip(t, sheetXML(`<row r="50000000"><c r="A50000000"><v>1</v></c></row>`), nil),
			"data/x.xlsx: Sheet1: is damaged: row 50000000 is past the last row a sheet can have (1048576)"},
		{"column beyond Excel's last", workbookZip(t, sheetXML(`<row r="1"><c r="ZZZZ1"><v>1</v></c></row>`), nil),
			`data/x.xlsx: Sheet1: is damaged: cell reference "ZZZZ1" is not valid`},
		{"shared string out of range", workbookZip(t, sheetXML(`<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>7</v></c></row>`), nil),
			`data/x.xlsx: Sheet1!B1: the workbook is damaged: this cell refers to shared string "7", which the workbook does not have`},
		{"shared string not a number", workbookZip(t, sheetXML(`<row r="1"><c r="A1" t="s"><v>month</v></c></row>`), nil),
			`data/x.xlsx: Sheet1!A1: the workbook is damaged: this cell refers to shared string "month", which the workbook does not have`},
		{"broken sheet XML", workbookZip(t, `<worksheet><sheetData><row><c><v>1</v></row>`, nil),
			"data/x.xlsx: Sheet1: is damaged: its XML cannot be read (element <c> closed by </row>)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Open(fstest.MapFS{"data/x.xlsx": {Data: tt.data}}, "data/x.xlsx")
			var d diag.Diagnostic
			if !errors.As(err, &d) || d.String() != tt.want {
				t.Errorf("got  %v\nwant %s", err, tt.want)
			}
		})
	}
}

func TestHugeText(t *testing.T) {
	huge := strings.Repeat("x", maxFieldBytes+1)
	b := openWorkbookBytes(t, "data/x.xlsx", sheetXML(`<row r="1"><c r="A1"><v>1</v></c></row><row r="2"><c r="B2" t="inlineStr"><is><t>`+huge+`</t></is></c></row>`))
	s := b.Sheets[0]
	for range s.Rows() {
	}
	if want := "data/x.xlsx: Sheet1!B2: the cell holds over 1 MB of text"; s.Err() == nil || s.Err().Error() != want {
		t.Errorf("inline: got %v, want %s", s.Err(), want)
	}
	data := workbookZip(t, sheetXML(`<row r="1"><c r="A1" t="s"><v>0</v></c></row>`), map[string]string{
		"xl/sharedStrings.xml": `<sst><si><t>` + huge + `</t></si></sst>`,
	})
	_, err := Open(fstest.MapFS{"data/x.xlsx": {Data: data}}, "data/x.xlsx")
	if want := "data/x.xlsx: has a text over 1 MB (a cell holds at most 32,767 characters)"; err == nil || err.Error() != want {
		t.Errorf("shared: got %v, want %s", err, want)
	}
}

// TestRowCapAfterData: a runaway row after real rows ends Rows with a
// diagnostic; nothing is allocated for the 50 million rows before it.
func TestRowCapAfterData(t *testing.T) {
	b := openWorkbookBytes(t, "data/x.xlsx", sheetXML(`<row r="1"><c r="A1"><v>1</v></c></row><row r="50000000"><c r="A50000000"><v>1</v></c></row>`))
	s := b.Sheets[0]
	n := 0
	for range s.Rows() {
		n++
	}
	want := "data/x.xlsx: Sheet1: is damaged: row 50000000 is past the last row a sheet can have (1048576)"
	if n != 1 || s.Err() == nil || s.Err().Error() != want {
		t.Errorf("%d rows, err %v; want 1 row and %s", n, s.Err(), want)
	}
}

func TestMergesOnlyInHeaderRows(t *testing.T) {
	// A1:B1 is a header merge and is filled; A60:B60 starts below the
	// header rows and is left as written.
	b := openWorkbookBytes(t, "data/x.xlsx", sheetXML(
		`<row r="1"><c r="A1" t="inlineStr"><is><t>Revenue</t></is></c></row><row r="60"><c r="A60"><v>5</v></c></row>`,
		`<mergeCells count="2"><mergeCell ref="A1:B1"/><mergeCell ref="A60:B60"/></mergeCells>`))
	assertCells(t, sheetCells(t, b.Sheets[0]), []string{"A1=Revenue", "B1=Revenue", "A60=5"})
}

func TestMergeScannerAcrossWrites(t *testing.T) {
	text := `<sheetData/><x:mergeCells><x:mergeCell ref="A1:C1"/><mergeCell  ref='B2:B3'/></x:mergeCells><t>&lt;mergeCell ref="Z1:Z2"/></t>`
	for split := 0; split <= len(text); split++ {
		var m mergeScanner
		m.Write([]byte(text[:split]))
		m.Write([]byte(text[split:]))
		got := m.ranges()
		want := []mergeRange{{1, 1, 1, 3}, {2, 2, 3, 2}}
		if len(got) != 2 || got[0] != want[0] || got[1] != want[1] {
			t.Fatalf("split at %d: got %v, want %v", split, got, want)
		}
	}
}

func TestZipBombBudget(t *testing.T) {
	data := zipOf(t, map[string]string{"big": strings.Repeat("0", 10000)})
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := copyPart(io.Discard, zr.File[0], 9999); !errors.Is(err, errTooLarge) {
		t.Errorf("over budget: %v, want errTooLarge", err)
	}
	if n, err := copyPart(io.Discard, zr.File[0], 10000); err != nil || n != 10000 {
		t.Errorf("within budget: %d, %v", n, err)
	}
}

func TestCFBReasons(t *testing.T) {
	head := append([]byte{}, cfbMagic...)
	tests := map[string]string{
		"EncryptionInfo": "is password-protected (encrypted workbook)",
		"Workbook":       "is an old-style .xls workbook, not .xlsx",
		"WordDocument":   "is an old Office binary file, not an .xlsx workbook",
	}
	for stream, want := range tests {
		if got := cfbReason(append(head, utf16le(stream)...)); got != want {
			t.Errorf("%s: got %q, want %q", stream, got, want)
		}
	}
}

func zipOf(t *testing.T, files map[string]string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, name := range []string{"mimetype", "content.xml", "big"} {
		if body, ok := files[name]; ok {
			w, _ := zw.Create(name)
			io.WriteString(w, body)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// corruptPart flips bytes in the compressed data of one part, keeping the
// zip directory intact: the file opens, but the part cannot be unpacked.
func corruptPart(t *testing.T, data []byte, part string) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	for _, zf := range zr.File {
		if zf.Name == part {
			off, err := zf.DataOffset()
			if err != nil {
				t.Fatal(err)
			}
			out := bytes.Clone(data)
			for i := off; i < off+8; i++ {
				out[i] ^= 0xFF
			}
			return out
		}
	}
	t.Fatalf("no part %s", part)
	return nil
}
