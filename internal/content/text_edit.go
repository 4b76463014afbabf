package content

import (
	"bytes"
	"regexp"
	"strings"
)

// splitFrontMatterLines finds the front matter as fence does, for text
// edits: it returns the lines of the block (without the fences, each with
// its line ending), the body after it, and the file's line ending. ok is
// false when the file has no closed front matter.
func splitFrontMatterLines(src []byte) (fm []string, body string, nl string, ok bool) {
	nl = "\n"
	if bytes.Contains(src, []byte("\r\n")) {
		nl = "\r\n"
	}
	block, rest, _, opened, closed := fence(src)
	if !opened || !closed {
		return nil, string(rest), nl, false
	}
	return strings.SplitAfter(string(block), "\n")[:strings.Count(string(block), "\n")], string(rest), nl, true
}

var statusLine = regexp.MustCompile(`^status:[^\r\n]*`)

// SetStatus sets the front matter's top-level status to status, leaving
// every other byte of the file as it was: the status line is replaced, or
// added at the end of the front matter, or a front matter is added.
func SetStatus(src []byte, status string) []byte {
	fm, body, nl, ok := splitFrontMatterLines(src)
	bom := ""
	if bytes.HasPrefix(src, []byte("\ufeff")) {
		bom = "\ufeff"
	}
	if !ok {
		return []byte(bom + "---" + nl + "status: " + status + nl + "---" + nl + body)
	}
	found := false
	for i, l := range fm {
		if statusLine.MatchString(l) {
			fm[i] = statusLine.ReplaceAllString(l, "status: "+status)
			found = true
		}
	}
	if !found {
		fm = append(fm, "status: "+status+nl)
	}
	return []byte(bom + "---" + nl + strings.Join(fm, "") + "---" + nl + body)
}
