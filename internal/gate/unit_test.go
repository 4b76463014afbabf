package gate

import (
	"slices"
	"testing"

	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
)

// These tests need no tool: they pin down how the gates read what the
// tools say.

func TestKind(t *testing.T) {
	cases := map[string]string{
		"index.html":                   "home",
		"reviews/index.html":           "reviews",
		"reviews/2026-10/index.html":   "review",
		"reviews/2026-Q3/pack.html":    "pack",
		"kpis/index.html":              "kpis",
		"kpis/arr/index.html":          "kpi",
		"reviews/2026-10/other.html":   "",
		"kpis/arr/extra/index.html":    "",
		"assets/vendor/echarts/x.html": "",
	}
	for path, want := range cases {
		if got := Kind(path); got != want {
			t.Errorf("Kind(%q) = %q, want %q", path, got, want)
		}
	}
}

func TestFilePageURL(t *testing.T) {
	p := FilePage("/tmp/site dir", "kpis/arr/index.html")
	if p.URL != "file:///tmp/site%20dir/kpis/arr/index.html" || p.Name != "kpis/arr/index.html" || p.Offline {
		t.Errorf("FilePage = %+v", p)
	}
	if !p.WithoutNetwork().Offline {
		t.Error("WithoutNetwork did not switch the network off")
	}
}

func TestFindingString(t *testing.T) {
	cases := []struct {
		f    Finding
		want string
	}{
		{Finding{Page: "index.html", Line: 12, Col: 5, Rule: "error", Message: "Stray end tag"}, "index.html:12:5: [error] Stray end tag"},
		{Finding{Page: "index.html", Line: 12, Rule: "error", Message: "m"}, "index.html:12: [error] m"},
		{Finding{Page: "kpis/index.html", Rule: "chart", Message: "m"}, "kpis/index.html: [chart] m"},
	}
	for _, c := range cases {
		if got := c.f.String(); got != c.want {
			t.Errorf("String() = %q, want %q", got, c.want)
		}
	}
}

func TestSortFindingsDropsDuplicates(t *testing.T) {
	a := Finding{Page: "a.html", Rule: "request", Message: "x"}
	b := Finding{Page: "a.html", Line: 2, Rule: "error", Message: "y"}
	c := Finding{Page: "b.html", Rule: "console", Message: "z"}
	got := sortFindings([]Finding{c, a, b, a})
	if want := []Finding{a, b, c}; !slices.Equal(got, want) {
		t.Errorf("sortFindings = %v, want %v", got, want)
	}
}

// vnuSample is the shape of `vnu.jar --format json` output: an error
// spanning lines (firstLine set), one on a single line (firstLine absent),
// a warning, an info message and a document the checker could not read.
const vnuSample = `{"messages":[
 {"type":"error","url":"file:/site/reviews/2026-10/index.html","firstLine":3,"lastLine":4,"firstColumn":7,"lastColumn":2,"message":"Unclosed element “section”.","extract":"<section>"},
 {"type":"error","url":"file:/site/index.html","lastLine":9,"firstColumn":11,"lastColumn":14,"message":"Stray end tag “p”."},
 {"type":"info","subType":"warning","url":"file:/site/index.html","lastLine":1,"firstColumn":1,"message":"Consider adding a “lang” attribute."},
 {"type":"info","url":"file:/site/index.html","lastLine":2,"firstColumn":1,"message":"Trailing slash on void elements has no effect."},
 {"type":"non-document-error","subType":"io","url":"file:/elsewhere/gone.html","message":"File not found."}
]}`

func TestParseValidatorJSON(t *testing.T) {
	r, err := ParseValidatorJSON([]byte(vnuSample), "/site")
	if err != nil {
		t.Fatal(err)
	}
	wantErrors := []string{
		"/elsewhere/gone.html: [non-document-error/io] File not found.",
		"index.html:9:11: [error] Stray end tag “p”.",
		`reviews/2026-10/index.html:3:7: [error] Unclosed element “section”. in "<section>"`,
	}
	var got []string
	for _, f := range r.Errors {
		got = append(got, f.String())
	}
	if !slices.Equal(got, wantErrors) {
		t.Errorf("errors:\n got %q\nwant %q", got, wantErrors)
	}
	if len(r.Warnings) != 1 || r.Warnings[0].String() != "index.html:1:1: [info/warning] Consider adding a “lang” attribute." {
		t.Errorf("warnings = %v", r.Warnings)
	}
	if r.Infos != 1 {
		t.Errorf("Infos = %d, want 1", r.Infos)
	}
}

func TestParseValidatorJSONRejectsGarbage(t *testing.T) {
	if _, err := ParseValidatorJSON([]byte("Exception in thread main"), "/site"); err == nil {
		t.Error("no error for output that is not JSON")
	}
}

func str(s string) []byte { return []byte(`"` + s + `"`) }

// TestEventsRecordsWhatFails feeds protocol events as Chromium sends them
// and checks which become findings.
func TestEventsRecordsWhatFails(t *testing.T) {
	e := newEvents(Page{Name: "index.html", URL: "file:///site/index.html"})
	for _, ev := range []any{
		&runtime.EventConsoleAPICalled{Type: runtime.ConsoleAPICalledTypeLog, Args: []*runtime.RemoteObject{{Type: "string", Value: str("just a log")}}},
		&runtime.EventConsoleAPICalled{Type: runtime.ConsoleAPICalledTypeWarning, Args: []*runtime.RemoteObject{{Type: "string", Value: str("a warning")}}},
		&runtime.EventConsoleAPICalled{Type: runtime.ConsoleAPICalledTypeError, Args: []*runtime.RemoteObject{{Type: "string", Value: str("chart arr:")}, {Type: "number", Value: []byte("42")}}},
		&runtime.EventExceptionThrown{ExceptionDetails: &runtime.ExceptionDetails{Text: "Uncaught", LineNumber: 9, ColumnNumber: 2, URL: "file:///site/assets/js/charts.js",
			Exception: &runtime.RemoteObject{Type: "object", Description: "TypeError: x is undefined\n    at draw (charts.js:10:3)"}}},
		&network.EventRequestWillBeSent{RequestID: "1", Request: &network.Request{URL: "file:///site/assets/css/site.css"}},
		&network.EventRequestWillBeSent{RequestID: "2", Request: &network.Request{URL: "file:///site/assets/missing.png"}},
		&network.EventLoadingFailed{RequestID: "2", ErrorText: "net::ERR_FILE_NOT_FOUND"},
		&network.EventRequestWillBeSent{RequestID: "3", Request: &network.Request{URL: "data:image/png;base64,AAAA"}},
		&network.EventRequestWillBeSent{RequestID: "4", Request: &network.Request{URL: "https://fonts.example.com/a.woff2"}},
		&log.EventEntryAdded{Entry: &log.Entry{Source: log.EntrySourceNetwork, Level: log.EntryLevelError, Text: "Failed to load resource"}},
		&log.EventEntryAdded{Entry: &log.Entry{Source: log.EntrySourceSecurity, Level: log.EntryLevelError, Text: "Refused to run script", URL: "file:///site/x.js"}},
		&log.EventEntryAdded{Entry: &log.Entry{Source: log.EntrySourceJavascript, Level: log.EntryLevelWarning, Text: "deprecated"}},
	} {
		e.handle(ev)
	}
	var got []string
	for _, f := range sortFindings(e.take()) {
		got = append(got, f.String())
	}
	want := []string{
		"index.html: [console] console.error: chart arr: 42",
		"index.html: [console] security: Refused to run script (file:///site/x.js)",
		"index.html: [exception] uncaught: TypeError: x is undefined (file:///site/assets/js/charts.js:10:3)",
		"index.html: [request] file:///site/assets/missing.png: net::ERR_FILE_NOT_FOUND",
		"index.html: [request] request leaves the site: https://fonts.example.com/a.woff2",
	}
	if !slices.Equal(got, want) {
		t.Errorf("findings:\n got %q\nwant %q", got, want)
	}
}

func TestEventsServedSiteOrigin(t *testing.T) {
	e := newEvents(URLPage("http://127.0.0.1:1313/reviews/index.html"))
	for _, u := range []string{"http://127.0.0.1:1313/assets/css/site.css", "http://127.0.0.1:9999/x.js", "file:///etc/passwd"} {
		e.handle(&network.EventRequestWillBeSent{RequestID: network.RequestID(u), Request: &network.Request{URL: u}})
	}
	e.handle(&network.EventResponseReceived{Response: &network.Response{URL: "http://127.0.0.1:1313/nope.html", Status: 404}})
	var got []string
	for _, f := range sortFindings(e.take()) {
		got = append(got, f.Message)
	}
	want := []string{
		"http://127.0.0.1:1313/nope.html: HTTP 404",
		"request leaves the site: file:///etc/passwd",
		"request leaves the site: http://127.0.0.1:9999/x.js",
	}
	if !slices.Equal(got, want) {
		t.Errorf("findings:\n got %q\nwant %q", got, want)
	}
}

func TestChartProblem(t *testing.T) {
	cases := []struct {
		c     chartState
		drawn bool
		want  string
	}{
		{chartState{ID: "a", Rendered: true, SVGNodes: 4}, true, ""},
		{chartState{ID: "a", Rendered: false, SVGNodes: -1}, false, `chart "a" not drawn: no data-rendered="true"`},
		{chartState{ID: "a", Rendered: true, SVGNodes: -1}, false, `chart "a" not drawn: no <svg> inside`},
		{chartState{ID: "a", Rendered: true, SVGNodes: 0}, false, `chart "a" not drawn: its <svg> is empty`},
	}
	for _, c := range cases {
		if c.c.drawn() != c.drawn {
			t.Errorf("%+v drawn = %v", c.c, !c.drawn)
		}
		if !c.drawn && c.c.problem() != c.want {
			t.Errorf("%+v problem = %q, want %q", c.c, c.c.problem(), c.want)
		}
	}
}

func TestAxeBlocking(t *testing.T) {
	r := &AxeReport{Page: Page{Name: "index.html"}, Violations: []Violation{
		{Rule: "region", Impact: "moderate", Help: "All page content should be contained by landmarks", Targets: []string{"p"}},
		{Rule: "image-alt", Impact: "critical", Help: "Images must have alternative text", Targets: []string{"img:nth-child(2)", "img.logo"}},
		{Rule: "color-contrast", Impact: "serious", Help: "Elements must meet minimum color contrast ratio thresholds", Targets: []string{".muted"}},
		{Rule: "empty-table-header", Impact: "minor", Help: "Table header text should not be empty", Targets: []string{"th"}},
	}}
	var got []string
	for _, f := range r.Blocking() {
		got = append(got, f.String())
	}
	want := []string{
		"index.html: [color-contrast] Elements must meet minimum color contrast ratio thresholds (serious): .muted",
		"index.html: [image-alt] Images must have alternative text (critical): img.logo",
		"index.html: [image-alt] Images must have alternative text (critical): img:nth-child(2)",
	}
	if !slices.Equal(got, want) {
		t.Errorf("Blocking:\n got %q\nwant %q", got, want)
	}
	counts := r.Counts()
	if counts["critical"] != 1 || counts["serious"] != 1 || counts["moderate"] != 1 || counts["minor"] != 1 {
		t.Errorf("Counts = %v", counts)
	}
}
