package content

import (
	"bytes"
	"regexp"
	"strings"
)

// splitFrontMatterLines finds a leading "---" block: it returns the lines of the
// block (without the fences), the body after it, and the file's line
// ending. ok is false when the file has no front matter.
func splitFrontMatterLines(src []byte) (fm []string, body string, nl string, ok bool) {
	s := strings.TrimPrefix(string(src), "\ufeff")
	nl = "\n"
	if strings.Contains(s, "\r\n") {
		nl = "\r\n"
	}
	lines := strings.SplitAfter(s, "\n")
	if len(lines) == 0 || strings.TrimRight(lines[0], "\r\n") != "---" {
		return nil, s, nl, false
	}
	for i := 1; i < len(lines); i++ {
		if strings.TrimRight(lines[i], "\r\n") == "---" {
			return lines[1:i], strings.Join(lines[i+1:], ""), nl, true
		}
	}
	return nil, s, nl, false
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
