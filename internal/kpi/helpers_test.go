package kpi

import (
	"fmt"
	"time"

	"github.com/opsreport/opsreport/internal/sheet"
)

// Test sheets are written as rows of Go values: string is a text cell ("" is
// no cell), float64 or int a number cell, pctCell a percentage-formatted
// number, dateCell a date, errCell an error cell, nil no cell.
type (
	rowSpec  []any
	pctCell  float64
	errCell  string
	dateCell time.Time
)

func row(vals ...any) rowSpec { return vals }

func day(y, m, d int) dateCell { return dateCell(time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)) }

func mkSheet(file, name string, csv bool, rows ...rowSpec) *sheet.Sheet {
	var out []sheet.Row
	for i, r := range rows {
		sr := sheet.Row{Num: i + 1}
		for j, v := range r {
			if c, ok := mkCell(v); ok {
				c.Row, c.Col = i+1, j+1
				sr.Cells = append(sr.Cells, c)
			}
		}
		out = append(out, sr)
	}
	return sheet.NewSheet(file, name, csv, out)
}

func mkCell(v any) (sheet.Cell, bool) {
	switch v := v.(type) {
	case nil:
		return sheet.Cell{}, false
	case string:
		return sheet.Cell{Kind: sheet.Text, Text: v}, v != ""
	case float64:
		return sheet.Cell{Kind: sheet.Number, Num: v}, true
	case int:
		return sheet.Cell{Kind: sheet.Number, Num: float64(v)}, true
	case pctCell:
		return sheet.Cell{Kind: sheet.Number, Num: float64(v), Percent: true}, true
	case dateCell:
		return sheet.Cell{Kind: sheet.Date, Time: time.Time(v)}, true
	case errCell:
		return sheet.Cell{Kind: sheet.Error, Text: string(v)}, true
	case bool:
		n := 0.0
		if v {
			n = 1
		}
		return sheet.Cell{Kind: sheet.Bool, Num: n}, true
	}
	panic(fmt.Sprintf("mkCell: %T", v))
}
