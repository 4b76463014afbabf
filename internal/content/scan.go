package content

import (
	"fmt"
	"strings"
)

const (
	scOpen  = "{{<"
	scClose = ">}}"
	// scMax bounds how far a shortcode is looked for: every "{" of a line
	// starts a scan, and unbounded scans made a long line of "{{<" quadratic.
	scMax = 1024

	unterminated = "unterminated shortcode"
)

// scanner reads one shortcode from the rest of a line. A shortcode must
// close on the line it opens: a paragraph's lines are joined by goldmark,
// and a shortcode that runs on silently would swallow the prose after it.
type scanner struct {
	s string // the line, starting at "{{<"
	i int
}

// scanShortcode reads the shortcode at the start of line, which begins with
// "{{<". It returns the shortcode and the bytes it spans, or a problem.
func scanShortcode(line []byte) (sc *Shortcode, n int, problem string) {
	where := "on its line"
	if len(line) > scMax {
		line, where = line[:scMax], fmt.Sprintf("within %d bytes", scMax)
	}
	s := &scanner{s: strings.TrimRight(string(line), "\r\n"), i: len(scOpen)}
	sc = &Shortcode{Params: map[string]string{}}
	for {
		s.skipSpace()
		if s.i >= len(s.s) {
			return nil, 0, fmt.Sprintf(unterminated+" %q: no %q %s", excerpt(s.s), scClose, where)
		}
		if strings.HasPrefix(s.s[s.i:], scOpen) {
			// A new shortcode opens before this one closed.
			return nil, 0, fmt.Sprintf(unterminated+" %q: no %q before the next %q", excerpt(s.s[:s.i]), scClose, scOpen)
		}
		if strings.HasPrefix(s.s[s.i:], scClose) {
			break
		}
		if problem := s.item(sc); problem != "" {
			return nil, 0, problem
		}
	}
	s.i += len(scClose)
	sc.Source = s.s[:s.i]
	if sc.Name == "" {
		return nil, 0, fmt.Sprintf("shortcode %q has no name", sc.Source)
	}
	return sc, s.i, ""
}

// item reads the name, a positional argument or a key=value parameter.
func (s *scanner) item(sc *Shortcode) string {
	if s.s[s.i] == '"' {
		v, problem := s.quoted()
		if problem != "" {
			return problem
		}
		if sc.Name == "" {
			return fmt.Sprintf("shortcode name %q must not be quoted", v)
		}
		sc.Args = append(sc.Args, v)
		return s.noEquals()
	}
	word := s.bare()
	if s.i < len(s.s) && s.s[s.i] == '=' {
		return s.param(sc, word)
	}
	if sc.Name == "" {
		sc.Name = word
	} else {
		sc.Args = append(sc.Args, word)
	}
	return ""
}

func (s *scanner) param(sc *Shortcode, key string) string {
	s.i++ // '='
	if key == "" {
		return "shortcode parameter has no name before \"=\""
	}
	if sc.Name == "" {
		return fmt.Sprintf("shortcode has no name before parameter %q", key)
	}
	var v, problem string
	if s.i < len(s.s) && s.s[s.i] == '"' {
		v, problem = s.quoted()
	} else {
		v = s.bare()
		if v == "" {
			problem = fmt.Sprintf("%s: parameter %q has no value", sc.Name, key)
		}
	}
	if problem != "" {
		return problem
	}
	if _, dup := sc.Params[key]; dup {
		return fmt.Sprintf("%s: parameter %q given twice", sc.Name, key)
	}
	sc.Params[key] = v
	return ""
}

// bare reads up to a space, "=", or the closing ">}}".
func (s *scanner) bare() string {
	start := s.i
	for s.i < len(s.s) && !isSpace(s.s[s.i]) && s.s[s.i] != '=' && !strings.HasPrefix(s.s[s.i:], scClose) {
		s.i++
	}
	return s.s[start:s.i]
}

// quoted reads a double-quoted string; a backslash escapes the next byte.
func (s *scanner) quoted() (string, string) {
	var b strings.Builder
	for s.i++; s.i < len(s.s); s.i++ {
		switch c := s.s[s.i]; {
		case c == '"':
			s.i++
			return b.String(), ""
		case c == '\\' && s.i+1 < len(s.s):
			s.i++
			b.WriteByte(s.s[s.i])
		default:
			b.WriteByte(c)
		}
	}
	return "", fmt.Sprintf("unterminated quoted string in shortcode %q", excerpt(s.s))
}

func (s *scanner) noEquals() string {
	if s.i < len(s.s) && s.s[s.i] == '=' {
		return fmt.Sprintf("shortcode parameter name must not be quoted in %q", excerpt(s.s))
	}
	return ""
}

func (s *scanner) skipSpace() {
	for s.i < len(s.s) && isSpace(s.s[s.i]) {
		s.i++
	}
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' }

// excerpt shortens a line for a message: enough to find it, not a paragraph.
func excerpt(s string) string {
	const max = 40
	r := []rune(s)
	if len(r) <= max {
		return s
	}
	return string(r[:max]) + "…"
}
