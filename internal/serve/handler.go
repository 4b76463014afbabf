package serve

import (
	"bytes"
	_ "embed"
	"errors"
	"fmt"
	"html"
	"mime"
	"net"
	"net/http"
	"net/url"
	"os"
	"path"
	"strings"
	"time"
)

// The server's own URLs live under a prefix no site output uses.
const (
	prefix     = "/_opsreport/"
	eventsURL  = prefix + "events"
	scriptURL  = prefix + "live.js"
	statusURL  = prefix + "status"
	bodyEndTag = "</body>"
)

//go:embed live.js
var liveJS []byte

// ServeHTTP serves the built site, the event stream and the reload script.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if !s.hostAllowed(r.Host) {
		http.Error(w, fmt.Sprintf("opsreport serve answers to localhost and the address it listens on, not to %q", r.Host), http.StatusForbidden)
		return
	}
	p, err := sitePath(requestPath(r))
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	switch "/" + p {
	case eventsURL:
		if r.Method == http.MethodHead {
			// A stream has no end: HEAD gets its headers, not a held slot.
			w.Header().Set("Content-Type", "text/event-stream")
			return
		}
		s.events(w, r)
	case scriptURL:
		serveBytes(w, r, "text/javascript; charset=utf-8", liveJS)
	case statusURL:
		serveBytes(w, r, "application/json", newEvent("status", s.live.status()).data)
	default:
		s.file(w, r, p)
	}
}

// hostAllowed reports whether a request's Host names this server: a
// loopback name or address, or the address it listens on. A web page whose
// own name has been re-pointed at 127.0.0.1 (DNS rebinding) sends its own
// name, and so cannot read the drafts. Listening on every interface
// (--bind 0.0.0.0) accepts any address and the machine's own name.
func (s *Server) hostAllowed(hostport string) bool {
	host, _, err := net.SplitHostPort(hostport)
	if err != nil {
		host = strings.TrimSuffix(strings.TrimPrefix(hostport, "["), "]")
	}
	host = strings.TrimSuffix(strings.ToLower(host), ".")
	if host == "localhost" || strings.HasSuffix(host, ".localhost") {
		return true
	}
	bound := net.IPv4zero
	if a, ok := s.ln.Addr().(*net.TCPAddr); ok {
		bound = a.IP
	}
	if ip := net.ParseIP(host); ip != nil {
		return ip.IsLoopback() || ip.Equal(bound) || bound.IsUnspecified()
	}
	if !bound.IsUnspecified() || host == "" {
		return false
	}
	name, err := os.Hostname()
	name = strings.ToLower(name)
	return err == nil && (host == name || host == name+".local")
}

// requestPath is the path as the client sent it, still escaped: decoding
// first would hide an encoded slash or backslash.
func requestPath(r *http.Request) string {
	raw := r.RequestURI
	if i := strings.IndexByte(raw, '?'); i >= 0 {
		raw = raw[:i]
	}
	if !strings.HasPrefix(raw, "/") {
		raw = r.URL.EscapedPath() // absolute-form or a handler test
	}
	return raw
}

var errBadPath = errors.New("bad path")

// sitePath turns an escaped request path into a path of the output, or
// refuses it. It refuses rather than cleans: a path with "..", ".", an empty
// segment, an encoded slash, a backslash or a NUL names nothing the site
// links to, and cleaning would only guess.
func sitePath(raw string) (string, error) {
	lower := strings.ToLower(raw)
	if !strings.HasPrefix(raw, "/") || strings.Contains(lower, "%2f") || strings.Contains(lower, "%5c") {
		return "", errBadPath
	}
	p, err := url.PathUnescape(raw)
	if err != nil || strings.ContainsAny(p, "\\\x00") {
		return "", errBadPath
	}
	segs := strings.Split(p[1:], "/")
	for i, seg := range segs {
		if seg == "." || seg == ".." || seg == "" && i < len(segs)-1 {
			return "", errBadPath
		}
	}
	return p[1:], nil
}

// file serves one output file; a folder serves its index.html, and a
// folder named without its slash is redirected so relative links resolve.
func (s *Server) file(w http.ResponseWriter, r *http.Request, p string) {
	files, build := s.live.snapshot()
	name := p
	if name == "" || strings.HasSuffix(name, "/") {
		name += "index.html"
	}
	body, ok := files[name]
	if !ok {
		if _, dir := files[name+"/index.html"]; dir {
			http.Redirect(w, r, "/"+p+"/", http.StatusFound)
			return
		}
		s.notFound(w, r, build)
		return
	}
	if path.Ext(name) == ".html" {
		body = inject(body, build)
	}
	serveBytes(w, r, contentType(name), body)
}

// notFound answers with a page that carries the reload script, so a tab on
// a page about to exist (a new review) reloads when the build adds it.
func (s *Server) notFound(w http.ResponseWriter, r *http.Request, build string) {
	page := fmt.Sprintf("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Not found</title></head>"+
		"<body><h1>Not found</h1><p>%s is not part of the built site. <a href=\"/\">Home</a></p></body></html>\n",
		html.EscapeString(r.URL.Path))
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(http.StatusNotFound)
	if r.Method != http.MethodHead {
		w.Write(inject([]byte(page), build))
	}
}

// serveBytes serves body uncached: a preview must never show a stale page.
func serveBytes(w http.ResponseWriter, r *http.Request, ctype string, body []byte) {
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("Cache-Control", "no-store")
	http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(body))
}

// types the standard library may not know on a bare system.
var types = map[string]string{
	".csv":   "text/csv; charset=utf-8",
	".zip":   "application/zip",
	".woff2": "font/woff2",
	".woff":  "font/woff",
	".md":    "text/markdown; charset=utf-8",
}

func contentType(name string) string {
	ext := path.Ext(name)
	if t, ok := types[ext]; ok {
		return t
	}
	if t := mime.TypeByExtension(ext); t != "" {
		return t
	}
	return "application/octet-stream"
}

// inject returns page with the reload script before its last </body> (or
// at its end when it has none). It copies: the built bytes stay as built.
func inject(page []byte, build string) []byte {
	tag := fmt.Sprintf(`<script src="%s" data-build="%s" data-events="%s"></script>`, scriptURL, html.EscapeString(build), eventsURL)
	i := lastBodyEnd(page)
	out := make([]byte, 0, len(page)+len(tag))
	out = append(out, page[:i]...)
	out = append(out, tag...)
	return append(out, page[i:]...)
}

// lastBodyEnd is the offset of the last </body>, in any case, or len(page).
func lastBodyEnd(page []byte) int {
	for i := len(page) - len(bodyEndTag); i >= 0; i-- {
		if bytes.EqualFold(page[i:i+len(bodyEndTag)], []byte(bodyEndTag)) {
			return i
		}
	}
	return len(page)
}
