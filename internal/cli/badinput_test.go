package cli

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

const catalogYAML = `- id: nps
  name: Net Promoter Score
  function: Customer
  unit: number
  target: 40
- id: uptime
  name: Uptime
  function: Operations
  unit: percent
  target: 99.9
`

// workbook builds an xlsx whose Monthly sheet holds rows from A1.
func workbook(t *testing.T, rows [][]any, edit func(f *excelize.File)) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	f.SetSheetName("Sheet1", "Monthly")
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow("Monthly", cell, &r); err != nil {
			t.Fatal(err)
		}
	}
	if edit != nil {
		edit(f)
	}
	var b bytes.Buffer
	if err := f.Write(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func corpusFile(t *testing.T, name string) []byte {
	t.Helper()
	for dir := "."; ; dir = filepath.Join(dir, "..") {
		p := filepath.Join(dir, "shared", "corpus", "xlsx", name)
		if b, err := os.ReadFile(p); err == nil {
			return b
		}
		if abs, _ := filepath.Abs(dir); abs == "/" {
			break
		}
	}
	if os.Getenv("CI") == "true" {
		t.Fatalf("shared/corpus/xlsx/%s not found", name)
	}
	t.Skipf("shared/corpus/xlsx/%s not found (the team's shared folder is not beside the repository)", name)
	return nil
}

// zipBomb is a workbook whose one sheet claims to inflate to far more than
// any real sheet. (A bomb whose header lies is caught while reading; the
// sheet package's own tests cover that.)
func zipBomb(t *testing.T) []byte {
	t.Helper()
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	parts := map[string]string{
		"[Content_Types].xml":        `<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`,
		"_rels/.rels":                `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
		"xl/workbook.xml":            `<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Monthly" sheetId="1" r:id="rId1"/></sheets></workbook>`,
		"xl/_rels/workbook.xml.rels": `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`,
	}
	for _, name := range []string{"[Content_Types].xml", "_rels/.rels", "xl/workbook.xml", "xl/_rels/workbook.xml.rels"} {
		w, _ := zw.Create(name)
		w.Write([]byte(parts[name]))
	}
	// The sheet's header declares 2 GB unpacked, as a real bomb's does;
	// the bytes behind it are a small deflate stream.
	var body bytes.Buffer
	fw, _ := flate.NewWriter(&body, flate.BestSpeed)
	fw.Write([]byte(`<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData></sheetData></worksheet>`))
	fw.Close()
	w, _ := zw.CreateRaw(&zip.FileHeader{Name: "xl/worksheets/sheet1.xml", Method: zip.Deflate,
		CompressedSize64: uint64(body.Len()), UncompressedSize64: 2 << 30, CRC32: 0})
	w.Write(body.Bytes())
	zw.Close()
	return b.Bytes()
}

// TestBadInput gives one site per kind of bad input of SPEC section 8: check
// and build print exactly the expected message with its position, exit 1,
// and write nothing.
func TestBadInput(t *testing.T) {
	header := []any{"Month", "nps", "uptime"}
	tests := []struct {
		name  string
		files map[string]func(t *testing.T) []byte
		want  string
	}{
		{"text in a number cell", map[string]func(*testing.T) []byte{
			"data/metrics.xlsx": func(t *testing.T) []byte {
				return workbook(t, [][]any{header, {"2026-03", "n/a", 99.9}}, nil)
			}},
			`data/metrics.xlsx: Monthly!B2: "n/a" is not a number (kpi nps, 2026-03)`},
		{"cached error in a value cell", map[string]func(*testing.T) []byte{
			"data/metrics.xlsx": func(t *testing.T) []byte {
				return workbook(t, [][]any{header, {"2026-03", 41, 99.9}}, func(f *excelize.File) {
					f.SetCellFormula("Monthly", "C2", "1/0")
					f.SetCellValue("Monthly", "C2", "#DIV/0!")
				})
			}},
			`data/metrics.xlsx: Monthly!C2: "#DIV/0!" is not a number (kpi uptime, 2026-03)`},
		{"a period that is not a month", map[string]func(*testing.T) []byte{
			"data/values.csv": func(*testing.T) []byte { return []byte("kpi,period,actual\nnps,2026-13,41\n") }},
			`data/values.csv:2:2: "2026-13" is not a month (write 2026-10, Oct 2026 or 10/2026)`},
		{"a header naming no KPI", map[string]func(*testing.T) []byte{
			"data/values.csv": func(*testing.T) []byte { return []byte("Month,nps,uptme\n2026-03,41,99.9\n") }},
			`data/values.csv:1:3: unknown KPI "uptme" in header (did you mean "uptime"?)`},
		{"a value given twice", map[string]func(*testing.T) []byte{
			"data/a.csv": func(*testing.T) []byte { return []byte("kpi,period,actual\nnps,2026-03,41\n") },
			"data/b.csv": func(*testing.T) []byte { return []byte("Month,nps\nMar 2026,42\n") }},
			`data/b.csv:2:2: actual given twice for kpi nps, 2026-03 (first at data/a.csv:2:3)`},
		{"encrypted workbook", map[string]func(*testing.T) []byte{
			"data/metrics.xlsx": func(t *testing.T) []byte { return corpusFile(t, "calamine__pass_protected.xlsx") }},
			`data/metrics.xlsx: is password-protected (encrypted workbook)`},
		{"corrupt workbook", map[string]func(*testing.T) []byte{
			"data/metrics.xlsx": func(t *testing.T) []byte { return corpusFile(t, "derived__truncated__formula_stress_test.xlsx") }},
			`data/metrics.xlsx: is damaged: not a valid zip archive`},
		{"an .xls under an .xlsx name", map[string]func(*testing.T) []byte{
			"data/metrics.xlsx": func(t *testing.T) []byte { return corpusFile(t, "derived__xls-renamed__crlf.xlsx") }},
			`data/metrics.xlsx: is an old-style .xls workbook, not .xlsx`},
		{"empty workbook file", map[string]func(*testing.T) []byte{
			"data/metrics.xlsx": func(*testing.T) []byte { return nil }},
			`data/metrics.xlsx: is empty (0 bytes)`},
		{"binary file posing as CSV", map[string]func(*testing.T) []byte{
			"data/values.csv": func(*testing.T) []byte {
				return []byte("\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x03\x00>\x00")
			}},
			`data/values.csv: is not a text CSV file (binary content)`},
		{"huge cell", map[string]func(*testing.T) []byte{
			"data/values.csv": func(*testing.T) []byte {
				return []byte("kpi,period,actual,comment\nnps,2026-03,41," + strings.Repeat("x", 2<<20) + "\n")
			}},
			`data/values.csv:2:4: field is over 1 MB`},
		{"an unclosed quote in a values file", map[string]func(*testing.T) []byte{
			"data/values.csv": func(*testing.T) []byte {
				return []byte("kpi,period,actual,comment\nnps,2026-03,41,\"steady\nnps,2026-04,42,\nnps,2026-05,43,\n")
			}},
			`data/values.csv:2:4: is not valid CSV: the quoted field that opens here is never closed`},
		{"an unclosed quote in the action log", map[string]func(*testing.T) []byte{
			"data/values.csv": func(*testing.T) []byte { return []byte("kpi,period,actual\nnps,2026-03,41\n") },
			"data/actions.csv": func(*testing.T) []byte {
				return []byte("id,title,owner,due,status,raised,closed\nA1,\"Fix, billing,Ann,2026-04-30,open,2026-03,\nA2,Hire,Bo,2026-05-31,open,2026-03,\n")
			}},
			`data/actions.csv:2:2: is not valid CSV: the quoted field that opens here is never closed`},
		{"zip bomb", map[string]func(*testing.T) []byte{"data/metrics.xlsx": zipBomb},
			`data/metrics.xlsx: is too large when unpacked (over 1024 MB; a zip bomb?)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			os.MkdirAll(filepath.Join(dir, "data"), 0o755)
			os.WriteFile(filepath.Join(dir, "data", "kpis.yaml"), []byte(catalogYAML), 0o644)
			for name, mk := range tt.files {
				os.WriteFile(filepath.Join(dir, name), mk(t), 0o644)
			}
			before, _ := treeHash(dir)
			for _, cmd := range []string{"check", "build"} {
				code, stdout, stderr := run(cmd, "-s", dir)
				first, _, _ := strings.Cut(stderr, "\n")
				if code != 1 || first != tt.want || stdout != "" {
					t.Errorf("%s: exit %d, stdout %q\nstderr:\n%s\nwant first line:\n%s", cmd, code, stdout, stderr, tt.want)
				}
			}
			if after, _ := treeHash(dir); after != before {
				t.Error("a failed command wrote into the site folder")
			}
		})
	}
}
