package serve

import (
	"bufio"
	"fmt"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	opsreport "github.com/opsreport/opsreport"
	"github.com/opsreport/opsreport/internal/diag"
	"github.com/opsreport/opsreport/internal/site"
)

const review = "content/reviews/2026-04/index.md"

func TestServesPagesWithScriptOnlyInResponses(t *testing.T) {
	dir := writeSite(t, "site")
	s, _ := start(t, dir)
	built := buildDir(t, dir)
	for _, tc := range []struct{ url, file string }{
		{"/", "index.html"},
		{"/reviews/2026-04/", "reviews/2026-04/index.html"},
		{"/reviews/2026-04/index.html", "reviews/2026-04/index.html"},
		{"/reviews/2026-03/", "reviews/2026-03/index.html"}, // a draft: the preview shows drafts
		{"/kpis/revenue/", "kpis/revenue/index.html"},
	} {
		code, body := get(t, s, tc.url)
		if code != 200 {
			t.Fatalf("GET %s: %d", tc.url, code)
		}
		tag := fmt.Sprintf(`<script src="/_opsreport/live.js" data-build="%s" data-events="/_opsreport/events"></script>`, status(t, s).Build)
		if !strings.Contains(body, tag+"</body>") {
			t.Errorf("GET %s: no reload script before </body>", tc.url)
		}
		if strings.Replace(body, tag, "", 1) != string(built[tc.file]) {
			t.Errorf("GET %s: differs from the built %s by more than the script", tc.url, tc.file)
		}
	}
	for p, b := range built {
		if strings.Contains(string(b), "_opsreport") {
			t.Errorf("built %s mentions the preview script", p)
		}
	}
}

// buildDir is what `opsreport build --drafts` would write for dir.
func buildDir(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	var d diag.List
	out := site.Build(os.DirFS(dir), site.Options{Look: opsreport.Builtin, Drafts: true}, &d)
	if out == nil {
		t.Fatalf("build: %v", d.Items())
	}
	return out.Files
}

func TestServesAssetsRedirectsAndMisses(t *testing.T) {
	s, _ := start(t, writeSite(t, "site"))
	_, home := get(t, s, "/")
	i := strings.Index(home, "assets/css/site.")
	css := home[i : i+strings.Index(home[i:], `"`)]
	resp, err := http.Get(s.URL() + css)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "text/css; charset=utf-8" || resp.Header.Get("Cache-Control") != "no-store" {
		t.Errorf("GET %s: %d %q %q", css, resp.StatusCode, resp.Header.Get("Content-Type"), resp.Header.Get("Cache-Control"))
	}
	if code, body := get(t, s, "/data/figures.csv"); code != 200 || !strings.HasPrefix(body, "kpi,period,actual") {
		t.Errorf("GET /data/figures.csv: %d %.40q", code, body)
	}
	if code, _ := get(t, s, "/reviews/2026-04"); code != http.StatusFound {
		t.Errorf("GET /reviews/2026-04: %d, want a redirect to the folder", code)
	}
	code, body := get(t, s, "/reviews/2026-05/")
	if code != 404 || !strings.Contains(body, "/_opsreport/live.js") {
		t.Errorf("GET a missing page: %d, want 404 with the reload script", code)
	}
	if code, _ := get(t, s, "/opsreport.yaml"); code != 404 {
		t.Errorf("GET /opsreport.yaml: %d; only built files are served", code)
	}
}

func TestNarrativeEditReloadsItsPage(t *testing.T) {
	dir := writeSite(t, "site")
	s, _ := start(t, dir)
	st := openStream(t, s)
	var hello buildMsg
	st.next(t, "hello").decode(t, &hello)
	writeFile(t, dir, review, strings.Replace(readFile(t, dir, review), "Revenue was", "Revenue was splendidly", 1))
	var m reloadMsg
	st.next(t, "reload").decode(t, &m)
	if m.All || !slices.Contains(m.Pages, "/reviews/2026-04/index.html") || m.Build == hello.Build {
		t.Errorf("reload %+v: want the review's page and a new build id (was %s)", m, hello.Build)
	}
	if slices.Contains(m.Pages, "/reviews/2026-03/index.html") || slices.Contains(m.Pages, "/kpis/index.html") {
		t.Errorf("reload %+v: lists pages the edit did not change", m)
	}
	if _, body := get(t, s, "/reviews/2026-04/"); !strings.Contains(body, "Revenue was splendidly") {
		t.Error("the page does not show the edit")
	}
}

func TestRenameOverSaveReloads(t *testing.T) {
	dir := writeSite(t, "site")
	s, _ := start(t, dir)
	st := openStream(t, s)
	st.next(t, "hello")
	// As vim with backupcopy=no, and most IDEs, save: a new file renamed over
	// the old one, which shows as CREATE with no WRITE for the file's name.
	tmp := filepath.Join(dir, "content", "reviews", "2026-04", ".index.md.tmp")
	text := strings.Replace(readFile(t, dir, review), "Revenue was", "Revenue, renamed over, was", 1)
	if err := os.WriteFile(tmp, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(tmp, filepath.Join(dir, filepath.FromSlash(review))); err != nil {
		t.Fatal(err)
	}
	st.next(t, "reload")
	if _, body := get(t, s, "/reviews/2026-04/"); !strings.Contains(body, "Revenue, renamed over, was") {
		t.Error("the page does not show the renamed-over file")
	}
}

func TestBrokenFrontMatterShowsOverlayThenRecovers(t *testing.T) {
	dir := writeSite(t, "site")
	s, out := start(t, dir)
	st := openStream(t, s)
	st.next(t, "hello")
	good := readFile(t, dir, review)
	writeFile(t, dir, review, strings.Replace(good, "title: April review", "title: [April review", 1))

	var m errorMsg
	st.next(t, "error").decode(t, &m)
	if len(m.Diagnostics) == 0 || m.Diagnostics[0].File != review || m.Diagnostics[0].Line != 2 ||
		!strings.HasPrefix(m.Diagnostics[0].Text, review+":2") {
		t.Fatalf("error event %+v: want the front matter's file and line 2", m)
	}
	if !strings.Contains(out.String(), review+":2") || !strings.Contains(out.String(), "still serving the last good build") {
		t.Errorf("terminal does not show the diagnostic:\n%s", out)
	}
	if _, body := get(t, s, "/reviews/2026-04/"); !strings.Contains(body, "April review") {
		t.Error("the last good page is not served during the error")
	}
	// A browser that opens now is told at once.
	late := openStream(t, s)
	late.next(t, "hello")
	late.next(t, "error")
	if got := status(t, s).Errors; len(got) != len(m.Diagnostics) {
		t.Errorf("status errors %v, want %v", got, m.Diagnostics)
	}

	writeFile(t, dir, review, good)
	var r reloadMsg
	st.next(t, "reload").decode(t, &r)
	if !r.All {
		t.Errorf("recovery reload %+v: want every page, to clear every overlay", r)
	}
	if got := status(t, s).Errors; len(got) != 0 {
		t.Errorf("errors after the fix: %v", got)
	}
	fresh := openStream(t, s)
	fresh.next(t, "hello")
	fresh.quiet(t, 100*time.Millisecond) // no error event: the overlay is gone
}

func TestNewReviewFolderAppears(t *testing.T) {
	dir := writeSite(t, "site")
	s, _ := start(t, dir)
	st := openStream(t, s)
	st.next(t, "hello")
	// MkdirAll then a write at once: the watch on the new folder may come
	// after the file, which must still be seen.
	writeFile(t, dir, "content/reviews/2026-05/index.md", "---\ntitle: May review\n---\nMay went well.\n")
	var m reloadMsg
	st.next(t, "reload").decode(t, &m)
	if !slices.Contains(m.Pages, "/reviews/2026-05/index.html") {
		t.Errorf("reload %+v: want the new review's page", m)
	}
	if code, body := get(t, s, "/reviews/2026-05/"); code != 200 || !strings.Contains(body, "May went well.") {
		t.Errorf("GET the new review: %d", code)
	}
	// And the new folder is watched: an edit inside it rebuilds too.
	writeFile(t, dir, "content/reviews/2026-05/index.md", "---\ntitle: May review\n---\nMay went better.\n")
	st.next(t, "reload")
	if _, body := get(t, s, "/reviews/2026-05/"); !strings.Contains(body, "May went better.") {
		t.Error("an edit in the new folder was not built")
	}
}

func TestStylesheetChangeSwapsCSS(t *testing.T) {
	dir := writeSite(t, "site")
	s, _ := start(t, dir)
	st := openStream(t, s)
	st.next(t, "hello")
	writeFile(t, dir, "theme/css/site.css", "body { color: rebeccapurple }\n")
	var m cssMsg
	st.next(t, "css").decode(t, &m)
	if !strings.HasPrefix(m.Href, "/assets/css/site.") {
		t.Fatalf("css event %+v", m)
	}
	if code, body := get(t, s, m.Href); code != 200 || body != "body { color: rebeccapurple }\n" {
		t.Errorf("GET %s: %d %q", m.Href, code, body)
	}
	// Packs inline their CSS, so they change; ordinary pages only by href.
	select {
	case ev := <-st.events:
		var r reloadMsg
		ev.decode(t, &r)
		if ev.name != "reload" || r.All || slices.Contains(r.Pages, "/reviews/2026-04/index.html") {
			t.Errorf("after the css event: %s %+v; ordinary pages must not reload", ev.name, r)
		}
	case <-time.After(200 * time.Millisecond):
	}
}

func TestEditorTempFilesDoNotRebuild(t *testing.T) {
	dir := writeSite(t, "site")
	s, _ := start(t, dir)
	st := openStream(t, s)
	st.next(t, "hello")
	before := status(t, s).Builds
	for _, name := range []string{".index.md.swp", "4913", "index.md~", ".#index.md", "~$values.xlsx"} {
		writeFile(t, dir, "content/reviews/2026-04/"+name, "scratch")
	}
	writeFile(t, dir, "public/index.html", "output, not input")
	writeFile(t, dir, "notes.txt", "not an input")
	st.quiet(t, 300*time.Millisecond)
	if got := status(t, s).Builds; got != before {
		t.Errorf("builds %d → %d after editor by-products only", before, got)
	}
}

// TestBurstOfWritesBuildsOnce checks that writes closer together than the
// debounce make one build. It counts builds rather than timing them: the
// debounce is a second, so that a loaded machine's pauses between the
// test's writes cannot split the burst (with the default 15 ms they did),
// and instead of waiting a while for no second build, one more write after
// the burst's reload must be the only other build.
func TestBurstOfWritesBuildsOnce(t *testing.T) {
	dir := writeSite(t, "site")
	s, _ := startWith(t, Config{Dir: dir, Debounce: time.Second, MaxWait: waitFor})
	st := openStream(t, s)
	st.next(t, "hello")
	before := status(t, s).Builds
	text := readFile(t, dir, review)
	for i := range 10 {
		writeFile(t, dir, review, strings.Replace(text, "Revenue was", fmt.Sprintf("Revenue (take %d) was", i), 1))
	}
	st.next(t, "reload")
	if _, body := get(t, s, "/reviews/2026-04/"); !strings.Contains(body, "Revenue (take 9) was") {
		t.Error("the last write of the burst is not shown")
	}
	writeFile(t, dir, review, strings.Replace(text, "Revenue was", "Revenue (after) was", 1))
	st.next(t, "reload")
	if got := status(t, s).Builds - before; got != 2 {
		t.Errorf("%d builds for a burst of 10 writes and one more write, want 2", got)
	}
}

func TestRestartedServerHasNewBuildID(t *testing.T) {
	dir := writeSite(t, "site")
	a, _ := start(t, dir)
	b, _ := start(t, dir)
	if ia, ib := status(t, a).Build, status(t, b).Build; ia == ib {
		t.Errorf("two server runs share build id %s: a reconnecting browser would not reload", ia)
	}
}

func TestHeartbeat(t *testing.T) {
	var out output
	ctx, cancel := contextWithCleanup(t)
	s, err := Start(ctx, Config{Look: opsreport.Builtin, Dir: writeSite(t, "site"), Addr: "127.0.0.1:0", Stdout: &out, Stderr: &out, Heartbeat: 20 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	defer func() { cancel(); s.Wait() }()
	st := openStream(t, s)
	st.next(t, "hello")
	select {
	case c := <-st.comments:
		if c != ": heartbeat" {
			t.Errorf("comment %q", c)
		}
	case <-time.After(waitFor):
		t.Fatal("no heartbeat")
	}
}

func TestPathEscapesAreRefused(t *testing.T) {
	dir := writeSite(t, "site")
	s, _ := start(t, dir)
	secret := "organization: Acme Ltd"
	for _, p := range []string{
		"/../opsreport.yaml",
		"/reviews/../../opsreport.yaml",
		"/%2e%2e/opsreport.yaml",
		"/%2E%2E/%2e%2e/opsreport.yaml",
		"/reviews/%2e%2e/%2e%2e/opsreport.yaml",
		"/.%2e/opsreport.yaml",
		"/..%2fopsreport.yaml",
		"/reviews%2F..%2F..%2Fopsreport.yaml",
		"/..\\opsreport.yaml",
		"/reviews\\..\\..\\opsreport.yaml",
		"/%5c..%5copsreport.yaml",
		"/%5C..%5Copsreport.yaml",
		"/./index.html",
		"//etc/passwd",
		"/index.html%00.css",
		"/%zz",
	} {
		code, body := rawGet(t, s, p)
		t.Logf("GET %s: %d", p, code)
		// Refused, never cleaned: a cleaning handler would answer 404 or
		// even serve the site's own page, and hide the attempt.
		if code != 400 {
			t.Errorf("GET %s: %d, want 400", p, code)
		}
		if strings.Contains(body, secret) {
			t.Errorf("GET %s: served a file outside the site", p)
		}
	}
}

// TestOnlyLocalHostNamesAreAnswered: a page of another site whose name
// was re-pointed at 127.0.0.1 (DNS rebinding) sends its own name as Host
// and is refused, whole message; loopback names and the bound address are
// served.
func TestOnlyLocalHostNamesAreAnswered(t *testing.T) {
	dir := writeSite(t, "site")
	s, _ := start(t, dir)
	_, port, _ := net.SplitHostPort(strings.Trim(strings.TrimPrefix(s.URL(), "http://"), "/"))
	for host, want := range map[string]int{
		"localhost":              200,
		"localhost:" + port:      200,
		"LocalHost.:" + port:     200,
		"preview.localhost":      200,
		"127.0.0.1:" + port:      200,
		"127.0.0.2":              200,
		"[::1]:" + port:          200,
		"evil.example:" + port:   403,
		"127.0.0.1.evil.example": 403,
		"10.0.0.5:" + port:       403,
		"":                       403,
	} {
		code, body := rawGetHost(t, s, "/index.html", host)
		if code != want {
			t.Errorf("Host %q: %d, want %d", host, code, want)
		}
		if want == 403 && body != fmt.Sprintf("opsreport serve answers to localhost and the address it listens on, not to %q\n", host) {
			t.Errorf("Host %q: body %q", host, body)
		}
	}
}

// rawGet sends path byte for byte: an HTTP client would clean or escape it.
func rawGet(t *testing.T, s *Server, path string) (int, string) {
	t.Helper()
	return rawGetHost(t, s, path, "localhost")
}

// rawGetHost is rawGet with the given Host header ("" for none).
func rawGetHost(t *testing.T, s *Server, path, host string) (int, string) {
	t.Helper()
	conn, err := net.DialTimeout("tcp", strings.TrimPrefix(strings.TrimSuffix(s.URL(), "/"), "http://"), waitFor)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(waitFor))
	proto, hostLine := "HTTP/1.1", "Host: "+host+"\r\n"
	if host == "" {
		proto, hostLine = "HTTP/1.0", ""
	}
	fmt.Fprintf(conn, "GET %s %s\r\n%sConnection: close\r\n\r\n", path, proto, hostLine)
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
	defer resp.Body.Close()
	var b strings.Builder
	bufio.NewReader(resp.Body).WriteTo(&b)
	return resp.StatusCode, b.String()
}

func TestManyStreamsAllReceiveOneChange(t *testing.T) {
	dir := writeSite(t, "site")
	s, _ := start(t, dir)
	const n = 100
	streams := make([]*stream, n)
	for i := range streams {
		streams[i] = openStream(t, s)
		streams[i].next(t, "hello")
	}
	if got := status(t, s).Clients; got != n {
		t.Fatalf("%d streams registered, want %d", got, n)
	}
	writeFile(t, dir, review, strings.Replace(readFile(t, dir, review), "Revenue was", "Revenue for all was", 1))
	var wg sync.WaitGroup
	builds := make([]string, n)
	for i, st := range streams {
		wg.Go(func() {
			var m reloadMsg
			st.next(t, "reload").decode(t, &m)
			builds[i] = m.Build
		})
	}
	wg.Wait()
	for i, b := range builds {
		if b != builds[0] {
			t.Fatalf("stream %d got build %s, stream 0 got %s", i, b, builds[0])
		}
	}
}

func TestInject(t *testing.T) {
	tag := `<script src="/_opsreport/live.js" data-build="b1" data-events="/_opsreport/events"></script>`
	for _, tc := range []struct{ in, want string }{
		{"<html><body><p>x</p></body></html>", "<html><body><p>x</p>" + tag + "</body></html>"},
		{"<BODY>a</BODY>", "<BODY>a" + tag + "</BODY>"},
		{"<body><pre>&lt;/body&gt;</pre></body>\n", "<body><pre>&lt;/body&gt;</pre>" + tag + "</body>\n"},
		{"<p>İ</p></body>", "<p>İ</p>" + tag + "</body>"},
		{"no body", "no body" + tag},
	} {
		in := []byte(tc.in)
		if got := string(inject(in, "b1")); got != tc.want {
			t.Errorf("inject(%q) = %q, want %q", tc.in, got, tc.want)
		}
		if string(in) != tc.in {
			t.Errorf("inject changed its input %q", tc.in)
		}
	}
}

func TestSitePath(t *testing.T) {
	for raw, want := range map[string]string{
		"/":                  "",
		"/reviews/2026-04/":  "reviews/2026-04/",
		"/a%20b.html":        "a b.html",
		"/kpis/arr/":         "kpis/arr/",
		"/_opsreport/events": "_opsreport/events",
	} {
		if got, err := sitePath(raw); err != nil || got != want {
			t.Errorf("sitePath(%q) = %q, %v; want %q", raw, got, err, want)
		}
	}
	for _, raw := range []string{"", "x", "/..", "/a/../b", "/%2e%2E/", "/a%2fb", "/a%5Cb", "/a\\b", "/a%00", "/a//b", "/./a", "/%"} {
		if got, err := sitePath(raw); err == nil {
			t.Errorf("sitePath(%q) = %q, want refused", raw, got)
		}
	}
}

func TestIgnoredAndInput(t *testing.T) {
	for name, want := range map[string]bool{
		"index.md": false, "metrics.xlsx": false, "4913": true, ".index.md.swp": true, "index.md.swp": true,
		"index.md~": true, ".#index.md": true, "~$metrics.xlsx": true, ".~lock.metrics.xlsx#": true,
		"index.md___jb_tmp___": true, ".DS_Store": true,
	} {
		if got := ignored(name); got != want {
			t.Errorf("ignored(%q) = %v, want %v", name, got, want)
		}
	}
	for rel, want := range map[string]bool{
		"opsreport.yaml": true, "content": true, "content/reviews/2026-04/index.md": true, "data/kpis.yaml": true,
		"templates/home.html": true, "theme/css/site.css": true, "public/index.html": false, "notes.txt": false,
		"content/.git/HEAD": false, "content/reviews/2026-04/4913": false,
	} {
		if got := input(rel); got != want {
			t.Errorf("input(%q) = %v, want %v", rel, got, want)
		}
	}
}

func TestClassify(t *testing.T) {
	page := func(css, text string) []byte {
		return []byte(`<link rel="stylesheet" href="../assets/css/site.` + css + `.css" data-opsreport-css><p>` + text + "</p>")
	}
	prev := map[string][]byte{
		"index.html": page("0a1b2c3d", "home"), "reviews/2026-04/index.html": page("0a1b2c3d", "april"),
		"assets/css/site.0a1b2c3d.css": []byte("a{}"), "assets/js/charts.11111111.js": []byte("1"),
	}
	for _, tc := range []struct {
		name    string
		cur     map[string][]byte
		changed []string
		want    change
	}{
		{"text", map[string][]byte{"index.html": page("0a1b2c3d", "home"), "reviews/2026-04/index.html": page("0a1b2c3d", "APRIL")},
			[]string{"reviews/2026-04/index.html", "packs/opsreport-2026-04.zip"}, change{pages: []string{"reviews/2026-04/index.html"}}},
		{"stylesheet only", map[string][]byte{"index.html": page("99999999", "home"), "reviews/2026-04/index.html": page("99999999", "april"), "assets/css/site.99999999.css": []byte("b{}")},
			[]string{"assets/css/site.0a1b2c3d.css", "assets/css/site.99999999.css", "index.html", "reviews/2026-04/index.html"}, change{css: "assets/css/site.99999999.css"}},
		{"stylesheet and text", map[string][]byte{"index.html": page("99999999", "HOME"), "assets/css/site.99999999.css": []byte("b{}")},
			[]string{"assets/css/site.99999999.css", "index.html"}, change{css: "assets/css/site.99999999.css", pages: []string{"index.html"}}},
		{"own stylesheet", map[string][]byte{"assets/css/custom.99999999.css": []byte("b{}")},
			[]string{"assets/css/custom.0a1b2c3d.css", "assets/css/custom.99999999.css"}, change{all: true}},
		{"script", map[string][]byte{"assets/js/charts.22222222.js": []byte("2")},
			[]string{"assets/js/charts.11111111.js", "assets/js/charts.22222222.js"}, change{all: true}},
		{"page removed", map[string][]byte{}, []string{"reviews/2026-04/index.html"}, change{pages: []string{"reviews/2026-04/index.html"}}},
		{"downloads only", map[string][]byte{}, []string{"data/figures.csv", "packs/opsreport-2026-04.zip"}, change{}},
	} {
		got := classify(prev, tc.cur, tc.changed)
		if got.css != tc.want.css || got.all != tc.want.all || !slices.Equal(got.pages, tc.want.pages) {
			t.Errorf("%s: classify = %+v, want %+v", tc.name, got, tc.want)
		}
	}
}

func TestFirstBuildFailingStillServes(t *testing.T) {
	dir := writeSite(t, "site")
	good := readFile(t, dir, review)
	writeFile(t, dir, review, strings.Replace(good, "title: April review", "title: [April review", 1))
	s, _ := start(t, dir)
	code, body := get(t, s, "/")
	if code != 404 || !strings.Contains(body, "/_opsreport/live.js") {
		t.Errorf("GET / with no good build: %d; want 404 carrying the reload script", code)
	}
	st := openStream(t, s)
	st.next(t, "hello")
	var m errorMsg
	st.next(t, "error").decode(t, &m)
	if len(m.Diagnostics) == 0 || m.Diagnostics[0].Pos != review+":2" {
		t.Fatalf("error event %+v", m)
	}
	writeFile(t, dir, review, good)
	var r reloadMsg
	st.next(t, "reload").decode(t, &r)
	if !r.All {
		t.Errorf("reload %+v: want every page after the first good build", r)
	}
	if code, _ := get(t, s, "/"); code != 200 {
		t.Errorf("GET / after the fix: %d", code)
	}
}

func TestRemovedFolderAndDataEditRebuild(t *testing.T) {
	dir := writeSite(t, "site")
	s, _ := start(t, dir)
	st := openStream(t, s)
	st.next(t, "hello")
	if err := os.RemoveAll(filepath.Join(dir, "content", "reviews", "2026-03")); err != nil {
		t.Fatal(err)
	}
	var m reloadMsg
	st.next(t, "reload").decode(t, &m)
	if !slices.Contains(m.Pages, "/reviews/2026-03/index.html") {
		t.Errorf("reload %+v: want the removed review's page", m)
	}
	if code, _ := get(t, s, "/reviews/2026-03/"); code != 404 {
		t.Errorf("GET the removed review: %d, want 404", code)
	}
	values := readFile(t, dir, "data/values.csv")
	writeFile(t, dir, "data/values.csv", strings.Replace(values, "revenue,2026-04,120,", "revenue,2026-04,130,", 1))
	st.next(t, "reload").decode(t, &m)
	if !slices.Contains(m.Pages, "/kpis/revenue/index.html") {
		t.Errorf("reload %+v after a data edit: want the KPI's page", m)
	}
}

// TestHeadOnTheEventStreamReturns: HEAD gets the stream's headers at once
// instead of holding a connection and a client slot open.
func TestHeadOnTheEventStreamReturns(t *testing.T) {
	dir := writeSite(t, "site")
	s, _ := start(t, dir)
	c := &http.Client{Timeout: 2 * time.Second}
	resp, err := c.Head(strings.TrimSuffix(s.URL(), "/") + "/_opsreport/events")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "text/event-stream" {
		t.Errorf("HEAD: %d %q", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
}
