package site

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io/fs"
	"sync"
	"sync/atomic"
	"time"
)

// The stat cache. A long history's closed reviews hold hundreds of
// megabytes of snapshots, which SiteKey would read and hash on every
// build. Like git's index, a stat cache keeps, for every input file
// SiteKey hashed, its size, modification time and, where the file system
// gives them, inode and change time, with its sum; the next build takes
// the sum over without reading the file when all of those are the same. A
// file whose modification time is not strictly older than when the cached
// stats were taken, less statMargin, is read again ("racy", as git says):
// an edit in the same clock tick as the last build's look at it leaves the
// same stats. Anything else (no cache, another opsreport's, a file system
// without modification times) reads and hashes every file.
//
// The cache is not output: it names every input file, and holds when its
// stats were taken, so it would make two builds of the same input differ
// and disclose the site folder to whoever reads the output. The command
// line keeps it in the user's cache folder (cli's statcache.go); this
// package only reads and makes its bytes.

// statMargin is how much older than the cached stats a file's
// modification time must be for its stats to vouch for its bytes: file
// systems whose clocks tick coarsely (FAT: 2 s) or lag the wall clock (the
// kernel's coarse clock) would otherwise date an edit made just after a
// build at or before it.
const statMargin = 2 * time.Second

// inputStats is the stat cache.
type inputStats struct {
	// Version is opsreport's version (version()): another build's sums are
	// not trusted, whatever they say.
	Version string `json:"version"`
	// Taken is when the build began taking the stats, in Unix nanoseconds.
	Taken int64               `json:"taken"`
	Files map[string]fileStat `json:"files"`
}

// fileStat is what the stat cache knows of a file: its stats, and the sum
// SiteKey made of it (fileSum.sum, hexadecimal).
type fileStat struct {
	Size  int64  `json:"size"`
	MTime int64  `json:"mtime"` // Unix nanoseconds
	CTime int64  `json:"ctime,omitempty"`
	Ino   uint64 `json:"ino,omitempty"`
	Sum   string `json:"sum"`
}

// NewFileSums are FileSums that trust the stat cache cache (a StatCache;
// nil: none): SiteKey takes from it the sums of the files whose stats did
// not change. An unreadable cache, or one of another opsreport, trusts
// nothing.
func NewFileSums(cache []byte) *FileSums {
	fss := &FileSums{}
	var in inputStats
	if cache == nil || json.Unmarshal(cache, &in) != nil {
		return fss
	}
	if in.Version == version() && in.Taken > 0 && in.Files != nil {
		fss.prev = &in
	}
	return fss
}

// StatCache is the stat cache for the next build: every file whose sum
// SiteKey made or took over, with the stats it had; nil when it took no
// stats. stale says whether it differs from the cache NewFileSums was
// given by more than when it was taken: a file was read and hashed, or
// the files are not the cached ones. A cache that is not stale need not
// be written again.
func (fss *FileSums) StatCache() (cache []byte, stale bool) {
	in := fss.record()
	if in == nil {
		return nil, false
	}
	cache, err := json.Marshal(in)
	if err != nil {
		return nil, false
	}
	stale = fss.hashed.Load() || fss.prev == nil || len(fss.prev.Files) != len(in.Files)
	return cache, stale
}

// begin notes when the stats of this build begin to be taken, once.
func (fss *FileSums) begin() {
	if fss != nil {
		fss.once.Do(func() { fss.taken = time.Now().UnixNano() })
	}
}

// sum is a file's fileSum, kept for Build and the next build's stat
// cache: the cached one when the file's stats vouch for it, else its
// bytes read and hashed. The stats are taken before the bytes are read: a
// file changing in between is recorded with the stats it had before, so
// the next build reads it again.
func (fss *FileSums) sum(fsys fs.FS, p string) fileSum {
	if fss == nil {
		b, err := fs.ReadFile(fsys, p)
		return digest(p, b, err == nil)
	}
	st, statted := statOf(fsys, p)
	fsum, cached := fileSum{}, false
	if statted {
		fsum, cached = fss.cached(p, st)
	}
	if !cached {
		b, err := fs.ReadFile(fsys, p)
		fsum = digest(p, b, err == nil)
		if statted {
			fss.hashed.Store(true)
		}
		statted = statted && err == nil && int64(len(b)) == st.Size
	}
	fss.m.Store(p, fsum)
	if statted && fss.taken != 0 {
		st.Sum = hex.EncodeToString(fsum.sum[:])
		fss.stats.Store(p, st)
	}
	return fsum
}

// cached is the sum the stat cache holds for p, when p's stats now are
// the recorded ones and were already old when they were taken.
func (fss *FileSums) cached(p string, now fileStat) (fileSum, bool) {
	in := fss.prev
	if in == nil {
		return fileSum{}, false
	}
	was, ok := in.Files[p]
	if !ok || was.Size != now.Size || was.MTime != now.MTime || was.CTime != now.CTime || was.Ino != now.Ino {
		return fileSum{}, false
	}
	if now.MTime >= in.Taken-int64(statMargin) {
		return fileSum{}, false // racy: an edit in the same tick would look the same
	}
	fsum := fileSum{size: int(now.Size), ok: true}
	if len(was.Sum) != 2*sha256.Size {
		return fileSum{}, false
	}
	if _, err := hex.Decode(fsum.sum[:], []byte(was.Sum)); err != nil {
		return fileSum{}, false
	}
	return fsum, true
}

// record is the stat cache for the next build: every file whose sum this
// build made or took over, with the stats it had; nil when SiteKey took
// no stats.
func (fss *FileSums) record() *inputStats {
	if fss == nil || fss.taken == 0 {
		return nil
	}
	in := &inputStats{Version: version(), Taken: fss.taken, Files: map[string]fileStat{}}
	fss.stats.Range(func(k, v any) bool {
		in.Files[k.(string)] = v.(fileStat)
		return true
	})
	return in
}

// statOf is a file's stats, following a symbolic link to its target as
// reading it does; false when it has none to trust (no modification time,
// as an fstest.MapFS file, or not a regular file).
func statOf(fsys fs.FS, p string) (fileStat, bool) {
	info, err := fs.Stat(fsys, p)
	if err != nil || !info.Mode().IsRegular() || info.ModTime().IsZero() {
		return fileStat{}, false
	}
	st := fileStat{Size: info.Size(), MTime: info.ModTime().UnixNano()}
	st.Ino, st.CTime = sysStat(info.Sys())
	return st, true
}

// statCache is FileSums' part that keeps the stat cache.
type statCache struct {
	prev   *inputStats // the last build's stat cache, trusted; nil: none
	once   sync.Once
	taken  int64       // when this build began taking stats (Unix ns); 0: it did not
	stats  sync.Map    // path → fileStat, this build's
	hashed atomic.Bool // a file with stats was read and hashed
}
