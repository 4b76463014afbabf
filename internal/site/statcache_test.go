package site

import (
	"bytes"
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// statSite writes a small site folder (SiteKey reads any files) whose
// files were last modified an hour ago, with a data file linked into
// data/, and returns it with its files' paths, the link's included.
func statSite(t *testing.T) (string, []string) {
	t.Helper()
	dir := t.TempDir()
	files := map[string]string{
		"opsreport.yaml":                        "title: Stats\n",
		"content/_index.md":                     "# Home\n",
		"content/reviews/2026-03/index.md":      "# March\n",
		"content/reviews/2026-03/snapshot.csv":  "kpi,period,actual\nrevenue,2026-03,100\n",
		"content/reviews/2026-03/registers.csv": "kind,id\n",
		"data/metrics.csv":                      "kpi,2026-03\nrevenue,100\n",
		"templates/review.html":                 "{{.Title}}\n",
		"theme/site.css":                        "body{}\n",
	}
	hour := time.Now().Add(-time.Hour)
	for name, text := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Chtimes(p, hour, hour); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Symlink("metrics.csv", filepath.Join(dir, "data", "linked.csv")); err != nil {
		t.Fatal(err)
	}
	return dir, append(sortedKeys(files), "data/linked.csv")
}

// countingFS is a folder whose files' bytes are counted as they are read.
type countingFS struct {
	fsys  fs.FS
	bytes atomic.Int64
}

func counting(dir string) *countingFS { return &countingFS{fsys: os.DirFS(dir)} }

func (c *countingFS) Open(name string) (fs.File, error) {
	f, err := c.fsys.Open(name)
	if err != nil {
		return nil, err
	}
	return countedFile{f, c}, nil
}

func (c *countingFS) Stat(name string) (fs.FileInfo, error) { return fs.Stat(c.fsys, name) }

func (c *countingFS) ReadDir(name string) ([]fs.DirEntry, error) { return fs.ReadDir(c.fsys, name) }

type countedFile struct {
	fs.File
	c *countingFS
}

func (f countedFile) Read(b []byte) (int, error) {
	n, err := f.File.Read(b)
	f.c.bytes.Add(int64(n))
	return n, err
}

// keyWith keys the site folder dir as cli's build does, with the stat
// cache prev (nil: none): the key, the new stat cache, the sums and how
// many bytes of the site's files were read.
func keyWith(t *testing.T, dir string, prev []byte) (key string, cache []byte, sums *FileSums, read int64) {
	t.Helper()
	fsys := counting(dir)
	sums = NewFileSums(prev)
	key = SiteKey(fsys, Options{Sums: sums}, nil)
	cache, _ = sums.StatCache()
	return key, cache, sums, fsys.bytes.Load()
}

// TestAnUnchangedSiteIsKeyedWithoutReadingIt: with the last build's
// stat cache, a site none of whose files changed is keyed as the last build
// keyed it without reading a byte of them; the sums Build keys closed
// reviews with are the ones a full read makes; and the new cache vouches
// for every file again, the linked one by its target's stats.
func TestAnUnchangedSiteIsKeyedWithoutReadingIt(t *testing.T) {
	dir, files := statSite(t)
	key, rec, first, read := keyWith(t, dir, nil)
	if read == 0 {
		t.Fatal("the first build read nothing")
	}
	for i := range 2 {
		again, next, sums, read := keyWith(t, dir, rec)
		if again != key || read != 0 {
			t.Fatalf("build %d: key %s (want %s), %d bytes read (want 0)", i+2, again, key, read)
		}
		for _, p := range files {
			got, ok := sums.get(p)
			want, _ := first.get(p)
			if !ok || got != want {
				t.Errorf("build %d: the sum of %s is %v, %v; read, it is %v", i+2, p, got, ok, want)
			}
		}
		if in := sums.record(); len(in.Files) != len(files) {
			t.Errorf("build %d recorded the stats of %v, want %v", i+2, sortedKeys(in.Files), files)
		}
		rec = next
	}
}

// TestAnEditThatKeepsSizeAndMTimeIsRead: an edit of the same size whose
// modification time is put back (its change time is not), and a file
// replaced by another of the same size and modification time (a new
// inode), are read and keyed as they are.
func TestAnEditThatKeepsSizeAndMTimeIsRead(t *testing.T) {
	for _, how := range []string{"in place", "renamed over"} {
		t.Run(how, func(t *testing.T) {
			dir, _ := statSite(t)
			key, rec, _, _ := keyWith(t, dir, nil)
			p := filepath.Join(dir, "content", "reviews", "2026-03", "snapshot.csv")
			info, err := os.Stat(p)
			if err != nil {
				t.Fatal(err)
			}
			if ino, ctime := sysStat(info.Sys()); ino == 0 && ctime == 0 {
				t.Skip("the file system gives no inode or change time")
			}
			edited := "kpi,period,actual\nrevenue,2026-03,900\n"
			if how == "in place" {
				err = os.WriteFile(p, []byte(edited), 0o644)
			} else {
				err = os.WriteFile(p+".new", []byte(edited), 0o644)
				if err == nil {
					err = os.Rename(p+".new", p)
				}
			}
			if err == nil {
				err = os.Chtimes(p, info.ModTime(), info.ModTime())
			}
			if err != nil {
				t.Fatal(err)
			}
			now, _ := os.Stat(p)
			if now.Size() != info.Size() || !now.ModTime().Equal(info.ModTime()) {
				t.Fatalf("the edit changed size or modification time: %d %v, was %d %v", now.Size(), now.ModTime(), info.Size(), info.ModTime())
			}
			got, _, _, _ := keyWith(t, dir, rec)
			fresh, _, _, _ := keyWith(t, dir, nil)
			if got != fresh || got == key {
				t.Errorf("keyed %s after the edit; read whole, %s; before it, %s", got, fresh, key)
			}
		})
	}
}

// TestAnEditInTheSameTickIsRead: a file whose stats are the recorded ones
// but whose modification time is not older than the moment the cache's
// stats were taken (less statMargin) is read again. The cache is made as
// a same-tick edit leaves it: the edited file's stats with the old sum.
func TestAnEditInTheSameTickIsRead(t *testing.T) {
	dir, _ := statSite(t)
	_, rec, _, _ := keyWith(t, dir, nil)
	name := "content/reviews/2026-03/index.md"
	p := filepath.Join(dir, filepath.FromSlash(name))
	if err := os.WriteFile(p, []byte("# MARCH\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	fresh, _, _, _ := keyWith(t, dir, nil)
	sameTick := func(taken func(mtime int64) int64) []byte {
		var in inputStats
		if err := json.Unmarshal(rec, &in); err != nil {
			t.Fatal(err)
		}
		st, ok := statOf(os.DirFS(dir), name)
		if !ok {
			t.Fatal("no stats")
		}
		st.Sum = in.Files[name].Sum
		in.Files[name], in.Taken = st, taken(st.MTime)
		b, _ := json.Marshal(in)
		return b
	}
	for _, margin := range []time.Duration{0, statMargin - time.Millisecond, -time.Second} {
		got, _, _, read := keyWith(t, dir, sameTick(func(m int64) int64 { return m + int64(margin) }))
		if got != fresh || read == 0 {
			t.Errorf("stats taken %v after the edit: keyed %s (read whole, %s), %d bytes read", margin, got, fresh, read)
		}
	}
	// Taken well after the edit, the same stats are trusted: the check
	// above is what catches the edit.
	if got, _, _, _ := keyWith(t, dir, sameTick(func(m int64) int64 { return m + int64(statMargin) + 1 })); got == fresh {
		t.Error("a cache taken after the margin was not trusted")
	}
}

// TestABadStatCacheReadsEverything: no stat cache, one that is not JSON,
// of the wrong shape, from another opsreport, without
// its time, or whose sums are not SHA-256 sums: every file is read, and
// the key is a full read's.
func TestABadStatCacheReadsEverything(t *testing.T) {
	dir, _ := statSite(t)
	key, rec, _, all := keyWith(t, dir, nil)
	edit := func(f func(in map[string]any)) []byte {
		var in map[string]any
		dec := json.NewDecoder(bytes.NewReader(rec))
		dec.UseNumber() // nanoseconds are not float64s
		if err := dec.Decode(&in); err != nil {
			t.Fatal(err)
		}
		f(in)
		b, _ := json.Marshal(in)
		return b
	}
	sums := func(sum string) func(in map[string]any) {
		return func(in map[string]any) {
			for _, f := range in["files"].(map[string]any) {
				f.(map[string]any)["sum"] = sum
			}
		}
	}
	// The cache edited as below but for its mistake reads nothing.
	if _, _, _, read := keyWith(t, dir, edit(func(map[string]any) {})); read != 0 {
		t.Fatalf("the good cache read %d bytes", read)
	}
	for name, prev := range map[string][]byte{
		"none":       nil,
		"not JSON":   rec[:len(rec)/2],
		"wrong type": edit(func(in map[string]any) { in["files"] = []int{1} }),
		"version":    edit(func(in map[string]any) { in["version"] = "another" }),
		"no time":    edit(func(in map[string]any) { delete(in, "taken") }),
		"sum short":  edit(sums("abcd")),
		"sum long":   edit(sums(strings.Repeat("ab", 33))),
		"sum hex":    edit(sums(strings.Repeat("zz", 32))),
	} {
		got, _, _, read := keyWith(t, dir, prev)
		if got != key || read != all {
			t.Errorf("%s: key %s (want %s), %d bytes read (want %d)", name, got, key, read, all)
		}
	}
}

// TestAStatCacheIsStaleWhenItNoLongerMatches: the cache SiteKey leaves is
// stale (to be written again) when there was none, when a file was read
// (a touch that left its bytes as they were included) and when a file is
// gone; not when every sum was taken from it.
func TestAStatCacheIsStaleWhenItNoLongerMatches(t *testing.T) {
	dir, _ := statSite(t)
	stale := func(prev []byte) ([]byte, bool) {
		sums := NewFileSums(prev)
		SiteKey(os.DirFS(dir), Options{Sums: sums}, nil)
		return sums.StatCache()
	}
	cache, ok := stale(nil)
	if !ok || cache == nil {
		t.Fatalf("no cache: stale %v, %d bytes", ok, len(cache))
	}
	if _, ok := stale(cache); ok {
		t.Error("nothing changed, and the cache is stale")
	}
	halfHour := time.Now().Add(-30 * time.Minute)
	if err := os.Chtimes(filepath.Join(dir, "data", "metrics.csv"), halfHour, halfHour); err != nil {
		t.Fatal(err)
	}
	touched, ok := stale(cache)
	if !ok {
		t.Error("a file touched, and the cache is not stale")
	}
	if _, ok := stale(touched); ok {
		t.Error("the cache written after the touch is stale")
	}
	if err := os.Remove(filepath.Join(dir, "theme", "site.css")); err != nil {
		t.Fatal(err)
	}
	if _, ok := stale(touched); !ok {
		t.Error("a file removed, and the cache is not stale")
	}
	if _, ok := stale([]byte("{")); !ok {
		t.Error("an unreadable cache is not stale")
	}
}

// TestStatsVouchOnlyWhenAllMatch: a recorded file's sum is taken over only
// when its size, modification time, change time and inode are all the
// recorded ones, and its modification time was older than the record, by
// statMargin, when the record was taken.
func TestStatsVouchOnlyWhenAllMatch(t *testing.T) {
	const sum = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff"
	taken := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC).UnixNano()
	old := taken - int64(time.Hour)
	was := fileStat{Size: 10, MTime: old, CTime: old + 5, Ino: 42, Sum: sum}
	fss := &FileSums{}
	fss.prev = &inputStats{Taken: taken, Files: map[string]fileStat{"a": was}}
	for name, tt := range map[string]struct {
		now  fileStat
		want bool
	}{
		"same":          {fileStat{Size: 10, MTime: old, CTime: old + 5, Ino: 42}, true},
		"size":          {fileStat{Size: 11, MTime: old, CTime: old + 5, Ino: 42}, false},
		"mtime":         {fileStat{Size: 10, MTime: old + 1, CTime: old + 5, Ino: 42}, false},
		"ctime":         {fileStat{Size: 10, MTime: old, CTime: old + 6, Ino: 42}, false},
		"inode":         {fileStat{Size: 10, MTime: old, CTime: old + 5, Ino: 43}, false},
		"other file":    {fileStat{Size: 10, MTime: old, CTime: old + 5, Ino: 42}, false},
		"racy":          {fileStat{Size: 10, MTime: taken - int64(statMargin), CTime: old + 5, Ino: 42}, false},
		"just not racy": {fileStat{Size: 10, MTime: taken - int64(statMargin) - 1, CTime: old + 5, Ino: 42}, true},
	} {
		p := "a"
		if name == "other file" {
			p = "b"
		}
		w := was
		if name == "racy" || name == "just not racy" {
			w.MTime = tt.now.MTime
		}
		fss.prev.Files = map[string]fileStat{"a": w}
		fsum, ok := fss.cached(p, tt.now)
		if ok != tt.want || ok && (fsum.size != 10 || !fsum.ok || fsum.sum[0] != 0x00 || fsum.sum[31] != 0xff) {
			t.Errorf("%s: %v %v, want %v", name, fsum, ok, tt.want)
		}
	}
}
