package cli

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/opsreport/opsreport/internal/demo"
	"github.com/opsreport/opsreport/internal/diag"
	"github.com/opsreport/opsreport/internal/kpi"
)

var newCmd = command{
	name:    "new",
	summary: "create a site folder (a small working site, or with --demo a generated company), or a month's review",
	usage:   "site DIR [--demo [--months N] [--kpis K] [--seed S]] [--end " + demo.DefaultEnd + "]\n       opsreport new review PERIOD [-s DIR]",
	run:     runNew,
	more: func(c *command, e *env) string {
		fs, _ := newReviewFlags(c, e)
		return "\nFlags of new review:\n" + fs.FlagUsages()
	},
}

// newFlags are the flags of `new site`.
type newFlags struct {
	demo         bool
	months, kpis int
	seed         uint64
	end          string
}

func runNew(ctx context.Context, c *command, e *env, args []string) error {
	if len(args) > 0 && args[0] == "review" {
		return runNewReview(ctx, c, e, args[1:])
	}
	fs := flags(c, e)
	var nf newFlags
	fs.BoolVar(&nf.demo, "demo", false, "generate a realistic demo company instead of the small starter site")
	fs.IntVar(&nf.months, "months", demo.DefaultMonths, fmt.Sprintf("with --demo: months of history, 1 to %d", demo.MaxMonths))
	fs.IntVar(&nf.kpis, "kpis", demo.DefaultKPIs, fmt.Sprintf("with --demo: number of KPIs, 1 to %d", demo.MaxKPIs))
	fs.Uint64Var(&nf.seed, "seed", demo.DefaultSeed, "with --demo: random seed; the same seed gives the same files")
	fs.StringVar(&nf.end, "end", demo.DefaultEnd, "the last month of the history (the newest review); fixed, not today, so output is reproducible")
	if err := parse(c, e, fs, args); err != nil {
		return err
	}
	dir, err := newArgs(c, e, fs.Args())
	if err != nil {
		return err
	}
	for _, name := range []string{"months", "kpis", "seed"} {
		if fs.Changed(name) && !nf.demo {
			return usageErrorf(c, e, "--%s sizes the demo site: add --demo", name)
		}
	}
	opts, err := nf.options()
	if err != nil {
		return usageErrorf(c, e, "%v", err)
	}
	if err := checkEmpty(dir); err != nil {
		return err
	}
	files, err := demo.Generate(opts)
	if err != nil {
		return err
	}
	if err := writeFiles(dir, files); err != nil {
		return err
	}
	printCreated(e, dir, files, opts)
	return nil
}

// newArgs checks the positional arguments: the kind (site) and the folder.
func newArgs(c *command, e *env, args []string) (string, error) {
	switch {
	case len(args) == 0:
		return "", usageErrorf(c, e, "what to create is missing: opsreport new site DIR, or opsreport new review PERIOD")
	case args[0] != "site":
		return "", usageErrorf(c, e, "cannot create %q: opsreport new site DIR, or opsreport new review PERIOD", args[0])
	case len(args) == 1:
		return "", usageErrorf(c, e, "the folder is missing: opsreport new site DIR")
	case len(args) > 2:
		return "", usageErrorf(c, e, "unexpected argument %q", args[2])
	}
	return args[1], nil
}

func (nf newFlags) options() (demo.Options, error) {
	end, ok := kpi.ParsePeriod(nf.end)
	if !ok {
		return demo.Options{}, fmt.Errorf("--end %q is not a month like %s", nf.end, demo.DefaultEnd)
	}
	o := demo.Options{Demo: nf.demo, Months: nf.months, KPIs: nf.kpis, Seed: nf.seed, End: end}
	return o, o.Check()
}

// checkEmpty refuses a folder that holds anything, so `new` never
// overwrites or mixes with a user's files. A missing folder is created.
func checkEmpty(dir string) error {
	entries, err := os.ReadDir(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil
	case err != nil:
		if fi, serr := os.Stat(dir); serr == nil && !fi.IsDir() {
			return fmt.Errorf("%s is a file, not a folder; nothing was written", dir)
		}
		return fmt.Errorf("read %s: %w", dir, err)
	case len(entries) > 0:
		return fmt.Errorf("%s is not empty; nothing was written (choose a new or empty folder)", dir)
	}
	return nil
}

// writeFiles writes the generated files below dir, which is empty or new.
func writeFiles(dir string, files []demo.File) error {
	made := map[string]bool{}
	for _, f := range files {
		p := filepath.Join(dir, filepath.FromSlash(f.Path))
		if parent := filepath.Dir(p); !made[parent] {
			if err := os.MkdirAll(parent, 0o755); err != nil {
				return fmt.Errorf("create %s: %w", parent, err)
			}
			made[parent] = true
		}
		if err := os.WriteFile(p, f.Data, 0o644); err != nil {
			return fmt.Errorf("write %s: %w", p, err)
		}
	}
	return nil
}

// printCreated lists what was written (reviews summed up, a demo has one
// a month) and the commands to run next.
func printCreated(e *env, dir string, files []demo.File, o demo.Options) {
	kind := "site"
	if o.Demo {
		kind = "demo site"
	}
	fmt.Fprintf(e.stdout, "created %s %s: %s\n", kind, dir, diag.Plural(len(files), "file"))
	var reviews []string
	reviewFiles := 0
	for _, f := range files {
		rest, ok := strings.CutPrefix(f.Path, "content/reviews/")
		if !ok {
			fmt.Fprintf(e.stdout, "  %s\n", f.Path)
			continue
		}
		reviewFiles++
		if r := path.Dir(rest); len(reviews) == 0 || reviews[len(reviews)-1] != r {
			reviews = append(reviews, r)
		}
	}
	if n := len(reviews); n == 1 {
		fmt.Fprintf(e.stdout, "  content/reviews/%s/ (%s)\n", reviews[0], diag.Plural(reviewFiles, "file"))
	} else if n > 1 {
		fmt.Fprintf(e.stdout, "  content/reviews/: %s, %s to %s (%s); the newest is a draft\n",
			diag.Plural(n, "review"), reviews[0], reviews[n-1], diag.Plural(reviewFiles, "file"))
	}
	fmt.Fprintf(e.stdout, "\nNext:\n  cd %s && opsreport build\n", dir)
	if o.Demo {
		fmt.Fprintln(e.stdout, "  opsreport build --drafts   # with the newest review, still a draft")
	}
	fmt.Fprintln(e.stdout, "  opsreport serve            # preview with live reload")
}
