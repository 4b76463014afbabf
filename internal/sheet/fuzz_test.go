package sheet

import (
	"errors"
	"strings"
	"testing"
	"testing/fstest"
	"unicode/utf8"

	"github.com/opsreport/opsreport/internal/diag"
)

// FuzzReadCSV: any input is either refused with a diagnostic naming the
// file, or read into rows that are consistent: increasing record lines,
// cells in column order on or after their record's line, non-blank valid
// UTF-8 text, and the same rows on a second read.
func FuzzReadCSV(f *testing.F) {
	for _, seed := range []string{
		"month,arr\n2026-01,1\n",
		"\xef\xbb\xbfa;b\r\n1;2\r\n",
		"\xff\xfea\x00,\x00b\x00",
		"title, x\nmonth;v\n\"a\nb\";\"1,5\"\r3;4\r",
		"a,b\"c,\"d\"\"e\"\n,,\n",
		"caf\xe9\t\x80\n",
		"\"unterminated,\n",
		"\x00\x01binary",
		"",
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		fsys := fstest.MapFS{"data/f.csv": {Data: data}}
		b, err := Open(fsys, "data/f.csv")
		if err != nil {
			var d diag.Diagnostic
			if !errors.As(err, &d) || d.Pos.File != "data/f.csv" {
				t.Fatalf("not a diagnostic about the file: %v", err)
			}
			return
		}
		first := csvDump(t, b.Sheets[0])
		if second := csvDump(t, b.Sheets[0]); first != second {
			t.Fatalf("two reads differ:\n%s\n%s", first, second)
		}
	})
}

func csvDump(t *testing.T, s *Sheet) string {
	var sb strings.Builder
	last := 0
	for r := range s.Rows() {
		if r.Num <= last || len(r.Cells) == 0 {
			t.Fatalf("row %d after %d, %d cells", r.Num, last, len(r.Cells))
		}
		last = r.Num
		col := 0
		for _, c := range r.Cells {
			if c.Col <= col || c.Row < r.Num || c.Kind != Text || strings.TrimSpace(c.Text) == "" || !utf8.ValidString(c.Text) || strings.ContainsRune(c.Text, '\r') {
				t.Fatalf("row %d: bad cell %+v", r.Num, c)
			}
			col = c.Col
			sb.WriteString(s.CellPos(c).String() + "=" + c.Text + "\n")
		}
	}
	if err := s.Err(); err != nil {
		t.Fatalf("accepted file failed while reading: %v", err)
	}
	return sb.String()
}
