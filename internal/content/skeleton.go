package content

import (
	"regexp"
	"slices"
	"strings"
)

// Months names the months from and to, so a review's text can say the new
// period where the old one said its own: "October 2026" → "November 2026".
type Months struct {
	FromLong, FromShort, FromISO string // "October 2026", "Oct 2026", "2026-10"
	ToLong, ToShort, ToISO       string
}

func (m Months) replace(s string) string {
	return strings.NewReplacer(m.FromLong, m.ToLong, m.FromShort, m.ToShort, m.FromISO, m.ToISO).Replace(s)
}

var (
	shortcodeRE = regexp.MustCompile(`\{\{<.*?>\}\}`)
	listItem    = regexp.MustCompile(`^(\s*(?:[-*+]|\d+[.)])\s+)`)
	footnoteDef = regexp.MustCompile(`^\[\^[^\]]+\]:`)
	tableRule   = regexp.MustCompile(`^\s*\|?\s*:?-{3,}`)
)

// prompt stands where the previous review's prose stood.
const prompt = "_Write: what moved, why, and what you ask for._"

// Skeleton turns the previous review's file into the next review's: the
// same front matter with status draft and the meeting date removed, the
// same headings, block shortcodes and table headers, and each paragraph or
// list item replaced by a short prompt followed by the shortcodes it used,
// so the numbers stay wired and only the words are to write. A review's
// index.md (index) gets status: draft; a section file has no status.
func Skeleton(src []byte, m Months, index bool) []byte {
	fm, body, nl, ok := splitFrontMatterLines(src)
	var out strings.Builder
	if ok {
		out.WriteString("---" + nl)
		for _, l := range skeletonFrontMatter(fm, m, nl, index) {
			out.WriteString(l)
		}
		out.WriteString("---" + nl)
	} else if index {
		out.WriteString("---" + nl + "status: draft" + nl + "---" + nl)
	}
	out.WriteString(skeletonBody(body, m, nl))
	return []byte(out.String())
}

func skeletonFrontMatter(fm []string, m Months, nl string, index bool) []string {
	var out []string
	hasStatus := false
	for _, l := range fm {
		switch {
		case strings.HasPrefix(l, "date:"):
			continue
		case statusLine.MatchString(l):
			out = append(out, "status: draft"+nl)
			hasStatus = true
		default:
			out = append(out, m.replace(l))
		}
	}
	if index && !hasStatus {
		out = append(out, "status: draft"+nl)
	}
	return out
}

func skeletonBody(body string, m Months, nl string) string {
	var out []string
	lines := strings.Split(strings.ReplaceAll(body, "\r\n", "\n"), "\n")
	inFence, inPara, inTable := false, false, false
	for _, line := range lines {
		trim := strings.TrimSpace(line)
		switch {
		case strings.HasPrefix(trim, "```") || strings.HasPrefix(trim, "~~~"):
			inFence = !inFence
			out = append(out, line)
		case inFence:
			out = append(out, line)
		case trim == "":
			inPara, inTable = false, false
			out = append(out, "")
		case strings.HasPrefix(trim, "#"):
			out = append(out, m.replace(line))
		case shortcodeRE.MatchString(trim) && shortcodeRE.ReplaceAllString(trim, "") == "":
			out = append(out, line) // block shortcodes alone on their line
		case strings.HasPrefix(trim, "|"):
			if !inTable || tableRule.MatchString(trim) || shortcodeRE.MatchString(trim) {
				out = append(out, m.replace(line)) // header, rule, rows wired to data
			}
			inTable = true
		case footnoteDef.MatchString(trim):
			continue
		case listItem.MatchString(line):
			bullet := listItem.FindString(line)
			out = append(out, bullet+withShortcodes(prompt, line))
			inPara = true
		case inPara:
			if codes := shortcodeRE.FindAllString(line, -1); len(codes) > 0 {
				last := len(out) - 1
				out[last] += " " + strings.Join(codes, " ")
			}
		default:
			out = append(out, withShortcodes(prompt, line))
			inPara = true
		}
	}
	return strings.Join(out, nl)
}

func withShortcodes(p, line string) string {
	codes := shortcodeRE.FindAllString(line, -1)
	if len(codes) == 0 {
		return p
	}
	return p + " " + strings.Join(codes, " ")
}

// KeyEdit replaces a top-level front-matter key, with the lines nested
// under it, by Text: whole lines, each ending in "\n" (written with the
// file's own line ending); an empty Text removes the key.
type KeyEdit struct {
	Key, Text string
}

// EditKeys applies edits to a block front matter, in order: a key that is
// present is replaced where it stands, one that is not is added at the
// end. A file without block front matter is returned as it is.
func EditKeys(src []byte, edits []KeyEdit) []byte {
	fm, body, nl, ok := splitFrontMatterLines(src)
	if !ok || len(fm) > 0 && strings.HasPrefix(strings.TrimSpace(fm[0]), "{") {
		return src
	}
	for _, e := range edits {
		fm = editKey(fm, e.Key, strings.ReplaceAll(e.Text, "\n", nl))
	}
	return []byte("---" + nl + strings.Join(fm, "") + "---" + nl + body)
}

// editKey replaces key's lines in fm by text, or adds text at the end.
func editKey(fm []string, key, text string) []string {
	start := slices.IndexFunc(fm, func(l string) bool { return strings.HasPrefix(l, key+":") })
	if start < 0 {
		if text == "" {
			return fm
		}
		return append(fm, text)
	}
	end := start + 1
	for end < len(fm) && nested(fm[end]) {
		end++
	}
	return slices.Concat(fm[:start], []string{text}, fm[end:])
}

// nested reports whether a front-matter line belongs to the key above it:
// indented, a list item under it, or blank.
func nested(l string) bool {
	return strings.TrimSpace(l) == "" || strings.HasPrefix(l, " ") || strings.HasPrefix(l, "\t") || strings.HasPrefix(l, "-")
}
