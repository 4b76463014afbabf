package site

import (
	"bytes"
	"os"
	"testing"

	opsreport "github.com/opsreport/opsreport"
	"github.com/opsreport/opsreport/internal/diag"
)

// TestExampleSiteBuilds builds the repository's own example site: it must
// build with no diagnostic at all, and twice to the same bytes.
func TestExampleSiteBuilds(t *testing.T) {
	fsys := os.DirFS("../..")
	var d diag.List
	out := Build(fsys, Options{Look: opsreport.Builtin}, &d)
	var b bytes.Buffer
	d.Print(&b)
	if out == nil || d.Errors() > 0 {
		t.Fatalf("example site failed to build:\n%s", b.String())
	}
	if b.Len() > 0 {
		t.Errorf("unexpected diagnostics:\n%s", b.String())
	}
	var d2 diag.List
	again := Build(fsys, Options{Look: opsreport.Builtin}, &d2)
	if len(again.Files) != len(out.Files) {
		t.Fatalf("second build wrote %d files, first %d", len(again.Files), len(out.Files))
	}
	for name, data := range out.Files {
		if !bytes.Equal(again.Files[name], data) {
			t.Errorf("%s differs between two builds", name)
		}
	}
}
