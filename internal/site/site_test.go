package site

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/rogpeppe/go-internal/txtar"

	opsreport "github.com/opsreport/opsreport"
	"github.com/opsreport/opsreport/internal/diag"
)

var update = flag.Bool("update", false, "rewrite want/diagnostics sections of testdata/site/*.txtar")

// TestSites runs every testdata/site/*.txtar: its files are a site folder,
// and its want sections say what the build must give.
//
//	-- want/diagnostics --       every diagnostic, exactly, in order
//	-- want/PATH --              each non-empty line must appear in output file PATH
//	-- want-not/PATH --          no non-empty line may appear in PATH
//	-- want-missing/PATH --      PATH must not be written (content ignored)
//
// A site whose diagnostics hold an error must produce no output at all.
func TestSites(t *testing.T) {
	files, _ := filepath.Glob("testdata/site/*.txtar")
	if len(files) == 0 {
		t.Fatal("no site tests found")
	}
	for _, file := range files {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".txtar"), func(t *testing.T) {
			runSiteTest(t, file)
		})
	}
}

func runSiteTest(t *testing.T, file string) {
	ar, err := txtar.ParseFile(file)
	if err != nil {
		t.Fatal(err)
	}
	fsys := fstest.MapFS{}
	var wants []txtar.File
	for _, f := range ar.Files {
		if strings.HasPrefix(f.Name, "want") {
			wants = append(wants, f)
			continue
		}
		fsys[f.Name] = &fstest.MapFile{Data: f.Data}
	}
	opts := Options{Look: opsreport.Builtin, Drafts: strings.Contains(string(ar.Comment), "drafts: true")}
	var d diag.List
	out := Build(fsys, opts, &d)
	var got bytes.Buffer
	d.Print(&got)
	if d.HasErrors() != (out == nil) {
		t.Fatalf("errors %v but output %v", d.HasErrors(), out != nil)
	}
	checkDiagnostics(t, ar, file, wants, got.String())
	for _, w := range wants {
		name, path, _ := strings.Cut(w.Name, "/")
		if name == "want" && path == "diagnostics" {
			continue
		}
		if out == nil {
			t.Errorf("%s: no output to check (the build failed)", w.Name)
			continue
		}
		page, ok := out.Files[path]
		switch name {
		case "want-missing":
			if ok {
				t.Errorf("%s was written", path)
			}
			continue
		case "want", "want-not":
			if !ok {
				t.Errorf("%s was not written", path)
				continue
			}
		default:
			t.Fatalf("unknown section %s", w.Name)
		}
		for _, line := range strings.Split(string(w.Data), "\n") {
			if line = strings.TrimSpace(line); line == "" {
				continue
			}
			has := bytes.Contains(page, []byte(line))
			if name == "want" && !has {
				t.Errorf("%s lacks %q", path, line)
			}
			if name == "want-not" && has {
				t.Errorf("%s has %q", path, line)
			}
		}
	}
}

func checkDiagnostics(t *testing.T, ar *txtar.Archive, file string, wants []txtar.File, got string) {
	t.Helper()
	for i, w := range wants {
		if w.Name != "want/diagnostics" {
			continue
		}
		if string(w.Data) == got {
			return
		}
		if *update {
			for j := range ar.Files {
				if ar.Files[j].Name == "want/diagnostics" {
					ar.Files[j].Data = []byte(got)
				}
			}
			os.WriteFile(file, txtar.Format(ar), 0o644)
			return
		}
		t.Errorf("diagnostics (section %d):\ngot:\n%s\nwant:\n%s", i, got, w.Data)
		return
	}
	if got != "" {
		t.Errorf("unexpected diagnostics (add a want/diagnostics section):\n%s", got)
	}
}
