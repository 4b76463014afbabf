package kpi

import (
	"bytes"
	"reflect"
	"strings"
	"testing"

	"github.com/opsreport/opsreport/internal/diag"
)

func TestSnapshotRoundTrip(t *testing.T) {
	k := &KPI{ID: "nps", Name: "NPS", Unit: UnitNumber, Direction: Up, Aggregate: Avg, Target: Some(40), Tolerance: 0.05}
	cat := NewCatalog(k)
	s := NewStore(cat, map[string][]Point{"nps": {
		{Period: Period{2026, 1}, Actual: Some(38), Forecast: Some(39), Comment: "dip, \"quoted\"\nsecond line"},
		{Period: Period{2026, 2}, Actual: Some(41.5)},
		{Period: Period{2026, 4}, Actual: Some(-3)},
	}})
	figs := Compute(s, 1).All()
	var b bytes.Buffer
	if err := WriteSnapshotCSV(&b, figs); err != nil {
		t.Fatal(err)
	}
	var d diag.List
	back := ReadSnapshotCSV("snap.csv", b.Bytes(), cat, 1, &d)
	if d.HasErrors() {
		t.Fatal(d.Items())
	}
	if !reflect.DeepEqual(back, figs) {
		t.Errorf("round trip differs:\n got %+v\nwant %+v", back, figs)
	}
	if got := NewFigures(back).All(); !reflect.DeepEqual(got, figs) {
		t.Error("NewFigures does not give back Compute's order")
	}
}

func TestSnapshotErrors(t *testing.T) {
	cat := NewCatalog(&KPI{ID: "nps", Name: "NPS"})
	head := strings.Join(SnapshotHeader, ",") + "\n"
	tests := map[string]string{
		"kpi,period\n": "snap.csv:1: is not a snapshot written by opsreport close (unexpected header); restore it from git",
		head + "nps,2026-13,1,,,,,,,,,,,,,,,green,1,,,0,\n":    `snap.csv:2: period "2026-13" is not a month or a quarter; restore it from git`,
		head + "nps,2026-01,x,,,,,,,,,,,,,,,green,1,,,0,\n":    `snap.csv:2: actual "x" is not a number; restore it from git`,
		head + "nps,2026-01,1,,,,,,,,,,,,,,,blue,1,,,0,\n":     `snap.csv:2: status "blue" is not green, amber, red or none; restore it from git`,
		head + "nps,2026-01,NaN,,,,,,,,,,,,,,,none,0,,,0,\n":   `snap.csv:2: actual "NaN" is not a number; restore it from git`,
		head + "nps,2026-01,1,,,,,,,,,,,,,,+Inf,none,0,,,0,\n": `snap.csv:2: ttm "+Inf" is not a number; restore it from git`,
	}
	for src, want := range tests {
		var d diag.List
		ReadSnapshotCSV("snap.csv", []byte(src), cat, 1, &d)
		items := d.Items()
		if len(items) != 1 || items[0].String() != want {
			t.Errorf("got %v\nwant %s", items, want)
		}
	}
	var d diag.List
	figs := ReadSnapshotCSV("snap.csv", []byte(head+"gone,2026-01,1,,,,,,,,,,,,,,,none,0,,,0,\n"), cat, 1, &d)
	if d.HasErrors() || len(figs) != 1 || figs[0].KPI.Name != "gone" {
		t.Errorf("a KPI dropped from the catalog must still read: %v %v", figs, d.Items())
	}
}

// TestSnapshotDefusesFormulas: a comment a spreadsheet would run (= + - @,
// tab, CR first) is written after a ', and every comment reads back as it
// was, quotes included.
func TestSnapshotDefusesFormulas(t *testing.T) {
	k := &KPI{ID: "nps", Name: "NPS", Unit: UnitNumber, Direction: Up, Aggregate: Avg}
	cat := NewCatalog(k)
	written := map[string]string{
		`=HYPERLINK("http://x","y")`: `"'=HYPERLINK(""http://x"",""y"")"`,
		"+1 on May":                  "'+1 on May",
		"-3 pts":                     "'-3 pts",
		"@SUM(A1)":                   "'@SUM(A1)",
		"\t=1":                       "'\t=1",
		"'=already quoted":           "''=already quoted",
		"''-twice":                   "'''-twice",
		"'tis fine":                  "'tis fine",
		"a = b":                      "a = b",
		"":                           "",
	}
	for comment, want := range written {
		figs := Compute(NewStore(cat, map[string][]Point{"nps": {{Period: Period{2026, 1}, Actual: Some(1), Comment: comment}}}), 1).All()
		var b bytes.Buffer
		if err := WriteSnapshotCSV(&b, figs); err != nil {
			t.Fatal(err)
		}
		_, line, _ := strings.Cut(b.String(), "\n")
		if got := line[strings.LastIndex(line[:len(line)-1], ",0,")+3 : len(line)-1]; got != want {
			t.Errorf("%q written as %q, want %q", comment, got, want)
		}
		var d diag.List
		back := ReadSnapshotCSV("snap.csv", b.Bytes(), cat, 1, &d)
		if d.HasErrors() || len(back) != 1 || back[0].Comment != comment {
			t.Errorf("%q read back as %+v %v", comment, back, d.Items())
		}
	}
}

// TestNewFiguresFromShuffledRows: NewFigures cuts every KPI's months and
// quarters from one array; rows in any order, two KPIs interleaved with
// quarters between, must each land in their own KPI's slice, in order,
// none overwriting a neighbour's.
func TestNewFiguresFromShuffledRows(t *testing.T) {
	a, b := &KPI{ID: "a"}, &KPI{ID: "b"}
	m := func(k *KPI, month int) Figure {
		return Figure{KPI: k, Period: Period{2026, month}, Actual: Some(float64(month))}
	}
	q := func(k *KPI, n int) Figure {
		qq := Quarter{2026, n}
		return Figure{KPI: k, Quarter: qq, Period: qq.Months(1)[2], Actual: Some(float64(10 * n))}
	}
	rows := []Figure{m(b, 3), q(a, 2), m(a, 2), m(b, 1), q(b, 1), m(a, 1), m(b, 2), q(a, 1), m(a, 6)}
	f := NewFigures(rows)
	months := func(id string) (out []float64) {
		for _, g := range f.Series(id) {
			out = append(out, g.Actual.V)
		}
		return out
	}
	quarters := func(id string) (out []float64) {
		for _, g := range f.Quarters(id) {
			out = append(out, g.Actual.V)
		}
		return out
	}
	if got := months("a"); !reflect.DeepEqual(got, []float64{1, 2, 6}) {
		t.Errorf("a's months = %v, want [1 2 6]", got)
	}
	if got := months("b"); !reflect.DeepEqual(got, []float64{1, 2, 3}) {
		t.Errorf("b's months = %v, want [1 2 3]", got)
	}
	if got := quarters("a"); !reflect.DeepEqual(got, []float64{10, 20}) {
		t.Errorf("a's quarters = %v, want [10 20]", got)
	}
	if got := quarters("b"); !reflect.DeepEqual(got, []float64{10}) {
		t.Errorf("b's quarters = %v, want [10]", got)
	}
	// Appending to one KPI's months must not write over the next one's.
	_ = append(f.Series("a"), m(a, 12))
	if got := quarters("a"); !reflect.DeepEqual(got, []float64{10, 20}) {
		t.Errorf("after an append to a's months, a's quarters = %v", got)
	}
}

// TestNewFiguresFromSortedMonths: a monthly snapshot as close writes it
// (each KPI's months together, in order) is cut, not copied: each KPI's
// months are its rows of figs, capped so an append cannot reach the next
// KPI's; a KPI's months out of order, or a KPI in two places, are still
// sorted and gathered.
func TestNewFiguresFromSortedMonths(t *testing.T) {
	a, b := &KPI{ID: "a"}, &KPI{ID: "b"}
	m := func(k *KPI, month int) Figure {
		return Figure{KPI: k, Period: Period{2026, month}, Actual: Some(float64(month))}
	}
	figs := []Figure{m(b, 1), m(b, 2), m(a, 1), m(a, 3)}
	f := NewFigures(figs)
	if got := f.Series("b"); len(got) != 2 || &got[0] != &figs[0] || cap(got) != 2 {
		t.Errorf("b's months are not figs[0:2:2]: len %d cap %d", len(got), cap(got))
	}
	if got := f.Series("a"); len(got) != 2 || &got[0] != &figs[2] {
		t.Error("a's months are not figs[2:4]")
	}
	if !reflect.DeepEqual(f.All(), []Figure{m(a, 1), m(a, 3), m(b, 1), m(b, 2)}) {
		t.Errorf("All = %v", f.All())
	}
	for name, rows := range map[string][]Figure{
		"out of order": {m(a, 3), m(a, 1), m(b, 2), m(b, 1)},
		"split":        {m(a, 1), m(b, 1), m(a, 3), m(b, 2)},
	} {
		if got := NewFigures(rows).All(); !reflect.DeepEqual(got, []Figure{m(a, 1), m(a, 3), m(b, 1), m(b, 2)}) {
			t.Errorf("%s: All = %v", name, got)
		}
	}
}
