package site

import "syscall"

// sysStat is a file's inode and change time (Unix ns) from its stats' Sys,
// where the file system gives them; zeros otherwise.
func sysStat(sys any) (ino uint64, ctime int64) {
	if st, ok := sys.(*syscall.Stat_t); ok {
		return st.Ino, st.Ctimespec.Nano()
	}
	return 0, 0
}
