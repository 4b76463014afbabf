package publish

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"
)

// The user's own files that close, new review, figures -o (and pull,
// through warehouse) write go aside first and are renamed into place, so a
// reader never sees half of one and a failure leaves what was there. Their
// bytes are synced before the rename, and the folder after it, so a crash
// cannot leave the new name with empty contents: a snapshot or an edited
// index.md is the only copy there is.
//
// A build's output is different: it is written aside without syncing each
// file (which made a demo build about 45% slower) and swapped in whole.
// The swap makes it atomic; durability it does not need, since the next
// build compares every file with what it would write and rewrites any
// that a crash left empty.

// WriteFile writes data to name: to a new file beside it, synced, then
// renamed over name, and the folder synced.
func WriteFile(name string, data []byte) error {
	if err := writeAside(name, data, true); err != nil {
		return fmt.Errorf("write %s: %w", name, err)
	}
	syncDir(filepath.Dir(name))
	return nil
}

// writeAside writes data to a new file beside name, synced when durable is
// set, and renames it over name.
func writeAside(name string, data []byte, durable bool) error {
	tmp, err := os.CreateTemp(filepath.Dir(name), "."+filepath.Base(name)+".tmp-")
	if err != nil {
		return err
	}
	err = finish(tmp, data, durable)
	if err == nil {
		err = os.Chmod(tmp.Name(), 0o644)
	}
	if err == nil {
		err = os.Rename(tmp.Name(), name)
	}
	if err != nil {
		os.Remove(tmp.Name())
	}
	return err
}

// WriteFolder writes files (name → bytes, names without folders) into a
// new folder dst: into a folder beside it, each file synced, then renamed
// into place. What an earlier run killed while writing dst left beside it
// (untouched for a minute: writing a folder takes milliseconds) is removed.
func WriteFolder(dst string, files map[string][]byte) error {
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return fmt.Errorf("create %s: %w", dst, err)
	}
	removeStale(dst, time.Now(), staleAside)
	tmp, err := os.MkdirTemp(filepath.Dir(dst), "."+filepath.Base(dst)+".new-")
	if err != nil {
		return fmt.Errorf("create %s: %w", dst, err)
	}
	for name, data := range files {
		if err = writeNew(filepath.Join(tmp, name), data, true); err != nil {
			break
		}
	}
	if err == nil {
		syncDir(tmp)
		err = os.Chmod(tmp, 0o755)
	}
	if err == nil {
		err = os.Rename(tmp, dst)
	}
	if err != nil {
		os.RemoveAll(tmp)
		return fmt.Errorf("create %s: %w", dst, err)
	}
	syncDir(filepath.Dir(dst))
	return nil
}

// staleAside is how old a folder written aside must be to be taken for a
// killed run's.
const staleAside = time.Minute

// writeNew creates name, which must not be in use, with data, synced when
// durable is set.
func writeNew(name string, data []byte, durable bool) error {
	f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o644)
	if err != nil {
		return err
	}
	return finish(f, data, durable)
}

// writeFresh creates name in a staging folder with data. A name already
// taken (a link into the old tree, which must never be opened for
// writing, or an earlier spill) is unlinked first.
func writeFresh(name string, data []byte) error {
	f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if errors.Is(err, fs.ErrExist) {
		if err = os.Remove(name); err == nil {
			f, err = os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		}
	}
	if err != nil {
		return err
	}
	return finish(f, data, false)
}

// finish writes data to f, syncs it when durable is set, and closes it.
func finish(f *os.File, data []byte, durable bool) error {
	_, err := f.Write(data)
	if err == nil && durable {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// syncDir makes a rename in dir durable where the system allows it; a
// folder that cannot be synced (Windows) is no error, the rename is done.
func syncDir(dir string) {
	if f, err := os.Open(dir); err == nil {
		f.Sync()
		f.Close()
	}
}
