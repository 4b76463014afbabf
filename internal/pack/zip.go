// Package pack holds the month end: the archived review pack (a zip with a
// manifest of checksums), and the text edits that closing a review and
// starting the next one make to a user's narratives. It is pure: bytes in,
// bytes out; the cli writes the files.
package pack

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"
	"sync"
	"time"
)

// File is one file of a pack.
type File struct {
	Name string // slash path inside the zip
	Data []byte
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
		sum := sha256.Sum256(f.Data)
		m.Files = append(m.Files, ManifestEntry{Name: f.Name, Size: len(f.Data), SHA256: hex.EncodeToString(sum[:])})
	}
	mb, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return nil, err
	}
	all := append(files, File{Name: ManifestName, Data: append(mb, '\n')})
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	// The fastest deflate level: packs hold large CSV files and a build
	// makes one a review; the bytes are still the same for the same input.
	zw.RegisterCompressor(zip.Deflate, newFlate)
	for _, f := range all {
		h := &zip.FileHeader{Name: f.Name, Method: zip.Deflate, Modified: modified.UTC()}
		h.SetMode(0o644)
		w, err := zw.CreateHeader(h)
		if err != nil {
			return nil, err
		}
		if _, err := w.Write(f.Data); err != nil {
			return nil, err
		}
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// flates pools deflate writers: each holds about a megabyte of tables, and
// a build writes many small entries.
var flates sync.Pool

func newFlate(w io.Writer) (io.WriteCloser, error) {
	if fw, ok := flates.Get().(*flate.Writer); ok {
		fw.Reset(w)
		return pooledFlate{fw}, nil
	}
	fw, err := flate.NewWriter(w, flate.BestSpeed)
	return pooledFlate{fw}, err
}

type pooledFlate struct{ *flate.Writer }

func (p pooledFlate) Close() error {
	err := p.Writer.Close()
	flates.Put(p.Writer)
	return err
}
