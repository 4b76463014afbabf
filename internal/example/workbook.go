// Package example generates the example site's workbook, data/metrics.xlsx:
// twenty-four months (2024-11 … 2026-10) of a fictional software company,
// Widgetry Labs, whose platform puts Asana, Slack, GitHub and other apps on
// one dashboard of widgets.
//
// The workbook is generated rather than kept by hand so that its numbers
// have a reviewable source (the story's events are named in series.go) and
// so that it is byte-for-byte reproducible: TestWorkbookIsCurrent fails when
// the committed file and this code disagree, and `go test
// ./internal/example -update` rewrites it.
//
// The workbook is laid out the way a finance team keeps one, because the
// engine must read such files: a title and a note above the header, months
// as date cells, some percent KPIs as percent-formatted fractions and others
// as plain points, named headers beside ids, a long comments sheet and a
// README sheet of prose.
package example

import (
	"fmt"

	"github.com/xuri/excelize/v2"

	"github.com/opsreport/opsreport/internal/demo"
)

// Workbook builds the example workbook. The caller owns the file and
// should Close it.
func Workbook() (*excelize.File, error) {
	f := excelize.NewFile()
	w := &writer{f: f}
	w.styles()
	m := build()
	w.readme()
	w.wide("Actuals", actualsTitle, m.actuals)
	w.wide("Targets", nil, m.targets)
	w.wide("Budget", budgetTitle, m.budget)
	w.comments()
	w.finish()
	if w.err != nil {
		f.Close()
		return nil, fmt.Errorf("generate workbook: %w", w.err)
	}
	return f, nil
}

// actualsTitle and budgetTitle are the rows above those sheets' headers.
var (
	actualsTitle = []string{
		"Widgetry Labs — monthly KPI actuals",
		"Source: finance close (Finance), Zendesk and status page (Operations), HRIS (People). Closed on the 5th working day.",
	}
	budgetTitle = []string{"FY budget as approved by the board (FY2025–FY2027, fiscal year from February)"}
)

// writer carries the first excelize error, so the sheet builders read as a
// list of cells rather than a ladder of error checks.
type writer struct {
	f     *excelize.File
	err   error
	style map[string]int // named styles, looked up by the cell builders
}

func (w *writer) check(err error) {
	if w.err == nil && err != nil {
		w.err = err
	}
}

func (w *writer) set(sheet string, col, row int, v any, style string) {
	cell, err := excelize.CoordinatesToCellName(col, row)
	w.check(err)
	if w.err != nil {
		return
	}
	if v != nil {
		w.check(w.f.SetCellValue(sheet, cell, v))
	}
	if style != "" {
		w.check(w.f.SetCellStyle(sheet, cell, cell, w.style[style]))
	}
}

// styles registers every cell style the workbook uses.
func (w *writer) styles() {
	w.style = map[string]int{}
	add := func(name string, s *excelize.Style) {
		id, err := w.f.NewStyle(s)
		w.check(err)
		w.style[name] = id
	}
	custom := func(code string) *excelize.Style { return &excelize.Style{CustomNumFmt: &code} }
	add("title", &excelize.Style{Font: &excelize.Font{Bold: true, Size: 14}})
	add("note", &excelize.Style{Font: &excelize.Font{Italic: true, Color: "666666"}})
	add("header", &excelize.Style{
		Font:   &excelize.Font{Bold: true},
		Fill:   excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDE4EE"}},
		Border: []excelize.Border{{Type: "bottom", Color: "8899AA", Style: 1}},
	})
	add("month", custom("mmm yyyy"))
	add(styleName(fmtCurrency), custom(`"$"#,##0`))
	add(styleName(fmtPercent), custom("0.0%"))
	add(styleName(fmtPoints), custom("0.00"))
	add(styleName(fmtInt), &excelize.Style{NumFmt: 3}) // #,##0
	add(styleName(fmtDec1), custom("0.0"))
	add(styleName(fmtDec2), custom("0.00"))
	add("wrap", &excelize.Style{Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}})
}

func styleName(f format) string { return fmt.Sprintf("fmt%d", f) }

// wide writes a sheet with title rows, a header row (`Month`, then one
// column per KPI) and one row per month.
func (w *writer) wide(sheet string, title []string, cols []column) {
	w.newSheet(sheet)
	for r, line := range title {
		style := "note"
		if r == 0 {
			style = "title"
		}
		w.set(sheet, 1, r+1, line, style)
	}
	head := len(title) + 1
	w.set(sheet, 1, head, "Month", "header")
	for c, col := range cols {
		w.set(sheet, c+2, head, col.header, "header")
	}
	for i := range months {
		w.set(sheet, 1, head+1+i, monthAt(i), "month")
		for c, col := range cols {
			w.value(sheet, c+2, head+1+i, col.values[i], col.format)
		}
	}
	w.layout(sheet, head, len(cols))
}

// value writes one number; a gap stays an empty cell, never zero.
func (w *writer) value(sheet string, col, row int, v float64, f format) {
	if v != v { // NaN: no value this month
		return
	}
	w.set(sheet, col, row, v, styleName(f))
}

// layout freezes the header and the month column and sizes the columns.
func (w *writer) layout(sheet string, head, cols int) {
	last, err := excelize.ColumnNumberToName(cols + 1)
	w.check(err)
	w.check(w.f.SetColWidth(sheet, "A", "A", 11))
	w.check(w.f.SetColWidth(sheet, "B", last, 16))
	topLeft, err := excelize.CoordinatesToCellName(2, head+1)
	w.check(err)
	w.check(w.f.SetPanes(sheet, &excelize.Panes{
		Freeze: true, XSplit: 1, YSplit: head, TopLeftCell: topLeft, ActivePane: "bottomRight",
	}))
}

// newSheet renames the default sheet for the first sheet and adds the rest.
func (w *writer) newSheet(name string) {
	if w.err != nil {
		return
	}
	if names := w.f.GetSheetList(); len(names) == 1 && names[0] == "Sheet1" {
		w.check(w.f.SetSheetName("Sheet1", name))
		return
	}
	_, err := w.f.NewSheet(name)
	w.check(err)
}

// comments writes the long sheet of month commentary: kpi, period, comment.
// Periods are text here ("2026-09"), as people type them.
func (w *writer) comments() {
	const sheet = "Comments"
	w.newSheet(sheet)
	for c, h := range []string{"kpi", "period", "comment"} {
		w.set(sheet, c+1, 1, h, "header")
	}
	for r, cm := range monthComments {
		w.set(sheet, 1, r+2, cm.kpi, "")
		w.set(sheet, 2, r+2, cm.period, "")
		w.set(sheet, 3, r+2, cm.text, "wrap")
	}
	w.check(w.f.SetColWidth(sheet, "A", "A", 28))
	w.check(w.f.SetColWidth(sheet, "B", "B", 10))
	w.check(w.f.SetColWidth(sheet, "C", "C", 90))
}

// readme writes the notes sheet: prose in column A, no header, which the
// engine must pass over without complaint.
func (w *writer) readme() {
	const sheet = "README"
	w.newSheet(sheet)
	for r, line := range readmeLines {
		style := ""
		if r == 0 {
			style = "title"
		}
		w.set(sheet, 1, r+1, line, style)
	}
	w.check(w.f.SetColWidth(sheet, "A", "A", 110))
}

// finish fixes the document properties and opens the workbook on Actuals.
func (w *writer) finish() {
	if w.err != nil {
		return
	}
	w.check(w.f.SetDocProps(&excelize.DocProperties{
		Title:          "Widgetry Labs KPI workbook",
		Creator:        "Widgetry Labs Finance",
		LastModifiedBy: "Widgetry Labs Finance",
		Created:        demo.Stamp,
		Modified:       demo.Stamp,
		Language:       "en-US",
	}))
	idx, err := w.f.GetSheetIndex("Actuals")
	w.check(err)
	w.f.SetActiveSheet(idx)
}
