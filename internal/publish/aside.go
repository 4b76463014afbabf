package publish

import (
	"fmt"
	"os"
	"path/filepath"
)

// Every file opsreport writes — a build's output, and the user's own files
// that close, new review and figures write — goes aside first and is
// renamed into place, so a reader never sees half of it and a failure
// leaves what was there. Its bytes are synced before the rename, so a crash
// after the rename cannot leave the new name with empty contents.

// WriteFile writes data to name: to a new file beside it, synced, then
// renamed over name.
func WriteFile(name string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(name), "."+filepath.Base(name)+".tmp-")
	if err != nil {
		return fmt.Errorf("write %s: %w", name, err)
	}
	err = finish(tmp, data)
	if err == nil {
		err = os.Chmod(tmp.Name(), 0o644)
	}
	if err == nil {
		err = os.Rename(tmp.Name(), name)
	}
	if err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("write %s: %w", name, err)
	}
	return nil
}

// WriteFolder writes files (name → bytes, names without folders) into a
// new folder dst: into a folder beside it, each file synced, then renamed
// into place.
func WriteFolder(dst string, files map[string][]byte) error {
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return fmt.Errorf("create %s: %w", dst, err)
	}
	tmp, err := folderBeside(dst)
	if err != nil {
		return fmt.Errorf("create %s: %w", dst, err)
	}
	for name, data := range files {
		if err = writeSynced(filepath.Join(tmp, name), data); err != nil {
			break
		}
	}
	if err == nil {
		err = os.Chmod(tmp, 0o755)
	}
	if err == nil {
		err = os.Rename(tmp, dst)
	}
	if err != nil {
		os.RemoveAll(tmp)
		return fmt.Errorf("create %s: %w", dst, err)
	}
	return nil
}

// folderBeside makes a new hidden folder next to dst, to be renamed to it.
func folderBeside(dst string) (string, error) {
	return os.MkdirTemp(filepath.Dir(dst), "."+filepath.Base(dst)+".new-")
}

// writeSynced creates name, which must not be in use, with data, synced.
func writeSynced(name string, data []byte) error {
	f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o644)
	if err != nil {
		return err
	}
	return finish(f, data)
}

// finish writes data to f, syncs and closes it.
func finish(f *os.File, data []byte) error {
	_, err := f.Write(data)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}
