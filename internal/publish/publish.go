// Package publish writes a built site to a folder without ever leaving it
// half-written: the new tree is assembled in a staging folder beside it
// (see StagingDir) and swapped in whole, in one step where the system can
// exchange two folders (Linux, macOS), so the folder holds the old tree or
// the new one at every instant. Files whose bytes did not change are hard-linked from the
// old tree rather than rewritten, and a build that changes nothing leaves the
// folder untouched. Large files may be staged while the build is still
// running (Staging.Spill), so a build need not hold its output in memory.
// WriteFile and WriteFolder write a user's own files (a snapshot, a new
// review) the same way: aside, synced, then renamed into place. Output
// files are not synced one by one (see WriteFile).
package publish

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
)

// Marker is the file publish leaves in every folder it writes. A folder
// that holds files but not the marker is not opsreport's to replace.
const Marker = ".opsreport-output"

const markerText = "This folder is written by opsreport build and replaced whole on each build.\n"

// Stats says what Write did.
type Stats struct {
	Written   int // files whose bytes are new or changed
	Unchanged int // files kept as they were
	Removed   int // files of the old tree that the new one no longer has
}

// Changed reports whether the folder differs from before.
func (s Stats) Changed() bool { return s.Written > 0 || s.Removed > 0 }

// Write makes dir hold exactly files (slash paths → bytes). When dir already
// holds exactly these bytes it is left untouched.
func Write(dir string, files map[string][]byte) (Stats, error) {
	st, err := Begin(dir)
	if err != nil {
		return Stats{}, err
	}
	return st.Finish(files)
}

// Staging is a write in progress: large files can be put aside while a
// build is still making the rest (Spill), so a build need not hold its
// whole output in memory. Finish swaps the result in; Abort drops it.
type Staging struct {
	dir     string
	staging string   // created on the first Spill or by Finish
	lock    *os.File // held on staging while it is in use

	old map[string]int64 // dir's files and their sizes, at Begin

	mu      sync.Mutex
	spilled map[string]bool  // true: the bytes dir already held, linked
	sizes   map[string]int64 // the spilled and kept files' sizes
}

// Begin checks that dir is opsreport's to replace and starts a write. It
// first removes what builds killed half-way left beside dir (RemoveStale):
// best effort, since a folder it cannot remove now is no reason to fail.
func Begin(dir string) (*Staging, error) {
	if err := checkDest(dir); err != nil {
		return nil, err
	}
	RemoveStale(dir)
	old, err := listFiles(dir)
	if err != nil {
		return nil, err
	}
	return &Staging{dir: dir, old: old, spilled: map[string]bool{}, sizes: map[string]int64{}}, nil
}

// Spill writes one file of the new tree into the staging folder now. It is
// safe for concurrent use.
func (st *Staging) Spill(name string, data []byte) error {
	if err := checkName(name); err != nil {
		return err
	}
	st.mu.Lock()
	err := st.ensure()
	st.mu.Unlock()
	if err != nil {
		return err
	}
	dst := filepath.Join(st.staging, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return fmt.Errorf("publish: %w", err)
	}
	// A file dir already holds is linked, not written again, so that an
	// unchanged rebuild writes nothing and the file keeps its identity.
	// Either way dst, should it be there already (a link into dir, which
	// must never be opened for writing), is unlinked first.
	kept := same(st.dir, name, st.old, data) && link(filepath.Join(st.dir, filepath.FromSlash(name)), dst) == nil
	if !kept {
		if err := writeFresh(dst, data); err != nil {
			return fmt.Errorf("publish: %w", err)
		}
	}
	st.mu.Lock()
	st.spilled[name] = kept
	st.sizes[name] = int64(len(data))
	st.mu.Unlock()
	return nil
}

// Keep takes a file of the folder's current tree into the new one as it
// is, without its bytes being made again: a closed review's files that a
// build reuses. The file must be there with the given size (a cheap check
// that the tree is still the one that size was recorded for); otherwise
// Keep fails and the caller makes the file after all.
func (st *Staging) Keep(name string, size int64) error {
	if err := checkName(name); err != nil {
		return err
	}
	if old, ok := st.old[name]; !ok || old != size {
		return fmt.Errorf("publish: %s is not in %s as it was built", name, st.dir)
	}
	st.mu.Lock()
	err := st.ensure()
	st.mu.Unlock()
	if err != nil {
		return err
	}
	dst := filepath.Join(st.staging, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return fmt.Errorf("publish: %w", err)
	}
	if err := link(filepath.Join(st.dir, filepath.FromSlash(name)), dst); err != nil {
		return fmt.Errorf("publish: %w", err)
	}
	st.mu.Lock()
	st.spilled[name] = true
	st.sizes[name] = size
	st.mu.Unlock()
	return nil
}

// Sizes are the sizes of the files spilled or kept so far, by name.
func (st *Staging) Sizes() map[string]int64 {
	st.mu.Lock()
	defer st.mu.Unlock()
	return maps.Clone(st.sizes)
}

// Holds reports whether the folder held, at Begin, exactly the files named
// in sizes with those sizes, besides the files named in also.
func (st *Staging) Holds(sizes map[string]int64, also ...string) bool {
	n := 0
	for name, size := range st.old {
		if slices.Contains(also, name) {
			continue
		}
		if s, ok := sizes[name]; !ok || s != size {
			return false
		}
		n++
	}
	return n == len(sizes)
}

// Unkeep drops files Keep took in, when the caller renders them after all.
func (st *Staging) Unkeep(names []string) {
	st.mu.Lock()
	defer st.mu.Unlock()
	for _, name := range names {
		if _, ok := st.spilled[name]; ok {
			os.Remove(filepath.Join(st.staging, filepath.FromSlash(name)))
			delete(st.spilled, name)
			delete(st.sizes, name)
		}
	}
}

// ensure creates the staging folder; st.mu is held.
func (st *Staging) ensure() error {
	if st.staging != "" {
		return nil
	}
	tmp, lock, err := newStaging(st.dir)
	if err != nil {
		return fmt.Errorf("publish: %w", err)
	}
	st.staging, st.lock = tmp, lock
	return nil
}

// Abort drops everything staged; dir is as it was.
func (st *Staging) Abort() {
	if st.staging != "" {
		dropStaging(st.staging, st.lock)
		st.staging, st.lock = "", nil
	}
}

// Finish makes dir hold exactly the spilled files and files. When nothing
// differs from what dir holds, dir is left untouched.
func (st *Staging) Finish(files map[string][]byte) (Stats, error) {
	// dir is listed again: what Spill compared with was a hint, but the
	// swap must account for every file dir holds now.
	old, err := listFiles(st.dir)
	if err != nil {
		st.Abort()
		return Stats{}, err
	}
	var stats Stats
	for _, kept := range st.spilled {
		if kept {
			stats.Unchanged++
		} else {
			stats.Written++
		}
	}
	s2, _ := diff(st.dir, old, files)
	stats.Written += s2.Written
	stats.Unchanged += s2.Unchanged
	for name := range old {
		_, inFiles := files[name]
		_, spilled := st.spilled[name]
		if !inFiles && !spilled {
			stats.Removed++
		}
	}
	if !stats.Changed() {
		st.Abort()
		return stats, nil
	}
	if err := st.ensure(); err != nil {
		return Stats{}, err
	}
	if err := fill(st.staging, st.dir, old, files); err != nil {
		st.Abort()
		return Stats{}, err
	}
	if err := swap(st.dir, st.staging, exchange); err != nil {
		st.Abort()
		return Stats{}, err
	}
	// staging now holds the old tree, or nothing.
	st.Abort()
	return stats, nil
}

// checkName refuses an output path that would leave the folder.
func checkName(name string) error {
	if name == "" || strings.HasPrefix(name, "/") || slices.Contains(strings.Split(name, "/"), "..") {
		return fmt.Errorf("publish: output path %q escapes the folder", name)
	}
	return nil
}

// checkDest refuses a destination opsreport did not make, so that a
// mistyped -d can never replace a user's work: it must not exist, be an
// empty folder, or hold the Marker of an earlier build.
func checkDest(dir string) error {
	fi, err := os.Stat(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("publish: %w", err)
	}
	if !fi.IsDir() {
		return fmt.Errorf("refusing to write the site into %s: it is a file, not a folder", dir)
	}
	if _, err := os.Stat(filepath.Join(dir, Marker)); err == nil {
		return nil
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return fmt.Errorf("publish: %w", err)
	}
	if len(entries) > 0 {
		return fmt.Errorf("refusing to write the site into %s: it holds files (%s, ...) and was not written by opsreport build; choose an empty or new folder", dir, entries[0].Name())
	}
	return nil
}

// listFiles maps the slash paths of the regular files below dir to their
// sizes; a missing dir is an empty tree.
func listFiles(dir string) (map[string]int64, error) {
	out := map[string]int64{}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) && path == dir {
				return fs.SkipAll
			}
			return err
		}
		if d.Type().IsRegular() && !(path == filepath.Join(dir, Marker)) {
			info, err := d.Info()
			if err != nil {
				return err
			}
			rel, _ := filepath.Rel(dir, path)
			out[filepath.ToSlash(rel)] = info.Size()
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("publish: read %s: %w", dir, err)
	}
	return out, nil
}

// diff counts what a write would change; sizes are compared before bytes so
// unchanged large trees are cheap to confirm.
func diff(dir string, old map[string]int64, files map[string][]byte) (Stats, bool) {
	var s Stats
	for name, data := range files {
		if same(dir, name, old, data) {
			s.Unchanged++
		} else {
			s.Written++
		}
	}
	for name := range old {
		if _, ok := files[name]; !ok {
			s.Removed++
		}
	}
	return s, s.Changed()
}

func same(dir, name string, old map[string]int64, data []byte) bool {
	size, ok := old[name]
	if !ok || size != int64(len(data)) {
		return false
	}
	cur, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(name)))
	return err == nil && bytes.Equal(cur, data)
}

// fill writes the new tree into staging, linking unchanged files from dir.
func fill(staging, dir string, old map[string]int64, files map[string][]byte) error {
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	slices.Sort(names)
	if err := writeNew(filepath.Join(staging, Marker), []byte(markerText), false); err != nil {
		return fmt.Errorf("publish: %w", err)
	}
	for _, name := range names {
		if err := checkName(name); err != nil {
			return err
		}
		dst := filepath.Join(staging, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			return fmt.Errorf("publish: %w", err)
		}
		if same(dir, name, old, files[name]) {
			if os.Link(filepath.Join(dir, filepath.FromSlash(name)), dst) == nil {
				continue
			}
		}
		if err := writeNew(dst, files[name], false); err != nil {
			return fmt.Errorf("publish: %w", err)
		}
	}
	return nil
}

// swap puts staging in dir's place, leaving the old tree at staging. With
// a one-step exchange, dir holds a whole tree, the old or the new, at every
// instant. Where there is none (another system, or a file system that
// refuses it) the old tree is renamed aside and the new one in, and dir is
// missing for the moment between: the closest there is.
func swap(dir, staging string, exchange func(a, b string) error) error {
	if err := os.Chmod(staging, 0o755); err != nil {
		return fmt.Errorf("publish: %w", err)
	}
	err := exchange(staging, dir)
	if err == nil {
		return nil
	}
	if _, serr := os.Lstat(dir); errors.Is(serr, fs.ErrNotExist) {
		if err := os.Rename(staging, dir); err != nil {
			return fmt.Errorf("publish: move %s into place: %w", dir, err)
		}
		return nil
	}
	old := staging + ".old"
	if err := os.Rename(dir, old); err != nil {
		return fmt.Errorf("publish: move old %s aside: %w", dir, err)
	}
	if err := os.Rename(staging, dir); err != nil {
		os.Rename(old, dir)
		return fmt.Errorf("publish: swap in %s: %w", dir, err)
	}
	// Finish's Abort removes what is left at staging, the old tree in
	// the exchange's case; here it is at old. Should it stay (the process
	// ends first), the next build removes it as stale.
	os.RemoveAll(old)
	return nil
}

// link links old in at name. A name already taken (a link into the old
// tree, which must never be opened for writing, or an earlier spill) is
// unlinked first.
func link(old, name string) error {
	err := os.Link(old, name)
	if errors.Is(err, fs.ErrExist) {
		if err = os.Remove(name); err == nil {
			err = os.Link(old, name)
		}
	}
	return err
}
