package source

import (
	"errors"
	"io/fs"
	"math"
	"slices"
	"strings"

	"github.com/opsreport/opsreport/internal/diag"
	"github.com/opsreport/opsreport/internal/kpi"
	"github.com/opsreport/opsreport/internal/sheet"
)

// PulledHeader is the header of a query source's pulled file, and
// RecordsHeader a records source's, whose file also carries each month's
// roll-ups computed by the database from the records of each span.
var (
	PulledHeader  = []string{"kpi", "period", "actual", "target", "budget", "forecast"}
	RecordsHeader = []string{"kpi", "period", "actual", "qtd", "ytd", "ttm"}
)

// ReadPulled reads what pull wrote for database source s into l: build,
// check and serve never connect. A source never pulled is an error that
// says how to pull it.
func ReadPulled(s *Source, fsys fs.FS, l *kpi.Loader, cat *kpi.Catalog, fiscalStart int, d *diag.List) {
	name := s.PulledFile()
	b, err := sheet.Open(fsys, name)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		d.Errorf(s.Pos, "source %s has never been pulled from database %s: run opsreport pull (then commit %s)", s.Name, s.Database, name)
		return
	case err != nil:
		addError(d, name, err)
		return
	}
	defer b.Close()
	pr := &pulledReader{src: s, cat: cat, d: d, start: fiscalStart, spans: map[*kpi.KPI]map[kpi.Period]kpi.Span{}}
	sh := b.Sheets[0]
	for row := range sh.Rows() {
		pr.row(sh, row)
	}
	if err := sh.Err(); err != nil {
		addError(d, name, err)
		return
	}
	if pr.cols == nil {
		d.Errorf(diag.Pos{File: name}, "holds no header row: run opsreport pull again")
		return
	}
	l.AddValues(pr.values)
	for k, sp := range pr.spans {
		l.AddSpans(k, sp)
	}
}

// addError records a failure to read file: a diagnostic as it is, anything
// else with the file's name.
func addError(d *diag.List, file string, err error) {
	var dg diag.Diagnostic
	if errors.As(err, &dg) {
		d.Add(dg)
		return
	}
	d.Errorf(diag.Pos{File: file}, "cannot be read: %v", err)
}

// pulledReader reads the rows of a pulled file.
type pulledReader struct {
	src    *Source
	start  int // the fiscal year's first month
	cat    *kpi.Catalog
	d      *diag.List
	cols   map[int]string // column → header
	values []kpi.Value
	spans  map[*kpi.KPI]map[kpi.Period]kpi.Span
	gone   map[string]bool // unknown KPIs, reported once each

	refiscal bool // a span shows another fiscal_year_start (reported once)
}

func (pr *pulledReader) row(sh *sheet.Sheet, row sheet.Row) {
	if pr.cols == nil {
		pr.header(sh, row)
		return
	}
	var k *kpi.KPI
	var p kpi.Period
	vals := map[string]sheet.Cell{}
	for _, c := range row.Cells {
		switch h := pr.cols[c.Col]; h {
		case "kpi":
			if k = pr.cat.Get(strings.TrimSpace(c.Text)); k == nil || !pr.src.names(k) {
				pr.unknown(sh, c)
				return
			}
		case "period":
			var ok bool
			if p, ok = kpi.ParsePeriod(c.Text); !ok {
				pr.d.Errorf(sh.CellPos(c), "%s is not a month", kpi.Quote(c.Text))
				return
			}
		default:
			vals[h] = c
		}
	}
	if k == nil || p.IsZero() {
		pr.d.Errorf(sh.Pos(row.Num, 1), "a row with no kpi or no period: run opsreport pull again")
		return
	}
	pr.add(sh, k, p, vals)
}

// add takes one row's values and roll-ups.
func (pr *pulledReader) add(sh *sheet.Sheet, k *kpi.KPI, p kpi.Period, vals map[string]sheet.Cell) {
	num := func(h string) kpi.Opt {
		c, ok := vals[h]
		if !ok {
			return kpi.None
		}
		v, ok, _ := kpi.ParseNumber(c.Text)
		if !ok {
			pr.d.Errorf(sh.CellPos(c), "%s is not a number (kpi %s, %s, %s): run opsreport pull again", kpi.Quote(c.Text), k.ID, p, h)
			return kpi.None
		}
		return kpi.Some(v)
	}
	for _, series := range []string{kpi.SeriesActual, kpi.SeriesTarget, kpi.SeriesBudget, kpi.SeriesForecast} {
		if v := num(series); v.OK {
			c := vals[series]
			pr.values = append(pr.values, kpi.Value{KPI: k, Period: p, Series: series, V: v.V,
				File: sh.File, Row: c.Row, Col: c.Col, Pos: sh.CellPos(c)})
		}
	}
	if _, ok := pr.colIndex("qtd"); ok {
		if pr.spans[k] == nil {
			pr.spans[k] = map[kpi.Period]kpi.Span{}
		}
		sp := kpi.NewSpan(p, pr.start, num("qtd"), num("ytd"), num("ttm"))
		pr.spans[k][p] = sp
		pr.checkFiscal(sh, k, p, num(kpi.SeriesActual), sp, vals)
	}
}

// checkFiscal catches a records file pulled under another fiscal_year_start:
// a span of one month is that month's own figure, so in the first month of
// a fiscal year the year to date equals the actual, and in the first month
// of a quarter the quarter to date does. The file is reported once, at its
// first row that breaks this.
func (pr *pulledReader) checkFiscal(sh *sheet.Sheet, k *kpi.KPI, p kpi.Period, actual kpi.Opt, sp kpi.Span, vals map[string]sheet.Cell) {
	if pr.refiscal || !actual.OK {
		return
	}
	for _, c := range []struct {
		col  string
		v    kpi.Opt
		from kpi.Period
		what string
	}{{"ytd", sp.YTD, sp.YTDFrom, "fiscal year"}, {"qtd", sp.QTD, sp.QTDFrom, "quarter"}} {
		if c.from != p || !c.v.OK || sameFigure(c.v.V, actual.V) {
			continue
		}
		pr.refiscal = true
		pr.d.Errorf(sh.CellPos(vals[c.col]), "%s %s of kpi %s differs from its actual %s although %s starts a %s with fiscal_year_start %d: the file was pulled under another fiscal_year_start; run opsreport pull again",
			c.col, kpi.PlainNumber(c.v), k.ID, kpi.PlainNumber(actual), p, c.what, pr.start)
		return
	}
}

// sameFigure compares two figures the database computed by different
// routes over the same records, which may differ in the last bits.
func sameFigure(a, b float64) bool {
	return math.Abs(a-b) <= 1e-9*math.Max(1, math.Max(math.Abs(a), math.Abs(b)))
}

func (pr *pulledReader) colIndex(h string) (int, bool) {
	for c, name := range pr.cols {
		if name == h {
			return c, true
		}
	}
	return 0, false
}

// header reads the header row, which must be the one pull writes for the
// source's kind.
func (pr *pulledReader) header(sh *sheet.Sheet, row sheet.Row) {
	pr.cols = map[int]string{}
	var got []string
	for _, c := range row.Cells {
		pr.cols[c.Col] = strings.TrimSpace(c.Text)
		got = append(got, strings.TrimSpace(c.Text))
	}
	want := PulledHeader
	if pr.src.Table != "" {
		want = RecordsHeader
	}
	if !slices.Equal(got, want) {
		pr.d.Errorf(sh.Pos(row.Num, 1), "header %s is not %s, the one pull writes: run opsreport pull again", strings.Join(got, ","), strings.Join(want, ","))
	}
}

// unknown reports, once per KPI, a row for a KPI the catalog no longer has.
func (pr *pulledReader) unknown(sh *sheet.Sheet, c sheet.Cell) {
	id := strings.TrimSpace(c.Text)
	if pr.gone == nil {
		pr.gone = map[string]bool{}
	}
	if !pr.gone[id] {
		pr.gone[id] = true
		if pr.cat.Get(id) != nil {
			pr.d.Errorf(sh.CellPos(c), "kpi %s is no longer one of source %s's: the source changed since the last pull; run opsreport pull again", id, pr.src.Name)
			return
		}
		pr.d.Errorf(sh.CellPos(c), "unknown KPI %s%s: the catalog changed since the last pull; run opsreport pull again", kpi.Quote(id), diag.DidYouMean(id, pr.cat.IDs()))
	}
}

// names reports whether the source gives kpi k: a records source's kpis, or
// a query source's series when it names any (else any KPI).
func (s *Source) names(k *kpi.KPI) bool {
	switch {
	case s.Table != "":
		return slices.ContainsFunc(s.KPIs, func(r RecordKPI) bool { return r.KPI == k })
	case len(s.Series) > 0:
		return slices.ContainsFunc(s.Series, func(se Series) bool { return se.KPI == k })
	}
	return true
}
