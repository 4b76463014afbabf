package pack

import (
	"bytes"
	"strings"
	"testing"

	"github.com/opsreport/opsreport/internal/kpi"
)

// TestFiguresWindow cuts two KPIs' 40 months, with a quarter row after
// every third month, to windows whose ends fall inside and across the
// 16-, 4- and 1-line blocks, and compares the spliced parts with the same
// lines picked one by one.
func TestFiguresWindow(t *testing.T) {
	var table []kpi.Figure
	for _, id := range []string{"a", "b"} {
		k := &kpi.KPI{ID: id}
		for m := range 40 {
			p := kpi.Period{Year: 2024, Month: 1}.Add(m)
			table = append(table, kpi.Figure{KPI: k, Period: p, Actual: kpi.Some(float64(m))})
			if p.Month%3 == 0 {
				q := kpi.Quarter{FY: p.Year, Q: p.Month / 3}
				table = append(table, kpi.Figure{KPI: k, Period: p, Quarter: q, Actual: kpi.Some(float64(m))})
			}
		}
	}
	fl := NewFigures(table)
	lines := strings.SplitAfter(string(fl.buf), "\n")
	start := kpi.Period{Year: 2024, Month: 1}.Index()
	for _, quarterly := range []bool{false, true} {
		for _, w := range [][2]int{{0, 39}, {15, 39}, {13, 38}, {1, 2}, {17, 17}, {0, 0}, {39, 50}, {-5, 3}} {
			first, last := start+w[0], start+w[1]
			var want bytes.Buffer
			want.Write(fl.header.Data)
			n := 0
			for i, f := range table {
				if p := f.Period.Index(); p >= first && p <= last && (quarterly || !f.IsQuarter()) {
					want.WriteString(lines[i])
					n++
				}
			}
			var got bytes.Buffer
			parts := fl.Window(first, last, quarterly, nil)
			for _, p := range parts {
				got.Write(p.Data)
			}
			if got.String() != want.String() {
				t.Errorf("months %d to %d, quarterly %v:\n%s\nwant\n%s", w[0], w[1], quarterly, got.String(), want.String())
			}
			if quarterly && n >= 40 && len(parts)-1 > n/3 {
				t.Errorf("months %d to %d, %d lines in %d parts: the shared 16- and 4-line blocks are not used", w[0], w[1], n, len(parts)-1)
			}
		}
	}
	if got := fl.Window(start, start+39, false, func(id string) bool { return id == "b" }); !bytes.HasPrefix(got[1].Data, []byte("b,")) {
		t.Errorf("keep b: the first line is %q", got[1].Data)
	}
}
