package demo

import (
	"bytes"
	"fmt"
	"hash/crc32"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"

	opsreport "github.com/opsreport/opsreport"
	"github.com/opsreport/opsreport/internal/diag"
	"github.com/opsreport/opsreport/internal/kpi"
	"github.com/opsreport/opsreport/internal/site"
)

// TestThePartsCacheSparesReadingSnapshots: a build that reuses closed
// reviews takes the rows of their snapshots it needs from the parts cache
// the last build left, by the snapshot's sum, without reading the
// snapshot: a part made wrong (every green made amber, its check sum made
// anew) is what the review then shows. A snapshot whose bytes changed is
// read again whatever the cache holds, and a damaged cache is none.
func TestThePartsCacheSparesReadingSnapshots(t *testing.T) {
	rev, fsys, snap := closedFourth(t, 8)
	file := rev.Dir + "/" + site.SnapshotFile
	// statuses loads the site as a build that reuses does, with parts,
	// and counts the closed review's statuses at its period; swap, when
	// set, replaces the snapshot between keying the site and loading it.
	statuses := func(fsys fstest.MapFS, parts *site.PartsCache, swap ...[]byte) string {
		t.Helper()
		o := site.Options{Look: opsreport.Builtin, Sums: site.NewFileSums(nil), Reuse: &site.Reuse{Prev: []byte("{}")}, Parts: parts}
		site.SiteKey(fsys, o, nil)
		for _, b := range swap {
			fsys[file] = &fstest.MapFile{Data: b}
		}
		var d diag.List
		loaded := site.Load(fsys, o, &d)
		if d.HasErrors() {
			t.Fatal(d.Items())
		}
		counts := map[kpi.Status]int{}
		for _, r := range loaded.Reviews {
			if r.Slug == rev.Slug {
				for f := range r.Snapshot.Each() {
					if f.Period == r.Period && !f.IsQuarter() {
						counts[f.Status]++
					}
				}
			}
		}
		return fmt.Sprint(counts)
	}
	parts := site.NewPartsCache(nil)
	real := statuses(fsys, parts)
	if !strings.Contains(real, "green") {
		t.Fatalf("the review has no green to make amber: %s", real)
	}
	cache, changed := parts.Bytes()
	if !changed {
		t.Fatal("a build that read the parts says the cache did not change")
	}
	wrong := rewriteParts(t, cache, func(p []byte) []byte { return bytes.ReplaceAll(p, []byte(",green,"), []byte(",amber,")) })
	parts = site.NewPartsCache(wrong)
	if got := statuses(fsys, parts); got == real || strings.Contains(got, "green") {
		t.Errorf("with the parts made wrong, the review shows %s (its snapshot: %s): the snapshot was read", got, real)
	}
	if _, changed := parts.Bytes(); changed {
		t.Error("a build that read every part from the cache says the cache changed")
	}

	changedSnap := bytes.Replace(snap, []byte(",green,"), []byte(",red,"), 1)
	fsys[file] = &fstest.MapFile{Data: changedSnap}
	if got, want := statuses(fsys, site.NewPartsCache(wrong)), statuses(fsys, nil); got != want {
		t.Errorf("with its snapshot changed, the review shows %s, want %s (read from the file)", got, want)
	}
	// A snapshot changed between the site's keying and its loading, to
	// bytes of the same size (one green at its period made red, its
	// comment two letters longer), then back: its part is kept under the
	// bytes read, not under the key's, so the snapshot back as it was
	// shows what it holds.
	lines := bytes.Split(snap, []byte("\n"))
	for i, l := range lines {
		if bytes.Contains(l, []byte(","+rev.Period.String()+",")) && bytes.Contains(l, []byte(",green,")) {
			lines[i] = append(bytes.Replace(l, []byte(",green,"), []byte(",red,"), 1), "xx"...)
			break
		}
	}
	if sameSize := bytes.Join(lines, []byte("\n")); len(sameSize) != len(snap) || bytes.Equal(sameSize, snap) {
		t.Fatal("no green at the review's period to change")
	} else {
		parts := site.NewPartsCache(nil)
		fsys[file] = &fstest.MapFile{Data: snap}
		statuses(fsys, parts, sameSize)
		cache, _ := parts.Bytes()
		fsys[file] = &fstest.MapFile{Data: snap}
		if got := statuses(fsys, site.NewPartsCache(cache)); got != real {
			t.Errorf("a snapshot changed while the site loaded, then changed back, shows %s, want %s", got, real)
		}
	}
	damaged := bytes.Clone(wrong)
	damaged[len(damaged)-2] ^= 1
	if got := statuses(fsys, site.NewPartsCache(damaged)); got != real {
		t.Errorf("with the cache damaged, the review shows %s, want %s", got, real)
	}
}

// rewriteParts edits each part of a parts cache with f, and makes its
// check sum anew, so the cache reads as sound.
func rewriteParts(t *testing.T, cache []byte, f func([]byte) []byte) []byte {
	t.Helper()
	head, rest, _ := bytes.Cut(cache, []byte{'\n'})
	out := append(bytes.Clone(head), '\n')
	for len(rest) > 0 {
		line, after, _ := bytes.Cut(rest, []byte{'\n'})
		fields := strings.Fields(string(line))
		if len(fields) != 3 {
			t.Fatalf("parts cache line %q", line)
		}
		size, err := strconv.Atoi(fields[1])
		if err != nil || size > len(after) {
			t.Fatalf("parts cache line %q", line)
		}
		part := f(bytes.Clone(after[:size]))
		crc := crc32.Checksum(part, crc32.MakeTable(crc32.Castagnoli))
		out = append(out, fmt.Sprintf("%s %d %x\n", fields[0], len(part), crc)...)
		out = append(out, part...)
		rest = after[size:]
	}
	return out
}
