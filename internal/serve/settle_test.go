package serve

import (
	"archive/zip"
	"bytes"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

// TestWorkbookWrittenInPiecesBuildsOnceWhole is a spreadsheet program
// saving a 2 MB workbook in place, slowly: no build may read it half
// written, so no error reaches the browser, and the saved figures are
// served once it is whole. The settle time is longer than the test, so
// only the workbook's completeness can release it: pauses of a loaded
// machine between the pieces cannot.
func TestWorkbookWrittenInPiecesBuildsOnceWhole(t *testing.T) {
	dir := writeSite(t, "site")
	moveUptimeToWorkbook(t, dir, "99.95")
	s, out := startWith(t, Config{Dir: dir, Settle: time.Hour, MaxSettle: time.Hour})
	st := openStream(t, s)
	st.next(t, "hello")
	before := status(t, s).Builds

	book := uptimeWorkbook(t, "99.1")
	f, err := os.OpenFile(filepath.Join(dir, "data", "uptime.xlsx"), os.O_WRONLY|os.O_TRUNC, 0)
	if err != nil {
		t.Fatal(err)
	}
	const piece = 64 << 10
	for off := 0; off < len(book); off += piece {
		if _, err := f.Write(book[off:min(off+piece, len(book))]); err != nil {
			t.Fatal(err)
		}
		time.Sleep(20 * time.Millisecond) // longer than the debounce: each piece is a batch of its own
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}

	var m reloadMsg
	st.next(t, "reload").decode(t, &m)
	if _, body := get(t, s, "/kpis/uptime/"); !strings.Contains(body, "99.10%") {
		t.Error("the KPI page does not show the saved workbook's value")
	}
	if got := status(t, s).Builds - before; got != 1 {
		t.Errorf("%d builds while the workbook was written, want 1:\n%s", got, out)
	}
	if strings.Contains(out.String(), "damaged") || strings.Contains(out.String(), "failed") {
		t.Errorf("the terminal shows a half-written workbook:\n%s", out)
	}
}

// TestDamagedWorkbookShowsOnceSettled: a file that is not a workbook at
// all is still an error, shown once it has stopped changing.
func TestDamagedWorkbookShowsOnceSettled(t *testing.T) {
	dir := writeSite(t, "site")
	s, _ := startWith(t, Config{Dir: dir, Settle: 50 * time.Millisecond})
	st := openStream(t, s)
	st.next(t, "hello")
	writeFile(t, dir, "data/uptime.xlsx", "month,uptime\n")
	var m errorMsg
	st.next(t, "error").decode(t, &m)
	if len(m.Diagnostics) != 1 || m.Diagnostics[0].Text != "data/uptime.xlsx: is damaged: not a valid zip archive" {
		t.Errorf("error event %+v", m)
	}
}

// TestNarrativeEditIsNotHeldByAWorkbookBeingWritten: while a workbook is
// held back, an edited narrative still builds at once.
func TestNarrativeEditIsNotHeldByAWorkbookBeingWritten(t *testing.T) {
	dir := writeSite(t, "site")
	moveUptimeToWorkbook(t, dir, "99.95")
	s, _ := startWith(t, Config{Dir: dir, Settle: time.Hour, MaxSettle: time.Hour})
	st := openStream(t, s)
	st.next(t, "hello")
	book := uptimeWorkbook(t, "99.1")
	writeFile(t, dir, "data/uptime.xlsx", string(book[:len(book)/2]))
	writeFile(t, dir, review, strings.Replace(readFile(t, dir, review), "Revenue was", "Revenue meanwhile was", 1))
	var m reloadMsg
	st.next(t, "reload").decode(t, &m)
	if _, body := get(t, s, "/reviews/2026-04/"); !strings.Contains(body, "Revenue meanwhile was") {
		t.Error("the narrative edit is not shown")
	}
	if _, body := get(t, s, "/kpis/uptime/"); !strings.Contains(body, "99.95%") {
		t.Error("the KPI page lost the value of the workbook before it was rewritten")
	}
	writeFile(t, dir, "data/uptime.xlsx", string(book))
	st.next(t, "reload")
	if _, body := get(t, s, "/kpis/uptime/"); !strings.Contains(body, "99.10%") {
		t.Error("the KPI page does not show the rewritten workbook's value")
	}
}

// moveUptimeToWorkbook takes uptime's rows out of data/values.csv and
// writes them, with April's value as given, to data/uptime.xlsx.
func moveUptimeToWorkbook(t *testing.T, dir, april string) {
	t.Helper()
	var keep []string
	for _, line := range strings.SplitAfter(readFile(t, dir, "data/values.csv"), "\n") {
		if !strings.HasPrefix(line, "uptime,") {
			keep = append(keep, line)
		}
	}
	writeFile(t, dir, "data/values.csv", strings.Join(keep, ""))
	writeFile(t, dir, "data/uptime.xlsx", string(uptimeWorkbook(t, april)))
}

// uptimeWorkbook is a workbook of uptime's March and April values, made
// about 2 MB large by an incompressible part, as pictures make real ones.
func uptimeWorkbook(t *testing.T, april string) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	for i, row := range [][]any{{"kpi", "period", "actual"}, {"uptime", "2026-03", 99.95}, {"uptime", "2026-04", april}} {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow("Sheet1", cell, &row); err != nil {
			t.Fatal(err)
		}
	}
	var plain bytes.Buffer
	if err := f.Write(&plain); err != nil {
		t.Fatal(err)
	}
	return padded(t, plain.Bytes(), 2<<20)
}

// padded copies the zip archive b and adds a stored part of n random bytes.
func padded(t *testing.T, b []byte, n int) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, zf := range zr.File {
		if err := zw.Copy(zf); err != nil {
			t.Fatal(err)
		}
	}
	w, err := zw.CreateHeader(&zip.FileHeader{Name: "xl/media/padding.bin", Method: zip.Store})
	if err != nil {
		t.Fatal(err)
	}
	rnd := rand.New(rand.NewChaCha8([32]byte{1}))
	if _, err := io.CopyN(w, readerFunc(func(p []byte) (int, error) {
		for i := range p {
			p[i] = byte(rnd.Uint32())
		}
		return len(p), nil
	}), int64(n)); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

type readerFunc func([]byte) (int, error)

func (f readerFunc) Read(p []byte) (int, error) { return f(p) }

func TestZipComplete(t *testing.T) {
	book := uptimeWorkbook(t, "99.1")
	withComment := func() []byte {
		var out bytes.Buffer
		zw := zip.NewWriter(&out)
		zw.SetComment("made by a test")
		w, _ := zw.Create("a.txt")
		w.Write([]byte("PK\x05\x06 inside a part"))
		zw.Close()
		return out.Bytes()
	}()
	for _, tc := range []struct {
		name string
		b    []byte
		want bool
	}{
		{"whole", book, true},
		{"with a comment", withComment, true},
		{"one byte short", book[:len(book)-1], false},
		{"half", book[:len(book)/2], false},
		{"a byte too many", append(bytes.Clone(book), 0), false},
		{"empty", nil, false},
		{"text", []byte("month,uptime\n"), false},
	} {
		if got := zipComplete(bytes.NewReader(tc.b), int64(len(tc.b))); got != tc.want {
			t.Errorf("%s: zipComplete = %v, want %v", tc.name, got, tc.want)
		}
	}
	// Every prefix of a small archive but the whole is incomplete.
	for i := range withComment {
		if zipComplete(bytes.NewReader(withComment[:i]), int64(i)) {
			t.Fatalf("a prefix of %d of %d bytes is complete", i, len(withComment))
		}
	}
}

// TestSettler steps a clock through a CSV file written in three pieces,
// then left alone.
func TestSettler(t *testing.T) {
	t0 := time.Date(2026, 12, 3, 10, 0, 0, 0, time.UTC)
	at := func(ms int) time.Time { return t0.Add(time.Duration(ms) * time.Millisecond) }
	csv := func(size int64, modMs int) fileState {
		return fileState{exists: true, size: size, mod: at(modMs)}
	}
	s := newSettler(300*time.Millisecond, 2*time.Second)
	steps := []struct {
		now  int
		st   fileState
		want bool
	}{
		{20, csv(100, 5), false},   // just written
		{60, csv(200, 45), false},  // still growing
		{100, csv(300, 85), false}, // still growing
		{250, csv(300, 85), false}, // the same for 150 ms only
		{400, csv(300, 85), true},  // the same for 300 ms
	}
	for _, step := range steps {
		if got := s.ready("data/v.csv", step.st, at(step.now)); got != step.want {
			t.Fatalf("at %d ms: ready = %v, want %v", step.now, got, step.want)
		}
		if next, held := s.next(); held != !step.want || held && !next.After(at(step.now)) {
			t.Fatalf("at %d ms: next = %v, %v", step.now, next, held)
		}
	}
	if len(s.held) != 0 {
		t.Errorf("still held: %v", s.held)
	}

	// A file copied in with an old time, a whole workbook and a removed
	// file are ready at once.
	for _, st := range []fileState{csv(10, -3_600_000), {exists: true, size: 10, mod: at(0), complete: true}, {}} {
		if !s.ready("data/w.xlsx", st, at(1)) {
			t.Errorf("%+v: not ready at once", st)
		}
	}

	// A file that never stops changing is built after the longest hold.
	for ms := 0; ms < 2000; ms += 100 {
		if s.ready("data/log.csv", csv(int64(ms+1), ms), at(ms)) {
			t.Fatalf("a file changing every 100 ms is ready at %d ms", ms)
		}
	}
	if !s.ready("data/log.csv", csv(3000, 2000), at(2000)) {
		t.Error("a file changing without end is not ready after the longest hold")
	}
}

func TestSettles(t *testing.T) {
	for rel, want := range map[string]bool{
		"data/metrics.xlsx": true, "data/a/b.XLSM": true, "data/values.csv": true,
		"data/kpis.yaml": false, "data/sources.yaml": false, "content/reviews/2026-04/index.md": false,
		"opsreport.yaml": false, "theme/data/x.csv": false, "content/reviews/2026-04/snapshot.csv": false,
	} {
		if got := settles(rel); got != want {
			t.Errorf("settles(%q) = %v, want %v", rel, got, want)
		}
	}
}
