package view

import (
	"math"
	"regexp"
	"testing"

	"github.com/opsreport/opsreport/internal/content"
	"github.com/opsreport/opsreport/internal/diag"
	"github.com/opsreport/opsreport/internal/kpi"
)

// TestForReviewShowsTheReviewsOwnFigures checks forReview from every
// review's renderer: a closed review sees its snapshot and any other
// review the current figures, even when asked from a closed review's
// renderer (the reviews' links and counts are made once a build from
// whichever renderer asks first).
func TestForReviewShowsTheReviewsOwnFigures(t *testing.T) {
	current := kpi.NewFigures(nil)
	r := &renderer{data: &Data{Figures: current}, figs: current}
	closed := &content.Review{Slug: "2026-09", Snapshot: kpi.NewFigures(nil)}
	open := &content.Review{Slug: "2026-10"}
	for _, from := range []*renderer{r, r.forReview(closed), r.forReview(open)} {
		if got := from.forReview(closed).figs; got != closed.Snapshot {
			t.Errorf("the closed review seen from %p: not its snapshot", from)
		}
		if got := from.forReview(open).figs; got != current {
			t.Errorf("the open review seen from %p: not the current figures", from)
		}
	}
}

func TestGuardTurnsAPanicIntoAnError(t *testing.T) {
	var d diag.List
	r := &renderer{d: &d}
	r.guard(func() { panic("boom") })
	items := d.Items()
	if len(items) != 1 || items[0].Msg != "internal error while rendering: boom (please report it)" {
		t.Errorf("got %v", items)
	}
}

// TestIDPrefixFitsAChartID checks section names made into chart id
// prefixes: a name that fits stays, others fit and stay apart.
func TestIDPrefixFitsAChartID(t *testing.T) {
	fits := regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_-]*$`)
	tests := map[string]string{
		"operations":        "operations",
		"risks-and-actions": "risks-and-actions",
		"clientèle":         "client_e8_le",
		"clientéle":         "client_e9_le",
		"été":               "s_e9_t_e9_",
		"_notes":            "s_5f_notes",
		"3d printing":       "s_33_d_20_printing",
		"":                  "s",
	}
	for name, want := range tests {
		got := idPrefix(name)
		if got != want || !fits.MatchString(got+"-arr-1") {
			t.Errorf("idPrefix(%q) = %q, want %q", name, got, want)
		}
	}
}

// TestValuesWalkTheMonths checks the series a chart or sparkline draws for
// a window that starts before a KPI's first month, crosses gaps and ends
// after its last; Figures.Get must agree month by month.
func TestValuesWalkTheMonths(t *testing.T) {
	k := &kpi.KPI{ID: "nps"}
	at := func(y, m int, v float64) kpi.Figure {
		return kpi.Figure{KPI: k, Period: kpi.Period{Year: y, Month: m}, Actual: kpi.Opt{V: v, OK: true}}
	}
	figs := kpi.NewFigures([]kpi.Figure{at(2026, 2, 10), at(2026, 3, 11), at(2026, 6, 14), {KPI: k, Period: kpi.Period{Year: 2026, Month: 7}}, at(2026, 8, 16)})
	r := &renderer{figs: figs}
	months := window(kpi.Period{Year: 2026, Month: 10}, 10) // 2026-01 .. 2026-10
	got := r.values(k, months, func(f *kpi.Figure) kpi.Opt { return f.Actual })
	nan := math.NaN()
	want := []float64{nan, 10, 11, nan, nan, 14, nan, 16, nan, nan}
	for i := range want {
		if got[i] != want[i] && !(math.IsNaN(got[i]) && math.IsNaN(want[i])) {
			t.Errorf("%s: got %v, want %v", months[i], got[i], want[i])
		}
		f, ok := figs.Get("nps", months[i])
		if has := ok && f.Actual.OK; has == math.IsNaN(want[i]) || has && f.Actual.V != want[i] {
			t.Errorf("Get(%s) = %v, %v", months[i], f.Actual, ok)
		}
	}
}

// TestFigureViewSaysWhatItHas checks the booleans templates test instead
// of comparing a value with the dash it shows when absent.
func TestFigureViewSaysWhatItHas(t *testing.T) {
	k := &kpi.KPI{ID: "nps", Name: "NPS"}
	r := &renderer{data: &Data{Locale: "en-US", Currency: "USD"}}
	f := kpi.Figure{KPI: k, Actual: kpi.Some(41), MoM: kpi.Some(3)}
	v := r.formatFigure(k, f, "2026-10", "Oct 2026")
	if !v.HasActual || v.HasTarget || !v.HasMoM || v.Target != "–" {
		t.Errorf("with an actual and a change but no target: %+v", v)
	}
	v = r.formatFigure(k, kpi.Figure{}, "2026-10", "Oct 2026")
	if v.HasActual || v.HasTarget || v.HasMoM {
		t.Errorf("no figure: %+v", v)
	}
}
