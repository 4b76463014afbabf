package site

import (
	"math"
	"os"
	"reflect"
	"regexp"
	"testing"

	"github.com/opsreport/opsreport/internal/diag"
	"github.com/opsreport/opsreport/internal/kpi"
)

// TestSectionScorecardsAreCutFromTheReviews checks the shortcut a scorecard
// shortcode takes on a review page: for the review's own period, its
// groups are cut from the review's scorecard; for any other period they
// are computed. Either way they are the groups scorecardAt gives.
func TestSectionScorecardsAreCutFromTheReviews(t *testing.T) {
	var d diag.List
	s := Load(os.DirFS("../.."), Options{Drafts: true}, &d)
	if d.HasErrors() {
		t.Fatal(d.Items())
	}
	rev := s.Reviews[len(s.Reviews)-1]
	var none kpi.Quarter
	ctx := &pageCtx{site: s, root: "../../", period: rev.Period, groups: s.scorecard(rev.Period, "")}
	for _, p := range []kpi.Period{rev.Period, rev.Period.Add(-1)} {
		for _, function := range append(s.functions(), "") {
			got, want := ctx.scorecardAt(p, none, function), s.scorecardAt(p, none, function)
			if len(got) == 0 || !reflect.DeepEqual(got, want) {
				t.Errorf("%s, function %q: got %d groups, want %d, or they differ", p, function, len(got), len(want))
			}
		}
	}
}

// TestAsIsTheReviewsOwnFigures checks as from every review's view of the
// site: a closed review sees its snapshot and any other review the current
// figures, even when asked from a closed review's view (the reviews' links
// and counts are made once a build from whichever view asks first).
func TestAsIsTheReviewsOwnFigures(t *testing.T) {
	current := kpi.NewFigures(nil)
	s := &Site{Figures: current, current: current}
	closed := &Review{Slug: "2026-09", Snapshot: kpi.NewFigures(nil)}
	open := &Review{Slug: "2026-10"}
	for _, view := range []*Site{s, s.as(closed), s.as(open)} {
		if got := view.as(closed).Figures; got != closed.Snapshot {
			t.Errorf("the closed review seen from %p: not its snapshot", view)
		}
		if got := view.as(open).Figures; got != current {
			t.Errorf("the open review seen from %p: not the current figures", view)
		}
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
	s := &Site{Figures: figs}
	months := window(kpi.Period{Year: 2026, Month: 10}, 10) // 2026-01 .. 2026-10
	got := s.values(k, months, func(f *kpi.Figure) kpi.Opt { return f.Actual })
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
