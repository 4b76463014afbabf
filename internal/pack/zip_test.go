package pack

import (
	"archive/zip"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"testing"
	"time"
)

func TestZipIsDeterministicAndVerifies(t *testing.T) {
	when := time.Date(2026, 11, 11, 0, 0, 0, 0, time.UTC)
	files := []File{{"pack.html", []byte("<html>")}, {"narrative/index.md", []byte("# Hi\n")}, {"figures.csv", []byte("kpi\n")}}
	a, err := Zip("2026-10", files, when)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := Zip("2026-10", []File{files[2], files[0], files[1]}, when)
	if !bytes.Equal(a, b) {
		t.Fatal("the same files in another order give other bytes")
	}
	zr, err := zip.NewReader(bytes.NewReader(a), int64(len(a)))
	if err != nil {
		t.Fatal(err)
	}
	got := map[string][]byte{}
	var names []string
	for _, f := range zr.File {
		if !f.Modified.Equal(when) {
			t.Errorf("%s: modified %v", f.Name, f.Modified)
		}
		rc, _ := f.Open()
		got[f.Name], _ = io.ReadAll(rc)
		names = append(names, f.Name)
	}
	want := []string{"figures.csv", "narrative/index.md", "pack.html", "manifest.json"}
	if len(names) != len(want) {
		t.Fatalf("entries %v", names)
	}
	for i := range want {
		if names[i] != want[i] {
			t.Fatalf("entries %v, want %v", names, want)
		}
	}
	var m Manifest
	if err := json.Unmarshal(got[ManifestName], &m); err != nil {
		t.Fatal(err)
	}
	if m.Review != "2026-10" || len(m.Files) != 3 {
		t.Fatalf("manifest %+v", m)
	}
	for _, e := range m.Files {
		sum := sha256.Sum256(got[e.Name])
		if hex.EncodeToString(sum[:]) != e.SHA256 || len(got[e.Name]) != e.Size {
			t.Errorf("%s does not verify against the manifest", e.Name)
		}
	}
	// sha256sum of "kpi\n", computed with the command-line tool
	if m.Files[0].Name != "figures.csv" || m.Files[0].SHA256 != "cff44d2c8e65e8d01c911b87df186191c497c15c0446974cc99a89051a86098e" || m.Files[0].Size != 4 {
		t.Errorf("figures.csv entry %+v", m.Files[0])
	}
}

func TestZipRefusesDuplicates(t *testing.T) {
	if _, err := Zip("x", []File{{"a", nil}, {"a", nil}}, time.Time{}); err == nil {
		t.Fatal("want an error for a name given twice")
	}
}
