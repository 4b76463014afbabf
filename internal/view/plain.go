package view

import (
	"bytes"
	"html/template"
	"strings"

	"golang.org/x/net/html"
)

// visibleText is the text of an HTML fragment as a screen reader reads it:
// tags dropped, entities decoded, and every element marked
// aria-hidden="true" left out with its content, trimmed.
func visibleText(h template.HTML) string {
	z := html.NewTokenizer(bytes.NewReader([]byte(h)))
	var b strings.Builder
	hidden := 0 // depth inside an aria-hidden element
	for {
		switch z.Next() {
		case html.ErrorToken:
			return strings.TrimSpace(b.String())
		case html.TextToken:
			if hidden == 0 {
				b.Write(z.Text())
			}
		case html.StartTagToken:
			name, attrs := z.TagName()
			if !void[string(name)] && (hidden > 0 || attrs && ariaHidden(z)) {
				hidden++
			}
		case html.EndTagToken:
			if hidden > 0 {
				hidden--
			}
		}
	}
}

// void elements have no end tag, so they open nothing to hide.
var void = map[string]bool{"area": true, "base": true, "br": true, "col": true, "embed": true, "hr": true,
	"img": true, "input": true, "link": true, "meta": true, "source": true, "track": true, "wbr": true}

// ariaHidden reports whether the start tag z is at has aria-hidden="true".
func ariaHidden(z *html.Tokenizer) bool {
	for {
		key, val, more := z.TagAttr()
		if string(key) == "aria-hidden" && string(val) == "true" {
			return true
		}
		if !more {
			return false
		}
	}
}
