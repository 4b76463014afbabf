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
// A table's rows are made as they are written, one at a time into the same
// cells, and written straight into the file's bytes: the largest site's
// figures table is 60,000 rows, and a cell of strings per figure was most
// of what writing it allocated.
//
// The same table gives byte-identical files: the workbook's document
// dates, creator and zip times are fixed (fixedTime), never the clock's.
package export

import (
	"math"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/opsreport/opsreport/internal/kpi"
)

// Table is a header and rows of cells, one sheet of a workbook.
type Table struct {
	Sheet   string   // the sheet's name in a workbook
	Columns []Column // the header
	n       int
	fill    func(i int, row []Cell) // sets row i's cells; row has a cell per column
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
	Date               // a date cell (the first day of Month), shown by Format
)

// Cell is one value of a table. CSV writes a text cell's Text, a number
// as figures.csv does (kpi.PlainNumber) and a month as "2026-10".
type Cell struct {
	Kind   Kind
	Text   string     // a text cell's value
	Number float64    // a number cell's value
	Month  kpi.Period // a date cell's month
	Format string     // the number format of a number or date cell
}

// TextCell is a text cell; an empty string is an empty cell.
func TextCell(s string) Cell {
	if s == "" {
		return Cell{}
	}
	return Cell{Kind: Text, Text: s}
}

// Len is the number of rows.
func (t *Table) Len() int { return t.n }

// Row is row i's cells (0 is the first row after the header).
func (t *Table) Row(i int) []Cell {
	row := make([]Cell, len(t.Columns))
	t.fill(i, row)
	return row
}

// CSV writes the table as CSV, as encoding/csv writes it: the header, then
// each row. A text cell that a spreadsheet would run as a formula (=, +,
// -, @) is written with a ' before it (CSV injection: a KPI named
// =HYPERLINK(...) stays a name, kpi.DefuseCell); numbers are written as
// they are, negatives included.
func (t *Table) CSV() []byte {
	b := make([]byte, 0, 64+t.n*16*len(t.Columns)/2)
	for i, c := range t.Columns {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendCSVField(b, c.Name)
	}
	b = append(b, '\n')
	row := make([]Cell, len(t.Columns))
	for r := 0; r < t.n; r++ {
		t.fill(r, row)
		for i := range row {
			if i > 0 {
				b = append(b, ',')
			}
			b = row[i].appendCSV(b)
		}
		b = append(b, '\n')
	}
	return b
}

func (c *Cell) appendCSV(b []byte) []byte {
	switch c.Kind {
	case Text:
		s := c.Text
		if s[0] == '\'' || strings.IndexByte("=+-@\t\r", s[0]) >= 0 {
			s = kpi.DefuseCell(s) // only text starting so can change
		}
		return appendCSVField(b, s)
	case Number:
		return appendNumber(b, c.Number)
	case Date:
		return appendMonth(b, c.Month)
	}
	return b
}

// appendNumber writes v as kpi.PlainNumber does (strconv's shortest 'f'
// form), whole numbers by the faster integer path: most of a table's
// numbers are whole.
func appendNumber(b []byte, v float64) []byte {
	if v == math.Trunc(v) && math.Abs(v) < 1e15 && (v != 0 || !math.Signbit(v)) {
		return strconv.AppendInt(b, int64(v), 10)
	}
	return strconv.AppendFloat(b, v, 'f', -1, 64)
}

// appendMonth is kpi.Period.String: "2026-10".
func appendMonth(b []byte, p kpi.Period) []byte {
	if p.Year < 0 || p.Year > 9999 {
		return append(b, p.String()...)
	}
	y := p.Year
	b = append(b, byte('0'+y/1000), byte('0'+y/100%10), byte('0'+y/10%10), byte('0'+y%10), '-')
	if p.Month < 0 || p.Month > 99 {
		return strconv.AppendInt(b, int64(p.Month), 10)
	}
	return append(b, byte('0'+p.Month/10), byte('0'+p.Month%10))
}

// appendCSVField writes a field as encoding/csv's Writer does with a comma
// and "\n" line ends: quoted when it holds a comma, quote, CR or LF, starts
// with white space or is `\.`, with its quotes doubled.
func appendCSVField(b []byte, s string) []byte {
	if !csvNeedsQuotes(s) {
		return append(b, s...)
	}
	b = append(b, '"')
	for {
		i := strings.IndexByte(s, '"')
		if i < 0 {
			break
		}
		b = append(b, s[:i+1]...)
		b = append(b, '"')
		s = s[i+1:]
	}
	b = append(b, s...)
	return append(b, '"')
}

func csvNeedsQuotes(s string) bool {
	if s == "" {
		return false
	}
	if s == `\.` {
		return true
	}
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '\n', '\r', '"', ',':
			return true
		}
	}
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsSpace(r)
}
