// Package content turns a narrative — markdown with YAML front matter and
// Hugo-style shortcodes — into HTML, keeping the position of everything a
// writer can get wrong.
//
// Parse splits and strictly decodes the front matter, parses the markdown
// with goldmark (CommonMark, GitHub tables, footnotes, strikethrough) and
// checks every shortcode's syntax, name, arguments and enumerated
// parameters, reporting each problem as a diag.Diagnostic at file:line.
// Shortcodes are goldmark inline and block nodes, not a text pre-pass, so
// they keep their lines, stay literal inside code, and a block shortcode
// alone on its line is not wrapped in <p>.
//
// Render writes the HTML. The site supplies an Expander that turns each
// valid shortcode into HTML (it knows the KPIs); it also supplies one IDs
// per page and a footnote prefix per section, so several sections on one
// page never collide on ids. A parsed Doc is read-only: it may be rendered
// many times, also concurrently with separate IDs.
//
// The package also holds what a review folder loads into (Review, Section,
// Page, Decision; package site loads them), and the text edits a month end
// makes to a user's narratives, byte for byte outside the lines they
// change: SetStatus (opsreport close) and Skeleton (opsreport new review).
package content

import (
	"bytes"
	"html/template"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"

	"github.com/opsreport/opsreport/internal/diag"
)

// Expander renders one shortcode to HTML. It only ever sees shortcodes that
// passed validation. What it returns is written as is: it must escape its
// own data.
type Expander func(sc *Shortcode) template.HTML

// Doc is a parsed narrative.
type Doc struct {
	File       string // slash-separated, relative to the site folder
	body       []byte
	root       ast.Node
	shortcodes []*Shortcode
	keys       map[string]int // front-matter key → file line
	fmFailed   bool           // the front matter is not YAML keys and values
}

// ReviewMeta is the front matter of a review's index.md.
type ReviewMeta struct {
	Title      string   `yaml:"title"`
	Period     string   `yaml:"period"`
	Date       string   `yaml:"date"`
	Kind       string   `yaml:"kind"`
	Status     string   `yaml:"status"`
	Presenters []string `yaml:"presenters"`
	// Functions scope the review to these catalog functions: its
	// scorecard, headline, appendix, warnings and pack show their KPIs
	// only. Empty: every function.
	Functions []string `yaml:"functions"`
}

// SectionMeta is the front matter of a review's section file.
type SectionMeta struct {
	Title    string `yaml:"title"`
	Weight   int    `yaml:"weight"`
	Function string `yaml:"function"`
}

// PageMeta is the front matter of content/_index.md.
type PageMeta struct {
	Title string `yaml:"title"`
}

// Parse reads a narrative. meta is a pointer to a struct with yaml tags:
// every front-matter key must name one of its fields and hold a value of
// the field's type. With a nil meta the front matter must still be valid
// YAML keys and values, but any key is allowed and nothing is decoded.
// Problems go to d; Parse always returns a Doc that renders what it can.
func Parse(file string, src []byte, meta any, d *diag.List) *Doc {
	fm := splitFrontMatter(file, src, d)
	if !checkLimits(file, fm.body, fm.bodyLine, d) {
		fm.body = nil
	}
	doc := &Doc{File: file, body: fm.body}
	if fm.yaml != nil {
		var fd diag.List
		doc.keys = decodeFrontMatter(file, fm, meta, &fd)
		doc.fmFailed = doc.keys == nil && fd.HasErrors()
		d.Merge(&fd)
	}
	pc := parser.NewContext()
	pc.Set(stateKey, newParseState(file, fm.body, fm.bodyLine, d))
	doc.root = markdownParser().Parse(text.NewReader(fm.body), parser.WithContext(pc))
	doc.collectShortcodes(d)
	return doc
}

// collectShortcodes validates the shortcode nodes in source order; the
// parsers only checked their syntax.
func (doc *Doc) collectShortcodes(d *diag.List) {
	_ = ast.Walk(doc.root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *shortcodeInline:
			n.valid = doc.admit(n.sc, d)
		case *shortcodeBlock:
			n.valid = doc.admit(n.sc, d)
		}
		return ast.WalkContinue, nil
	})
}

func (doc *Doc) admit(sc *Shortcode, d *diag.List) bool {
	if !validate(sc, d) {
		return false
	}
	doc.shortcodes = append(doc.shortcodes, sc)
	return true
}

// Shortcodes returns the valid shortcodes in source order: the ones the
// Expander will be asked for.
func (doc *Doc) Shortcodes() []*Shortcode { return doc.shortcodes }

// FrontMatterFailed reports whether the front matter could not be read at
// all (a YAML syntax error): none of its keys took effect, so what
// follows from their defaults is not the user's to hear about.
func (doc *Doc) FrontMatterFailed() bool { return doc.fmFailed }

// KeyPos is where a front-matter key was written, for the site's own checks
// of values ("status "fnal" is not draft or final"). A key that is absent
// gives the file alone.
func (doc *Doc) KeyPos(key string) diag.Pos {
	return diag.Pos{File: doc.File, Line: doc.keys[key]}
}

// RenderOptions are what differ between renders of the same Doc.
type RenderOptions struct {
	// Unsafe passes raw HTML in the markdown through; otherwise goldmark
	// replaces it with a comment and empties javascript: links.
	Unsafe bool
	// IDs is the page's heading-id registry, shared by all its sections.
	// Nil gives the Doc ids of its own.
	IDs *IDs
	// FootnotePrefix is put before footnote ids ("ops-" → "ops-fn:1"), so
	// two sections' first footnotes do not share an id.
	FootnotePrefix string
}

// Render writes the Doc as HTML, expanding shortcodes with exp. A nil exp
// writes each shortcode's source, escaped.
func (doc *Doc) Render(exp Expander, o RenderOptions) template.HTML {
	ids := o.IDs
	if ids == nil {
		ids = NewIDs()
	}
	nr := &nodeRenderer{exp: exp, ids: doc.headingIDs(ids)}
	var b bytes.Buffer
	// Writing to a bytes.Buffer cannot fail, and the node renderers return
	// no errors of their own.
	_ = newRenderer(nr, o).Render(&b, doc.body, doc.root)
	return template.HTML(b.String())
}

// headingIDs assigns ids to the headings in page order.
func (doc *Doc) headingIDs(ids *IDs) map[*ast.Heading][]byte {
	out := map[*ast.Heading][]byte{}
	_ = ast.Walk(doc.root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if h, ok := n.(*ast.Heading); ok && entering {
			out[h] = ids.Generate([]byte(plainText(h, doc.body, nil)), ast.KindHeading)
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	return out
}
