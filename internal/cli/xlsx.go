package cli

import (
	"io"

	"github.com/xuri/excelize/v2"

	"github.com/opsreport/opsreport/internal/kpi"
)

// writeFiguresXLSX writes the figures table as a workbook with one sheet,
// Figures: the same columns as figures.csv, numbers as number cells and an
// undefined figure as an empty cell, so Excel sums and charts them as is.
func writeFiguresXLSX(w io.Writer, figs []kpi.Figure) error {
	f := excelize.NewFile()
	defer f.Close()
	const name = "Figures"
	if err := f.SetSheetName("Sheet1", name); err != nil {
		return err
	}
	sw, err := f.NewStreamWriter(name)
	if err != nil {
		return err
	}
	header := make([]any, len(kpi.FiguresHeader))
	for i, h := range kpi.FiguresHeader {
		header[i] = h
	}
	if err := sw.SetRow("A1", header, excelize.RowOpts{}); err != nil {
		return err
	}
	for i, fig := range figs {
		row := []any{fig.KPI.ID, fig.PeriodName()}
		for _, v := range kpi.FigureNumbers(fig) {
			if v.OK {
				row = append(row, v.V)
			} else {
				row = append(row, nil)
			}
		}
		row = append(row, string(fig.Status), fig.Streak)
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		if err := sw.SetRow(cell, row); err != nil {
			return err
		}
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	return f.Write(w)
}
