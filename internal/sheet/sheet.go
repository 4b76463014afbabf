// Package sheet reads .xlsx/.xlsm workbooks and .csv files into sheets of
// typed cells that keep their position. It knows cells, not KPIs: deciding
// what a header means is the kpi package's job.
//
// A sheet is streamed row by row (Rows), so reading a large sheet does not
// hold it in memory. Problems with a file itself (damaged, encrypted, not a
// workbook, a binary posing as CSV) come back as diag.Diagnostic errors that
// name the file and say what is wrong in plain words.
//
// Rules worth knowing:
//   - A workbook number is a Date when its style's number format is a date
//     format (built-in ids 14–22, 27–36, 45, 47, 50–58, or a custom code with
//     y/m/d/h/s outside quotes and brackets), and Percent when the format has
//     a % outside quotes. Elapsed formats ([h]:mm:ss, built-in 46) stay
//     numbers: they are durations in days. Display strings are never parsed.
//   - A formula cell holds its cached value; one with none (no <v>, or an
//     empty one that is not a string result) is an Error cell "formula has
//     no cached value"; an empty string result (=IF(x,"",…)) is empty;
//     cached errors keep their code (#N/A).
//   - Number formats come from the workbook's own codes first: Apple
//     Numbers declares "m/d" under id 59, which excelize's GetStyle takes
//     for a built-in locale format.
//   - A merged range starting in the first 50 rows has its top-left value
//     copied into each of its cells, so multi-level headers read whole;
//     merges further down are left as written.
//   - A workbook in which no sheet holds a value, or a CSV file with no
//     non-blank field, is refused ("has no data"), so a file never yields
//     nothing silently. Empty sheets of a workbook with data are fine.
//   - CSV cells are Text; a field of only spaces is empty. A cell's Row is
//     the line its field starts on, Col its field number.
package sheet

import (
	"iter"
	"strconv"
	"time"

	"github.com/opsreport/opsreport/internal/diag"
)

// Kind is what a cell holds.
type Kind uint8

const (
	Empty  Kind = iota
	Number      // Num; Percent tells a cell formatted as a percentage
	Text        // Text
	Date        // Time (and Num holds the serial for workbook dates)
	Bool        // Num is 1 or 0
	Error       // Text is the error code ("#DIV/0!") or a plain reason ("formula has no cached value")
)

// Cell is one cell's value and where it stands. Row and Col are 1-based:
// a workbook's row and column, or a CSV file's line and field number.
type Cell struct {
	Row, Col int
	Kind     Kind
	Num      float64
	Text     string
	Time     time.Time
	Percent  bool // the number format shows a percentage (0.975 shown as 97.5%)
}

// Row is one row of a sheet. Cells holds the non-empty cells in column
// order; its backing array may be reused by the next row, so keep a copy.
type Row struct {
	Num   int
	Cells []Cell
}

// Sheet is one table: a worksheet of a workbook or a whole CSV file.
type Sheet struct {
	File   string // slash path relative to the site, as messages show it
	Name   string // worksheet name; for a CSV file, its base name without extension
	CSV    bool
	Hidden bool
	rows   func(yield func(Row) bool) error
	err    error
}

// NewSheet returns an in-memory sheet, for tests and generated data.
func NewSheet(file, name string, csv bool, rows []Row) *Sheet {
	return &Sheet{File: file, Name: name, CSV: csv, rows: func(yield func(Row) bool) error {
		for _, r := range rows {
			if !yield(r) {
				return nil
			}
		}
		return nil
	}}
}

// Rows streams the sheet's rows in order. After the loop, Err reports a
// problem that stopped the reading early.
func (s *Sheet) Rows() iter.Seq[Row] {
	return func(yield func(Row) bool) {
		if s.rows != nil {
			s.err = s.rows(yield)
		}
	}
}

// Err is the problem that ended the last Rows loop early, if any; a problem
// with the file is a diag.Diagnostic.
func (s *Sheet) Err() error { return s.err }

// Pos is the position of the cell at row and column (1-based):
// "data/m.xlsx: Monthly!C14" for a workbook, "data/m.csv:14:3" for CSV.
func (s *Sheet) Pos(row, col int) diag.Pos {
	if s.CSV {
		return diag.Pos{File: s.File, Line: row, Col: col}
	}
	return diag.Pos{File: s.File, Sheet: s.Name, Cell: CellName(row, col)}
}

// CellPos is s.Pos(c.Row, c.Col).
func (s *Sheet) CellPos(c Cell) diag.Pos { return s.Pos(c.Row, c.Col) }

// CellName is the A1-style name of a 1-based row and column.
func CellName(row, col int) string {
	var letters []byte
	for col > 0 {
		col--
		letters = append([]byte{byte('A' + col%26)}, letters...)
		col /= 26
	}
	return string(letters) + strconv.Itoa(row)
}
