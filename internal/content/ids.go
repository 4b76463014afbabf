package content

import (
	"strconv"
	"strings"
	"unicode"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"golang.org/x/text/unicode/norm"
)

// IDs hands out the heading ids of one page. Every section of a page must
// render with the same IDs, in page order, so that two "Highlights"
// headings become "highlights" and "highlights-1". Unlike goldmark's
// built-in generator it keeps letters of every script: "Résumé" becomes
// "résumé", not "rsum".
//
// An IDs is not safe for concurrent use; a page is rendered by one
// goroutine.
type IDs struct {
	used map[string]bool
}

var _ parser.IDs = (*IDs)(nil)

// NewIDs returns an empty registry. Put the page's own fixed ids (such as
// "scorecard") first, so headings never take them.
func NewIDs() *IDs { return &IDs{used: map[string]bool{}} }

// Generate returns an unused id for a heading's text and marks it used.
func (ids *IDs) Generate(value []byte, _ ast.NodeKind) []byte {
	base := slug(string(value))
	id := base
	for n := 1; ids.used[id]; n++ {
		id = base + "-" + strconv.Itoa(n)
	}
	ids.used[id] = true
	return []byte(id)
}

// Put marks an id as taken.
func (ids *IDs) Put(value []byte) { ids.used[string(value)] = true }

// slug lower-cases the text in NFC form, keeps letters, digits, combining
// marks, "-" and "_", and turns every run of anything else into one "-".
func slug(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range norm.NFC.String(strings.ToLower(s)) {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r) || r == '_':
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(r)
		default:
			dash = true
		}
	}
	if b.Len() == 0 {
		return "section"
	}
	return b.String()
}
