// Package render executes the site's html/template set: the built-in
// templates embedded in the binary, overridden define by define by a site's
// own templates/ folder.
package render

import (
	"bytes"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"path"
	"strings"
	"sync"
	"text/template/parse"

	"github.com/opsreport/opsreport/internal/diag"
)

// Set is a parsed template set. It is safe for concurrent Execute calls.
type Set struct {
	tmpl *template.Template
	from map[string]string // template name → the file it was last defined in
}

// New parses every *.html file of builtin and then of own (either may be
// nil). A site's own file is parsed over the built-in set: each {{define}}
// in it replaces the built-in template of that name, whichever file holds
// either, and the rest of the built-in set stays; a file with the name of
// a built-in file and content outside any define replaces that file's own
// template too. ownDir is own's folder as messages show it ("templates").
func New(builtin, own fs.FS, ownDir string, funcs template.FuncMap, d *diag.List) *Set {
	s := &Set{tmpl: template.New("").Funcs(funcs).Option("missingkey=error"), from: map[string]string{}}
	s.parseAll(builtin, "templates(built-in)", d)
	s.parseAll(own, ownDir, d)
	return s
}

// parseAll parses fsys's files in name order; problems go to d.
func (s *Set) parseAll(fsys fs.FS, dir string, d *diag.List) {
	if fsys == nil {
		return
	}
	fs.WalkDir(fsys, ".", func(p string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() || path.Ext(p) != ".html" {
			return nil
		}
		b, err := fs.ReadFile(fsys, p)
		if err != nil {
			d.Errorf(diag.Pos{File: path.Join(dir, p)}, "cannot be read: %v", err)
			return nil
		}
		s.parse(p, path.Join(dir, p), b, d)
		return nil
	})
}

// parse adds one file's templates, noting the file of every template it
// defines or redefines, so that a failure in it names the file.
func (s *Set) parse(name, file string, src []byte, d *diag.List) {
	before := map[string]*parse.Tree{}
	for _, t := range s.tmpl.Templates() {
		before[t.Name()] = t.Tree
	}
	if _, err := s.tmpl.New(name).Parse(string(src)); err != nil {
		d.Errorf(diag.Pos{File: file}, "%s", cleanTemplateError(err))
		return
	}
	for _, t := range s.tmpl.Templates() {
		if tree, ok := before[t.Name()]; !ok || tree != t.Tree {
			s.from[t.Name()] = file
		}
	}
	if _, ok := s.from[name]; !ok {
		s.from[name] = file
	}
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

// Has reports whether the set defines the named template.
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
