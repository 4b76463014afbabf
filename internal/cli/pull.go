package cli

import (
	"context"
	"fmt"
	"os"

	"github.com/opsreport/opsreport/internal/diag"
	"github.com/opsreport/opsreport/internal/site"
	"github.com/opsreport/opsreport/internal/warehouse"
)

var pullCmd = command{
	name:    "pull",
	summary: "run the database sources into data/pulled/ (all or nothing)",
	usage:   "[-s DIR] [--source NAME]",
	run:     runPull,
}

func runPull(ctx context.Context, c *command, e *env, args []string) error {
	fs := flags(c, e)
	src := fs.StringP("source-dir", "s", ".", "the site folder")
	only := fs.String("source", "", "pull this database source alone (its name in data/sources.yaml)")
	if err := parse(c, e, fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usageErrorf(c, e, "unexpected argument %q", fs.Arg(0))
	}
	return pull(ctx, e, *src, *only)
}

// pull runs the site's database sources and writes data/pulled, printing
// what changed; on any problem it writes nothing.
func pull(ctx context.Context, e *env, dir, only string) error {
	fsys, err := openSite(dir)
	if err != nil {
		return err
	}
	defer fsys.Close()
	var d diag.List
	plan := site.LoadPlan(fsys, &d)
	var pulled []warehouse.Pulled
	if !d.HasErrors() {
		pulled = warehouse.Pull(ctx, fsys, plan.Sources, plan.Catalog, warehouse.Options{
			FiscalStart: plan.Config.FiscalYearStart, Only: only, Getenv: os.Getenv, Databases: plan.Config.Databases,
		}, &d)
	}
	d.Print(e.stderr)
	if d.HasErrors() {
		fmt.Fprintf(e.stderr, "pull failed: %s; data/pulled was left as it was\n", diag.Plural(d.Errors(), "error"))
		return errInput
	}
	if len(pulled) == 0 {
		fmt.Fprintln(e.stdout, "no database sources in data/sources.yaml: nothing to pull")
		return nil
	}
	changes, err := warehouse.Write(dir, pulled)
	if err != nil {
		return err
	}
	var rows int
	var sent int64
	for i, ch := range changes {
		fmt.Fprintln(e.stdout, ch)
		rows += ch.Rows
		sent += pulled[i].Bytes
	}
	fmt.Fprintf(e.stdout, "pulled %s, %s, %d KB received\n", diag.Plural(len(changes), "source"), diag.Plural(rows, "row"), (sent+1023)/1024)
	return nil
}
