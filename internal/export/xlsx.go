package export

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"fmt"
	"io"
	"sync"
	"time"

	"github.com/xuri/excelize/v2"
)

// fixedTime is every workbook's creation and modification date, so the
// same table gives the same bytes.
const fixedTime = "2000-01-01T00:00:00Z"

// XLSX writes the table as a workbook of one sheet.
func (t *Table) XLSX(w io.Writer) error {
	f := excelize.NewFile()
	defer f.Close()
	f.SetZipWriter(fastZip)
	if err := f.SetDocProps(&excelize.DocProperties{Created: fixedTime, Modified: fixedTime, Creator: "opsreport"}); err != nil {
		return err
	}
	if err := f.SetSheetName("Sheet1", t.Sheet); err != nil {
		return err
	}
	sw, err := f.NewStreamWriter(t.Sheet)
	if err != nil {
		return err
	}
	if err := t.writeSheet(f, sw); err != nil {
		return err
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	return f.Write(w)
}

// XLSXBytes is XLSX into memory.
func (t *Table) XLSXBytes() ([]byte, error) {
	var b bytes.Buffer
	err := t.XLSX(&b)
	return b.Bytes(), err
}

func (t *Table) writeSheet(f *excelize.File, sw *excelize.StreamWriter) error {
	// Panes and widths must come before the first row.
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft",
		Selection: []excelize.Selection{{SQRef: "A2", ActiveCell: "A2", Pane: "bottomLeft"}}}); err != nil {
		return err
	}
	for i, c := range t.Columns {
		if c.Width > 0 {
			if err := sw.SetColWidth(i+1, i+1, c.Width); err != nil {
				return err
			}
		}
	}
	styles := &styleCache{f: f, ids: map[string]int{}}
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		return err
	}
	header := make([]any, len(t.Columns))
	for i, c := range t.Columns {
		header[i] = excelize.Cell{StyleID: bold, Value: c.Name}
	}
	if err := sw.SetRow("A1", header); err != nil {
		return err
	}
	for r, row := range t.Rows {
		vals := make([]any, len(row))
		for i, c := range row {
			v, err := styles.value(c)
			if err != nil {
				return err
			}
			vals[i] = v
		}
		cell, _ := excelize.CoordinatesToCellName(1, r+2)
		if err := sw.SetRow(cell, vals); err != nil {
			return err
		}
	}
	return nil
}

// styleCache makes one style per number format, in the order first met,
// so the same table numbers its styles the same way.
type styleCache struct {
	f   *excelize.File
	ids map[string]int
}

func (s *styleCache) id(format string) (int, error) {
	if id, ok := s.ids[format]; ok {
		return id, nil
	}
	id, err := s.f.NewStyle(&excelize.Style{CustomNumFmt: &format})
	if err != nil {
		return 0, fmt.Errorf("number format %q: %w", format, err)
	}
	s.ids[format] = id
	return id, nil
}

// value is a cell as the stream writer takes it.
func (s *styleCache) value(c Cell) (any, error) {
	switch c.Kind {
	case Text:
		return c.Text, nil
	case Number, Date:
		id, err := s.id(c.Format)
		if err != nil {
			return nil, err
		}
		if c.Kind == Date {
			return excelize.Cell{StyleID: id, Value: time.Date(c.Time.Year(), c.Time.Month(), c.Time.Day(), 0, 0, 0, 0, time.UTC)}, nil
		}
		return excelize.Cell{StyleID: id, Value: c.Number}, nil
	}
	return nil, nil
}

// fastZip is the workbook's zip writer: deflate at its fastest level, with
// the compressors pooled (archive/zip allocates about 1 MB for each file
// of a zip otherwise, and a workbook is a dozen files). A site writes one
// workbook per review; at the default level their compression took as
// long as everything else about them.
func fastZip(w io.Writer) excelize.ZipWriter {
	zw := zip.NewWriter(w)
	zw.RegisterCompressor(zip.Deflate, func(out io.Writer) (io.WriteCloser, error) {
		fw, _ := flaters.Get().(*flate.Writer)
		if fw == nil {
			var err error
			if fw, err = flate.NewWriter(out, flate.BestSpeed); err != nil {
				return nil, err
			}
		} else {
			fw.Reset(out)
		}
		return &pooledFlate{fw}, nil
	})
	return zw
}

var flaters sync.Pool // of *flate.Writer at BestSpeed

type pooledFlate struct{ *flate.Writer }

func (p *pooledFlate) Close() error {
	err := p.Writer.Close()
	flaters.Put(p.Writer)
	p.Writer = nil
	return err
}
