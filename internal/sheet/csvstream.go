package sheet

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"io/fs"
	"path"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
)

// streamSize is the size from which a CSV file is streamed from its file
// rather than read into memory: an export of millions of records (a
// records source's tickets) is read at a constant few megabytes.
const streamSize = 64 << 20

// sniffSize is how much of a streamed file decides its encoding and
// delimiter.
const sniffSize = 64 << 10

// csvStream is a large CSV file read straight from the file system. Its
// encoding and delimiter are decided from the first 64 KB; a field that is
// not UTF-8 further on is read as Windows-1252. Unlike a file read whole,
// a bare quote is not retried leniently: it is an error at its line.
type csvStream struct {
	fsys   fs.FS
	name   string
	utf16  bool
	cp1252 bool // the head is not UTF-8: the whole file is Windows-1252
	bom    int  // bytes of byte-order mark to skip
	comma  rune
}

// openCSVStream opens a large CSV file for streaming.
func openCSVStream(fsys fs.FS, name string) (*Book, error) {
	head, err := readHead(fsys, name)
	if err != nil {
		return nil, err
	}
	cs := &csvStream{fsys: fsys, name: name}
	switch {
	case bytes.HasPrefix(head, bomUTF8):
		cs.bom = len(bomUTF8)
	case bytes.HasPrefix(head, bomUTF16LE), bytes.HasPrefix(head, bomUTF16BE):
		cs.utf16 = true
	}
	sample, err := cs.sample(head)
	if err != nil {
		return nil, err
	}
	if strings.TrimSpace(sample) == "" {
		return nil, fileProblem(name, "has no data: every line is empty")
	}
	cs.comma = sniffDelimiter(sample)
	s := &Sheet{File: name, Name: strings.TrimSuffix(path.Base(name), path.Ext(name)), CSV: true}
	s.rows = func(yield func(Row) bool) error { return csvProblem(s, cs.stream(s, yield)) }
	return &Book{File: name, Sheets: []*Sheet{s}}, nil
}

func readHead(fsys fs.FS, name string) ([]byte, error) {
	f, err := fsys.Open(name)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	defer f.Close()
	head, err := io.ReadAll(io.LimitReader(f, sniffSize))
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	return head, nil
}

// sample is the head decoded as the whole file will be, for sniffing.
func (cs *csvStream) sample(head []byte) (string, error) {
	data := head[cs.bom:]
	if cs.utf16 {
		d, _, err := transform.Bytes(unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM).NewDecoder(), data)
		if err != nil && len(d) == 0 {
			return "", fileProblem(cs.name, "is not a text CSV file (broken UTF-16)")
		}
		data = d
	}
	if isBinary(data) {
		return "", fileProblem(cs.name, "is not a text CSV file (binary content)")
	}
	if !cs.utf16 && !utf8.Valid(trimPartialRune(data)) {
		cs.cp1252 = true
		data, _ = charmap.Windows1252.NewDecoder().Bytes(data)
	}
	data = bytes.ReplaceAll(data, []byte("\r\n"), []byte("\n"))
	return string(bytes.ReplaceAll(data, []byte("\r"), []byte("\n"))), nil
}

// trimPartialRune drops an incomplete UTF-8 sequence cut at the end of a
// head read.
func trimPartialRune(b []byte) []byte {
	for i := 0; i < utf8.UTFMax && i < len(b); i++ {
		if utf8.RuneStart(b[len(b)-1-i]) {
			if !utf8.FullRune(b[len(b)-1-i:]) {
				return b[:len(b)-1-i]
			}
			break
		}
	}
	return b
}

// stream reads the file from the start, yielding each record with a value.
func (cs *csvStream) stream(s *Sheet, yield func(Row) bool) error {
	f, err := cs.fsys.Open(cs.name)
	if err != nil {
		return fmt.Errorf("read %s: %w", cs.name, err)
	}
	defer f.Close()
	br := bufio.NewReaderSize(f, 1<<20)
	if _, err := br.Discard(cs.bom); err != nil {
		return err
	}
	var in io.Reader = br
	switch {
	case cs.utf16:
		in = transform.NewReader(br, unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM).NewDecoder())
	case cs.cp1252:
		in = transform.NewReader(br, charmap.Windows1252.NewDecoder())
	}
	r := csv.NewReader(&lineBreaks{r: in})
	r.Comma = cs.comma
	r.FieldsPerRecord = -1
	r.ReuseRecord = true
	return walkRecords(s, r, latin1Fields, yield)
}

// latin1Fields reads a field that is not UTF-8 as Windows-1252: the
// encoding of a streamed file is judged from its head, field by field
// after it.
func latin1Fields(cells []Cell) {
	for i := range cells {
		if !utf8.ValidString(cells[i].Text) {
			cells[i].Text, _ = charmap.Windows1252.NewDecoder().String(cells[i].Text)
		}
	}
}

// lineBreaks turns CRLF and a lone CR (old Mac Excel) into LF as the bytes
// stream by, across reads.
//
// It also follows the quotes: a quoted field that runs on for more than
// maxFieldBytes (a quote never closed) ends the stream with an error at the
// line where it opened, rather than encoding/csv gathering the rest of a
// large file into one field in memory.
type lineBreaks struct {
	r      io.Reader
	sawCR  bool // the last byte handed out was a CR turned into LF
	line   int  // the line being read, from 1
	quoted bool // inside a quoted field
	opened int  // the line its quote opened on
	run    int  // bytes inside it so far
}

var newline = []byte{'\n'}

// errRunaway is a quoted field that never closes.
type errRunaway struct{ line int }

func (e errRunaway) Error() string {
	return fmt.Sprintf("a quoted field opened on line %d runs on for over %d MB: is a quote never closed?", e.line, maxFieldBytes>>20)
}

func (lb *lineBreaks) Read(p []byte) (int, error) {
	if lb.line == 0 {
		lb.line = 1
	}
	for {
		n, err := lb.r.Read(p)
		// Most chunks have no CR and no quote: only their lines counted.
		if chunk := p[:n]; !lb.sawCR && !lb.quoted && bytes.IndexByte(chunk, '\r') < 0 && bytes.IndexByte(chunk, '"') < 0 {
			lb.line += bytes.Count(chunk, newline)
			if n > 0 || err != nil {
				return n, err
			}
			continue
		}
		out := 0
		for _, c := range p[:n] {
			switch {
			case c == '\n' && lb.sawCR:
				lb.sawCR = false
				continue
			case c == '\r':
				c = '\n'
				lb.sawCR = true
			default:
				lb.sawCR = false
			}
			if err := lb.follow(c); err != nil {
				return out, err
			}
			p[out] = c
			out++
		}
		if out > 0 || err != nil {
			return out, err
		}
	}
}

// follow counts lines and the length of the quoted field c is in.
func (lb *lineBreaks) follow(c byte) error {
	switch {
	case c == '"':
		lb.quoted = !lb.quoted
		lb.opened, lb.run = lb.line, 0
	case lb.quoted:
		if lb.run++; lb.run > maxFieldBytes+1 {
			return errRunaway{lb.opened}
		}
	}
	if c == '\n' {
		lb.line++
	}
	return nil
}
