// Package pack makes review packs: the single-file pack.html (links
// detached, images and scripts inlined, @page rules) and the archived zip
// with a manifest of checksums, cut from figures shared by every pack of a
// build. It is pure: bytes in, bytes out; view calls it while rendering, and
// publish writes the files.
package pack

import (
	"archive/zip"
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"hash/crc32"
	"io"
	"io/fs"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/klauspost/compress/flate"
)

// File is one file of a pack: Data, or when Data is nil, Parts in order.
type File struct {
	Name  string // slash path inside the zip
	Data  []byte
	Parts []*Part
}

// A Part is a run of a file's bytes that many packs hold, deflated once and
// copied into each zip. A review's figures share all but their newest lines
// with the review before it, and every pack carries the same chart script:
// deflating them anew for each of a hundred packs was most of a large
// site's build.
type Part struct {
	Data []byte
	once sync.Once
	z    []byte
}

// NewPart is a part holding data.
func NewPart(data []byte) *Part { return &Part{Data: data} }

// deflated is Data as raw deflate blocks that end on a byte boundary and
// are not final, so parts can follow one another in one stream (RFC 1951
// 3.2.3: each block stands alone; a back-reference never leaves its part).
func (p *Part) deflated() []byte {
	p.once.Do(func() { p.z = deflate(p.Data) })
	return p.z
}

// finalBlock ends a deflate stream: an empty final block with the fixed
// codes (BFINAL 1, BTYPE 01, end-of-block 0000000).
var finalBlock = []byte{0x03, 0x00}

// storeBelow is the size under which a part is stored, not compressed: a
// figures line alone deflates to more than its own bytes once the block
// carries its code tables, and a build has tens of thousands of them.
const storeBelow = 256

func deflate(data []byte) []byte {
	if len(data) == 0 {
		return nil
	}
	if len(data) < storeBelow {
		// A stored block (RFC 1951 3.2.4): BFINAL 0, BTYPE 00, padded to
		// the byte; LEN and its complement; the bytes.
		n := uint16(len(data))
		return append([]byte{0, byte(n), byte(n >> 8), ^byte(n), ^byte(n >> 8)}, data...)
	}
	var b bytes.Buffer
	b.Grow(len(data)/3 + 64)
	fw := getFlate(&b)
	fw.Write(data) // a bytes.Buffer does not fail
	fw.Flush()     // a sync flush: byte-aligned, not final
	flates.Put(fw)
	return b.Bytes()
}

// safeEntryName reports whether name extracts where it says on every
// system: a clean relative slash path (no "..", no leading "/", no empty or
// "." parts), without a backslash, which Windows tools take for a folder
// separator (..\..\x), a colon (a drive, C:x), or control characters.
func safeEntryName(name string) bool {
	if !fs.ValidPath(name) || name == "." || strings.ContainsAny(name, "\\:") {
		return false
	}
	return !strings.ContainsFunc(name, unicode.IsControl)
}

// ManifestEntry describes one file in manifest.json.
type ManifestEntry struct {
	Name   string `json:"name"`
	Size   int    `json:"size"`
	SHA256 string `json:"sha256"`
}

// Manifest is manifest.json: what the pack holds, so a reader can verify
// that the archive is what the board saw.
type Manifest struct {
	Review string          `json:"review"`
	Files  []ManifestEntry `json:"files"`
}

// ManifestName is the manifest's name inside the zip.
const ManifestName = "manifest.json"

// Zip packs files and their manifest deterministically: entries sorted by
// name, every timestamp set to modified (pass a date from the input, never
// the clock), fixed permissions and compression.
func Zip(review string, files []File, modified time.Time) ([]byte, error) {
	files = slices.Clone(files)
	slices.SortFunc(files, func(a, b File) int { return strings.Compare(a.Name, b.Name) })
	m := Manifest{Review: review}
	for i, f := range files {
		if i > 0 && files[i-1].Name == f.Name {
			return nil, fmt.Errorf("pack: %s twice", f.Name)
		}
		if !safeEntryName(f.Name) {
			return nil, fmt.Errorf("%q is not a safe name inside a zip (a relative path without \\, :, . or .. parts or control characters); rename the file it comes from", f.Name)
		}
		sum, n := files[i].sum()
		m.Files = append(m.Files, ManifestEntry{Name: f.Name, Size: n, SHA256: sum})
	}
	mb, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return nil, err
	}
	all := append(files, File{Name: ManifestName, Data: append(mb, '\n')})
	var b bytes.Buffer
	b.Grow(zipSize(all))
	zw := zip.NewWriter(&b)
	for i := range all {
		if err := writeRaw(zw, &all[i], modified); err != nil {
			return nil, err
		}
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// zipSize is the size of the zip of files, near enough to allocate it once:
// each file's deflated parts, and its name in two headers.
func zipSize(files []File) int {
	n := 22 // end of central directory
	for i := range files {
		n += 2*(len(files[i].Name)+64) + len(finalBlock)
		for _, p := range files[i].parts() {
			n += len(p.deflated())
		}
	}
	return n
}

// writeRaw adds f to zw as one deflate stream made of its parts' blocks,
// deflating the parts not deflated yet.
func writeRaw(zw *zip.Writer, f *File, modified time.Time) error {
	crc := crc32.NewIEEE()
	var n, zn uint64
	for _, p := range f.parts() {
		crc.Write(p.Data)
		n += uint64(len(p.Data))
		zn += uint64(len(p.deflated()))
	}
	h := &zip.FileHeader{Name: f.Name, Method: zip.Deflate, CreatorVersion: 20, ReaderVersion: 20,
		CRC32: crc.Sum32(), UncompressedSize64: n, CompressedSize64: zn + uint64(len(finalBlock))}
	stamp(h, modified.UTC())
	h.SetMode(0o644)
	if needsUTF8Flag(f.Name) {
		h.Flags |= 0x800 // the name is UTF-8 (CreateHeader sets this; CreateRaw does not)
	}
	w, err := zw.CreateRaw(h)
	if err != nil {
		return err
	}
	for _, p := range f.parts() {
		if _, err := w.Write(p.deflated()); err != nil {
			return err
		}
	}
	_, err = w.Write(finalBlock)
	return err
}

// needsUTF8Flag reports a name that is valid UTF-8 and outside the ASCII
// that every zip reader reads alike, by archive/zip's own rule: readers
// take a name without the flag as CP-437 or the system's code page.
func needsUTF8Flag(name string) bool {
	if !utf8.ValidString(name) {
		return false
	}
	return strings.ContainsFunc(name, func(r rune) bool { return r < 0x20 || r > 0x7d || r == 0x5c })
}

// stamp sets h's time as CreateHeader does and CreateRaw does not: the
// MS-DOS date and time, and Info-ZIP's extended timestamp. The MS-DOS
// fields are deprecated for callers of CreateHeader, which fills them from
// Modified; CreateRaw writes them as they are.
func stamp(h *zip.FileHeader, t time.Time) {
	h.Modified = t
	//lint:ignore SA1019 CreateRaw does not derive the MS-DOS date from Modified
	h.ModifiedDate = uint16(t.Day() + int(t.Month())<<5 + (t.Year()-1980)<<9)
	//lint:ignore SA1019 nor the time
	h.ModifiedTime = uint16(t.Second()/2 + t.Minute()<<5 + t.Hour()<<11)
	var extra [9]byte
	binary.LittleEndian.PutUint16(extra[0:], 0x5455) // extended timestamp
	binary.LittleEndian.PutUint16(extra[2:], 5)      // size of what follows
	extra[4] = 1                                     // modification time only
	binary.LittleEndian.PutUint32(extra[5:], uint32(t.Unix()))
	h.Extra = extra[:]
}

// parts is f's content as parts. Data becomes one part of its own, kept in
// f, so that it is deflated once however often it is asked for.
func (f *File) parts() []*Part {
	if f.Data != nil || f.Parts == nil {
		f.Parts = []*Part{{Data: f.Data}}
		f.Data = nil
	}
	return f.Parts
}

// sum is f's SHA-256 and size.
func (f *File) sum() (string, int) {
	h := sha256.New()
	n := 0
	for _, p := range f.parts() {
		h.Write(p.Data)
		n += len(p.Data)
	}
	return hex.EncodeToString(h.Sum(nil)), n
}

// flates pools deflate writers: each holds about a megabyte of tables.
var flates sync.Pool

// getFlate is a deflate writer at the fastest level: packs hold large CSV
// files and a build makes one a review; the bytes are still the same for
// the same input.
func getFlate(w io.Writer) *flate.Writer {
	if fw, ok := flates.Get().(*flate.Writer); ok {
		fw.Reset(w)
		return fw
	}
	fw, _ := flate.NewWriter(w, flate.BestSpeed) // only a bad level fails
	return fw
}
