package cli

import (
	"io"

	"github.com/opsreport/opsreport/internal/export"
	"github.com/opsreport/opsreport/internal/kpi"
)

// writeFiguresXLSX writes the figures table as the site's data/figures.xlsx
// is written (package export): one sheet, Figures, with figures.csv's
// columns, months as date cells, numbers formatted by the KPI's unit, the
// status as text and the header row frozen.
func writeFiguresXLSX(w io.Writer, figs []kpi.Figure, currency string) error {
	return export.FiguresTable(figs, export.Formats{Currency: currency}).XLSX(w)
}
