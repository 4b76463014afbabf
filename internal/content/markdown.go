package content

import (
	"bytes"
	"html/template"
	"sort"
	"strings"
	"sync"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"github.com/opsreport/opsreport/internal/diag"
)

// Node kinds of the shortcode nodes; read-only after package init.
var (
	kindShortcode      = ast.NewNodeKind("Shortcode")
	kindShortcodeBlock = ast.NewNodeKind("ShortcodeBlock")
)

// shortcodeInline is a shortcode inside a paragraph, heading or table cell.
type shortcodeInline struct {
	ast.BaseInline
	sc    *Shortcode
	valid bool // passed validation, so the Expander may see it
}

func (n *shortcodeInline) Kind() ast.NodeKind { return kindShortcode }

func (n *shortcodeInline) Dump(src []byte, level int) {
	ast.DumpHelper(n, src, level, map[string]string{"Source": n.sc.Source}, nil)
}

// shortcodeBlock is a shortcode alone on its line, rendered outside <p>.
type shortcodeBlock struct {
	ast.BaseBlock
	sc    *Shortcode
	valid bool
}

func (n *shortcodeBlock) Kind() ast.NodeKind { return kindShortcodeBlock }

func (n *shortcodeBlock) Dump(src []byte, level int) {
	ast.DumpHelper(n, src, level, map[string]string{"Source": n.sc.Source}, nil)
}

// stateKey carries a parse's parseState through goldmark's parser.Context,
// so one shared parser can serve concurrent Parse calls.
var stateKey = parser.NewContextKey()

// parseState turns body offsets into file positions and collects the
// syntax problems the shortcode parsers find.
type parseState struct {
	file      string
	lineStart []int // byte offset in the body where each line starts
	firstLine int   // file line of the body's first line
	d         *diag.List
	lastOpen  int // file line of the last unterminated shortcode reported
}

func newParseState(file string, body []byte, firstLine int, d *diag.List) *parseState {
	st := &parseState{file: file, lineStart: []int{0}, firstLine: firstLine, d: d}
	for i, c := range body {
		if c == '\n' {
			st.lineStart = append(st.lineStart, i+1)
		}
	}
	return st
}

// pos is the file position of a byte offset in the body.
func (st *parseState) pos(off int) diag.Pos {
	i := sort.Search(len(st.lineStart), func(i int) bool { return st.lineStart[i] > off })
	return diag.Pos{File: st.file, Line: st.firstLine + i - 1}
}

// syntaxError reports a shortcode's syntax problem. After an unterminated
// shortcode the rest of its line is suspect ("{{< a {{< b {{< c"), so
// further unterminated shortcodes or strings on that line are not
// reported again.
func (st *parseState) syntaxError(off int, problem string) {
	pos := st.pos(off)
	if strings.HasPrefix(problem, "unterminated ") {
		if pos.Line == st.lastOpen {
			return
		}
		st.lastOpen = pos.Line
	}
	st.d.Errorf(pos, "%s", problem)
}

// Hugo's other shortcode delimiters, which opsreport does not read.
const hugoOpen, hugoClose = "{{%", "%}}"

// warnHugoDelimiter warns of a "{{% name %}}" shortcode, which would be
// published as literal text, and says how to write it.
func (st *parseState) warnHugoDelimiter(off int, line []byte) {
	src := string(line[:min(len(line), scMax)])
	// The close is looked for after the opening: in "{{%}}" the two share
	// their "%".
	end := strings.Index(src[len(hugoOpen):], hugoClose)
	if end >= 0 {
		end += len(hugoOpen)
	}
	if end < 0 {
		st.d.Warnf(st.pos(off), "%q opens a shortcode the way Hugo writes {{%% %%}} ones, which opsreport does not read: it is published as text; write {{< name >}}", excerpt(strings.TrimRight(src, "\r\n")))
		return
	}
	src = src[:end+len(hugoClose)]
	fixed := scOpen + src[len(hugoOpen):end] + scClose
	st.d.Warnf(st.pos(off), "%q uses Hugo's {{%% %%}} delimiters, which opsreport does not read: it is published as text; write %q", src, fixed)
}

func stateOf(pc parser.Context) *parseState {
	st, _ := pc.Get(stateKey).(*parseState)
	return st
}

// inlineParser reads a shortcode wherever inline text is parsed. Code spans
// and code blocks never reach it, so shortcodes there stay literal.
type inlineParser struct{}

func (inlineParser) Trigger() []byte { return []byte{'{'} }

func (inlineParser) Parse(_ ast.Node, block text.Reader, pc parser.Context) ast.Node {
	line, seg := block.PeekLine()
	st := stateOf(pc)
	if st != nil && bytes.HasPrefix(line, []byte(hugoOpen)) {
		st.warnHugoDelimiter(seg.Start, line)
		return nil
	}
	if st == nil || !bytes.HasPrefix(line, []byte(scOpen)) {
		return nil
	}
	sc, n, problem := scanShortcode(line)
	if problem != "" {
		st.syntaxError(seg.Start, problem)
		return nil // stays literal text
	}
	sc.Pos = st.pos(seg.Start)
	block.Advance(n)
	return &shortcodeInline{sc: sc}
}

// blockParser takes a block-capable shortcode standing alone on its line.
// Anything else starting with "{" is left to the paragraph and the inline
// parser, which also reports syntax problems (once).
type blockParser struct{}

func (blockParser) Trigger() []byte { return []byte{'{'} }

func (blockParser) Open(_ ast.Node, reader text.Reader, pc parser.Context) (ast.Node, parser.State) {
	line, seg := reader.PeekLine()
	st, off := stateOf(pc), pc.BlockOffset()
	if st == nil || off < 0 || !bytes.HasPrefix(line[off:], []byte(scOpen)) {
		return nil, parser.NoChildren
	}
	sc, n, problem := scanShortcode(line[off:])
	if problem != "" || !util.IsBlank(line[off+n:]) || !specs[sc.Name].block {
		return nil, parser.NoChildren
	}
	sc.Block = true
	sc.Pos = st.pos(seg.Start + off)
	reader.AdvanceToEOL()
	return &shortcodeBlock{sc: sc}, parser.NoChildren
}

func (blockParser) Continue(ast.Node, text.Reader, parser.Context) parser.State { return parser.Close }
func (blockParser) Close(ast.Node, text.Reader, parser.Context)                 {}

// CanInterruptParagraph lets a chart on the line after prose stand alone,
// as the writer sees it in the editor.
func (blockParser) CanInterruptParagraph() bool { return true }
func (blockParser) CanAcceptIndentedLine() bool { return false }

type shortcodeExtension struct{}

func (shortcodeExtension) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(
		parser.WithBlockParsers(util.Prioritized(blockParser{}, 150)),
		parser.WithInlineParsers(util.Prioritized(inlineParser{}, 150)),
	)
}

// markdownParser is built once: goldmark parsers are safe for concurrent
// use, and each Parse carries its own state in its parser.Context.
var markdownParser = sync.OnceValue(func() parser.Parser {
	return goldmark.New(goldmark.WithExtensions(
		extension.Table, extension.Strikethrough, extension.Footnote, shortcodeExtension{},
	)).Parser()
})

// nodeRenderer renders shortcodes through the Expander and headings with
// the ids this render assigned; it wins over goldmark's heading renderer by
// priority.
type nodeRenderer struct {
	exp Expander
	ids map[*ast.Heading][]byte
}

func (r *nodeRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(kindShortcode, r.renderInline)
	reg.Register(kindShortcodeBlock, r.renderBlock)
	reg.Register(ast.KindHeading, r.renderHeading)
	reg.Register(east.KindTableCell, renderTableCell)
}

func (r *nodeRenderer) renderInline(w util.BufWriter, _ []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if entering {
		n := node.(*shortcodeInline)
		_, _ = w.WriteString(string(r.expand(n.sc, n.valid)))
	}
	return ast.WalkSkipChildren, nil
}

func (r *nodeRenderer) renderBlock(w util.BufWriter, _ []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if entering {
		n := node.(*shortcodeBlock)
		_, _ = w.WriteString(string(r.expand(n.sc, n.valid)))
		_ = w.WriteByte('\n')
	}
	return ast.WalkSkipChildren, nil
}

// expand hands a valid shortcode to the Expander. An invalid one (already
// reported) or one with no Expander shows as its escaped source, so the
// preview points at the problem instead of hiding it.
func (r *nodeRenderer) expand(sc *Shortcode, valid bool) template.HTML {
	if valid && r.exp != nil {
		return r.exp(sc)
	}
	src := template.HTMLEscapeString(sc.Source)
	if !valid {
		return template.HTML(`<mark class="shortcode-error">` + src + `</mark>`)
	}
	return template.HTML(src)
}

func (r *nodeRenderer) renderHeading(w util.BufWriter, _ []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	n := node.(*ast.Heading)
	level := "0123456"[n.Level]
	if entering {
		_, _ = w.WriteString("<h")
		_ = w.WriteByte(level)
		if id := r.ids[n]; len(id) > 0 {
			_, _ = w.WriteString(` id="`)
			_, _ = w.Write(util.EscapeHTML(id))
			_ = w.WriteByte('"')
		}
		_ = w.WriteByte('>')
	} else {
		_, _ = w.WriteString("</h")
		_ = w.WriteByte(level)
		_, _ = w.WriteString(">\n")
	}
	return ast.WalkContinue, nil
}

// renderTableCell replaces goldmark's, which writes the alignment style
// into the cell's attributes while rendering: a second render of the same
// Doc then printed "text-align:center;text-align:center", and concurrent
// renders raced. Cells carry no other attributes here (attribute syntax is
// off), so the style is all there is to write.
func renderTableCell(w util.BufWriter, _ []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	n := node.(*east.TableCell)
	tag := "td"
	if n.Parent().Kind() == east.KindTableHeader {
		tag = "th"
	}
	if !entering {
		_, _ = w.WriteString("</" + tag + ">\n")
		return ast.WalkContinue, nil
	}
	_, _ = w.WriteString("<" + tag)
	if n.Alignment != east.AlignNone {
		_, _ = w.WriteString(` style="text-align:` + n.Alignment.String() + `"`)
	}
	_ = w.WriteByte('>')
	return ast.WalkContinue, nil
}

// newRenderer builds the HTML renderer for one Render call: the Expander,
// the heading ids and the footnote prefix differ from call to call.
func newRenderer(r *nodeRenderer, o RenderOptions) renderer.Renderer {
	opts := []renderer.Option{renderer.WithNodeRenderers(
		util.Prioritized(html.NewRenderer(), 1000),
		util.Prioritized(extension.NewTableHTMLRenderer(), 500),
		util.Prioritized(extension.NewStrikethroughHTMLRenderer(), 500),
		util.Prioritized(extension.NewFootnoteHTMLRenderer(extension.WithFootnoteIDPrefix(o.FootnotePrefix)), 500),
		util.Prioritized(r, 100),
	)}
	if o.Unsafe {
		opts = append(opts, html.WithUnsafe())
	}
	return renderer.NewRenderer(opts...)
}
