package kpi

import (
	"encoding/csv"
	"errors"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/opsreport/opsreport/internal/diag"
)

// Registers are the risk register and the action log as a review shows
// them: the live ones read from data/, or a closed review's frozen copy.
type Registers struct {
	Risks   []Risk
	Actions []Action
}

// RegistersHeader is the header of a closed review's registers.csv: one
// row per risk (register "risk") and per action ("action"), each field as
// the review showed it; columns the row's register does not have are
// empty.
var RegistersHeader = []string{"register", "id", "title", "owner", "likelihood", "impact", "status", "mitigation", "due", "opened", "raised", "closed"}

// WriteRegistersCSV writes regs as registers.csv, risks then actions, in
// their order. Text that starts like a spreadsheet formula is defused as
// in snapshot.csv, and restored when read.
func WriteRegistersCSV(w io.Writer, regs Registers) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(RegistersHeader); err != nil {
		return err
	}
	for _, r := range regs.Risks {
		rec := []string{"risk", defuseCell(r.ID), defuseCell(r.Title), defuseCell(r.Owner), strconv.Itoa(r.Likelihood), strconv.Itoa(r.Impact),
			r.Status, defuseCell(r.Mitigation), r.Due, r.Opened, "", ""}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	for _, a := range regs.Actions {
		rec := []string{"action", defuseCell(a.ID), defuseCell(a.Title), defuseCell(a.Owner), "", "",
			a.Status, "", a.Due, "", periodText(a.Raised), periodText(a.Closed)}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

func periodText(p Period) string {
	if p.IsZero() {
		return ""
	}
	return p.String()
}

// ReadRegistersCSV reads a registers.csv that WriteRegistersCSV wrote. The
// file is opsreport's, not a user's spreadsheet: anything else in it is
// damage, an error at its line, and then nothing is returned.
func ReadRegistersCSV(file string, src []byte, d *diag.List) *Registers {
	cr := csv.NewReader(strings.NewReader(string(src)))
	cr.FieldsPerRecord = len(RegistersHeader)
	fail := func(line int, format string, args ...any) *Registers {
		d.Errorf(diag.Pos{File: file, Line: line}, format+" (damaged? restore it from git, or close the review again with --force)", args...)
		return nil
	}
	head, err := cr.Read()
	if err != nil || !slices.Equal(head, RegistersHeader) {
		return fail(1, "the header is not %s", strings.Join(RegistersHeader, ","))
	}
	regs := &Registers{}
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return regs
		}
		line, _ := cr.FieldPos(0)
		if err != nil {
			return fail(line, "%v", csvErrorText(err))
		}
		pos := diag.Pos{File: file, Line: line}
		if !regs.add(rec, pos) {
			return fail(line, "not a risk or an action as close writes them")
		}
	}
}

// csvErrorText is a csv error without its own position, which the message
// already has.
func csvErrorText(err error) string {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

// add reads one row of registers.csv into regs.
func (regs *Registers) add(rec []string, pos diag.Pos) bool {
	f := func(name string) string { return rec[slices.Index(RegistersHeader, name)] }
	switch f("register") {
	case "risk":
		l, err1 := strconv.Atoi(f("likelihood"))
		i, err2 := strconv.Atoi(f("impact"))
		if err1 != nil || err2 != nil || !slices.Contains(riskStatuses, f("status")) {
			return false
		}
		regs.Risks = append(regs.Risks, Risk{ID: restoreCell(f("id")), Title: restoreCell(f("title")), Owner: restoreCell(f("owner")),
			Likelihood: l, Impact: i, Status: f("status"), Mitigation: restoreCell(f("mitigation")), Due: f("due"), Opened: f("opened"), Pos: pos})
	case "action":
		raised, ok1 := frozenPeriod(f("raised"))
		closed, ok2 := frozenPeriod(f("closed"))
		if !ok1 || !ok2 || !slices.Contains(actionStatuses, f("status")) {
			return false
		}
		regs.Actions = append(regs.Actions, Action{ID: restoreCell(f("id")), Title: restoreCell(f("title")), Owner: restoreCell(f("owner")),
			Due: f("due"), Status: f("status"), Raised: raised, Closed: closed, Pos: pos})
	default:
		return false
	}
	return true
}

// frozenPeriod reads a period as periodText wrote it.
func frozenPeriod(s string) (Period, bool) {
	if s == "" {
		return Period{}, true
	}
	p, ok := ParsePeriod(s)
	return p, ok && p.String() == s
}
