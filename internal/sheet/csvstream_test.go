package sheet

import (
	"io"
	"io/fs"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"
	"testing/iotest"
)

// A streamed CSV file reads as the same rows as one read whole: every
// corpus CSV file, and line breaks split across reads. One exception:
// 211.csv is Windows-1252 whose first 64 KB are ASCII; streamed, its
// encoding is judged field by field, and one field's bytes (CC B1) happen
// to be valid UTF-8.
func TestStreamedCSVReadsAsWhole(t *testing.T) {
	fsys := corpusFS(t)
	matches, _ := fs.Glob(fsys, "*.*sv")
	if len(matches) < 5 {
		t.Fatalf("corpus CSV files: %v", matches)
	}
	for _, name := range matches {
		whole, err := Open(fsys, name)
		if err != nil {
			continue // refused whole: the stream refuses or fails too
		}
		wantRows, wantErr := collectRows(whole.Sheets[0])
		streamed, err := openCSVStream(fsys, name)
		if err != nil {
			t.Errorf("%s: streamed: %v", name, err)
			continue
		}
		gotRows, gotErr := collectRows(streamed.Sheets[0])
		if gotErr != nil || wantErr != nil {
			t.Errorf("%s: errors whole %v, streamed %v", name, wantErr, gotErr)
			continue
		}
		if !reflect.DeepEqual(gotRows, wantRows) && name != "messytables__211.csv" {
			t.Errorf("%s: streamed rows differ from the whole file's (%d and %d rows)", name, len(gotRows), len(wantRows))
		}
	}
}

func collectRows(s *Sheet) ([]Row, error) {
	var rows []Row
	for r := range s.Rows() {
		r.Cells = append([]Cell(nil), r.Cells...)
		rows = append(rows, r)
	}
	return rows, s.Err()
}

func TestLineBreaksAcrossReads(t *testing.T) {
	in := "a\r\nb\rc\n\r\rd\r"
	got, err := io.ReadAll(&lineBreaks{r: iotest.OneByteReader(strings.NewReader(in))})
	if err != nil || string(got) != "a\nb\nc\n\n\nd\n" {
		t.Errorf("got %q, %v", got, err)
	}
}

// A streamed file too short to hold a value is refused at once.
func TestStreamedCSVEmpty(t *testing.T) {
	_, err := openCSVStream(fstest.MapFS{"data/x.csv": {Data: []byte("\r\n  \n")}}, "data/x.csv")
	if err == nil || err.Error() != "data/x.csv: has no data: every line is empty" {
		t.Errorf("got %v", err)
	}
}

// An unclosed quote in a streamed file is an error at its line once the
// field passes the field limit, not the rest of the file read into memory.
func TestStreamedRunawayQuote(t *testing.T) {
	var b strings.Builder
	b.WriteString("a,b\n1,2\n3,\"never closed\n")
	for b.Len() < maxFieldBytes+4096 {
		b.WriteString("4,5\n")
	}
	bk, err := openCSVStream(fstest.MapFS{"data/x.csv": {Data: []byte(b.String())}}, "data/x.csv")
	if err != nil {
		t.Fatal(err)
	}
	_, err = collectRows(bk.Sheets[0])
	want := "data/x.csv:3: is not valid CSV: a quoted field opened on line 3 runs on for over 1 MB: is a quote never closed?"
	if err == nil || err.Error() != want {
		t.Errorf("got %v\nwant %s", err, want)
	}
}
