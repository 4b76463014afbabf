package cli

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"github.com/opsreport/opsreport/internal/content"
	"github.com/opsreport/opsreport/internal/kpi"
	"github.com/opsreport/opsreport/internal/pack"
)

var (
	reviewFolder  = regexp.MustCompile(`^\d{4}-\d{2}$`)
	quarterFolder = regexp.MustCompile(`^\d{4}-Q[1-4]$`)
)

// firstQuarter is index.md of a site's first quarterly board review.
const firstQuarter = `---
title: %s board review
status: draft
decisions:
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
---
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

// runNewReview is `opsreport new review PERIOD`: a draft review folder
// shaped like the latest earlier review, its prose replaced by prompts.
func runNewReview(ctx context.Context, c *command, e *env, args []string) error {
	fs := flags(c, e)
	src := fs.StringP("source", "s", ".", "the site folder")
	if err := parse(c, e, fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usageErrorf(c, e, "give the period of the new review: opsreport new review 2026-11")
	}
	p, ok := newPeriodOf(fs.Arg(0))
	if !ok {
		return usageErrorf(c, e, "%q is not a month like 2026-11 or a quarter like 2027-Q3", fs.Arg(0))
	}
	fsys, err := openSite(*src)
	if err != nil {
		return err
	}
	defer fsys.Close()
	reviews := filepath.Join(*src, "content", "reviews")
	dst := filepath.Join(reviews, p.String())
	if _, err := os.Stat(dst); err == nil {
		fmt.Fprintf(e.stderr, "opsreport new review: content/reviews/%s already exists; nothing changed\n", p)
		return errInput
	}
	files, from, err := reviewSkeleton(fsys, reviews, p)
	if err != nil {
		return err
	}
	if err := writeFolder(dst, files); err != nil {
		return err
	}
	if from == "" {
		fmt.Fprintf(e.stdout, "created content/reviews/%s (no earlier review to take the shape from):\n", p)
	} else {
		fmt.Fprintf(e.stdout, "created content/reviews/%s, shaped like %s:\n", p, from)
	}
	for _, name := range sortedKeys(files) {
		fmt.Fprintf(e.stdout, "  content/reviews/%s/%s\n", p, name)
	}
	fmt.Fprintf(e.stdout, "It is a draft: preview it with opsreport build --drafts, and close it with opsreport close %s.\n", p)
	return nil
}

// newPeriod is the period of a new review: a month, or a fiscal quarter,
// whose review takes its shape from the latest earlier review of its kind.
type newPeriod struct {
	month   kpi.Period
	quarter kpi.Quarter
}

func newPeriodOf(arg string) (newPeriod, bool) {
	if q, ok := kpi.ParseQuarter(arg); ok {
		return newPeriod{quarter: q}, true
	}
	p, ok := kpi.ParsePeriod(arg)
	return newPeriod{month: p}, ok
}

func (n newPeriod) isQuarter() bool { return n.quarter != kpi.Quarter{} }

func (n newPeriod) String() string {
	if n.isQuarter() {
		return n.quarter.String()
	}
	return n.month.String()
}

// names are the period's spellings a skeleton replaces: long, short, ISO.
func (n newPeriod) names() (long, short, iso string) {
	if n.isQuarter() {
		q := n.quarter
		return fmt.Sprintf("Q%d FY%d", q.Q, q.FY), fmt.Sprintf("FY%d Q%d", q.FY, q.Q), q.String()
	}
	return n.month.Long(), n.month.Label(), n.month.String()
}

// reviewSkeleton makes the new review's files from the latest review
// before p, and names that review ("" when there is none). The files are
// read through the site's fsys, as a build reads them: a section linked
// out of the site or a named pipe is refused, not copied or waited on.
func reviewSkeleton(fsys fs.FS, reviews string, p newPeriod) (map[string][]byte, string, error) {
	prev := latestBefore(reviews, p)
	m := months(prev, p)
	if prev == "" && p.isQuarter() {
		long, _, _ := p.names()
		return map[string][]byte{"index.md": fmt.Appendf(nil, firstQuarter, long)}, "", nil
	}
	if prev == "" {
		return map[string][]byte{"index.md": fmt.Appendf(nil, firstReview, p.month.Long())}, "", nil
	}
	entries, err := os.ReadDir(filepath.Join(reviews, prev))
	if err != nil {
		return nil, "", err
	}
	files := map[string][]byte{}
	for _, en := range entries {
		if en.IsDir() || filepath.Ext(en.Name()) != ".md" || strings.HasPrefix(en.Name(), ".") {
			continue
		}
		name := path.Join("content/reviews", prev, en.Name())
		src, err := content.ReadFile(fsys, name)
		if err != nil {
			return nil, "", fmt.Errorf("%s: %w", name, err)
		}
		files[en.Name()] = pack.Skeleton(src, m, en.Name() == "index.md")
	}
	if _, ok := files["index.md"]; !ok {
		long, _, _ := p.names()
		files["index.md"] = fmt.Appendf(nil, firstReview, long)
	}
	return files, prev, nil
}

// latestBefore is the newest review folder of p's kind (month or quarter)
// whose period is before p: a board review takes the last board review's
// shape, not a month's.
func latestBefore(reviews string, p newPeriod) string {
	folder := reviewFolder
	if p.isQuarter() {
		folder = quarterFolder
	}
	entries, _ := os.ReadDir(reviews)
	best := ""
	for _, en := range entries {
		if en.IsDir() && folder.MatchString(en.Name()) && en.Name() < p.String() && en.Name() > best {
			best = en.Name()
		}
	}
	return best
}

func months(prev string, p newPeriod) pack.Months {
	var m pack.Months
	m.ToLong, m.ToShort, m.ToISO = p.names()
	if from, ok := newPeriodOf(prev); ok && prev != "" {
		m.FromLong, m.FromShort, m.FromISO = from.names()
	}
	return m
}

// writeFolder writes files into a new folder dst: aside first, then renamed
// into place, so a failure leaves no half-made review.
func writeFolder(dst string, files map[string][]byte) error {
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return err
	}
	tmp, err := os.MkdirTemp(filepath.Dir(dst), "."+filepath.Base(dst)+".new-")
	if err != nil {
		return err
	}
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(tmp, name), data, 0o644); err != nil {
			os.RemoveAll(tmp)
			return err
		}
	}
	err = os.Chmod(tmp, 0o755)
	if err == nil {
		err = os.Rename(tmp, dst)
	}
	if err != nil {
		os.RemoveAll(tmp)
		return fmt.Errorf("create %s: %w", dst, err)
	}
	return nil
}

func sortedKeys(m map[string][]byte) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}
