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

// names reports whether paragraph p names k: a shortcode of it takes k's
// id, or its text holds k's display name (any case).
func names(p content.Paragraph, k *kpi.KPI) bool {
	for _, sc := range p.Shortcodes {
		if slices.Contains(sc.Args, k.ID) {
			return true
		}
	}
	return k.Name != "" && strings.Contains(strings.ToLower(p.Text), strings.ToLower(k.Name))
}

// comments reports whether p comments on k: it names k and says more than
// figures and badges. What it says is its text with every shortcode left
// out and the names of k and of every KPI its shortcodes show taken out;
// commentary is at least minCommentWords words of that (a word is a run
// of letters and digits).
func comments(p content.Paragraph, k *kpi.KPI, cat *kpi.Catalog) bool {
	if !names(p, k) {
		return false
	}
	text := strings.ToLower(p.Text)
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

// docComments reports whether any paragraph of doc comments on k, and
// whether any names it.
func docComments(doc *content.Doc, k *kpi.KPI, cat *kpi.Catalog) (commented, named bool) {
	if doc == nil {
		return false, false
	}
	for _, p := range doc.Paragraphs() {
		if comments(p, k, cat) {
			return true, true
		}
		named = named || names(p, k)
	}
	return false, named
}
