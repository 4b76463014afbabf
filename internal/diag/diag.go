// Package diag holds the user-facing problems of a build: a position in a
// user's file, a message, and a list that collects them across the whole
// build, sorts them by position and prints them all at once.
//
// A Diagnostic is a problem the user can act on at a place: mostly a
// mistake (a bad cell, an unknown KPI), and also, during a build, a file of
// the site folder that cannot be read ("data/m.xlsx: cannot be read: …") or
// an output file a build hands to publish that cannot be written. A build
// reads its site through an fs.FS and collects: such a failure is reported
// at its file among the other problems, and the build writes nothing. A
// panic recovered in a build's goroutine becomes an error diagnostic that
// asks to report it, since it would otherwise end the process past the
// command line's recover. Outside a build (writing a user's file, the
// output folder, serving) I/O failures are ordinary Go errors.
package diag

import (
	"cmp"
	"fmt"
	"io"
	"slices"
	"strings"
	"sync"
)

// Pos is where something came from in a user's file. A spreadsheet cell has
// Sheet and Cell ("Monthly", "C14"); a text file has Line and, where it is
// known, Col. File is slash-separated and relative to the site folder.
type Pos struct {
	File  string
	Sheet string // workbook sheet name; empty for text files
	Cell  string // A1-style reference within Sheet
	Line  int    // 1-based; 0 when unknown
	Col   int    // 1-based; 0 when unknown
}

// String renders the position the way messages show it:
// "data/m.xlsx: Monthly!C14", "data/x.csv:7:3", "content/a.md:12", "data/kpis.yaml".
func (p Pos) String() string {
	var b strings.Builder
	b.WriteString(p.File)
	switch {
	case p.Sheet != "" || p.Cell != "":
		b.WriteString(": ")
		if p.Sheet != "" {
			b.WriteString(p.Sheet)
			if p.Cell != "" {
				b.WriteByte('!')
			}
		}
		b.WriteString(p.Cell)
	case p.Line > 0:
		fmt.Fprintf(&b, ":%d", p.Line)
		if p.Col > 0 {
			fmt.Fprintf(&b, ":%d", p.Col)
		}
	}
	return b.String()
}

// IsZero reports whether p names no place at all.
func (p Pos) IsZero() bool { return p == Pos{} }

// Compare orders positions by file, sheet, line, column, then cell (row
// before column, so B2 sorts before A10).
func Compare(a, b Pos) int {
	if c := cmp.Compare(a.File, b.File); c != 0 {
		return c
	}
	if c := cmp.Compare(a.Sheet, b.Sheet); c != 0 {
		return c
	}
	if c := cmp.Compare(a.Line, b.Line); c != 0 {
		return c
	}
	if c := cmp.Compare(a.Col, b.Col); c != 0 {
		return c
	}
	ar, ac := splitCell(a.Cell)
	br, bc := splitCell(b.Cell)
	if c := cmp.Compare(ar, br); c != 0 {
		return c
	}
	return cmp.Compare(ac, bc)
}

// splitCell turns "AB12" into row 12 and a column key that sorts A < Z < AA.
func splitCell(ref string) (row int, col string) {
	i := strings.IndexAny(ref, "0123456789")
	if i < 0 {
		return 0, ref
	}
	fmt.Sscanf(ref[i:], "%d", &row)
	return row, fmt.Sprintf("%3s", ref[:i])
}

// Severity tells errors, which fail a build, from warnings, which do not.
type Severity int

const (
	Error Severity = iota
	Warning
)

// Diagnostic is one problem in the user's input.
type Diagnostic struct {
	Pos      Pos
	Severity Severity
	Msg      string
}

// String is the line printed for the user: "pos: msg" for errors and
// "pos: warning: msg" for warnings.
func (d Diagnostic) String() string {
	prefix := ""
	if !d.Pos.IsZero() {
		prefix = d.Pos.String() + ": "
	}
	if d.Severity == Warning {
		prefix += "warning: "
	}
	return prefix + d.Msg
}

// Error lets a single diagnostic travel as a Go error where that is handier.
func (d Diagnostic) Error() string { return d.String() }

// List collects diagnostics. It is safe for concurrent use, so parallel
// loaders can share one.
type List struct {
	mu    sync.Mutex
	items []Diagnostic
}

// Add appends diagnostics.
func (l *List) Add(ds ...Diagnostic) {
	l.mu.Lock()
	l.items = append(l.items, ds...)
	l.mu.Unlock()
}

// Errorf records an error at pos.
func (l *List) Errorf(pos Pos, format string, args ...any) {
	l.Add(Diagnostic{Pos: pos, Severity: Error, Msg: fmt.Sprintf(format, args...)})
}

// Warnf records a warning at pos.
func (l *List) Warnf(pos Pos, format string, args ...any) {
	l.Add(Diagnostic{Pos: pos, Severity: Warning, Msg: fmt.Sprintf(format, args...)})
}

// Merge appends every diagnostic of other.
func (l *List) Merge(other *List) { l.Add(other.Items()...) }

// Items returns the diagnostics sorted by position, then severity, then
// message, with exact duplicates removed.
func (l *List) Items() []Diagnostic {
	l.mu.Lock()
	out := slices.Clone(l.items)
	l.mu.Unlock()
	slices.SortStableFunc(out, func(a, b Diagnostic) int {
		if c := Compare(a.Pos, b.Pos); c != 0 {
			return c
		}
		if c := cmp.Compare(a.Severity, b.Severity); c != 0 {
			return c
		}
		return cmp.Compare(a.Msg, b.Msg)
	})
	return slices.Compact(out)
}

// WarningItems are Items' warnings alone.
func (l *List) WarningItems() []Diagnostic {
	return slices.DeleteFunc(l.Items(), func(d Diagnostic) bool { return d.Severity != Warning })
}

// Errors counts the errors.
func (l *List) Errors() int { return l.count(Error) }

// Warnings counts the warnings.
func (l *List) Warnings() int { return l.count(Warning) }

// HasErrors reports whether any error was recorded.
func (l *List) HasErrors() bool { return l.Errors() > 0 }

func (l *List) count(s Severity) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	n := 0
	for _, d := range l.items {
		if d.Severity == s {
			n++
		}
	}
	return n
}

// Print writes every diagnostic, one a line, in sorted order.
func (l *List) Print(w io.Writer) {
	for _, d := range l.Items() {
		fmt.Fprintln(w, d.String())
	}
}

// Plural counts n of a word in a message: "1 error", "3 errors".
func Plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

// Capped joins items for a message, at most limit of them, then "and N
// more", so a message about 500 KPIs stays one readable line.
func Capped(items []string, limit int) string {
	if len(items) <= limit {
		return strings.Join(items, ", ")
	}
	return fmt.Sprintf("%s and %d more", strings.Join(items[:limit], ", "), len(items)-limit)
}

// Suggest returns the candidate closest to name when it is a plausible typo
// (small edit distance for its length), or "" when none is.
func Suggest(name string, candidates []string) string {
	best, bestDist := "", -1
	lower := strings.ToLower(name)
	for _, c := range candidates {
		d := distance(lower, strings.ToLower(c))
		if d < bestDist || bestDist < 0 || (d == bestDist && c < best) {
			best, bestDist = c, d
		}
	}
	limit := max(1, (len([]rune(name))+2)/4)
	if bestDist < 0 || bestDist > limit || strings.EqualFold(best, name) && bestDist > 0 {
		return ""
	}
	return best
}

// DidYouMean is " (did you mean \"x\"?)" for a near miss, or "".
func DidYouMean(name string, candidates []string) string {
	if s := Suggest(name, candidates); s != "" {
		return fmt.Sprintf(" (did you mean %q?)", s)
	}
	return ""
}

// distance is the optimal string alignment distance: Levenshtein plus
// transposition of adjacent runes, the commonest typo.
func distance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev2 := make([]int, len(rb)+1)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(rb)]
}

// Closest returns up to n candidates nearest to name by edit distance,
// nearest first (ties in the candidates' order), keeping only those within
// a third of the longer length: the "labels that come close" of a message.
func Closest(name string, candidates []string, n int) []string {
	type scored struct {
		s    string
		d, i int
	}
	var found []scored
	lower := strings.ToLower(name)
	for i, c := range candidates {
		lc := strings.ToLower(c)
		d := distance(lower, lc)
		limit := max(2, max(len([]rune(lower)), len([]rune(lc)))/3)
		if d <= limit || (len(lower) >= 4 && strings.Contains(lc, lower)) || (len(lc) >= 4 && strings.Contains(lower, lc)) {
			found = append(found, scored{c, d, i})
		}
	}
	slices.SortStableFunc(found, func(a, b scored) int { return a.d - b.d })
	var out []string
	for _, f := range found {
		if len(out) == n {
			break
		}
		out = append(out, f.s)
	}
	return out
}

// CloseTo is " (did you mean \"x\"?)" for the candidate Closest finds
// nearest, or "": a wider net than DidYouMean, for names such as columns
// that are often abbreviated or suffixed (opened, opened_at).
func CloseTo(name string, candidates []string) string {
	if c := Closest(name, candidates, 1); len(c) == 1 && !strings.EqualFold(c[0], name) {
		return fmt.Sprintf(" (did you mean %q?)", c[0])
	}
	return ""
}
