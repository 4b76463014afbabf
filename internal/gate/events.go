package gate

import (
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
	"sync"

	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
)

// events collects what a page does wrong while it loads. Its handle method
// runs on chromedp's reader goroutine, so it only records, under a lock.
type events struct {
	page   Page
	origin string // scheme://host of the page; "file:" for file pages

	mu       sync.Mutex
	urls     map[network.RequestID]string
	findings []Finding
}

func newEvents(p Page) *events {
	return &events{page: p, origin: originOf(p.URL), urls: map[network.RequestID]string{}}
}

// originOf is what counts as "the site" for a page: every file for a page
// opened from disk, the scheme and host for a served one.
func originOf(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return raw
	}
	if u.Scheme == "file" {
		return "file:"
	}
	return u.Scheme + "://" + u.Host
}

// local reports whether a request stays on the site. data: and blob: URLs
// are made by the page itself and never reach a network.
func (e *events) local(raw string) bool {
	for _, scheme := range []string{"data:", "blob:", "about:"} {
		if strings.HasPrefix(raw, scheme) {
			return true
		}
	}
	return originOf(raw) == e.origin
}

func (e *events) add(rule, format string, args ...any) {
	e.findings = append(e.findings, Finding{Page: e.page.Name, Rule: rule, Message: fmt.Sprintf(format, args...)})
}

func (e *events) handle(ev any) {
	e.mu.Lock()
	defer e.mu.Unlock()
	switch ev := ev.(type) {
	case *runtime.EventConsoleAPICalled:
		if ev.Type == runtime.ConsoleAPICalledTypeError || ev.Type == runtime.ConsoleAPICalledTypeAssert {
			e.add("console", "console.%s: %s", ev.Type, argsText(ev.Args))
		}
	case *runtime.EventExceptionThrown:
		e.add("exception", "uncaught: %s", exceptionText(ev.ExceptionDetails))
	case *log.EventEntryAdded:
		e.logEntry(ev.Entry)
	case *network.EventRequestWillBeSent:
		e.urls[ev.RequestID] = ev.Request.URL
		if !e.local(ev.Request.URL) {
			e.add("request", "request leaves the site: %s", ev.Request.URL)
		}
	case *network.EventResponseReceived:
		if ev.Response.Status >= 400 {
			e.add("request", "%s: HTTP %d", ev.Response.URL, ev.Response.Status)
		}
	case *network.EventLoadingFailed:
		e.add("request", "%s: %s", e.urls[ev.RequestID], ev.ErrorText)
	}
}

// logEntry keeps the browser's own errors (a blocked script, a bad
// stylesheet). Network entries repeat what loadingFailed already said.
func (e *events) logEntry(en *log.Entry) {
	if en == nil || en.Level != log.EntryLevelError || en.Source == log.EntrySourceNetwork {
		return
	}
	msg := en.Text
	if en.URL != "" {
		msg += " (" + en.URL + ")"
	}
	e.add("console", "%s: %s", en.Source, msg)
}

func (e *events) take() []Finding {
	e.mu.Lock()
	defer e.mu.Unlock()
	return append([]Finding(nil), e.findings...)
}

func argsText(args []*runtime.RemoteObject) string {
	parts := make([]string, 0, len(args))
	for _, a := range args {
		parts = append(parts, remoteText(a))
	}
	return strings.Join(parts, " ")
}

// remoteText renders a console argument as the console would: strings bare,
// other primitives as JSON, objects by their description.
func remoteText(o *runtime.RemoteObject) string {
	if o == nil {
		return ""
	}
	if len(o.Value) > 0 {
		var s string
		if json.Unmarshal(o.Value, &s) == nil {
			return s
		}
		return string(o.Value)
	}
	if o.Description != "" {
		return o.Description
	}
	if o.UnserializableValue != "" {
		return string(o.UnserializableValue)
	}
	return string(o.Type)
}

func exceptionText(d *runtime.ExceptionDetails) string {
	if d == nil {
		return "exception with no details"
	}
	text := d.Text
	if d.Exception != nil && d.Exception.Description != "" {
		// The description holds the message and the stack; the first line
		// is the message.
		text = strings.SplitN(d.Exception.Description, "\n", 2)[0]
	}
	where := d.URL
	if where == "" && d.StackTrace != nil && len(d.StackTrace.CallFrames) > 0 {
		where = d.StackTrace.CallFrames[0].URL
	}
	if where != "" {
		// The protocol counts lines and columns from 0.
		text += fmt.Sprintf(" (%s:%d:%d)", where, d.LineNumber+1, d.ColumnNumber+1)
	}
	return text
}
