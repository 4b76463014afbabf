package sheet

import (
	"errors"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/opsreport/opsreport/internal/diag"
)

func TestCorpusCSV(t *testing.T) {
	tests := []struct {
		file string
		rows int
		want []string // the first cells, in order
	}{
		// UTF-8 BOM, CRLF records, quoted fields holding LF and CRLF: a
		// record's Row is the line it starts on.
		{"sheetjs__crlf.csv", 3, []string{"A1=Normal", "B1=abc\ndef", "A3=Formula", "B3=abc\ndef", "A5=Test"}},
		{"messytables__utf8bom.csv", 1, []string{"A1=kitten", "B1=win"}},
		{"messytables__utf-16le_encoded.csv", 328, []string{"A1=Organisation_code", "B1=Organisation_name"}},
		{"messytables__simple.ssv", 7, []string{"A1=date", "B1=temperature", "C1=place", "A2=2011-01-01", "B2=1", "C2=Galway"}},
		// Windows-1252: ó is byte F3.
		{"messytables__spanish_chars.csv", 116, []string{"A1=GF_ID", "B1=FN_ID", "C1=SF_ID", "D1=GF", "E1=F", "F1=SF", "G1=Gasto total 2011", "H1=Descripción", "A2=1", "D2=Gobierno", "G2=229,932.50"}},
		// Lone-CR line endings (old Mac Excel): 3 title lines, then the header.
		{"messytables__mixedGLB.csv", 136, []string{"A1=Combined Land--Ocean Temperature Anomaly (C) CR 1200km 1880 to 2012.", "A2=GLOBAL Temperature Anomalies in .01 C     base period: 1951-1980", "A4=Year", "B4=Jan"}},
	}
	fsys := corpusFS(t)
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			b, err := Open(fsys, tt.file)
			if err != nil {
				t.Fatal(err)
			}
			s := b.Sheets[0]
			if !s.CSV || s.Name != strings.TrimSuffix(strings.TrimSuffix(tt.file, ".csv"), ".ssv") {
				t.Errorf("sheet %q, CSV %v", s.Name, s.CSV)
			}
			got := sheetCells(t, s)
			if n := len(collect(t, s)); n != tt.rows {
				t.Errorf("%d rows, want %d", n, tt.rows)
			}
			assertCells(t, got[:min(len(got), len(tt.want))], tt.want)
		})
	}
}

// TestWeirdHeadPadding: semicolons found on the data lines, metadata
// lines "Key:;Value", and blank padded fields read as empty.
func TestWeirdHeadPadding(t *testing.T) {
	b, err := Open(corpusFS(t), "messytables__weird_head_padding.csv")
	if err != nil {
		t.Fatal(err)
	}
	byLine := map[int][]string{}
	for _, r := range collect(t, b.Sheets[0]) {
		for _, c := range r.Cells {
			byLine[r.Num] = append(byLine[r.Num], CellName(c.Row, c.Col)+"="+c.Text)
		}
	}
	assertCells(t, byLine[7], []string{"A7=Region:", "B7=Deutschland"})
	assertCells(t, byLine[12][:3], []string{"B12=1985", "C12=1993", "D12=2000"})
	assertCells(t, byLine[14][:3], []string{"A14=      Gefäßchirurgie", "B14=.", "C14=379"})
}

func openMap(t *testing.T, name, content string) (*Book, error) {
	t.Helper()
	return Open(fstest.MapFS{name: {Data: []byte(content)}}, name)
}

func TestCSVDetection(t *testing.T) {
	tests := []struct {
		name, in string
		want     []string
	}{
		{"title line with commas, data with semicolons",
			"Report, 2026, draft\nmonth;arr;nps\n2026-01;1,5;2\n2026-02;3;4\n",
			[]string{"A1=Report, 2026, draft", "A2=month", "B2=arr", "C2=nps", "A3=2026-01", "B3=1,5", "C3=2", "A4=2026-02", "B4=3", "C4=4"}},
		{"tabs", "a\tb\n1\t2\n", []string{"A1=a", "B1=b", "A2=1", "B2=2"}},
		{"commas in quotes do not count", "\"1,5\";x\n\"2,5\";y\n", []string{"A1=1,5", "B1=x", "A2=2,5", "B2=y"}},
		{"windows-1252", "caf\xe9,\x80 5\n", []string{"A1=café", "B1=€ 5"}},
		{"utf-16 big endian", "\xfe\xff\x00a\x00,\x00b\x00\n", []string{"A1=a", "B1=b"}},
		{"utf-16 little endian", "\xff\xfea\x00,\x00\xe9\x00\n\x00", []string{"A1=a", "B1=é"}},
		{"lone CR and CRLF", "a,b\r1,2\r\n3,4", []string{"A1=a", "B1=b", "A2=1", "B2=2", "A3=3", "B3=4"}},
		{"ragged rows and empty fields", "a,,c,\n,x\n\n,,\ny\n", []string{"A1=a", "C1=c", "B2=x", "A5=y"}},
		{"blank padded fields are empty", "a,   ,b\n", []string{"A1=a", "C1=b"}},
		{"bare quote read leniently", "a,b\"c,d\n", []string{"A1=a", "B1=b\"c", "C1=d"}},
		{"bare quotes before a quoted field", "a,b\"c\n\"x,\"\"y\"\"\n z\",2\n", []string{"A1=a", "B1=b\"c", "A2=x,\"y\"\n z", "B3=2"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := openMap(t, "data/x.csv", tt.in)
			if err != nil {
				t.Fatal(err)
			}
			assertCells(t, sheetCells(t, b.Sheets[0]), tt.want)
		})
	}
}

func TestCSVProblems(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"data/x.csv", "", "data/x.csv: is empty (0 bytes)"},
		{"data/x.csv", "\n \n,,\n", "data/x.csv: has no data: every line is empty"},
		{"data/x.csv", "PK\x03\x04\x14\x00\x00\x00\x08\x00", "data/x.csv: is not a text CSV file (binary content)"},
		{"data/x.csv", strings.Repeat("\x01\x02\x03abcdefg", 100), "data/x.csv: is not a text CSV file (binary content)"},
		{"data/x.csv", "a,b\n1," + strings.Repeat("x", maxFieldBytes+1) + "\n", "data/x.csv:2:2: field is over 1 MB"},
		{"data/x.csv", "a,b\n1,\"2\n3,4\n5,6\n", "data/x.csv:2:2: is not valid CSV: the quoted field that opens here is never closed"},
		{"data/x.csv", "a;b\"c\n1;\"2\n3;4\n", "data/x.csv:2:2: is not valid CSV: the quoted field that opens here is never closed"},
		{"data/x.csv", "a,b\n\"x\ny\"z,1\n3,4\n", "data/x.csv:2:1: is not valid CSV: the quoted field that opens here has text after its closing quote on line 3 (a quote inside a quoted field is written \"\")"},
		{"data/x.csv", "a,b\n1,\"", "data/x.csv:2:2: is not valid CSV: the quoted field that opens here is never closed"},
		{"data/notes.md", "# hi", "data/notes.md: is not a spreadsheet (expected .xlsx, .xlsm or .csv)"},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			_, err := openMap(t, tt.name, tt.in)
			var d diag.Diagnostic
			if !errors.As(err, &d) || d.String() != tt.want {
				t.Errorf("got %v, want %s", err, tt.want)
			}
		})
	}
}

func TestPositions(t *testing.T) {
	b, err := openMap(t, "data/x.csv", "a\n\n\n\n\n\nx,y,z\n")
	if err != nil {
		t.Fatal(err)
	}
	s := b.Sheets[0]
	rows := collect(t, s)
	if got := s.CellPos(rows[1].Cells[2]).String(); got != "data/x.csv:7:3" {
		t.Errorf("CSV position %q", got)
	}
	wb := openWorkbookBytes(t, "data/x.xlsx", sheetXML(`<row r="14"><c r="C14" t="inlineStr"><is><t>n/a</t></is></c></row>`))
	c := collect(t, wb.Sheets[0])[0].Cells[0]
	if got := wb.Sheets[0].CellPos(c).String(); got != "data/x.xlsx: Sheet1!C14" {
		t.Errorf("workbook position %q", got)
	}
}

func TestIsLockFile(t *testing.T) {
	for name, want := range map[string]bool{
		"data/~$metrics.xlsx":          true,
		"data/.~lock.metrics.xlsx#":    true,
		"~$x.xlsx":                     true,
		"data/metrics.xlsx":            false,
		"data/.~lock.metrics.xlsx":     false,
		"data/~metrics.xlsx":           false,
		"data/budget~$.xlsx":           false,
		"data/~$dir/metrics.xlsx":      false,
		"data/.~lock.data.csv#":        true,
		"data/lock.metrics.xlsx#":      false,
		"data/2026 ~$ review.csv":      false,
		"data/.~lock.metrics.xlsx#.md": false,
	} {
		if got := IsLockFile(name); got != want {
			t.Errorf("IsLockFile(%q) = %v, want %v", name, got, want)
		}
	}
}
