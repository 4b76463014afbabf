package pack

import (
	"bytes"
	"encoding/base64"
	"mime"
	"net/url"
	"path"
	"slices"
	"strings"

	"golang.org/x/net/html"
)

// DetachLinks makes a pack's links work outside the site: a relative link
// becomes absolute under baseURL when the site has one, and is dropped (the
// text stays) when it has not. Links within the pack (#...) stay. An image
// of the review's own (images, by file name) is inlined as a data: URL.
//
// A pack is over a megabyte of HTML in which only <a> and <img> start tags
// can change, so rather than tokenising the whole page this scans for '<'
// and finds where each construct ends by the rules of x/net/html's
// Tokenizer (whose Raw bytes the output used to be stitched from): tags
// with quoted '>' in attributes, comments, bogus comments and the text of
// raw-text elements such as <script> and <textarea>, in which an <a> is not
// a tag. Only an <a> or <img> tag is handed to the Tokenizer. The output is
// byte for byte what tokenising the whole page gives, including dropping a
// tag the input ends inside; FuzzDetachLinks holds the two to that.
func DetachLinks(page []byte, dir, baseURL string, images map[string][]byte) []byte {
	return appendDetached(nil, page, dir, baseURL, images, 0)
}

// appendDetached appends DetachLinks's output to out, first growing it
// to hold the page, a little more for rewritten links, and extra bytes.
func appendDetached(out, page []byte, dir, baseURL string, images map[string][]byte, extra int) []byte {
	base := packBase(dir, baseURL)
	out = slices.Grow(out, len(page)+len(page)/64+64+extra)
	done := 0 // page[:done] is in out
	for i := 0; ; {
		j := bytes.IndexByte(page[i:], '<')
		if j < 0 {
			break
		}
		i += j
		m := scanMarkup(page, i)
		if m.end < 0 {
			// The tokenizer reports an error, not a token, for a tag
			// the input ends inside, and the page stops there.
			return append(out, page[done:i]...)
		}
		if isLinkTag(m.name) {
			if s, changed := rewriteTag(page[i:m.end], base, images); changed {
				out = append(append(out, page[done:i]...), s...)
				done = m.end
			}
		}
		i = m.end
		if raw := rawTextTag(m.name); raw != "" {
			i = rawTextEnd(page, i, raw)
		}
	}
	return append(out, page[done:]...)
}

// packBase is the URL a pack's relative links resolve against: the review's
// folder under baseURL, or nil when the site has no (absolute) base URL.
func packBase(dir, baseURL string) *url.URL {
	if baseURL == "" {
		return nil
	}
	u, err := url.Parse(strings.TrimSuffix(baseURL, "/") + "/" + dir)
	if err != nil || !u.IsAbs() {
		return nil
	}
	return u
}

// rewriteTag applies the link rules to one <a> or <img> start tag. An
// unchanged tag keeps its own bytes; a changed one is written the way
// html.Token writes it.
func rewriteTag(tag []byte, base *url.URL, images map[string][]byte) (string, bool) {
	tok, ok := plainTag(tag)
	if !ok {
		z := html.NewTokenizer(bytes.NewReader(tag))
		z.Next()
		tok = z.Token()
	}
	changed := false
	switch tok.Data {
	case "a":
		changed = rewriteHref(&tok, base)
	case "img":
		changed = inlineImage(&tok, images)
	}
	if !changed {
		return "", false
	}
	return tok.String(), true
}

// plainTag reads a start tag written the way opsreport's own templates
// write them (a lower-case name, then lower-case attribute names each with
// a double-quoted value holding no '&' or control character, one space
// apart) into the Token the Tokenizer would make of it, without the
// Tokenizer's 4 KB buffer: a pack has a thousand such links. Any other tag
// is not ok and goes to the Tokenizer.
func plainTag(tag []byte) (html.Token, bool) {
	if len(tag) < 3 || tag[0] != '<' || tag[len(tag)-1] != '>' {
		return html.Token{}, false
	}
	body := tag[1 : len(tag)-1]
	n := lowerRun(body)
	if n == 0 {
		return html.Token{}, false
	}
	tok := html.Token{Type: html.StartTagToken, Data: string(body[:n])}
	for rest := body[n:]; len(rest) > 0; {
		if rest[0] != ' ' {
			return html.Token{}, false
		}
		rest = rest[1:]
		k := lowerRun(rest)
		if k == 0 || len(rest) < k+2 || rest[k] != '=' || rest[k+1] != '"' {
			return html.Token{}, false
		}
		v := bytes.IndexByte(rest[k+2:], '"')
		if v < 0 {
			return html.Token{}, false
		}
		val := rest[k+2 : k+2+v]
		if bytes.ContainsFunc(val, func(r rune) bool { return r == '&' || r < ' ' }) {
			return html.Token{}, false // entities, NUL and newlines the Tokenizer rewrites
		}
		key := string(rest[:k])
		// The Tokenizer keeps the first of attributes with one name.
		if !slices.ContainsFunc(tok.Attr, func(a html.Attribute) bool { return a.Key == key }) {
			tok.Attr = append(tok.Attr, html.Attribute{Key: key, Val: string(val)})
		}
		rest = rest[k+3+v:]
	}
	return tok, true
}

// lowerRun is the length of b's leading run of a-z, 0-9 and '-'; 0 when b
// does not start with a letter.
func lowerRun(b []byte) int {
	if len(b) == 0 || b[0] < 'a' || b[0] > 'z' {
		return 0
	}
	n := 1
	for n < len(b) && (b[n] >= 'a' && b[n] <= 'z' || b[n] >= '0' && b[n] <= '9' || b[n] == '-') {
		n++
	}
	return n
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
