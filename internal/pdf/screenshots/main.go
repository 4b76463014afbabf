// Command screenshots builds the example site and photographs it for the
// README: the first screen of the home page, a monthly review, the
// quarter's board review and a KPI page at 1366×768, a monthly review on a
// 390×844 phone, and the first three printed pages of the monthly and the
// quarterly pack, from the PDF `opsreport pdf` makes (rendered to PNG with
// poppler's pdftoppm). docs/screenshots.sh runs it:
//
//	go run ./internal/pdf/screenshots -o docs/screenshots
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"github.com/opsreport/opsreport/internal/cli"
	"github.com/opsreport/opsreport/internal/pdf"
)

// shot is one page photographed at one window size.
type shot struct {
	name, page    string
	width, height int64
}

var shots = []shot{
	{"home", "index.html", 1366, 768},
	{"review-monthly", "reviews/2026-10/index.html", 1366, 768},
	{"review-quarterly", "reviews/2027-Q3/index.html", 1366, 768},
	{"kpi", "kpis/uptime_prod/index.html", 1366, 768},
	{"review-monthly-phone", "reviews/2026-10/index.html", 390, 844},
}

// packs are the packs whose first printed pages are shown.
var packs = []struct{ name, period string }{{"pack-monthly", "2026-10"}, {"pack-quarterly", "2027-Q3"}}

func main() {
	out := flag.String("o", "docs/screenshots", "the folder the PNG files go to")
	src := flag.String("s", ".", "the site folder")
	flag.Parse()
	if err := run(context.Background(), *src, *out); err != nil {
		fmt.Fprintln(os.Stderr, "screenshots:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, src, out string) error {
	pdftoppm, err := exec.LookPath("pdftoppm")
	if err != nil {
		return errors.New("pdftoppm not found: install poppler-utils (apt-get install poppler-utils)")
	}
	site, err := os.MkdirTemp("", "opsreport-screenshots-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(site)
	public := filepath.Join(site, "public")
	args := []string{"pdf", "-s", src, "-d", public}
	for _, p := range packs {
		args = append(args, p.period)
	}
	if code := cli.Main(ctx, args, os.Stdout, os.Stderr); code != 0 {
		return fmt.Errorf("opsreport %v: exit %d", args, code)
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	if err := pages(ctx, public, out); err != nil {
		return err
	}
	for _, p := range packs {
		in := filepath.Join(public, "reviews", p.period, pdf.Name)
		cmd := exec.CommandContext(ctx, pdftoppm, "-png", "-r", "60", "-f", "1", "-l", "3", in, filepath.Join(out, p.name))
		cmd.Stderr = os.Stderr
		if err := cmd.Run(); err != nil {
			return fmt.Errorf("pdftoppm %s: %w", in, err)
		}
	}
	return nil
}

// pages photographs each shot's first screen, once its charts are drawn.
func pages(ctx context.Context, public, out string) error {
	exe, err := pdf.Chromium()
	if err != nil {
		return err
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(exe), chromedp.Headless,
		chromedp.NoSandbox, chromedp.DisableGPU, chromedp.Flag("hide-scrollbars", true))
	actx, acancel := chromedp.NewExecAllocator(ctx, opts...)
	defer acancel()
	bctx, bcancel := chromedp.NewContext(actx)
	defer bcancel()
	for _, s := range shots {
		png, err := photograph(bctx, filepath.Join(public, s.page), s)
		if err != nil {
			return fmt.Errorf("%s: %w", s.page, err)
		}
		if err := os.WriteFile(filepath.Join(out, s.name+".png"), png, 0o644); err != nil {
			return err
		}
	}
	return nil
}

func photograph(bctx context.Context, file string, s shot) ([]byte, error) {
	ctx, cancel := context.WithTimeout(bctx, 60*time.Second)
	defer cancel()
	tctx, tcancel := chromedp.NewContext(ctx)
	defer tcancel()
	abs, err := filepath.Abs(file)
	if err != nil {
		return nil, err
	}
	_, err = chromedp.Call(tctx, emulation.SetDeviceMetricsOverride, emulation.SetDeviceMetricsOverrideParams{
		Width: s.width, Height: s.height, DeviceScaleFactor: 1, Mobile: s.width < 600,
	})
	if err != nil {
		return nil, err
	}
	if err := chromedp.Do(tctx, chromedp.Navigate("file://"+filepath.ToSlash(abs))); err != nil {
		return nil, err
	}
	const drawn = `document.querySelectorAll('.chart-canvas[data-chart]:not([data-rendered="true"])').length === 0`
	for {
		ok, err := chromedp.Run(tctx, chromedp.Evaluate[bool](drawn))
		if err != nil || ok {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	return chromedp.Run(tctx, chromedp.CaptureScreenshot())
}
