package view_test

import (
	"bytes"
	"os"
	"sync"
	"testing"

	opsreport "github.com/opsreport/opsreport"
	"github.com/opsreport/opsreport/internal/diag"
	"github.com/opsreport/opsreport/internal/site"
	"github.com/opsreport/opsreport/internal/view"
)

// TestSpilledFilesAreTheKeptOnes renders the example site twice, once
// keeping every file in the output and once handing the large ones to a
// Spill, which gets pages in buffers the renderer reuses once it returns
// (render.ExecuteSpliced's output, pack pages spliced, then made in one
// buffer): each file is the same either way, so no page or pack holds
// bytes of another.
func TestSpilledFilesAreTheKeptOnes(t *testing.T) {
	var d diag.List
	s := site.Load(os.DirFS("../.."), site.Options{Look: opsreport.Builtin, Drafts: true}, &d)
	if d.HasErrors() {
		t.Fatal(d.Items())
	}
	render := func(spill view.Spill) map[string][]byte {
		look := view.NewLook(opsreport.Builtin, os.DirFS("../.."), &d)
		out := view.Render(s.Data(), look, spill, &d)
		if d.HasErrors() {
			t.Fatal(d.Items())
		}
		return out.Files
	}
	kept := render(nil)
	var mu sync.Mutex
	spilled := map[string][]byte{}
	files := render(func(path string, data []byte) error {
		mu.Lock()
		spilled[path] = bytes.Clone(data)
		mu.Unlock()
		return nil
	})
	packs := 0
	for path, data := range spilled {
		if files[path] != nil {
			t.Errorf("%s is both spilled and kept", path)
		}
		if !bytes.Equal(data, kept[path]) {
			t.Errorf("%s spilled differs from %s kept", path, path)
		}
		if bytes.HasSuffix([]byte(path), []byte("/pack.html")) {
			packs++
		}
		files[path] = data
	}
	if packs < 2 {
		t.Fatalf("%d packs spilled; the test needs two or more", packs)
	}
	if len(files) != len(kept) {
		t.Errorf("%d files spilled and kept, %d kept alone", len(files), len(kept))
	}
	for path, data := range files {
		if !bytes.Equal(data, kept[path]) {
			t.Errorf("%s kept beside spilled files differs from %s kept alone", path, path)
		}
	}
}
