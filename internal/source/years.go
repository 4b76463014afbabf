package source

import (
	"math"
	"regexp"
	"strconv"
	"strings"

	"github.com/opsreport/opsreport/internal/kpi"
	"github.com/opsreport/opsreport/internal/sheet"
)

// yearsTable reads a years × months table (layout years-down), the shape
// statistics offices publish a monthly series in: a year per row, Jan …
// Dec across, often with annual or seasonal columns after them (J-D,
// Annual, HALF1), which are not months. Each table holds one KPI: the
// source's only series, or the one whose title is written above the table.
type yearsTable struct {
	st       *state
	sh       *sheet.Sheet
	months   map[int]int // column → month
	firstCol int         // the first month's column: the year stands left of it
	k        *kpi.KPI    // nil: a table no series names, passed over
	// unordered is the first month header out of calendar order (Feb …
	// Jan, a fiscal year's table), whose rows cannot be placed: which
	// year would its January be in?
	unordered *sheet.Cell
}

// minYearMonths is how many month headers make a years × months header.
const minYearMonths = 3

// yearsHeader recognises a header of month names without years ("Year,
// Jan, Feb, …, Dec").
func (st *state) yearsHeader(sh *sheet.Sheet, row sheet.Row) *yearsTable {
	t := &yearsTable{st: st, sh: sh, months: map[int]int{}}
	last := 0
	for _, c := range row.Cells {
		if c.Kind != sheet.Text {
			continue
		}
		if m, ok := kpi.MonthName(stripFootnote(c.Text)); ok {
			t.months[c.Col] = m
			if t.firstCol == 0 {
				t.firstCol = c.Col
			}
			if m <= last && t.unordered == nil {
				t.unordered = &c
			}
			last = m
		}
	}
	if len(t.months) < minYearMonths {
		return nil
	}
	return t
}

// refuse reports a header whose months are out of calendar order, once per
// source, and passes over its table.
func (t *yearsTable) refuse() {
	st := t.st
	if t.unordered == nil {
		return
	}
	t.k = nil
	if !st.yearsOrderReported {
		st.yearsOrderReported = true
		st.errorf(t.sh.CellPos(*t.unordered), "%s: month %s comes after a later month in this header: layout years-down reads a calendar year per row, January to December (a fiscal year's table, such as April to March, cannot be placed: give its months down a column instead)", st.what(), kpi.Quote(t.unordered.Text))
	}
}

// yearsTableAt starts the table under a header, its KPI decided by the
// titles read above it.
func (st *state) yearsTableAt(sh *sheet.Sheet, row sheet.Row) table {
	t := st.yearsHeader(sh, row)
	if t == nil {
		return nil
	}
	t.k = st.tableKPI(sh)
	st.titles = nil
	t.refuse()
	return t
}

// tableKPI is the KPI of the table under the titles read since the last
// one: the source's one KPI, or the series whose label is in a title or is
// the sheet's name. A table no series names is listed among the file's
// ignored series, by its first title.
func (st *state) tableKPI(sh *sheet.Sheet) *kpi.KPI {
	if len(st.src.Series) == 1 && st.src.Series[0].Labels == nil {
		return st.src.Series[0].KPI
	}
	texts := append([]string{}, st.titles...)
	if !sh.CSV {
		texts = append(texts, sh.Name)
	}
	for _, se := range st.src.Series {
		for _, lb := range se.Labels {
			for _, t := range texts {
				if containsWords(norm(t), norm(lb)) {
					return se.KPI
				}
			}
		}
	}
	for _, t := range texts {
		st.seeLabel(t, true)
	}
	if len(texts) > 0 {
		st.ignoreTitle(texts[0])
	}
	return nil
}

// containsWords reports a normalised label within a normalised title.
func containsWords(title, label string) bool {
	return label != "" && strings.Contains(title, label)
}

// ignoreTitle lists a table no series names among the file's ignored
// series.
func (st *state) ignoreTitle(title string) {
	key := st.file + "\x00" + norm(title)
	if !st.ignoredSeen[key] {
		st.ignoredSeen[key] = true
		st.ignored[st.file] = append(st.ignored[st.file], strings.TrimSpace(title))
	}
}

// read reads one row under the header: a year and its months, a repeated
// header (skipped), a new table's header, or a title or note.
func (t *yearsTable) read(row sheet.Row) table {
	y, ok := t.year(row)
	if !ok {
		if h := t.st.yearsHeader(t.sh, row); h != nil {
			// The header again: with no title since, the same table goes
			// on (a long table repeats its header every few decades).
			if len(t.st.titles) == 0 {
				h.k = t.k
			} else {
				h.k = t.st.tableKPI(t.sh)
				t.st.titles = nil
			}
			h.refuse()
			return h
		}
		t.other(row)
		return t
	}
	if t.k == nil {
		return t
	}
	t.st.found[t.k] = true
	for _, c := range row.Cells {
		if m, ok := t.months[c.Col]; ok {
			t.st.value(t.sh, c, t.k, kpi.Period{Year: y, Month: m}, t.st.src.Kind)
		}
	}
	return t
}

// other handles a row with no year: its texts may title the next table; a
// row with numbers under the months (an average, a total) is not a year
// and is listed among the file's ignored series.
func (t *yearsTable) other(row sheet.Row) {
	numbers := false
	var label string
	for _, c := range row.Cells {
		switch {
		case isBlank(c):
		case c.Col < t.firstCol && label == "":
			label = kpi.CellText(c)
		case t.months[c.Col] > 0 && isNumber(c):
			numbers = true
		}
	}
	if numbers {
		if t.k != nil && label != "" {
			t.st.ignoreTitle(label)
		}
		return
	}
	for _, c := range row.Cells {
		if c.Kind == sheet.Text && !isBlank(c) && len(t.st.titles) < 20 {
			t.st.titles = append(t.st.titles, c.Text)
		}
	}
}

// yearText is a year in a text cell, with a footnote or a provisional mark
// after it: "2022", "2022(p)", "2023 r", "2012*".
var yearText = regexp.MustCompile(`^([12][0-9]{3})\s*(\([A-Za-z0-9]{1,3}\)|[A-Za-z]|\*+)?$`)

// year reads the row's year: the cell nearest left of the months holding
// one, a whole number from 1000 to 2999 or a text like "2022(p)".
func (t *yearsTable) year(row sheet.Row) (int, bool) {
	for i := len(row.Cells) - 1; i >= 0; i-- {
		c := row.Cells[i]
		if c.Col >= t.firstCol || isBlank(c) {
			continue
		}
		switch c.Kind {
		case sheet.Number:
			if v := c.Num; v == math.Trunc(v) && v >= 1000 && v <= 2999 {
				return int(v), true
			}
		case sheet.Text:
			if m := yearText.FindStringSubmatch(strings.TrimSpace(c.Text)); m != nil {
				y, _ := strconv.Atoi(m[1])
				return y, true
			}
		}
		return 0, false
	}
	return 0, false
}

// isNumber reports a number cell, or a CSV text that reads as one.
func isNumber(c sheet.Cell) bool {
	if c.Kind == sheet.Number {
		return true
	}
	_, ok, _ := kpi.ParseNumber(c.Text)
	return c.Kind == sheet.Text && ok
}
