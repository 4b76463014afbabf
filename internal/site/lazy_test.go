package site

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"testing"
)

// TestRowMatcherKeepsTheRowsWantedNames: the matcher that picks a closed
// review's rows out of its snapshot line by line keeps exactly the lines
// whose period, or whose "kpi,period" start, wanted names, and tells a
// line without the comma after its period from a row, as looking each
// line's two keys up in wanted does.
func TestRowMatcherKeepsTheRowsWantedNames(t *testing.T) {
	want := map[string]bool{"2026-05": true, "FY2026-Q4": true, "nps,2025-11": true, "arr,2025-11": true, "arr,2024-06": true}
	m := newRowMatcher(want)
	kpis := []string{"nps", "arr", "np", "arr_x", ""}
	periods := []string{"2026-05", "2026-0", "2026-055", "FY2026-Q4", "2025-11", "2024-06", "2024-07", ""}
	rng := rand.New(rand.NewPCG(1, 2))
	for range 5000 {
		k, p := kpis[rng.IntN(len(kpis))], periods[rng.IntN(len(periods))]
		var line string
		switch rng.IntN(4) {
		case 0:
			line = k + "," + p // no comma after the period
		case 1:
			line = k // no comma at all
		default:
			line = k + "," + p + ",1.5,,green"
		}
		keep, ok := m.row([]byte(line))
		// What the lookups say: a row has two commas; its period and its
		// "kpi,period" start are the keys.
		first, rest, hasFirst := bytes.Cut([]byte(line), []byte{','})
		period, _, hasSecond := bytes.Cut(rest, []byte{','})
		wantOK := hasFirst && hasSecond
		wantKeep := wantOK && (want[string(period)] || want[string(first)+","+string(period)])
		if keep != wantKeep || ok != wantOK {
			t.Fatalf("%q: keep %v, ok %v; want %v, %v", line, keep, ok, wantKeep, wantOK)
		}
	}
	if got := fmt.Sprint(len(m.periods), len(m.pairPeriods)); got != "2 2" {
		t.Errorf("periods and pair periods: %s, want 2 2", got)
	}
}
