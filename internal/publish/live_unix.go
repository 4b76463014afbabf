//go:build unix

package publish

import (
	"errors"
	"os"
	"syscall"

	"golang.org/x/sys/unix"
)

// running reports whether a process with this id exists; one that exists
// but is another user's counts.
func running(pid int) bool {
	err := syscall.Kill(pid, 0)
	return err == nil || errors.Is(err, syscall.EPERM)
}

// lockDir takes an exclusive lock on the folder dir, held until the
// returned file is closed or the process ends.
func lockDir(dir string) (*os.File, error) {
	f, err := os.Open(dir)
	if err != nil {
		return nil, err
	}
	if err := unix.Flock(int(f.Fd()), unix.LOCK_EX|unix.LOCK_NB); err != nil {
		f.Close()
		return nil, err
	}
	return f, nil
}

// lockedByOther reports whether another open file holds dir's lock. A
// file system without locks (some network ones) says no: the process id
// in the name is then what tells.
func lockedByOther(dir string) bool {
	f, err := lockDir(dir)
	if err == nil {
		f.Close()
	}
	return errors.Is(err, unix.EWOULDBLOCK)
}
