package view

import "github.com/opsreport/opsreport/internal/kpi"

// ScorecardCut is, for the tests in package view_test, the groups a
// scorecard shortcode of function at p gets on the page of a review of
// period review (cut from the review's own scorecard when p is its period),
// and the groups scorecardAt computes for the same.
func ScorecardCut(data *Data, review, p kpi.Period, function string) (cut, computed []Group) {
	r := newRenderer(data, nil, nil, nil, nil)
	ctx := &pageCtx{r: r, root: "../../", period: review, groups: r.scorecard(review, "")}
	return ctx.scorecardAt(p, kpi.Quarter{}, function), r.scorecardAt(p, kpi.Quarter{}, function)
}
