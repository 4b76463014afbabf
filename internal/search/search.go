// Package search writes the site's search index: every review's summary
// and sections and every KPI page as plain text, in one script file that
// the pages' search box (theme/js/search.js) loads when it is first used.
//
// The index is a script, not JSON, because a page opened from file://
// may not fetch() a file beside it but may always load a script; it
// assigns one global, window.opsreportSearchIndex. It holds each text once,
// as the reader sees it (accents and capitals kept, for the snippets); the
// browser folds case and accents once when the index loads and matches
// folded query terms against the folded texts (see Fold, whose rules the
// script follows).
//
// The same entries give byte-identical output: entries keep the order they
// are given in, and JSON is written by encoding/json.
package search

import (
	"bytes"
	"encoding/json"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Page is a page results link to: a review or a KPI.
type Page struct {
	URL   string // relative to the site root: "reviews/2026-10/index.html"
	Title string // "October 2026 operating review"
	Kind  string // "Review" or "KPI": what the result says the page is
}

// Entry is one searchable part of a page: a review's summary or one of its
// sections, or a KPI page's description.
type Entry struct {
	Page    int    // index into Index.Pages
	Anchor  string // "#section-customer", or "" for the page's top
	Section string // the part's heading: "Customer"
	Text    string // plain text; lines separate blocks
}

// Index is what the script file holds.
type Index struct {
	Pages   []Page
	Entries []Entry
}

// Add appends a page and its entries, whose Page fields it sets.
func (x *Index) Add(p Page, entries ...Entry) {
	x.Pages = append(x.Pages, p)
	for _, e := range entries {
		e.Page = len(x.Pages) - 1
		x.Entries = append(x.Entries, e)
	}
}

// Name is the index's output path, relative to the site root.
const Name = "search-index.js"

// Global is the name the script assigns the index to.
const Global = "opsreportSearchIndex"

// Script is the index as a script file: arrays rather than objects, so
// the field names are not repeated for every entry. A page is [url, title,
// kind], an entry [page, anchor, section, text].
func (x *Index) Script() []byte {
	pages := make([][3]string, len(x.Pages))
	for i, p := range x.Pages {
		pages[i] = [3]string{p.URL, p.Title, p.Kind}
	}
	entries := make([][4]any, len(x.Entries))
	for i, e := range x.Entries {
		entries[i] = [4]any{e.Page, e.Anchor, e.Section, e.Text}
	}
	// encoding/json escapes <, > and & and the line separators U+2028 and
	// U+2029, so no text can end the script or break its string literals.
	body, err := json.Marshal(struct {
		Version int         `json:"v"`
		Pages   [][3]string `json:"pages"`
		Entries [][4]any    `json:"entries"`
	}{1, pages, entries})
	if err != nil {
		panic(err) // strings and ints always marshal
	}
	var b bytes.Buffer
	b.WriteString("/* opsreport search index: written by opsreport build, read by search.js */\nwindow." + Global + " = ")
	b.Write(body)
	b.WriteString(";\n")
	return b.Bytes()
}

// Fold is the form texts and queries are compared in: canonical
// decomposition with combining marks dropped, then lower case, so that
// "Clientèle", "CLIENTELE" and "clientele" are equal. search.js folds the
// same way (normalize('NFD'), drop \p{M}, toLowerCase()).
func Fold(s string) string {
	var b strings.Builder
	for _, r := range norm.NFD.String(s) {
		if !unicode.Is(unicode.M, r) {
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}
