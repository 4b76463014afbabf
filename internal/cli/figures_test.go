package cli

import (
	"os"
	"testing"
)

// TestIsTerminal: the null device and a pipe are no terminal, so
// `opsreport figures --format xlsx > /dev/null` and `| cat` are allowed.
func TestIsTerminal(t *testing.T) {
	null, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer null.Close()
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	defer w.Close()
	if isTerminal(null) || isTerminal(w) {
		t.Error("the null device or a pipe taken for a terminal")
	}
}
