package export

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/opsreport/opsreport/internal/kpi"
)

// oddTexts are names a catalog could hold that XML, a spreadsheet or the
// workbook's string escapes treat specially.
var oddTexts = []string{
	`=SUM(A1:A3)`, `+1`, `-x`, `@Finance`, "  leading", "trailing ", "tab\there", "line\nbreak", "carriage\rreturn",
	`<b>&amp; "quoted" 'single'</b>`, "control\x01\x08\x0b\x1f chars", "bad utf-8 \xff\xfe here", "_x0041_", "_x005F_x0041_", "a_x00e9_b",
	"📈 growth", "non\uFFFEchar", "\u00a0nbsp", "]]>", `\.`, "comma, inside", "\u2003em space", "",
	strings.Repeat("long ", 6553) + "x📈 cut inside a character", // 32,767 UTF-16 units end inside the emoji
}

// realisticScorecard is a review scorecard over every unit, with gaps,
// negatives, a quarter and KPI names from oddTexts.
func realisticScorecard() *Table {
	var figs []kpi.Figure
	for i, k := range benchKPIs(120) {
		if i < len(oddTexts) {
			k.Name = oddTexts[i]
			k.Function = oddTexts[len(oddTexts)-1-i]
		}
		f := benchFigure(k, kpi.Period{Year: 2026, Month: 10}, i)
		if i%7 == 3 {
			f.Budget, f.VsBudget, f.VsBudgetPct, f.TTM = kpi.None, kpi.None, kpi.None, kpi.None
		}
		if i%11 == 5 {
			f.Actual = some(-1234567.891)
		}
		figs = append(figs, f)
	}
	return ScorecardTable(figs, Formats{Currency: "CHF"})
}

// realisticFigures are figures.csv rows of months and quarters, from 1900
// to 2402, as data/figures.xlsx holds them.
func realisticFigures() *Table {
	var figs []kpi.Figure
	for i, k := range benchKPIs(16) {
		for m := 0; m < 30; m++ {
			year := 2024 + m/12
			switch i {
			case 0:
				year = 1900 + m/12 // Excel's serials around its invented 29 February 1900
			case 1:
				year = 2400 + m/12 // beyond the 292 years a time.Duration spans
			}
			figs = append(figs, benchFigure(k, kpi.Period{Year: year, Month: m%12 + 1}, i+m))
		}
		q := benchFigure(k, kpi.Period{Year: 2026, Month: 9}, i)
		q.Quarter = kpi.Quarter{FY: 2027, Q: 3}
		figs = append(figs, q)
	}
	return FiguresTable(figs, Formats{})
}

// cellView is what a reader sees of a cell.
type cellView struct {
	raw, shown, format string
	typ                excelize.CellType
}

func readCells(t *testing.T, name string, b []byte, sheet string, rows, cols int) [][]cellView {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	defer f.Close()
	out := make([][]cellView, rows)
	for r := range out {
		out[r] = make([]cellView, cols)
		for c := range out[r] {
			ref, _ := excelize.CoordinatesToCellName(c+1, r+1)
			v := &out[r][c]
			v.raw, err = f.GetCellValue(sheet, ref, excelize.Options{RawCellValue: true})
			if err != nil {
				t.Fatalf("%s %s: %v", name, ref, err)
			}
			v.shown, _ = f.GetCellValue(sheet, ref)
			v.typ, _ = f.GetCellType(sheet, ref)
			id, _ := f.GetCellStyle(sheet, ref)
			if st, _ := f.GetStyle(id); st != nil && st.CustomNumFmt != nil {
				v.format = *st.CustomNumFmt
			}
		}
	}
	return out
}

// sheetShape is what a reader sees of the workbook around its cells.
func sheetShape(t *testing.T, b []byte, sheet string, cols int) string {
	t.Helper()
	f := open(t, b)
	panes, err := f.GetPanes(sheet)
	if err != nil {
		t.Fatal(err)
	}
	props, _ := f.GetDocProps()
	var widths []float64
	for c := 1; c <= cols; c++ {
		name, _ := excelize.ColumnNumberToName(c)
		w, _ := f.GetColWidth(sheet, name)
		widths = append(widths, w)
	}
	wb, _ := f.GetWorkbookProps()
	return fmt.Sprintf("sheets %v\npanes freeze=%v x=%d y=%d top=%s pane=%s sel=%+v\ncreator %q created %q modified %q\nwidths %v\ndate1904 %v",
		f.GetSheetList(), panes.Freeze, panes.XSplit, panes.YSplit, panes.TopLeftCell, panes.ActivePane, panes.Selection,
		props.Creator, props.Created, props.Modified, widths, wb.Date1904 != nil && *wb.Date1904)
}

// TestXLSXMatchesTheExcelizeWriter compares the workbook of a realistic
// scorecard and figures table with the one excelize's stream writer made
// (refXLSX), cell by cell as excelize reads them back: raw value, shown
// value, cell type and number format, one column past the table's edge
// and one row below it; then the sheet's name, frozen pane, column widths
// and document properties.
func TestXLSXMatchesTheExcelizeWriter(t *testing.T) {
	for _, tb := range []*Table{realisticScorecard(), realisticFigures()} {
		t.Run(tb.Sheet, func(t *testing.T) {
			got, err := tb.XLSXBytes()
			if err != nil {
				t.Fatal(err)
			}
			want, err := refXLSX(tb)
			if err != nil {
				t.Fatal(err)
			}
			rows, cols := len(refRows(tb))+2, len(tb.Columns)+1
			g, w := readCells(t, "written", got, tb.Sheet, rows, cols), readCells(t, "reference", want, tb.Sheet, rows, cols)
			bad := 0
			for r := range w {
				for c := range w[r] {
					if g[r][c] != w[r][c] {
						ref, _ := excelize.CoordinatesToCellName(c+1, r+1)
						t.Errorf("%s: got %+v, want %+v", ref, g[r][c], w[r][c])
						if bad++; bad > 20 {
							t.Fatal("too many differences")
						}
					}
				}
			}
			if gs, ws := sheetShape(t, got, tb.Sheet, cols), sheetShape(t, want, tb.Sheet, cols); gs != ws {
				t.Errorf("workbook\n%s\nwant\n%s", gs, ws)
			}
		})
	}
}
