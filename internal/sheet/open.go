package sheet

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"strings"

	"github.com/opsreport/opsreport/internal/diag"
)

// Limits against hostile or runaway input. A file over maxFileSize is
// refused before it is read; an archive that unpacks to more than
// maxUnzipSize is taken for a zip bomb.
const (
	maxFileSize   = 256 << 20
	maxUnzipSize  = 1 << 30
	maxPartInMem  = 64 << 20 // excelize keeps parts up to this size in memory, larger ones in temp files
	maxFieldBytes = 1 << 20
	maxExcelRows  = 1048576
	maxExcelCols  = 16384
)

// Book is an opened workbook or CSV file: its sheets in workbook order,
// hidden ones included (Hidden tells), chart sheets left out.
type Book struct {
	File   string
	Sheets []*Sheet
	close  func() error
}

// Close releases what the book holds (excelize's temporary files). The
// sheets must not be read after it.
func (b *Book) Close() error {
	if b == nil || b.close == nil {
		return nil
	}
	c := b.close
	b.close = nil
	return c()
}

// Open reads the file at name (slash path) from fsys. A problem with the
// file itself is returned as a diag.Diagnostic (Pos{File: name}) with a
// plain-words message; an I/O failure is a wrapped Go error.
func Open(fsys fs.FS, name string) (b *Book, err error) {
	defer func() {
		if r := recover(); r != nil {
			b, err = nil, fileProblem(name, "could not be read: %v", r)
		}
	}()
	if fileKind(name) == kindCSV {
		if fi, err := fs.Stat(fsys, name); err == nil && fi.Size() > streamSize && fi.Mode().IsRegular() {
			return openCSVStream(fsys, name)
		}
	}
	data, err := readLimited(fsys, name)
	if err != nil {
		return nil, err
	}
	if len(data) == 0 {
		return nil, fileProblem(name, "is empty (0 bytes)")
	}
	switch kind := fileKind(name); {
	case kind == kindWorkbook || looksLikeWorkbook(data) && kind != kindCSV:
		return openWorkbook(name, data)
	case kind == kindCSV:
		return openCSV(name, data)
	default:
		return nil, fileProblem(name, "is not a spreadsheet (expected .xlsx, .xlsm or .csv)")
	}
}

// IsLockFile reports Office and LibreOffice lock files (~$x.xlsx,
// .~lock.x.xlsx#), which exist while a workbook is open and must be skipped.
func IsLockFile(name string) bool {
	base := path.Base(name)
	return strings.HasPrefix(base, "~$") ||
		strings.HasPrefix(base, ".~lock.") && strings.HasSuffix(base, "#")
}

type fileType int

const (
	kindOther fileType = iota
	kindWorkbook
	kindCSV
)

// fileKind decides by extension; content sniffing then tells a damaged or
// mislabelled workbook what it really is.
func fileKind(name string) fileType {
	switch strings.ToLower(path.Ext(name)) {
	case ".xlsx", ".xlsm":
		return kindWorkbook
	case ".csv", ".tsv", ".ssv", ".txt":
		return kindCSV
	}
	return kindOther
}

var (
	zipMagic = []byte("PK\x03\x04")
	cfbMagic = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}
)

func looksLikeWorkbook(data []byte) bool {
	return bytes.HasPrefix(data, zipMagic) || bytes.HasPrefix(data, cfbMagic)
}

// readLimited reads the whole file, refusing one over maxFileSize.
func readLimited(fsys fs.FS, name string) ([]byte, error) {
	f, err := fsys.Open(name)
	var pe *fs.PathError
	if err != nil && !errors.As(err, &pe) {
		return nil, err // a refusal (a link out of the site, a pipe) that says why; callers name the file
	}
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxFileSize+1))
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	if len(data) > maxFileSize {
		return nil, fileProblem(name, "is too large (over %d MB)", maxFileSize>>20)
	}
	return data, nil
}

// fileProblem is a diagnostic about a whole file.
func fileProblem(name, format string, args ...any) error {
	return diag.Diagnostic{Pos: diag.Pos{File: name}, Msg: fmt.Sprintf(format, args...)}
}

// sheetProblem is a diagnostic about a whole sheet, or one of its cells
// when row and col are positive.
func (s *Sheet) problem(row, col int, format string, args ...any) error {
	pos := diag.Pos{File: s.File, Sheet: s.Name}
	if row > 0 && col > 0 {
		pos = s.Pos(row, col)
	} else if s.CSV {
		pos = diag.Pos{File: s.File, Line: row}
	}
	return diag.Diagnostic{Pos: pos, Msg: fmt.Sprintf(format, args...)}
}

// asDiagnostic keeps a diagnostic as it is and turns anything else met
// while reading a file's content into one, so no raw library error or
// panic reaches the user.
func asDiagnostic(name string, err error) error {
	var d diag.Diagnostic
	if err == nil || errors.As(err, &d) {
		return err
	}
	return fileProblem(name, "could not be read: %v", err)
}
