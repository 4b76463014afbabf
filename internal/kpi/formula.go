package kpi

import (
	"math"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/opsreport/opsreport/internal/diag"
)

// Formulas (SPEC 3a): a catalog KPI may be computed from other KPIs with
// + - * /, parentheses, numbers and KPI ids. A formula is parsed once, when
// the catalog is read, into a tree whose leaves keep their place in the
// text, so an unknown id or a cycle is reported at its column.
//
// An id may contain '-' (ids are slugs: uptime-prod), so a formula reads
// "a-b" as one id; subtracting needs spaces around the minus: "a - b". A
// formula that names "a-b" when a and b are KPIs gets that hint.

// maxFormulaLen and maxFormulaDepth bound what one catalog field can make
// the parser and the evaluator do.
const (
	maxFormulaLen   = 1000
	maxFormulaDepth = 50
)

// Formula is a parsed formula.
type Formula struct {
	Text string   // as written, trimmed
	Pos  diag.Pos // the catalog field it came from
	root node
	refs []*refNode // every id, in text order
	// broken is set when the catalog found the formula naming itself,
	// directly or through others: it then gives no value rather than
	// recursing for ever.
	broken bool
}

// FormulaError is a syntax error at a byte offset of the formula's text.
type FormulaError struct {
	Offset int
	Msg    string
}

func (e *FormulaError) Error() string { return e.Msg }

// node is one operation or operand of a parsed formula.
type node interface {
	eval(get func(id string) Opt) Opt
	format(b *strings.Builder, prec int)
}

type numNode struct {
	v    float64
	text string
}

type refNode struct {
	id  string
	off int
}

type negNode struct{ x node }

type binNode struct {
	op   byte
	l, r node
}

// ParseFormula parses text; the error is a *FormulaError. A leading '='
// is allowed, as a spreadsheet user types one (its offset still counts).
func ParseFormula(text string) (*Formula, error) {
	text = strings.TrimSpace(text)
	if strings.TrimSpace(strings.TrimPrefix(text, "=")) == "" {
		return nil, &FormulaError{0, "formula is empty"}
	}
	if len(text) > maxFormulaLen {
		return nil, &FormulaError{0, "formula is longer than " + strconv.Itoa(maxFormulaLen) + " characters"}
	}
	p := &parser{src: text}
	if strings.HasPrefix(text, "=") {
		p.pos = 1
	}
	p.next()
	root := p.expr(0)
	if p.err == nil && p.tok.kind != tokEnd {
		p.fail(p.tok.off, "expected an operator (+ - * /) but found "+p.tok.describe())
	}
	if p.err != nil {
		return nil, p.err
	}
	return &Formula{Text: text, root: root, refs: p.refs}, nil
}

// Refs are the ids the formula names, each once, in text order.
func (f *Formula) Refs() []string {
	var out []string
	seen := map[string]bool{}
	for _, r := range f.refs {
		if !seen[r.id] {
			seen[r.id] = true
			out = append(out, r.id)
		}
	}
	return out
}

// String is the formula in a canonical spelling: single spaces around
// operators, parentheses only where precedence needs them.
func (f *Formula) String() string {
	var b strings.Builder
	f.root.format(&b, 0)
	return b.String()
}

// Eval applies the formula to its components' values, which get returns.
// A missing component, a division by zero or an overflow gives no value.
// The result keeps 15 significant digits (clean.go), so 1234/5000×100 is
// 24.68, not 24.680000000000003.
func (f *Formula) Eval(get func(id string) Opt) Opt {
	if f == nil || f.broken {
		return None
	}
	v := f.root.eval(get)
	if !v.OK || math.IsNaN(v.V) || math.IsInf(v.V, 0) {
		return None
	}
	return Some(clean(v.V))
}

func (n *numNode) eval(func(string) Opt) Opt { return Some(n.v) }
func (n *refNode) eval(get func(string) Opt) Opt {
	return get(n.id)
}

func (n *negNode) eval(get func(string) Opt) Opt {
	v := n.x.eval(get)
	if !v.OK {
		return None
	}
	return Some(-v.V)
}

func (n *binNode) eval(get func(string) Opt) Opt {
	l := n.l.eval(get)
	if !l.OK {
		return None
	}
	r := n.r.eval(get)
	if !r.OK {
		return None
	}
	// A sum or difference is cleaned at its operands' scale, as diff is:
	// 1000.1 − 900.2 is 99.9 before it is divided by anything.
	mag := math.Max(math.Abs(l.V), math.Abs(r.V))
	switch n.op {
	case '+':
		return Some(cleanAt(l.V+r.V, mag))
	case '-':
		return Some(cleanAt(l.V-r.V, mag))
	case '*':
		return Some(l.V * r.V)
	}
	if r.V == 0 {
		return None
	}
	return Some(l.V / r.V)
}

// Precedences: sums 1, products 2, a negation 3.
func precOf(op byte) int {
	if op == '+' || op == '-' {
		return 1
	}
	return 2
}

func (n *numNode) format(b *strings.Builder, _ int) { b.WriteString(n.text) }
func (n *refNode) format(b *strings.Builder, _ int) { b.WriteString(n.id) }

func (n *negNode) format(b *strings.Builder, prec int) {
	b.WriteByte('-')
	n.x.format(b, 3)
}

func (n *binNode) format(b *strings.Builder, prec int) {
	p := precOf(n.op)
	if p < prec {
		b.WriteByte('(')
	}
	n.l.format(b, p)
	b.WriteString(" " + string(n.op) + " ")
	n.r.format(b, p+1) // left-associative: a - (b - c) keeps its parentheses
	if p < prec {
		b.WriteByte(')')
	}
}

// Tokens.
type tokKind uint8

const (
	tokEnd tokKind = iota
	tokNum
	tokID
	tokOp // + - * /
	tokOpen
	tokClose
	tokBad
)

type token struct {
	kind tokKind
	text string
	off  int
}

func (t token) describe() string {
	if t.kind == tokEnd {
		return "the end of the formula"
	}
	return strconv.Quote(t.text)
}

// parser is a recursive-descent parser over a one-token lookahead.
type parser struct {
	src   string
	pos   int
	tok   token
	refs  []*refNode
	depth int
	err   *FormulaError
}

func (p *parser) fail(off int, msg string) {
	if p.err == nil {
		p.err = &FormulaError{off, msg}
	}
}

func isWordByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '.'
}

// next reads the next token. A word of digits and dots is a number; any
// other word is an id, which continues over a '-' that joins two word
// characters (a slug's hyphen).
func (p *parser) next() {
	for p.pos < len(p.src) && (p.src[p.pos] == ' ' || p.src[p.pos] == '\t' || p.src[p.pos] == '\n' || p.src[p.pos] == '\r') {
		p.pos++
	}
	start := p.pos
	if p.pos >= len(p.src) {
		p.tok = token{kind: tokEnd, off: start}
		return
	}
	c := p.src[p.pos]
	switch {
	case strings.IndexByte("+-*/", c) >= 0:
		p.pos++
		p.tok = token{tokOp, string(c), start}
	case c == '(':
		p.pos++
		p.tok = token{tokOpen, "(", start}
	case c == ')':
		p.pos++
		p.tok = token{tokClose, ")", start}
	case isWordByte(c):
		p.word(start)
	default:
		r, size := utf8.DecodeRuneInString(p.src[p.pos:])
		p.pos += size
		p.tok = token{tokBad, string(r), start}
	}
}

func (p *parser) word(start int) {
	for p.pos < len(p.src) {
		c := p.src[p.pos]
		if isWordByte(c) {
			p.pos++
			continue
		}
		if c == '-' && p.pos+1 < len(p.src) && isWordByte(p.src[p.pos+1]) && !isNumber(p.src[start:p.pos]) {
			p.pos++
			continue
		}
		break
	}
	w := p.src[start:p.pos]
	if isNumber(w) {
		p.tok = token{tokNum, w, start}
		return
	}
	p.tok = token{tokID, w, start}
}

// isNumber: a word of digits and dots is meant as a number, whether or not
// it is a well-formed one.
func isNumber(w string) bool {
	return strings.Trim(w, "0123456789.") == ""
}

// expr parses operators of precedence at least min (1 sums, 2 products).
func (p *parser) expr(min int) node {
	if min > 2 {
		return p.unary()
	}
	left := p.expr(min + 1)
	for p.err == nil && p.tok.kind == tokOp && precOf(p.tok.text[0]) == min {
		op := p.tok.text[0]
		p.next()
		right := p.expr(min + 1)
		left = &binNode{op: op, l: left, r: right}
	}
	return left
}

func (p *parser) unary() node {
	if p.depth++; p.depth > maxFormulaDepth {
		p.fail(p.tok.off, "formula nests deeper than "+strconv.Itoa(maxFormulaDepth)+" levels")
		return &numNode{}
	}
	defer func() { p.depth-- }()
	if p.tok.kind == tokOp && (p.tok.text == "-" || p.tok.text == "+") {
		neg := p.tok.text == "-"
		p.next()
		x := p.unary()
		if neg {
			return &negNode{x}
		}
		return x
	}
	return p.primary()
}

func (p *parser) primary() node {
	t := p.tok
	switch t.kind {
	case tokNum:
		v, err := strconv.ParseFloat(t.text, 64)
		if err != nil {
			p.fail(t.off, strconv.Quote(t.text)+" is not a number")
		}
		p.next()
		return &numNode{v: v, text: t.text}
	case tokID:
		p.next()
		r := &refNode{id: t.text, off: t.off}
		p.refs = append(p.refs, r)
		return r
	case tokOpen:
		p.next()
		x := p.expr(1)
		switch {
		case p.err != nil || p.tok.kind == tokClose:
		case p.tok.kind == tokEnd:
			p.fail(t.off, `"(" is never closed`)
		default:
			p.fail(p.tok.off, `expected an operator (+ - * /) or ")" but found `+p.tok.describe())
		}
		p.next()
		return x
	}
	p.fail(t.off, "expected a number, a KPI id or \"(\" but found "+t.describe())
	return &numNode{}
}

// checkFormulas resolves every formula's ids against the catalog: an
// unknown id, and each cycle (once, naming the whole loop), is passed to
// report with the reference it is at; report may be nil. A formula in a
// cycle is marked broken, so evaluating never recurses for ever.
func (c *Catalog) checkFormulas(report func(k *KPI, ref *refNode, msg string)) {
	if report == nil {
		report = func(*KPI, *refNode, string) {}
	}
	for _, k := range c.KPIs {
		if k.Formula == nil {
			continue
		}
		for _, r := range k.Formula.refs {
			if c.byID[r.id] == nil {
				report(k, r, "formula of "+k.ID+": unknown KPI "+strconv.Quote(r.id)+c.refHint(r.id))
			}
		}
	}
	cy := &cycles{c: c, state: map[*KPI]int{}, report: report}
	for _, k := range c.KPIs {
		if k.Formula != nil && cy.state[k] == 0 {
			cy.visit(k)
		}
	}
}

// refHint suggests what an unknown id in a formula meant: a subtraction
// written without spaces, or a near miss of an id.
func (c *Catalog) refHint(id string) string {
	if parts := strings.Split(id, "-"); len(parts) > 1 {
		known := true
		for _, p := range parts {
			known = known && c.byID[p] != nil
		}
		if known {
			return " (to subtract, write spaces around \"-\": " + strings.Join(parts, " - ") + ")"
		}
	}
	return diag.DidYouMean(id, c.IDs())
}

// cycles is a depth-first walk over formula references: state 1 is on
// the current path, 2 done.
type cycles struct {
	c      *Catalog
	state  map[*KPI]int
	path   []*KPI
	via    []*refNode // via[i] is the reference from path[i] to path[i+1]
	report func(k *KPI, ref *refNode, msg string)
}

func (cy *cycles) visit(k *KPI) {
	cy.state[k] = 1
	cy.path = append(cy.path, k)
	for _, r := range k.Formula.refs {
		next := cy.c.byID[r.id]
		if next == nil || next.Formula == nil {
			continue
		}
		cy.via = append(cy.via, r)
		switch cy.state[next] {
		case 0:
			cy.visit(next)
		case 1:
			cy.found(next)
		}
		cy.via = cy.via[:len(cy.via)-1]
	}
	cy.path = cy.path[:len(cy.path)-1]
	cy.state[k] = 2
}

// found reports the loop from start, which is on the path, back to it.
func (cy *cycles) found(start *KPI) {
	i := len(cy.path) - 1
	for cy.path[i] != start {
		i--
	}
	names := make([]string, 0, len(cy.path)-i+1)
	for _, k := range cy.path[i:] {
		names = append(names, k.ID)
		k.Formula.broken = true
	}
	names = append(names, start.ID)
	cy.report(start, cy.via[i], "formula cycle: "+strings.Join(names, " → "))
}
