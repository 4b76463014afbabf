package sheet

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"strings"
	"unicode"
	"unicode/utf8"
)

// The worksheet parts are read with xmlScanner, a byte scanner that
// yields the tokens rowReader needs: start elements (local name and
// attributes), end elements and character data. Comments, processing
// instructions and directives (DOCTYPE) are read and skipped.
//
// It accepts and refuses exactly what encoding/xml's Decoder.RawToken
// does in its default strict mode, and yields the same tokens (names
// matched by their local part, entities and character references
// decoded, CR and CRLF made LF, CDATA as text), so a sheet reads the same
// as through encoding/xml, only without a string and an interface value
// per name, attribute and token. The differential tests and
// FuzzWorksheetXML hold it to that.

// tokKind is the kind of an xmlTok.
type tokKind uint8

const (
	tokStart tokKind = iota + 1
	tokEnd
	tokText
)

// xmlTok is one token. Its slices belong to the tokenizer and are valid
// until the next call of next.
type xmlTok struct {
	kind  tokKind
	local []byte    // element name without its prefix (tokStart, tokEnd)
	attrs []xmlAttr // tokStart
	text  []byte    // tokText
}

type xmlAttr struct {
	local []byte // attribute name without its prefix
	value []byte // decoded value
}

// tokenizer yields the tokens of a worksheet part; io.EOF at its end.
type tokenizer interface {
	next() (*xmlTok, error)
}

// xmlScanner is the production tokenizer.
type xmlScanner struct {
	r         io.Reader
	buf       []byte
	win       []byte // buf's unread part is win[pos:]
	pos       int
	lines     int   // newlines in the input already dropped from buf
	rerr      error // the reader's error (io.EOF at the end), once buf is drained
	err       error // sticky: every later call returns it
	needClose bool  // the last start element was self-closing
	tok       xmlTok
	ename     []byte // the current element's name
	abuf      []byte // attribute names and values
	aoff      []int  // per attribute: local name start, end, value start, end in abuf
	text      []byte
	pi        []byte
	ent       []byte // the reference being read, for a refusal's message
}

func newXMLScanner(r io.Reader) *xmlScanner { return newXMLScannerSize(r, 64<<10) }

// newXMLScannerSize reads through a buffer of size bytes (the tests use
// tiny ones, so that every token crosses refills).
func newXMLScannerSize(r io.Reader, size int) *xmlScanner {
	return &xmlScanner{r: r, buf: make([]byte, max(size, 1))}
}

func (s *xmlScanner) getc() (b byte, ok bool) {
	if s.pos >= len(s.win) && !s.fill() {
		return 0, false
	}
	b = s.win[s.pos]
	s.pos++
	return b, true
}

// fill refills the buffer: false when the input ended or failed
// (s.rerr says which).
func (s *xmlScanner) fill() bool {
	if s.rerr != nil {
		return false
	}
	s.lines += bytes.Count(s.win, []byte{'\n'})
	s.pos, s.win = 0, s.buf[:0]
	for empty := 0; len(s.win) == 0; empty++ {
		n, err := s.r.Read(s.buf)
		s.win = s.buf[:n]
		if err != nil {
			s.rerr = err
			break
		}
		if n == 0 && empty >= 100 {
			s.rerr = io.ErrNoProgress
			break
		}
	}
	return len(s.win) > 0
}

// ungetc steps back over the byte getc just returned.
func (s *xmlScanner) ungetc() { s.pos-- }

// mustgetc is getc where the input may not end.
func (s *xmlScanner) mustgetc() (b byte, ok bool) {
	if s.pos >= len(s.win) && !s.fill() {
		s.readFailed()
		return 0, false
	}
	b = s.win[s.pos]
	s.pos++
	return b, true
}

// readFailed records why the input could not be read further.
func (s *xmlScanner) readFailed() {
	if s.err != nil {
		return
	}
	if s.rerr == io.EOF {
		s.syntax("unexpected EOF")
		return
	}
	s.err = s.rerr
}

func (s *xmlScanner) syntax(msg string) {
	if s.err == nil {
		s.err = &xml.SyntaxError{Msg: msg, Line: 1 + s.lines + bytes.Count(s.win[:s.pos], []byte{'\n'})}
	}
}

func (s *xmlScanner) space() {
	for s.pos < len(s.win) {
		switch s.win[s.pos] {
		case ' ', '\r', '\n', '\t':
			s.pos++
		default:
			return
		}
	}
	for {
		b, ok := s.getc()
		if !ok {
			return
		}
		if b != ' ' && b != '\r' && b != '\n' && b != '\t' {
			s.ungetc()
			return
		}
	}
}

func (s *xmlScanner) next() (*xmlTok, error) {
	if s.err != nil {
		return nil, s.err
	}
	if s.needClose {
		s.needClose = false
		s.tok.kind, s.tok.attrs = tokEnd, s.tok.attrs[:0]
		return &s.tok, nil
	}
	for {
		b, ok := s.getc()
		if !ok {
			if s.rerr == io.EOF {
				s.err = io.EOF
			} else {
				s.readFailed()
			}
			return nil, s.err
		}
		if b != '<' {
			s.ungetc()
			return s.charData(false)
		}
		if b, ok = s.mustgetc(); !ok {
			return nil, s.err
		}
		switch b {
		case '/':
			return s.endElement()
		case '?':
			if !s.procInst() {
				return nil, s.err
			}
		case '!':
			cdata, ok := s.markup()
			if !ok {
				return nil, s.err
			}
			if cdata {
				return s.charData(true)
			}
		default:
			s.ungetc()
			return s.startElement()
		}
	}
}

func (s *xmlScanner) charData(cdata bool) (*xmlTok, error) {
	var ok bool
	if s.text, ok = s.readText(s.text[:0], -1, cdata); !ok {
		return nil, s.err
	}
	s.tok = xmlTok{kind: tokText, text: s.text, attrs: s.tok.attrs[:0]}
	return &s.tok, nil
}

func (s *xmlScanner) endElement() (*xmlTok, error) {
	var ok bool
	if s.ename, ok = s.name(s.ename[:0]); !ok {
		s.syntax("expected element name after </")
		return nil, s.err
	}
	local, ok := localName(s.ename)
	if !ok {
		s.syntax("expected element name after </")
		return nil, s.err
	}
	s.space()
	b, ok := s.mustgetc()
	if !ok {
		return nil, s.err
	}
	if b != '>' {
		s.syntax("invalid characters between </" + string(local) + " and >")
		return nil, s.err
	}
	s.tok = xmlTok{kind: tokEnd, local: local, attrs: s.tok.attrs[:0]}
	return &s.tok, nil
}

func (s *xmlScanner) startElement() (*xmlTok, error) {
	var ok bool
	if s.ename, ok = s.name(s.ename[:0]); !ok {
		s.syntax("expected element name after <")
		return nil, s.err
	}
	local, ok := localName(s.ename)
	if !ok {
		s.syntax("expected element name after <")
		return nil, s.err
	}
	s.abuf, s.aoff = s.abuf[:0], s.aoff[:0]
	for {
		s.space()
		b, ok := s.mustgetc()
		if !ok {
			return nil, s.err
		}
		if b == '/' {
			if b, ok = s.mustgetc(); !ok {
				return nil, s.err
			}
			if b != '>' {
				s.syntax("expected /> in element")
				return nil, s.err
			}
			s.needClose = true
			break
		}
		if b == '>' {
			break
		}
		s.ungetc()
		if !s.attr() {
			return nil, s.err
		}
	}
	attrs := s.tok.attrs[:0]
	for i := 0; i < len(s.aoff); i += 4 {
		o := s.aoff[i : i+4]
		attrs = append(attrs, xmlAttr{local: s.abuf[o[0]:o[1]], value: s.abuf[o[2]:o[3]]})
	}
	s.tok = xmlTok{kind: tokStart, local: local, attrs: attrs}
	return &s.tok, nil
}

// attr reads name="value" into abuf and aoff.
func (s *xmlScanner) attr() bool {
	start := len(s.abuf)
	var ok bool
	if s.abuf, ok = s.name(s.abuf); !ok {
		s.syntax("expected attribute name in element")
		return false
	}
	local, ok := localName(s.abuf[start:])
	if !ok {
		s.syntax("expected attribute name in element")
		return false
	}
	lend := len(s.abuf)
	s.space()
	b, ok := s.mustgetc()
	if !ok {
		return false
	}
	if b != '=' {
		s.syntax("attribute name without = in element")
		return false
	}
	s.space()
	if b, ok = s.mustgetc(); !ok {
		return false
	}
	if b != '"' && b != '\'' {
		s.syntax("unquoted or missing attribute value in element")
		return false
	}
	vstart := len(s.abuf)
	if s.abuf, ok = s.readText(s.abuf, int(b), false); !ok {
		return false
	}
	s.aoff = append(s.aoff, lend-len(local), lend, vstart, len(s.abuf))
	return true
}

// name appends an XML name to dst: false (with s.err set only if the
// input failed or the name is invalid) when there is none.
func (s *xmlScanner) name(dst []byte) ([]byte, bool) {
	start := len(dst)
	// Most names are whole in the buffer.
	if w := s.win[s.pos:]; len(w) > 0 {
		i := 0
		for i < len(w) && nameByte[w[i]] {
			i++
		}
		if i > 0 && i < len(w) {
			s.pos += i
			dst = append(dst, w[:i]...)
			if !isName(dst[start:]) {
				s.syntax("invalid XML name: " + string(dst[start:]))
				return dst, false
			}
			return dst, true
		}
	}
	b, ok := s.mustgetc()
	if !ok {
		return dst, false
	}
	if b < utf8.RuneSelf && !isNameByte(b) {
		s.ungetc()
		return dst, false
	}
	dst = append(dst, b)
	for {
		if b, ok = s.mustgetc(); !ok {
			return dst, false
		}
		if b < utf8.RuneSelf && !isNameByte(b) {
			s.ungetc()
			break
		}
		dst = append(dst, b)
	}
	if !isName(dst[start:]) {
		s.syntax("invalid XML name: " + string(dst[start:]))
		return dst, false
	}
	return dst, true
}

// localName is a name's part after its prefix, as encoding/xml splits
// it: a name with two colons is refused; one with a colon at either end
// has no prefix.
func localName(n []byte) ([]byte, bool) {
	colon := -1
	for i, c := range n {
		if c == ':' {
			if colon >= 0 {
				return nil, false
			}
			colon = i
		}
	}
	if colon <= 0 || colon == len(n)-1 {
		return n, true
	}
	return n[colon+1:], true
}

// nameByte holds the bytes a name is read as: ASCII name characters and
// every byte of a multi-byte UTF-8 sequence (isName checks those).
var nameByte = func() (t [256]bool) {
	for c := range 256 {
		t[c] = c >= utf8.RuneSelf || isNameByte(byte(c))
	}
	return t
}()

// plainByte holds the bytes text is made of that need no decoding or
// checking, and end neither text nor an attribute value.
var plainByte = func() (t [256]bool) {
	for c := range 256 {
		t[c] = c >= 0x20 && c < utf8.RuneSelf || c == '\t' || c == '\n'
	}
	for _, c := range "<&]\"'\r" {
		t[c] = false
	}
	return t
}()

func isNameByte(c byte) bool {
	return 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' ||
		c == '_' || c == ':' || c == '.' || c == '-'
}

// isName checks a name made of name bytes: an ASCII name may not start
// with a digit, '.' or '-'. A name with other characters is rare enough
// to ask encoding/xml, whose Unicode tables are not exported.
func isName(n []byte) bool {
	if len(n) == 0 {
		return false
	}
	ascii := true
	for _, c := range n {
		if c >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if ascii {
		c := n[0]
		return c != '.' && c != '-' && (c < '0' || c > '9')
	}
	_, err := xml.NewDecoder(strings.NewReader("<?" + string(n) + "?>")).RawToken()
	return err == nil
}

// procInst skips a processing instruction after "<?", checking the XML
// declaration's version and encoding as encoding/xml does.
func (s *xmlScanner) procInst() bool {
	var ok bool
	if s.pi, ok = s.name(s.pi[:0]); !ok {
		s.syntax("expected target name after <?")
		return false
	}
	isXML := string(s.pi) == "xml"
	s.space()
	s.pi = s.pi[:0]
	var b0 byte
	for {
		b, ok := s.mustgetc()
		if !ok {
			return false
		}
		if isXML {
			s.pi = append(s.pi, b)
		}
		if b0 == '?' && b == '>' {
			break
		}
		b0 = b
	}
	if !isXML {
		return true
	}
	content := string(s.pi[:len(s.pi)-2])
	if ver := procInstParam("version", content); ver != "" && ver != "1.0" {
		s.err = fmt.Errorf("xml: unsupported version %q; only version 1.0 is supported", ver)
		return false
	}
	if enc := procInstParam("encoding", content); enc != "" && !strings.EqualFold(enc, "utf-8") {
		s.err = fmt.Errorf("xml: encoding %q declared but Decoder.CharsetReader is nil", enc)
		return false
	}
	return true
}

// procInstParam is encoding/xml's procInst: the quoted value of param=
// in a processing instruction's text, or "".
func procInstParam(param, s string) string {
	param = param + "="
	lenp := len(param)
	i := 0
	var sep byte
	for i < len(s) {
		sub := s[i:]
		k := strings.Index(sub, param)
		if k < 0 || lenp+k >= len(sub) {
			return ""
		}
		i += lenp + k + 1
		if c := sub[lenp+k]; c == '\'' || c == '"' {
			sep = c
			break
		}
	}
	if sep == 0 {
		return ""
	}
	j := strings.IndexByte(s[i:], sep)
	if j < 0 {
		return ""
	}
	return s[i : i+j]
}

// markup reads what follows "<!": a comment or a directive, which it
// skips, or the start of a CDATA section (true).
func (s *xmlScanner) markup() (cdata, ok bool) {
	b, ok := s.mustgetc()
	if !ok {
		return false, false
	}
	switch b {
	case '-':
		if b, ok = s.mustgetc(); !ok {
			return false, false
		}
		if b != '-' {
			s.syntax("invalid sequence <!- not part of <!--")
			return false, false
		}
		var b0, b1 byte
		for {
			if b, ok = s.mustgetc(); !ok {
				return false, false
			}
			if b0 == '-' && b1 == '-' {
				if b != '>' {
					s.syntax(`invalid sequence "--" not allowed in comments`)
					return false, false
				}
				return false, true
			}
			b0, b1 = b1, b
		}
	case '[':
		for i := 0; i < 6; i++ {
			if b, ok = s.mustgetc(); !ok {
				return false, false
			}
			if b != "CDATA["[i] {
				s.syntax("invalid <![ sequence")
				return false, false
			}
		}
		return true, true
	}
	// A directive (<!DOCTYPE ...>): up to the '>' outside quotes and
	// nested brackets, with comments inside. The byte after "<!" only
	// counts as text.
	var inquote byte
	depth := 0
	for {
		if b, ok = s.mustgetc(); !ok {
			return false, false
		}
		if inquote == 0 && b == '>' && depth == 0 {
			return false, true
		}
	handle:
		switch {
		case b == inquote:
			inquote = 0
		case inquote != 0:
		case b == '\'' || b == '"':
			inquote = b
		case b == '>':
			depth--
		case b == '<':
			for i := 0; i < 3; i++ {
				if b, ok = s.mustgetc(); !ok {
					return false, false
				}
				if b != "!--"[i] {
					depth++
					goto handle
				}
			}
			var b0, b1 byte
			for {
				if b, ok = s.mustgetc(); !ok {
					return false, false
				}
				if b0 == '-' && b1 == '-' && b == '>' {
					break
				}
				b0, b1 = b1, b
			}
		}
	}
}

// readText appends character data to dst, decoding entities and
// character references and making CR and CRLF a LF: up to the next '<'
// (quote < 0), the closing quote of an attribute value, or "]]>" in a
// CDATA section. The text must be valid UTF-8 of XML characters.
func (s *xmlScanner) readText(dst []byte, quote int, cdata bool) ([]byte, bool) {
	start := len(dst)
	var b0, b1 byte
	trunc := 0
	check := false // a byte that may need checking was added
	for {
		// A run of plain bytes, unless it may end a CRLF or a "]]>".
		if w := s.win[s.pos:]; len(w) > 0 && !cdata && b1 != '\r' && b1 != ']' {
			i := 0
			for i < len(w) && plainByte[w[i]] {
				i++
			}
			if i > 0 {
				dst = append(dst, w[:i]...)
				s.pos += i
				if i >= 2 {
					b0, b1 = w[i-2], w[i-1]
				} else {
					b0, b1 = b1, w[0]
				}
			}
		}
		b, ok := s.getc()
		if !ok {
			if cdata {
				if s.rerr == io.EOF {
					s.syntax("unexpected EOF in CDATA section")
				} else {
					s.readFailed()
				}
				return dst, false
			}
			if quote >= 0 {
				// An attribute value may not end with the input; what
				// was read of it is checked first, as encoding/xml does.
				if !check || s.checkChars(dst[start:]) {
					s.readFailed()
				}
				return dst, false
			}
			break
		}
		if quote < 0 && b0 == ']' && b1 == ']' && b == '>' {
			if cdata {
				trunc = 2
				break
			}
			s.syntax("unescaped ]]> not in CDATA section")
			return dst, false
		}
		if b == '<' && !cdata {
			if quote >= 0 {
				s.syntax("unescaped < inside quoted string")
				return dst, false
			}
			s.ungetc()
			break
		}
		if quote >= 0 && b == byte(quote) {
			break
		}
		check = true
		if b == '&' && !cdata {
			if dst, ok = s.reference(dst); !ok {
				return dst, false
			}
			b0, b1 = 0, 0
			continue
		}
		switch {
		case b == '\r':
			dst = append(dst, '\n')
		case b1 == '\r' && b == '\n':
		default:
			dst = append(dst, b)
		}
		b0, b1 = b1, b
	}
	dst = dst[:len(dst)-trunc]
	return dst, !check || s.checkChars(dst[start:])
}

// reference decodes an entity or character reference after '&'; only
// the five predefined entities are known. A refusal quotes the reference
// as encoding/xml does.
func (s *xmlScanner) reference(dst []byte) ([]byte, bool) {
	ent := append(s.ent[:0], '&')
	defer func() { s.ent = ent }()
	b, ok := s.mustgetc()
	if !ok {
		return dst, false
	}
	if b == '#' {
		ent = append(ent, b)
		if b, ok = s.mustgetc(); !ok {
			return dst, false
		}
		base := uint64(10)
		if b == 'x' {
			base = 16
			ent = append(ent, b)
			if b, ok = s.mustgetc(); !ok {
				return dst, false
			}
		}
		var n uint64
		digits := 0
		for {
			d := uint64(100)
			switch {
			case '0' <= b && b <= '9':
				d = uint64(b - '0')
			case base == 16 && 'a' <= b && b <= 'f':
				d = uint64(b-'a') + 10
			case base == 16 && 'A' <= b && b <= 'F':
				d = uint64(b-'A') + 10
			}
			if d >= base {
				break
			}
			if n = n*base + d; n > unicode.MaxRune {
				n = unicode.MaxRune + 1 // stays too large
			}
			digits++
			ent = append(ent, b)
			if b, ok = s.mustgetc(); !ok {
				return dst, false
			}
		}
		if b != ';' {
			s.ungetc()
		} else if digits > 0 && n <= unicode.MaxRune {
			return utf8.AppendRune(dst, rune(n)), true
		} else {
			ent = append(ent, b)
		}
	} else {
		for nameByte[b] {
			ent = append(ent, b)
			if b, ok = s.mustgetc(); !ok {
				return dst, false
			}
		}
		if b != ';' {
			s.ungetc()
		} else {
			switch string(ent[1:]) {
			case "lt":
				return append(dst, '<'), true
			case "gt":
				return append(dst, '>'), true
			case "amp":
				return append(dst, '&'), true
			case "apos":
				return append(dst, '\''), true
			case "quot":
				return append(dst, '"'), true
			}
			ent = append(ent, b)
		}
	}
	msg := "invalid character entity " + string(ent)
	if b != ';' {
		msg += " (no semicolon)"
	}
	s.syntax(msg)
	return dst, false
}

// checkChars refuses invalid UTF-8 and characters XML does not allow.
func (s *xmlScanner) checkChars(t []byte) bool {
	for i := 0; i < len(t); {
		c := t[i]
		if c < utf8.RuneSelf {
			if c < 0x20 && c != '\t' && c != '\n' && c != '\r' {
				s.syntax(fmt.Sprintf("illegal character code %U", rune(c)))
				return false
			}
			i++
			continue
		}
		r, size := utf8.DecodeRune(t[i:])
		if r == utf8.RuneError && size == 1 {
			s.syntax("invalid UTF-8")
			return false
		}
		if !(r >= 0x20 && r <= 0xD7FF || r >= 0xE000 && r <= 0xFFFD || r >= 0x10000 && r <= 0x10FFFF) {
			s.syntax(fmt.Sprintf("illegal character code %U", r))
			return false
		}
		i += size
	}
	return true
}
