package site

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"testing"
	"testing/fstest"

	opsreport "github.com/opsreport/opsreport"
	"github.com/opsreport/opsreport/internal/diag"
)

// BenchmarkBuildExample is the full in-memory build of the repository's
// example site: load the workbook and narratives, compute, render.
func BenchmarkBuildExample(b *testing.B) {
	fsys := os.DirFS("../..")
	b.ReportAllocs()
	for b.Loop() {
		var d diag.List
		if out := Build(fsys, Options{Look: opsreport.Builtin}, &d); out == nil {
			b.Fatal("build failed")
		}
	}
}

// BenchmarkBuilderNarrativeEdit is the preview's rebuild after a narrative
// edit on the example site: the narratives re-parsed against the loaded
// data, one review (page, pack, zip) and the home page re-rendered.
func BenchmarkBuilderNarrativeEdit(b *testing.B) {
	fsys := fstest.MapFS{}
	root := os.DirFS("../..")
	for _, dir := range []string{"opsreport.yaml", "content", "data"} {
		fs.WalkDir(root, dir, func(p string, e fs.DirEntry, err error) error {
			if err == nil && !e.IsDir() {
				data, _ := fs.ReadFile(root, p)
				fsys[p] = &fstest.MapFile{Data: data}
			}
			return nil
		})
	}
	bl := NewBuilder(fsys, Options{Look: opsreport.Builtin, Drafts: true})
	var d diag.List
	if out, _ := bl.Build(nil, &d); out == nil {
		b.Fatal(d.Items())
	}
	const file = "content/reviews/2026-10/30-operations.md"
	orig := fsys[file].Data
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		i++
		fsys[file] = &fstest.MapFile{Data: append(bytes.Clone(orig), fmt.Sprintf("\nEdit %d.\n", i)...)}
		var d diag.List
		if out, _ := bl.Build([]string{file}, &d); out == nil || !out.Partial {
			b.Fatal("not a partial build", d.Items())
		}
	}
}
