package cli

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"

	"github.com/spf13/pflag"

	"github.com/opsreport/opsreport/internal/publish"
	"github.com/opsreport/opsreport/internal/site"
)

// runNewReview is `opsreport new review PERIOD`: a draft review folder
// shaped like the latest earlier review, its prose replaced by prompts.
func runNewReview(ctx context.Context, c *command, e *env, args []string) error {
	fs, src := newReviewFlags(c, e)
	only := *c
	only.more = nil // its -h lists these flags alone
	if err := parse(&only, e, fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usageErrorf(c, e, "give the period of the new review: opsreport new review 2026-11")
	}
	p, ok := site.ParseReviewPeriod(fs.Arg(0))
	if !ok {
		return usageErrorf(c, e, "%q is not a month like 2026-11 or a quarter like 2027-Q3", fs.Arg(0))
	}
	fsys, err := openSite(*src)
	if err != nil {
		return err
	}
	defer fsys.Close()
	dst := filepath.Join(*src, "content", "reviews", p.String())
	if _, err := os.Stat(dst); err == nil {
		fmt.Fprintf(e.stderr, "opsreport new review: content/reviews/%s already exists; nothing changed\n", p)
		return errInput
	}
	files, from, err := site.NewReview(fsys, p)
	if err != nil {
		return err
	}
	if err := publish.WriteFolder(dst, files); err != nil {
		return err
	}
	if from == "" {
		fmt.Fprintf(e.stdout, "created content/reviews/%s (no earlier review to take the shape from):\n", p)
	} else if fromP, _ := site.ParseReviewPeriod(from); fromP.IsQuarter() != p.IsQuarter() {
		fmt.Fprintf(e.stdout, "created content/reviews/%s, shaped like %s (%s):\n", p, from, adapted(p))
	} else {
		fmt.Fprintf(e.stdout, "created content/reviews/%s, shaped like %s:\n", p, from)
	}
	for _, name := range sortedKeys(files) {
		fmt.Fprintf(e.stdout, "  content/reviews/%s/%s\n", p, name)
	}
	fmt.Fprintf(e.stdout, "It is a draft: preview it with opsreport build --drafts, and close it with opsreport close %s.\n", p)
	return nil
}

// newReviewFlags are the flags of `new review`.
func newReviewFlags(c *command, e *env) (*pflag.FlagSet, *string) {
	fs := flags(c, e)
	return fs, fs.StringP("source", "s", ".", "the site folder to add the review to")
}

// adapted says how a review of the other kind was adapted to p's.
func adapted(p site.ReviewPeriod) string {
	if p.IsQuarter() {
		return "a month's review, adapted to a quarter: kind quarterly, decisions to write"
	}
	return "a quarter's review, adapted to a month: kind monthly, no decisions"
}

func sortedKeys(m map[string][]byte) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}
