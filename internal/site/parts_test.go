package site

import (
	"bytes"
	"testing"
)

// TestPartsCacheReadsOnlyASoundCache: the parts a build kept read back as
// they were; a cache cut short, with another header, a length past its
// end or a part whose check sum does not match is no cache at all.
func TestPartsCacheReadsOnlyASoundCache(t *testing.T) {
	pc := NewPartsCache(nil)
	pc.put("k1", []byte("kpi,period\nnps,2026-03\n"))
	pc.put("k2", []byte(""))
	b, changed := pc.Bytes()
	if !changed {
		t.Fatal("two new parts, and the cache did not change")
	}
	back := NewPartsCache(b)
	if got, ok := back.get("k1"); !ok || string(got) != "kpi,period\nnps,2026-03\n" {
		t.Errorf("k1 read back as %q, %v", got, ok)
	}
	if got, ok := back.get("k2"); !ok || len(got) != 0 {
		t.Errorf("k2 read back as %q, %v", got, ok)
	}
	back.put("k1", []byte("kpi,period\nnps,2026-03\n"))
	if _, changed := back.Bytes(); !changed {
		t.Error("k2 went unused, and the cache did not change")
	}
	for name, bad := range map[string][]byte{
		"cut short":           b[:len(b)-3],
		"another header":      bytes.Replace(b, []byte("parts 1"), []byte("parts 2"), 1),
		"length past its end": bytes.Replace(b, []byte(" 23 "), []byte(" 99 "), 1),
		"check sum":           bytes.Replace(b, []byte("nps"), []byte("npt"), 1),
	} {
		if _, ok := NewPartsCache(bad).get("k1"); ok {
			t.Errorf("%s: k1 read from a damaged cache", name)
		}
	}
}
