// Package export writes the site's tables for spreadsheets: the figures
// table (data/figures.xlsx, `opsreport figures --format xlsx`), a review's
// scorecard (scorecard.csv and scorecard.xlsx beside its page and in its
// pack) and a KPI's history (history.csv on its page).
//
// A Table is built once and written as CSV or as xlsx. CSV cells are the
// figures.csv spellings: plain decimals, no grouping, no unit. xlsx cells
// are typed: numbers are number cells whose number format shows the KPI's
// unit (currency sign, "%", days, counts without decimals), months are
// real date cells shown "mmm yyyy", and status words are text; the header
// row is bold and frozen. Percent KPIs keep the value figures.csv holds
// (97.5 for 97.5%) and show a literal "%", so the two files agree cell for
// cell.
//
// The same table gives byte-identical files. excelize v2.11.0 does not
// stamp the clock (its template's document dates are 2006-09-16 and its
// creator "xuri"); XLSX sets opsreport's own fixed dates and creator
// anyway, so no later version can bring the clock in unnoticed
// (TestScorecardXLSXCells checks them).
package export

import (
	"bytes"
	"encoding/csv"
	"time"

	"github.com/opsreport/opsreport/internal/kpi"
)

// Table is a header and rows of cells, one sheet of a workbook.
type Table struct {
	Sheet   string   // the sheet's name in a workbook
	Columns []Column // the header
	Rows    [][]Cell
}

// Column is a header cell and the width of its column in a workbook.
type Column struct {
	Name  string
	Width float64 // in characters; 0 for the default
}

// Kind is what a cell holds in a workbook.
type Kind int

const (
	Empty  Kind = iota // no value: an empty field, an empty cell
	Text               // a text cell
	Number             // a number cell, shown by Format
	Date               // a date cell (the first of Time's month), shown by Format
)

// Cell is one value of a table.
type Cell struct {
	Kind   Kind
	Text   string    // what CSV writes, and a text cell's value
	Number float64   // a number cell's value
	Time   time.Time // a date cell's value
	Format string    // the number format of a number or date cell
}

// TextCell is a text cell; an empty string is an empty cell.
func TextCell(s string) Cell {
	if s == "" {
		return Cell{}
	}
	return Cell{Kind: Text, Text: s}
}

// CSV writes the table as CSV: the header, then each row's Text. A text
// cell that a spreadsheet would run as a formula (=, +, -, @) is written
// with a ' before it (CSV injection: a KPI named =HYPERLINK(...) stays a
// name); numbers are written as they are, negatives included.
func (t *Table) CSV() []byte {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	header := make([]string, len(t.Columns))
	for i, c := range t.Columns {
		header[i] = c.Name
	}
	w.Write(header)
	rec := make([]string, len(t.Columns))
	for _, row := range t.Rows {
		for i := range rec {
			rec[i] = ""
			if i < len(row) {
				rec[i] = row[i].Text
				if row[i].Kind == Text {
					rec[i] = kpi.DefuseCell(rec[i])
				}
			}
		}
		w.Write(rec)
	}
	w.Flush() // writing to memory cannot fail
	return b.Bytes()
}
