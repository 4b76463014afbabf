package sheet

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path"
	"strings"
	"unicode/utf16"

	"github.com/xuri/excelize/v2"
)

// book is what every sheet of one workbook shares while streaming. It is
// filled once in openWorkbook and only read afterwards, so sheets may be
// read from several goroutines.
type book struct {
	name     string
	parts    map[string]*zip.File // by lower-cased slash path
	sstPart  string               // the shared-string part, if any
	strings  []string             // the shared-string table, decoded
	classes  []fmtClass           // number-format class by style id
	date1904 bool
}

// sheetRef is one worksheet as the workbook lists it.
type sheetRef struct {
	name   string
	part   string
	hidden bool
	merges []mergeRange
}

// openWorkbook reads an .xlsx/.xlsm file whose bytes are data. excelize
// opens the package (styles, date system); the sheets themselves are
// streamed here, because excelize's streaming Rows().Columns() drops each
// cell's type and style, which decide dates, percents, booleans and errors.
func openWorkbook(name string, data []byte) (*Book, error) {
	if bytes.HasPrefix(data, cfbMagic) {
		return nil, fileProblem(name, "%s", cfbReason(data))
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, fileProblem(name, "is damaged: not a valid zip archive")
	}
	bk := &book{name: name, parts: partIndex(zr)}
	if reason := bk.foreignPackage(); reason != "" {
		return nil, fileProblem(name, "%s", reason)
	}
	refs, err := bk.resolveSheets()
	if err != nil {
		return nil, err
	}
	if err := bk.validate(zr, refs); err != nil {
		return nil, err
	}
	if err := bk.loadStrings(); errors.Is(err, errHugeText) {
		return nil, fileProblem(name, "has a text over %d MB (a cell holds at most 32,767 characters)", maxFieldBytes>>20)
	} else if err != nil {
		return nil, fileProblem(name, "is damaged: its shared strings cannot be read (%v)", err)
	}
	f, err := openExcelize(name, withoutSheets(zr, refs))
	if err != nil {
		return nil, err
	}
	if err := bk.loadMeta(f); err != nil {
		f.Close()
		return nil, asDiagnostic(name, err)
	}
	b := &Book{File: name, close: f.Close}
	for _, ref := range refs {
		b.Sheets = append(b.Sheets, bk.sheet(ref))
	}
	if err := requireData(b); err != nil {
		b.Close()
		return nil, err
	}
	return b, nil
}

// cfbReason tells an encrypted OOXML package from a legacy binary
// workbook: both are OLE compound files, but only the encrypted one has an
// "EncryptionInfo" stream in its directory (names are UTF-16LE).
func cfbReason(data []byte) string {
	switch {
	case bytes.Contains(data, utf16le("EncryptionInfo")):
		return "is password-protected (encrypted workbook)"
	case bytes.Contains(data, utf16le("Workbook")), bytes.Contains(data, utf16le("Book")):
		return "is an old-style .xls workbook, not .xlsx"
	}
	return "is an old Office binary file, not an .xlsx workbook"
}

func utf16le(s string) []byte {
	var b []byte
	for _, u := range utf16.Encode([]rune(s)) {
		b = append(b, byte(u), byte(u>>8))
	}
	return b
}

// partIndex maps each zip entry by its normalised name: some writers use
// backslashes or a leading slash, and part names are case-insensitive.
func partIndex(zr *zip.Reader) map[string]*zip.File {
	parts := make(map[string]*zip.File, len(zr.File))
	for _, zf := range zr.File {
		parts[normPart(zf.Name)] = zf
	}
	return parts
}

func normPart(name string) string {
	name = strings.TrimPrefix(strings.ReplaceAll(name, `\`, "/"), "/")
	return strings.ToLower(path.Clean(name))
}

// foreignPackage names a zip that is some other kind of document.
func (bk *book) foreignPackage() string {
	zf := bk.parts["mimetype"]
	if zf == nil {
		return ""
	}
	mime, _ := readPart(zf, 256)
	switch {
	case bytes.HasPrefix(mime, []byte("application/vnd.oasis.opendocument.spreadsheet")):
		return "is an OpenDocument spreadsheet, not .xlsx"
	case bytes.HasPrefix(mime, []byte("application/vnd.oasis.opendocument")):
		return "is an OpenDocument file, not an .xlsx workbook"
	}
	return ""
}

// readPart reads a small part whole, up to limit bytes.
func readPart(zf *zip.File, limit int64) ([]byte, error) {
	rc, err := zf.Open()
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	data, err := io.ReadAll(io.LimitReader(rc, limit+1))
	if err == nil && int64(len(data)) > limit {
		err = fmt.Errorf("part %s is over %d MB", zf.Name, limit>>20)
	}
	return data, err
}

type xmlRels struct {
	Rels []struct {
		ID     string `xml:"Id,attr"`
		Type   string `xml:"Type,attr"`
		Target string `xml:"Target,attr"`
	} `xml:"Relationship"`
}

type xmlWorkbook struct {
	Sheets []struct {
		Name  string `xml:"name,attr"`
		State string `xml:"state,attr"`
		RID   string `xml:"id,attr"`
	} `xml:"sheets>sheet"`
}

// resolveSheets lists the worksheets in workbook order through the
// package relationships, the way Excel finds them. Chart, dialog and macro
// sheets are left out.
func (bk *book) resolveSheets() ([]sheetRef, error) {
	wbPath := "xl/workbook.xml"
	var root xmlRels
	if bk.decodePart("_rels/.rels", &root) == nil {
		for _, r := range root.Rels {
			if strings.HasSuffix(r.Type, "/officeDocument") {
				wbPath = resolveTarget("", r.Target)
			}
		}
	}
	var wb xmlWorkbook
	if err := bk.decodePart(wbPath, &wb); err != nil {
		return nil, fileProblem(bk.name, "is damaged: it has no readable workbook part")
	}
	var rels xmlRels
	_ = bk.decodePart(path.Join(path.Dir(wbPath), "_rels", path.Base(wbPath)+".rels"), &rels)
	targets := map[string]string{}
	for _, r := range rels.Rels {
		switch {
		case strings.HasSuffix(r.Type, "/worksheet"):
			targets[r.ID] = resolveTarget(wbPath, r.Target)
		case strings.HasSuffix(r.Type, "/sharedStrings"):
			bk.sstPart = resolveTarget(wbPath, r.Target)
		}
	}
	var refs []sheetRef
	for _, s := range wb.Sheets {
		if part, ok := targets[s.RID]; ok && bk.parts[part] != nil {
			refs = append(refs, sheetRef{name: s.Name, part: part, hidden: s.State == "hidden" || s.State == "veryHidden"})
		}
	}
	if len(refs) == 0 {
		return nil, fileProblem(bk.name, "is damaged: it has no worksheets")
	}
	return refs, nil
}

// resolveTarget resolves a relationship target against the part that
// holds the relationship; a leading slash means the package root.
func resolveTarget(from, target string) string {
	target = strings.ReplaceAll(target, `\`, "/")
	if strings.HasPrefix(target, "/") {
		return normPart(target)
	}
	return normPart(path.Join(path.Dir(from), target))
}

func (bk *book) decodePart(name string, v any) error {
	zf := bk.parts[normPart(name)]
	if zf == nil {
		return fmt.Errorf("no part %s", name)
	}
	data, err := readPart(zf, maxPartInMem)
	if err != nil {
		return err
	}
	return xml.Unmarshal(bytes.TrimPrefix(data, []byte("\xEF\xBB\xBF")), v)
}

// validate reads every zip entry to its end: a corrupt deflate stream or
// checksum in a sheet part otherwise reads as an empty sheet without any
// error. The same pass finds each sheet's merged ranges (which follow the
// cell data in the XML) without parsing the sheet, and counts the unpacked
// size against zip bombs.
func (bk *book) validate(zr *zip.Reader, refs []sheetRef) error {
	scanners := map[string]*mergeScanner{}
	for i := range refs {
		scanners[refs[i].part] = &mergeScanner{}
	}
	budget := int64(maxUnzipSize)
	var declared uint64
	for _, zf := range zr.File {
		declared += zf.UncompressedSize64
	}
	if declared > maxUnzipSize {
		// Honest headers tell at once; a lying one is caught while reading.
		return fileProblem(bk.name, "is too large when unpacked (over %d MB; a zip bomb?)", maxUnzipSize>>20)
	}
	for _, zf := range zr.File {
		var w io.Writer = io.Discard
		if ms := scanners[normPart(zf.Name)]; ms != nil {
			w = ms
		}
		n, err := copyPart(w, zf, budget)
		if errors.Is(err, errTooLarge) {
			return fileProblem(bk.name, "is too large when unpacked (over %d MB; a zip bomb?)", maxUnzipSize>>20)
		}
		if err != nil {
			return fileProblem(bk.name, "is damaged: part %s is corrupt", zf.Name)
		}
		budget -= n
	}
	for i := range refs {
		refs[i].merges = scanners[refs[i].part].ranges()
	}
	return nil
}

var errTooLarge = errors.New("unpacked size over the limit")

func copyPart(w io.Writer, zf *zip.File, budget int64) (int64, error) {
	rc, err := zf.Open()
	if err != nil {
		return 0, err
	}
	defer rc.Close()
	n, err := io.Copy(w, io.LimitReader(rc, budget+1))
	if err == nil && n > budget {
		err = errTooLarge
	}
	return n, err
}

// withoutSheets copies the package minus its worksheet parts (the
// compressed bytes, as they are). excelize unpacks every part it is given
// into memory, and it is only asked for styles and workbook properties:
// the sheets are streamed from the original zip instead, so a large sheet
// is never held in memory.
func withoutSheets(zr *zip.Reader, refs []sheetRef) []byte {
	skip := map[string]bool{}
	for _, ref := range refs {
		skip[ref.part] = true
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, zf := range zr.File {
		if !skip[normPart(zf.Name)] {
			if err := zw.Copy(zf); err != nil {
				panic(err) // the entries were all read to their end in validate
			}
		}
	}
	if err := zw.Close(); err != nil {
		panic(err)
	}
	return buf.Bytes()
}

// openExcelize opens the package with excelize, with caps against zip
// bombs; its errors and panics become diagnostics.
func openExcelize(name string, data []byte) (f *excelize.File, err error) {
	defer func() {
		if r := recover(); r != nil {
			f, err = nil, fileProblem(name, "could not be read: %v", r)
		}
	}()
	f, err = excelize.OpenReader(bytes.NewReader(data), excelize.Options{
		RawCellValue:      true,
		UnzipSizeLimit:    maxUnzipSize,
		UnzipXMLSizeLimit: maxPartInMem,
	})
	if err != nil {
		return nil, asDiagnostic(name, err)
	}
	return f, nil
}

// loadMeta takes the date system and every style's number-format class
// from excelize, once, so a cell costs one slice lookup.
func (bk *book) loadMeta(f *excelize.File) error {
	props, err := f.GetWorkbookProps()
	if err != nil {
		return err
	}
	bk.date1904 = props.Date1904 != nil && *props.Date1904
	bk.classes = styleClasses(f)
	return nil
}

// styleClasses classifies the number format of each cell style (cellXfs
// entry). It reads excelize's parsed style sheet rather than GetStyle:
// GetStyle reports an id in a locale range (Apple Numbers writes "m/d" as
// id 59) as built-in and drops the workbook's own code for it, and the
// workbook's code is what Excel shows.
func styleClasses(f *excelize.File) []fmtClass {
	if _, err := f.GetStyle(0); err != nil || f.Styles == nil || f.Styles.CellXfs == nil {
		return nil // no styles: every number is General
	}
	codes := map[int]string{}
	if f.Styles.NumFmts != nil {
		for _, nf := range f.Styles.NumFmts.NumFmt {
			if nf != nil {
				codes[nf.NumFmtID] = nf.FormatCode
			}
		}
	}
	classes := make([]fmtClass, len(f.Styles.CellXfs.Xf))
	for i, xf := range f.Styles.CellXfs.Xf {
		id := 0
		if xf.NumFmtID != nil {
			id = *xf.NumFmtID
		}
		classes[i] = classifyBuiltin(id)
		if code, ok := codes[id]; ok {
			classes[i] = classifyCode(code)
		}
	}
	return classes
}

// sheet makes the streaming Sheet of one worksheet.
func (bk *book) sheet(ref sheetRef) *Sheet {
	s := &Sheet{File: bk.name, Name: ref.name, Hidden: ref.hidden}
	s.rows = func(yield func(Row) bool) error {
		return bk.stream(s, ref, yield)
	}
	return s
}

// requireData refuses a workbook in which no sheet holds a single value:
// reading on would silently give no rows. Each sheet is read only up to its
// first row with a value.
func requireData(b *Book) error {
	for _, s := range b.Sheets {
		for range s.Rows() {
			return nil
		}
		if err := s.Err(); err != nil {
			return err
		}
	}
	return fileProblem(b.File, "has no data: every sheet is empty")
}
