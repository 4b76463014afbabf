package source

import (
	"slices"

	"github.com/opsreport/opsreport/internal/diag"
	"github.com/opsreport/opsreport/internal/kpi"
	"github.com/opsreport/opsreport/internal/sheet"
)

// acrossTable reads a months-across sheet: one row per series, months as
// column headers.
type acrossTable struct {
	st       *state
	sh       *sheet.Sheet
	cols     map[int]column // value columns
	firstCol int            // the first month's column: labels stand left of it
	// seriesRow is true until the row under the header has been looked at
	// for series words.
	seriesRow bool
	// block state: inBlock is whether rows are read; a block ends at a
	// heading in headCol with the same letter case as the one that
	// started it.
	inBlock  bool
	headCol  int
	headCaps bool
	// labelCol is the label column the source names (0: every text cell
	// left of the months is a label).
	labelCol int
}

// column is what a value column holds.
type column struct {
	period kpi.Period
	series string
}

// acrossHeader recognises a row of month headers: at least two (one when
// the source says months-across) text or date cells that read as months.
func (st *state) acrossHeader(sh *sheet.Sheet, row sheet.Row, explicit bool) table {
	cols := map[int]column{}
	first := 0
	for _, c := range row.Cells {
		if p, ok := headerPeriod(c); ok {
			cols[c.Col] = column{period: p, series: st.src.Kind}
			if first == 0 {
				first = c.Col
			}
		}
	}
	if len(cols) < 2 && (!explicit || len(cols) == 0) {
		return nil
	}
	t := &acrossTable{st: st, sh: sh, cols: cols, firstCol: first, seriesRow: true, inBlock: st.src.Block == "", labelCol: st.labelColumn(row, first)}
	if st.before != nil && st.src.Block != "" {
		t.heading(*st.before) // NOT ADJUSTED above the months opens the first block
		st.before = nil
	}
	return t
}

func (t *acrossTable) read(row sheet.Row) table {
	if t.seriesRow {
		t.seriesRow = false
		if t.seriesWords(row) {
			return t
		}
	}
	if h, ok := t.st.acrossHeader(t.sh, row, false).(*acrossTable); ok && !t.hasNumbers(row) {
		// A new header: a second table further down, or the same months
		// repeated over the next block. The block state carries over.
		h.inBlock, h.headCol, h.headCaps = t.inBlock, t.headCol, t.headCaps
		return h
	}
	labels, values := t.split(row)
	if len(values) == 0 {
		if len(labels) == 1 && labels[0].Kind == sheet.Text {
			t.heading(labels[0])
		}
		return t
	}
	t.dataRow(labels, values)
	return t
}

// seriesWords reads a second header row of series words (Actual, Budget,
// Var) under the months, if row is one: each month column takes its series
// from the word below it, and a column headed by another word is dropped.
func (t *acrossTable) seriesWords(row sheet.Row) bool {
	words := map[int]string{}
	for _, c := range row.Cells {
		if _, isCol := t.cols[c.Col]; !isCol || isBlank(c) {
			continue
		}
		if c.Kind != sheet.Text {
			return false
		}
		words[c.Col] = norm(c.Text)
	}
	known := 0
	for _, w := range words {
		if _, ok := seriesWords[w]; ok {
			known++
		}
	}
	if known == 0 {
		return false
	}
	for col, w := range words {
		if s, ok := seriesWords[w]; ok {
			t.cols[col] = column{period: t.cols[col].period, series: s}
		} else {
			delete(t.cols, col)
		}
	}
	return true
}

// hasNumbers reports a row with a number in a value column: data, not a
// repeated header.
func (t *acrossTable) hasNumbers(row sheet.Row) bool {
	for _, c := range row.Cells {
		if _, ok := t.cols[c.Col]; ok && c.Kind == sheet.Number {
			return true
		}
	}
	return false
}

// split parts a row into its label cells (left of the months) and the
// non-blank cells of its value columns. Cells of ignored columns (TOTAL)
// count as values too, so a row of totals is not a heading.
func (t *acrossTable) split(row sheet.Row) (labels, values []sheet.Cell) {
	for _, c := range row.Cells {
		switch {
		case isBlank(c):
		case c.Col < t.firstCol:
			labels = append(labels, c)
		default:
			values = append(values, c)
		}
	}
	return labels, values
}

// heading handles a row of one text and no values: it may start or end the
// block the source reads.
func (t *acrossTable) heading(c sheet.Cell) {
	st := t.st
	if st.src.Block == "" {
		return
	}
	n := norm(c.Text)
	if n == norm(st.src.Block) {
		t.inBlock, t.headCol, t.headCaps = true, c.Col, caseStyle(c.Text)
		st.blockFound = true
		return
	}
	// Headings are listed for a block that matched none; a long text is
	// a note or a footnote, not a heading anyone would name.
	if len([]rune(c.Text)) <= 40 && !containsText(st.headings, c.Text) && len(st.headings) < 50 {
		st.headings = append(st.headings, stripFootnote(c.Text))
	}
	if t.inBlock && c.Col == t.headCol && caseStyle(c.Text) == t.headCaps {
		t.inBlock = false
	}
}

func containsText(list []string, s string) bool {
	for _, x := range list {
		if x == stripFootnote(s) {
			return true
		}
	}
	return false
}

// dataRow reads one series' row: the rightmost label that names a KPI
// decides it.
func (t *acrossTable) dataRow(labels, values []sheet.Cell) {
	st := t.st
	var k *kpi.KPI
	if t.labelCol > 0 {
		labels = slices.DeleteFunc(labels, func(c sheet.Cell) bool { return c.Col != t.labelCol })
	}
	for i := len(labels) - 1; i >= 0; i-- {
		text := kpi.CellText(labels[i])
		st.seeLabel(text, t.inBlock)
		if t.inBlock && k == nil {
			k = st.lookup(text)
		}
	}
	if !t.inBlock {
		return
	}
	if k == nil {
		if c, ok := rightmostText(labels); ok {
			st.unmatched(t.sh, c)
		}
		return
	}
	st.found[k] = true
	for _, c := range values {
		if col, ok := t.cols[c.Col]; ok {
			st.value(t.sh, c, k, col.period, col.series)
		}
	}
}

// rightmostText is the label nearest the months that is text.
func rightmostText(labels []sheet.Cell) (sheet.Cell, bool) {
	for i := len(labels) - 1; i >= 0; i-- {
		if labels[i].Kind == sheet.Text {
			return labels[i], true
		}
	}
	return sheet.Cell{}, false
}

// labelColumn finds the column the source's label key names, in the header
// row: by its header text, or by its letter (B). 0 when label is not given
// or names no column left of the months, which is reported once.
func (st *state) labelColumn(row sheet.Row, first int) int {
	want := st.src.Label
	if want == "" {
		return 0
	}
	var headers []string
	for _, c := range row.Cells {
		if c.Col >= first || isBlank(c) {
			continue
		}
		if norm(kpi.CellText(c)) == norm(want) {
			return c.Col
		}
		headers = append(headers, kpi.CellText(c))
	}
	if col := columnIndex(want); col > 0 && col < first {
		return col
	}
	if !st.labelReported {
		st.labelReported = true
		st.errorf(st.src.At("label"), "label %s is neither a header left of the months in %s nor a column letter before them%s", kpi.Quote(want), st.file, diag.CloseTo(want, headers))
	}
	return 0
}

// columnIndex reads a column letter (A, B, …, AA) as its 1-based number; 0
// for anything else.
func columnIndex(s string) int {
	n := 0
	for _, r := range s {
		if r < 'A' || r > 'Z' || n > 1<<16 {
			return 0
		}
		n = n*26 + int(r-'A') + 1
	}
	return n
}
