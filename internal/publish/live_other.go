//go:build !unix

package publish

import "os"

// running reports whether a process with this id exists: on Windows,
// FindProcess opens the process and fails when there is none.
func running(pid int) bool {
	p, err := os.FindProcess(pid)
	if err != nil {
		return false
	}
	p.Release()
	return true
}

// lockDir has no lock to take here: the process id in the folder's name
// is what marks it in use.
func lockDir(dir string) (*os.File, error) { return nil, nil }

func lockedByOther(dir string) bool { return false }
