package pdf

import (
	"bytes"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"time"
)

// This file reads the little of a PDF that printing needs: its pages in
// order, and the page each named destination is on. It reads PDFs as
// Chromium's Skia writes them (a classic cross-reference table, page tree
// and destinations as plain objects), not every PDF there is.

var (
	startXref = regexp.MustCompile(`startxref\s+(\d+)\s+%%EOF\s*$`)
	xrefHead  = regexp.MustCompile(`^xref\s+`)
	section   = regexp.MustCompile(`^(\d+) (\d+)\s+`)
	rootRef   = regexp.MustCompile(`/Root\s+(\d+)\s+\d+\s+R`)
	pagesRef  = regexp.MustCompile(`/Pages\s+(\d+)\s+\d+\s+R`)
	destsRef  = regexp.MustCompile(`/Dests\s+(\d+)\s+\d+\s+R`)
	kidsArray = regexp.MustCompile(`/Kids\s*\[([^\]]*)\]`)
	ref       = regexp.MustCompile(`(\d+)\s+\d+\s+R`)
	typePages = regexp.MustCompile(`/Type\s*/Pages\b`)
	destEntry = regexp.MustCompile(`/([^\s/\[\]<>()]+)\s*\[\s*(\d+)\s+\d+\s+R`)
	dateValue = regexp.MustCompile(`\(D:(\d{14})([+-]\d\d'\d\d'|Z)?\)`)
	nodeID    = regexp.MustCompile(`\(node(\d{8})\)`)
)

// doc is a PDF's bytes and where each object starts.
type doc struct {
	b       []byte
	offsets map[int]int
	trailer []byte
}

func parse(b []byte) (*doc, error) {
	m := startXref.FindSubmatch(b)
	if m == nil {
		return nil, errors.New("no startxref at the end")
	}
	at, _ := strconv.Atoi(string(m[1]))
	if at >= len(b) || !xrefHead.Match(b[at:]) {
		return nil, errors.New("startxref does not point at a cross-reference table")
	}
	d := &doc{b: b, offsets: map[int]int{}}
	rest := b[at+len(xrefHead.Find(b[at:])):]
	for {
		s := section.FindSubmatch(rest)
		if s == nil {
			break
		}
		first, _ := strconv.Atoi(string(s[1]))
		n, _ := strconv.Atoi(string(s[2]))
		rest = rest[len(s[0]):]
		if len(rest) < n*20 {
			return nil, errors.New("cross-reference table cut short")
		}
		for i := range n {
			e := rest[i*20 : i*20+20]
			if e[17] == 'n' {
				off, _ := strconv.Atoi(string(e[:10]))
				d.offsets[first+i] = off
			}
		}
		rest = rest[n*20:]
	}
	t := bytes.Index(rest, []byte("trailer"))
	if t < 0 {
		return nil, errors.New("no trailer")
	}
	d.trailer = rest[t:]
	return d, nil
}

// object is the dictionary part of object n: its text up to endobj or the
// start of its stream.
func (d *doc) object(n int) ([]byte, error) {
	off, ok := d.offsets[n]
	if !ok || off >= len(d.b) {
		return nil, fmt.Errorf("object %d missing", n)
	}
	body := d.b[off:]
	end := len(body)
	for _, stop := range []string{"endobj", "stream"} {
		if i := bytes.Index(body, []byte(stop)); i >= 0 && i < end {
			end = i
		}
	}
	return body[:end], nil
}

func (d *doc) refIn(obj []byte, re *regexp.Regexp) (int, bool) {
	m := re.FindSubmatch(obj)
	if m == nil {
		return 0, false
	}
	n, _ := strconv.Atoi(string(m[1]))
	return n, true
}

func (d *doc) catalog() ([]byte, error) {
	n, ok := d.refIn(d.trailer, rootRef)
	if !ok {
		return nil, errors.New("trailer names no /Root")
	}
	return d.object(n)
}

// pages returns the object number of each page, in order.
func (d *doc) pages() ([]int, error) {
	cat, err := d.catalog()
	if err != nil {
		return nil, err
	}
	root, ok := d.refIn(cat, pagesRef)
	if !ok {
		return nil, errors.New("catalog names no /Pages")
	}
	var out []int
	seen := map[int]bool{}
	var walk func(n int) error
	walk = func(n int) error {
		if seen[n] {
			return fmt.Errorf("page tree loops at object %d", n)
		}
		seen[n] = true
		obj, err := d.object(n)
		if err != nil {
			return err
		}
		if !typePages.Match(obj) {
			out = append(out, n)
			return nil
		}
		kids := kidsArray.FindSubmatch(obj)
		if kids == nil {
			return fmt.Errorf("page tree node %d has no /Kids", n)
		}
		for _, k := range ref.FindAllSubmatch(kids[1], -1) {
			kn, _ := strconv.Atoi(string(k[1]))
			if err := walk(kn); err != nil {
				return err
			}
		}
		return nil
	}
	return out, walk(root)
}

// PageCount is the number of pages of a PDF.
func PageCount(b []byte) (int, error) {
	d, err := parse(b)
	if err != nil {
		return 0, err
	}
	p, err := d.pages()
	return len(p), err
}

// DestinationPages maps each named destination of a PDF (an element id a
// link pointed at) to the page it is on, counting from 1.
func DestinationPages(b []byte) (map[string]int, error) {
	d, err := parse(b)
	if err != nil {
		return nil, err
	}
	pages, err := d.pages()
	if err != nil {
		return nil, err
	}
	number := make(map[int]int, len(pages))
	for i, n := range pages {
		number[n] = i + 1
	}
	cat, err := d.catalog()
	if err != nil {
		return nil, err
	}
	out := map[string]int{}
	dn, ok := d.refIn(cat, destsRef)
	if !ok {
		return out, nil // nothing was linked to
	}
	dests, err := d.object(dn)
	if err != nil {
		return nil, err
	}
	for _, m := range destEntry.FindAllSubmatch(dests, -1) {
		pn, _ := strconv.Atoi(string(m[2]))
		if p, ok := number[pn]; ok {
			out[decodeName(m[1])] = p
		}
	}
	return out, nil
}

// decodeName undoes a PDF name's #xx escapes.
func decodeName(b []byte) string {
	var out []byte
	for i := 0; i < len(b); i++ {
		if b[i] == '#' && i+2 < len(b) {
			if v, err := strconv.ParseUint(string(b[i+1:i+3]), 16, 8); err == nil {
				out = append(out, byte(v))
				i += 2
				continue
			}
		}
		out = append(out, b[i])
	}
	return string(out)
}

// Normalize makes a PDF the same bytes for the same page, in place and
// keeping every length, so that the offsets in the cross-reference table
// stay right. It sets every date (creation and modification) to stamp, in
// UTC, and renumbers the tagged structure's element ids, which Chromium
// takes from its DOM node ids: those count every node the page made before
// (each chart draws a different number of them on a slower or faster
// run), so they differ between runs though their order does not. The ids
// keep their order, so the sorted id tree stays sorted. It returns b.
func Normalize(b []byte, stamp time.Time) []byte {
	renumberNodes(b)
	digits := stamp.UTC().Format("20060102150405")
	for _, m := range dateValue.FindAllSubmatchIndex(b, -1) {
		copy(b[m[2]:m[3]], digits)
		if m[4] >= 0 && m[5]-m[4] == len("+00'00'") {
			copy(b[m[4]:m[5]], "+00'00'")
		}
	}
	return b
}

// renumberNodes replaces each (nodeNNNNNNNN) by its rank among the ids.
func renumberNodes(b []byte) {
	found := nodeID.FindAllSubmatchIndex(b, -1)
	ids := make([]string, 0, len(found))
	for _, m := range found {
		ids = append(ids, string(b[m[2]:m[3]]))
	}
	slices.Sort(ids)
	ids = slices.Compact(ids)
	for _, m := range found {
		rank, _ := slices.BinarySearch(ids, string(b[m[2]:m[3]]))
		copy(b[m[2]:m[3]], fmt.Sprintf("%08d", rank+1))
	}
}
