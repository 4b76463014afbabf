package pdf

import (
	"bytes"
	"context"
	"maps"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// needChromium starts a printer, or skips the test when no Chromium is
// found (fails it under CI=true, where one is installed).
func needChromium(t *testing.T) *Printer {
	t.Helper()
	exe, err := Chromium()
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("CI=true and no Chromium: %v", err)
		}
		t.Skip(err)
	}
	p, err := Start(exe)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(p.Close)
	return p
}

// contentsPage is a cover whose contents link to three blocks, the first
// two a page each, the third on the page after: A4 from its @page rule.
const contentsPage = `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>t</title>
<style>@page { size: A4; margin: 20mm } .b { break-before: page } .toc-page { margin-left: 1em }</style></head><body>
<header class="cover"><h1>Pack</h1><nav class="cover-contents"><ol>
<li><a href="#one">One</a></li><li><a href="#two">Two</a></li><li><a href="#three">Three</a></li><li><a href="#nowhere">Nowhere</a></li></ol></nav></header>
<section id="one" class="b"><h2>One</h2><p>Text.</p></section>
<section id="two" class="b"><h2>Two</h2><div style="height:300mm"></div></section>
<section id="three"><h2>Three</h2><p>More.</p></section>
</body></html>`

// TestContentsGetTheirPages prints a page twice to the same bytes; its
// contents are numbered with the pages the final PDF puts each block on
// (a link to nothing gets no number); the PDF has an outline and tags.
func TestContentsGetTheirPages(t *testing.T) {
	p := needChromium(t)
	file := filepath.Join(t.TempDir(), "pack.html")
	if err := os.WriteFile(file, []byte(contentsPage), 0o644); err != nil {
		t.Fatal(err)
	}
	stamp := time.Date(2026, 11, 11, 0, 0, 0, 0, time.UTC)
	b, written, err := p.print(t.Context(), file, stamp)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]int{"one": 2, "two": 3, "three": 4}
	if !maps.Equal(written, want) {
		t.Errorf("contents numbered %v, want %v", written, want)
	}
	if final, err := DestinationPages(b); err != nil || !maps.Equal(final, want) {
		t.Errorf("the final PDF puts the blocks on %v (%v), want %v", final, err, want)
	}
	if n, _ := PageCount(b); n != 4 {
		t.Errorf("%d pages, want 4", n)
	}
	for _, s := range []string{"/Outlines", "/StructTreeRoot", "(D:20261111000000+00'00')"} {
		if !bytes.Contains(b, []byte(s)) {
			t.Errorf("no %s in the PDF", s)
		}
	}
	again, err := p.Print(t.Context(), file, stamp)
	if err != nil || !bytes.Equal(again, b) {
		t.Errorf("a second print differs (%v)", err)
	}
}

// TestPrintReadsNothingButThePack: a pack whose raw HTML frames a local
// file and shows a local image prints the same bytes whether those files
// exist or not: the print loads the pack and data: URLs only, so no other
// file of the machine can reach the PDF.
func TestPrintReadsNothingButThePack(t *testing.T) {
	p := needChromium(t)
	stamp := time.Date(2026, 11, 11, 0, 0, 0, 0, time.UTC)
	var prints [][]byte
	for _, exists := range []bool{false, true} {
		dir := t.TempDir()
		secret := filepath.Join(dir, "secret.txt")
		if exists {
			if err := os.WriteFile(secret, []byte("root:x:0:0:the secret"), 0o644); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dir, "logo.svg"), []byte(`<svg xmlns="http://www.w3.org/2000/svg" width="200" height="200"><rect width="200" height="200"/></svg>`), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		page := `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>t</title><style>@page { size: A4 }</style></head><body>
<h1>Pack</h1><iframe src="file://` + filepath.ToSlash(secret) + `" width="400" height="100"></iframe><img src="logo.svg" alt="logo" width="200" height="200"></body></html>`
		name := filepath.Join(dir, "pack.html")
		if err := os.WriteFile(name, []byte(page), 0o644); err != nil {
			t.Fatal(err)
		}
		b, err := p.Print(context.Background(), name, stamp)
		if err != nil {
			t.Fatal(err)
		}
		prints = append(prints, b)
	}
	if !bytes.Equal(prints[0], prints[1]) {
		t.Errorf("the print differs when the local files it points at exist: it read them")
	}
}
