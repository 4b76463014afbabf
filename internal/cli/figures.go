package cli

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"

	"github.com/opsreport/opsreport/internal/kpi"
	"github.com/opsreport/opsreport/internal/publish"
)

var figuresCmd = command{
	name:    "figures",
	summary: "write every KPI's derived figures as CSV or xlsx, for Excel or a BI tool",
	usage:   "[-s DIR] [-o FILE] [--format csv|xlsx]",
	run:     runFigures,
}

func runFigures(ctx context.Context, c *command, e *env, args []string) error {
	fs := flags(c, e)
	src := fs.StringP("source", "s", ".", "the site folder")
	out := fs.StringP("output", "o", "", "the file to write (default: standard output)")
	format := fs.String("format", "", "csv or xlsx (default: from the file name, else csv)")
	if err := parse(c, e, fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usageErrorf(c, e, "unexpected argument %q", fs.Arg(0))
	}
	f := *format
	if f == "" {
		f = "csv"
		if strings.EqualFold(filepath.Ext(*out), ".xlsx") {
			f = "xlsx"
		}
	}
	if f != "csv" && f != "xlsx" {
		return usageErrorf(c, e, "--format %q is not csv or xlsx", f)
	}
	if f == "xlsx" && *out == "" {
		return usageErrorf(c, e, "--format xlsx needs -o FILE: a workbook does not go to a terminal")
	}
	s, err := loadSite(e, *src, "written")
	if err != nil {
		return err
	}
	var b bytes.Buffer
	if f == "xlsx" {
		err = writeFiguresXLSX(&b, s.FigureRows())
	} else {
		err = kpi.WriteFiguresCSV(&b, s.FigureRows())
	}
	if err != nil {
		return err
	}
	if *out == "" {
		_, err = e.stdout.Write(b.Bytes())
		return err
	}
	return publish.WriteFile(*out, b.Bytes())
}
