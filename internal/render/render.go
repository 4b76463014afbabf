// Package render executes the site's html/template set: the built-in
// templates embedded in the binary, overridden define by define by a site's
// own templates/ folder.
package render

import (
	"bytes"
	"cmp"
	"errors"
	"html/template"
	"io/fs"
	"path"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"text/template/parse"

	"github.com/opsreport/opsreport/internal/diag"
)

// Set is a parsed template set. It is safe for concurrent Execute calls.
type Set struct {
	tmpl *template.Template
	from map[string]string // template name → the file it was last defined in
	own  bool              // a site's own templates/ defined something (see executeSpliced and Own)
}

// Own reports whether a site's own templates/ changed anything: a file
// that is not a built-in one byte for byte. A copy of the built-in
// templates (the project's example site keeps one) changes nothing.
func (s *Set) Own() bool { return s.own }

// New parses every *.html file of builtin and then of own (either may be
// nil). A site's own file is parsed over the built-in set: each {{define}}
// in it replaces the built-in template of that name, whichever file holds
// either, and the rest of the built-in set stays; a file with the name of
// a built-in file and content outside any define replaces that file's own
// template too. ownDir is own's folder as messages show it ("templates").
func New(builtin, own fs.FS, ownDir string, funcs template.FuncMap, d *diag.List) *Set {
	s := &Set{tmpl: template.New("").Funcs(funcs).Option("missingkey=error"), from: map[string]string{}}
	s.parseAll(builtin, "templates(built-in)", nil, d)
	s.own = s.parseAll(own, ownDir, builtin, d)
	return s
}

// parseAll parses fsys's files in name order, reporting whether it had any
// that is not like's file of the same name byte for byte (any at all when
// like is nil); problems go to d.
func (s *Set) parseAll(fsys fs.FS, dir string, like fs.FS, d *diag.List) (any bool) {
	if fsys == nil {
		return false
	}
	fs.WalkDir(fsys, ".", func(p string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() || path.Ext(p) != ".html" {
			return nil
		}
		b, err := fs.ReadFile(fsys, p)
		if err != nil {
			any = true
			d.Errorf(diag.Pos{File: path.Join(dir, p)}, "cannot be read: %v", err)
			return nil
		}
		if like == nil {
			any = true
		} else if same, err := fs.ReadFile(like, p); err != nil || !bytes.Equal(same, b) {
			any = true
		}
		s.parse(p, path.Join(dir, p), b, d)
		return nil
	})
	return any
}

// parse adds one file's templates, noting the file of every template it
// defines or redefines, so that a failure in it names the file.
func (s *Set) parse(name, file string, src []byte, d *diag.List) {
	before := map[string]*parse.Tree{}
	for _, t := range s.tmpl.Templates() {
		before[t.Name()] = t.Tree
	}
	if _, ok := s.from[name]; !ok {
		s.from[name] = file
	}
	if _, err := s.tmpl.New(name).Parse(string(src)); err != nil {
		d.Add(templateProblem(err, name, s.from))
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
		return templateProblem(err, name, s.from)
	}
	use(b.Bytes())
	return nil
}

// buffers are reused by Execute: a template writes its page in many small
// pieces, and a buffer grown anew for each megabyte page spent more time
// in the allocator than the template did. A sync.Pool, which a garbage
// collection empties: buffers kept for good would be live heap a large
// build's peak carries (measured: some 30 MB more at the peak for a few
// tenths of a second less CPU).
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

var (
	// execError is text/template's "template: FILE:LINE:COL: executing
	// "NAME" at <ACTION>: PROBLEM"; FILE is the file the action is in.
	execError = regexp.MustCompile(`^template: ([^:]+):(\d+):(\d+): executing "([^"]*)" at <(.*?)>: (.*)$`)
	// parseError is "template: FILE:LINE: PROBLEM" (a column may follow).
	parseError = regexp.MustCompile(`^template: ([^:]+):(\d+):(?:(\d+):)? (.*)$`)
	// typeName is a Go type in a message: "in type site.reviewData",
	// "len of type int".
	typeName = regexp.MustCompile(` (in|of) type ([^\s:;,]+)`)
	// context is html/template's dump of its escaper state.
	context = regexp.MustCompile(`:? *\{state[^}]*\}`)
	// nilField is "nil pointer evaluating *site.Review.Title".
	nilField = regexp.MustCompile(`nil pointer evaluating \S*?\.(\w+)$`)
)

// templateProblem is a template error as a diagnostic at the user's file
// and line (and column, for an action that failed), in words without Go's
// type names. name is the template that was parsed or executed; from maps
// template names to their files.
func templateProblem(err error, name string, from map[string]string) diag.Diagnostic {
	fileOf := func(n string) string { return cmp.Or(from[n], from[name], "templates/"+n) }
	pos := diag.Pos{File: fileOf(name)}
	msg := err.Error()
	var ee *template.Error
	if errors.As(err, &ee) {
		if ee.Name != "" {
			pos.File = fileOf(ee.Name)
		}
		pos.Line, msg = ee.Line, ee.Description
		if ee.ErrorCode == template.ErrEndContext {
			msg = "ends inside a tag, an attribute or a quoted value (an unclosed quote or tag?)"
		}
	} else if m := execError.FindStringSubmatch(msg); m != nil {
		// The file a define was last given in, by the executing
		// template's name: a site's own partials.html and the built-in
		// one share a file name.
		file := cmp.Or(from[m[4]], fileOf(m[1]))
		pos.File, pos.Line, pos.Col = file, atoi(m[2]), atoi(m[3])
		msg = "{{" + m[5] + "}}: " + m[6]
	} else if m := parseError.FindStringSubmatch(msg); m != nil {
		pos.File, pos.Line, msg = fileOf(m[1]), atoi(m[2]), m[4]
	}
	msg = strings.ReplaceAll(strings.TrimPrefix(msg, "template: "), "reflect: ", "")
	msg = nilField.ReplaceAllString(msg, "there is no value to read .$1 from here")
	msg = context.ReplaceAllString(msg, "")
	msg = typeName.ReplaceAllStringFunc(msg, func(t string) string {
		m := typeName.FindStringSubmatch(t)
		if m[1] == "in" {
			return ""
		}
		return " of " + kindWord(m[2])
	})
	return diag.Diagnostic{Pos: pos, Msg: msg}
}

// kindWord names a Go type as a template writer sees its values.
func kindWord(t string) string {
	switch {
	case t == "string" || t == "template.HTML":
		return "text"
	case strings.HasPrefix(t, "int") || strings.HasPrefix(t, "uint") || strings.HasPrefix(t, "float"):
		return "a number"
	case t == "bool":
		return "true or false"
	}
	return "this value"
}

func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}
