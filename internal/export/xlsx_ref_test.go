package export

import (
	"bytes"
	"fmt"
	"time"

	"github.com/xuri/excelize/v2"
)

// refXLSX is the workbook writer opsreport used before it wrote the
// package itself: excelize's stream writer, cell by cell. It stays here as
// the reference the hand-written workbooks are compared with.
func refXLSX(t *Table) ([]byte, error) {
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetDocProps(&excelize.DocProperties{Created: fixedTime, Modified: fixedTime, Creator: "opsreport"}); err != nil {
		return nil, err
	}
	if err := f.SetSheetName("Sheet1", t.Sheet); err != nil {
		return nil, err
	}
	sw, err := f.NewStreamWriter(t.Sheet)
	if err != nil {
		return nil, err
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft",
		Selection: []excelize.Selection{{SQRef: "A2", ActiveCell: "A2", Pane: "bottomLeft"}}}); err != nil {
		return nil, err
	}
	for i, c := range t.Columns {
		if c.Width > 0 {
			if err := sw.SetColWidth(i+1, i+1, c.Width); err != nil {
				return nil, err
			}
		}
	}
	ids := map[string]int{}
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		return nil, err
	}
	header := make([]any, len(t.Columns))
	for i, c := range t.Columns {
		header[i] = excelize.Cell{StyleID: bold, Value: c.Name}
	}
	if err := sw.SetRow("A1", header); err != nil {
		return nil, err
	}
	for r, row := range refRows(t) {
		vals := make([]any, len(row))
		for i, c := range row {
			switch c.Kind {
			case Text:
				vals[i] = c.Text
			case Number, Date:
				id, ok := ids[c.Format]
				if !ok {
					format := c.Format
					if id, err = f.NewStyle(&excelize.Style{CustomNumFmt: &format}); err != nil {
						return nil, fmt.Errorf("number format %q: %w", c.Format, err)
					}
					ids[c.Format] = id
				}
				if c.Kind == Date {
					vals[i] = excelize.Cell{StyleID: id, Value: time.Date(c.Month.Year, time.Month(c.Month.Month), 1, 0, 0, 0, 0, time.UTC)}
				} else {
					vals[i] = excelize.Cell{StyleID: id, Value: c.Number}
				}
			}
		}
		cell, _ := excelize.CoordinatesToCellName(1, r+2)
		if err := sw.SetRow(cell, vals); err != nil {
			return nil, err
		}
	}
	if err := sw.Flush(); err != nil {
		return nil, err
	}
	var b bytes.Buffer
	err = f.Write(&b)
	return b.Bytes(), err
}

// refRows are the table's rows as cells.
func refRows(t *Table) [][]Cell {
	rows := make([][]Cell, t.Len())
	for i := range rows {
		rows[i] = t.Row(i)
	}
	return rows
}
