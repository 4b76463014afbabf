package view

// Downloads: the tables a reader takes into a spreadsheet (package
// export). The site's data/figures.xlsx beside figures.csv; each review's
// scorecard.csv and scorecard.xlsx beside its page and in its pack; each
// KPI's history.csv beside its page.

import (
	"cmp"
	"errors"
	"slices"

	"github.com/opsreport/opsreport/internal/content"
	"github.com/opsreport/opsreport/internal/diag"
	"github.com/opsreport/opsreport/internal/export"
	"github.com/opsreport/opsreport/internal/kpi"
	"github.com/opsreport/opsreport/internal/pack"
)

// Names of the download files.
const (
	figuresXLSX   = "data/figures.xlsx"
	scorecardCSV  = "scorecard.csv"
	scorecardXLSX = "scorecard.xlsx"
	historyCSV    = "history.csv"
)

func (r *renderer) formats() export.Formats { return export.Formats{Currency: r.data.Currency} }

// figuresXLSX writes data/figures.xlsx: figures.csv's rows as a workbook.
func (r *renderer) figuresXLSX() {
	b, err := export.FiguresTable(r.data.FigureRows(), r.formats()).XLSXBytes()
	var tooMany export.TooManyRowsError
	if errors.As(err, &tooMany) {
		r.d.Warnf(diag.Pos{File: figuresXLSX}, "not written: %v; data/figures.csv holds every row", err)
		return
	}
	if err != nil {
		r.d.Errorf(diag.Pos{File: figuresXLSX}, "cannot be made: %v", err)
		return
	}
	r.put(figuresXLSX, b, 0, 0, 0)
}

// scorecardFiles writes a review's scorecard as CSV and xlsx beside its
// page and returns them for its pack's zip. The rows are the review's
// scorecard: its functions' KPIs at its month or quarter, from its
// snapshot once it is closed.
func (r *renderer) scorecardFiles(rev *content.Review) []pack.File {
	var figs []kpi.Figure
	for _, k := range r.data.Catalog.KPIs {
		if !r.covers(k.Function) {
			continue
		}
		f, ok := r.figs.Get(k.ID, rev.Period)
		if rev.IsQuarter() {
			f, ok = r.figs.GetQuarter(k.ID, rev.Quarter)
		}
		if !ok {
			f = kpi.Figure{KPI: k, Period: rev.Period, Quarter: rev.Quarter}
		}
		f.Status = cmp.Or(f.Status, kpi.StatusNone)
		figs = append(figs, f)
	}
	// The scorecard groups KPIs by function, in the order functions first
	// appear in the catalog.
	order := map[string]int{}
	for _, f := range figs {
		if _, ok := order[f.KPI.Function]; !ok {
			order[f.KPI.Function] = len(order)
		}
	}
	slices.SortStableFunc(figs, func(a, b kpi.Figure) int { return order[a.KPI.Function] - order[b.KPI.Function] })
	t := export.ScorecardTable(figs, r.formats())
	book, err := t.XLSXBytes()
	if err != nil {
		r.d.Errorf(diag.Pos{File: rev.Dir}, "scorecard.xlsx cannot be made: %v", err)
		return nil
	}
	files := []pack.File{{Name: scorecardCSV, Data: t.CSV()}, {Name: scorecardXLSX, Data: book}}
	for _, f := range files {
		r.put("reviews/"+rev.Slug+"/"+f.Name, f.Data, 0, 0, 0)
	}
	return files
}

// historyCSV writes a KPI's months as figures.csv has them, beside its page.
func (r *renderer) historyCSV(k *kpi.KPI) {
	t := export.FiguresTable(r.data.Figures.Series(k.ID), r.formats())
	r.put("kpis/"+k.ID+"/"+historyCSV, t.CSV(), 0, 0, 0)
}
