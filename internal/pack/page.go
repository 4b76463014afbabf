package pack

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
)

// Page makes a pack's single HTML file from its rendered page: links
// detached (DetachLinks, under dir of baseURL, with the review's images
// inlined), then scripts inserted before </body>. It returns the page and
// the same bytes as zip parts, so that the scripts, which every pack of a
// build shares, are deflated once. The parts before and after the scripts
// are slices of page.
func Page(rendered []byte, dir, baseURL string, images map[string][]byte, scripts *Part) (page []byte, parts []*Part) {
	// The scripts go in after the links pass so that it does not read
	// 700 KB of script in every pack; the pass leaves room for them, so
	// that the page is made in one buffer.
	s := scripts.Data
	page = appendDetached(nil, rendered, dir, baseURL, images, len(s))
	at := bytes.LastIndex(page, []byte("</body>"))
	if at < 0 {
		at = len(page)
	}
	n := len(page)
	page = slices.Grow(page, len(s))[:n+len(s)]
	copy(page[at+len(s):], page[at:n])
	copy(page[at:], s)
	return page, []*Part{NewPart(page[:at]), scripts, NewPart(page[at+len(s):])}
}

// Scripts are script files inlined as a pack inlines them, each in its own
// <script> element, as one Part.
func Scripts(files ...[]byte) *Part {
	var b bytes.Buffer
	for _, f := range files {
		// "</script" cannot occur inside a script element; in
		// JavaScript "<\/" means the same as "</".
		b.WriteString("<script>")
		b.Write(bytes.ReplaceAll(f, []byte("</script"), []byte(`<\/script`)))
		b.WriteString("</script>\n")
	}
	return NewPart(b.Bytes())
}

// PageRules are a pack's @page rules: paper size ("A4" or "Letter"), and a
// running header and footer with the organisation, the review and page
// numbers. The cover page has none.
func PageRules(paper, org, title, period string) string {
	size := "A4"
	if paper == "Letter" {
		size = "letter"
	}
	left := title
	if org != "" {
		left = org + " · " + title
	}
	const box = ` font: 8.5pt "Helvetica Neue", Arial, "Liberation Sans", sans-serif; color: #555;`
	return "@page { size: " + size + "; margin: 18mm 15mm 20mm; " +
		"@top-left { content: " + cssString(left) + ";" + box + " } " +
		"@top-right { content: " + cssString(period) + ";" + box + " } " +
		"@bottom-right { content: \"Page \" counter(page) \" of \" counter(pages);" + box + " } } " +
		"@page :first { @top-left { content: none; } @top-right { content: none; } @bottom-right { content: none; } }"
}

// cssString quotes s as a CSS string that cannot end the string, the rule
// or the style element.
func cssString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, c := range s {
		if c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' || c < 0x20 || c == 0x7f {
			fmt.Fprintf(&b, "\\%x ", c)
			continue
		}
		b.WriteRune(c)
	}
	b.WriteByte('"')
	return b.String()
}
