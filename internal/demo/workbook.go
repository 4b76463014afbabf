package demo

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/opsreport/opsreport/internal/kpi"
)

// Stamp is the fixed creation and modification time of every generated
// workbook — the demo's, and the example site's (package example) — so two
// generations give the same bytes.
const Stamp = "2026-11-02T09:00:00Z"

// book is a workbook written sheet by sheet with excelize's StreamWriter,
// which keeps memory flat at 500 KPIs × 120 months. It carries the first
// error, so sheet builders read as lists of rows.
type book struct {
	f      *excelize.File
	err    error
	styles map[string]int // number format code (or a named look) → style id
	sheets int
}

func newBook() *book {
	return &book{f: excelize.NewFile(), styles: map[string]int{}}
}

func (b *book) check(err error) {
	if b.err == nil && err != nil {
		b.err = err
	}
}

// style is the id of a style with number format code; the named looks
// "title", "note" and "header" are fonts and fills rather than formats.
func (b *book) style(code string) int {
	if id, ok := b.styles[code]; ok {
		return id
	}
	var s excelize.Style
	switch code {
	case "title":
		s.Font = &excelize.Font{Bold: true, Size: 14}
	case "note":
		s.Font = &excelize.Font{Italic: true, Color: "666666"}
	case "header":
		s.Font = &excelize.Font{Bold: true}
		s.Fill = excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDE4EE"}}
	case "wrap":
		s.Alignment = &excelize.Alignment{WrapText: true, Vertical: "top"}
	default:
		s.CustomNumFmt = &code
	}
	id, err := b.f.NewStyle(&s)
	b.check(err)
	b.styles[code] = id
	return id
}

// sheetWriter writes the rows of one sheet in order.
type sheetWriter struct {
	b   *book
	sw  *excelize.StreamWriter
	row int
}

// sheet starts a sheet (the first one renames the default Sheet1); widths
// are the column widths from column A, and freeze keeps that many rows and
// one column in view.
func (b *book) sheet(name string, widths []float64, freeze int) *sheetWriter {
	if b.err != nil {
		return &sheetWriter{b: b}
	}
	if b.sheets == 0 {
		b.check(b.f.SetSheetName("Sheet1", name))
	} else {
		_, err := b.f.NewSheet(name)
		b.check(err)
	}
	b.sheets++
	sw, err := b.f.NewStreamWriter(name)
	b.check(err)
	w := &sheetWriter{b: b, sw: sw}
	if err != nil {
		return w
	}
	for i := 0; i < len(widths); {
		j := i + 1 // one call per run of equal widths: excelize's cost grows with the calls
		for j < len(widths) && widths[j] == widths[i] {
			j++
		}
		b.check(sw.SetColWidth(i+1, j, widths[i]))
		i = j
	}
	if freeze > 0 {
		b.check(sw.SetPanes(&excelize.Panes{Freeze: true, XSplit: 1, YSplit: freeze,
			TopLeftCell: fmt.Sprintf("B%d", freeze+1), ActivePane: "bottomRight"}))
	}
	return w
}

// add writes the next row; nil values stay empty cells.
func (w *sheetWriter) add(values ...any) {
	w.row++
	if w.b.err != nil || w.sw == nil {
		return
	}
	w.b.check(w.sw.SetRow(fmt.Sprintf("A%d", w.row), values))
}

// styled is a cell with a named look or number format.
func (w *sheetWriter) styled(v any, code string) excelize.Cell {
	return excelize.Cell{StyleID: w.b.style(code), Value: v}
}

func (w *sheetWriter) done() {
	if w.b.err == nil && w.sw != nil {
		w.b.check(w.sw.Flush())
	}
}

// bytes fixes the document properties and returns the file's bytes. The
// workbook opens on its first sheet: SetActiveSheet would parse every
// streamed sheet back (half the generation time at 500 KPIs).
func (b *book) bytes(title string) ([]byte, error) {
	defer b.f.Close()
	b.check(b.f.SetDocProps(&excelize.DocProperties{
		Title: title, Creator: "Lumenfield Finance", LastModifiedBy: "Lumenfield Finance",
		Created: Stamp, Modified: Stamp, Language: "en-US",
	}))
	if b.err != nil {
		return nil, fmt.Errorf("generate %s: %w", title, b.err)
	}
	buf, err := b.f.WriteToBuffer()
	if err != nil {
		return nil, fmt.Errorf("generate %s: %w", title, err)
	}
	out, err := sortZip(buf.Bytes())
	if err != nil {
		return nil, fmt.Errorf("generate %s: %w", title, err)
	}
	return out, nil
}

// sortZip rewrites a zip with its entries in name order. excelize writes
// stream-written sheets in map order, so the same workbook comes out in
// different byte orders; entries are copied raw, not recompressed.
func sortZip(data []byte) ([]byte, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, err
	}
	entries := slices.Clone(zr.File)
	slices.SortFunc(entries, func(a, b *zip.File) int { return strings.Compare(a.Name, b.Name) })
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, f := range entries {
		if err := copyRaw(zw, f); err != nil {
			return nil, err
		}
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}

func copyRaw(zw *zip.Writer, f *zip.File) error {
	r, err := f.OpenRaw()
	if err != nil {
		return err
	}
	w, err := zw.CreateRaw(&f.FileHeader)
	if err != nil {
		return err
	}
	_, err = io.Copy(w, r)
	return err
}

// numFormat is how a KPI's cells are formatted: money with a currency
// sign, percent-formatted fractions where the KPI is kept that way, and
// the catalog's decimals otherwise.
func numFormat(t *template) string {
	d := t.digits()
	decimals := ""
	if d > 0 {
		decimals = "." + strings.Repeat("0", d)
	}
	switch {
	case t.unit == kpi.UnitCurrency:
		return `"$"#,##0` + decimals
	case t.pctCell:
		return "0" + decimals + "%"
	case t.unit == kpi.UnitCount:
		return "#,##0"
	}
	return "0" + decimals
}

// cellValue is what a cell holds for v: nothing for a gap, a fraction for
// a percent-formatted cell.
func cellValue(t *template, v float64) any {
	switch {
	case v != v:
		return nil
	case t.pctCell:
		return round(v/100, t.digits()+2)
	}
	return v
}

// monthCell is the first day of month p, a date cell as finance keeps them.
func monthCell(p kpi.Period) time.Time {
	return time.Date(p.Year, time.Month(p.Month), 1, 0, 0, 0, 0, time.UTC)
}
