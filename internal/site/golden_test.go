package site

import (
	"crypto/sha256"
	"fmt"
	"maps"
	"os"
	"slices"
	"strings"
	"testing"

	opsreport "github.com/opsreport/opsreport"
	"github.com/opsreport/opsreport/internal/diag"
)

// TestExampleOutputIsUnchanged holds every byte the example site builds to
// (with and without drafts) to testdata/example-output.txt, one SHA-256 a
// file: a refactoring must leave it as it is, and a change of output shows
// in the diff as the files it touched. -update rewrites it.
func TestExampleOutputIsUnchanged(t *testing.T) {
	var b strings.Builder
	for _, drafts := range []bool{false, true} {
		var d diag.List
		out := Build(os.DirFS("../.."), Options{Look: opsreport.Builtin, Drafts: drafts}, &d)
		if out == nil {
			t.Fatal(d.Items())
		}
		fmt.Fprintf(&b, "# drafts: %v\n", drafts)
		for _, name := range slices.Sorted(maps.Keys(out.Files)) {
			fmt.Fprintf(&b, "%x  %s\n", sha256.Sum256(out.Files[name]), name)
		}
	}
	const golden = "testdata/example-output.txt"
	if *update {
		if err := os.WriteFile(golden, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if got := b.String(); got != string(want) {
		t.Errorf("the example site's output changed (run with -update and review the diff of %s):\n%s", golden, lineDiff(string(want), got))
	}
}

// lineDiff lists the lines only one of a and b has.
func lineDiff(a, b string) string {
	var out []string
	as, bs := strings.Split(a, "\n"), strings.Split(b, "\n")
	for _, l := range as {
		if !slices.Contains(bs, l) {
			out = append(out, "- "+l)
		}
	}
	for _, l := range bs {
		if !slices.Contains(as, l) {
			out = append(out, "+ "+l)
		}
	}
	return strings.Join(out, "\n")
}
