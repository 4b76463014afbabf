package kpi

import (
	"testing"
	"time"

	"github.com/opsreport/opsreport/internal/sheet"
)

func TestParsePeriodSpellings(t *testing.T) {
	oct := Period{2026, 10}
	tests := []struct {
		in   string
		want Period
	}{
		{"2026-10", oct},
		{"2026/10", oct},
		{"2026-1", Period{}},
		{"2026-10-01", oct},
		{"2026-10-31", oct},
		{"2026-10-01T00:00:00", oct},
		{"2026-10-01T00:00:00Z", oct},
		{"2026-10-01T23:30:00-05:00", oct}, // the written date, not converted to UTC
		{"2026-10-01T00:00:00.000", oct},
		{"2026-10-01 00:00:00", oct},
		{"Oct 2026", oct},
		{"oct 2026", oct},
		{"OCTOBER 2026", oct},
		{"October 2026", oct},
		{"Oct-26", oct},
		{"Oct-2026", oct},
		{"Oct. 2026", oct},
		{"Oct '26", oct},
		{"October, 2026", oct},
		{"2026 Oct", oct},
		{"Sept 2026", Period{2026, 9}},
		{"Sep-26", Period{2026, 9}},
		{"10/2026", oct},
		{"1/2026", Period{2026, 1}},
		{"10-2026", oct},
		{"10/1/2026", oct},  // US month first: the 1st is a day
		{"1/10/2026", oct},  // day first: the 1st is a day
		{"10/13/2026", oct}, // only US is possible
		{"13/10/2026", oct}, // only day-first is possible
		{"3/3/2026", Period{2026, 3}},
		{"  2026-10  ", oct},
		{"1999-12", Period{1999, 12}},
	}
	for _, tt := range tests {
		got, ok := ParsePeriod(tt.in)
		if ok != !tt.want.IsZero() || got != tt.want {
			t.Errorf("ParsePeriod(%q) = %v, %v; want %v", tt.in, got, ok, tt.want)
		}
	}
}

func TestParsePeriodRefuses(t *testing.T) {
	for _, in := range []string{
		"", "Total", "2026", "2026-13", "2026-00", "2026-02-30", "13/2026", "0/2026",
		"3/4/2026", // March or April: refused, not guessed
		"Oct", "Oct 26 2026", "26 Oct", "Octo 2026", "2026-10-01X", "10//2026",
		"0999-10", "Oct-999", "2026-10-01T25:00:00", "10/2026/1", "-2026-10",
	} {
		if p, ok := ParsePeriod(in); ok {
			t.Errorf("ParsePeriod(%q) = %v, want refused", in, p)
		}
	}
}

func TestPeriodStringLabelIndexAdd(t *testing.T) {
	p := Period{2026, 10}
	if p.String() != "2026-10" || p.Label() != "Oct 2026" {
		t.Errorf("String %q Label %q", p.String(), p.Label())
	}
	// 2026*12 + 10 - 1 = 24321
	if p.Index() != 24321 {
		t.Errorf("Index = %d, want 24321", p.Index())
	}
	tests := []struct {
		n    int
		want Period
	}{
		{0, p}, {2, Period{2026, 12}}, {3, Period{2027, 1}}, {-10, Period{2025, 12}},
		{-9, Period{2026, 1}}, {-22, Period{2024, 12}}, {15, Period{2028, 1}},
	}
	for _, tt := range tests {
		if got := p.Add(tt.n); got != tt.want {
			t.Errorf("%v.Add(%d) = %v, want %v", p, tt.n, got, tt.want)
		}
	}
}

func TestFiscalYearAndQuarter(t *testing.T) {
	tests := []struct {
		p      Period
		start  int
		fy, q  int
		qStart Period
		yStart Period
	}{
		// calendar years: quarters are calendar quarters
		{Period{2026, 1}, 1, 2026, 1, Period{2026, 1}, Period{2026, 1}},
		{Period{2026, 3}, 1, 2026, 1, Period{2026, 1}, Period{2026, 1}},
		{Period{2026, 4}, 1, 2026, 2, Period{2026, 4}, Period{2026, 1}},
		{Period{2026, 12}, 1, 2026, 4, Period{2026, 10}, Period{2026, 1}},
		// start 4: FY2027 runs Apr 2026 – Mar 2027; 2027-Q1 is Apr–Jun 2026
		{Period{2026, 4}, 4, 2027, 1, Period{2026, 4}, Period{2026, 4}},
		{Period{2026, 6}, 4, 2027, 1, Period{2026, 4}, Period{2026, 4}},
		{Period{2026, 7}, 4, 2027, 2, Period{2026, 7}, Period{2026, 4}},
		{Period{2026, 12}, 4, 2027, 3, Period{2026, 10}, Period{2026, 4}},
		{Period{2027, 1}, 4, 2027, 4, Period{2027, 1}, Period{2026, 4}},
		{Period{2027, 3}, 4, 2027, 4, Period{2027, 1}, Period{2026, 4}},
		{Period{2026, 3}, 4, 2026, 4, Period{2026, 1}, Period{2025, 4}},
		// start 10 (US federal): Oct 2026 opens FY2027
		{Period{2026, 10}, 10, 2027, 1, Period{2026, 10}, Period{2026, 10}},
		{Period{2026, 9}, 10, 2026, 4, Period{2026, 7}, Period{2025, 10}},
		// out of range start means calendar years
		{Period{2026, 5}, 0, 2026, 2, Period{2026, 4}, Period{2026, 1}},
	}
	for _, tt := range tests {
		fy, q := FiscalQuarter(tt.p, tt.start)
		if fy != tt.fy || q != tt.q || FiscalYear(tt.p, tt.start) != tt.fy {
			t.Errorf("%v start %d: FY%d Q%d, want FY%d Q%d", tt.p, tt.start, fy, q, tt.fy, tt.q)
		}
		if got := QuarterStart(tt.p, tt.start); got != tt.qStart {
			t.Errorf("%v start %d: QuarterStart %v, want %v", tt.p, tt.start, got, tt.qStart)
		}
		if got := YearStart(tt.p, tt.start); got != tt.yStart {
			t.Errorf("%v start %d: YearStart %v, want %v", tt.p, tt.start, got, tt.yStart)
		}
	}
}

func TestQuarter(t *testing.T) {
	q, ok := ParseQuarter("2027-Q1")
	if !ok || q != (Quarter{2027, 1}) || q.String() != "2027-Q1" {
		t.Fatalf("ParseQuarter: %v %v", q, ok)
	}
	if got := q.First(4); got != (Period{2026, 4}) {
		t.Errorf("2027-Q1 with start 4 begins %v, want 2026-04", got)
	}
	if got := q.First(1); got != (Period{2027, 1}) {
		t.Errorf("2027-Q1 with start 1 begins %v, want 2027-01", got)
	}
	if got := (Quarter{2026, 4}).Months(4); got[0] != (Period{2026, 1}) || got[2] != (Period{2026, 3}) {
		t.Errorf("2026-Q4 start 4 months %v, want 2026-01..03", got)
	}
	if got := q.Add(-1); got != (Quarter{2026, 4}) {
		t.Errorf("2027-Q1 - 1 = %v", got)
	}
	if got := q.Add(4); got != (Quarter{2028, 1}) {
		t.Errorf("2027-Q1 + 4 = %v", got)
	}
	if got := QuarterOf(Period{2026, 11}, 4); got != (Quarter{2027, 3}) {
		t.Errorf("QuarterOf(2026-11, 4) = %v", got)
	}
	for _, bad := range []string{"2026-Q5", "2026-Q0", "26-Q1", "2026-10", "Q1"} {
		if _, ok := ParseQuarter(bad); ok {
			t.Errorf("ParseQuarter(%q) accepted", bad)
		}
	}
}

func TestPeriodOfCell(t *testing.T) {
	tests := []struct {
		name string
		cell sheet.Cell
		want Period
	}{
		{"date", sheet.Cell{Kind: sheet.Date, Time: time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC)}, Period{2026, 10}},
		{"date mid-month", sheet.Cell{Kind: sheet.Date, Time: time.Date(2026, 10, 17, 12, 0, 0, 0, time.UTC)}, Period{2026, 10}},
		{"text", sheet.Cell{Kind: sheet.Text, Text: "Oct 2026"}, Period{2026, 10}},
		{"yyyymm number", sheet.Cell{Kind: sheet.Number, Num: 202610}, Period{2026, 10}},
		{"yyyymm bad month", sheet.Cell{Kind: sheet.Number, Num: 202613}, Period{}},
		{"serial without date format", sheet.Cell{Kind: sheet.Number, Num: 46296}, Period{}},
		{"fraction", sheet.Cell{Kind: sheet.Number, Num: 202610.5}, Period{}},
		{"bool", sheet.Cell{Kind: sheet.Bool, Num: 1}, Period{}},
		{"error", sheet.Cell{Kind: sheet.Error, Text: "#N/A"}, Period{}},
		{"empty", sheet.Cell{}, Period{}},
	}
	for _, tt := range tests {
		got, ok := PeriodOfCell(tt.cell)
		if ok != !tt.want.IsZero() || got != tt.want {
			t.Errorf("%s: got %v %v, want %v", tt.name, got, ok, tt.want)
		}
	}
}

func FuzzParsePeriod(f *testing.F) {
	for _, s := range []string{"2026-10", "Oct 2026", "10/2026", "10/1/2026", "2026-10-01T00:00:00Z", "Oct-26", "x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, ok := ParsePeriod(s)
		if !ok {
			return
		}
		if p.Month < 1 || p.Month > 12 || p.Year < 1000 || p.Year > 9999 {
			t.Fatalf("ParsePeriod(%q) = %+v: out of range", s, p)
		}
		// Both spellings the tool writes must read back to the same month.
		for _, back := range []string{p.String(), p.Label()} {
			if q, ok := ParsePeriod(back); !ok || q != p {
				t.Fatalf("ParsePeriod(%q) = %v; its spelling %q reads %v, %v", s, p, back, q, ok)
			}
		}
		if p.Add(13).Add(-13) != p || periodOfIndex(p.Index()) != p {
			t.Fatalf("%v: month arithmetic does not round-trip", p)
		}
	})
}

// A month's name alone, as a years × months table heads its columns.
func TestMonthName(t *testing.T) {
	for in, want := range map[string]int{"Jan": 1, "january": 1, "SEPT.": 9, "Sep": 9, " Dec ": 12, "M01": 1, "m12": 12, "May": 5} {
		if got, ok := MonthName(in); !ok || got != want {
			t.Errorf("MonthName(%q) = %d, %v; want %d", in, got, ok, want)
		}
	}
	for _, in := range []string{"", "M13", "M00", "M1", "Jan 2026", "J-D", "Annual", "HALF1", "DJF", "Year", "2026-01"} {
		if m, ok := MonthName(in); ok {
			t.Errorf("MonthName(%q) = %d, want none", in, m)
		}
	}
}
