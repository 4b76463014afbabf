package site

import (
	"errors"
	"io/fs"
	"strings"
	"testing"

	opsreport "github.com/opsreport/opsreport"
	"github.com/opsreport/opsreport/internal/diag"
)

// failing is a site folder in which one file cannot be read.
type failing struct {
	fs.FS
	name string
}

func (f failing) Open(name string) (fs.File, error) {
	if name == f.name {
		return nil, &fs.PathError{Op: "open", Path: name, Err: errors.New("permission denied")}
	}
	return f.FS.Open(name)
}

// TestUnreadableFilesAreDiagnostics is package diag's rule for a build: a
// file of the site folder that cannot be read is reported at that file,
// and nothing is built.
func TestUnreadableFilesAreDiagnostics(t *testing.T) {
	const name = "content/reviews/2026-04/10-ops.md"
	fsys := failing{siteFromTxtar(t, "testdata/site/pages.txtar"), name}
	var d diag.List
	if out := Build(fsys, Options{Look: opsreport.Builtin}, &d); out != nil {
		t.Error("built a site with an unreadable section")
	}
	var b strings.Builder
	d.Print(&b)
	want := "content/reviews/2026-04/10-ops.md: cannot be read: open content/reviews/2026-04/10-ops.md: permission denied\n"
	if b.String() != want {
		t.Errorf("diagnostics:\n%s\nwant:\n%s", b.String(), want)
	}
}
