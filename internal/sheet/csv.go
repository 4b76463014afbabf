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

// check reads the whole file once: it decides whether quotes must be read
// leniently (a bare quote in an unquoted field, common in hand-made
// exports), and refuses huge fields and files with no value at all.
func (cf *csvFile) check(s *Sheet) error {
	err := cf.scan(s)
	var pe *csv.ParseError
	if errors.As(err, &pe) && (errors.Is(pe.Err, csv.ErrBareQuote) || errors.Is(pe.Err, csv.ErrQuote)) {
		cf.lazy = true
		err = cf.scan(s)
	}
	return csvProblem(s, err)
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
	r := cf.reader()
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
	switch {
	case err == nil:
		return nil
	case errors.As(err, &pe):
		return s.problem(pe.StartLine, 0, "is not valid CSV: %v", pe.Err)
	}
	return asDiagnostic(s.File, err)
}
