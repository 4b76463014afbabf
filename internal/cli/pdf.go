package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/opsreport/opsreport/internal/diag"
	"github.com/opsreport/opsreport/internal/pdf"
)

var pdfCmd = command{
	name:    "pdf",
	summary: "build the site, then print packs to reviews/P/pack.pdf with headless Chromium",
	usage:   "[-s DIR] [-d DIR] [-D] [--base-url URL] [PERIOD...]",
	more: func(c *command, e *env) string {
		return "\nWith no PERIOD every pack is printed. Each PDF is also added to the pack's zip and its\n" +
			"manifest. Chromium is looked for as " + pdf.EnvChromium + ", /usr/bin/chromium, then chromium,\n" +
			"chromium-browser or google-chrome on $PATH.\n"
	},
	run: runPDF,
}

func runPDF(ctx context.Context, c *command, e *env, args []string) error {
	fs := flags(c, e)
	src := fs.StringP("source", "s", ".", "the site folder")
	dst := fs.StringP("destination", "d", "", "the output folder (default: public/ in the site folder)")
	drafts := fs.BoolP("drafts", "D", false, "include draft reviews")
	baseURL := baseURLFlag(fs)
	if err := parse(c, e, fs, args); err != nil {
		return err
	}
	// Look for the browser first: a missing one should not cost a build.
	if _, err := pdf.Chromium(); err != nil {
		return err
	}
	printed := fs.Args()
	if len(printed) == 0 {
		printed = []string{"*"}
	}
	out, err := buildSite(ctx, c, e, buildArgs{src: *src, dst: *dst, drafts: *drafts, baseURL: *baseURL, pdf: printed})
	if err != nil {
		return err
	}
	return printPacks(ctx, e, out, fs.Args())
}

// printPacks prints the packs of the reviews named (every pack in out when
// none is) and adds each PDF to its zip.
func printPacks(ctx context.Context, e *env, out string, periods []string) error {
	have, err := builtPacks(out)
	if err != nil {
		return err
	}
	if len(periods) == 0 {
		periods = have
	}
	for _, p := range periods {
		if !slices.Contains(have, p) {
			return fmt.Errorf("no pack for %q in %s (packs: %s)%s", p, out, strings.Join(have, ", "), diag.DidYouMean(p, have))
		}
	}
	exe, err := pdf.Chromium()
	if err != nil {
		return err
	}
	pr, err := pdf.Start(exe)
	if err != nil {
		return err
	}
	defer pr.Close()
	for _, p := range periods {
		start := time.Now()
		pages, err := printPack(ctx, pr, out, p)
		if err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "printed %s: %s in %s\n", filepath.Join(out, "reviews", p, pdf.Name), diag.Plural(pages, "page"), time.Since(start).Round(time.Millisecond))
	}
	return nil
}

// builtPacks lists the reviews of out that have a pack.html, sorted.
func builtPacks(out string) ([]string, error) {
	m, err := filepath.Glob(filepath.Join(out, "reviews", "*", "pack.html"))
	if err != nil {
		return nil, err
	}
	var have []string
	for _, f := range m {
		have = append(have, filepath.Base(filepath.Dir(f)))
	}
	slices.Sort(have)
	return have, nil
}

// printPack prints reviews/P/pack.html, writes pack.pdf beside it and
// adds it to packs/opsreport-P.zip. Both are written aside and renamed.
func printPack(ctx context.Context, pr *pdf.Printer, out, period string) (int, error) {
	zipPath := filepath.Join(out, "packs", "opsreport-"+period+".zip")
	z, err := os.ReadFile(zipPath)
	if err != nil {
		return 0, fmt.Errorf("read %s: %w", zipPath, errors.Unwrap(err))
	}
	stamp, err := pdf.Stamp(z)
	if err != nil {
		return 0, fmt.Errorf("read %s: %w", zipPath, err)
	}
	b, err := pr.Print(ctx, filepath.Join(out, "reviews", period, "pack.html"), stamp)
	if err != nil {
		return 0, err
	}
	pages, err := pdf.PageCount(b)
	if err != nil {
		return 0, fmt.Errorf("read the PDF of %s: %w", period, err)
	}
	nz, _, err := pdf.AddToZip(z, b)
	if err != nil {
		return 0, fmt.Errorf("add %s to %s: %w", pdf.Name, zipPath, err)
	}
	if err := writeAside(filepath.Join(out, "reviews", period, pdf.Name), b); err != nil {
		return 0, err
	}
	return pages, writeAside(zipPath, nz)
}

// writeAside writes a file through a temporary one beside it, so a reader
// never sees half of it.
func writeAside(path string, data []byte) error {
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, data, 0o644); err != nil {
		return err
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return err
	}
	return nil
}
