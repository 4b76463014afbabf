package view

// The commentary rule: which red and amber KPIs a review explains.

import (
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

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
// id, or its text holds k's display name (any case) as whole words and not
// as part of a longer name in the catalog: "Revenue" is not named by
// "Annual recurring revenue" or "Net revenue retention".
func names(p paragraph, k *kpi.KPI, cat *kpi.Catalog) bool {
	for _, sc := range p.Shortcodes {
		if slices.Contains(sc.Args, k.ID) {
			return true
		}
	}
	n := namesOf(cat)[k]
	if n.lower == "" || !strings.Contains(p.lower, n.lower) {
		return false
	}
	for at := range wordsAt(p.lower, n.lower) {
		if !slices.ContainsFunc(n.longer, func(on string) bool { return within(p.lower, at, len(n.lower), on) }) {
			return true
		}
	}
	return false
}

// kpiName is a KPI's display name in lower case and the catalog's longer
// names that contain it.
type kpiName struct {
	lower  string
	longer []string
}

// lastNames holds namesOf's answer for the last catalog met (the rule asks
// about every red and amber KPI of every review, paragraph by paragraph);
// one, so a preview rebuilding for hours does not keep every old catalog.
var lastNames struct {
	sync.Mutex
	cat   *kpi.Catalog
	names map[*kpi.KPI]kpiName
}

// namesOf is every KPI's kpiName, made once per catalog.
func namesOf(cat *kpi.Catalog) map[*kpi.KPI]kpiName {
	lastNames.Lock()
	defer lastNames.Unlock()
	if lastNames.cat == cat {
		return lastNames.names
	}
	m := make(map[*kpi.KPI]kpiName, len(cat.KPIs))
	lower := make([]string, len(cat.KPIs))
	for i, k := range cat.KPIs {
		lower[i] = strings.ToLower(k.Name)
	}
	for i, k := range cat.KPIs {
		n := kpiName{lower: lower[i]}
		for j, on := range lower {
			if j != i && n.lower != "" && len(on) > len(n.lower) && strings.Contains(on, n.lower) {
				n.longer = append(n.longer, on)
			}
		}
		m[k] = n
	}
	lastNames.cat, lastNames.names = cat, m
	return m
}

// wordsAt yields each index at which word stands in text as whole words:
// no letter or digit just before or after it.
func wordsAt(text, word string) func(yield func(int) bool) {
	return func(yield func(int) bool) {
		for from := 0; from <= len(text)-len(word); {
			i := strings.Index(text[from:], word)
			if i < 0 {
				return
			}
			at := from + i
			end := at + len(word)
			before, _ := utf8.DecodeLastRuneInString(text[:at])
			after, _ := utf8.DecodeRuneInString(text[end:])
			if (at == 0 || !isWordRune(before)) && (end == len(text) || !isWordRune(after)) && !yield(at) {
				return
			}
			from = at + 1
		}
	}
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// within reports whether the n bytes of text at at lie inside an
// occurrence of the longer text outer.
func within(text string, at, n int, outer string) bool {
	for start := max(0, at+n-len(outer)); start <= at && start+len(outer) <= len(text); start++ {
		if text[start:start+len(outer)] == outer {
			return true
		}
	}
	return false
}

// saysMore reports whether p, a paragraph that names k (see names),
// comments on k: says more than figures and badges. What it says is its
// text with every shortcode left out and the names of k and of every KPI
// its shortcodes show taken out; commentary is at least minCommentWords
// words of that (a word is a run of letters and digits).
func saysMore(p paragraph, k *kpi.KPI, cat *kpi.Catalog) bool {
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
// comments on k, and whether any names it. It asks names once a paragraph:
// most paragraphs do not name a given KPI, and a review asks about each of
// its red and amber KPIs.
func docComments(paras []paragraph, k *kpi.KPI, cat *kpi.Catalog) (commented, named bool) {
	for _, p := range paras {
		if !names(p, k, cat) {
			continue
		}
		if saysMore(p, k, cat) {
			return true, true
		}
		named = true
	}
	return false, named
}
