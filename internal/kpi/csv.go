package kpi

import (
	"encoding/csv"
	"io"
	"strconv"
)

// FiguresHeader is the header of data/figures.csv (SPEC 5).
var FiguresHeader = []string{
	"kpi", "period", "actual", "target", "budget", "forecast",
	"vs_target", "vs_target_pct", "vs_budget", "vs_budget_pct",
	"mom", "mom_pct", "yoy", "yoy_pct", "qtd", "ytd", "ttm", "status", "streak",
}

// WriteFiguresCSV writes figs, in the order given (Figures.All gives the
// SPEC order), as figures.csv: numbers as plain decimals ('.' mark, no
// grouping, no unit, no exponent), an undefined figure as an empty field.
func WriteFiguresCSV(w io.Writer, figs []Figure) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(FiguresHeader); err != nil {
		return err
	}
	for _, f := range figs {
		if err := cw.Write(figureRecord(f)); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// FigureRecord is f as a figures.csv record, in FiguresHeader's order.
func FigureRecord(f Figure) []string { return figureRecord(f) }

func figureRecord(f Figure) []string {
	rec := []string{f.KPI.ID, f.PeriodName()}
	for _, v := range FigureNumbers(f) {
		rec = append(rec, PlainNumber(v))
	}
	return append(rec, string(f.Status), strconv.Itoa(f.Streak))
}

// FigureNumbers are f's numeric columns of FiguresHeader, actual to ttm, in
// header order, for writers of the figures table in other formats.
func FigureNumbers(f Figure) []Opt {
	return []Opt{
		f.Actual, f.Target, f.Budget, f.Forecast,
		f.VsTarget, f.VsTargetPct, f.VsBudget, f.VsBudgetPct,
		f.MoM, f.MoMPct, f.YoY, f.YoYPct, f.QTD, f.YTD, f.TTM,
	}
}

// PlainNumber is v as figures.csv writes it: "1234.5", "-0.25", "" when
// absent.
func PlainNumber(v Opt) string {
	if !v.OK {
		return ""
	}
	return strconv.FormatFloat(v.V, 'f', -1, 64)
}
