package content

import (
	"strings"

	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
)

// Text is the whole Doc as plain text, for the site's search index: the
// text of each paragraph, heading, list item and table cell on a line of
// its own, without markup, with each valid inline shortcode replaced by
// text(sc) (left out when text is nil). Block shortcodes (charts, tiles,
// scorecards) and code blocks are left out: they are figures, not prose.
func (doc *Doc) Text(text func(*Shortcode) string) string {
	if doc == nil || doc.root == nil {
		return ""
	}
	var lines []string
	_ = ast.Walk(doc.root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n.(type) {
		case *ast.Paragraph, *ast.Heading, *ast.TextBlock, *east.TableCell:
			if s := tidy(plainText(n, doc.body, text)); s != "" {
				lines = append(lines, s)
			}
			return ast.WalkSkipChildren, nil
		case *ast.FencedCodeBlock, *ast.CodeBlock, *ast.HTMLBlock:
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	return strings.Join(lines, "\n")
}
