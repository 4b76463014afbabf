// Package htmlesc escapes strings exactly as html/template escapes them, for
// HTML that is made in Go instead of by a template action.
//
// The largest tables of a site — a scorecard's, a review's and a pack's
// appendix, a KPI's history, each chart's fallback table — are made in Go:
// html/template spends microseconds of reflection and escaping on every
// action, and those tables hold hundreds of thousands of cells a build.
// Rows made in Go must equal what the template gave, byte for byte, so that
// a build's output does not change with the way it was made; these
// functions are html/template's escapers for the contexts those rows use,
// and their tests (and the callers' differential tests) check them against
// html/template itself.
//
// AppendText matches a string printed by an action in HTML text
// ({{.}} between tags: html/template's htmlEscaper) and in a quoted
// attribute value (class="{{.}}": its attrEscaper); the two escape a plain
// string alike. AppendURLPart matches a string printed by an action at the
// start of a double-quoted href or src: html/template's urlFilter,
// urlNormalizer and attrEscaper in turn.
package htmlesc

import "strings"

// textEscapes is html/template's htmlReplacementTable: what its
// htmlEscaper (text) and attrEscaper (quoted attribute values) replace in
// a plain string. NUL becomes U+FFFD, as browsers read it. Every other
// byte, including those of invalid UTF-8, passes through: no rune of two
// or more bytes, nor a decoding error, is below len(textEscapes).
var textEscapes = [...]string{
	0:    "\uFFFD",
	'"':  "&#34;",
	'&':  "&amp;",
	'\'': "&#39;",
	'+':  "&#43;",
	'<':  "&lt;",
	'>':  "&gt;",
}

// AppendText appends s escaped for HTML text or a quoted attribute value,
// as html/template prints a string there.
func AppendText(b []byte, s string) []byte {
	done := 0
	for i := 0; i < len(s); i++ {
		if c := s[i]; int(c) < len(textEscapes) && textEscapes[c] != "" {
			b = append(append(b, s[done:i]...), textEscapes[c]...)
			done = i + 1
		}
	}
	return append(b, s[done:]...)
}

// FilterFailsafe is what html/template puts in place of an unsafe URL.
const FilterFailsafe = "#ZgotmplZ"

// safeURL is html/template's isSafeURL: a relative URL, or one whose
// scheme is http, https or mailto.
func safeURL(s string) bool {
	scheme, _, ok := strings.Cut(s, ":")
	if !ok || strings.Contains(scheme, "/") {
		return true
	}
	return strings.EqualFold(scheme, "http") || strings.EqualFold(scheme, "https") || strings.EqualFold(scheme, "mailto")
}

// AppendURLPart appends one action's value in a double-quoted href as
// html/template does at the start of a URL: its urlFilter, urlNormalizer
// and attrEscaper in turn. The normaliser leaves unreserved and reserved
// characters and valid %xx escapes alone and %-encodes every other byte
// (lower-case hex); of what it leaves, the attribute escaper then changes
// only & and +. Two actions in one href (href="{{.Root}}{{.URL}}") are
// each filtered and normalised on their own: call it once for each.
func AppendURLPart(b []byte, s string) []byte {
	if !safeURL(s) {
		s = FilterFailsafe
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '&' || c == '+':
			b = append(b, textEscapes[c]...)
		case urlKeeps(s, i):
			b = append(b, c)
		default:
			b = append(b, '%', lowerHex[c>>4], lowerHex[c&0xf])
		}
	}
	return b
}

const lowerHex = "0123456789abcdef"

// urlKeeps reports whether html/template's URL normaliser leaves s[i] as
// it is.
func urlKeeps(s string, i int) bool {
	switch c := s[i]; {
	case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		return true
	case strings.IndexByte("!#$&*+,/:;=?@[]-._~", c) >= 0:
		return true
	case c == '%':
		return i+2 < len(s) && isHexDigit(s[i+1]) && isHexDigit(s[i+2])
	}
	return false
}

func isHexDigit(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}
