//go:build unix

package sitefs

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// TestOnlyTheFoldersOwnFiles: links inside the folder are followed; a link
// out of it, directly or through a linked folder, is ErrOutside; a named
// pipe is refused without being opened; a missing file is fs.ErrNotExist.
func TestOnlyTheFoldersOwnFiles(t *testing.T) {
	dir, outside := t.TempDir(), t.TempDir()
	os.WriteFile(filepath.Join(outside, "secret"), []byte("secret"), 0o644)
	os.MkdirAll(filepath.Join(dir, "content", "shared"), 0o755)
	os.WriteFile(filepath.Join(dir, "content", "shared", "a.md"), []byte("a"), 0o644)
	os.Symlink("shared/a.md", filepath.Join(dir, "content", "in.md"))
	os.Symlink("shared", filepath.Join(dir, "content", "linked"))
	os.Symlink(filepath.Join(outside, "secret"), filepath.Join(dir, "content", "out.md"))
	os.Symlink(outside, filepath.Join(dir, "content", "away"))
	os.Symlink("../..", filepath.Join(dir, "content", "up"))
	if err := syscall.Mkfifo(filepath.Join(dir, "content", "pipe.md"), 0o644); err != nil {
		t.Fatal(err)
	}
	f, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for name, want := range map[string]string{
		"content/in.md":        "a",
		"content/linked/a.md":  "a",
		"content/out.md":       ErrOutside.Error(),
		"content/away/secret":  ErrOutside.Error(),
		"content/up/etc":       ErrOutside.Error(),
		"content/pipe.md":      "it is a named pipe, not a regular file",
		"content/missing.md":   "not exist",
		"content/../secret.md": "invalid",
	} {
		b, err := fs.ReadFile(f, name)
		got := string(b)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			got = "not exist"
		case errors.Is(err, fs.ErrInvalid):
			got = "invalid"
		case err != nil:
			got = err.Error()
		}
		if got != want {
			t.Errorf("%s: got %q, want %q", name, got, want)
		}
	}
	if _, err := fs.Stat(f, "content/out.md"); !errors.Is(err, ErrOutside) {
		t.Errorf("Stat of a link out: %v", err)
	}
	if _, err := fs.ReadDir(f, "content/away"); !errors.Is(err, ErrOutside) {
		t.Errorf("ReadDir of a folder link out: %v", err)
	}
}
