package kpi

import (
	"bytes"
	"reflect"
	"testing"

	"github.com/opsreport/opsreport/internal/diag"
)

// TestRegistersRoundTrip writes registers as close does and reads them
// back as a build does: every field as it was, in order, text that looks
// like a formula included.
func TestRegistersRoundTrip(t *testing.T) {
	mar, _ := ParsePeriod("2026-03")
	regs := Registers{
		Risks: []Risk{
			{ID: "R2", Title: "=HYPERLINK(\"x\")", Owner: "Ops, EMEA", Likelihood: 2, Impact: 5, Status: "mitigating", Mitigation: "'+quoted", Due: "2026-09-30", Opened: "2026-02-10"},
			{ID: "R1", Title: "Line\nbreak", Likelihood: 1, Impact: 1, Status: "closed"},
		},
		Actions: []Action{
			{ID: "A1", Title: "@mention", Owner: "Fin", Due: "2026-05-31", Status: "open", Raised: mar},
			{ID: "A2", Status: "done", Raised: mar, Closed: mar},
		},
	}
	var b bytes.Buffer
	if err := WriteRegistersCSV(&b, regs); err != nil {
		t.Fatal(err)
	}
	var d diag.List
	got := ReadRegistersCSV("content/reviews/2026-03/registers.csv", b.Bytes(), &d)
	if d.HasErrors() || got == nil {
		t.Fatalf("read back: %v", d.Items())
	}
	for i := range got.Risks {
		got.Risks[i].Pos = diag.Pos{}
	}
	for i := range got.Actions {
		got.Actions[i].Pos = diag.Pos{}
	}
	if !reflect.DeepEqual(*got, regs) {
		t.Errorf("read back\n%+v\nwant\n%+v\nfile:\n%s", *got, regs, b.String())
	}
	var empty bytes.Buffer
	WriteRegistersCSV(&empty, Registers{})
	if got := ReadRegistersCSV("r.csv", empty.Bytes(), &d); got == nil || len(got.Risks)+len(got.Actions) != 0 {
		t.Errorf("no registers: %+v", got)
	}
}

func TestDamagedRegisters(t *testing.T) {
	for src, want := range map[string]string{
		"":                       "r.csv:1: the header is not register,id,title,owner,likelihood,impact,status,mitigation,due,opened,raised,closed (damaged? restore it from git, or close the review again with --force)",
		"register,id\nrisk,R1\n": "r.csv:1: the header is not register,id,title,owner,likelihood,impact,status,mitigation,due,opened,raised,closed (damaged? restore it from git, or close the review again with --force)",
		"register,id,title,owner,likelihood,impact,status,mitigation,due,opened,raised,closed\naction,A1,t,o,,,open,,,,March,\n": "r.csv:2: not a risk or an action as close writes them (damaged? restore it from git, or close the review again with --force)",
		"register,id,title,owner,likelihood,impact,status,mitigation,due,opened,raised,closed\nrisk,R1\n":                        "r.csv:2: wrong number of fields (damaged? restore it from git, or close the review again with --force)",
	} {
		var d diag.List
		if got := ReadRegistersCSV("r.csv", []byte(src), &d); got != nil {
			t.Errorf("%q: read %+v", src, got)
		}
		if items := d.Items(); len(items) != 1 || items[0].String() != want && items[0].String() != "error: "+want {
			t.Errorf("%q:\n got %v\nwant %s", src, items, want)
		}
	}
}
