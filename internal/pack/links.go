package pack

import (
	"bytes"
	"encoding/base64"
	"io"
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
	base := packBase(dir, baseURL)
	var out bytes.Buffer
	out.Grow(len(page) + len(page)/64 + 64)
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
			out.Write(page[done:i])
			return out.Bytes()
		}
		if isLinkTag(m.name) {
			if s, changed := rewriteTag(page[i:m.end], base, images); changed {
				out.Write(page[done:i])
				out.WriteString(s)
				done = m.end
			}
		}
		i = m.end
		if raw := rawTextTag(m.name); raw != "" {
			i = rawTextEnd(page, i, raw)
		}
	}
	out.Write(page[done:])
	return out.Bytes()
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

// markup is one construct starting at a '<': end is just past it, or -1
// when the input ends inside a tag; name is a start tag's name.
type markup struct {
	end  int
	name []byte
}

// scanMarkup reads the construct at page[i] == '<' the way Tokenizer.Next
// does. A '<' that starts nothing is text: end is i+1.
func scanMarkup(page []byte, i int) markup {
	n := len(page)
	if i+1 >= n {
		return markup{end: n}
	}
	switch c := page[i+1]; {
	case isLetter(c):
		nameEnd, end := tagEnd(page, i+1)
		return markup{end: end, name: page[i+1 : nameEnd]}
	case c == '/':
		return markup{end: endTagEnd(page, i+2)}
	case c == '!':
		if i+3 < n && page[i+2] == '-' && page[i+3] == '-' {
			return markup{end: commentEnd(page, i+4)}
		}
		// <!DOCTYPE …>, and any other <!…> is a bogus comment; both
		// end at the first '>'.
		return markup{end: closeAngle(page, i+2)}
	case c == '?':
		return markup{end: closeAngle(page, i+1)}
	}
	return markup{end: i + 1}
}

// endTagEnd reads what follows "</" at page[i]: "</" at the end of the
// input is text, "</>" an empty comment, "</x" an end tag (attributes and
// all), and anything else a bogus comment up to '>'.
func endTagEnd(page []byte, i int) int {
	switch {
	case i >= len(page):
		return len(page)
	case page[i] == '>':
		return i + 1
	case isLetter(page[i]):
		_, end := tagEnd(page, i)
		return end
	}
	return closeAngle(page, i)
}

// closeAngle is just past the first '>' at or after i, or the end of page.
func closeAngle(page []byte, i int) int {
	if j := bytes.IndexByte(page[i:], '>'); j >= 0 {
		return i + j + 1
	}
	return len(page)
}

// commentEnd is just past the end of a "<!--" comment whose text starts at
// i (Tokenizer.readComment): "-->", "--!>", or a '>' right after "<!--" or
// "<!---". An unterminated comment runs to the end of the input.
func commentEnd(page []byte, i int) int {
	dashes, beginning := 0, true
	for i < len(page) {
		c := page[i]
		i++
		switch c {
		case '-':
			dashes++
			continue
		case '>':
			if dashes >= 2 || beginning {
				return i
			}
		case '!':
			if dashes >= 2 {
				if i >= len(page) {
					return i
				}
				c = page[i]
				i++
				if c == '>' {
					return i
				}
				if c == '-' {
					dashes, beginning = 1, false
					continue
				}
			}
		}
		dashes, beginning = 0, false
	}
	return len(page)
}

func isLetter(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'
}

func isSpace(c byte) bool {
	return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f'
}

// isLinkTag reports whether a tag name is one whose tag may change.
func isLinkTag(name []byte) bool {
	return asciiEqualFold(name, "a") || asciiEqualFold(name, "img")
}

// rawTextTags are the start tags after which the tokenizer reads text up to
// the matching end tag (Tokenizer.readStartTag).
var rawTextTags = []string{"iframe", "noembed", "noframes", "noscript", "plaintext", "script", "style", "textarea", "title", "xmp"}

// rawTextTag is a start tag's lower-case name if raw text follows it.
func rawTextTag(name []byte) string {
	if len(name) < 3 {
		return ""
	}
	for _, t := range rawTextTags {
		if asciiEqualFold(name, t) {
			return t
		}
	}
	return ""
}

// asciiEqualFold is ASCII-only case folding, as the tokenizer matches names
// (bytes.EqualFold would also fold 'K' to the Kelvin sign).
func asciiEqualFold(b []byte, lower string) bool {
	if len(b) != len(lower) {
		return false
	}
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != lower[i] {
			return false
		}
	}
	return true
}

// tagEnd reads a start or end tag whose name starts at page[i] the way
// Tokenizer.readTag does: the name, then attributes, whose quoted values
// may hold '>'. It returns where the name ends and where the tag ends (just
// past its '>'), or -1 when the input ends first.
func tagEnd(page []byte, i int) (nameEnd, end int) {
	n := len(page)
	for i++; i < n; i++ {
		if c := page[i]; isSpace(c) || c == '/' || c == '>' {
			break
		}
	}
	nameEnd = i
	if i < n && isSpace(page[i]) {
		i++
	}
	for {
		if i = skipSpace(page, i); i >= n {
			return nameEnd, -1
		}
		if page[i] == '>' {
			return nameEnd, i + 1
		}
		if i = attrKeyEnd(page, i); i >= n {
			return nameEnd, -1
		}
		if i = attrValEnd(page, i); i < 0 {
			return nameEnd, -1
		}
	}
}

func skipSpace(page []byte, i int) int {
	for i < len(page) && isSpace(page[i]) {
		i++
	}
	return i
}

// attrKeyEnd is where an attribute name starting at i ends
// (Tokenizer.readTagAttrKey): a leading '=' belongs to the name.
func attrKeyEnd(page []byte, i int) int {
	start := i
	for ; i < len(page); i++ {
		switch page[i] {
		case '=':
			if i == start {
				continue
			}
			return i
		case ' ', '\n', '\r', '\t', '\f', '/', '>':
			return i
		}
	}
	return i
}

// attrValEnd reads what follows an attribute name at i
// (Tokenizer.readTagAttrVal): a '/', or "= value" with the value quoted or
// bare, or nothing. It returns -1 when the input ends first.
func attrValEnd(page []byte, i int) int {
	n := len(page)
	if i = skipSpace(page, i); i >= n {
		return -1
	}
	switch page[i] {
	case '/':
		return i + 1
	case '=':
	default:
		return i
	}
	if i = skipSpace(page, i+1); i >= n {
		return -1
	}
	switch q := page[i]; q {
	case '>':
		return i
	case '"', '\'':
		j := bytes.IndexByte(page[i+1:], q)
		if j < 0 {
			return -1
		}
		return i + 1 + j + 1
	}
	for i++; i < n; i++ {
		switch page[i] {
		case ' ', '\n', '\r', '\t', '\f':
			return i + 1
		case '>':
			return i
		}
	}
	return -1
}

// rawTextEnd is where the text of a raw-text element opened by tag ends,
// starting at i (Tokenizer.readRawOrRCDATA): at its end tag, or at the
// end of the input.
func rawTextEnd(page []byte, i int, tag string) int {
	switch tag {
	case "plaintext":
		return len(page)
	case "script":
		return scriptEnd(page, i)
	}
	for {
		j := bytes.Index(page[i:], []byte("</"))
		if j < 0 {
			return len(page)
		}
		i += j
		if isRawEndTag(page, i+2, tag) {
			return i
		}
		i += 2
	}
}

// isRawEndTag reports whether page[i:] continues "</" into tag's end tag:
// the name in any case, then white space, '/' or '>'
// (Tokenizer.readRawEndTag).
func isRawEndTag(page []byte, i int, tag string) bool {
	if i+len(tag) >= len(page) || !asciiEqualFold(page[i:i+len(tag)], tag) {
		return false
	}
	c := page[i+len(tag)]
	return isSpace(c) || c == '/' || c == '>'
}

// scriptEnd is where a script's text starting at i ends: at the "</script"
// that closes it, or at the end of the input. Script text has escaping
// rules of its own ("<!--" … "<script>" … "</script>" … "-->" hides a
// closing tag), so the Tokenizer is asked: after a "<script>" it reads the
// text as one token. Packs hold a few small scripts (chart data); the
// chart library goes in after this pass.
func scriptEnd(page []byte, i int) int {
	z := html.NewTokenizer(io.MultiReader(strings.NewReader("<script>"), bytes.NewReader(page[i:])))
	z.Next()
	if z.Next() != html.TextToken {
		return i
	}
	return i + len(z.Raw())
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
