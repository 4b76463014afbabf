package sheet

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/opsreport/opsreport/internal/diag"
)

// corpusFS finds /work/shared/corpus/xlsx by walking up from the package
// directory. Without it the corpus tests skip, except on CI where a
// missing corpus is a failure.
func corpusFS(t *testing.T) fs.FS {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		cand := filepath.Join(dir, "shared", "corpus", "xlsx")
		if st, err := os.Stat(cand); err == nil && st.IsDir() {
			return os.DirFS(cand)
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			break
		}
		dir = parent
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("the spreadsheet corpus (shared/corpus/xlsx above the module) is missing")
	}
	t.Skip("the spreadsheet corpus (shared/corpus/xlsx above the module) is not here; skipping")
	return nil
}

// corpusOutcomes is what reading each corpus file must give: "" for a file
// that yields rows, or the whole diagnostic message after "file: ".
var corpusOutcomes = []struct{ file, want string }{
	{"calamine__any_sheets.xlsx", ""},
	{"calamine__date.xlsx", ""},
	{"calamine__date_1904.xlsx", ""},
	{"calamine__date_iso.xlsx", ""},
	{"calamine__date_quoted_format.xlsx", ""},
	{"calamine__empty_sheet.xlsx", "has no data: every sheet is empty"},
	{"calamine__errors.xlsx", ""},
	{"calamine__has_x000D_.xlsx", ""},
	{"calamine__header-row.xlsx", ""},
	{"calamine__inlineStr_with_value.xlsx", ""},
	{"calamine__issue446.xlsx", ""},
	{"calamine__issue_174.xlsx", ""},
	{"calamine__issue_261.xlsx", ""},
	{"calamine__issue_261_fixed_by_excel.xlsx", ""},
	{"calamine__issue_530.xlsx", ""},
	{"calamine__issue_553.xlsx", ""},
	{"calamine__merged_range.xlsx", ""},
	{"calamine__minimal_package.xlsx", ""},
	{"calamine__no-header.xlsx", ""},
	{"calamine__nonstandard-xml-ns-prefix.xlsx", ""},
	{"calamine__pass_protected.xlsx", "is password-protected (encrypted workbook)"},
	{"calamine__pivots.xlsx", ""},
	{"calamine__shared_formula_simple.xlsx", ""},
	{"calamine__strict_iso_paths.xlsx", ""},
	{"calamine__table-multiple.xlsx", ""},
	{"calamine__temperature-in-middle.xlsx", ""},
	{"calamine__vba.xlsm", "has no data: every sheet is empty"},
	{"derived__empty__0-bytes.xlsx", "is empty (0 bytes)"},
	{"derived__truncated__formula_stress_test.xlsx", "is damaged: not a valid zip archive"},
	{"derived__xls-renamed__crlf.xlsx", "is an old-style .xls workbook, not .xlsx"},
	{"excelize__BadWorkbook.xlsx", "is damaged: it has no worksheets"},
	{"excelize__Book1.xlsx", ""},
	{"excelize__OverflowNumericCell.xlsx", ""},
	{"excelize__encryptAES.xlsx", "is password-protected (encrypted workbook)"},
	{"excelize__encryptSHA1.xlsx", "is password-protected (encrypted workbook)"},
	{"messytables__211.csv", ""},
	{"messytables__begrotingsanalyse-2011.csv", ""},
	{"messytables__bian-anal-mca-2005-dols-eng-1011-0312-tab3.xlsm", ""},
	{"messytables__characters.csv", ""},
	{"messytables__excel_pasting.csv", ""},
	{"messytables__mixedGLB.csv", ""},
	{"messytables__simple.ssv", ""},
	{"messytables__simple.xlsx", ""},
	{"messytables__spanish_chars.csv", ""},
	{"messytables__sw_gen.xlsx", ""},
	{"messytables__utf-16le_encoded.csv", ""},
	{"messytables__utf8bom.csv", ""},
	{"messytables__weird_head_padding.csv", ""},
	{"quadriga__h1-anhang.xlsx", ""},
	{"sheetjs__1900.xlsx", ""},
	{"sheetjs__1904.xlsx", ""},
	{"sheetjs__Attendance.xlsx", ""},
	{"sheetjs__DataTypesFormats.xlsx", ""},
	{"sheetjs__LONumbers.xlsx", ""},
	{"sheetjs__crlf.csv", ""},
	{"sheetjs__crlf.xlsx", ""},
	{"sheetjs__defined_names_unicode.xlsx", ""},
	{"sheetjs__formula_stress_test.xlsx", ""},
	{"sheetjs__hyperlink_no_rels.xlsx", ""},
	{"sheetjs__issue.xlsx", ""},
	{"sheetjs__large_strings.xlsx", ""},
	{"sheetjs__metadata_2019.xlsx", ""},
	{"sheetjs__minimal_112.xlsx", ""},
	{"sheetjs__number_format.xlsm", ""},
	{"sheetjs__numfmt_1_russian.xlsm", ""},
	{"sheetjs__pivot_table_test.xlsm", ""},
	{"sheetjs__sheet_visibility.xlsx", ""},
	{"sheetjs__sheet_visibility_strict.xlsx", ""},
	{"sheetjs__wps_fn.xlsx", ""},
	{"sheetjs__wtf_path.xlsx", ""},
	{"sheetjs__xlsx-stream-d-date-cell.xlsx", ""},
	{"sheetjs__חישוב_נקודות_זיכוי.xlsx", ""},
}

// TestCorpus reads every file of the corpus: each yields sheets with rows
// and no error, or fails with a diagnostic that names the file and says
// what is wrong. No file may give zero rows silently.
func TestCorpus(t *testing.T) {
	fsys := corpusFS(t)
	names, err := fs.Glob(fsys, "*")
	if err != nil {
		t.Fatal(err)
	}
	names = slices.DeleteFunc(names, func(n string) bool { return n == "README.md" })
	var listed []string
	for _, o := range corpusOutcomes {
		listed = append(listed, o.file)
	}
	if !slices.Equal(names, listed) {
		t.Errorf("corpus files and the outcome table differ:\nfiles %q\ntable %q", names, listed)
	}
	for _, o := range corpusOutcomes {
		t.Run(o.file, func(t *testing.T) {
			got := readOutcome(fsys, o.file)
			want := "ok"
			if o.want != "" {
				want = o.file + ": " + o.want
			}
			if got != want {
				t.Errorf("got  %s\nwant %s", got, want)
			}
		})
	}
}

// readOutcome is "ok" when every sheet reads without error and some sheet
// has a row, or the diagnostic otherwise (anything else is reported as a
// non-diagnostic error).
func readOutcome(fsys fs.FS, name string) string {
	b, err := Open(fsys, name)
	if err != nil {
		var d diag.Diagnostic
		if !errors.As(err, &d) || d.Pos != (diag.Pos{File: name}) {
			return fmt.Sprintf("not a file diagnostic: %#v", err)
		}
		return d.String()
	}
	defer b.Close()
	rows := 0
	for _, s := range b.Sheets {
		for r := range s.Rows() {
			if len(r.Cells) == 0 {
				return fmt.Sprintf("%s: row %d has no cells", s.Name, r.Num)
			}
			rows++
		}
		if s.Err() != nil {
			return s.Err().Error()
		}
	}
	if rows == 0 {
		return "no rows and no diagnostic"
	}
	return "ok"
}

// cellString renders a cell compactly for table tests: numbers as %g
// (with % for percentage formats), dates as ISO text, bools as TRUE/FALSE,
// errors as "!" and their text.
func cellString(c Cell) string {
	switch c.Kind {
	case Number:
		if c.Percent {
			return fmt.Sprintf("%g%%", c.Num)
		}
		return fmt.Sprintf("%g", c.Num)
	case Date:
		return c.Time.Format("2006-01-02T15:04:05.000")
	case Bool:
		return map[float64]string{1: "TRUE", 0: "FALSE"}[c.Num]
	case Error:
		return "!" + c.Text
	}
	return c.Text
}

// sheetCells reads a sheet into "A1=value" strings, in row order.
func sheetCells(t *testing.T, s *Sheet) []string {
	t.Helper()
	var out []string
	for r := range s.Rows() {
		for _, c := range r.Cells {
			if c.Row != r.Num && !s.CSV {
				t.Errorf("cell %v in row %d", c, r.Num)
			}
			out = append(out, CellName(c.Row, c.Col)+"="+cellString(c))
		}
	}
	if err := s.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

func openCorpus(t *testing.T, name string) *Book {
	t.Helper()
	b, err := Open(corpusFS(t), name)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { b.Close() })
	return b
}

func sheetNamed(t *testing.T, b *Book, name string) *Sheet {
	t.Helper()
	for _, s := range b.Sheets {
		if s.Name == name {
			return s
		}
	}
	t.Fatalf("%s has no sheet %q", b.File, name)
	return nil
}

func assertCells(t *testing.T, got, want []string) {
	t.Helper()
	if !slices.Equal(got, want) {
		t.Errorf("cells\ngot  %q\nwant %q", got, want)
	}
}

var _ = strings.Join
var _ = time.UTC
