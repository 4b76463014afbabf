package cli

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/spf13/pflag"

	opsreport "github.com/opsreport/opsreport"
	"github.com/opsreport/opsreport/internal/diag"
	"github.com/opsreport/opsreport/internal/kpi"
	"github.com/opsreport/opsreport/internal/pdf"
	"github.com/opsreport/opsreport/internal/publish"
	"github.com/opsreport/opsreport/internal/site"
)

var buildCmd = command{
	name:    "build",
	summary: "check the site, then build it into the output folder",
	usage:   "[-s DIR] [-d DIR] [-D] [--period P] [--base-url URL] [--pull] [--pdf]",
	run:     runBuild,
}

func runBuild(ctx context.Context, c *command, e *env, args []string) error {
	fs := flags(c, e)
	src := fs.StringP("source", "s", ".", "the site folder")
	dst := fs.StringP("destination", "d", "", "the output folder (default: public/ in the site folder)")
	drafts := fs.BoolP("drafts", "D", false, "include draft reviews")
	baseURL := baseURLFlag(fs)
	period := fs.String("period", "", "build only reviews up to and including this period (2026-10)")
	timings := fs.Bool("timings", false, "print how long each phase took")
	pullFirst := fs.Bool("pull", false, "run the database sources into data/pulled first (opsreport pull)")
	pdfs := fs.Bool("pdf", false, "also print each pack to reviews/P/pack.pdf with Chromium (opsreport pdf)")
	noReuse := fs.Bool("no-reuse", false, "render closed reviews even when their inputs are unchanged since the last build")
	if err := parse(c, e, fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usageErrorf(c, e, "unexpected argument %q", fs.Arg(0))
	}
	b := buildArgs{src: *src, dst: *dst, drafts: *drafts, baseURL: *baseURL, period: *period, timings: *timings, pull: *pullFirst, noReuse: *noReuse}
	if *pdfs {
		// Look for the browser first: a missing one should not cost a
		// build. The pages then link the PDFs printed after it.
		if _, err := pdf.Chromium(); err != nil {
			return err
		}
		b.pdf = []string{"*"}
	}
	out, err := buildSite(ctx, c, e, b)
	if err != nil || !*pdfs {
		return err
	}
	return printPacks(ctx, e, out, nil)
}

// buildArgs are the flags of a build.
type buildArgs struct {
	src, dst, baseURL, period string
	drafts, timings, pull     bool
	noReuse                   bool     // render closed reviews even when unchanged
	pdf                       []string // site.Options.PDF: the packs printed after the build
}

// testHookDuringBuild, when set by a test, runs at the start of every
// build, under its memory limit.
var testHookDuringBuild func()

// buildSite checks and builds the site and returns the output folder.
func buildSite(ctx context.Context, c *command, e *env, a buildArgs) (string, error) {
	defer limitHeap()()
	if testHookDuringBuild != nil {
		testHookDuringBuild()
	}
	if !site.ValidBaseURL(a.baseURL) && a.baseURL != "" {
		return "", usageErrorf(c, e, "--base-url %q is not an http or https URL (like https://reviews.example.com/)", a.baseURL)
	}
	opts := site.Options{Look: opsreport.Builtin, Drafts: a.drafts, BaseURL: a.baseURL, PDF: a.pdf}
	if a.period != "" {
		p, ok := kpi.ParsePeriod(a.period)
		if !ok {
			return "", usageErrorf(c, e, "--period %q is not a month like 2026-10", a.period)
		}
		opts.Period = p.String()
	}
	fsys, err := openSite(a.src)
	if err != nil {
		return "", err
	}
	defer fsys.Close()
	if a.pull {
		if err := pull(ctx, e, a.src, ""); err != nil {
			return "", err
		}
	}
	out := a.dst
	if out == "" {
		out = filepath.Join(a.src, "public")
	}
	start := time.Now()
	// Large files go to the staging folder as they are made, so a big
	// site is not held in memory whole; a failed build drops them.
	st, err := publish.Begin(out)
	if err != nil {
		return "", err
	}
	defer st.Abort()
	opts.Spill = st.Spill
	// Closed reviews whose inputs did not change are taken over from the
	// last build; its record is read as it is (an unreadable one reuses
	// nothing).
	// The whole site is keyed too: when nothing it reads changed and the
	// output folder holds exactly what the last build left, there is
	// nothing to do.
	// The files' sums, which Build keys closed reviews with, are taken
	// from the stat cache for the files whose stats it vouches for;
	// --no-reuse reads and hashes every file. A cache that no longer
	// matches the files is written again at once, the "nothing to do" path
	// included, so that a touch or a checkout costs one read of the files
	// it changed, not one every build.
	// Beside it, the rows each closed review's snapshot gave the last
	// build (site.PartsCache), read only when the site changed.
	// And the values read from data/ (site.ValuesCache), read only when
	// the site changed.
	cache := statCachePath(a.src, out)
	parts, values := partsCachePath(cache), valuesCachePath(cache)
	var cached []byte
	if !a.noReuse {
		cached = readStatCache(cache, start)
		touchCache(parts, start) // kept as long as its stat cache
		touchCache(values, start)
		opts.Values = &site.ValuesCache{}
	}
	opts.Sums = site.NewFileSums(cached)
	siteKey := site.SiteKey(fsys, opts, skipOutput(a.src, out))
	if b, stale := opts.Sums.StatCache(); stale {
		writeStatCache(cache, b)
	}
	keyed := time.Since(start)
	if !a.noReuse {
		prev, _ := os.ReadFile(filepath.Join(out, site.ReuseFile))
		if last, ok := site.ReadLastBuild(prev); ok && last.Site == siteKey && st.Holds(last.Output, site.ReuseFile) {
			if a.timings {
				fmt.Fprintf(e.stdout, "%8s  %s\n", time.Since(start).Round(time.Millisecond), "reuse: key the site; unchanged since the last build")
			}
			fmt.Fprintf(e.stdout, "built %s: %s, %s, %s, 0 warnings, inputs unchanged since the last build, nothing rendered; 0 written, %d unchanged, 0 removed in %s\n",
				out, diag.Plural(last.Pages, "page"), diag.Plural(last.Packs, "pack"), diag.Plural(last.Charts, "chart"),
				len(last.Output)+1, time.Since(start).Round(time.Millisecond))
			return out, nil
		}
		opts.Reuse = &site.Reuse{Prev: prev, Keep: st.Keep, Unkeep: st.Unkeep}
		if prev != nil { // else no snapshot is read in part, and the cache is kept as it is
			opts.Parts = site.NewPartsCache(readStatCache(parts, start))
		}
		opts.Values.SetLast(readStatCache(values, start))
	}
	var d diag.List
	built := site.Build(fsys, opts, &d)
	d.Print(e.stderr)
	if built == nil {
		fmt.Fprintf(e.stderr, "build failed: %s; %s was left as it was\n", diag.Plural(d.Errors(), "error"), out)
		return "", errInput
	}
	// The site key is recorded only for a build that reported nothing:
	// skipping a build must not silence its warnings.
	if len(d.Items()) > 0 {
		siteKey = ""
	}
	sizes := st.Sizes()
	for name, b := range built.Files {
		sizes[name] = int64(len(b))
	}
	built.Files[site.ReuseFile] = built.Record(siteKey, sizes)
	t := time.Now()
	stats, err := st.Finish(built.Files)
	if err != nil {
		return "", err
	}
	if b, changed := opts.Parts.Bytes(); changed {
		writeStatCache(parts, b)
	}
	if b, changed := opts.Values.Bytes(); changed {
		writeStatCache(values, b)
	}
	if a.timings {
		fmt.Fprintf(e.stdout, "%8s  %s\n", keyed.Round(time.Millisecond), "reuse: key the site")
		for _, tm := range built.Timings {
			fmt.Fprintf(e.stdout, "%8s  %s\n", tm.Duration.Round(time.Millisecond), tm.Phase)
		}
		fmt.Fprintf(e.stdout, "%8s  %s\n", time.Since(t).Round(time.Millisecond), "write: compare with and swap in the output folder")
	}
	reused := ""
	if len(built.Reused) > 0 {
		reused = fmt.Sprintf(", %s reused", diag.Plural(len(built.Reused), "closed review"))
	}
	fmt.Fprintf(e.stdout, "built %s: %s, %s, %s, %s%s; %d written, %d unchanged, %d removed in %s\n",
		out, diag.Plural(built.Pages, "page"), diag.Plural(built.Packs, "pack"), diag.Plural(built.Charts, "chart"), diag.Plural(d.Warnings(), "warning"),
		reused, stats.Written, stats.Unchanged, stats.Removed, time.Since(start).Round(time.Millisecond))
	return out, nil
}

// skipOutput names what the site key leaves out of the site folder src:
// the output folder out and its staging folder, should they be inside
// one of the folders it reads.
func skipOutput(src, out string) func(string) bool {
	var skip []string
	for _, dir := range []string{out, filepath.Join(filepath.Dir(out), publish.StagingDir)} {
		rel, err := filepath.Rel(src, dir)
		if err == nil && rel != "." && !strings.HasPrefix(rel, "..") {
			skip = append(skip, filepath.ToSlash(rel))
		}
	}
	return func(p string) bool { return slices.Contains(skip, p) }
}

// baseURLFlag is --base-url (-b): opsreport.yaml's base_url for one run.
// Hugo's spelling, --baseURL, is taken too.
func baseURLFlag(fs *pflag.FlagSet) *string {
	fs.SetNormalizeFunc(func(_ *pflag.FlagSet, name string) pflag.NormalizedName {
		if strings.EqualFold(name, "baseURL") {
			name = "base-url"
		}
		return pflag.NormalizedName(name)
	})
	return fs.StringP("base-url", "b", "", "the base_url of this build, instead of opsreport.yaml's (links in packs resolve under it; Hugo's --baseURL works too)")
}

var checkCmd = command{
	name:    "check",
	summary: "validate the site and report every problem at once; writes nothing",
	usage:   "[-s DIR]",
	run:     runCheck,
}

func runCheck(ctx context.Context, c *command, e *env, args []string) error {
	fs := flags(c, e)
	src := fs.StringP("source", "s", ".", "the site folder")
	if err := parse(c, e, fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usageErrorf(c, e, "unexpected argument %q", fs.Arg(0))
	}
	fsys, err := openSite(*src)
	if err != nil {
		return err
	}
	defer fsys.Close()
	var d diag.List
	s := site.Load(fsys, site.Options{Look: opsreport.Builtin, Drafts: true}, &d)
	if !d.HasErrors() {
		s.Check(&d)
	}
	d.Print(e.stderr)
	summary := s.Summary()
	if d.HasErrors() {
		fmt.Fprintf(e.stderr, "%s, %s; %s\n", diag.Plural(d.Errors(), "error"), diag.Plural(d.Warnings(), "warning"), summary)
		return errInput
	}
	fmt.Fprintf(e.stdout, "ok: %s; %s\n", summary, diag.Plural(d.Warnings(), "warning"))
	return nil
}
