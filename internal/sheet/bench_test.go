package sheet

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

const benchRows, benchCols = 100000, 10

// writeBigWorkbook writes a benchRows × benchCols sheet: a date in column
// A, numbers in B–H (one a percentage), text in I and J.
func writeBigWorkbook(tb testing.TB, dir string) string {
	tb.Helper()
	f := excelize.NewFile()
	defer f.Close()
	dateStyle, err := f.NewStyle(&excelize.Style{NumFmt: 14})
	if err != nil {
		tb.Fatal(err)
	}
	pctStyle, err := f.NewStyle(&excelize.Style{NumFmt: 10})
	if err != nil {
		tb.Fatal(err)
	}
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		tb.Fatal(err)
	}
	start := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
	row := make([]any, benchCols)
	for r := 1; r <= benchRows; r++ {
		row[0] = excelize.Cell{StyleID: dateStyle, Value: start.AddDate(0, 0, r%3000)}
		for c := 1; c < 8; c++ {
			row[c] = float64(r*c) / 7
		}
		row[7] = excelize.Cell{StyleID: pctStyle, Value: float64(r%1000) / 1000}
		row[8] = fmt.Sprintf("item %d", r%500)
		row[9] = "region north"
		cell, _ := excelize.CoordinatesToCellName(1, r)
		if err := sw.SetRow(cell, row); err != nil {
			tb.Fatal(err)
		}
	}
	if err := sw.Flush(); err != nil {
		tb.Fatal(err)
	}
	name := filepath.Join(dir, "big.xlsx")
	if err := f.SaveAs(name); err != nil {
		tb.Fatal(err)
	}
	return name
}

// BenchmarkReadXLSX reads the whole generated sheet through Open and Rows.
func BenchmarkReadXLSX(b *testing.B) {
	dir := b.TempDir()
	writeBigWorkbook(b, dir)
	fsys := os.DirFS(dir)
	var peak heapPeak
	defer peak.report(b)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		bk, err := Open(fsys, "big.xlsx")
		if err != nil {
			b.Fatal(err)
		}
		cells := 0
		for r := range bk.Sheets[0].Rows() {
			cells += len(r.Cells)
			peak.sample(r.Num)
		}
		if err := bk.Sheets[0].Err(); err != nil || cells != benchRows*benchCols {
			b.Fatalf("cells %d, err %v", cells, err)
		}
		bk.Close()
	}
}

// BenchmarkExcelizeRows is the bare excelize streaming loop over the same
// file with the same options: the yardstick for BenchmarkReadXLSX.
func BenchmarkExcelizeRows(b *testing.B) {
	dir := b.TempDir()
	name := writeBigWorkbook(b, dir)
	var peak heapPeak
	defer peak.report(b)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		f, err := excelize.OpenFile(name, excelize.Options{RawCellValue: true, UnzipSizeLimit: maxUnzipSize, UnzipXMLSizeLimit: maxPartInMem})
		if err != nil {
			b.Fatal(err)
		}
		rows, err := f.Rows("Sheet1")
		if err != nil {
			b.Fatal(err)
		}
		cells, row := 0, 0
		for rows.Next() {
			cols, err := rows.Columns()
			if err != nil {
				b.Fatal(err)
			}
			cells += len(cols)
			row++
			peak.sample(row)
		}
		if err := rows.Close(); err != nil || cells != benchRows*benchCols {
			b.Fatalf("cells %d, err %v", cells, err)
		}
		f.Close()
	}
}

// BenchmarkGetMergeCells is what finding merged ranges through excelize
// would cost on the generated sheet: GetMergeCells parses the whole sheet
// into a DOM. Open finds them with a byte scan during its zip check.
func BenchmarkGetMergeCells(b *testing.B) {
	name := writeBigWorkbook(b, b.TempDir())
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		f, err := excelize.OpenFile(name, excelize.Options{RawCellValue: true, UnzipSizeLimit: maxUnzipSize, UnzipXMLSizeLimit: maxPartInMem})
		if err != nil {
			b.Fatal(err)
		}
		if _, err := f.GetMergeCells("Sheet1"); err != nil {
			b.Fatal(err)
		}
		f.Close()
	}
}

// heapPeak samples the live heap every 10,000 rows and reports the
// largest, to show that reading does not hold the sheet in memory.
type heapPeak struct{ max uint64 }

func (h *heapPeak) sample(row int) {
	if row%10000 != 0 {
		return
	}
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	h.max = max(h.max, ms.HeapAlloc)
}

func (h *heapPeak) report(b *testing.B) { b.ReportMetric(float64(h.max)/(1<<20), "peak-heap-MB") }
