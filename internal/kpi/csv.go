package kpi

import (
	"bytes"
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
	cw.Flush()
	if err := cw.Error(); err != nil {
		return err
	}
	var b []byte
	for _, f := range figs {
		b = AppendFigureCSV(b, f)
		if len(b) >= 64<<10 {
			if _, err := w.Write(b); err != nil {
				return err
			}
			b = b[:0]
		}
	}
	_, err := w.Write(b)
	return err
}

// AppendFigureCSV appends f as a figures.csv line, as a csv.Writer writes
// FigureRecord(f), without making the record's strings: a long history has
// millions of lines.
func AppendFigureCSV(b []byte, f Figure) []byte {
	if idNeedsQuotes(f.KPI.ID) {
		var w bytes.Buffer
		cw := csv.NewWriter(&w)
		cw.Write(figureRecord(f))
		cw.Flush()
		return append(b, w.Bytes()...)
	}
	b = append(append(b, f.KPI.ID...), ',')
	b = append(b, f.PeriodName()...)
	for _, v := range [...]Opt{f.Actual, f.Target, f.Budget, f.Forecast,
		f.VsTarget, f.VsTargetPct, f.VsBudget, f.VsBudgetPct,
		f.MoM, f.MoMPct, f.YoY, f.YoYPct, f.QTD, f.YTD, f.TTM} {
		b = append(b, ',')
		if v.OK {
			b = strconv.AppendFloat(b, v.V, 'f', -1, 64)
		}
	}
	b = append(append(append(b, ','), f.Status...), ',')
	return append(strconv.AppendInt(b, int64(f.Streak), 10), '\n')
}

// idNeedsQuotes reports whether a csv.Writer might quote id, which the
// catalog's ids (letters, digits, _ and -) never need but a snapshot's may:
// then AppendFigureCSV lets a csv.Writer write the line.
func idNeedsQuotes(id string) bool {
	if id == `\.` {
		return true
	}
	for i := 0; i < len(id); i++ {
		if c := id[i]; c <= ' ' || c == ',' || c == '"' || c >= 0x7f {
			return true
		}
	}
	return false
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
