package pack

import (
	"archive/zip"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"testing"
	"time"
)

func TestZipIsDeterministicAndVerifies(t *testing.T) {
	when := time.Date(2026, 11, 11, 0, 0, 0, 0, time.UTC)
	files := []File{{Name: "pack.html", Data: []byte("<html>")}, {Name: "narrative/index.md", Data: []byte("# Hi\n")}, {Name: "figures.csv", Data: []byte("kpi\n")}}
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
	if _, err := Zip("x", []File{{Name: "a"}, {Name: "a"}}, time.Time{}); err == nil {
		t.Fatal("want an error for a name given twice")
	}
}

// TestZipOfPartsHoldsTheFileWhole builds two zips whose files share parts:
// each entry reads back as the parts' bytes in order, its CRC and manifest
// checksum verify, and a shared part is deflated once.
func TestZipOfPartsHoldsTheFileWhole(t *testing.T) {
	when := time.Date(2026, 11, 11, 0, 0, 0, 0, time.UTC)
	head := NewPart([]byte("kpi,period,actual\n"))
	var rows bytes.Buffer
	for i := range 3000 {
		fmt.Fprintf(&rows, "arr,2026-%02d,%d\n", i%12+1, i*7919%100000)
	}
	shared := NewPart(rows.Bytes())
	for _, tail := range []string{"", "nps,2026-10,41\n"} {
		f := File{Name: "figures.csv", Parts: []*Part{head, shared, NewPart([]byte(tail)), NewPart(nil)}}
		b, err := Zip("2026-10", []File{f, {Name: "pack.html", Data: []byte("<html>")}, {Name: "empty.md", Data: []byte{}}}, when)
		if err != nil {
			t.Fatal(err)
		}
		got := unzipAll(t, b)
		want := "kpi,period,actual\n" + rows.String() + tail
		if string(got["figures.csv"]) != want {
			t.Fatalf("figures.csv read back as %d bytes, want %d", len(got["figures.csv"]), len(want))
		}
		if string(got["pack.html"]) != "<html>" || len(got["empty.md"]) != 0 {
			t.Errorf("other entries: %q %q", got["pack.html"], got["empty.md"])
		}
		var m Manifest
		if err := json.Unmarshal(got[ManifestName], &m); err != nil {
			t.Fatal(err)
		}
		for _, e := range m.Files {
			sum := sha256.Sum256(got[e.Name])
			if hex.EncodeToString(sum[:]) != e.SHA256 || len(got[e.Name]) != e.Size {
				t.Errorf("%s does not verify against the manifest", e.Name)
			}
		}
	}
	if z := shared.deflated(); len(z) == 0 || len(z) > rows.Len()/2 {
		t.Errorf("shared part deflated to %d bytes from %d", len(z), rows.Len())
	}
}

// unzipAll reads every entry of a zip; the reader checks each CRC.
func unzipAll(t *testing.T, b []byte) map[string][]byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]byte{}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		data, err := io.ReadAll(rc)
		if err != nil {
			t.Fatalf("%s: %v", f.Name, err)
		}
		rc.Close()
		out[f.Name] = data
	}
	return out
}

// TestZipOfSmallPartsStoresThem checks parts under storeBelow, stored as
// they are, read back whole among deflated ones, and are not bigger than
// their bytes and a block header.
func TestZipOfSmallPartsStoresThem(t *testing.T) {
	line := []byte("arr,2026-10,1250000,1200000,1180000,,50000,4.17,70000,5.93,20000,1.63,,,,,,green,3\n")
	small := NewPart(line)
	if z := small.deflated(); len(z) != len(line)+5 || !bytes.Equal(z[5:], line) {
		t.Errorf("a %d-byte part took %d bytes", len(line), len(z))
	}
	big := NewPart(bytes.Repeat(line, 40))
	f := File{Name: "figures.csv", Parts: []*Part{small, big, NewPart(nil), small, NewPart([]byte("x"))}}
	b, err := Zip("2026-10", []File{f}, time.Date(2026, 11, 11, 0, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	want := string(line) + strings.Repeat(string(line), 40) + string(line) + "x"
	if got := unzipAll(t, b)["figures.csv"]; string(got) != want {
		t.Errorf("read back %d bytes, want %d", len(got), len(want))
	}
}

// TestZipMarksUTF8Names checks that a narrative named outside ASCII keeps
// its name in every reader: the entry carries the UTF-8 flag, as
// archive/zip's CreateHeader would set it.
func TestZipMarksUTF8Names(t *testing.T) {
	b, err := Zip("2026-10", []File{{Name: "narrative/60-clientèle.md", Data: []byte("x")}, {Name: "pack.html", Data: []byte("y")}}, time.Date(2026, 11, 11, 0, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range zr.File {
		if utf8 := f.Flags&0x800 != 0; utf8 != (f.Name == "narrative/60-clientèle.md") {
			t.Errorf("%s: UTF-8 flag %v", f.Name, utf8)
		}
	}
}

// TestZipRefusesUnsafeNames: an entry name that would extract outside its
// folder on some system, or that names a drive, is refused, whole message.
func TestZipRefusesUnsafeNames(t *testing.T) {
	for _, name := range []string{
		`narrative/..\..\evil.md`, "narrative/../evil.md", "../evil.md", "/etc/evil", "narrative//x.md",
		"narrative/./x.md", "C:evil.md", "narrative/x\x00.md", "narrative/x\n.md", "", ".",
	} {
		_, err := Zip("2026-10", []File{{Name: name, Data: []byte("x")}}, time.Time{})
		want := fmt.Sprintf("%q is not a safe name inside a zip (a relative path without \\, :, . or .. parts or control characters); rename the file it comes from", name)
		if err == nil || err.Error() != want {
			t.Errorf("%q: got %v\nwant %s", name, err, want)
		}
	}
	if _, err := Zip("2026-10", []File{{Name: "narrative/10-ops.md", Data: []byte("x")}, {Name: "narrative/Résumé ...md"}}, time.Time{}); err != nil {
		t.Errorf("a plain name refused: %v", err)
	}
}
