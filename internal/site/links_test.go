package site

import (
	"bytes"
	"os"
	"path"
	"regexp"
	"strings"
	"testing"

	"golang.org/x/net/html"

	opsreport "github.com/opsreport/opsreport"
	"github.com/opsreport/opsreport/internal/diag"
)

// ref is one reference found in a page.
type ref struct {
	tag, attr, url string
}

func pageRefs(t *testing.T, page []byte) (refs []ref, ids map[string]bool) {
	t.Helper()
	ids = map[string]bool{}
	z := html.NewTokenizer(bytes.NewReader(page))
	for {
		switch z.Next() {
		case html.ErrorToken:
			return refs, ids
		case html.StartTagToken, html.SelfClosingTagToken:
			tok := z.Token()
			for _, a := range tok.Attr {
				switch a.Key {
				case "id":
					ids[a.Val] = true
				case "href", "src":
					refs = append(refs, ref{tok.Data, a.Key, a.Val})
				}
			}
		}
	}
}

var cssURL = regexp.MustCompile(`url\(\s*['"]?([^'")]+)`)

// TestExampleLinks builds the example site and follows every reference:
// nothing a page loads (script, stylesheet, image, font) comes from another
// host, and every internal link, anchor included, resolves to a written file
// and an element of it.
func TestExampleLinks(t *testing.T) {
	var d diag.List
	out := Build(os.DirFS("../.."), Options{Look: opsreport.Builtin, Drafts: true}, &d)
	if out == nil {
		t.Fatal("example site did not build")
	}
	pageIDs := map[string]map[string]bool{}
	pageLinks := map[string][]ref{}
	for name, data := range out.Files {
		switch path.Ext(name) {
		case ".html":
			refs, ids := pageRefs(t, data)
			pageIDs[name], pageLinks[name] = ids, refs
		case ".css":
			for _, m := range cssURL.FindAllSubmatch(data, -1) {
				if u := string(m[1]); isRemote(u) {
					t.Errorf("%s loads %s from another host", name, u)
				}
			}
		}
	}
	checked := 0
	for name, refs := range pageLinks {
		for _, r := range refs {
			if isRemote(r.url) {
				if r.tag != "a" {
					t.Errorf("%s: <%s %s=%q> loads from another host", name, r.tag, r.attr, r.url)
				}
				continue
			}
			if strings.HasPrefix(r.url, "mailto:") || strings.HasPrefix(r.url, "data:") {
				continue
			}
			target, frag, _ := strings.Cut(r.url, "#")
			if strings.HasSuffix(target, "/") {
				t.Errorf("%s: link %q ends in a folder, which shows a listing from file://; link index.html", name, r.url)
			}
			file := name
			if target != "" {
				file = path.Join(path.Dir(name), target)
				if strings.HasSuffix(target, "/") {
					file = path.Join(file, "index.html")
				}
			}
			if _, ok := out.Files[file]; !ok {
				t.Errorf("%s: %s %q points to %s, which was not written", name, r.attr, r.url, file)
				continue
			}
			if frag != "" && path.Ext(file) == ".html" && !pageIDs[file][frag] {
				t.Errorf("%s: link %q: %s has no element with id %q", name, r.url, file, frag)
			}
			checked++
		}
	}
	if checked < 500 {
		t.Errorf("only %d internal references checked; the example site should have many more", checked)
	}
}

func isRemote(u string) bool {
	u = strings.ToLower(strings.TrimSpace(u))
	return strings.HasPrefix(u, "http:") || strings.HasPrefix(u, "https:") || strings.HasPrefix(u, "//")
}
