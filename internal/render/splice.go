package render

// Splicing: a page holds a few large fragments made before its template
// runs (a 500-row scorecard, an appendix, a section's text and charts).
// Printed through text/template, each is copied into fmt's buffer, which
// for a value past 64 KB is a new allocation every time, and then into the
// output, which grows by doubling. Instead the template gets a short
// placeholder for each, and the fragments are copied once into an output
// allocated at its final size after the template has run.
//
// A placeholder is NUL, the word "opsreportfragment", the fragment's
// index in decimal, and NUL. html/template prints a template.HTML value
// unchanged only as HTML text, where the fragment itself goes in unchanged
// too; in every other place (an attribute, a script, a URL, a comment,
// RCDATA, through print or printf) it escapes, strips or drops the NULs,
// and every escaper leaves the word's letters alone. So a placeholder
// found whole in the output stands exactly where the fragment would have
// been printed as it is, and a NUL or the word found in any other shape
// (or an index not handed out) means the template did something else with
// the value, or a page's text holds the word (no escaper and no function
// opsreport gives templates changes its case): the template is then run
// again with the fragments themselves, which is what a template without
// splicing prints. A fragment printed twice is spliced twice; one not
// printed is not.
//
// A template that measures a fragment (len), cuts it (slice, index) or
// compares it with another value would see its placeholder: the built-in
// templates only print them or test them with if, which a placeholder
// answers as its fragment does (an empty fragment gets no placeholder), and
// a set holding a site's own templates is not spliced at all.

import (
	"bytes"
	"html/template"
	"strconv"
	"strings"

	"github.com/opsreport/opsreport/internal/diag"
)

// Fragments hand out placeholders for large HTML values during one
// execution (ExecuteSpliced, HTMLSpliced). A nil *Fragments, and the one of
// the fallback run, hands each value back as it is.
type Fragments struct {
	off  bool
	list []string
}

// minFragment is the size from which a value is spliced: below it, a
// placeholder saves less than it costs.
const minFragment = 1 << 10

// word is in every placeholder, between a NUL and its index.
const word = "opsreportfragment"

// HTML returns a placeholder standing for h in the template's output, or
// h itself when it is small or f is off.
func (f *Fragments) HTML(h template.HTML) template.HTML {
	if f == nil || f.off || len(h) < minFragment {
		return h
	}
	f.list = append(f.list, string(h))
	return template.HTML(placeholder(len(f.list) - 1))
}

func placeholder(i int) string {
	var b [40]byte
	p := strconv.AppendInt(append(append(b[:0], 0), word...), int64(i), 10)
	return string(append(p, 0))
}

// writer is what a spliced output is written to: a bytes.Buffer for a
// page, a strings.Builder for a fragment kept as a string.
type writer interface {
	Grow(int)
	Write([]byte) (int, error)
	WriteString(string) (int, error)
}

// splice writes src with each placeholder replaced by its fragment to w,
// grown once to the final size. It reports false, having written nothing,
// when src holds a NUL or word that is not part of a whole placeholder
// handed out by f.
func (f *Fragments) splice(w writer, src []byte) bool {
	type found struct{ at, end, i int }
	var spots []found
	size := len(src)
	for i := 0; ; {
		j := bytes.IndexByte(src[i:], 0)
		if j < 0 {
			break
		}
		at := i + j
		k, end, ok := f.parse(src, at)
		if !ok {
			return false
		}
		spots = append(spots, found{at, end, k})
		size += len(f.list[k]) - (end - at)
		i = end
	}
	// Every whole placeholder holds word once; any other one is part of
	// a placeholder the template escaped, cut or changed.
	if bytes.Count(src, []byte(word)) != len(spots) {
		return false
	}
	w.Grow(size)
	done := 0
	for _, s := range spots {
		w.Write(src[done:s.at])
		w.WriteString(f.list[s.i])
		done = s.end
	}
	w.Write(src[done:])
	return true
}

// parse reads the placeholder at src[at:], which starts with NUL: the
// fragment's index and where the placeholder ends.
func (f *Fragments) parse(src []byte, at int) (i, end int, ok bool) {
	rest := src[at+1:]
	if !bytes.HasPrefix(rest, []byte(word)) {
		return 0, 0, false
	}
	rest = rest[len(word):]
	n := 0
	for n < len(rest) && n < 10 && rest[n] >= '0' && rest[n] <= '9' {
		n++
	}
	if n == 0 || n > 1 && rest[0] == '0' {
		return 0, 0, false
	}
	k, err := strconv.Atoi(string(rest[:n]))
	if err != nil || k >= len(f.list) {
		return 0, 0, false
	}
	if len(rest) == n || rest[n] != 0 {
		return 0, 0, false
	}
	return k, at + 1 + len(word) + n + 1, true
}

// ExecuteSpliced is ExecuteFunc for data holding large fragments: data
// makes the template's data, putting each large template.HTML value
// through f.HTML, and the fragments are spliced into the output (see the
// comment at the top of this file). data may be called a second time,
// with a Fragments that hands every value back as it is, when the
// template did something other than print a placeholder; it must make the
// same data each time and change nothing it was given.
func (s *Set) ExecuteSpliced(name string, data func(f *Fragments) any, use func([]byte)) error {
	out := getBuffer()
	defer buffers.Put(out)
	used := false
	err := s.executeSpliced(name, data, out, func(b []byte) { used = true; use(b) })
	if err == nil && !used {
		use(out.Bytes())
	}
	return err
}

// HTMLSpliced is HTML for data holding large fragments, as ExecuteSpliced.
func (s *Set) HTMLSpliced(name string, data func(f *Fragments) any) (template.HTML, error) {
	var sb strings.Builder
	var h template.HTML
	used := false
	err := s.executeSpliced(name, data, &sb, func(b []byte) { used = true; h = template.HTML(b) })
	if err == nil && !used {
		h = template.HTML(sb.String())
	}
	return h, err
}

// executeSpliced runs the named template with data's fragments spliced
// into w; when there was nothing to splice, or the fallback ran, it hands
// the output to use instead.
func (s *Set) executeSpliced(name string, data func(f *Fragments) any, w writer, use func([]byte)) error {
	t := s.tmpl.Lookup(name)
	if t == nil {
		return diag.Diagnostic{Pos: diag.Pos{File: "templates/" + name}, Msg: "template is missing"}
	}
	b := getBuffer()
	defer buffers.Put(b)
	// A site's own template may measure or cut a value (len, slice,
	// index, eq), which would see a placeholder: a site with templates of
	// its own gets its values whole, as Execute gives them.
	f := &Fragments{off: s.own}
	if err := t.Execute(b, data(f)); err != nil {
		return templateProblem(err, name, s.from)
	}
	if len(f.list) > 0 {
		if f.splice(w, b.Bytes()) {
			return nil
		}
		b.Reset()
		if err := t.Execute(b, data(&Fragments{off: true})); err != nil {
			return templateProblem(err, name, s.from)
		}
	}
	use(b.Bytes())
	return nil
}
