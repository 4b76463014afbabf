package pdf

import (
	"bytes"
	"fmt"
	"maps"
	"testing"
	"time"
)

// tinyPDF writes a PDF as Skia lays one out: objects, a classic
// cross-reference table, a trailer. Pages 3, 5 and 4 (in that order, under
// two page-tree nodes) and destinations on the second and third.
func tinyPDF(date string, node string) []byte {
	objs := []string{
		1:  "<</Title (t)\n/CreationDate (D:" + date + "+01'00')\n/ModDate (D:" + date + "+01'00')>>",
		2:  "<</Type /Catalog\n/Pages 6 0 R\n/Dests 7 0 R>>",
		3:  "<</Type /Page\n/Parent 6 0 R>>",
		4:  "<</Type /Page\n/Parent 8 0 R>>",
		5:  "<</Type /Page\n/Parent 8 0 R\n/Contents 9 0 R>>",
		6:  "<</Type /Pages\n/Count 3\n/Kids [3 0 R 8 0 R]>>",
		7:  "<</summary [5 0 R /XYZ 0 841.9 0]\n/section-caf#C3#A9 [4 0 R /XYZ 0 400 0]>>",
		8:  "<</Type /Pages\n/Count 2\n/Kids [5 0 R 4 0 R]\n/Parent 6 0 R>>",
		9:  "<</Length 6>> stream\nendobj\nendstream",
		10: "<</Type /StructElem\n/ID (node" + node + ")>>",
		11: "<</Type /StructElem\n/ID (node00000900)>>",
	}
	var b bytes.Buffer
	b.WriteString("%PDF-1.4\n")
	offs := make([]int, len(objs))
	for i := 1; i < len(objs); i++ {
		offs[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i, objs[i])
	}
	x := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objs))
	for i := 1; i < len(objs); i++ {
		fmt.Fprintf(&b, "%010d 00000 n \n", offs[i])
	}
	fmt.Fprintf(&b, "trailer\n<</Size %d\n/Root 2 0 R\n/Info 1 0 R>>\nstartxref\n%d\n%%%%EOF\n", len(objs), x)
	return b.Bytes()
}

func TestPagesFollowThePageTree(t *testing.T) {
	b := tinyPDF("20261203113340", "00000123")
	n, err := PageCount(b)
	if err != nil || n != 3 {
		t.Fatalf("PageCount = %d, %v; want 3", n, err)
	}
	got, err := DestinationPages(b)
	want := map[string]int{"summary": 2, "section-café": 3}
	if err != nil || !maps.Equal(got, want) {
		t.Errorf("DestinationPages = %v, %v; want %v", got, err, want)
	}
}

func TestNotAPDF(t *testing.T) {
	if _, err := PageCount([]byte("<html>")); err == nil {
		t.Error("no error for a file that is not a PDF")
	}
	b := tinyPDF("20261203113340", "00000123")
	if _, err := PageCount(bytes.Replace(b, []byte("startxref\n"), []byte("startxref\n9"), 1)); err == nil {
		t.Error("no error for a startxref past the end")
	}
}

// TestNormalizeMakesTwoRunsEqual: two prints that differ in their dates
// and node ids are the same bytes after Normalize, of the same length, and
// still read.
func TestNormalizeMakesTwoRunsEqual(t *testing.T) {
	stamp := time.Date(2026, 11, 5, 9, 30, 0, 0, time.UTC)
	a := tinyPDF("20261203113340", "00000123")
	b := tinyPDF("20261204080102", "00000456")
	n := len(a)
	a, b = Normalize(a, stamp), Normalize(b, stamp)
	if !bytes.Equal(a, b) || len(a) != n {
		t.Fatalf("after Normalize:\n%s\n---\n%s", a, b)
	}
	for _, want := range []string{"(D:20261105093000+00'00')", "(node00000001)", "(node00000002)"} {
		if !bytes.Contains(a, []byte(want)) {
			t.Errorf("no %s in\n%s", want, a)
		}
	}
	if c, err := PageCount(a); err != nil || c != 3 {
		t.Errorf("normalized PDF reads as %d pages, %v", c, err)
	}
}
