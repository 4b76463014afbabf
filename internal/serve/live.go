package serve

import (
	"encoding/json"
	"fmt"
	"sync"

	"github.com/opsreport/opsreport/internal/diag"
)

// event is one Server-Sent Event: a name and its JSON data.
type event struct {
	name string
	data []byte
}

// clientQueue is how many events may wait for a slow stream. A stream that
// falls further behind is dropped; its browser reconnects, sees a new build
// id and reloads, which is what it would have done anyway.
const clientQueue = 16

// client is one open event stream.
type client struct {
	ch chan event // closed when the stream must end
}

// live is what the server currently serves, and who is listening. One mutex
// covers both, so a new stream's hello and every later event come in the
// same order as the builds that caused them.
type live struct {
	mu      sync.Mutex
	files   map[string][]byte // last good build; replaced, never mutated
	build   string            // id of the served build, unique per server start
	builds  int               // completed builds, good or bad
	good    bool              // a build has succeeded since the server started
	diags   []diag.Diagnostic // errors of the last build; nil when it was good
	clients map[*client]struct{}
	closed  bool
	nonce   string
	seq     int
}

func newLive(nonce string) *live {
	l := &live{nonce: nonce, clients: map[*client]struct{}{}, files: map[string][]byte{}}
	l.build = l.nextID()
	return l
}

func (l *live) nextID() string {
	l.seq++
	return fmt.Sprintf("%s-%d", l.nonce, l.seq)
}

// snapshot returns the served files and build id.
func (l *live) snapshot() (map[string][]byte, string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.files, l.build
}

// subscribe registers a stream and queues its greeting: the build id and,
// while the last build failed, its diagnostics.
func (l *live) subscribe() *client {
	c := &client{ch: make(chan event, clientQueue)}
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.closed {
		close(c.ch)
		return c
	}
	c.ch <- newEvent("hello", buildMsg{Build: l.build})
	if l.diags != nil {
		c.ch <- l.errorEvent()
	}
	l.clients[c] = struct{}{}
	return c
}

// unsubscribe forgets a stream whose request ended.
func (l *live) unsubscribe(c *client) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if _, ok := l.clients[c]; ok {
		delete(l.clients, c)
		close(c.ch)
	}
}

// close ends every stream, so a graceful shutdown does not wait for them.
func (l *live) close() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.closed = true
	for c := range l.clients {
		close(c.ch)
	}
	clear(l.clients)
}

// failed records a failed build: the last good files stay served, and every
// browser is told what went wrong.
func (l *live) failed(ds []diag.Diagnostic) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.builds++
	l.diags = errorsOnly(ds)
	l.broadcast(l.errorEvent())
}

// succeeded swaps in a good build and tells browsers what changed. It
// returns the change it found, for the terminal.
func (l *live) succeeded(files map[string][]byte, changed []string) change {
	l.mu.Lock()
	defer l.mu.Unlock()
	first, recovering := l.builds == 0, l.diags != nil
	l.builds++
	prev := l.files
	l.files, l.diags, l.good = files, nil, true
	if first {
		return change{}
	}
	c := classify(prev, files, changed)
	// After a failure every open page shows an overlay, or a notice that
	// there is no site yet: all of them reload.
	c.all = c.all || recovering
	if c.empty() {
		return c
	}
	l.build = l.nextID()
	for _, ev := range c.events(l.build) {
		l.broadcast(ev)
	}
	return c
}

// broadcast queues ev on every stream; a stream whose queue is full is
// dropped rather than allowed to hold up the others.
func (l *live) broadcast(ev event) {
	for c := range l.clients {
		select {
		case c.ch <- ev:
		default:
			delete(l.clients, c)
			close(c.ch)
		}
	}
}

// status is the state as the status endpoint reports it.
func (l *live) status() statusMsg {
	l.mu.Lock()
	defer l.mu.Unlock()
	return statusMsg{Build: l.build, Builds: l.builds, Clients: len(l.clients), Errors: diagMsgs(l.diags)}
}

func (l *live) errorEvent() event {
	return newEvent("error", errorMsg{Build: l.build, Diagnostics: diagMsgs(l.diags)})
}

// errorsOnly keeps the errors of ds: warnings do not fail a build, so they
// belong in the terminal, not in an overlay over the page.
func errorsOnly(ds []diag.Diagnostic) []diag.Diagnostic {
	out := []diag.Diagnostic{}
	for _, d := range ds {
		if d.Severity == diag.Error {
			out = append(out, d)
		}
	}
	return out
}

// The JSON shapes of events and of the status endpoint.
type (
	buildMsg struct {
		Build string `json:"build"`
	}
	reloadMsg struct {
		Build string   `json:"build"`
		All   bool     `json:"all"`
		Pages []string `json:"pages"`
	}
	cssMsg struct {
		Build string `json:"build"`
		Href  string `json:"href"`
	}
	errorMsg struct {
		Build       string    `json:"build"`
		Diagnostics []diagMsg `json:"diagnostics"`
	}
	diagMsg struct {
		File    string `json:"file"`
		Pos     string `json:"pos"`
		Line    int    `json:"line,omitempty"`
		Message string `json:"message"`
		Text    string `json:"text"`
	}
	statusMsg struct {
		Build   string    `json:"build"`
		Builds  int       `json:"builds"`
		Clients int       `json:"clients"`
		Errors  []diagMsg `json:"errors"`
	}
)

func diagMsgs(ds []diag.Diagnostic) []diagMsg {
	out := make([]diagMsg, len(ds))
	for i, d := range ds {
		out[i] = diagMsg{File: d.Pos.File, Pos: d.Pos.String(), Line: d.Pos.Line, Message: d.Msg, Text: d.String()}
	}
	return out
}

func newEvent(name string, v any) event {
	b, err := json.Marshal(v)
	if err != nil {
		panic(fmt.Sprintf("serve: marshal %s event: %v", name, err)) // plain structs: cannot fail
	}
	return event{name: name, data: b}
}
