package sheet

import (
	"math"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// Expected values below are worked out by hand from the workbooks' XML
// (serials, style ids, number formats), not copied from this reader.

func TestDates1900And1904(t *testing.T) {
	// 2021-01-01 is serial 44197 in the 1900 system and 42735 in the 1904
	// one; A3 is the duration 255:10:10 = 10 + 54610/86400 days, kept a number.
	for file, serial := range map[string]float64{"calamine__date.xlsx": 44197, "calamine__date_1904.xlsx": 42735} {
		t.Run(file, func(t *testing.T) {
			s := openCorpus(t, file).Sheets[0]
			assertCells(t, sheetCells(t, s), []string{
				"A1=2021-01-01T00:00:00.000", "B1=15",
				"A2=2021-01-02T00:00:00.000", "B2=16",
				"A3=10.6320601851852", "B3=17",
			})
			rows := collect(t, s)
			if got := rows[0].Cells[0].Num; got != serial {
				t.Errorf("A1 serial %v, want %v", got, serial)
			}
			if d := rows[2].Cells[0]; d.Kind != Number || math.Abs(d.Num-(10+54610.0/86400)) > 1e-9 {
				t.Errorf("A3 = %+v, want the number of days 255:10:10", d)
			}
		})
	}
}

// TestDatesAgainstExcelText compares each date in column B with the
// TEXT(B, "yyyy-mm-dd") result Excel cached in column C.
func TestDatesAgainstExcelText(t *testing.T) {
	want := map[string][]string{
		"sheetjs__1900.xlsx": {"1900-01-01", "1900-01-11", "1900-04-20", "1903-01-15", "1930-06-02"},
		"sheetjs__1904.xlsx": {"1904-01-02", "1904-01-12", "1904-04-21", "1907-01-16", "1934-06-03"},
	}
	for file, dates := range want {
		t.Run(file, func(t *testing.T) {
			rows := collect(t, openCorpus(t, file).Sheets[0])
			if len(rows) != len(dates) {
				t.Fatalf("%d rows, want %d", len(rows), len(dates))
			}
			for i, r := range rows {
				b, c := r.Cells[1], r.Cells[2]
				got := b.Time.Format("2006-01-02")
				if b.Kind != Date || got != c.Text || got != dates[i] {
					t.Errorf("row %d: B %v %s, Excel's TEXT() %q, want %s", r.Num, b.Kind, got, c.Text, dates[i])
				}
			}
		})
	}
}

func TestDataTypesFormats(t *testing.T) {
	s := openCorpus(t, "sheetjs__DataTypesFormats.xlsx").Sheets[0]
	assertCells(t, sheetCells(t, s), []string{
		"A1=Date", "B1=2020-07-23T00:00:00.000",
		"A2=Date Time", "B2=2020-07-23T09:00:00.000",
		"A3=Currency", "B3=123", // "$"#,##0.00 is a plain number
		"A4=Percentage", "B4=0.9876%",
		"A5=Fixed Decimal", "B5=456",
		"A6=Thousands Separator", "B6=7890",
	})
}

func TestMessytables1904Format14(t *testing.T) {
	s := openCorpus(t, "messytables__simple.xlsx").Sheets[0]
	got := sheetCells(t, s)
	want := []string{
		"A1=date", "B1=temperature", "C1=place",
		"A2=2011-01-01T00:00:00.000", "B2=1", "C2=Galway",
		"A3=2011-01-02T00:00:00.000", "B3=-1", "C3=Galway",
	}
	assertCells(t, got[:len(want)], want)
}

func TestISODateCells(t *testing.T) {
	s := openCorpus(t, "calamine__date_iso.xlsx").Sheets[0]
	got := sheetCells(t, s)
	assertCells(t, got[:3], []string{
		"A1=2021-01-01T00:00:00.000",
		"A2=2021-01-01T10:10:10.000",
		"A3=1899-12-31T10:10:10.000", // a bare time of day: Excel's day zero
	})
	rows := collect(t, s)
	if got := rows[1].Cells[0].Num; math.Abs(got-(44197+36610.0/86400)) > 1e-9 {
		t.Errorf("A2 serial %v", got)
	}
}

func TestQuotedDateFormats(t *testing.T) {
	// mmmm" "yyyy, yyyy"-"mm"-"dd, [$-409] and the Japanese era format.
	s := openCorpus(t, "calamine__date_quoted_format.xlsx").Sheets[0]
	assertCells(t, sheetCells(t, s), []string{
		"A1=2021-01-01T00:00:00.000", "A2=2021-01-01T00:00:00.000",
		"A3=2021-01-01T00:00:00.000", "A4=2021-01-01T00:00:00.000",
	})
}

func TestCachedErrors(t *testing.T) {
	s := openCorpus(t, "calamine__errors.xlsx").Sheets[0]
	assertCells(t, sheetCells(t, s), []string{
		"A1=!#DIV/0!", "A2=!#NAME?", "A3=!#VALUE!", "A4=!#NULL!",
		"A5=!#REF!", "A6=!#NUM!", "A7=!#N/A",
	})
}

func TestFormulasWithoutCachedValue(t *testing.T) {
	s := sheetNamed(t, openCorpus(t, "excelize__Book1.xlsx"), "Sheet2")
	got := map[string]string{}
	for _, c := range sheetCells(t, s) {
		got[c[:3]] = c
	}
	for _, ref := range []string{"E11", "F11", "G11", "H11", "I11"} {
		if want := ref + "=!" + noCache; got[ref] != want {
			t.Errorf("%s: got %q, want %q", ref, got[ref], want)
		}
	}
}

// TestLibreOfficeUncalculatedFormulas: LibreOffice 4.1 wrote row 38's
// formulas as empty inline strings, with no value.
func TestLibreOfficeUncalculatedFormulas(t *testing.T) {
	var got []string
	for _, c := range sheetCells(t, openCorpus(t, "sheetjs__LONumbers.xlsx").Sheets[0]) {
		if strings.HasSuffix(c, "=!"+noCache) {
			got = append(got, c[:strings.IndexByte(c, '=')])
		}
	}
	assertCells(t, got, []string{"C38", "D38", "E38", "F38", "G38", "H38", "I38", "J38"})
}

// TestNumbersYearlessDates: Apple Numbers declares "m/d" as format id 59,
// inside a locale range excelize's GetStyle takes for built-in; the
// workbook's own code makes it a date. 44105 is 2020-10-01.
func TestNumbersYearlessDates(t *testing.T) {
	got := sheetCells(t, openCorpus(t, "sheetjs__Attendance.xlsx").Sheets[0])
	if got[9] != "A3=2020-10-01T00:00:00.000" {
		t.Errorf("A3: got %q", got[9])
	}
}

func TestMergedRanges(t *testing.T) {
	b := openCorpus(t, "calamine__merged_range.xlsx")
	// Sheet1 merges A1:A2, B1:B2, C1:D2, E1:E2 … H1:H2, C3:D3 and C4:D4.
	assertCells(t, sheetCells(t, sheetNamed(t, b, "Sheet1")), []string{
		"A1=A1", "B1=B1", "C1=C1", "D1=C1", "E1=E1", "F1=F1", "G1=G1", "H1=H1",
		"A2=A1", "B2=B1", "C2=C1", "D2=C1", "E2=E1", "F2=F1", "G2=G1", "H2=H1",
		"A3=A3", "B3=B3", "C3=C3", "D3=C3", "E3=E3", "F3=F3", "G3=G3", "H3=H3",
		"A4=A4", "B4=B4", "C4=C4", "D4=C4", "E4=E4", "F4=F4", "G4=G4", "H4=H4",
	})
	// Sheet2 merges A1:A4, B1:B2, C1:D2, C3:D4, E1:E2 and F1:H4.
	assertCells(t, sheetCells(t, sheetNamed(t, b, "Sheet2")), []string{
		"A1=A1", "B1=B1", "C1=C1", "D1=C1", "E1=E1", "F1=F1", "G1=F1", "H1=F1",
		"A2=A1", "B2=B1", "C2=C1", "D2=C1", "E2=E1", "F2=F1", "G2=F1", "H2=F1",
		"A3=A1", "B3=B3", "C3=C3", "D3=C3", "E3=E3", "F3=F1", "G3=F1", "H3=F1",
		"A4=A1", "B4=B4", "C4=C3", "D4=C3", "E4=E4", "F4=F1", "G4=F1", "H4=F1",
	})
}

func TestHiddenSheets(t *testing.T) {
	b := openCorpus(t, "sheetjs__sheet_visibility.xlsx")
	var got []string
	for _, s := range b.Sheets {
		got = append(got, s.Name+map[bool]string{true: " (hidden)"}[s.Hidden])
	}
	assertCells(t, got, []string{"Visible", "Hidden (hidden)", "VeryHidden (hidden)"})
	if rows := collect(t, sheetNamed(t, b, "Hidden")); len(rows) != 2 {
		t.Errorf("hidden sheet: %d rows, want 2", len(rows))
	}
}

func TestChartSheetSkipped(t *testing.T) {
	b := openCorpus(t, "calamine__any_sheets.xlsx")
	var got []string
	for _, s := range b.Sheets {
		got = append(got, s.Name)
	}
	assertCells(t, got, []string{"Visible", "Hidden", "VeryHidden"})
}

func TestTextDecoding(t *testing.T) {
	// A shared string with _x000D_, and a formula's string result that
	// keeps it undecoded in the XML: both become one LF.
	assertCells(t, sheetCells(t, openCorpus(t, "calamine__has_x000D_.xlsx").Sheets[0]), []string{"A1=ABC\nDEF"})
	assertCells(t, sheetCells(t, openCorpus(t, "sheetjs__crlf.xlsx").Sheets[0]), []string{
		"A1=Normal", "B1=abc\ndef", "A2=Formula", "B2=abc\ndef", "A3=Test",
	})
}

func TestStreamWriterTypes(t *testing.T) {
	// node-xlsx-stream: t="d", builtin 18 (time), 9 (percent), a custom
	// percent, builtin 46 (a duration: stays a number), booleans, entities.
	assertCells(t, sheetCells(t, openCorpus(t, "sheetjs__xlsx-stream-d-date-cell.xlsx").Sheets[0]), []string{
		"A1=String", "B1=てすと", "C1=&'\";<>", "D1=&amp;",
		"A2=Integer", "B2=1", "C2=2", "D2=-3",
		"A3=Float", "B3=1.5", "C3=0.3", "D3=1.23456789e+22",
		"A4=Boolean", "B4=TRUE", "C4=FALSE",
		"A5=Date", "B5=2014-02-14T08:27:48.765",
		"A6=2 Decimals Built-in format #2", "B6=1.5",
		"A7=Time Built-in format #18", "B7=1900-01-01T12:00:00.000",
		"A8=Percentage Built-in format #9", "B8=0.5%",
		"A9=Percentage Custom format", "B9=0.5%",
		"A10=Duration 36 hours format #46", "B10=1.5",
		"A11=Formula", "B11=String1",
		"A12=A simple comment", "B12=cell with comment",
		"A13=A full comment", "B13=cell with comment",
	})
}

func TestOverflowNumericCell(t *testing.T) {
	rows := collect(t, openCorpus(t, "excelize__OverflowNumericCell.xlsx").Sheets[0])
	if c := rows[0].Cells[0]; c.Kind != Number || c.Num != 8595602512225 {
		t.Errorf("got %+v, want the number 8595602512225", c)
	}
}

// collect copies a sheet's rows (Cells is reused from row to row).
func collect(t *testing.T, s *Sheet) []Row {
	t.Helper()
	var rows []Row
	for r := range s.Rows() {
		rows = append(rows, Row{Num: r.Num, Cells: append([]Cell(nil), r.Cells...)})
	}
	if err := s.Err(); err != nil {
		t.Fatal(err)
	}
	return rows
}

var _ = time.UTC

// TestSheetsReadConcurrently: the sheets of one book may be read from
// several goroutines (run with -race); each gives what a lone read gives.
func TestSheetsReadConcurrently(t *testing.T) {
	b := openCorpus(t, "quadriga__h1-anhang.xlsx")
	want := make([][]Row, len(b.Sheets))
	for i, s := range b.Sheets {
		want[i] = collect(t, s)
	}
	got := make([][]Row, len(b.Sheets))
	var wg sync.WaitGroup
	for i, s := range b.Sheets {
		wg.Go(func() {
			for r := range s.Rows() {
				got[i] = append(got[i], Row{Num: r.Num, Cells: slices.Clone(r.Cells)})
			}
		})
	}
	wg.Wait()
	for i, s := range b.Sheets {
		if s.Err() != nil || !reflect.DeepEqual(got[i], want[i]) {
			t.Errorf("%s: concurrent read differs (err %v)", s.Name, s.Err())
		}
	}
}
