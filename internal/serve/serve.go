// Package serve is the live preview behind `opsreport serve`: it builds a
// site into memory (drafts included), serves it over HTTP, watches the
// site's inputs, rebuilds on change, and pushes the result to browsers over
// Server-Sent Events.
//
// Browsers learn of a build through the small script in live.js, which the
// server injects into HTML responses only; built files never contain it, so
// public/ and review packs stay as `build` writes them. On a good build
// pages whose text changed reload, and a stylesheet change swaps the
// <link data-opsreport-css> in place. A failed build keeps the last good
// site served and shows its diagnostics over the page until the next good
// build. A workbook or CSV file under data/ is read only once it has
// settled (settle.go): a spreadsheet program saving in place writes for a
// while, and a half-written file is not an error to show. Every stream is
// greeted with the served build's id; the id changes with each build and
// each server start, so a browser that reconnects to a rebuilt or
// restarted server reloads.
//
// Only files of the build are served: a request path with "..", ".", an
// encoded slash or backslash, or a NUL is refused, never cleaned. Only
// requests addressed to a loopback name or address, or to the address the
// server listens on, are answered (see hostAllowed), so a page that has
// re-pointed its own name at 127.0.0.1 (DNS rebinding) cannot read drafts.
// The site folder is read through sitefs, as a build reads it.
package serve

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/http"
	"slices"
	"strconv"
	"time"

	"github.com/fsnotify/fsnotify"

	"github.com/opsreport/opsreport/internal/diag"
	"github.com/opsreport/opsreport/internal/site"
	"github.com/opsreport/opsreport/internal/sitefs"
)

// Config says what to serve and where.
type Config struct {
	Dir  string // the site folder
	Look fs.FS  // the built-in look (site.Options.Look)
	Addr string // host:port to listen on; port 0 picks a free port
	// BaseURL replaces opsreport.yaml's base_url (site.Options.BaseURL).
	BaseURL string

	Stdout io.Writer // one line per rebuild; nil discards
	Stderr io.Writer // diagnostics; nil discards

	Debounce  time.Duration // quiet time after the last change before building (15ms: an editor's write-and-rename save lands well within it)
	MaxWait   time.Duration // longest a steady stream of changes delays a build (300ms)
	Settle    time.Duration // how long a data file's size and time must hold still before it is read (300ms)
	MaxSettle time.Duration // longest a changing data file is held back (10s)
	Heartbeat time.Duration // interval of keep-alive comments on event streams (20s)
}

func (c *Config) defaults() {
	if c.Stdout == nil {
		c.Stdout = io.Discard
	}
	if c.Stderr == nil {
		c.Stderr = io.Discard
	}
	c.Debounce = cmpOr(c.Debounce, 15*time.Millisecond)
	c.MaxWait = cmpOr(c.MaxWait, 300*time.Millisecond)
	c.Settle = cmpOr(c.Settle, 300*time.Millisecond)
	c.MaxSettle = cmpOr(c.MaxSettle, 10*time.Second)
	c.Heartbeat = cmpOr(c.Heartbeat, 20*time.Second)
}

func cmpOr(d, def time.Duration) time.Duration {
	if d > 0 {
		return d
	}
	return def
}

// Server is a running preview.
type Server struct {
	cfg     Config
	builder *site.Builder
	live    *live
	watch   *watcher
	fsys    *sitefs.FS // the site folder, open while serving
	settler *settler   // data files still being written; the loop's own
	ln      net.Listener
	http    *http.Server
	done    chan struct{}
	err     error
	warned  string // the warnings last printed, to print them only when they change
}

// Start builds the site, starts watching it and listens on cfg.Addr. The
// server runs until ctx is cancelled; Wait returns once it has shut down.
// A first build with errors still starts the server: the browser shows the
// errors until they are fixed.
func Start(ctx context.Context, cfg Config) (*Server, error) {
	cfg.defaults()
	fsys, err := sitefs.Open(cfg.Dir)
	if err != nil {
		return nil, fmt.Errorf("cannot serve: %w", err)
	}
	s := &Server{
		cfg:     cfg,
		fsys:    fsys,
		builder: site.NewBuilder(fsys, site.Options{Look: cfg.Look, Drafts: true, BaseURL: cfg.BaseURL}),
		// The id only has to differ between runs; it never reaches a file.
		live:    newLive(strconv.FormatInt(time.Now().UnixNano(), 36)),
		settler: newSettler(cfg.Settle, cfg.MaxSettle),
		done:    make(chan struct{}),
	}
	// Listen first, so a port in use fails at once; requests wait in the
	// backlog until the first build is in.
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		fsys.Close()
		return nil, fmt.Errorf("cannot serve: %w", err)
	}
	w, err := newWatcher(cfg.Dir)
	if err != nil {
		ln.Close()
		fsys.Close()
		return nil, err
	}
	s.ln, s.watch = ln, w
	// Watch before the first build, so no edit made during it is lost.
	s.rebuild(nil)
	s.http = &http.Server{Handler: s, ReadHeaderTimeout: 10 * time.Second, WriteTimeout: 30 * time.Second, IdleTimeout: time.Minute}
	go s.run(ctx)
	return s, nil
}

// URL is where the site is served, "http://127.0.0.1:1313/". A server
// listening on every interface (0.0.0.0, which Go reports as [::]) gives
// its loopback address: a browser cannot open http://[::]:1313/.
func (s *Server) URL() string {
	if a, ok := s.ln.Addr().(*net.TCPAddr); ok && a.IP.IsUnspecified() {
		return "http://" + net.JoinHostPort("127.0.0.1", strconv.Itoa(a.Port)) + "/"
	}
	return "http://" + s.ln.Addr().String() + "/"
}

// Wait blocks until the server has shut down and returns why it stopped
// other than by its context.
func (s *Server) Wait() error {
	<-s.done
	return s.err
}

// run serves and watches until ctx ends, then shuts down: event streams
// first, since a graceful shutdown waits for every open request.
func (s *Server) run(ctx context.Context) {
	defer close(s.done)
	served := make(chan error, 1)
	go func() { served <- s.http.Serve(s.ln) }()
	loopDone := make(chan struct{})
	go func() { s.loop(ctx); close(loopDone) }()
	select {
	case <-ctx.Done():
	case err := <-served:
		s.err = err
	}
	s.live.close()
	sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := s.http.Shutdown(sctx); err != nil && s.err == nil {
		s.err = err
	}
	s.watch.Close()
	<-loopDone
	s.fsys.Close()
	if errors.Is(s.err, http.ErrServerClosed) {
		s.err = nil
	}
}

// loop gathers file events into batches and builds each batch. A batch
// closes when no event came for Debounce, or MaxWait after its first event;
// a data file in it that is still being written is held back (see
// settle.go) and checked again when it may have settled. Builds run here,
// one at a time; events that arrive during one wait in the watcher and
// make the next batch, so an edit is never left unbuilt.
func (s *Server) loop(ctx context.Context) {
	var (
		batch    = newBatch()
		quiet    = stoppedTimer()
		deadline = stoppedTimer()
		settle   = stoppedTimer()
	)
	for {
		select {
		case <-ctx.Done():
			return
		case ev, ok := <-s.watch.fsw.Events:
			if !ok {
				return
			}
			if s.collect(batch, ev) {
				quiet.Reset(s.cfg.Debounce)
				if batch.started() {
					deadline.Reset(s.cfg.MaxWait)
				}
			}
		case err, ok := <-s.watch.fsw.Errors:
			if !ok {
				return
			}
			// An overflowed event queue loses changes: rebuild everything.
			fmt.Fprintf(s.cfg.Stderr, "watch: %v; rebuilding everything\n", err)
			batch.all = true
			quiet.Reset(s.cfg.Debounce)
		case <-quiet.C:
			deadline.Stop()
			s.flush(batch, settle)
		case <-deadline.C:
			quiet.Stop()
			s.flush(batch, settle)
		case <-settle.C:
			s.flush(batch, settle)
		}
	}
}

// collect adds an event's paths to batch and reports whether it had any.
func (s *Server) collect(b *batch, ev fsnotify.Event) bool {
	paths, all, err := s.watch.handle(ev)
	if err != nil {
		fmt.Fprintf(s.cfg.Stderr, "%v\n", err)
	}
	if all {
		b.all = true
	}
	for _, p := range paths {
		b.paths[p] = true
	}
	return all || len(paths) > 0
}

// flush builds what the batch allows now and sets settle for when the data
// files it holds back may have settled.
func (s *Server) flush(b *batch, settle *time.Timer) {
	if build, changed := s.take(b, time.Now()); build {
		s.rebuild(changed)
	}
	settle.Stop()
	if at, ok := s.settler.next(); ok {
		settle.Reset(max(time.Until(at), 0))
	}
}

// take empties b of what may be built at now and returns it (changed nil:
// everything). Data files still being written stay in b; so does the rest
// of b when building it would read them (a changed catalog or config
// reloads every data file), while narratives, templates and the theme go
// ahead without them.
func (s *Server) take(b *batch, now time.Time) (build bool, changed []string) {
	var held []string
	for p := range b.paths {
		if settles(p) && !s.settler.ready(p, look(s.fsys, p), now) {
			held = append(held, p)
		}
	}
	b.open = false // the next event starts a new MaxWait
	for _, p := range held {
		delete(b.paths, p)
	}
	if len(held) > 0 && (b.all || site.ReloadsData(b.list())) {
		for _, p := range held {
			b.paths[p] = true
		}
		return false, nil
	}
	build, changed = b.all || len(b.paths) > 0, b.list()
	b.reset()
	for _, p := range held {
		b.paths[p] = true
	}
	return build, changed
}

// rebuild builds after the changed inputs (nil: all of them) and publishes
// the result.
func (s *Server) rebuild(changed []string) {
	start := time.Now()
	var d diag.List
	out, paths := s.builder.Build(changed, &d)
	took := time.Since(start).Round(time.Millisecond)
	if out == nil {
		d.Print(s.cfg.Stderr)
		fmt.Fprintf(s.cfg.Stderr, "build failed in %s: %s; still serving the last good build\n", took, diag.Plural(d.Errors(), "error"))
		s.warned = ""
		s.live.failed(d.Items())
		return
	}
	s.printWarnings(&d)
	first := s.live.status().Builds == 0
	c := s.live.succeeded(out.Files, paths)
	if first {
		fmt.Fprintf(s.cfg.Stdout, "built in %s: %s\n", took, diag.Plural(out.Pages, "page"))
		return
	}
	fmt.Fprintf(s.cfg.Stdout, "rebuilt in %s: %s\n", took, c)
}

// printWarnings prints the build's warnings when they differ from the last
// ones printed, so an edit elsewhere does not repeat them.
func (s *Server) printWarnings(d *diag.List) {
	var b []byte
	for _, w := range d.Items() {
		b = fmt.Appendln(b, w.String())
	}
	if string(b) != s.warned {
		s.cfg.Stderr.Write(b)
		s.warned = string(b)
	}
}

// batch is the set of changed inputs waiting for a build.
type batch struct {
	paths map[string]bool
	all   bool
	open  bool
}

func newBatch() *batch { return &batch{paths: map[string]bool{}} }

// started reports whether this is the batch's first change, which starts
// its MaxWait clock.
func (b *batch) started() bool {
	first := !b.open
	b.open = true
	return first
}

// list is the changed paths, sorted, or nil when everything must build.
func (b *batch) list() []string {
	if b.all {
		return nil
	}
	out := make([]string, 0, len(b.paths))
	for p := range b.paths {
		out = append(out, p)
	}
	slices.Sort(out)
	return out
}

func (b *batch) reset() {
	clear(b.paths)
	b.all, b.open = false, false
}

func stoppedTimer() *time.Timer {
	t := time.NewTimer(time.Hour)
	t.Stop()
	return t
}
