package source

import (
	"errors"
	"fmt"
	"path"
	"slices"
	"strings"

	"github.com/opsreport/opsreport/internal/diag"
	"github.com/opsreport/opsreport/internal/kpi"
	"github.com/opsreport/opsreport/internal/sheet"
)

// headerScanLimit is how far down a sheet a header row is looked for: past
// a title block, notes and a units line.
const headerScanLimit = 50

// Match gives each source the files of data/ it names (files are slash
// paths under the site, "data/x.xlsx"), reporting a source whose file
// matches none. A file named by any source is not read the default way.
func Match(srcs []*Source, files []string, d *diag.List) map[*Source][]string {
	out := map[*Source][]string{}
	var rels []string
	for _, f := range files {
		rels = append(rels, strings.TrimPrefix(f, "data/"))
	}
	for _, s := range srcs {
		if s.IsDatabase() {
			continue
		}
		refused := false
		for i, rel := range rels {
			if ok, _ := path.Match(s.File, rel); ok && isSheetFile(rel) {
				if what := notValues(rel); what != "" {
					// A glob (exports/*.csv) passes over them; a path
					// naming one is a mistake.
					if !strings.ContainsAny(s.File, "*?[") {
						d.Errorf(s.At("file"), "file %q names %s, %s: a source reads values", s.File, files[i], what)
						refused = true
					}
					continue
				}
				out[s] = append(out[s], files[i])
			}
		}
		if len(out[s]) == 0 && !refused {
			d.Errorf(s.At("file"), "file %q matches no .xlsx, .xlsm or .csv file in data/%s", s.File, diag.DidYouMean(s.File, rels))
		}
	}
	return out
}

// notValues says what a file of data/ is when it holds no values: the
// catalog or a register, which are read as they are.
func notValues(rel string) string {
	switch strings.ToLower(path.Base(rel)) {
	case "kpis.csv":
		return "the KPI catalog"
	case "risks.csv", "risks.xlsx":
		return "the risk register"
	case "actions.csv", "actions.xlsx":
		return "the action log"
	}
	return ""
}

func isSheetFile(name string) bool {
	switch strings.ToLower(path.Ext(name)) {
	case ".xlsx", ".xlsm", ".csv":
		return true
	}
	return false
}

// Read reads source s from books, the opened files Match gave it, adding
// its values to l and reporting into d. Sources that share a file must
// not be read at the same time (a sheet streams one reader at a time).
//
// fiscalStart is the fiscal year's first month: a records source computes
// its KPIs' quarter and year to date itself.
func Read(s *Source, books []*sheet.Book, l *kpi.Loader, cat *kpi.Catalog, fiscalStart int, d *diag.List) {
	r := Collect(s, books, cat, fiscalStart, d)
	l.AddValues(r.Values)
	for k, spans := range r.Spans {
		l.AddSpans(k, spans)
	}
	for file, names := range r.Ignored {
		l.Ignore(file, names...)
	}
}

// Result is what one source read: its values, a records source's spans,
// and the series names it ignored, by file.
type Result struct {
	Values  []kpi.Value
	Spans   map[*kpi.KPI]map[kpi.Period]kpi.Span
	Ignored map[string][]string
}

// Collect reads source s from books and returns what it read.
func Collect(s *Source, books []*sheet.Book, cat *kpi.Catalog, fiscalStart int, d *diag.List) Result {
	st := newState(s, cat, d)
	if s.Layout == Records && len(s.KPIs) == 0 {
		return Result{} // every KPI of it was refused, and said so
	}
	if s.Layout == Records {
		st.rec = newRecords(st, fiscalStart)
	}
	for _, b := range books {
		st.file = b.File
		for _, sh := range st.selectSheets(b) {
			st.readSheet(sh)
		}
		st.sheetsChecked(b)
	}
	if st.rec != nil {
		st.rec.finish()
	}
	st.finish(books)
	return Result{Values: st.values, Spans: st.spans, Ignored: st.ignored}
}

// state is what reading one source gathers across its files and sheets.
type state struct {
	src *Source
	cat *kpi.Catalog
	d   *diag.List

	byLabel map[string]*kpi.KPI // normalised label → KPI, from series
	gaps    map[string]bool     // normalised gap texts

	file          string
	values        []kpi.Value
	found         map[*kpi.KPI]bool   // series whose label was read
	labels        []seenLabel         // every row label or header seen, first of each
	labelIndex    map[string]int      // normalised → index in labels
	ignored       map[string][]string // file → names of no KPI (no series given)
	ignoredSeen   map[string]bool
	headings      []string // block headings seen, first of each
	blockFound    bool
	rec           *records    // a records source's aggregates
	before        *sheet.Cell // the last heading-like row above the sheet's header
	labelReported bool        // a label key that names no column, said once
	spans         map[*kpi.KPI]map[kpi.Period]kpi.Span
	titles        []string // years-down: texts above the next table, its title

	yearsOrderReported bool // years-down: a header out of calendar order, said once
	errors             int
}

// seenLabel is a label met while reading, for "did you mean" messages.
type seenLabel struct {
	text    string
	inBlock bool
}

func newState(s *Source, cat *kpi.Catalog, d *diag.List) *state {
	st := &state{src: s, cat: cat, d: d, byLabel: map[string]*kpi.KPI{}, gaps: map[string]bool{},
		found: map[*kpi.KPI]bool{}, labelIndex: map[string]int{}, ignored: map[string][]string{},
		ignoredSeen: map[string]bool{}}
	for _, se := range s.Series {
		for _, lb := range se.Labels {
			st.byLabel[norm(lb)] = se.KPI
		}
	}
	for _, g := range s.Gaps {
		st.gaps[strings.ToLower(strings.TrimSpace(g))] = true
	}
	return st
}

// selectSheets picks the sheets of b the source names: by exact name
// first (trailing spaces count), then as a glob; without sheets, every
// visible one.
func (st *state) selectSheets(b *sheet.Book) []*sheet.Sheet {
	if len(st.src.Sheets) == 0 {
		var out []*sheet.Sheet
		for _, sh := range b.Sheets {
			if !sh.Hidden && !IsRegisterSheet(sh) && !isCatalogSheet(sh) {
				out = append(out, sh)
			}
		}
		return out
	}
	if len(b.Sheets) == 1 && b.Sheets[0].CSV {
		st.errorf(st.src.At("sheets"), "%s is a CSV file, which has no sheets: leave sheets out for it", b.File)
		return nil
	}
	var out []*sheet.Sheet
	for _, sh := range b.Sheets {
		if slices.ContainsFunc(st.src.Sheets, func(p string) bool { return sheetMatches(p, sh.Name) }) {
			out = append(out, sh)
		}
	}
	return out
}

// IsRegisterSheet reports a workbook sheet named for the risk register or
// the action log (SPEC 3), which no source reads.
func IsRegisterSheet(sh *sheet.Sheet) bool {
	if sh.CSV {
		return false
	}
	switch strings.ToLower(strings.TrimSpace(sh.Name)) {
	case "risks", "risk", "actions", "action":
		return true
	}
	return false
}

// isCatalogSheet reports a workbook's KPIs sheet, the catalog.
func isCatalogSheet(sh *sheet.Sheet) bool {
	return !sh.CSV && strings.EqualFold(strings.TrimSpace(sh.Name), "kpis")
}

func sheetMatches(pattern, name string) bool {
	if pattern == name {
		return true
	}
	ok, _ := path.Match(pattern, name)
	return ok
}

// sheetsChecked reports each sheets pattern that matched no sheet of b.
func (st *state) sheetsChecked(b *sheet.Book) {
	if len(b.Sheets) == 1 && b.Sheets[0].CSV {
		return
	}
	var names []string
	for _, sh := range b.Sheets {
		names = append(names, sh.Name)
	}
	for _, p := range st.src.Sheets {
		if !slices.ContainsFunc(names, func(n string) bool { return sheetMatches(p, n) }) {
			st.errorf(st.src.At("sheets"), "sheet %q matches no sheet of %s%s (its sheets: %s)", p, b.File, diag.DidYouMean(p, names), kpi.QuoteList(names, 12))
		}
	}
}

func (st *state) errorf(at diag.Pos, format string, args ...any) {
	st.errors++
	st.d.Errorf(at, format, args...)
}

// readSheet finds the sheet's header row and reads the table under it.
func (st *state) readSheet(sh *sheet.Sheet) {
	var t table
	scanned := 0
	st.before, st.titles = nil, nil
	for row := range sh.Rows() {
		if t != nil {
			t = t.read(row)
			continue
		}
		scanned++
		if t = st.header(sh, row); t == nil && scanned >= headerScanLimit {
			break
		}
		if t == nil && st.src.Layout == YearsDown {
			for _, c := range row.Cells {
				if c.Kind == sheet.Text && !isBlank(c) && len(st.titles) < 20 {
					st.titles = append(st.titles, c.Text)
				}
			}
		}
		if t == nil && len(row.Cells) == 1 && row.Cells[0].Kind == sheet.Text {
			// A heading above the header row may open the first block.
			c := row.Cells[0]
			st.before = &c
		}
	}
	if err := sh.Err(); err != nil {
		st.readError(sh, err)
		return
	}
	if t == nil && scanned > 0 && st.rec != nil {
		names := st.rec.firstRow
		st.errorf(st.src.At("date"), "date column %s is not in %s%s (the first row: %s)", kpi.Quote(st.src.Date), sheetLabel(sh), diag.CloseTo(st.src.Date, names), kpi.QuoteList(names, 12))
		return
	}
	if t == nil && scanned > 0 {
		st.d.Warnf(sheetPos(sh), "%s: no %s in the first %d rows: sheet ignored", st.what(), st.headerWanted(), headerScanLimit)
	}
}

// readError records a failure to read a sheet: a file problem as the
// sheet package worded it, anything else with the file's name.
func (st *state) readError(sh *sheet.Sheet, err error) {
	var dg diag.Diagnostic
	if errors.As(err, &dg) {
		st.errors++
		st.d.Add(dg)
		return
	}
	st.errorf(diag.Pos{File: sh.File}, "cannot be read: %v", err)
}

func sheetPos(sh *sheet.Sheet) diag.Pos {
	if sh.CSV {
		return diag.Pos{File: sh.File}
	}
	return diag.Pos{File: sh.File, Sheet: sh.Name}
}

// what names the source in a message: "source mrts".
func (st *state) what() string { return "source " + st.src.Name }

// headerWanted says what header row the source's layout looks for.
func (st *state) headerWanted() string {
	switch st.src.Layout {
	case MonthsAcross:
		return "row of month headers (Jan 2026, 2026-01, date cells)"
	case MonthsDown:
		return "header row with a period column and a column of a named series"
	case Long:
		return "header row with kpi and period columns"
	case Records:
		return fmt.Sprintf("header row with a %s column", kpi.Quote(st.src.Date))
	case YearsDown:
		return "header row of month names (Year, Jan, Feb, ..., Dec)"
	}
	return "header row: months across (Jan 2026, Feb 2026, ...), a period column and series columns, or kpi and period columns"
}

// header recognises the header row of the source's layout (or, without
// one, of any layout), returning the table that reads the rows under it.
func (st *state) header(sh *sheet.Sheet, row sheet.Row) table {
	layout := st.src.Layout
	switch layout {
	case Records:
		return st.rec.header(sh, row)
	case YearsDown:
		return st.yearsTableAt(sh, row)
	}
	if layout == Detect || layout == MonthsAcross {
		if t := st.acrossHeader(sh, row, layout == MonthsAcross); t != nil {
			return t
		}
	}
	if layout == Detect || layout == Long {
		if t := st.longHeader(sh, row); t != nil {
			return t
		}
	}
	if layout == Detect || layout == MonthsDown {
		return st.downHeader(sh, row)
	}
	return nil
}

// table reads the rows under a header; it returns the table that reads the
// next row (itself, or another when a new header starts).
type table interface {
	read(row sheet.Row) table
}
