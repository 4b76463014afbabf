package kpi

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/opsreport/opsreport/internal/diag"
)

// SnapshotHeader is the header of a closed review's snapshot.csv: the
// figures.csv columns, then what a review shows beyond them.
var SnapshotHeader = append(slices.Clone(FiguresHeader), "vs_forecast", "vs_forecast_pct", "trend", "comment")

// WriteSnapshotCSV writes figs as snapshot.csv, in the order given.
func WriteSnapshotCSV(w io.Writer, figs []Figure) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(SnapshotHeader); err != nil {
		return err
	}
	for _, f := range figs {
		rec := append(figureRecord(f), PlainNumber(f.VsForecast), PlainNumber(f.VsForecastPct), strconv.Itoa(f.Trend), defuseCell(f.Comment))
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// NewFigures holds figures read back from a snapshot, months and quarters,
// sorted as Compute sorts them.
// It keeps figs, or parts of it: the caller must not change it after.
func NewFigures(figs []Figure) *Figures {
	if f, ok := sortedFigures(figs); ok {
		return f
	}
	f := &Figures{byKPI: map[string][]Figure{}, quarters: map[string][]Figure{}}
	// Every KPI's months, then its quarters, cut from one backing array
	// sized by a first count: a long snapshot's figures are tens of
	// megabytes, which growing each KPI's slice would copy again and again.
	months, quarters := map[string]int{}, map[string]int{}
	for i := range figs {
		id := figs[i].KPI.ID
		if _, ok := months[id]; !ok {
			f.ids = append(f.ids, id)
			months[id] = 0
		}
		if figs[i].IsQuarter() {
			quarters[id]++
		} else {
			months[id]++
		}
	}
	all := make([]Figure, 0, len(figs))
	for _, id := range f.ids {
		f.byKPI[id], all = all[len(all):len(all):len(all)+months[id]], all[:len(all)+months[id]]
		if quarters[id] > 0 {
			f.quarters[id], all = all[len(all):len(all):len(all)+quarters[id]], all[:len(all)+quarters[id]]
		}
	}
	for i := range figs {
		id := figs[i].KPI.ID
		if figs[i].IsQuarter() {
			f.quarters[id] = append(f.quarters[id], figs[i])
		} else {
			f.byKPI[id] = append(f.byKPI[id], figs[i])
		}
	}
	slices.Sort(f.ids)
	for _, s := range f.byKPI {
		slices.SortFunc(s, func(a, b Figure) int { return a.Period.Index() - b.Period.Index() })
	}
	for _, s := range f.quarters {
		slices.SortFunc(s, func(a, b Figure) int { return a.Quarter.index() - b.Quarter.index() })
	}
	return f
}

// sortedFigures is NewFigures for months only, each KPI's together and in
// order, as close writes a monthly review's snapshot: each KPI's figures
// are then a slice of figs, not a copy.
func sortedFigures(figs []Figure) (*Figures, bool) {
	f := &Figures{byKPI: map[string][]Figure{}, quarters: map[string][]Figure{}}
	start := 0
	for i := range figs {
		if figs[i].IsQuarter() {
			return nil, false
		}
		if i > 0 && figs[i].KPI.ID == figs[i-1].KPI.ID {
			if figs[i].Period.Index() <= figs[i-1].Period.Index() {
				return nil, false
			}
			continue
		}
		if i > 0 {
			f.byKPI[figs[start].KPI.ID] = figs[start:i:i]
		}
		if _, seen := f.byKPI[figs[i].KPI.ID]; seen {
			return nil, false
		}
		f.ids = append(f.ids, figs[i].KPI.ID)
		start = i
	}
	if len(figs) > 0 {
		f.byKPI[figs[start].KPI.ID] = figs[start:len(figs):len(figs)]
	}
	slices.Sort(f.ids)
	return f, true
}

// ReadSnapshotCSV reads a snapshot.csv written by WriteSnapshotCSV. A KPI
// the catalog no longer has is kept under a stand-in record with its id as
// its name, so a closed review still shows what the board saw. A row whose
// period is a quarter ("2027-Q3") is that quarter's figure; fiscalStart
// places it (its Period is the quarter's last month).
func ReadSnapshotCSV(file string, src []byte, c *Catalog, fiscalStart int, d *diag.List) []Figure {
	return readSnapshot(file, newSnapshotRows(src, len(SnapshotHeader)), bytes.Count(src, []byte{'\n'}), c, fiscalStart, d)
}

// records yield a snapshot's records, each with the line it starts on, as
// csv.Reader.Read gives them: io.EOF at the end, or a *csv.ParseError.
type records interface {
	next() ([]string, int, error)
}

// readSnapshot is ReadSnapshotCSV from rows, about size of them.
func readSnapshot(file string, rows records, size int, c *Catalog, fiscalStart int, d *diag.List) []Figure {
	head, _, err := rows.next()
	if err != nil || !slices.Equal(head, SnapshotHeader) {
		d.Errorf(diag.Pos{File: file, Line: 1}, "is not a snapshot written by opsreport close (unexpected header); restore it from git")
		return nil
	}
	out := make([]Figure, 0, size)
	for {
		rec, line, err := rows.next()
		if errors.Is(err, io.EOF) {
			return out
		}
		if err != nil {
			d.Errorf(diag.Pos{File: file, Line: line}, "cannot be read: %v; restore it from git", err)
			return nil
		}
		f, msg := snapshotFigure(rec, c, fiscalStart)
		if msg != "" {
			d.Errorf(diag.Pos{File: file, Line: line}, "%s; restore it from git", msg)
			return nil
		}
		out = append(out, f)
	}
}

// snapshotFigure is the figure of a snapshot's record. It keeps none of
// rec's strings, which may point into the whole file (snapshotRows).
func snapshotFigure(rec []string, c *Catalog, fiscalStart int) (Figure, string) {
	var f Figure
	if f.KPI = c.Get(rec[0]); f.KPI == nil {
		id := strings.Clone(rec[0])
		f.KPI = &KPI{ID: id, Name: id, Unit: UnitNumber, Direction: DirNone}
	}
	if q, ok := ParseQuarter(rec[1]); ok {
		f.Quarter, f.Period = q, q.Months(fiscalStart)[2]
	} else if p, ok := ParsePeriod(rec[1]); ok {
		f.Period = p
	} else {
		return f, fmt.Sprintf("period %q is not a month or a quarter", rec[1])
	}
	nums := []*Opt{&f.Actual, &f.Target, &f.Budget, &f.Forecast, &f.VsTarget, &f.VsTargetPct, &f.VsBudget, &f.VsBudgetPct,
		&f.MoM, &f.MoMPct, &f.YoY, &f.YoYPct, &f.QTD, &f.YTD, &f.TTM}
	for i, dst := range nums {
		o, ok := plainOpt(rec[2+i])
		if !ok {
			return f, fmt.Sprintf("%s %q is not a number", SnapshotHeader[2+i], rec[2+i])
		}
		*dst = o
	}
	// The constant, not rec's string, which may point into the whole file.
	i := slices.Index([]Status{Green, Amber, Red, StatusNone}, Status(rec[17]))
	if i < 0 {
		return f, fmt.Sprintf("status %q is not green, amber, red or none", rec[17])
	}
	f.Status = []Status{Green, Amber, Red, StatusNone}[i]
	var err1, err2 error
	f.Streak, err1 = strconv.Atoi(rec[18])
	var ok1, ok2 bool
	f.VsForecast, ok1 = plainOpt(rec[19])
	f.VsForecastPct, ok2 = plainOpt(rec[20])
	f.Trend, err2 = strconv.Atoi(rec[21])
	if err1 != nil || err2 != nil || !ok1 || !ok2 {
		return f, "a streak, trend or forecast figure is not a number"
	}
	f.Comment = strings.Clone(restoreCell(rec[22]))
	return f, ""
}

// formulaStart matches text a spreadsheet would run as a formula once the
// quotes that defuse it are removed: = + - @, tab or CR after any number of
// leading quotes.
var formulaStart = regexp.MustCompile(`^'*[=+\-@\t\r]`)

// defuseCell writes a comment so a spreadsheet opening snapshot.csv shows
// it rather than running it (CSV injection): a ' before text that starts
// like a formula. Text that already starts with quotes before such a
// character gets one more, so restoreCell gives back every comment as it was.
func defuseCell(s string) string {
	if formulaStart.MatchString(s) {
		return "'" + s
	}
	return s
}

// DefuseCell is defuseCell, for the other CSV files a site offers for
// download (a review's scorecard.csv), whose texts come from the catalog.
func DefuseCell(s string) string { return defuseCell(s) }

// restoreCell undoes defuseCell.
func restoreCell(s string) string {
	if strings.HasPrefix(s, "'") && formulaStart.MatchString(s) {
		return s[1:]
	}
	return s
}

func plainOpt(s string) (Opt, bool) {
	if s == "" {
		return None, true
	}
	if v, ok := parseDecimal(s); ok {
		return Opt{V: v, OK: true}, true
	}
	v, err := strconv.ParseFloat(s, 64)
	ok := err == nil && !math.IsInf(v, 0) && !math.IsNaN(v) // "NaN" and "Inf" parse, but close never writes them
	return Opt{V: v, OK: ok}, ok
}
