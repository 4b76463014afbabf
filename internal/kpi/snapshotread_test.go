package kpi

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"unsafe"

	"github.com/opsreport/opsreport/internal/diag"
)

// csvRecords are a snapshot's records through encoding/csv, as
// ReadSnapshotCSV read them before snapshotRows: the reference the
// hand-cut records must match, figures and messages alike.
type csvRecords struct{ cr *csv.Reader }

func (r csvRecords) next() ([]string, int, error) {
	rec, err := r.cr.Read()
	if errors.Is(err, io.EOF) {
		return nil, 0, err
	}
	// FieldPos(0) is the record's first line, but panics when the error
	// is in its first field: the old code reported such a snapshot as an
	// internal error. StartLine is that line too.
	if pe := (*csv.ParseError)(nil); errors.As(err, &pe) && !errors.Is(err, csv.ErrFieldCount) {
		return rec, pe.StartLine, err
	}
	line, _ := r.cr.FieldPos(0)
	return rec, line, err
}

func readSnapshotWithCSV(file string, src []byte, c *Catalog, fiscalStart int, d *diag.List) []Figure {
	cr := csv.NewReader(bytes.NewReader(src))
	cr.FieldsPerRecord = len(SnapshotHeader)
	return readSnapshot(file, csvRecords{cr}, 0, c, fiscalStart, d)
}

// sameSnapshotRead fails t when ReadSnapshotCSV and the encoding/csv
// reference differ on src: the figures, or the messages.
func sameSnapshotRead(t *testing.T, name string, src []byte) {
	t.Helper()
	cat := NewCatalog(&KPI{ID: "nps", Name: "NPS"}, &KPI{ID: "arr", Name: "ARR"})
	var got, want diag.List
	g := ReadSnapshotCSV("snap.csv", src, cat, 4, &got)
	w := readSnapshotWithCSV("snap.csv", src, cat, 4, &want)
	if len(g) == 0 && len(w) == 0 {
		g, w = nil, nil
	}
	if !reflect.DeepEqual(g, w) {
		t.Errorf("%s: figures differ from encoding/csv's:\n got %+v\nwant %+v", name, g, w)
	}
	if gs, ws := got.Items(), want.Items(); !reflect.DeepEqual(gs, ws) {
		t.Errorf("%s: messages differ from encoding/csv's:\n got %v\nwant %v", name, gs, ws)
	}
}

var snapshotCases = func() map[string]string {
	head := strings.Join(SnapshotHeader, ",") + "\n"
	row := "nps,2026-01,1,2,,,,,,,,,,,,,,green,1,,,0,"
	return map[string]string{
		"plain":                  head + row + "\n" + strings.Replace(row, "2026-01", "2026-02", 1) + "\n",
		"no final newline":       head + row,
		"empty lines":            head + "\n\n" + row + "\n\n",
		"crlf":                   strings.ReplaceAll(head+row+"\n"+row+"\n", "\n", "\r\n"),
		"crlf on one line":       head + row + "\r\n" + row + "\n",
		"quoted comment":         head + row + "\"a, \"\"quoted\"\" comment\"\n" + row + "\n",
		"quoted across lines":    head + row + "\"two\nlines\"\n" + strings.Replace(row, "1,2", "3,4", 1) + "bad,\n",
		"a field short":          head + row + "\n" + strings.TrimSuffix(row, ",") + "\n",
		"a field over":           head + row + ",\n",
		"a field over, quoted":   head + row + "\"x\",\"y\"\n",
		"bare quote":             head + row + "\n" + row + "a\"b\n",
		"unterminated quote":     head + row + "\"never ends\n" + row + "\n",
		"quote then bad number":  head + row + "\"q\"\n" + strings.Replace(row, ",1,2,", ",x,2,", 1) + "\n",
		"header only":            head,
		"bad header":             "kpi,period\n" + row + "\n",
		"quoted header":          "\"kpi\"" + strings.TrimPrefix(head, "kpi") + row + "\n",
		"unknown KPI":            head + strings.Replace(row, "nps", "gone", 1) + "\n",
		"quarter":                head + strings.Replace(row, "2026-01", "2026-Q3", 1) + "\n",
		"lone carriage return":   head + row + "a\rb\n",
		"formula comment":        head + row + "'=1+2\n",
		"spaces kept":            head + " nps,2026-01,1,,,,,,,,,,,,,,,green,1,,,0, x \n",
		"empty file":             "",
		"newline only":           "\n",
		"quote at end of file":   head + row + "\"",
		"crlf empty line":        head + "\r\n" + row + "\n",
		"quoted then field over": head + row + "\"x\"\n" + row + ",\n",
		"bare quote first field": head + "np\"s,2026-01\n",
	}
}()

// TestSnapshotRowsMatchEncodingCSV: records cut by hand and those read by
// encoding/csv give the same figures and the same messages, at the same
// lines, for what close writes and for damaged files.
func TestSnapshotRowsMatchEncodingCSV(t *testing.T) {
	for name, src := range snapshotCases {
		sameSnapshotRead(t, name, []byte(src))
	}
}

// TestSnapshotKeepsNoPointerIntoTheFile: comments and unknown KPIs' ids
// are copied out of the file's text, and statuses are the constants, so
// the figures kept of a snapshot (a closed review's rows at its period) do
// not hold the whole file in memory. Two strings cut from one copy of the file lie as far apart as
// they do in the file; copied out, they do not.
func TestSnapshotKeepsNoPointerIntoTheFile(t *testing.T) {
	head := strings.Join(SnapshotHeader, ",") + "\n"
	src := head + "gone,2026-01,1,,,,,,,,,,,,,,,green,1,,,0,first comment\n" +
		"lost,2026-01,1,,,,,,,,,,,,,,,green,1,,,0,second comment\n"
	var d diag.List
	figs := ReadSnapshotCSV("snap.csv", []byte(src), NewCatalog(), 1, &d)
	if len(figs) != 2 || d.HasErrors() {
		t.Fatal(figs, d.Items())
	}
	apart := func(a, b string) int {
		return int(uintptr(unsafe.Pointer(unsafe.StringData(b))) - uintptr(unsafe.Pointer(unsafe.StringData(a))))
	}
	if apart(figs[0].Comment, figs[1].Comment) == strings.Index(src, "second comment")-strings.Index(src, "first comment") {
		t.Error("the comments point into one copy of the file")
	}
	if apart(figs[0].KPI.ID, figs[1].KPI.ID) == strings.Index(src, "lost")-strings.Index(src, "gone") {
		t.Error("the unknown KPIs' ids point into one copy of the file")
	}
	if apart(string(figs[0].Status), string(figs[1].Status)) == strings.Index(src, "green,1,,,0,second")-strings.Index(src, "green,1,,,0,first") {
		t.Error("the statuses point into one copy of the file")
	}
}

// FuzzSnapshotRows compares ReadSnapshotCSV with the encoding/csv
// reference on any input.
func FuzzSnapshotRows(f *testing.F) {
	for _, src := range snapshotCases {
		f.Add([]byte(src))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		sameSnapshotRead(t, "fuzz", src)
	})
}

// TestSnapshotRowsOnADemoSnapshot reads a large snapshot, when
// OPSREPORT_SNAPSHOT names one, both ways.
func TestSnapshotRowsOnADemoSnapshot(t *testing.T) {
	name := os.Getenv("OPSREPORT_SNAPSHOT")
	if name == "" {
		t.Skip("set OPSREPORT_SNAPSHOT to a snapshot.csv")
	}
	src, err := os.ReadFile(filepath.Clean(name))
	if err != nil {
		t.Fatal(err)
	}
	sameSnapshotRead(t, name, src)
}

// BenchmarkReadSnapshotCSV reads back the snapshot of a review ten years
// into a site of 500 KPIs (60,000 rows, about 8 MB), as a build reads each
// closed review's: the rows, then the figures by KPI.
func BenchmarkReadSnapshotCSV(b *testing.B) {
	var kpis []*KPI
	points := map[string][]Point{}
	for i := range 500 {
		k := &KPI{ID: fmt.Sprintf("kpi_%03d", i), Name: fmt.Sprint("KPI ", i), Unit: UnitNumber, Direction: Up, Aggregate: Sum, Target: Some(100)}
		kpis = append(kpis, k)
		for m := range 120 {
			points[k.ID] = append(points[k.ID], Point{Period: Period{2016, 1}.Add(m), Actual: Some(90 + float64((i*7+m*13)%23) + 0.25), Budget: Some(95)})
		}
	}
	cat := NewCatalog(kpis...)
	var src bytes.Buffer
	if err := WriteSnapshotCSV(&src, Compute(NewStore(cat, points), 4).All()); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(src.Len()))
	for b.Loop() {
		var d diag.List
		figs := ReadSnapshotCSV("snapshot.csv", src.Bytes(), cat, 4, &d)
		if len(figs) != 60000 || d.HasErrors() {
			b.Fatal(len(figs), d.Items())
		}
		NewFigures(figs)
	}
}

// TestAppendFigureCSVMatchesTheCSVWriter: the hand-made figures.csv line
// is a csv.Writer's, for ordinary figures and for ids a writer quotes.
func TestAppendFigureCSVMatchesTheCSVWriter(t *testing.T) {
	k := func(id string) *KPI { return &KPI{ID: id} }
	figs := []Figure{
		{KPI: k("arr"), Period: Period{2026, 1}, Actual: Some(1234.5), Target: Some(-0.25), MoMPct: Some(5.55555555555556), Status: Green, Streak: 12},
		{KPI: k("nps"), Quarter: Quarter{2026, 3}, Period: Period{2026, 9}, VsTarget: Some(1e21), YTD: Some(1e-7), Status: StatusNone},
		{KPI: k("neg_zero"), Period: Period{2026, 2}, Actual: Some(math.Copysign(0, -1)), Streak: -1},
	}
	for _, id := range []string{"a,b", `say "hi"`, " lead", "\vtab", "tail ", "line\nbreak", `\.`, "é", "\u00a0nbsp", ""} {
		figs = append(figs, Figure{KPI: k(id), Period: Period{2026, 3}, Actual: Some(1)})
	}
	for _, f := range figs {
		var want bytes.Buffer
		cw := csv.NewWriter(&want)
		cw.Write(FigureRecord(f))
		cw.Flush()
		if got := AppendFigureCSV(nil, f); string(got) != want.String() {
			t.Errorf("%q: got %q, want %q", f.KPI.ID, got, want.String())
		}
	}
}

var decimalCases = []string{"0", "-0", "1", "-1", "12.5", "-12.5", "0.000125", "1234567.25", "5.55555555555556",
	"123456789012345", "1234567890123456", "0.1", "0.3", "5.", ".5", ".", "-", "", "+1", "1e5", "1_000", "0x10",
	"00012.500", "-0.0", "1.2.3", "0.0000000000000000000001", "0.00000000000000000000001", "999999999999999.9",
	"9007199254740993", "Inf", "NaN", " 1", "1 ", "4.35", "2.675", "1.005", "0.000000000000000000000"}

// TestParseDecimalIsParseFloat: where parseDecimal reads a number, it is
// the float64 strconv.ParseFloat reads, bit for bit.
func TestParseDecimalIsParseFloat(t *testing.T) {
	fast := 0
	for _, s := range decimalCases {
		if sameAsParseFloat(t, s) {
			fast++
		}
	}
	if fast < 20 {
		t.Errorf("parseDecimal read only %d of the cases: the fast path is not taken", fast)
	}
	// Numbers as close writes them: shortest round trip, and the 15
	// significant digits the figures are computed to, over many scales.
	rng := rand.New(rand.NewPCG(1, 2))
	for range 200000 {
		v := (rng.Float64() - 0.3) * math.Pow(10, float64(rng.IntN(24)-10))
		r, _ := strconv.ParseFloat(strconv.FormatFloat(v, 'g', 15, 64), 64)
		for _, x := range []float64{v, r, math.Round(v*100) / 100} {
			sameAsParseFloat(t, strconv.FormatFloat(x, 'f', -1, 64))
		}
	}
}

func sameAsParseFloat(t *testing.T, s string) bool {
	t.Helper()
	got, ok := parseDecimal(s)
	if !ok {
		return false
	}
	want, err := strconv.ParseFloat(s, 64)
	if err != nil || math.Float64bits(got) != math.Float64bits(want) {
		t.Errorf("parseDecimal(%q) = %v (%#x), ParseFloat gives %v (%#x), %v", s, got, math.Float64bits(got), want, math.Float64bits(want), err)
	}
	return true
}

// FuzzParseDecimal compares parseDecimal with strconv.ParseFloat.
func FuzzParseDecimal(f *testing.F) {
	for _, s := range decimalCases {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) { sameAsParseFloat(t, s) })
}
