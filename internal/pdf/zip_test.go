package pdf

import (
	"bytes"
	"testing"
	"time"

	"github.com/opsreport/opsreport/internal/pack"
)

// TestAddToZipIsTheZipABuildWouldMake: the zip with the PDF added is byte
// for byte pack.Zip of the pack's files and the PDF, manifest included,
// and adding a newer PDF replaces the old one.
func TestAddToZipIsTheZipABuildWouldMake(t *testing.T) {
	meeting := time.Date(2026, 11, 5, 0, 0, 0, 0, time.UTC)
	files := []pack.File{{Name: "pack.html", Data: []byte("<html>")}, {Name: "narrative/index.md", Data: []byte("# Oct")}}
	z, err := pack.Zip("2026-10", files, meeting)
	if err != nil {
		t.Fatal(err)
	}
	got, stamp, err := AddToZip(z, []byte("%PDF-old"))
	if err != nil || !stamp.Equal(meeting) {
		t.Fatalf("AddToZip: stamp %v, %v", stamp, err)
	}
	got, _, err = AddToZip(got, []byte("%PDF-new"))
	if err != nil {
		t.Fatal(err)
	}
	files = []pack.File{{Name: "pack.html", Data: []byte("<html>")}, {Name: "narrative/index.md", Data: []byte("# Oct")}, {Name: Name, Data: []byte("%PDF-new")}}
	want, _ := pack.Zip("2026-10", files, meeting)
	if !bytes.Equal(got, want) {
		t.Error("the zip differs from pack.Zip with the PDF among the files")
	}
}
