package content

import (
	"bytes"

	"github.com/opsreport/opsreport/internal/diag"
)

// Markdown's worst cases cost goldmark far more than linear time: a
// paragraph of 100,000 "[a](" took 45 s and 3,000 nested lists 25 s. No
// narrative comes near these limits, so a file past one is refused before
// it is parsed, at the line where the limit is passed.
const (
	maxDepth    = 32  // lists and block quotes nested in one another
	maxBrackets = 200 // "[" in one paragraph: links, images, footnote references
)

// checkLimits reports the first place body passes a limit; bodyLine is the
// file line of its first line. Lines inside fenced code are not counted.
func checkLimits(file string, body []byte, bodyLine int, d *diag.List) bool {
	brackets, paraLine, fence := 0, bodyLine, []byte(nil)
	for n := 0; len(body) > 0; n++ {
		line, rest, _ := bytes.Cut(body, []byte("\n"))
		body = rest
		at := diag.Pos{File: file, Line: bodyLine + n}
		trimmed := bytes.TrimLeft(line, " \t>")
		switch {
		case fence != nil:
			if bytes.HasPrefix(trimmed, fence) {
				fence = nil
			}
			continue
		case bytes.HasPrefix(trimmed, []byte("```")), bytes.HasPrefix(trimmed, []byte("~~~")):
			fence = trimmed[:3]
			continue
		case len(bytes.TrimSpace(line)) == 0:
			brackets, paraLine = 0, at.Line+1
			continue
		}
		depth, markers := lineDepth(line)
		if depth > maxDepth {
			d.Errorf(at, "lists and quotes nested more than %d deep; opsreport reads at most %d levels", maxDepth, maxDepth)
			return false
		}
		// A list item, quote, heading or table row starts new inline text.
		if markers > 0 || bytes.HasPrefix(trimmed, []byte("#")) || bytes.IndexByte(line, '|') >= 0 {
			brackets, paraLine = 0, at.Line
		}
		if brackets += bytes.Count(line, []byte("[")); brackets > maxBrackets {
			d.Errorf(diag.Pos{File: file, Line: paraLine}, "a paragraph with more than %d [ brackets (links, images, footnotes); split it", maxBrackets)
			return false
		}
	}
	return true
}

// lineDepth estimates how deep a line is nested: the list markers and ">"
// that open it, plus half the indentation around them (a nested list item
// is indented at least two columns per level; the one space after a marker
// is part of the marker).
func lineDepth(line []byte) (depth, markers int) {
	indent := 0
	for i := 0; i < len(line); i++ {
		switch c := line[i]; {
		case c == ' ':
			indent++
		case c == '\t':
			indent += 4
		case c == '>':
			markers++
			i = skipOneSpace(line, i+1)
		case (c == '-' || c == '*' || c == '+') && followedBySpace(line, i+1):
			markers++
			i = skipOneSpace(line, i+1)
		case c >= '0' && c <= '9':
			j := i
			for j < len(line) && line[j] >= '0' && line[j] <= '9' {
				j++
			}
			if j == len(line) || (line[j] != '.' && line[j] != ')') || !followedBySpace(line, j+1) {
				return markers + indent/2, markers
			}
			markers++
			i = skipOneSpace(line, j+1)
		default:
			return markers + indent/2, markers
		}
	}
	return markers + indent/2, markers
}

// skipOneSpace returns the index before the next character to read: past
// one space at i, if there is one.
func skipOneSpace(line []byte, i int) int {
	if i < len(line) && line[i] == ' ' {
		return i
	}
	return i - 1
}

func followedBySpace(line []byte, i int) bool {
	return i == len(line) || line[i] == ' ' || line[i] == '\t'
}
