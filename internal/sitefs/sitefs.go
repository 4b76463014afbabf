// Package sitefs opens a site folder for reading as an fs.FS that reads
// only the site's own regular files: a symbolic link leading outside the
// folder cannot be opened (a section linked to /etc/passwd is not read and
// published), nor can anything that is not a regular file or a folder (a
// named pipe called data/values.csv would hang the build). Links inside the
// folder are followed. Only the commands that touch the disk use it; the
// engine reads any fs.FS.
package sitefs

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
)

// ErrOutside is the error for a name that leads outside the site folder.
var ErrOutside = errors.New("it is a symbolic link that leads outside the site folder; opsreport reads only the site's own files")

// FS is a site folder. Close it when done.
type FS struct {
	root *os.Root
	fsys fs.FS
}

// Open opens the site folder dir.
func Open(dir string) (*FS, error) {
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, err
	}
	return &FS{root: root, fsys: root.FS()}, nil
}

// Close releases the folder.
func (f *FS) Close() error { return f.root.Close() }

// Error is a refusal to read a file. Its text leaves out the name, which
// every caller already gives as the position of its message.
type Error struct {
	Op, Name string
	Err      error
}

func (e *Error) Error() string { return e.Err.Error() }
func (e *Error) Unwrap() error { return e.Err }

// Open opens a regular file or a folder of the site.
func (f *FS) Open(name string) (fs.File, error) {
	if _, err := f.check("open", name); err != nil {
		return nil, err
	}
	return f.fsys.Open(name)
}

// Stat describes a regular file or a folder of the site.
func (f *FS) Stat(name string) (fs.FileInfo, error) { return f.check("stat", name) }

// ReadDir lists a folder of the site. Its entries are not followed: a link
// among them is checked when it is opened.
func (f *FS) ReadDir(name string) ([]fs.DirEntry, error) {
	if _, err := f.check("readdir", name); err != nil {
		return nil, err
	}
	return fs.ReadDir(f.fsys, name)
}

// ReadFile reads a regular file of the site.
func (f *FS) ReadFile(name string) ([]byte, error) {
	if _, err := f.check("read", name); err != nil {
		return nil, err
	}
	return fs.ReadFile(f.fsys, name)
}

// check stats name through the root, which refuses any path that leaves
// it, and refuses what is neither a regular file nor a folder.
func (f *FS) check(op, name string) (fs.FileInfo, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: op, Path: name, Err: fs.ErrInvalid}
	}
	st, err := f.root.Stat(filepath.FromSlash(name))
	switch {
	case err == nil:
	case errors.Is(err, fs.ErrNotExist), errors.Is(err, fs.ErrPermission):
		return nil, err
	default:
		// os.Root's only other refusal: the path escapes the folder.
		return nil, &Error{Op: op, Name: name, Err: ErrOutside}
	}
	if !st.Mode().IsRegular() && !st.IsDir() {
		return nil, &Error{Op: op, Name: name, Err: notRegular(st.Mode())}
	}
	return st, nil
}

func notRegular(m fs.FileMode) error {
	kind := "a special file"
	switch {
	case m&fs.ModeNamedPipe != 0:
		kind = "a named pipe"
	case m&fs.ModeSocket != 0:
		kind = "a socket"
	case m&fs.ModeDevice != 0:
		kind = "a device"
	}
	return errors.New("it is " + kind + ", not a regular file")
}
