package kpi

import (
	"slices"
	"strings"
	"time"

	"github.com/opsreport/opsreport/internal/diag"
	"github.com/opsreport/opsreport/internal/sheet"
)

// Risk is one row of the risk register (SPEC 3).
type Risk struct {
	ID, Title, Owner   string
	Likelihood, Impact int    // 1..5
	Status, Mitigation string // open, mitigating or closed
	Due, Opened        string // ISO dates yyyy-mm-dd, or ""
	Pos                diag.Pos
}

// Score is likelihood × impact, the order a review lists open risks in.
func (r Risk) Score() int { return r.Likelihood * r.Impact }

// Action is one row of the action log (SPEC 3).
type Action struct {
	ID, Title, Owner, Due string // Due is an ISO date yyyy-mm-dd, or ""
	Status                string // open, done or dropped
	Raised, Closed        Period // Closed is zero while the action is open
	Pos                   diag.Pos
}

var (
	riskColumns    = []string{"id", "title", "owner", "likelihood", "impact", "status", "mitigation", "due", "opened"}
	actionColumns  = []string{"id", "title", "owner", "due", "status", "raised", "closed"}
	riskStatuses   = []string{"open", "mitigating", "closed"}
	actionStatuses = []string{"open", "done", "dropped"}
)

// regRow is one register row: cells by column name.
type regRow map[string]sheet.Cell

// regTable reads the rows of a risk register or action log.
type regTable struct {
	r    *sheetReader
	cols map[int]string
	add  func(regRow)
}

// registerHeader recognises a register header (it needs an id column).
func (r *sheetReader) registerHeader(row sheet.Row, h headerMap, columns []string, add func(regRow)) rowReader {
	if !h.has("id") {
		return nil
	}
	t := &regTable{r: r, cols: map[int]string{}, add: add}
	seen := map[string]bool{}
	for _, c := range row.Cells {
		name := headerName(c)
		switch {
		case isBlank(c):
		case !slices.Contains(columns, name):
			r.l.d.Errorf(r.s.CellPos(c), "unknown column %s%s", quote(cellText(c)), diag.DidYouMean(name, columns))
		case seen[name]:
			r.l.d.Errorf(r.s.CellPos(c), "a second %s column", name)
		default:
			t.cols[c.Col], seen[name] = name, true
		}
	}
	return t
}

func (t *regTable) read(row sheet.Row) {
	rec := regRow{}
	var first *sheet.Cell
	for _, c := range row.Cells {
		name, ok := t.cols[c.Col]
		if !ok || isBlank(c) {
			continue
		}
		if first == nil {
			first = &c
		}
		rec[name] = c
	}
	if first == nil {
		return
	}
	if _, ok := rec["id"]; !ok {
		t.r.l.d.Errorf(t.r.s.CellPos(*first), "a row with no id")
		return
	}
	t.add(rec)
}

func (r *sheetReader) addRisk(rec regRow) {
	id := rec["id"]
	risk := Risk{
		ID: r.text(rec, "id"), Title: r.text(rec, "title"), Owner: r.text(rec, "owner"),
		Mitigation: r.text(rec, "mitigation"),
		Likelihood: r.scale(rec, "likelihood", id), Impact: r.scale(rec, "impact", id),
		Status: r.status(rec, riskStatuses), Due: r.date(rec, "due", true), Opened: r.date(rec, "opened", false),
		Pos: r.s.CellPos(id),
	}
	r.out.risks = append(r.out.risks, risk)
}

func (r *sheetReader) addAction(rec regRow) {
	action := Action{
		ID: r.text(rec, "id"), Title: r.text(rec, "title"), Owner: r.text(rec, "owner"),
		Due: r.date(rec, "due", true), Status: r.status(rec, actionStatuses),
		Raised: r.periodField(rec, "raised"), Closed: r.periodField(rec, "closed"),
		Pos: r.s.CellPos(rec["id"]),
	}
	r.out.actions = append(r.out.actions, action)
}

func (r *sheetReader) text(rec regRow, name string) string {
	c, ok := rec[name]
	if !ok {
		return ""
	}
	return strings.TrimSpace(cellText(c))
}

// scale reads a 1–5 rating; it is required, since a risk cannot be
// ordered without it.
func (r *sheetReader) scale(rec regRow, name string, id sheet.Cell) int {
	c, ok := rec[name]
	if !ok {
		r.l.d.Errorf(r.s.CellPos(id), "risk %s has no %s (1 to 5)", cellText(id), name)
		return 0
	}
	v, ok := c.Num, c.Kind == sheet.Number
	if c.Kind == sheet.Text {
		v, ok, _ = ParseNumber(c.Text)
	}
	if !ok || v != float64(int(v)) || v < 1 || v > 5 {
		r.l.d.Errorf(r.s.CellPos(c), "%s %s is not a whole number from 1 to 5", name, quote(cellText(c)))
		return 0
	}
	return int(v)
}

// status reads a status, open when the cell is empty.
func (r *sheetReader) status(rec regRow, allowed []string) string {
	c, ok := rec["status"]
	if !ok {
		return allowed[0]
	}
	v := strings.ToLower(strings.TrimSpace(cellText(c)))
	if slices.Contains(allowed, v) {
		return v
	}
	r.l.d.Errorf(r.s.CellPos(c), "unknown status %s%s", quote(cellText(c)), choiceHint(v, allowed))
	return allowed[0]
}

// choiceHint suggests the near miss, or lists the choices.
func choiceHint(v string, allowed []string) string {
	if hint := diag.DidYouMean(v, allowed); hint != "" {
		return hint
	}
	return " (use one of " + strings.Join(allowed, ", ") + ")"
}

// date reads an optional date as ISO yyyy-mm-dd. A month in any period
// spelling (SPEC 3) stands for its last day when end is set (a due date)
// and for its first otherwise (an opening date).
func (r *sheetReader) date(rec regRow, name string, end bool) string {
	c, ok := rec[name]
	if !ok {
		return ""
	}
	t, ok := dateOfCell(c)
	if !ok {
		var p Period
		if p, ok = monthOfCell(c); ok {
			t = time.Date(p.Year, time.Month(p.Month), 1, 0, 0, 0, 0, time.UTC)
			if end {
				t = t.AddDate(0, 1, -1)
			}
		}
	}
	if !ok {
		r.l.d.Errorf(r.s.CellPos(c), "%s %s is not a date or a month (write 2026-10-15 or 2026-10)", name, quote(cellText(c)))
		return ""
	}
	return t.Format("2006-01-02")
}

// monthOfCell reads a month where a date may stand. Text with three runs
// of digits is a day (10/1/2026, 2026-10-01), never taken for its month.
func monthOfCell(c sheet.Cell) (Period, bool) {
	if c.Kind == sheet.Text && digitRuns(c.Text) >= 3 {
		return Period{}, false
	}
	return PeriodOfCell(c)
}

func digitRuns(s string) int {
	n, in := 0, false
	for _, r := range s {
		d := r >= '0' && r <= '9'
		if d && !in {
			n++
		}
		in = d
	}
	return n
}

// dateLayouts are the day spellings accepted besides ISO and date cells.
var dateLayouts = []string{"2 Jan 2006", "2 January 2006", "Jan 2, 2006", "January 2, 2006", "2-Jan-2006"}

// dateOfCell reads a day: a date cell, ISO text, or "15 Oct 2026" and
// "Oct 15, 2026". Slash dates are refused: 03/04/2026 means different days
// on either side of the Atlantic.
func dateOfCell(c sheet.Cell) (time.Time, bool) {
	switch c.Kind {
	case sheet.Date:
		return c.Time, true
	case sheet.Text:
		s := strings.TrimSpace(c.Text)
		if t, ok := parseISODate(s); ok {
			return t, true
		}
		for _, layout := range dateLayouts {
			if t, err := time.Parse(layout, s); err == nil {
				return t, true
			}
		}
	}
	return time.Time{}, false
}

// periodField reads an optional month.
func (r *sheetReader) periodField(rec regRow, name string) Period {
	c, ok := rec[name]
	if !ok {
		return Period{}
	}
	p, ok := PeriodOfCell(c)
	if !ok {
		r.l.d.Errorf(r.s.CellPos(c), "%s %s is not a month (write 2026-10, Oct 2026 or 10/2026)", name, quote(cellText(c)))
	}
	return p
}
