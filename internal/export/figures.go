package export

import (
	"strings"

	"github.com/opsreport/opsreport/internal/kpi"
)

// Formats are how a table's cells are shown in a workbook.
type Formats struct {
	Currency string // ISO code of the site's currency (default USD)
}

// figureColumns are figures.csv's columns with their widths in a workbook.
func figureColumns(names []string) []Column {
	cols := make([]Column, len(names))
	for i, n := range names {
		cols[i] = Column{Name: n, Width: max(11, float64(len(n))+2)}
	}
	return cols
}

// FiguresTable is figures.csv (SPEC 5) as a table: the same columns and
// rows, typed for a workbook.
func FiguresTable(figs []kpi.Figure, fm Formats) *Table {
	t := &Table{Sheet: "Figures", Columns: figureColumns(kpi.FiguresHeader), n: len(figs)}
	t.Columns[0].Width = 24
	formats := fm.formatter(figs)
	t.fill = func(i int, row []Cell) {
		f := &figs[i]
		row[0], row[1] = TextCell(f.KPI.ID), periodCell(f)
		formats.of(f.KPI).figureCells(f, row[2:])
	}
	return t
}

// ScorecardHeader is a review's scorecard.csv header: who and what each KPI
// is, then figures.csv's columns from period on. For a quarter's board
// review the period is the quarter and mom is on the prior quarter, as in
// figures.csv's quarter rows.
var ScorecardHeader = append([]string{"function", "kpi", "name", "unit"}, kpi.FiguresHeader[1:]...)

// ScorecardTable is a review's scorecard: one row per KPI it shows, in the
// scorecard's order.
func ScorecardTable(figs []kpi.Figure, fm Formats) *Table {
	t := &Table{Sheet: "Scorecard", Columns: figureColumns(ScorecardHeader), n: len(figs)}
	t.Columns[0].Width, t.Columns[1].Width, t.Columns[2].Width = 16, 24, 32
	formats := fm.formatter(figs)
	t.fill = func(i int, row []Cell) {
		f := &figs[i]
		row[0], row[1], row[2], row[3] = TextCell(f.KPI.Function), TextCell(f.KPI.ID), TextCell(f.KPI.Name), TextCell(string(f.KPI.Unit))
		row[4] = periodCell(f)
		formats.of(f.KPI).figureCells(f, row[5:])
	}
	return t
}

// figureFormats are the number formats of a KPI's columns from actual to
// ttm, in header order.
type figureFormats [15]string

// formatKey is what a KPI's number formats depend on besides the site's
// currency.
type formatKey struct {
	unit     kpi.Unit
	decimals int
}

// figureFormatter gives each KPI's formats, made once for each unit and
// decimals a table meets: the formats of every row of a 60,000-row table
// are a handful of strings.
type figureFormatter struct {
	fm     Formats
	byUnit map[formatKey]*figureFormats
}

func (fm Formats) formatter(figs []kpi.Figure) *figureFormatter {
	ff := &figureFormatter{fm: fm, byUnit: map[formatKey]*figureFormats{}}
	for i := range figs {
		k := figs[i].KPI
		key := formatKey{k.Unit, k.Decimals}
		if _, ok := ff.byUnit[key]; !ok {
			value, change, pct := fm.ValueFormat(k), changeFormat(k, fm), pctFormat
			ff.byUnit[key] = &figureFormats{value, value, value, value, change, pct, change, pct, change, pct, change, pct, value, value, value}
		}
	}
	return ff
}

func (ff *figureFormatter) of(k *kpi.KPI) *figureFormats {
	return ff.byUnit[formatKey{k.Unit, k.Decimals}]
}

// figureCells sets a figure's cells from actual to streak.
func (ff *figureFormats) figureCells(f *kpi.Figure, cells []Cell) {
	for i, v := range kpi.FigureNumbers(*f) {
		cells[i] = numberCell(v, ff[i])
	}
	cells[15] = TextCell(string(f.Status))
	cells[16] = Cell{Kind: Number, Number: float64(f.Streak), Format: "0"}
}

func numberCell(v kpi.Opt, format string) Cell {
	if !v.OK {
		return Cell{}
	}
	return Cell{Kind: Number, Number: v.V, Format: format}
}

// periodCell is a month as a date cell (its first day, shown "mmm yyyy"),
// or a quarter ("2027-Q3") as text: no date says "a fiscal quarter".
func periodCell(f *kpi.Figure) Cell {
	if f.IsQuarter() {
		return TextCell(f.PeriodName())
	}
	return Cell{Kind: Date, Month: f.Period, Format: "mmm yyyy"}
}

// pctFormat shows a percentage change, which figures.csv holds × 100.
const pctFormat = `+0.0"%";-0.0"%";0.0"%"`

// ValueFormat is the number format of a KPI's values: its decimals, with
// the site's currency sign, "%" (the value is already × 100), the
// duration's word, "×" for a multiple or "bp"; counts and numbers grouped
// by thousands, as the pages write them.
func (fm Formats) ValueFormat(k *kpi.KPI) string {
	num := digits(k.Decimals)
	switch k.Unit {
	case kpi.UnitCurrency:
		pre, post := fm.currencySign()
		return pre + num + post
	case kpi.UnitPercent:
		return num + `"%"`
	case kpi.UnitDays, kpi.UnitHours, kpi.UnitMinutes, kpi.UnitMonths:
		return num + ` "` + string(k.Unit) + `"`
	case kpi.UnitMultiple:
		return num + `"×"`
	case kpi.UnitBasisPts:
		return num + ` "bp"`
	}
	return num
}

// changeFormat shows a change in the KPI's unit, signed; a change of a
// percentage is in points.
func changeFormat(k *kpi.KPI, fm Formats) string {
	if k.Unit == kpi.UnitPercent {
		num := digits(k.Decimals) + `" pts"`
		return "+" + num + ";-" + num + ";" + num
	}
	v := fm.ValueFormat(k)
	return "+" + v + ";-" + v + ";" + v
}

// digits is "#,##0" with n decimals.
func digits(n int) string {
	if n <= 0 {
		return "#,##0"
	}
	return "#,##0." + strings.Repeat("0", n)
}

// currencySign is the site's currency sign before or after the number, as
// kpi.KPI.Format places it for en-US ("$", "CHF ").
func (fm Formats) currencySign() (pre, post string) {
	zero := (&kpi.KPI{Unit: kpi.UnitCurrency}).Format(0, "en-US", fm.Currency)
	before, after, _ := strings.Cut(zero, "0")
	quote := func(s string) string {
		s = strings.ReplaceAll(s, "\u00a0", " ")
		if s == "" {
			return ""
		}
		return `"` + strings.ReplaceAll(s, `"`, "") + `"`
	}
	return quote(before), quote(after)
}
