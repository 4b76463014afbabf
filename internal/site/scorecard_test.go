package site

import (
	"os"
	"reflect"
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
