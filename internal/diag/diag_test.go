package diag

import (
	"strings"
	"testing"
)

func TestPosString(t *testing.T) {
	tests := []struct {
		pos  Pos
		want string
	}{
		{Pos{File: "data/metrics.xlsx", Sheet: "Monthly", Cell: "C14"}, "data/metrics.xlsx: Monthly!C14"},
		{Pos{File: "data/metrics.xlsx", Sheet: "Monthly"}, "data/metrics.xlsx: Monthly"},
		{Pos{File: "data/x.csv", Line: 7, Col: 3}, "data/x.csv:7:3"},
		{Pos{File: "content/a.md", Line: 12}, "content/a.md:12"},
		{Pos{File: "data/kpis.yaml"}, "data/kpis.yaml"},
	}
	for _, tt := range tests {
		if got := tt.pos.String(); got != tt.want {
			t.Errorf("%+v: got %q, want %q", tt.pos, got, tt.want)
		}
	}
}

func TestListSortsAndPrintsAll(t *testing.T) {
	var l List
	l.Errorf(Pos{File: "data/m.xlsx", Sheet: "S", Cell: "A10"}, "third")
	l.Warnf(Pos{File: "content/a.md", Line: 2}, "first")
	l.Errorf(Pos{File: "data/m.xlsx", Sheet: "S", Cell: "B2"}, "second")
	l.Errorf(Pos{File: "data/m.xlsx", Sheet: "S", Cell: "AA10"}, "fourth")
	l.Errorf(Pos{File: "data/m.xlsx", Sheet: "S", Cell: "B2"}, "second")
	var b strings.Builder
	l.Print(&b)
	want := "content/a.md:2: warning: first\n" +
		"data/m.xlsx: S!B2: second\n" +
		"data/m.xlsx: S!A10: third\n" +
		"data/m.xlsx: S!AA10: fourth\n"
	if b.String() != want {
		t.Errorf("got\n%s\nwant\n%s", b.String(), want)
	}
	if l.Errors() != 4 || l.Warnings() != 1 || !l.HasErrors() {
		t.Errorf("counts: errors %d warnings %d", l.Errors(), l.Warnings())
	}
}

func TestSuggest(t *testing.T) {
	ids := []string{"uptime", "uptime_prod", "arr", "nps", "headcount"}
	tests := map[string]string{
		"uptme":     "uptime",
		"upitme":    "uptime",
		"ARR":       "arr",
		"headcont":  "headcount",
		"revenue":   "",
		"x":         "",
		"npss":      "nps",
		"uptimeprd": "uptime_prod",
	}
	for in, want := range tests {
		if got := Suggest(in, ids); got != want {
			t.Errorf("Suggest(%q) = %q, want %q", in, got, want)
		}
	}
	if got := DidYouMean("uptme", ids); got != ` (did you mean "uptime"?)` {
		t.Errorf("DidYouMean: %q", got)
	}
}

func TestPlural(t *testing.T) {
	for n, want := range map[int]string{0: "0 errors", 1: "1 error", 2: "2 errors"} {
		if got := Plural(n, "error"); got != want {
			t.Errorf("Plural(%d) = %q, want %q", n, got, want)
		}
	}
}

func TestCloseTo(t *testing.T) {
	cols := []string{"id", "opened_at", "customer", "resolution_hours"}
	for name, want := range map[string]string{
		"opened": ` (did you mean "opened_at"?)`, "hours": ` (did you mean "resolution_hours"?)`,
		"custmer": ` (did you mean "customer"?)`, "zzz": "", "ID": "",
	} {
		if got := CloseTo(name, cols); got != want {
			t.Errorf("CloseTo(%q) = %q, want %q", name, got, want)
		}
	}
}

func TestCapped(t *testing.T) {
	for _, tt := range []struct {
		items []string
		want  string
	}{
		{nil, ""},
		{[]string{"a", "b"}, "a, b"},
		{[]string{"a", "b", "c"}, "a, b, c"},
		{[]string{"a", "b", "c", "d", "e"}, "a, b, c and 2 more"},
	} {
		if got := Capped(tt.items, 3); got != tt.want {
			t.Errorf("%v: %q, want %q", tt.items, got, tt.want)
		}
	}
}

func TestWarningItems(t *testing.T) {
	var l List
	l.Errorf(Pos{File: "a"}, "broken")
	l.Warnf(Pos{File: "b"}, "odd")
	l.Warnf(Pos{File: "b"}, "odd")
	got := l.WarningItems()
	if len(got) != 1 || got[0].Severity != Warning || got[0].Msg != "odd" {
		t.Errorf("WarningItems = %v, want the one warning", got)
	}
}
