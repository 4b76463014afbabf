package site

import (
	"cmp"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"strings"

	"github.com/opsreport/opsreport/internal/content"
	"github.com/opsreport/opsreport/internal/kpi"
)

// ReviewPeriod is what a review folder is named by: a month ("2026-11"),
// or a fiscal quarter ("2027-Q3") for a quarterly board review.
type ReviewPeriod struct {
	Month   kpi.Period
	Quarter kpi.Quarter
}

// ParseReviewPeriod reads a month in any spelling kpi.ParsePeriod knows,
// or a quarter.
func ParseReviewPeriod(arg string) (ReviewPeriod, bool) {
	if q, ok := kpi.ParseQuarter(arg); ok {
		return ReviewPeriod{Quarter: q}, true
	}
	p, ok := kpi.ParsePeriod(arg)
	return ReviewPeriod{Month: p}, ok
}

// IsQuarter reports whether p is a quarter.
func (p ReviewPeriod) IsQuarter() bool { return p.Quarter != kpi.Quarter{} }

// String is the review's folder name.
func (p ReviewPeriod) String() string {
	if p.IsQuarter() {
		return p.Quarter.String()
	}
	return p.Month.String()
}

// names are the period's spellings a skeleton replaces: long, short, ISO.
func (p ReviewPeriod) names() (long, short, iso string) {
	if p.IsQuarter() {
		q := p.Quarter
		return q.Label(), fmt.Sprintf("FY%d Q%d", q.FY, q.Q), q.String()
	}
	return p.Month.Long(), p.Month.Label(), p.Month.String()
}

// decisionsPrompt is the front matter of a review's decisions, to write.
const decisionsPrompt = `decisions:
  - question: "Write: the question the board must answer"
    options:
      - name: First option
        cost: "Write: what it costs"
        risk: "Write: what could go wrong"
      - name: Second option
        cost: "Write: what it costs"
        risk: "Write: what could go wrong"
    recommendation: First option
    ask: "Write: what you ask the board to approve"
`

// firstQuarter is index.md of a site's first quarterly board review.
const firstQuarter = `---
title: %s board review
status: draft
` + decisionsPrompt + `---
_Write: the quarter in three sentences: what moved, why, and what you ask of the board._

{{< scorecard >}}
`

// firstReview is index.md of a site's first review, when there is no
// earlier review to take the shape from.
const firstReview = `---
title: %s operating review
status: draft
---
_Write: the month in three sentences: what moved, why, and what you ask of the board._

{{< scorecard >}}

## Risks

{{< risks >}}

## Actions

{{< actions >}}
`

// NewReview makes the files of p's new review folder (name → bytes) from
// the site folder fsys: shaped like the latest earlier review of its kind,
// its prose replaced by prompts (content.Skeleton). With none, it takes
// the shape of the latest review of its kind, or else of the other kind,
// whose front matter it adapts (rekind): a site of monthly reviews gets
// its first quarterly board review shaped like its last month. from names
// that review, "" when there is none.
func NewReview(fsys fs.FS, p ReviewPeriod) (files map[string][]byte, from string, err error) {
	prev := cmp.Or(latestBefore(fsys, p), latestOfKind(fsys, p.IsQuarter()), latestOfKind(fsys, !p.IsQuarter()))
	long, _, _ := p.names()
	switch {
	case prev == "" && p.IsQuarter():
		return map[string][]byte{"index.md": fmt.Appendf(nil, firstQuarter, long)}, "", nil
	case prev == "":
		return map[string][]byte{"index.md": fmt.Appendf(nil, firstReview, long)}, "", nil
	}
	dir := path.Join(reviewsDir, prev)
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return nil, "", err
	}
	files = map[string][]byte{}
	m := months(prev, p)
	for _, en := range entries {
		if en.IsDir() || path.Ext(en.Name()) != ".md" || strings.HasPrefix(en.Name(), ".") {
			continue
		}
		// Read as a build reads narratives: through the site's file
		// system (a link out of the site is refused) and capped.
		name := path.Join(dir, en.Name())
		src, err := content.ReadFile(fsys, name)
		if err != nil {
			return nil, "", fmt.Errorf("%s: %w", name, err)
		}
		files[en.Name()] = content.Skeleton(src, m, en.Name() == "index.md")
	}
	if _, ok := files["index.md"]; !ok {
		files["index.md"] = fmt.Appendf(nil, firstReview, long)
	}
	if quarterFolder(prev) != p.IsQuarter() {
		files["index.md"] = rekind(files["index.md"], p)
	} else if decisionsKey.Match(files["index.md"]) {
		// A review's decisions are its own: the next one starts from the
		// prompt, never with the same asks again.
		files["index.md"] = content.EditKeys(files["index.md"], []content.KeyEdit{{Key: "decisions", Text: decisionsPrompt}})
	}
	return files, prev, nil
}

// decisionsKey finds a decisions key in a front matter.
var decisionsKey = regexp.MustCompile(`(?m)^decisions:`)

// rekind adapts index.md shaped like a review of the other kind to p: a
// quarter's is a board review, with decisions to write; a month's is an
// operating review and starts without decisions (it may add some).
func rekind(index []byte, p ReviewPeriod) []byte {
	long, _, _ := p.names()
	if p.IsQuarter() {
		return content.EditKeys(index, []content.KeyEdit{
			{Key: "title", Text: "title: " + long + " board review\n"},
			{Key: "kind", Text: "kind: quarterly\n"},
			{Key: "decisions", Text: decisionsPrompt},
		})
	}
	return content.EditKeys(index, []content.KeyEdit{
		{Key: "title", Text: "title: " + long + " operating review\n"},
		{Key: "kind", Text: "kind: monthly\n"},
		{Key: "decisions", Text: ""},
	})
}

// latestOfKind is the newest review folder of quarters, or of months.
func latestOfKind(fsys fs.FS, quarters bool) string {
	entries, _ := fs.ReadDir(fsys, reviewsDir)
	best := ""
	for _, en := range entries {
		name := en.Name()
		if en.IsDir() && reviewFolder.MatchString(name) && quarterFolder(name) == quarters && name > best {
			best = name
		}
	}
	return best
}

// latestBefore is the newest review folder of p's kind (month or quarter)
// whose period is before p: a board review takes the last board review's
// shape, not a month's.
func latestBefore(fsys fs.FS, p ReviewPeriod) string {
	entries, _ := fs.ReadDir(fsys, reviewsDir)
	best := ""
	for _, en := range entries {
		name := en.Name()
		if en.IsDir() && reviewFolder.MatchString(name) && quarterFolder(name) == p.IsQuarter() && name < p.String() && name > best {
			best = name
		}
	}
	return best
}

func months(prev string, p ReviewPeriod) content.Months {
	var m content.Months
	m.ToLong, m.ToShort, m.ToISO = p.names()
	if from, ok := ParseReviewPeriod(prev); ok && prev != "" {
		m.FromLong, m.FromShort, m.FromISO = from.names()
	}
	return m
}
