package kpi

import (
	"path"
	"slices"
	"strings"
	"sync"

	"github.com/opsreport/opsreport/internal/diag"
	"github.com/opsreport/opsreport/internal/sheet"
)

// Series names the four value series of SPEC 3.
const (
	SeriesActual   = "actual"
	SeriesTarget   = "target"
	SeriesBudget   = "budget"
	SeriesForecast = "forecast"
	seriesComment  = "comment"
)

// headerScanLimit is how far down a sheet the header row is looked for:
// past a title block and notes, not through a whole readme.
const headerScanLimit = 30

// periodHeaders name the period column.
var periodHeaders = []string{"period", "month", "date"}

// longColumns are the columns of the long shape.
var longColumns = []string{"kpi", "period", "month", "date", SeriesActual, SeriesTarget, SeriesBudget, SeriesForecast, seriesComment}

// Loader reads value sheets, the risk register and the action log against
// a catalog. AddSheet may be called from several goroutines; the Store it
// builds does not depend on the order the sheets were added.
type Loader struct {
	cat *Catalog
	d   *diag.List

	mu       sync.Mutex
	values   [][]entry // in cell order within each; Store joins them
	risks    []Risk
	actions  []Action
	ignored  map[string][]string // file → series names that name no KPI
	expected map[string]bool     // file read for values → already warned as ignored
	read     map[string]bool     // files a register came from
	spans    map[string]map[Period]Span
}

// entry is one value (or comment) read from one cell.
type entry struct {
	kpi    *KPI
	period Period
	series string
	v      float64
	text   string // comments
	at     place
}

// place orders cells the way diag.Compare does (file, sheet, row, column)
// without re-parsing cell names for every comparison. The position a
// message shows is made only when one is written (pos): a large data
// folder has hundreds of thousands of cells, each name a string.
type place struct {
	file, sheet string
	row, col    int
	csv         bool      // a CSV file's line and column, not a workbook's cell
	given       *diag.Pos // a source's own position for the value, when not the cell's
}

// pos is the place as messages show it: "data/m.xlsx: Monthly!C14",
// "data/m.csv:14:3".
func (p place) pos() diag.Pos {
	switch {
	case p.given != nil:
		return *p.given
	case p.csv:
		return diag.Pos{File: p.file, Line: p.row, Col: p.col}
	}
	return diag.Pos{File: p.file, Sheet: p.sheet, Cell: sheet.CellName(p.row, p.col)}
}

func comparePlace(a, b place) int {
	if c := strings.Compare(a.file, b.file); c != 0 {
		return c
	}
	if c := strings.Compare(a.sheet, b.sheet); c != 0 {
		return c
	}
	if a.row != b.row {
		return a.row - b.row
	}
	return a.col - b.col
}

// NewLoader starts loading values for catalog c, reporting into d.
func NewLoader(c *Catalog, d *diag.List) *Loader {
	if c == nil {
		c = NewCatalog()
	}
	return &Loader{cat: c, d: d}
}

// batch is what one sheet contributed, merged under the lock at the end.
type batch struct {
	values  [][]entry // in chunks, so that a large sheet's are never copied to grow
	risks   []Risk
	actions []Action
}

// add appends a value in chunks of up to 4096 values, each twice the one
// before.
func (b *batch) add(e entry) {
	n := len(b.values)
	if n == 0 || len(b.values[n-1]) == cap(b.values[n-1]) {
		size := 16
		if n > 0 {
			size = min(2*cap(b.values[n-1]), 4096)
		}
		b.values = append(b.values, make([]entry, 0, size))
		n++
	}
	b.values[n-1] = append(b.values[n-1], e)
}

// AddSheet reads one sheet or CSV file. What it holds is recognised by
// name, then by its header row, the first row (within the first 30, in any
// column) that has:
//
//   - kpi and period (or month, date) cells: the long shape;
//   - a period (or month, date) cell: the wide shape, whose series is
//     actual unless the sheet is named targets, budget or forecast (any
//     case, singular or plural);
//   - id and likelihood, or a sheet or file named risks: the risk register;
//   - id and raised, or a sheet or file named actions: the action log.
//
// Hidden sheets (helpers behind a dashboard) and a sheet named KPIs (the
// catalog, read by ParseCatalogSheet) are skipped. A workbook sheet with no
// such header is a notes or readme sheet and is skipped silently, as is a
// wide-looking sheet none of whose headers names a KPI or nearly does (a
// change log with a Date column): that one gets a warning. A CSV file in
// data/ is there to be read, so one with no header gets a warning too.
func (l *Loader) AddSheet(s *sheet.Sheet) {
	if s.Hidden || isName(s.Name, "kpis", "kpi") {
		return
	}
	l.expect(s.File)
	r := &sheetReader{l: l, s: s, out: &batch{}}
	for row := range s.Rows() {
		if !r.row(row) {
			break
		}
	}
	if err := s.Err(); err != nil {
		addReadError(s, err, l.d)
	}
	r.finish()
	l.mu.Lock()
	l.values = append(l.values, r.out.values...)
	l.risks = append(l.risks, r.out.risks...)
	l.actions = append(l.actions, r.out.actions...)
	if r.register {
		if l.read == nil {
			l.read = map[string]bool{}
		}
		l.read[s.File] = true
	}
	l.mu.Unlock()
	l.Ignore(s.File, r.ignoredNames...)
}

// isName compares a sheet or file name with the given names, ignoring case
// and surrounding space.
func isName(name string, names ...string) bool {
	return slices.Contains(names, strings.ToLower(strings.TrimSpace(name)))
}

// seriesOfName is the wide series a sheet's name selects.
func seriesOfName(name string) string {
	switch {
	case isName(name, "target", "targets"):
		return SeriesTarget
	case isName(name, "budget", "budgets"):
		return SeriesBudget
	case isName(name, "forecast", "forecasts"):
		return SeriesForecast
	}
	return SeriesActual
}

// rowReader reads the data rows under a recognised header.
type rowReader interface {
	read(row sheet.Row)
}

// sheetReader finds the header, then hands every later row to a rowReader.
type sheetReader struct {
	l         *Loader
	s         *sheet.Sheet
	out       *batch
	table     rowReader
	scanned   int
	hasCells  bool
	kpiOnly   diag.Pos // a kpi header without a period column, for a warning
	yearsGrid diag.Pos // a header of month names alone, for a warning
	ignored   bool     // recognised, then judged not a KPI table
	register  bool     // a risk register or action log
	stray     map[int]bool
	// ignoredNames are headers or kpi cells that name no KPI and are not
	// near misses: series the catalog does not track.
	ignoredNames []string
	ignoredSeen  map[string]bool
}

// row handles one row; false stops the reading.
func (r *sheetReader) row(row sheet.Row) bool {
	if r.table != nil {
		r.table.read(row)
		return true
	}
	r.hasCells = r.hasCells || len(row.Cells) > 0
	r.scanned++
	r.table = r.header(row)
	return r.table != nil || (!r.ignored && r.scanned < headerScanLimit)
}

// header recognises a header row, or returns nil.
func (r *sheetReader) header(row sheet.Row) rowReader {
	h := headerCells(row)
	_, hasPeriod := firstOf(h, periodHeaders)
	switch {
	case r.named("risks", "risk") || (h.has("id") && h.has("likelihood")):
		r.register = true
		return r.registerHeader(row, h, riskColumns, r.addRisk)
	case r.named("actions", "action") || (h.has("id") && h.has("raised")):
		r.register = true
		return r.registerHeader(row, h, actionColumns, r.addAction)
	case h.has("kpi") && hasPeriod:
		return r.longHeader(row)
	case hasPeriod:
		return r.wideHeader(row, h)
	case h.has("kpi") && r.kpiOnly.IsZero():
		r.kpiOnly = r.s.CellPos(h["kpi"])
	case r.yearsGrid.IsZero() && monthNamesIn(row) >= 3:
		r.yearsGrid = r.s.CellPos(row.Cells[0])
	}
	return nil
}

// monthNamesIn counts the cells of row that are month names alone (Jan,
// February): the header of a table of years down and months across.
func monthNamesIn(row sheet.Row) int {
	n := 0
	for _, c := range row.Cells {
		if _, ok := MonthName(c.Text); ok && c.Kind == sheet.Text {
			n++
		}
	}
	return n
}

// named reports whether the sheet, or the file it is in, has one of names:
// data/risks.xlsx is the risk register whatever its sheet is called.
func (r *sheetReader) named(names ...string) bool {
	base := path.Base(r.s.File)
	base = strings.TrimSuffix(base, path.Ext(base))
	return isName(r.s.Name, names...) || isName(base, names...)
}

// finish reports a sheet that never showed a header.
func (r *sheetReader) finish() {
	switch {
	case r.table != nil || r.ignored || !r.hasCells:
	case r.named("risks", "risk", "actions", "action"):
		r.l.d.Errorf(r.sheetPos(), "no header row with an id column in the first %d rows", headerScanLimit)
	case !r.yearsGrid.IsZero():
		r.l.d.Warnf(r.yearsGrid, "a table of years down and months across (Year, Jan, Feb, ...): %s ignored; read it through data/sources.yaml with layout: years-down and series: the KPI it holds", r.what())
		r.l.markWarned(r.s.File)
	case !r.kpiOnly.IsZero():
		r.l.d.Warnf(r.kpiOnly, "a kpi column without a period column: values are read from a long table (kpi, period, actual, ...) or a wide one (period, then one column per KPI); sheet ignored (months across the top can be read through data/sources.yaml, layout months-across)")
		r.l.markWarned(r.s.File)
	case r.s.CSV:
		r.l.d.Warnf(r.sheetPos(), "no header row with a period column (wide) or kpi and period columns (long) in the first %d rows: file ignored (a file laid out otherwise can be described in data/sources.yaml)", headerScanLimit)
		r.l.markWarned(r.s.File)
	}
}

// what is "file" for a CSV file, "sheet" for a workbook's sheet.
func (r *sheetReader) what() string {
	if r.s.CSV {
		return "file"
	}
	return "sheet"
}

func (r *sheetReader) sheetPos() diag.Pos {
	return diag.Pos{File: r.s.File, Sheet: sheetName(r.s)}
}

// at is a cell's place, for ordering and messages.
func (r *sheetReader) at(c sheet.Cell) place {
	return place{file: r.s.File, sheet: sheetName(r.s), row: c.Row, col: c.Col, csv: r.s.CSV}
}

// strayCell warns, once per column, about a value under no header.
func (r *sheetReader) strayCell(c sheet.Cell) {
	if r.stray == nil {
		r.stray = map[int]bool{}
	}
	if !r.stray[c.Col] {
		r.stray[c.Col] = true
		r.l.d.Warnf(r.s.CellPos(c), "value in a column with no header: ignored")
	}
}

// header cells by lowercase name; the first of a repeated name wins.
type headerMap map[string]sheet.Cell

func headerCells(row sheet.Row) headerMap {
	h := headerMap{}
	for _, c := range row.Cells {
		if name := headerName(c); name != "" {
			if _, dup := h[name]; !dup {
				h[name] = c
			}
		}
	}
	return h
}

func (h headerMap) has(name string) bool { _, ok := h[name]; return ok }

// firstOf is the leftmost header cell with one of names.
func firstOf(h headerMap, names []string) (sheet.Cell, bool) {
	var best sheet.Cell
	found := false
	for _, n := range names {
		if c, ok := h[n]; ok && (!found || c.Col < best.Col) {
			best, found = c, true
		}
	}
	return best, found
}

// isBlank reports a cell that holds nothing: empty, or text of spaces.
func isBlank(c sheet.Cell) bool {
	return c.Kind == sheet.Empty || (c.Kind == sheet.Text && strings.TrimSpace(c.Text) == "")
}
