package view

// The commentary rule: which red and amber KPIs a review explains.

import (
	"slices"
	"strings"
	"unicode"

	"github.com/opsreport/opsreport/internal/content"
	"github.com/opsreport/opsreport/internal/kpi"
)

// minCommentWords is how many words of its own a paragraph needs to count
// as commentary: "Logo churn 2.4% ▲ Amber." shows a value and a badge and
// says nothing; "while syncs drained" says why.
const minCommentWords = 3

// paragraph is a content.Paragraph with its text in lower case, as the
// rule compares names in any case.
type paragraph struct {
	content.Paragraph
	lower string
}

// prose is a Doc's paragraphs, read once for every KPI the rule asks about.
func prose(doc *content.Doc) []paragraph {
	if doc == nil {
		return nil
	}
	var out []paragraph
	for _, p := range doc.Paragraphs() {
		out = append(out, paragraph{p, strings.ToLower(p.Text)})
	}
	return out
}

// names reports whether paragraph p names k: a shortcode of it takes k's
// id, or its text holds k's display name (any case).
func names(p paragraph, k *kpi.KPI) bool {
	for _, sc := range p.Shortcodes {
		if slices.Contains(sc.Args, k.ID) {
			return true
		}
	}
	return k.Name != "" && strings.Contains(p.lower, strings.ToLower(k.Name))
}

// comments reports whether p comments on k: it names k and says more than
// figures and badges. What it says is its text with every shortcode left
// out and the names of k and of every KPI its shortcodes show taken out;
// commentary is at least minCommentWords words of that (a word is a run
// of letters and digits).
func comments(p paragraph, k *kpi.KPI, cat *kpi.Catalog) bool {
	if !names(p, k) {
		return false
	}
	text := p.lower
	cut := []string{k.Name}
	for _, sc := range p.Shortcodes {
		for _, id := range sc.Args {
			if other := cat.Get(id); other != nil {
				cut = append(cut, other.Name)
			}
		}
	}
	// Longest first, so "Gross margin" goes before a KPI named "Gross".
	slices.SortFunc(cut, func(a, b string) int { return len(b) - len(a) })
	for _, name := range cut {
		if name != "" {
			text = strings.ReplaceAll(text, strings.ToLower(name), " ")
		}
	}
	return wordCount(text) >= minCommentWords
}

func wordCount(s string) int {
	return len(strings.FieldsFunc(s, func(c rune) bool { return !unicode.IsLetter(c) && !unicode.IsDigit(c) }))
}

// docComments reports whether any of a Doc's paragraphs (see prose)
// comments on k, and whether any names it.
func docComments(paras []paragraph, k *kpi.KPI, cat *kpi.Catalog) (commented, named bool) {
	for _, p := range paras {
		if comments(p, k, cat) {
			return true, true
		}
		named = named || names(p, k)
	}
	return false, named
}
