package kpi

import (
	"fmt"
	"testing"
)

// TestRegisterMonths: due and opened take a month as well as a date (SPEC
// 3): a month as due is its last day, as opened its first; a day written
// with slashes is never taken for its month.
func TestRegisterMonths(t *testing.T) {
	risks := mkSheet("data/risks.csv", "risks", true,
		row("id", "title", "likelihood", "impact", "due", "opened"),
		row("R1", "Outage", "2", "5", "2026-02", "Oct 2025"),
		row("R2", "Churn", "3", "3", "December 2026", "2026/03"),
		row("R3", "Fraud", "3", "3", "10/1/2026", "2026-10-01"),
	)
	actions := mkSheet("data/actions.csv", "actions", true,
		row("id", "title", "due", "raised"),
		row("A1", "Hire", "Feb 2028", "2026-10"),
		row("A2", "Fire", day(2026, 11, 30), "2026-10"),
	)
	st, d := load(risks, actions)
	wantDiags(t, d, `data/risks.csv:4:5: due "10/1/2026" is not a date or a month (write 2026-10-15 or 2026-10)`)
	var got []string
	for _, r := range st.Risks {
		got = append(got, r.ID+" due "+r.Due+" opened "+r.Opened)
	}
	for _, a := range st.Actions {
		got = append(got, a.ID+" due "+a.Due)
	}
	want := "[R1 due 2026-02-28 opened 2025-10-01 R2 due 2026-12-31 opened 2026-03-01 R3 due  opened 2026-10-01 A1 due 2028-02-29 A2 due 2026-11-30]"
	if fmt.Sprint(got) != want {
		t.Errorf("got  %v\nwant %s", got, want)
	}
}
