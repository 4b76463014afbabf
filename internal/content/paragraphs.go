package content

import (
	"github.com/yuin/goldmark/ast"
)

// Paragraph is one paragraph or list item's text of a Doc, for judging
// what the prose says about a KPI: Text is what a reader sees with every
// shortcode left out, Shortcodes are its valid inline shortcodes.
type Paragraph struct {
	Text       string
	Shortcodes []*Shortcode
}

// Paragraphs are the Doc's paragraphs (a tight list item's text counts as
// one), in order. Headings, tables and block shortcodes are not prose.
func (doc *Doc) Paragraphs() []Paragraph {
	var out []Paragraph
	_ = ast.Walk(doc.root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n.(type) {
		case *ast.Paragraph, *ast.TextBlock:
			out = append(out, Paragraph{Text: tidy(plainText(n, doc.body, nil)), Shortcodes: inlineShortcodes(n)})
			return ast.WalkSkipChildren, nil
		case *ast.Heading:
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	return out
}

// inlineShortcodes are the valid shortcodes inside n.
func inlineShortcodes(n ast.Node) []*Shortcode {
	var out []*Shortcode
	_ = ast.Walk(n, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if sc, ok := n.(*shortcodeInline); ok && entering && sc.valid {
			out = append(out, sc.sc)
		}
		return ast.WalkContinue, nil
	})
	return out
}
