package example

import (
	"encoding/csv"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// readCSV reads a register from data/ with its header row first.
func readCSV(t *testing.T, name string) [][]string {
	t.Helper()
	recs, err := csv.NewReader(strings.NewReader(readRepo(t, "data/"+name))).ReadAll()
	if err != nil {
		t.Fatalf("data/%s: %v", name, err)
	}
	return recs
}

func isPeriod(s string) bool {
	_, err := time.Parse("2006-01", s)
	return err == nil
}

func isDate(s string) bool {
	_, err := time.Parse("2006-01-02", s)
	return err == nil
}

func score(s string) bool {
	n, err := strconv.Atoi(s)
	return err == nil && n >= 1 && n <= 5
}

func TestRisksFollowSpec(t *testing.T) {
	recs := readCSV(t, "risks.csv")
	want := []string{"id", "title", "owner", "likelihood", "impact", "status", "mitigation", "due", "opened"}
	if !slices.Equal(recs[0], want) {
		t.Fatalf("risks.csv header %v, want %v", recs[0], want)
	}
	closed := 0
	for i, r := range recs[1:] {
		line := i + 2
		if !score(r[3]) || !score(r[4]) {
			t.Errorf("risks.csv:%d: likelihood and impact must be 1–5", line)
		}
		if !slices.Contains([]string{"open", "mitigating", "closed"}, r[5]) {
			t.Errorf("risks.csv:%d: status %q", line, r[5])
		}
		if !isDate(r[7]) || !isDate(r[8]) || r[8] > r[7] {
			t.Errorf("risks.csv:%d: due %q and opened %q must be dates, opened first", line, r[7], r[8])
		}
		if r[5] == "closed" {
			closed++
		}
	}
	if n := len(recs) - 1; n < 7 || closed < 2 || closed == n {
		t.Errorf("%d risks, %d closed: want about eight, some closed, some open", n, closed)
	}
}

// action is one row of data/actions.csv.
type action struct{ id, due, status, raised, closed string }

func loadActions(t *testing.T) []action {
	recs := readCSV(t, "actions.csv")
	want := []string{"id", "title", "owner", "due", "status", "raised", "closed"}
	if !slices.Equal(recs[0], want) {
		t.Fatalf("actions.csv header %v, want %v", recs[0], want)
	}
	var out []action
	for _, r := range recs[1:] {
		out = append(out, action{id: r[0], due: r[3], status: r[4], raised: r[5], closed: r[6]})
	}
	return out
}

func TestActionsFollowSpec(t *testing.T) {
	for i, a := range loadActions(t) {
		line := i + 2
		if !slices.Contains([]string{"open", "done", "dropped"}, a.status) || !isDate(a.due) {
			t.Errorf("actions.csv:%d: status %q, due %q", line, a.status, a.due)
		}
		if a.raised < "2026-07" || a.raised > "2026-10" || !isPeriod(a.raised) {
			t.Errorf("actions.csv:%d: raised %q outside the reviewed months", line, a.raised)
		}
		if (a.status == "open") != (a.closed == "") || (a.closed != "" && (!isPeriod(a.closed) || a.closed < a.raised)) {
			t.Errorf("actions.csv:%d: status %q with closed %q", line, a.status, a.closed)
		}
	}
}

// TestOverdueActionsAsOfOctober pins what the October review says: three
// actions overdue at the end of 2026-10, one of them an outage follow-up.
func TestOverdueActionsAsOfOctober(t *testing.T) {
	var overdue []string
	for _, a := range loadActions(t) {
		if a.status == "open" && a.due <= "2026-10-31" {
			overdue = append(overdue, a.id)
		}
	}
	if want := []string{"A-07", "A-08", "A-12"}; !slices.Equal(overdue, want) {
		t.Errorf("overdue as of 2026-10: %v, want %v", overdue, want)
	}
}
