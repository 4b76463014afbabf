package cli

import (
	"context"
	"fmt"
	"net"
	"os/exec"
	"path/filepath"
	"strconv"

	opsreport "github.com/opsreport/opsreport"
	"github.com/opsreport/opsreport/internal/serve"
	"github.com/opsreport/opsreport/internal/site"
)

var serveCmd = command{
	name:    "serve",
	aliases: []string{"server"},
	summary: "build in memory, serve, and reload the browser as the site changes",
	usage:   "[-s DIR] [--bind 127.0.0.1] [-p 1313] [--open] [--base-url URL]",
	run:     runServe,
}

func runServe(ctx context.Context, c *command, e *env, args []string) error {
	fs := flags(c, e)
	src := fs.StringP("source", "s", ".", "the site folder")
	bind := fs.String("bind", "127.0.0.1", "the address to listen on; anything but loopback shows drafts to the network")
	port := fs.IntP("port", "p", 1313, "the port to listen on (0: any free port)")
	open := fs.Bool("open", false, "open the site in the default browser")
	baseURL := baseURLFlag(fs)
	// The preview always shows drafts; -D is accepted for `hugo server -D`.
	drafts := fs.BoolP("drafts", "D", true, "include draft reviews (always on in the preview)")
	if err := parse(c, e, fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usageErrorf(c, e, "unexpected argument %q", fs.Arg(0))
	}
	if *port < 0 || *port > 65535 {
		return usageErrorf(c, e, "--port %d is not a port (0 to 65535)", *port)
	}
	if net.ParseIP(*bind) == nil && *bind != "localhost" {
		return usageErrorf(c, e, "--bind %q is not an IP address", *bind)
	}
	if !*drafts {
		return usageErrorf(c, e, "--drafts=false: the preview always shows drafts (build leaves them out)")
	}
	if !site.ValidBaseURL(*baseURL) && *baseURL != "" {
		return usageErrorf(c, e, "--base-url %q is not an http or https URL (like https://reviews.example.com/)", *baseURL)
	}
	if err := siteFS(*src); err != nil {
		return err
	}
	cfg := serve.Config{Dir: *src, Look: opsreport.Builtin, Addr: net.JoinHostPort(*bind, strconv.Itoa(*port)), BaseURL: *baseURL}
	return serveSite(ctx, e, cfg, *open)
}

// serveSite runs the preview until ctx ends (Ctrl-C).
func serveSite(ctx context.Context, e *env, cfg serve.Config, open bool) error {
	cfg.Stdout, cfg.Stderr = e.stdout, e.stderr
	dir := cfg.Dir
	s, err := serve.Start(ctx, cfg)
	if err != nil {
		return err
	}
	abs, _ := filepath.Abs(dir)
	fmt.Fprintf(e.stdout, "serving %s at %s (Ctrl-C to stop)\n", abs, s.URL())
	if host, _, _ := net.SplitHostPort(cfg.Addr); !loopback(host) {
		fmt.Fprintf(e.stderr, "warning: listening on %s: anyone on the network can read this site, drafts included\n", host)
	}
	if open {
		openBrowser(e, s.URL())
	}
	return s.Wait()
}

// loopback reports whether the --bind address keeps the site on this machine.
func loopback(host string) bool {
	ip := net.ParseIP(host)
	return host == "localhost" || ip != nil && ip.IsLoopback()
}

// openBrowser asks the desktop to open url, without waiting for it; with
// no opener installed the URL printed above is the way in.
func openBrowser(e *env, url string) {
	for _, name := range []string{"xdg-open", "open"} {
		exe, err := exec.LookPath(name)
		if err != nil {
			continue
		}
		cmd := exec.Command(exe, url)
		if err := cmd.Start(); err != nil {
			break
		}
		go cmd.Wait() // reap it; its result does not matter
		return
	}
	fmt.Fprintf(e.stdout, "no browser opener found (xdg-open, open): open %s yourself\n", url)
}
