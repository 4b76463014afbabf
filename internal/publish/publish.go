// Package publish writes a built site to a folder without ever leaving it
// half-written: the new tree is assembled in a sibling staging folder and
// swapped in whole. Files whose bytes did not change are hard-linked from the
// old tree rather than rewritten, and a build that changes nothing writes
// nothing at all.
package publish

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
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
	if err := checkDest(dir); err != nil {
		return Stats{}, err
	}
	old, err := listFiles(dir)
	if err != nil {
		return Stats{}, err
	}
	stats, changed := diff(dir, old, files)
	if !changed {
		return stats, nil
	}
	staging, err := os.MkdirTemp(filepath.Dir(dir), "."+filepath.Base(dir)+".new-")
	if err != nil {
		return Stats{}, fmt.Errorf("publish: %w", err)
	}
	if err := fill(staging, dir, old, files); err != nil {
		os.RemoveAll(staging)
		return Stats{}, err
	}
	if err := swap(dir, staging); err != nil {
		os.RemoveAll(staging)
		return Stats{}, err
	}
	return stats, nil
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
	if err := os.WriteFile(filepath.Join(staging, Marker), []byte(markerText), 0o644); err != nil {
		return fmt.Errorf("publish: %w", err)
	}
	for _, name := range names {
		if strings.HasPrefix(name, "/") || slices.Contains(strings.Split(name, "/"), "..") {
			return fmt.Errorf("publish: output path %q escapes the folder", name)
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
		if err := os.WriteFile(dst, files[name], 0o644); err != nil {
			return fmt.Errorf("publish: %w", err)
		}
	}
	return nil
}

// swap puts staging in dir's place and removes the old tree.
func swap(dir, staging string) error {
	if err := os.Chmod(staging, 0o755); err != nil {
		return fmt.Errorf("publish: %w", err)
	}
	old := ""
	if _, err := os.Lstat(dir); err == nil {
		old = staging + ".old"
		if err := os.Rename(dir, old); err != nil {
			return fmt.Errorf("publish: move old %s aside: %w", dir, err)
		}
	}
	if err := os.Rename(staging, dir); err != nil {
		if old != "" {
			os.Rename(old, dir)
		}
		return fmt.Errorf("publish: swap in %s: %w", dir, err)
	}
	if old != "" {
		if err := os.RemoveAll(old); err != nil {
			return fmt.Errorf("publish: remove old tree: %w", err)
		}
	}
	return nil
}
