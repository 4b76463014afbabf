package cli

import (
	"archive/zip"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/opsreport/opsreport/internal/pack"
	"github.com/opsreport/opsreport/internal/pdf"
)

// needChromium skips a test that prints when no Chromium is found, except
// under CI=true, where the browser is installed and a skip would hide a
// failure.
func needChromium(t *testing.T) {
	t.Helper()
	if _, err := pdf.Chromium(); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("CI=true and no Chromium: %v", err)
		}
		t.Skip(err)
	}
}

// TestPDFOfTheExamplePacks prints the example's October review and its
// quarter's board pack, then every pack with build --pdf: the PDFs are
// byte-identical between the runs, fit the page budgets (a monthly pack in
// 10 A4 pages, a quarterly in 12), and are in their zips' manifests with
// their checksums.
func TestPDFOfTheExamplePacks(t *testing.T) {
	needChromium(t)
	dir := copySite(t)
	out := filepath.Join(dir, "public")
	code, stdout, stderr := run("pdf", "-s", dir, "2026-10", "2027-Q3")
	if code != 0 {
		t.Fatalf("exit %d\n%s%s", code, stdout, stderr)
	}
	if !strings.Contains(stdout, "printed "+filepath.Join(out, "reviews", "2026-10", "pack.pdf")) {
		t.Errorf("no line for the printed pack:\n%s", stdout)
	}
	budget := map[string]int{"2026-10": 10, "2027-Q3": 12}
	first := map[string][]byte{}
	for p, most := range budget {
		b, err := os.ReadFile(filepath.Join(out, "reviews", p, "pack.pdf"))
		if err != nil {
			t.Fatal(err)
		}
		first[p] = b
		n, err := pdf.PageCount(b)
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("%s: %d pages", p, n)
		if n > most {
			t.Errorf("%s: %d pages, want at most %d", p, n, most)
		}
		for _, want := range []string{"/Outlines", "/StructTreeRoot", "/Marked true"} {
			if !bytes.Contains(b, []byte(want)) {
				t.Errorf("%s: the PDF has no %s (outline and tags)", p, want)
			}
		}
		checkManifest(t, filepath.Join(out, "packs", "opsreport-"+p+".zip"), b)
	}
	// The printed reviews' pages link their PDF; the others have none.
	for p, want := range map[string]bool{"2026-10": true, "2027-Q3": true, "2026-09": false} {
		page, err := os.ReadFile(filepath.Join(out, "reviews", p, "index.html"))
		if err != nil {
			t.Fatal(err)
		}
		if got := bytes.Contains(page, []byte(`<a href="pack.pdf" download>`)); got != want {
			t.Errorf("%s: a link to pack.pdf %v, want %v", p, got, want)
		}
	}
	code, stdout, stderr = run("build", "--pdf", "-s", dir)
	if code != 0 {
		t.Fatal(stderr)
	}
	if n := strings.Count(stdout, "printed "); n != 5 {
		t.Errorf("build --pdf printed %d packs, want the example's 5:\n%s", n, stdout)
	}
	for p := range budget {
		b, _ := os.ReadFile(filepath.Join(out, "reviews", p, "pack.pdf"))
		if !bytes.Equal(b, first[p]) {
			t.Errorf("%s: two prints of the same pack differ", p)
		}
	}
}

// checkManifest asserts that the zip holds the PDF and lists it in its
// manifest with its size and SHA-256.
func checkManifest(t *testing.T, zipPath string, pdfBytes []byte) {
	t.Helper()
	r, err := zip.OpenReader(zipPath)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	var m pack.Manifest
	for _, f := range r.File {
		if f.Name == pack.ManifestName {
			data, _ := readAll(f)
			if err := json.Unmarshal(data, &m); err != nil {
				t.Fatal(err)
			}
		}
	}
	for _, e := range m.Files {
		if e.Name == pdf.Name {
			if e.Size != len(pdfBytes) || e.SHA256 != sha256Hex(pdfBytes) {
				t.Errorf("%s: manifest entry %+v does not match the PDF", zipPath, e)
			}
			return
		}
	}
	t.Errorf("%s: manifest lists no %s: %+v", zipPath, pdf.Name, m.Files)
}

// TestPDFWithoutChromium: a browser that is not there is one message that
// says how to get one, exit 1, before any build.
func TestPDFWithoutChromium(t *testing.T) {
	t.Setenv(pdf.EnvChromium, filepath.Join(t.TempDir(), "no-chromium"))
	dir := copySite(t)
	code, _, stderr := run("pdf", "-s", dir)
	if code != 1 || !strings.Contains(stderr, "install Chromium or point OPSREPORT_CHROMIUM at it") {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	if _, err := os.Stat(filepath.Join(dir, "public")); err == nil {
		t.Error("the site was built although nothing could be printed")
	}
}

// TestPDFOfAnUnknownPeriod names the packs there are.
func TestPDFOfAnUnknownPeriod(t *testing.T) {
	needChromium(t)
	dir := copySite(t)
	code, _, stderr := run("pdf", "-s", dir, "2026-1")
	if code != 1 || !strings.Contains(stderr, `no pack for "2026-1"`) || !strings.Contains(stderr, `(did you mean "2026-10"?)`) {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
}

func readAll(f *zip.File) ([]byte, error) {
	rc, err := f.Open()
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	return io.ReadAll(rc)
}

func sha256Hex(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}
