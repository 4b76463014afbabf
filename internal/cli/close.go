package cli

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/opsreport/opsreport/internal/content"
	"github.com/opsreport/opsreport/internal/diag"
	"github.com/opsreport/opsreport/internal/kpi"
	"github.com/opsreport/opsreport/internal/publish"
	"github.com/opsreport/opsreport/internal/site"
)

var closeCmd = command{
	name:    "close",
	summary: "freeze a review: write its snapshot.csv and registers.csv and set status: final",
	usage:   "PERIOD [-s DIR] [--force]",
	run:     runClose,
}

func runClose(ctx context.Context, c *command, e *env, args []string) error {
	fs := flags(c, e)
	src := fs.StringP("source", "s", ".", "the site folder")
	force := fs.Bool("force", false, "close a review that is already closed again, from the current data, or one with no values or unwritten prompts")
	if err := parse(c, e, fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usageErrorf(c, e, "give the period of the review to close, like 2026-10")
	}
	period, ok := site.ParseReviewPeriod(fs.Arg(0))
	p := period.String()
	if !ok {
		return usageErrorf(c, e, "%q is not a month like 2026-10 or a quarter like 2027-Q3", fs.Arg(0))
	}
	s, err := loadSite(e, *src, "closed")
	if err != nil {
		return err
	}
	rev := findReview(s, p)
	if rev == nil {
		fmt.Fprintf(e.stderr, "opsreport close: no review for %s: content/reviews/%s/index.md does not exist (start one with opsreport new review %s)\n", p, p, p)
		return errInput
	}
	snapPath := filepath.Join(*src, filepath.FromSlash(rev.Dir), site.SnapshotFile)
	if _, err := os.Stat(snapPath); err == nil && !*force {
		fmt.Fprintf(e.stderr, "opsreport close: %s is already closed (%s exists); nothing changed.\nUse --force to close it again from the current data.\n", rev.Dir, site.SnapshotFile)
		return errInput
	}
	if warns := closeWarnings(*src, s, rev); warns.Warnings() > 0 {
		warns.Print(e.stderr)
		if !*force {
			fmt.Fprintf(e.stderr, "opsreport close: %s is not ready to close; nothing changed.\nUse --force to freeze it as it is.\n", rev.Dir)
			return errInput
		}
	}
	return closeReview(e, *src, s, rev, snapPath)
}

func findReview(s *site.Site, slug string) *content.Review {
	for _, r := range s.Reviews {
		if r.Slug == slug {
			return r
		}
	}
	return nil
}

// closeReview writes the registers (the risk register and action log as
// they are now) and the snapshot (every figure of every KPI up to and
// including the period, and a quarterly review's quarters: all the review's
// tables and charts show) and then sets status: final, each file written
// aside and renamed over. The new index.md is made first, so a front
// matter whose status cannot be set leaves both files as they were.
func closeReview(e *env, dir string, s *site.Site, rev *content.Review, snapPath string) error {
	figs := withPeriodRows(s.SnapshotRows(rev), s, rev)
	var b bytes.Buffer
	if err := kpi.WriteSnapshotCSV(&b, figs); err != nil {
		return err
	}
	index := filepath.Join(dir, filepath.FromSlash(rev.Dir), "index.md")
	src, err := os.ReadFile(index)
	if err != nil {
		return fmt.Errorf("read %s: %w", index, err)
	}
	final, err := content.SetStatus(rev.Dir+"/index.md", src, "final")
	if err != nil {
		fmt.Fprintf(e.stderr, "opsreport close: %v; nothing changed\n", err)
		return errInput
	}
	// The registers go first: snapshot.csv is what makes a review closed,
	// so a failure here leaves it open, as it was.
	regs := s.Registers()
	var rb bytes.Buffer
	if err := kpi.WriteRegistersCSV(&rb, regs); err != nil {
		return err
	}
	if err := publish.WriteFile(filepath.Join(filepath.Dir(snapPath), site.RegistersFile), rb.Bytes()); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "wrote %s/%s: %s, %s\n", rev.Dir, site.RegistersFile, diag.Plural(len(regs.Risks), "risk"), diag.Plural(len(regs.Actions), "action"))
	if err := publish.WriteFile(snapPath, b.Bytes()); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "wrote %s/%s: %d figures up to %s\n", rev.Dir, site.SnapshotFile, len(figs), rev.Slug)
	if !bytes.Equal(final, src) {
		if err := publish.WriteFile(index, final); err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "set status: final in %s/index.md\n", rev.Dir)
	}
	fmt.Fprintf(e.stdout, "closed %s: from now on it is built from its snapshot\n", rev.Slug)
	return nil
}
