package site

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"hash/crc32"
	"strconv"
	"sync"
)

// PartsCache keeps, between builds, the rows loadSnapshotRows reads of
// each closed review's snapshot (its part): a long history's snapshots are
// hundreds of megabytes, read through on every build only to pick a few
// hundred rows from each. A part is keyed by the snapshot's SHA-256 (which
// the stat cache vouches for without reading it), the rows wanted of it,
// and opsreport's version, so a changed snapshot, a shortcode naming other
// rows, or another opsreport reads the snapshot again. The cache lives
// beside the stat cache, in the user's cache folder (cli), never in the
// output folder. A damaged cache (each part carries its CRC-32C) is no
// cache. Options.Parts.
type PartsCache struct {
	prev map[string][]byte // what the last build left, by key

	mu   sync.Mutex
	used map[string][]byte // what this build read, by key
}

// partsHeader starts a parts cache file; each part follows as a line
// "key length crc" and its bytes.
const partsHeader = "opsreport parts 1\n"

// NewPartsCache is the cache a build reads parts from, given what the
// last one wrote (nil: none).
func NewPartsCache(b []byte) *PartsCache {
	pc := &PartsCache{prev: map[string][]byte{}, used: map[string][]byte{}}
	rest, ok := bytes.CutPrefix(b, []byte(partsHeader))
	if !ok {
		return pc
	}
	prev := map[string][]byte{}
	for len(rest) > 0 {
		line, after, ok := bytes.Cut(rest, []byte{'\n'})
		if !ok {
			return pc
		}
		var key string
		var n int
		var crc uint32
		if _, err := fmt.Sscanf(string(line), "%s %d %x", &key, &n, &crc); err != nil || n < 0 || n > len(after) {
			return pc
		}
		part := after[:n:n]
		if crc32.Checksum(part, castagnoli) != crc {
			return pc
		}
		prev[key] = part
		rest = after[n:]
	}
	pc.prev = prev
	return pc
}

// key is the key of the part of a snapshot whose sum is sum, holding the
// rows want names.
func (pc *PartsCache) key(sum [sha256.Size]byte, want map[string]bool) string {
	h := sha256.New()
	fmt.Fprintf(h, "part 1\nversion %s\nsnapshot %x\n", version(), sum)
	for _, w := range sortedKeys(want) {
		fmt.Fprintf(h, "%q\n", w)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// get is the part the last build kept under key, if any.
func (pc *PartsCache) get(key string) ([]byte, bool) {
	part, ok := pc.prev[key]
	return part, ok
}

// put keeps part under key for the next build.
func (pc *PartsCache) put(key string, part []byte) {
	pc.mu.Lock()
	pc.used[key] = part
	pc.mu.Unlock()
}

// Bytes is the cache to write for the next build: the parts this build
// read; changed is false when they are the ones the last build left, or
// pc is nil.
func (pc *PartsCache) Bytes() (b []byte, changed bool) {
	if pc == nil {
		return nil, false
	}
	pc.mu.Lock()
	defer pc.mu.Unlock()
	changed = len(pc.used) != len(pc.prev)
	keys := sortedKeys(pc.used)
	b = []byte(partsHeader)
	for _, k := range keys {
		part := pc.used[k]
		if _, ok := pc.prev[k]; !ok {
			changed = true
		}
		b = append(b, k...)
		b = append(b, ' ')
		b = strconv.AppendInt(b, int64(len(part)), 10)
		b = append(b, ' ')
		b = strconv.AppendUint(b, uint64(crc32.Checksum(part, castagnoli)), 16)
		b = append(b, '\n')
		b = append(b, part...)
	}
	return b, changed
}
