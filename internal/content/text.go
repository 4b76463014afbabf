package content

import (
	"regexp"
	"strings"
	"unicode"

	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/util"
)

// Summary is the Doc's first paragraph as plain text, at most n runes, for
// index pages. Markup, raw HTML, footnote marks and shortcodes are left out
// (a shortcode's figure needs the site: see SummaryWith); a cut falls
// between words and ends in "…".
func (doc *Doc) Summary(n int) string { return doc.SummaryWith(n, nil) }

// SummaryWith is Summary with each valid inline shortcode replaced by
// text(sc), such as the formatted figure. A nil text leaves them out.
func (doc *Doc) SummaryWith(n int, text func(*Shortcode) string) string {
	for c := doc.root.FirstChild(); c != nil; c = c.NextSibling() {
		if _, ok := c.(*ast.Paragraph); !ok {
			continue
		}
		if s := tidy(plainText(c, doc.body, text)); s != "" {
			return truncate(s, n)
		}
	}
	return ""
}

// dropped marks where a shortcode was left out of plain text.
const dropped = "\x00"

// spaceBeforeGap matches the space left before punctuation by a dropped
// shortcode: "reached {{< value arr >}}, up" reads "reached, up".
var spaceBeforeGap = regexp.MustCompile(`[\s\x00]*\x00[\s\x00]*([,.;:!?)]|$)`)

// tidy collapses white space and closes the gaps of dropped shortcodes.
func tidy(s string) string {
	s = spaceBeforeGap.ReplaceAllString(s, "$1")
	s = strings.ReplaceAll(s, dropped, " ")
	return strings.Join(strings.Fields(s), " ")
}

// truncate shortens s to at most n runes, cutting at a space when one is
// in reach and trimming the punctuation left dangling before the "…".
func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	if n <= 1 {
		return string(r[:max(n, 0)])
	}
	cut := r[:n-1]
	if !unicode.IsSpace(r[n-1]) {
		if i := lastSpace(cut); i > 0 {
			cut = cut[:i]
		}
	}
	return strings.TrimRightFunc(string(cut), func(c rune) bool {
		return unicode.IsSpace(c) || strings.ContainsRune(",;:-–—", c)
	}) + "…"
}

func lastSpace(r []rune) int {
	for i := len(r) - 1; i >= 0; i-- {
		if unicode.IsSpace(r[i]) {
			return i
		}
	}
	return -1
}

// plainText is the text a reader sees in n, without markup. Valid
// shortcodes become text(sc), or the dropped mark when text is nil.
func plainText(n ast.Node, src []byte, text func(*Shortcode) string) string {
	var b strings.Builder
	_ = ast.Walk(n, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Text:
			b.Write(unescape(n.Segment.Value(src)))
			if n.SoftLineBreak() || n.HardLineBreak() {
				b.WriteByte(' ')
			}
		case *ast.CodeSpan:
			// Code is literal: no escapes to resolve.
			for c := n.FirstChild(); c != nil; c = c.NextSibling() {
				if t, ok := c.(*ast.Text); ok {
					b.Write(t.Segment.Value(src))
				}
			}
			return ast.WalkSkipChildren, nil
		case *ast.String:
			b.Write(n.Value)
		case *ast.AutoLink:
			b.Write(n.Label(src))
		case *shortcodeInline:
			if text != nil && n.valid {
				b.WriteString(text(n.sc))
			} else {
				b.WriteString(dropped)
			}
			return ast.WalkSkipChildren, nil
		case *ast.RawHTML, *east.FootnoteLink:
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	return b.String()
}

// unescape resolves backslash escapes and character references, as the
// HTML renderer does when it writes text.
func unescape(b []byte) []byte {
	return util.UnescapePunctuations(util.ResolveEntityNames(util.ResolveNumericReferences(b)))
}
