package view

import (
	"cmp"
	"slices"

	"github.com/opsreport/opsreport/internal/kpi"
)

// RiskView is an open risk as a review shows it.
type RiskView struct {
	kpi.Risk
	Score int    // likelihood × impact
	Level string // "high" (≥ 15), "medium" (≥ 8) or "low"
}

// ActionsView is the action log as of a period.
type ActionsView struct {
	Raised, Closed, Overdue, Open []kpi.Action
	Span                          string // "quarter" for a quarter's log; "" is a month
}

// Empty reports whether the log has nothing to show for the period.
func (a ActionsView) Empty() bool {
	return len(a.Raised)+len(a.Closed)+len(a.Overdue)+len(a.Open) == 0
}

// nextMonth is the first day after p as an ISO date, for comparing with
// the register's yyyy-mm-dd dates as strings.
func nextMonth(p kpi.Period) string { return p.Add(1).String() + "-01" }

// openRisks are the risks open at the end of p (opened by then and not
// closed), ordered by likelihood × impact, then impact, then id.
func (r *renderer) openRisks(p kpi.Period) []RiskView {
	next := nextMonth(p)
	var out []RiskView
	for _, risk := range r.regs.Risks {
		if risk.Status == "closed" || (risk.Opened != "" && risk.Opened >= next) {
			continue
		}
		score := risk.Likelihood * risk.Impact
		level := "low"
		switch {
		case score >= 15:
			level = "high"
		case score >= 8:
			level = "medium"
		}
		out = append(out, RiskView{Risk: risk, Score: score, Level: level})
	}
	slices.SortStableFunc(out, func(a, b RiskView) int {
		return cmp.Or(cmp.Compare(b.Score, a.Score), cmp.Compare(b.Impact, a.Impact), cmp.Compare(a.ID, b.ID))
	})
	return out
}

// Actions sorts store's action log as of p: raised in p, closed in p, and of those
// raised by p and still open at its end, the overdue (due before the month
// after p) and the rest. An action done or dropped with no closing period
// counts as no longer open.
func Actions(store *kpi.Store, p kpi.Period) ActionsView { return actionsOf(store.Actions, p) }

// actionsOf is Actions of an action log.
func actionsOf(actions []kpi.Action, p kpi.Period) ActionsView {
	var v ActionsView
	next := nextMonth(p)
	for _, a := range actions {
		if a.Raised == p {
			v.Raised = append(v.Raised, a)
		}
		if a.Closed == p {
			v.Closed = append(v.Closed, a)
		}
		if !openAt(a, p) {
			continue
		}
		if a.Due != "" && a.Due < next {
			v.Overdue = append(v.Overdue, a)
		} else if a.Raised != p {
			v.Open = append(v.Open, a)
		}
	}
	return v
}

// openAt reports whether a was raised by p and not closed by its end.
func openAt(a kpi.Action, p kpi.Period) bool {
	none := kpi.Period{}
	if a.Raised != none && a.Raised.Index() > p.Index() {
		return false
	}
	if a.Closed != none {
		return a.Closed.Index() > p.Index()
	}
	return a.Status == "open"
}
