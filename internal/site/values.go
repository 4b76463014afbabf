package site

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"hash/crc32"
	"io/fs"

	"github.com/opsreport/opsreport/internal/diag"
	"github.com/opsreport/opsreport/internal/kpi"
)

// ValuesCache keeps, between builds, what reading data/ gave: every value,
// risk and action (kpi.Store) and the warnings the reading gave. A large
// data folder's workbooks take longer to read than everything else a
// narrative edit rebuilds, and they did not change. Options.Values.
//
// The key is opsreport's version and the name and SHA-256 of every file of
// data/ and of opsreport.yaml, as SiteKey hashed them (through the stat
// cache), so any edit, added or removed file, or another opsreport reads
// data/ again. What a build reads is kept only when it is sure to be what
// those files hold: the reading reported no error, the catalog is
// data/kpis.yaml (a catalog sheet needs its workbook opened anyway), every
// file had stats SiteKey recorded, none was modified in the moments before
// the build looked at it (the stat cache's racy window), and each has the
// same stats after the reading as before; and nothing is keyed when
// SiteKey left part of data/ out (the output folder inside it, which the
// reading reads). Where the system gives no inode or change time
// (Windows), size and modification time alone vouch for a file, as they do
// for the whole-site skip. The figures are computed from
// the kept values on every build, as from values read. The cache lives
// beside the stat cache, in the user's cache folder (cli), never in the
// output folder; a damaged one (its CRC-32C) is no cache.
type ValuesCache struct {
	prev []byte // what the last build left: a cache file, unchecked

	key   string    // set by SiteKey; "" when it could not key data/
	files []string  // the files the key covers
	sums  *FileSums // their stats, as SiteKey took them
	out   []byte    // what this build leaves; nil: nothing new
}

// valuesHeader starts a values cache file, followed by lines with the key
// and the CRC-32C of the rest: valuesNotes, as JSON, and the store
// (kpi.AppendStore).
const valuesHeader = "opsreport values 1\n"

// valuesNotes are what a values cache keeps besides the store: the
// warnings the reading gave, and the KPIs data/sources.yaml computes from
// records (KPI.Records), which parsing it marks in the catalog.
type valuesNotes struct {
	Warnings []diag.Diagnostic `json:"warnings"`
	Records  []string          `json:"records"`
}

// SetLast gives the cache the file the last build wrote (nil: none), for
// a build to read values from. A build that SiteKey finds has nothing to
// do need not read it.
func (vc *ValuesCache) SetLast(b []byte) {
	if vc != nil {
		vc.prev = b
	}
}

// setKey keys data/ by files, as sums hashed them; skipped says SiteKey
// left something of data/ out (the output folder inside it), which the
// reading does not: such a data/ is not keyed.
func (vc *ValuesCache) setKey(files []string, sums *FileSums, skipped bool) {
	if vc == nil || sums == nil || skipped {
		return
	}
	h := sha256.New()
	fmt.Fprintf(h, "values 1\nversion %s\n", version())
	for _, p := range files {
		fsum, ok := sums.get(p)
		if !ok || !fsum.ok {
			return // unreadable: the reading will say so
		}
		fmt.Fprintf(h, "%q %x\n", p, fsum.sum)
	}
	vc.key, vc.files, vc.sums = hex.EncodeToString(h.Sum(nil)), files, sums
}

// load is the store and warnings the last build kept, when its key is
// this build's and it reads back against cat.
func (vc *ValuesCache) load(cat *kpi.Catalog) (*kpi.Store, []diag.Diagnostic, bool) {
	if vc == nil || vc.key == "" {
		return nil, nil, false
	}
	rest, ok := bytes.CutPrefix(vc.prev, []byte(valuesHeader))
	if !ok {
		return nil, nil, false
	}
	var key string
	var crc uint32
	line, rest, ok := bytes.Cut(rest, []byte{'\n'})
	if !ok || len(line) == 0 {
		return nil, nil, false
	}
	if _, err := fmt.Sscanf(string(line), "%s %x", &key, &crc); err != nil || key != vc.key || crc32.Checksum(rest, castagnoli) != crc {
		return nil, nil, false
	}
	n, w := binary.Uvarint(rest)
	if w <= 0 || n > uint64(len(rest)-w) {
		return nil, nil, false
	}
	var notes valuesNotes
	if json.Unmarshal(rest[w:w+int(n)], &notes) != nil {
		return nil, nil, false
	}
	st, err := kpi.DecodeStore(rest[w+int(n):], cat)
	if err != nil {
		return nil, nil, false
	}
	for _, id := range notes.Records {
		k := cat.Get(id)
		if k == nil {
			return nil, nil, false
		}
		k.Records = true
	}
	return st, notes.Warnings, true
}

// keep has the cache hold st and warnings for the next build, when the
// files keyed are sure to be what was read (see ValuesCache).
func (vc *ValuesCache) keep(fsys fs.FS, st *kpi.Store, warnings []diag.Diagnostic) {
	if vc == nil || vc.key == "" || !vc.unchanged(fsys) {
		return
	}
	notes := valuesNotes{Warnings: warnings}
	for _, k := range st.Catalog.KPIs {
		if k.Records {
			notes.Records = append(notes.Records, k.ID)
		}
	}
	js, err := json.Marshal(notes)
	if err != nil {
		return
	}
	body := binary.AppendUvarint(nil, uint64(len(js)))
	body = append(body, js...)
	body = kpi.AppendStore(body, st)
	b := fmt.Appendf(nil, "%s%s %x\n", valuesHeader, vc.key, crc32.Checksum(body, castagnoli))
	vc.out = append(b, body...)
}

// unchanged reports whether every file keyed has the stats SiteKey took
// of it, and had them already before the build began (the stat cache's
// racy window): a file edited while it was read, or in the same clock
// tick as SiteKey's look, might hold bytes its key does not say.
func (vc *ValuesCache) unchanged(fsys fs.FS) bool {
	for _, p := range vc.files {
		if !vc.still(fsys, p) {
			return false
		}
	}
	return true
}

// still reports whether the file p has the stats SiteKey took of it, and
// had them already before the build began.
func (vc *ValuesCache) still(fsys fs.FS, p string) bool {
	if vc.sums == nil {
		return false
	}
	v, ok := vc.sums.stats.Load(p)
	if !ok {
		return false
	}
	was := v.(fileStat)
	now, ok := statOf(fsys, p)
	return ok && now.Size == was.Size && now.MTime == was.MTime && now.CTime == was.CTime && now.Ino == was.Ino &&
		now.MTime < vc.sums.taken-int64(statMargin)
}

// Bytes is the cache to write for the next build; changed is false when
// this build kept nothing new (it read the cache, or could not keep what
// it read), or vc is nil.
func (vc *ValuesCache) Bytes() (b []byte, changed bool) {
	if vc == nil || vc.out == nil {
		return nil, false
	}
	return vc.out, true
}
