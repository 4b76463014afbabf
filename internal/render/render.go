// Package render executes the site's html/template set: the built-in
// templates embedded in the binary, overridden file by file by a site's own
// templates/ folder.
package render

import (
	"bytes"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"path"
	"slices"
	"strings"
	"sync"

	"github.com/opsreport/opsreport/internal/diag"
)

// Set is a parsed template set. It is safe for concurrent Execute calls.
type Set struct {
	tmpl *template.Template
	from map[string]string // template file name → the file it was read from
}

// New parses every *.html file of builtin and then of own (either may be
// nil); a file of own replaces the built-in file with the same name.
// ownDir is own's folder as messages show it ("templates").
func New(builtin, own fs.FS, ownDir string, funcs template.FuncMap, d *diag.List) *Set {
	files := map[string][]byte{}
	from := map[string]string{}
	collect(builtin, "templates(built-in)", files, from, nil)
	collect(own, ownDir, files, from, d)
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	slices.Sort(names)
	root := template.New("").Funcs(funcs).Option("missingkey=error")
	for _, name := range names {
		if _, err := root.New(name).Parse(string(files[name])); err != nil {
			d.Errorf(diag.Pos{File: from[name]}, "%s", cleanTemplateError(err))
		}
		// A {{define}} inside the file is a template of its own: failures
		// in it are reported at this file too.
		for _, t := range root.Templates() {
			if _, ok := from[t.Name()]; !ok {
				from[t.Name()] = from[name]
			}
		}
	}
	return &Set{tmpl: root, from: from}
}

func collect(fsys fs.FS, dir string, files map[string][]byte, from map[string]string, d *diag.List) {
	if fsys == nil {
		return
	}
	fs.WalkDir(fsys, ".", func(p string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() || path.Ext(p) != ".html" {
			return nil
		}
		b, err := fs.ReadFile(fsys, p)
		if err != nil {
			if d != nil {
				d.Errorf(diag.Pos{File: path.Join(dir, p)}, "cannot be read: %v", err)
			}
			return nil
		}
		files[p] = b
		from[p] = path.Join(dir, p)
		return nil
	})
}

// Execute runs the named template. A failure is a diagnostic naming the
// template file, since only a site's own template can make it fail.
func (s *Set) Execute(name string, data any) ([]byte, error) {
	var out []byte
	err := s.ExecuteFunc(name, data, func(b []byte) { out = bytes.Clone(b) })
	return out, err
}

// ExecuteFunc is Execute that hands the output to use in a buffer that is
// reused once use returns, for a caller that writes it out or transforms
// it anyway: a megabyte page is then not copied for nothing.
func (s *Set) ExecuteFunc(name string, data any, use func([]byte)) error {
	t := s.tmpl.Lookup(name)
	if t == nil {
		return diag.Diagnostic{Pos: diag.Pos{File: "templates/" + name}, Msg: "template is missing"}
	}
	b := getBuffer()
	defer buffers.Put(b)
	if err := t.Execute(b, data); err != nil {
		return diag.Diagnostic{Pos: diag.Pos{File: s.from[name]}, Msg: cleanTemplateError(err)}
	}
	use(b.Bytes())
	return nil
}

// buffers are reused by Execute: a template writes its page in many small
// pieces, and a buffer grown anew for each megabyte page spent more time
// in the allocator than the template did.
var buffers sync.Pool

func getBuffer() *bytes.Buffer {
	if b, ok := buffers.Get().(*bytes.Buffer); ok {
		b.Reset()
		return b
	}
	return new(bytes.Buffer)
}

// Has reports whether the set defines the named template: a site's own file
// replaces the built-in one whole, so a define added to the built-in look
// later may be missing from a site's copy.
func (s *Set) Has(name string) bool { return s.tmpl.Lookup(name) != nil }

// HTML is Execute for a fragment that goes into another page.
func (s *Set) HTML(name string, data any) (template.HTML, error) {
	var h template.HTML
	err := s.ExecuteFunc(name, data, func(b []byte) { h = template.HTML(b) })
	return h, err
}

func cleanTemplateError(err error) string {
	msg := err.Error()
	var ee *template.Error
	if errors.As(err, &ee) {
		msg = ee.Description
		if ee.Line > 0 {
			msg = fmt.Sprintf("line %d: %s", ee.Line, msg)
		}
	}
	return strings.TrimPrefix(msg, "template: ")
}
