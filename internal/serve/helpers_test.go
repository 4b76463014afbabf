package serve

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	opsreport "github.com/opsreport/opsreport"
	"github.com/rogpeppe/go-internal/txtar"
)

// waitFor bounds every wait in these tests: long enough for a loaded
// machine, short enough that a lost event fails instead of hanging.
const waitFor = 15 * time.Second

// writeSite unpacks testdata/NAME.txtar into a new temporary site folder.
func writeSite(t testing.TB, name string) string {
	t.Helper()
	ar, err := txtar.ParseFile(filepath.Join("testdata", name+".txtar"))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for _, f := range ar.Files {
		writeFile(t, dir, f.Name, string(f.Data))
	}
	return dir
}

func writeFile(t testing.TB, dir, name, text string) {
	t.Helper()
	p := filepath.Join(dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

func readFile(t testing.TB, dir, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(name)))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// output collects a server's terminal output safely across goroutines.
type output struct {
	mu sync.Mutex
	b  strings.Builder
}

func (o *output) Write(p []byte) (int, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.b.Write(p)
}

func (o *output) String() string {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.b.String()
}

// start serves dir on a free loopback port until the test ends.
func start(t testing.TB, dir string) (*Server, *output) {
	t.Helper()
	return startWith(t, Config{Dir: dir})
}

// startWith is start with cfg's timings; it sets the folder's look, the
// address and the output.
func startWith(t testing.TB, cfg Config) (*Server, *output) {
	t.Helper()
	var out output
	ctx, cancel := context.WithCancel(context.Background())
	cfg.Look, cfg.Addr, cfg.Stdout, cfg.Stderr = opsreport.Builtin, "127.0.0.1:0", &out, &out
	s, err := Start(ctx, cfg)
	if err != nil {
		cancel()
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cancel()
		if err := s.Wait(); err != nil {
			t.Errorf("shutdown: %v", err)
		}
	})
	return s, &out
}

// get fetches path and returns the status and body.
func get(t testing.TB, s *Server, path string) (int, string) {
	t.Helper()
	c := &http.Client{Timeout: waitFor, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := c.Get(strings.TrimSuffix(s.URL(), "/") + path)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, string(b)
}

// sse is one parsed Server-Sent Event.
type sse struct {
	name, data string
}

func (e sse) decode(t testing.TB, v any) {
	t.Helper()
	if err := json.Unmarshal([]byte(e.data), v); err != nil {
		t.Fatalf("event %s data %q: %v", e.name, e.data, err)
	}
}

// stream is an open event stream read by a goroutine of its own.
type stream struct {
	events   chan sse
	comments chan string
	cancel   context.CancelFunc
}

func openStream(t testing.TB, s *Server) *stream {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	req, _ := http.NewRequestWithContext(ctx, "GET", s.URL()+"_opsreport/events", nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		cancel()
		t.Fatal(err)
	}
	if ct := resp.Header.Get("Content-Type"); resp.StatusCode != 200 || ct != "text/event-stream" {
		cancel()
		t.Fatalf("event stream: %d %s", resp.StatusCode, ct)
	}
	st := &stream{events: make(chan sse, 64), comments: make(chan string, 64), cancel: cancel}
	go st.read(resp.Body)
	t.Cleanup(cancel)
	return st
}

func (st *stream) read(body io.ReadCloser) {
	defer body.Close()
	defer close(st.events)
	sc := bufio.NewScanner(body)
	var ev sse
	for sc.Scan() {
		line := sc.Text()
		switch {
		case strings.HasPrefix(line, ":"):
			select {
			case st.comments <- line:
			default:
			}
		case strings.HasPrefix(line, "event: "):
			ev.name = strings.TrimPrefix(line, "event: ")
		case strings.HasPrefix(line, "data: "):
			ev.data = strings.TrimPrefix(line, "data: ")
		case line == "" && ev.name != "":
			st.events <- ev
			ev = sse{}
		}
	}
}

// next returns the next event, which must be named name.
func (st *stream) next(t testing.TB, name string) sse {
	t.Helper()
	select {
	case ev, ok := <-st.events:
		if !ok {
			t.Fatalf("stream ended waiting for %q", name)
		}
		if ev.name != name {
			t.Fatalf("got event %s %s, want %s", ev.name, ev.data, name)
		}
		return ev
	case <-time.After(waitFor):
		t.Fatalf("no %q event within %s", name, waitFor)
	}
	return sse{}
}

// quiet asserts that no event arrives within d.
func (st *stream) quiet(t testing.TB, d time.Duration) {
	t.Helper()
	select {
	case ev := <-st.events:
		t.Fatalf("unexpected event %s %s", ev.name, ev.data)
	case <-time.After(d):
	}
}

func status(t testing.TB, s *Server) statusMsg {
	t.Helper()
	_, body := get(t, s, "/_opsreport/status")
	var m statusMsg
	if err := json.Unmarshal([]byte(body), &m); err != nil {
		t.Fatalf("status %q: %v", body, err)
	}
	return m
}

func contextWithCleanup(t testing.TB) (context.Context, context.CancelFunc) {
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	return ctx, cancel
}
