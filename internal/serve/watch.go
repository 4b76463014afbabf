package serve

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/fsnotify/fsnotify"

	"github.com/opsreport/opsreport/internal/site"
)

// watchedDirs are the site's input folders; the site folder itself is
// watched too, for the config and for these folders appearing later.
var watchedDirs = []string{"content", "data", "templates", "theme"}

// watcher turns file system events under a site folder into changed input
// paths (slash-separated, relative to the folder). fsnotify watches folders,
// not files (a file watch goes deaf after an editor's rename-over save), and
// not recursively: watcher adds every folder itself, including new ones.
type watcher struct {
	root string
	fsw  *fsnotify.Watcher
	dirs map[string]bool // watched folders by slash path ("" is the root)
}

func newWatcher(root string) (*watcher, error) {
	fsw, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, fmt.Errorf("watch %s: %w", root, err)
	}
	w := &watcher{root: root, fsw: fsw, dirs: map[string]bool{}}
	if err := w.add(""); err != nil {
		fsw.Close()
		return nil, err
	}
	for _, d := range watchedDirs {
		if _, err := w.addTree(d); err != nil {
			fsw.Close()
			return nil, err
		}
	}
	return w, nil
}

func (w *watcher) Close() error { return w.fsw.Close() }

func (w *watcher) add(rel string) error {
	if err := w.fsw.Add(filepath.Join(w.root, filepath.FromSlash(rel))); err != nil {
		return fmt.Errorf("watch %s: %w", filepath.Join(w.root, rel), err)
	}
	w.dirs[rel] = true
	return nil
}

// addTree watches rel and every folder under it, and returns the files
// found: a folder made with its files at once (mkdir -p a/b && touch a/b/x)
// reports only the folder, so its files count as changed.
func (w *watcher) addTree(rel string) ([]string, error) {
	var files []string
	err := filepath.WalkDir(filepath.Join(w.root, filepath.FromSlash(rel)), func(p string, e fs.DirEntry, err error) error {
		if err != nil {
			return nil // gone already, or unreadable: the build will say so
		}
		r := w.rel(p)
		if ignored(e.Name()) && r != rel {
			return skip(e)
		}
		if e.IsDir() {
			return w.add(r)
		}
		files = append(files, r)
		return nil
	})
	return files, err
}

func skip(e fs.DirEntry) error {
	if e.IsDir() {
		return filepath.SkipDir
	}
	return nil
}

func (w *watcher) rel(p string) string {
	r, err := filepath.Rel(w.root, p)
	if err != nil || r == "." {
		return ""
	}
	return filepath.ToSlash(r)
}

// handle maps one event to the input paths it changed. all is true when
// the change cannot be listed (a watched folder went away), so everything
// must be rebuilt.
func (w *watcher) handle(ev fsnotify.Event) (paths []string, all bool, err error) {
	rel := w.rel(ev.Name)
	if ev.Op == fsnotify.Chmod || rel == "" || !input(rel) {
		return nil, false, nil
	}
	if ev.Has(fsnotify.Remove) || ev.Has(fsnotify.Rename) {
		if w.dirs[rel] {
			w.forget(rel)
			return nil, true, nil
		}
		return []string{rel}, false, nil
	}
	if ev.Has(fsnotify.Create) {
		if fi, err := os.Lstat(ev.Name); err == nil && fi.IsDir() {
			files, err := w.addTree(rel)
			return files, false, err
		}
	}
	return []string{rel}, false, nil
}

// forget drops a removed folder and those under it; the kernel has already
// dropped their watches.
func (w *watcher) forget(rel string) {
	for d := range w.dirs {
		if d == rel || strings.HasPrefix(d, rel+"/") {
			delete(w.dirs, d)
		}
	}
}

// input reports whether rel is a site input: the config, or a file under a
// watched folder that is not an editor's temporary or lock file.
func input(rel string) bool {
	parts := strings.Split(rel, "/")
	if len(parts) == 1 {
		return rel == site.ConfigFile || slices.Contains(watchedDirs, rel)
	}
	if !slices.Contains(watchedDirs, parts[0]) {
		return false
	}
	return !slices.ContainsFunc(parts[1:], ignored)
}

// ignored reports editor and office by-products: vim's swap files and its
// 4913 probe, backups ending in ~, Emacs locks (.#x), Office and LibreOffice
// locks (~$x, .~lock.x#), JetBrains' safe-write files, and hidden files.
func ignored(name string) bool {
	switch {
	case name == "4913", strings.HasPrefix(name, "."), strings.HasPrefix(name, "~$"), strings.HasSuffix(name, "~"):
		return true
	case strings.HasSuffix(name, ".swp"), strings.HasSuffix(name, ".swx"), strings.HasSuffix(name, ".kate-swp"):
		return true
	case strings.HasSuffix(name, "___jb_tmp___"), strings.HasSuffix(name, "___jb_old___"):
		return true
	}
	return false
}
