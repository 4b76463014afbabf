package cli

import (
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// The stat cache (site.NewFileSums) lets a build key the site without
// reading the files whose stats did not change. It lives in the user's
// cache folder, one file per site folder and output folder, and never in
// the output folder, which must be the same bytes for the same input and
// is deployed: the cache names every input file and holds when it was
// made. It is only a cache: when the cache folder is missing, unreadable
// or unwritable, a build reads every file, and says nothing of it.
//
// Beside each stat cache is its parts cache (site.PartsCache, .parts), the
// rows of the closed reviews' snapshots the last build read, and its
// values cache (site.ValuesCache, .values), what the last build read from
// data/, each written when it changed.
//
// The folder is kept tidy as caches are written: a cache no build has read
// or written for statCacheAge (its site or output folder deleted, moved or
// renamed) is removed, and so is a temporary file older than an hour (a
// build killed while writing). A cache older than a day is touched when
// read, so that a site rebuilt unchanged keeps its cache.
const statCacheAge = 90 * 24 * time.Hour

// statCachePath is the stat cache file of a build of the site folder src
// into the output folder out: under the user's cache folder, named by the
// SHA-256 of both absolute paths, so two sites, or two output folders of
// one site, never share one; "" when there is no cache folder.
func statCachePath(src, out string) string {
	dir, err := os.UserCacheDir()
	if err != nil {
		return ""
	}
	src, err = filepath.Abs(src)
	if err != nil {
		return ""
	}
	out, err = filepath.Abs(out)
	if err != nil {
		return ""
	}
	h := sha256.Sum256([]byte(src + "\x00" + out))
	return filepath.Join(dir, "opsreport", "stat", hex.EncodeToString(h[:])+".json")
}

// valuesCachePath is the values cache (site.ValuesCache) beside the stat
// cache at path; "" when there is none.
func valuesCachePath(path string) string {
	if path == "" {
		return ""
	}
	return strings.TrimSuffix(path, ".json") + ".values"
}

// partsCachePath is the parts cache (site.PartsCache) beside the stat
// cache at path; "" when there is none.
func partsCachePath(path string) string {
	if path == "" {
		return ""
	}
	return strings.TrimSuffix(path, ".json") + ".parts"
}

// readStatCache is the stat cache at path; nil when there is none to read.
// One last modified more than a day ago is touched, as in use (touchCache).
func readStatCache(path string, now time.Time) []byte {
	if path == "" {
		return nil
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil
	}
	touchCache(path, now)
	return b
}

// touchCache marks the cache file at path as in use when it was last
// modified more than a day ago, so that pruning keeps it.
func touchCache(path string, now time.Time) {
	if fi, err := os.Stat(path); err == nil && now.Sub(fi.ModTime()) > 24*time.Hour {
		os.Chtimes(path, now, now)
	}
}

// writeStatCache replaces the stat cache at path with b, through a
// temporary file renamed over it, so that a build reading it meanwhile
// reads the old cache or the new one whole. Its folders are the user's
// own (0700), and so is the file (0600). Failing, it leaves no cache
// behind but the old one, and says nothing.
func writeStatCache(path string, b []byte) {
	if path == "" || b == nil {
		return
	}
	dir := filepath.Dir(path)
	if os.MkdirAll(dir, 0o700) != nil {
		return
	}
	f, err := os.CreateTemp(dir, filepath.Base(path)+".*.tmp") // 0600
	if err != nil {
		return
	}
	_, err = f.Write(b)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(f.Name(), path)
	}
	if err != nil {
		os.Remove(f.Name())
		return
	}
	pruneStatCaches(dir, time.Now())
}

// pruneStatCaches removes from the stat cache folder dir the caches not
// used for statCacheAge and the temporary files older than an hour.
func pruneStatCaches(dir string, now time.Time) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, e := range entries {
		age := time.Duration(0)
		if fi, err := e.Info(); err == nil && fi.Mode().IsRegular() {
			age = now.Sub(fi.ModTime())
		}
		switch name := e.Name(); {
		case strings.HasSuffix(name, ".tmp") && age > time.Hour,
			(strings.HasSuffix(name, ".json") || strings.HasSuffix(name, ".parts") || strings.HasSuffix(name, ".values")) && age > statCacheAge:
			os.Remove(filepath.Join(dir, name))
		}
	}
}
