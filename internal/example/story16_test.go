package example

import (
	"regexp"
	"strings"
	"testing"
)

var (
	tableRow   = regexp.MustCompile(`^\s*\|`)
	anyCode    = regexp.MustCompile(`\{\{<.*?>\}\}`)
	typedValue = regexp.MustCompile(`(\$|€|£)\s?[0-9]|[0-9](\.[0-9]+)?\s?(%|pts\b|[kKM]\b)`)
)

// TestNoHandTypedFollowUps: the action log is the one place actions are
// tracked; a narrative table listing them (an action id in a row) would be
// a second copy that goes stale.
func TestNoHandTypedFollowUps(t *testing.T) {
	for _, f := range contentFiles(t) {
		for i, line := range strings.Split(readRepo(t, f), "\n") {
			if tableRow.MatchString(line) && actionID.MatchString(line) {
				t.Errorf("%s:%d: a table row names an action; link the action log instead: %s", f, i+1, line)
			}
		}
	}
}

// TestFiguresComeFromShortcodes: outside shortcodes, no narrative types a
// money amount, a percentage or a shortened figure: every number a board
// reads is the data's, through a shortcode.
func TestFiguresComeFromShortcodes(t *testing.T) {
	for _, f := range contentFiles(t) {
		body := readRepo(t, f)
		if _, rest, ok := strings.Cut(strings.TrimPrefix(body, "---\n"), "\n---\n"); ok {
			body = rest // front matter (decisions' costs) is the board's prose, not figures
		}
		for i, line := range strings.Split(body, "\n") {
			if m := typedValue.FindString(anyCode.ReplaceAllString(line, "")); m != "" {
				t.Errorf("%s: body line %d: %q typed by hand: %s", f, i+1, m, line)
			}
		}
	}
}
