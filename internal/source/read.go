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
		for i, rel := range rels {
			if ok, _ := path.Match(s.File, rel); ok && isSheetFile(rel) {
				if what := notValues(rel); what != "" {
					d.Errorf(s.At("file"), "file %q names %s, %s: a source reads values", s.File, files[i], what)
					continue
				}
				out[s] = append(out[s], files[i])
			}
		}
		if len(out[s]) == 0 {
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
	errors        int
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
			if !sh.Hidden {
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
	st.before = nil
	for row := range sh.Rows() {
		if t != nil {
			t = t.read(row)
			continue
		}
		scanned++
		if t = st.header(sh, row); t == nil && scanned >= headerScanLimit {
			break
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
	}
	return "header row: months across (Jan 2026, Feb 2026, ...), a period column and series columns, or kpi and period columns"
}

// header recognises the header row of the source's layout (or, without
// one, of any layout), returning the table that reads the rows under it.
func (st *state) header(sh *sheet.Sheet, row sheet.Row) table {
	layout := st.src.Layout
	if layout == Records {
		return st.rec.header(sh, row)
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

// lookup resolves a label or header to a KPI: through series when the
// source names any, else through the catalog's ids and names.
func (st *state) lookup(text string) *kpi.KPI {
	n := norm(text)
	if n == "" {
		return nil
	}
	if len(st.src.Series) > 0 {
		return st.byLabel[n]
	}
	return st.catalogKPI(text, n)
}

// unmatched handles a label or header that named no KPI. With series, it
// is a series the source does not want: ignored silently. Without, a near
// miss of a KPI's id or name is an error, and any other name is listed in
// the file's warning.
func (st *state) unmatched(sh *sheet.Sheet, c sheet.Cell) {
	if len(st.src.Series) > 0 {
		return
	}
	text := strings.TrimSpace(kpi.CellText(c))
	if hint := st.cat.NearMiss(stripFootnote(text)); hint != "" {
		st.errorf(sh.CellPos(c), "unknown KPI %s%s", kpi.Quote(text), hint)
		return
	}
	key := st.file + "\x00" + norm(text)
	if !st.ignoredSeen[key] {
		st.ignoredSeen[key] = true
		st.ignored[st.file] = append(st.ignored[st.file], text)
	}
}

// catalogKPI matches a text to a KPI's id or name, normalised.
func (st *state) catalogKPI(text, n string) *kpi.KPI {
	if k := st.cat.Lookup(strings.TrimSpace(text)); k != nil {
		return k
	}
	var found *kpi.KPI
	for _, k := range st.cat.KPIs {
		if norm(k.ID) == n || norm(k.Name) == n {
			if found != nil && found != k {
				return nil // shared: NearMiss says so
			}
			found = k
		}
	}
	return found
}

// seeLabel remembers a label met in a data row.
func (st *state) seeLabel(text string, inBlock bool) {
	n := norm(text)
	if n == "" {
		return
	}
	if i, ok := st.labelIndex[n]; ok {
		st.labels[i].inBlock = st.labels[i].inBlock || inBlock
		return
	}
	if len(st.labels) < 10000 {
		st.labelIndex[n] = len(st.labels)
		st.labels = append(st.labels, seenLabel{text: strings.TrimSpace(text), inBlock: inBlock})
	}
}

// value reads one value cell for k, applying gaps and scale; false for no
// value (a gap, or a reported problem).
func (st *state) value(sh *sheet.Sheet, c sheet.Cell, k *kpi.KPI, p kpi.Period, series string) {
	if isBlank(c) {
		return
	}
	if c.Kind == sheet.Text && st.gaps[strings.ToLower(strings.TrimSpace(c.Text))] {
		return
	}
	v, ok := kpi.ValueOfCell(c, k.Unit)
	if !ok {
		st.errorf(sh.CellPos(c), "%s %s%s", kpi.CellProblem(c), kpi.ValueContext(k, p, series), st.gapHint(c))
		return
	}
	if st.src.Scale != 1 {
		v = kpi.Clean(v * st.src.Scale)
	}
	st.values = append(st.values, kpi.Value{KPI: k, Period: p, Series: series, V: v,
		File: sh.File, Sheet: sheetName(sh), Row: c.Row, Col: c.Col, Pos: sh.CellPos(c)})
}

// gapHint suggests gaps for a text that looks like a statistics marker:
// "(S)", "(NA)", "n/a", "x", "—".
func (st *state) gapHint(c sheet.Cell) string {
	if c.Kind != sheet.Text {
		return ""
	}
	t := strings.TrimSpace(c.Text)
	if len([]rune(t)) > 6 {
		return ""
	}
	return fmt.Sprintf(" (if it means no value, add %s to gaps of source %s in %s)", kpi.Quote(t), st.src.Name, File)
}

func sheetName(sh *sheet.Sheet) string {
	if sh.CSV {
		return ""
	}
	return sh.Name
}

// finish checks what only the whole source can tell: series whose label no
// sheet has, a block no sheet has, a source that gave nothing.
func (st *state) finish(books []*sheet.Book) {
	files := st.fileNames(books)
	if st.src.Block != "" && !st.blockFound {
		st.errorf(st.src.At("block"), "block %s: no heading row in %s matches it%s", kpi.Quote(st.src.Block), files, st.headingsNote())
	}
	for _, se := range st.src.Series {
		if !st.found[se.KPI] {
			st.errorf(se.Pos, "%s of kpi %s appears in no sheet of %s%s", labelWord(se.Labels), se.KPI.ID, files, st.closeNote(se.Labels))
		}
	}
	if len(st.values) == 0 && st.errors == 0 {
		st.d.Warnf(st.src.Pos, "source %s read no value from %s", st.src.Name, files)
	}
}

func (st *state) fileNames(books []*sheet.Book) string {
	var names []string
	for _, b := range books {
		names = append(names, b.File)
	}
	if len(names) > 3 {
		return fmt.Sprintf("%s and %d more files", strings.Join(names[:3], ", "), len(names)-3)
	}
	return strings.Join(names, ", ")
}

func labelWord(labels []string) string {
	if len(labels) == 1 {
		return "label " + kpi.Quote(labels[0])
	}
	return "none of the labels " + kpi.QuoteList(labels, 5)
}

// headingsNote lists the headings a block could have named.
func (st *state) headingsNote() string {
	if len(st.headings) == 0 {
		return " (it has no heading rows: a heading is a row holding one text and no values)"
	}
	return " (headings: " + kpi.QuoteList(st.headings, 8) + ")"
}

// closeNote says which labels of the file come close to the wanted ones,
// or that a wanted one appears only outside the block read.
func (st *state) closeNote(want []string) string {
	for _, w := range want {
		if i, ok := st.labelIndex[norm(w)]; ok && !st.labels[i].inBlock {
			return fmt.Sprintf(" under heading %s: it appears only outside that block", kpi.Quote(st.src.Block))
		}
	}
	var texts []string
	for _, lb := range st.labels {
		texts = append(texts, lb.text)
	}
	var close []string
	for _, w := range want {
		for _, c := range diag.Closest(w, texts, 3) {
			if !slices.Contains(close, c) {
				close = append(close, c)
			}
		}
	}
	if len(close) == 0 {
		return ""
	}
	return " (labels that come close: " + kpi.QuoteList(close, 3) + ")"
}

// comment records a long table's comment cell.
func (st *state) comment(sh *sheet.Sheet, c sheet.Cell, k *kpi.KPI, p kpi.Period) {
	st.values = append(st.values, kpi.Value{KPI: k, Period: p, Series: kpi.SeriesComment, Text: kpi.CellText(c),
		File: sh.File, Sheet: sheetName(sh), Row: c.Row, Col: c.Col, Pos: sh.CellPos(c)})
}
