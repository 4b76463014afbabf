package cli

import (
	"context"
	"io"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

// lines is a writer that hands each complete line to a channel, so a test
// can wait for the server's "serving … at URL" line.
type lines struct {
	mu   sync.Mutex
	buf  strings.Builder
	all  strings.Builder
	each chan string
}

func (l *lines) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.all.Write(p)
	l.buf.Write(p)
	for {
		s := l.buf.String()
		i := strings.IndexByte(s, '\n')
		if i < 0 {
			break
		}
		select {
		case l.each <- s[:i]:
		default:
		}
		l.buf.Reset()
		l.buf.WriteString(s[i+1:])
	}
	return len(p), nil
}

func (l *lines) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.all.String()
}

var servingLine = regexp.MustCompile(`^serving .+ at (http://127\.0\.0\.1:\d+/) \(Ctrl-C to stop\)$`)

// TestServeUntilInterrupted runs `opsreport serve -p 0` on the example
// site as main does: it prints where it serves, serves the site with the
// reload script, and exits 0 when its context ends (Ctrl-C).
func TestServeUntilInterrupted(t *testing.T) {
	dir := copySite(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	stdout := &lines{each: make(chan string, 64)}
	var stderr lines
	stderr.each = make(chan string, 64)
	code := make(chan int, 1)
	go func() { code <- Main(ctx, []string{"serve", "-s", dir, "-p", "0"}, stdout, &stderr) }()

	url := waitServing(t, stdout, code)
	resp, err := http.Get(url + "reviews/2026-10/")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(string(body), `<script src="/_opsreport/live.js"`) {
		t.Errorf("GET the review: %d, script injected %v", resp.StatusCode, strings.Contains(string(body), "live.js"))
	}
	cancel()
	select {
	case c := <-code:
		if c != ExitOK {
			t.Errorf("exit %d after Ctrl-C, want 0; stderr:\n%s", c, stderr.String())
		}
	case <-time.After(15 * time.Second):
		t.Fatal("serve did not stop after its context ended")
	}
	if !strings.Contains(stdout.String(), "built in ") {
		t.Errorf("no build line in stdout:\n%s", stdout.String())
	}
}

func waitServing(t *testing.T, stdout *lines, code chan int) string {
	t.Helper()
	deadline := time.After(30 * time.Second)
	for {
		select {
		case l := <-stdout.each:
			if m := servingLine.FindStringSubmatch(l); m != nil {
				return m[1]
			}
		case c := <-code:
			t.Fatalf("serve exited %d before serving", c)
		case <-deadline:
			t.Fatalf("serve printed no URL; stdout:\n%s", stdout.String())
		}
	}
}

// TestServeRefusesTakenPort: a port in use is an error naming the address,
// exit 1, not a hang or a panic.
func TestServeRefusesTakenPort(t *testing.T) {
	dir := copySite(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	stdout := &lines{each: make(chan string, 64)}
	code := make(chan int, 1)
	go func() { code <- Main(ctx, []string{"serve", "-s", dir, "-p", "0"}, stdout, io.Discard) }()
	url := waitServing(t, stdout, code)
	port := url[strings.LastIndex(url[:len(url)-1], ":")+1 : len(url)-1]

	c, _, stderr := run("serve", "-s", dir, "-p", port)
	want := "opsreport: cannot serve: listen tcp 127.0.0.1:" + port + ": "
	if c != ExitInput || !strings.HasPrefix(stderr, want) || !strings.Contains(stderr, "address already in use") {
		t.Errorf("exit %d, stderr %q; want 1 and %q…address already in use", c, stderr, want)
	}
	cancel()
	<-code
}

// TestServerOnEveryInterface: `opsreport server -D --bind 0.0.0.0`, as a
// Hugo user types it, prints a loopback URL a browser can open (not
// http://[::]:1313/), which serves the site, and warns about the network.
func TestServerOnEveryInterface(t *testing.T) {
	dir := copySite(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	stdout := &lines{each: make(chan string, 64)}
	stderr := &lines{each: make(chan string, 64)}
	code := make(chan int, 1)
	go func() {
		code <- Main(ctx, []string{"server", "-D", "-s", dir, "--bind", "0.0.0.0", "-p", "0"}, stdout, stderr)
	}()
	url := waitServing(t, stdout, code)
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Errorf("GET %s: %d", url, resp.StatusCode)
	}
	cancel()
	if c := <-code; c != ExitOK {
		t.Errorf("exit %d", c)
	}
	if want := "warning: listening on 0.0.0.0: anyone on the network can read this site, drafts included\n"; !strings.Contains(stderr.String(), want) {
		t.Errorf("stderr lacks %q:\n%s", want, stderr.String())
	}
}
