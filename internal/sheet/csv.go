package sheet

import (
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"path"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
)

// csvFile is a decoded CSV text with the dialect found for it.
type csvFile struct {
	text  string // UTF-8, every line break a single LF
	comma rune
	lazy  bool // bare quotes in unquoted fields are taken literally
}

// openCSV reads a CSV file whose bytes are data. The encoding and the
// delimiter are detected; the whole file is checked once here so that a
// problem with it is reported by Open rather than halfway through Rows.
func openCSV(name string, data []byte) (*Book, error) {
	text, err := decodeCSV(name, data)
	if err != nil {
		return nil, err
	}
	cf := &csvFile{text: text, comma: sniffDelimiter(text)}
	s := &Sheet{File: name, Name: strings.TrimSuffix(path.Base(name), path.Ext(name)), CSV: true}
	s.rows = func(yield func(Row) bool) error { return cf.stream(s, yield) }
	if err := cf.check(s); err != nil {
		return nil, err
	}
	return &Book{File: name, Sheets: []*Sheet{s}}, nil
}

var (
	bomUTF8    = []byte{0xEF, 0xBB, 0xBF}
	bomUTF16LE = []byte{0xFF, 0xFE}
	bomUTF16BE = []byte{0xFE, 0xFF}
)

// decodeCSV turns the file into UTF-8 text: UTF-8 with or without a BOM,
// UTF-16 with a BOM, otherwise Windows-1252 (Excel's "CSV" on Windows).
// Line breaks become LF: encoding/csv takes a lone CR (old Mac Excel) for
// an ordinary character.
func decodeCSV(name string, data []byte) (string, error) {
	var err error
	switch {
	case bytes.HasPrefix(data, bomUTF8):
		data = data[len(bomUTF8):]
	case bytes.HasPrefix(data, bomUTF16LE), bytes.HasPrefix(data, bomUTF16BE):
		data, err = unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM).NewDecoder().Bytes(data)
		if err != nil {
			return "", fileProblem(name, "is not a text CSV file (broken UTF-16)")
		}
	}
	if isBinary(data) {
		return "", fileProblem(name, "is not a text CSV file (binary content)")
	}
	if !utf8.Valid(data) {
		if data, err = charmap.Windows1252.NewDecoder().Bytes(data); err != nil {
			return "", fileProblem(name, "is not a text CSV file (unknown encoding)")
		}
	}
	data = bytes.ReplaceAll(data, []byte("\r\n"), []byte("\n"))
	data = bytes.ReplaceAll(data, []byte("\r"), []byte("\n"))
	return string(data), nil
}

// isBinary reports NUL bytes anywhere, or more than one byte in ten of
// the first 64 KB being a control character no text file has.
func isBinary(data []byte) bool {
	if bytes.IndexByte(data, 0) >= 0 {
		return true
	}
	head := data[:min(len(data), 64<<10)]
	controls := 0
	for _, c := range head {
		if c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' || c == 0x7F {
			controls++
		}
	}
	return controls*10 > len(head)
}

// sniffDelimiter picks ',', ';' or tab: the one that splits the most
// records of the first 64 KB into the same number of fields. Counting the
// records that agree, rather than looking at line 1, keeps title lines
// ("Statistics, 2024") from deciding.
func sniffDelimiter(text string) rune {
	sample := text[:min(len(text), 64<<10)]
	best, bestScore := ',', 0
	for _, d := range []byte{',', ';', '\t'} {
		if score := agreement(delimiterCounts(sample, d)); score > bestScore {
			best, bestScore = rune(d), score
		}
	}
	return best
}

// delimiterCounts counts d outside quotes in each record of sample.
func delimiterCounts(sample string, d byte) []int {
	var counts []int
	n, quoted := 0, false
	for i := 0; i < len(sample); i++ {
		switch c := sample[i]; {
		case c == '"':
			quoted = !quoted
		case c == d && !quoted:
			n++
		case c == '\n' && !quoted:
			counts = append(counts, n)
			n = 0
		}
	}
	return append(counts, n)
}

// agreement is how many records share the commonest non-zero count.
func agreement(counts []int) int {
	freq := map[int]int{}
	best := 0
	for _, n := range counts {
		if n > 0 {
			freq[n]++
			best = max(best, freq[n])
		}
	}
	return best
}

func (cf *csvFile) reader() *csv.Reader {
	r := csv.NewReader(strings.NewReader(cf.text))
	r.Comma = cf.comma
	r.FieldsPerRecord = -1
	r.LazyQuotes = cf.lazy
	r.ReuseRecord = true
	return r
}

// check reads the whole file once: it refuses a broken quoted field, decides
// whether quotes must be read leniently (a bare quote in an unquoted field,
// common in hand-made exports), and refuses huge fields and files with no
// value at all. Quoted fields are checked first and on their own: lenient
// reading takes an unclosed quote for text and swallows every later line into
// one field, so it is only safe once every quoted field is known to close.
func (cf *csvFile) check(s *Sheet) error {
	if err := checkQuotes(s, cf.text, byte(cf.comma)); err != nil {
		return err
	}
	err := cf.scan(s)
	var pe *csv.ParseError
	if errors.As(err, &pe) && errors.Is(pe.Err, csv.ErrBareQuote) {
		cf.lazy = true
		err = cf.scan(s)
	}
	return csvProblem(s, err)
}

// checkQuotes walks text as encoding/csv does and reports the first quoted
// field that is never closed, or whose closing quote is followed by more
// text, at the line and field where it opens. Quotes inside unquoted fields
// are left to the reader. The delimiters sniffDelimiter picks are one byte.
func checkQuotes(s *Sheet, text string, comma byte) error {
	line, field := 1, 1
	for i := 0; i <= len(text); i++ {
		if i < len(text) && text[i] == '"' {
			end, ok := closeQuote(text, i+1, comma)
			if !ok {
				return quoteProblem(s, line, field, text[:end], end == len(text))
			}
			line += strings.Count(text[i:end], "\n")
			i = end
		} else {
			i = skipUnquoted(text, i, comma)
		}
		if i >= len(text) {
			break
		}
		if text[i] == '\n' {
			line, field = line+1, 1
		} else {
			field++
		}
	}
	return nil
}

// closeQuote finds the end of a quoted field whose text starts at i: the
// index just past its closing quote, and whether that quote ends the field.
// A field never closed ends at len(text).
func closeQuote(text string, i int, comma byte) (int, bool) {
	for {
		k := strings.IndexByte(text[i:], '"')
		if k < 0 {
			return len(text), false
		}
		i += k + 1
		switch {
		case i == len(text) || text[i] == comma || text[i] == '\n':
			return i, true
		case text[i] != '"':
			return i, false
		}
		i++
	}
}

// skipUnquoted returns the index of the delimiter or line break that ends
// the unquoted field starting at i, or len(text).
func skipUnquoted(text string, i int, comma byte) int {
	for ; i < len(text); i++ {
		if text[i] == comma || text[i] == '\n' {
			return i
		}
	}
	return i
}

// quoteProblem reports a quoted field opened at line and field; upToEnd is
// the text up to where reading it stopped.
func quoteProblem(s *Sheet, line, field int, upToEnd string, unclosed bool) error {
	if unclosed {
		return s.problem(line, field, "is not valid CSV: the quoted field that opens here is never closed")
	}
	at := strings.Count(upToEnd, "\n") + 1
	return s.problem(line, field, "is not valid CSV: the quoted field that opens here has text after its closing quote on line %d (a quote inside a quoted field is written \"\")", at)
}

func (cf *csvFile) scan(s *Sheet) error {
	hasData := false
	err := cf.walk(s, func(Row) bool { hasData = true; return true })
	if err == nil && !hasData {
		return fileProblem(s.File, "has no data: every line is empty")
	}
	return err
}

// stream yields each record with a value as a Row whose cells are the
// non-blank fields.
func (cf *csvFile) stream(s *Sheet, yield func(Row) bool) error {
	return csvProblem(s, cf.walk(s, yield))
}

// walk is stream with encoding/csv's own errors, for check to look at.
func (cf *csvFile) walk(s *Sheet, yield func(Row) bool) error {
	return walkRecords(s, cf.reader(), nil, yield)
}

// walkRecords yields each record of r with a value as a Row; fix, when
// given, mends a row's cells before they are yielded.
func walkRecords(s *Sheet, r *csv.Reader, fix func([]Cell), yield func(Row) bool) error {
	var cells []Cell
	for {
		rec, err := r.Read()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		cells, err = recordCells(s, r, rec, cells[:0])
		if err != nil {
			return err
		}
		if len(cells) == 0 {
			continue
		}
		if fix != nil {
			fix(cells)
		}
		line, _ := r.FieldPos(0)
		if !yield(Row{Num: line, Cells: cells}) {
			return nil
		}
	}
}

func recordCells(s *Sheet, r *csv.Reader, rec []string, cells []Cell) ([]Cell, error) {
	for i, f := range rec {
		line, _ := r.FieldPos(i)
		if len(f) > maxFieldBytes {
			return nil, s.problem(line, i+1, "field is over %d MB", maxFieldBytes>>20)
		}
		if strings.TrimSpace(f) == "" {
			continue
		}
		cells = append(cells, Cell{Row: line, Col: i + 1, Kind: Text, Text: f})
	}
	return cells, nil
}

// csvProblem turns an encoding/csv error into a diagnostic at its line.
// The Sheet's positions name fields, the parser's name bytes, so only the
// line is given.
func csvProblem(s *Sheet, err error) error {
	var pe *csv.ParseError
	var runaway errRunaway
	switch {
	case err == nil:
		return nil
	case errors.As(err, &runaway):
		return s.problem(runaway.line, 0, "is not valid CSV: %v", runaway)
	case errors.As(err, &pe):
		return s.problem(pe.StartLine, 0, "is not valid CSV: %v", pe.Err)
	}
	return asDiagnostic(s.File, err)
}
