package pack

import (
	"bytes"
	"io"
	"strings"

	"golang.org/x/net/html"
)

// The scanner DetachLinks uses to find where each construct of a page ends,
// by the rules of x/net/html's Tokenizer, without tokenising the page.

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
