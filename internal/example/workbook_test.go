package example

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"
)

var update = flag.Bool("update", false, "rewrite data/metrics.xlsx from the generator")

// repoRoot walks up from the test's directory to the folder holding go.mod:
// the repository root, which is also the example site.
func repoRoot(t *testing.T) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("no go.mod above the test directory")
		}
		dir = parent
	}
}

// generate returns the workbook's bytes.
func generate(t testing.TB) []byte {
	t.Helper()
	f, err := Workbook()
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	buf, err := f.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestWorkbookIsDeterministic(t *testing.T) {
	a, b := generate(t), generate(t)
	if !bytes.Equal(a, b) {
		t.Fatalf("two generations differ: %d and %d bytes", len(a), len(b))
	}
}

func TestWorkbookIsCurrent(t *testing.T) {
	path := filepath.Join(repoRoot(t), "data", "metrics.xlsx")
	got := generate(t)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run: go test ./internal/example -update)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("data/metrics.xlsx is stale: the generator gives %d bytes, the file has %d; run: go test ./internal/example -update", len(got), len(want))
	}
}

// BenchmarkWorkbook measures one generation of the workbook, bytes included.
func BenchmarkWorkbook(b *testing.B) {
	for b.Loop() {
		generate(b)
	}
}
