package source

import (
	"fmt"
	"slices"
	"strings"

	"github.com/opsreport/opsreport/internal/diag"
	"github.com/opsreport/opsreport/internal/kpi"
	"github.com/opsreport/opsreport/internal/sheet"
)

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
	if st.isGap(c) {
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

// isGap reports a cell that gaps says means no value: a text such as
// "(S)", or a spreadsheet error such as #N/A, which statistics and
// management workbooks use for "not available".
func (st *state) isGap(c sheet.Cell) bool {
	return gapCell(c) && st.gaps[strings.ToLower(strings.TrimSpace(c.Text))]
}

// gapCell reports a cell gaps may name: a text, or an error cell's code
// (#N/A, #DIV/0!), not opsreport's own account of a formula with no value.
func gapCell(c sheet.Cell) bool {
	return c.Kind == sheet.Text || c.Kind == sheet.Error && strings.HasPrefix(c.Text, "#")
}

// gapHint suggests gaps for a text that looks like a statistics marker:
// "(S)", "(NA)", "n/a", "x", "—", or an error code like #N/A.
func (st *state) gapHint(c sheet.Cell) string {
	if !gapCell(c) {
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
		// A years-down source's one KPI has no label to look for: a file
		// without its table is reported as a sheet with no header.
		if !st.found[se.KPI] && len(se.Labels) > 0 {
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
