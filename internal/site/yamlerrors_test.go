package site

import (
	"io/fs"
	"os"
	"strings"
	"testing"
	"testing/fstest"

	opsreport "github.com/opsreport/opsreport"
	"github.com/opsreport/opsreport/internal/diag"
)

// exampleFS is the repository's example site in memory, to be broken.
func exampleFS(t *testing.T) fstest.MapFS {
	t.Helper()
	root := os.DirFS("../..")
	out := fstest.MapFS{}
	for _, dir := range []string{"content", "data"} {
		err := fs.WalkDir(root, dir, func(p string, e fs.DirEntry, err error) error {
			if err != nil || e.IsDir() {
				return err
			}
			b, err := fs.ReadFile(root, p)
			out[p] = &fstest.MapFile{Data: b}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	b, err := fs.ReadFile(root, ConfigFile)
	if err != nil {
		t.Fatal(err)
	}
	out[ConfigFile] = &fstest.MapFile{Data: b}
	return out
}

// breakLine makes one kind of YAML mistake on line n (from 1) of src.
func breakLine(t *testing.T, src []byte, n int, kind string) []byte {
	t.Helper()
	lines := strings.Split(string(src), "\n")
	l := lines[n-1]
	key, _, ok := strings.Cut(l, ": ")
	if !ok {
		t.Fatalf("line %d %q is not a key and value", n, l)
	}
	switch kind {
	case "indentation":
		if strings.HasPrefix(l, " ") {
			l = l[1:]
		} else {
			l = " " + l
		}
	case "tab":
		l = "\t" + strings.TrimLeft(l, " ")
	case "missing colon":
		l = strings.Replace(l, ": ", " ", 1)
	case "unclosed quote":
		l = strings.Replace(l, ": ", `: "`, 1)
	case "duplicate key":
		prev, _, _ := strings.Cut(lines[n-2], ": ")
		l = prev + l[len(key):]
	}
	lines[n-1] = l
	return []byte(strings.Join(lines, "\n"))
}

// TestOneYAMLMistakeOneMessage breaks the example site's catalog, its
// opsreport.yaml and a review's front matter, one mistake at a time, and
// wants exactly one error, at the line of the mistake, and nothing that
// follows from it: not an "unknown KPI" for every value and shortcode
// after a catalog that did not parse, only one warning saying what was
// not checked. A key given twice leaves a catalog that parses: it is
// used, and the error is the only message.
func TestOneYAMLMistakeOneMessage(t *testing.T) {
	const notChecked = "data/kpis.yaml: warning: KPI values, the risk register and action log, data/sources.yaml and the KPIs named in narratives were not checked: they need a catalog without errors"
	places := []struct {
		file     string
		line     int // a key and value; the line above is a key of the same mapping
		warnings []string
	}{
		{"data/kpis.yaml", 179, []string{notChecked}},
		{ConfigFile, 5, nil},
		{"content/reviews/2026-10/index.md", 4, nil},
	}
	kinds := []string{"indentation", "tab", "missing colon", "unclosed quote", "duplicate key"}
	base := exampleFS(t)
	for _, p := range places {
		for _, kind := range kinds {
			t.Run(p.file+"/"+kind, func(t *testing.T) {
				fsys := fstest.MapFS{}
				for name, f := range base {
					fsys[name] = f
				}
				fsys[p.file] = &fstest.MapFile{Data: breakLine(t, base[p.file].Data, p.line, kind)}
				var d diag.List
				if Build(fsys, Options{Look: opsreport.Builtin}, &d) != nil {
					t.Fatal("built")
				}
				var errs, warns []string
				for _, it := range d.Items() {
					if it.Severity == diag.Error {
						errs = append(errs, it.String())
						if it.Pos.File != p.file || it.Pos.Line != p.line {
							t.Errorf("error at %s, want %s:%d", it.Pos, p.file, p.line)
						}
					} else {
						warns = append(warns, it.String())
					}
				}
				if len(errs) != 1 {
					t.Errorf("%d errors, want 1:\n%s", len(errs), strings.Join(errs, "\n"))
				}
				want := p.warnings
				if kind == "duplicate key" {
					want = nil // the catalog parses, and is used
				}
				if strings.Join(warns, "\n") != strings.Join(want, "\n") {
					t.Errorf("warnings:\n%s\nwant:\n%s", strings.Join(warns, "\n"), strings.Join(want, "\n"))
				}
			})
		}
	}
}
