package view_test

import (
	"os"
	"reflect"
	"slices"
	"testing"

	opsreport "github.com/opsreport/opsreport"
	"github.com/opsreport/opsreport/internal/diag"
	"github.com/opsreport/opsreport/internal/kpi"
	"github.com/opsreport/opsreport/internal/site"
	"github.com/opsreport/opsreport/internal/view"
)

// TestSectionScorecardsAreCutFromTheReviews checks the shortcut a scorecard
// shortcode takes on a review page: for the review's own period, its
// groups are cut from the review's scorecard; for any other period they
// are computed. Either way they are the groups scorecardAt gives.
func TestSectionScorecardsAreCutFromTheReviews(t *testing.T) {
	var d diag.List
	s := site.Load(os.DirFS("../.."), site.Options{Look: opsreport.Builtin, Drafts: true}, &d)
	if d.HasErrors() {
		t.Fatal(d.Items())
	}
	data := s.Data()
	rev := data.Reviews[len(data.Reviews)-1]
	functions := []string{""}
	for _, k := range data.Catalog.KPIs {
		if !slices.Contains(functions, k.Function) {
			functions = append(functions, k.Function)
		}
	}
	for _, p := range []kpi.Period{rev.Period, rev.Period.Add(-1)} {
		for _, function := range functions {
			got, want := view.ScorecardCut(data, rev.Period, p, function)
			if len(got) == 0 || !reflect.DeepEqual(got, want) {
				t.Errorf("%s, function %q: got %d groups, want %d, or they differ", p, function, len(got), len(want))
			}
		}
	}
}
