package site

import (
	"bytes"
	"encoding/base64"
	"mime"
	"net/url"
	"path"
	"strings"

	"golang.org/x/net/html"
)

// detachLinks makes a pack's links work outside the site: a relative link
// becomes absolute under baseURL when the site has one, and is dropped (the
// text stays) when it has not. Links within the pack (#...) stay. An image
// of the review's own (images, by file name) is inlined as a data: URL.
func detachLinks(page []byte, dir, baseURL string, images map[string][]byte) []byte {
	var base *url.URL
	if baseURL != "" {
		if u, err := url.Parse(strings.TrimSuffix(baseURL, "/") + "/" + dir); err == nil && u.IsAbs() {
			base = u
		}
	}
	z := html.NewTokenizer(bytes.NewReader(page))
	var out bytes.Buffer
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			return out.Bytes()
		}
		raw := append([]byte(nil), z.Raw()...)
		if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
			out.Write(raw)
			continue
		}
		tok := z.Token()
		changed := false
		switch tok.Data {
		case "a":
			changed = rewriteHref(&tok, base)
		case "img":
			changed = inlineImage(&tok, images)
		}
		if !changed {
			out.Write(raw)
			continue
		}
		out.WriteString(tok.String())
	}
}

// inlineImage replaces an img's src naming one of images with a data: URL.
func inlineImage(tok *html.Token, images map[string][]byte) bool {
	for i, a := range tok.Attr {
		if a.Key != "src" {
			continue
		}
		name := strings.TrimPrefix(a.Val, "./")
		data, ok := images[name]
		if !ok {
			return false
		}
		mt := mime.TypeByExtension(path.Ext(name))
		if path.Ext(name) == ".svg" {
			mt = "image/svg+xml"
		}
		tok.Attr[i].Val = "data:" + mt + ";base64," + base64.StdEncoding.EncodeToString(data)
		return true
	}
	return false
}

// rewriteHref changes tok's relative href; it reports whether it did.
func rewriteHref(tok *html.Token, base *url.URL) bool {
	for i, a := range tok.Attr {
		if a.Key != "href" || a.Val == "" || strings.HasPrefix(a.Val, "#") || strings.Contains(a.Val, ":") {
			continue
		}
		if base != nil {
			ref, err := url.Parse(a.Val)
			if err == nil {
				tok.Attr[i].Val = base.ResolveReference(ref).String()
				return true
			}
		}
		tok.Attr = append(tok.Attr[:i], tok.Attr[i+1:]...)
		return true
	}
	return false
}
