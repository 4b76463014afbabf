package view_test

import (
	"os"
	"slices"
	"strings"
	"testing"

	opsreport "github.com/opsreport/opsreport"
	"github.com/opsreport/opsreport/internal/diag"
	"github.com/opsreport/opsreport/internal/site"
	"github.com/opsreport/opsreport/internal/view"
)

// TestReviewPagesLinkTheirPack: every review page links its pack.html and
// its zip, and its pack.pdf only when the build prints one (Data.PackPDF).
func TestReviewPagesLinkTheirPack(t *testing.T) {
	fsys := os.DirFS("../..")
	for _, pdfs := range [][]string{nil, {"*"}, {"2026-10"}} {
		var d diag.List
		s := site.Load(fsys, site.Options{Look: opsreport.Builtin, PDF: pdfs}, &d)
		if d.HasErrors() {
			t.Fatal(d.Items())
		}
		data := s.Data()
		out := view.Render(data, view.NewLook(opsreport.Builtin, fsys, &d), nil, &d)
		if d.HasErrors() {
			t.Fatal(d.Items())
		}
		for _, rev := range data.Reviews {
			page := string(out.Files["reviews/"+rev.Slug+"/index.html"])
			for _, want := range []string{`<a href="pack.html">`, `<a href="../../packs/opsreport-` + rev.Slug + `.zip" download>`} {
				if !strings.Contains(page, want) {
					t.Errorf("%s lacks %s", rev.Slug, want)
				}
			}
			want := slices.Contains(pdfs, "*") || slices.Contains(pdfs, rev.Slug)
			if got := strings.Contains(page, `<a href="pack.pdf" download>`); got != want {
				t.Errorf("%s: PDF link %v with Options.PDF %v", rev.Slug, got, pdfs)
			}
		}
	}
}
