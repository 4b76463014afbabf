package pdf

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"time"

	"github.com/opsreport/opsreport/internal/pack"
)

// Name is the PDF's name beside pack.html and inside the pack's zip.
const Name = "pack.pdf"

// AddToZip returns the pack zip z with the PDF added as pack.pdf (or put
// in place of an older one) and its manifest made anew, through pack.Zip,
// so the result is what a build would have written with the PDF among the
// pack's files. It also returns the zip's timestamp, the date every entry
// carries (a pack's meeting date), for the PDF's own dates.
func AddToZip(z, pdf []byte) ([]byte, time.Time, error) {
	r, err := zip.NewReader(bytes.NewReader(z), int64(len(z)))
	if err != nil {
		return nil, time.Time{}, err
	}
	var files []pack.File
	var review string
	var modified time.Time
	for _, f := range r.File {
		data, err := readEntry(f)
		if err != nil {
			return nil, time.Time{}, fmt.Errorf("%s: %w", f.Name, err)
		}
		modified = f.Modified.UTC()
		switch f.Name {
		case pack.ManifestName:
			var m pack.Manifest
			if err := json.Unmarshal(data, &m); err != nil {
				return nil, time.Time{}, fmt.Errorf("%s: %w", f.Name, err)
			}
			review = m.Review
		case Name:
		default:
			files = append(files, pack.File{Name: f.Name, Data: data})
		}
	}
	files = append(files, pack.File{Name: Name, Data: pdf})
	out, err := pack.Zip(review, files, modified)
	return out, modified, err
}

// Stamp is the date the entries of the pack zip z carry.
func Stamp(z []byte) (time.Time, error) {
	r, err := zip.NewReader(bytes.NewReader(z), int64(len(z)))
	if err != nil {
		return time.Time{}, err
	}
	if len(r.File) == 0 {
		return time.Time{}, fmt.Errorf("empty zip")
	}
	return r.File[0].Modified.UTC(), nil
}

func readEntry(f *zip.File) ([]byte, error) {
	rc, err := f.Open()
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	return io.ReadAll(rc)
}
