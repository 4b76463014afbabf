package content

import (
	"slices"
	"time"

	"github.com/opsreport/opsreport/internal/kpi"
)

// Page is a narrative with no review around it: content/_index.md.
type Page struct {
	Meta PageMeta
	Doc  *Doc
}

// Review is one review folder as site loads it.
type Review struct {
	Dir      string      // content/reviews/2026-10
	Slug     string      // 2026-10, or 2027-Q3 for a quarterly board review
	Period   kpi.Period  // the month; for a quarter, its last month
	Quarter  kpi.Quarter // zero for a monthly review
	Meta     ReviewMeta
	Date     time.Time // the meeting; zero when not given
	Doc      *Doc
	Sections []*Section
	Assets   []string     // images beside the narratives, by file name
	Snapshot *kpi.Figures // a closed review's frozen figures (snapshot.csv)
	// Registers are a closed review's frozen risk register and action log
	// (registers.csv); nil for an open review, and for one closed before
	// close froze them, which show the live ones.
	Registers *kpi.Registers
	// Decisions are the review's decisions required (front matter
	// decisions:), monthly or quarterly.
	Decisions []Decision
}

// Section is one section file of a review.
type Section struct {
	File string
	Slug string // file name without extension and leading digits: "operations"
	Meta SectionMeta
	Doc  *Doc
}

// Final reports whether the review is closed for the board.
func (r *Review) Final() bool { return r.Meta.Status == "final" }

// Covers reports whether the review's scorecard covers the function: every
// function unless its front matter names some (functions:).
func (r *Review) Covers(function string) bool {
	return r == nil || len(r.Meta.Functions) == 0 || slices.Contains(r.Meta.Functions, function)
}

// IsQuarter reports whether r is a quarterly board review.
func (r *Review) IsQuarter() bool { return r.Quarter != kpi.Quarter{} }

// Docs are the review's narratives: index.md, then its sections in order.
func (r *Review) Docs() []*Doc {
	out := []*Doc{r.Doc}
	for _, sec := range r.Sections {
		out = append(out, sec.Doc)
	}
	return out
}

// Decision is one decision the board is asked to take.
type Decision struct {
	No             int // 1, 2, … in front matter order
	Question       string
	Options        []DecisionOption
	Recommendation string
	Ask            string
}

// DecisionOption is one way to answer a decision, with what it costs and
// risks.
type DecisionOption struct {
	Name, Cost, Risk string
	Recommended      bool
}
