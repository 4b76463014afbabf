package cli

import (
	"bytes"
	"cmp"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/opsreport/opsreport/internal/diag"
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
	if *out != "" {
		if err := checkOutsideSite(*src, *out); err != nil {
			return usageErrorf(c, e, "%v", err)
		}
	}
	f, err := figuresFormat(*format, *out)
	if err != nil {
		return usageErrorf(c, e, "%v", err)
	}
	if f == "xlsx" && *out == "" && isTerminal(e.stdout) {
		return usageErrorf(c, e, "--format xlsx to a terminal: give -o FILE, or redirect the output to a file")
	}
	s, err := loadSite(e, *src, "written")
	if err != nil {
		return err
	}
	var b bytes.Buffer
	if f == "xlsx" {
		err = writeFiguresXLSX(&b, s.FigureRows(), s.Config.Currency)
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

// figuresFormat is csv or xlsx: --format when given, else the output's
// extension. An extension that is neither is refused rather than taken
// for CSV, so a typo (-o figures.xslx) does not write the wrong format.
func figuresFormat(format, out string) (string, error) {
	ext := strings.ToLower(strings.TrimPrefix(filepath.Ext(out), "."))
	if format != "" && format != "csv" && format != "xlsx" {
		return "", fmt.Errorf("--format %q is not csv or xlsx", format)
	}
	switch {
	case out == "":
		return cmp.Or(format, "csv"), nil
	case ext != "csv" && ext != "xlsx":
		return "", fmt.Errorf("-o %s: the file name must end in .csv or .xlsx%s", out, diag.DidYouMean("."+ext, []string{".csv", ".xlsx"}))
	case format != "" && format != ext:
		return "", fmt.Errorf("-o %s is .%s but --format is %s", out, ext, format)
	}
	return ext, nil
}

// siteInputs are what a build reads, by their first path element: an
// output written onto one of them would change or destroy the site.
var siteInputs = []string{"content/", "data/", "templates/", "theme/", "opsreport.yaml"}

// checkOutsideSite refuses an output file that the site reads. Both paths
// are compared with symbolic links resolved, and names without regard to
// case, since the site may live on a case-insensitive disk.
func checkOutsideSite(siteDir, out string) error {
	root, err := resolvedAbs(siteDir)
	if err != nil {
		return nil // the load reports a missing site folder
	}
	target, err := resolvedAbs(out)
	if err != nil {
		return nil
	}
	rel, err := filepath.Rel(root, target)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return nil
	}
	first, _, _ := strings.Cut(filepath.ToSlash(rel), "/")
	for _, in := range siteInputs {
		if strings.EqualFold(first, strings.TrimSuffix(in, "/")) {
			return fmt.Errorf("-o %s would write into the site's %s, which the build reads; write the figures outside content/, data/, templates/, theme/ and opsreport.yaml", out, in)
		}
	}
	return nil
}

// resolvedAbs is path made absolute with symbolic links resolved; a path
// that does not exist yet is resolved through its nearest existing folder.
func resolvedAbs(path string) (string, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return "", err
	}
	rest := ""
	for {
		if r, err := filepath.EvalSymlinks(abs); err == nil {
			return filepath.Join(r, rest), nil
		}
		parent := filepath.Dir(abs)
		if parent == abs {
			return "", fmt.Errorf("%s: no folder of it exists", path)
		}
		rest = filepath.Join(filepath.Base(abs), rest)
		abs = parent
	}
}

// isTerminal reports whether w is a terminal: a character device other
// than the null device (without a terminal library, which the module does
// not otherwise need).
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	if err != nil || st.Mode()&os.ModeCharDevice == 0 {
		return false
	}
	null, err := os.Stat(os.DevNull)
	return err != nil || !os.SameFile(st, null)
}
