package export

import (
	"archive/zip"
	"bytes"
	"encoding/csv"
	"encoding/xml"
	"errors"
	"io"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/opsreport/opsreport/internal/kpi"
)

// refCSV is a table's CSV as encoding/csv writes figures.csv's records
// (kpi.FigureRecord), with the texts defused: what CSV wrote before it
// wrote its bytes itself.
func refCSV(t *testing.T, header []string, figs []kpi.Figure, scorecard bool) []byte {
	t.Helper()
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	w.Write(header)
	for _, f := range figs {
		rec := kpi.FigureRecord(f)
		rec[0] = kpi.DefuseCell(rec[0])
		if f.IsQuarter() {
			rec[1] = kpi.DefuseCell(rec[1])
		}
		if scorecard {
			rec = append([]string{kpi.DefuseCell(f.KPI.Function), kpi.DefuseCell(f.KPI.ID), kpi.DefuseCell(f.KPI.Name), kpi.DefuseCell(string(f.KPI.Unit))}, rec[1:]...)
		}
		w.Write(rec)
	}
	w.Flush()
	if err := w.Error(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestCSVMatchesEncodingCSV compares the CSV of a scorecard and a figures
// table, with texts that need quoting, defusing or both, with what
// encoding/csv writes for figures.csv's records.
func TestCSVMatchesEncodingCSV(t *testing.T) {
	var figs []kpi.Figure
	for i, k := range benchKPIs(len(oddTexts) + 8) {
		if i < len(oddTexts) {
			k.Name, k.Function, k.ID = oddTexts[i], oddTexts[len(oddTexts)-1-i], oddTexts[(i+3)%len(oddTexts)]
		}
		f := benchFigure(k, kpi.Period{Year: 2026, Month: 10}, i)
		switch i % 4 {
		case 1:
			f.Actual, f.MoM, f.Streak = some(-0.000001), kpi.None, 12
		case 2:
			f.Quarter = kpi.Quarter{FY: 2027, Q: 2}
		case 3:
			f.Status, f.Target = kpi.StatusNone, some(1e21)
		}
		figs = append(figs, f)
	}
	if got, want := ScorecardTable(figs, Formats{}).CSV(), refCSV(t, ScorecardHeader, figs, true); !bytes.Equal(got, want) {
		t.Errorf("scorecard CSV\n%s\nwant\n%s", got, want)
	}
	if got, want := FiguresTable(figs, Formats{}).CSV(), refCSV(t, kpi.FiguresHeader, figs, false); !bytes.Equal(got, want) {
		t.Errorf("figures CSV\n%s\nwant\n%s", got, want)
	}
}

func zipFiles(t *testing.T, b []byte) []*zip.File {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	return zr.File
}

// TestXLSXPartsAreWellFormedXML reads every part of a workbook with odd
// texts through encoding/xml to its end, checks the package holds the
// parts its content types name, and that every part has the fixed time.
func TestXLSXPartsAreWellFormedXML(t *testing.T) {
	b, err := realisticScorecard().XLSXBytes()
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, f := range zipFiles(t, b) {
		names = append(names, f.Name)
		if !f.Modified.Equal(zipTime) {
			t.Errorf("%s: time %v, want %v", f.Name, f.Modified, zipTime)
		}
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		d := xml.NewDecoder(rc)
		for {
			if _, err = d.Token(); err != nil {
				break
			}
		}
		if err != io.EOF {
			t.Errorf("%s: %v", f.Name, err)
		}
		rc.Close()
	}
	slices.Sort(names)
	want := []string{"[Content_Types].xml", "_rels/.rels", "docProps/app.xml", "docProps/core.xml", "xl/_rels/workbook.xml.rels", "xl/styles.xml", "xl/workbook.xml", "xl/worksheets/sheet1.xml"}
	if !slices.Equal(names, want) {
		t.Errorf("parts %q, want %q", names, want)
	}
}

// TestXLSXTextIsNeverAFormula: a name that starts with = is a text cell
// with no formula, shown as written.
func TestXLSXTextIsNeverAFormula(t *testing.T) {
	k := &kpi.KPI{ID: "arr", Name: `=HYPERLINK("http://evil","ARR")`, Function: "=1+1", Unit: kpi.UnitCount}
	b, err := ScorecardTable([]kpi.Figure{{KPI: k, Period: kpi.Period{Year: 2026, Month: 10}, Actual: some(1)}}, Formats{}).XLSXBytes()
	if err != nil {
		t.Fatal(err)
	}
	f := open(t, b)
	for cell, want := range map[string]string{"A2": "=1+1", "C2": k.Name} {
		if formula, _ := f.GetCellFormula("Scorecard", cell); formula != "" {
			t.Errorf("%s has the formula %q", cell, formula)
		}
		if typ, _ := f.GetCellType("Scorecard", cell); typ != excelize.CellTypeInlineString {
			t.Errorf("%s is of type %v, want an inline string", cell, typ)
		}
		if v, _ := f.GetCellValue("Scorecard", cell); v != want {
			t.Errorf("%s is %q, want %q", cell, v, want)
		}
	}
	if bytes.Contains(sheetXML(t, b), []byte("<f>")) {
		t.Error("the sheet holds a formula element")
	}
}

func sheetXML(t *testing.T, b []byte) []byte {
	t.Helper()
	for _, f := range zipFiles(t, b) {
		if f.Name == "xl/worksheets/sheet1.xml" {
			rc, err := f.Open()
			if err != nil {
				t.Fatal(err)
			}
			defer rc.Close()
			x, err := io.ReadAll(rc)
			if err != nil {
				t.Fatal(err)
			}
			return x
		}
	}
	t.Fatal("no sheet1.xml")
	return nil
}

// TestXLSXMonthsAsDates: a month from March 1900 on is a date serial
// (1 March 1900 is 61, after the 29 February 1900 the 1900 system counts;
// January 1900 is 1); a month before 1900 has no serial and is its
// figures.csv text. December 9999 is 2958435, thirty days before Excel's last
// day (31 December 9999, 2958465).
func TestXLSXMonthsAsDates(t *testing.T) {
	k := &kpi.KPI{ID: "old", Unit: kpi.UnitCount}
	var figs []kpi.Figure
	for _, p := range []kpi.Period{{Year: 1900, Month: 1}, {Year: 1900, Month: 3}, {Year: 1899, Month: 12}, {Year: 9999, Month: 12}} {
		figs = append(figs, kpi.Figure{KPI: k, Period: p, Actual: some(1)})
	}
	f := readBack(t, FiguresTable(figs, Formats{}))
	for cell, want := range map[string]string{"B2": "1", "B3": "61", "B4": "1899-12", "B5": "2958435"} {
		if v, _ := f.GetCellValue("Figures", cell, excelize.Options{RawCellValue: true}); v != want {
			t.Errorf("%s is %q, want %q", cell, v, want)
		}
	}
	if v, _ := f.GetCellValue("Figures", "B3"); v != "Mar 1900" {
		t.Errorf("B3 shows %q, want Mar 1900", v)
	}
	if typ, _ := f.GetCellType("Figures", "B4"); typ != excelize.CellTypeInlineString {
		t.Errorf("a month before 1900 is of type %v, want text", typ)
	}
}

// TestXLSXOfNoRows: a table without rows is a workbook of its bold header.
func TestXLSXOfNoRows(t *testing.T) {
	b, err := ScorecardTable(nil, Formats{}).XLSXBytes()
	if err != nil {
		t.Fatal(err)
	}
	f := open(t, b)
	rows, err := f.GetRows("Scorecard")
	if err != nil || len(rows) != 1 || !slices.Equal(rows[0], ScorecardHeader) {
		t.Fatalf("rows %q (%v), want the header alone", rows, err)
	}
	id, _ := f.GetCellStyle("Scorecard", "V1")
	if st, _ := f.GetStyle(id); st == nil || st.Font == nil || !st.Font.Bold {
		t.Errorf("header style %+v, want bold", st)
	}
	if !bytes.Contains(sheetXML(t, b), []byte(`<dimension ref="A1:V1"/>`)) {
		t.Error("the sheet's dimension is not its header row")
	}
}

// TestXMLTextEscapes: the escapes of a cell's text, one by one.
func TestXMLTextEscapes(t *testing.T) {
	cases := []struct{ in, text, attr string }{
		{`a&b<c>d"e'f`, `a&amp;b&lt;c&gt;d"e'f`, `a&amp;b&lt;c&gt;d&quot;e'f`},
		{"t\tn\nr\r", "t\tn\nr&#xD;", "t&#x9;n&#xA;r&#xD;"},
		{"\x00\x1f\x7f", "\uFFFD\uFFFD\x7f", "\uFFFD\uFFFD\x7f"},
		{"\xff\uFFFE\uFFFF\U0001F4C8é", "\uFFFD\uFFFD\uFFFD\U0001F4C8é", "\uFFFD\uFFFD\uFFFD\U0001F4C8é"},
		{"_x0041_ _x004_ _X0041_ _x00G1_", "_x005F_x0041_ _x004_ _X0041_ _x00G1_", "_x0041_ _x004_ _X0041_ _x00G1_"},
		{"_x005F_x0041_", "_x005F_x005F_x005F_x0041_", "_x005F_x0041_"},
	}
	for _, c := range cases {
		if got := string(appendXMLText(nil, c.in, false)); got != c.text {
			t.Errorf("text %q: got %q, want %q", c.in, got, c.text)
		}
		if got := string(appendXMLText(nil, c.in, true)); got != c.attr {
			t.Errorf("attribute %q: got %q, want %q", c.in, got, c.attr)
		}
	}
	if got := cutCellText(strings.Repeat("é", 40000)); len([]rune(got)) != maxCellChars {
		t.Errorf("a 40,000-character text is cut to %d characters, want %d", len([]rune(got)), maxCellChars)
	}
}

// TestAppendNumberIsPlainNumber: numbers are written as kpi.PlainNumber
// writes them, whole or not, at the edges of the integer path.
func TestAppendNumberIsPlainNumber(t *testing.T) {
	for _, v := range []float64{0, math.Copysign(0, -1), 1, -1, 3, 1393464, -26036, 0.1, -1.834, 2.31, 1e15 - 1, 1e15, -1e15, 1e15 + 2, 1e21, 1e-7,
		-0.000001, 4503599627370496.5, 9007199254740993, math.MaxFloat64, math.SmallestNonzeroFloat64, math.NaN(), math.Inf(1), math.Inf(-1)} {
		if got, want := string(appendNumber(nil, v)), kpi.PlainNumber(some(v)); got != want {
			t.Errorf("%v: got %q, want %q", v, got, want)
		}
	}
}

// TestXLSXRefusesMoreRowsThanASheetHolds: a worksheet holds 1,048,576 rows
// with its header; a table longer than that is a TooManyRowsError and no
// workbook, never a file a spreadsheet program would cut short.
func TestXLSXRefusesMoreRowsThanASheetHolds(t *testing.T) {
	if MaxRows != 1048575 {
		t.Fatalf("MaxRows = %d, want 1,048,576 rows less the header", MaxRows)
	}
	tab := &Table{Sheet: "Figures", Columns: figureColumns(kpi.FiguresHeader), n: MaxRows + 1}
	var b bytes.Buffer
	err := tab.XLSX(&b)
	var tooMany TooManyRowsError
	if !errors.As(err, &tooMany) || tooMany.Rows != MaxRows+1 {
		t.Fatalf("XLSX of %d rows: %v, want a TooManyRowsError", MaxRows+1, err)
	}
	if b.Len() != 0 {
		t.Errorf("XLSX of too many rows wrote %d bytes", b.Len())
	}
}

// readBack writes tab as a workbook and opens it with excelize, closed
// when the test ends.
func readBack(t *testing.T, tab *Table) *excelize.File {
	t.Helper()
	b, err := tab.XLSXBytes()
	if err != nil {
		t.Fatal(err)
	}
	return open(t, b)
}

// open opens a workbook's bytes with excelize, closed when the test ends.
func open(t *testing.T, b []byte) *excelize.File {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}
