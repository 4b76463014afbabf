package serve

import (
	"encoding/binary"
	"io"
	"io/fs"
	"path"
	"strings"
	"time"
)

// A spreadsheet program saving a large workbook in place writes it over a
// second or more, and every write is a file event: a build that reads the
// file half-written fails ("not a valid zip archive"), or for a CSV file
// reads some of its rows. So a changed data file is held back until it has
// settled: a workbook whose zip directory is whole has; otherwise a file
// has once its size and modification time have stayed the same for the
// settle time. Past the longest hold it is built whatever its state, so a
// file that never stops changing still shows. Narratives, templates and
// the theme are small files an editor saves at once: they are not held.

// settles reports whether rel is a file that is held until it settles: a
// workbook or CSV file under data/.
func settles(rel string) bool {
	if !strings.HasPrefix(rel, "data/") {
		return false
	}
	switch strings.ToLower(path.Ext(rel)) {
	case ".xlsx", ".xlsm", ".csv":
		return true
	}
	return false
}

// fileState is what one look at a data file saw.
type fileState struct {
	exists   bool // false also when the site folder refuses it: the build says why
	size     int64
	mod      time.Time
	complete bool // a workbook whose zip ends in a whole central directory
}

func (a fileState) same(b fileState) bool {
	return a.exists == b.exists && a.size == b.size && a.mod.Equal(b.mod) && a.complete == b.complete
}

// look sees the state of the data file rel in fsys.
func look(fsys fs.FS, rel string) fileState {
	f, err := fsys.Open(rel)
	if err != nil {
		return fileState{}
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil || !fi.Mode().IsRegular() {
		return fileState{}
	}
	st := fileState{exists: true, size: fi.Size(), mod: fi.ModTime()}
	if ra, ok := f.(io.ReaderAt); ok && path.Ext(strings.ToLower(rel)) != ".csv" {
		st.complete = zipComplete(ra, fi.Size())
	}
	return st
}

// zipComplete reports whether the zip archive in r ends in its
// end-of-central-directory record, with the directory just before it:
// a zip is written front to back, so that record is its last bytes.
// Zip64 archives (over 4 GB, far past any workbook the build reads) are
// not judged: they settle by time.
func zipComplete(r io.ReaderAt, size int64) bool {
	const recLen, maxComment = 22, 0xffff
	start := max(0, size-recLen-maxComment)
	tail := make([]byte, size-start)
	if _, err := r.ReadAt(tail, start); err != nil && err != io.EOF {
		return false
	}
	for i := len(tail) - recLen; i >= 0; i-- {
		if string(tail[i:i+4]) != "PK\x05\x06" {
			continue
		}
		rec := tail[i : i+recLen]
		dirSize, dirOff := int64(binary.LittleEndian.Uint32(rec[12:])), int64(binary.LittleEndian.Uint32(rec[16:]))
		comment := int(binary.LittleEndian.Uint16(rec[20:]))
		if i+recLen+comment == len(tail) && dirOff+dirSize == start+int64(i) {
			return true
		}
	}
	return false
}

// settler holds the data files that are still being written. It belongs to
// the server's loop goroutine; time is passed in, so tests set the clock.
type settler struct {
	settle  time.Duration // how long a file must stay the same
	longest time.Duration // how long a file is held at most
	held    map[string]*heldFile
}

type heldFile struct {
	state   fileState
	changed time.Time // when state was last seen to change
	first   time.Time // when the file was first held
}

func newSettler(settle, longest time.Duration) *settler {
	return &settler{settle: settle, longest: longest, held: map[string]*heldFile{}}
}

// ready reports whether the data file rel, seen in state st at now, may be
// built; one that may not is held until a later call says it may.
func (s *settler) ready(rel string, st fileState, now time.Time) bool {
	h := s.held[rel]
	switch {
	case !st.exists, st.complete:
	case h == nil:
		// A file last written a settle time ago (copied in with its old
		// time, say) has already settled.
		if age := now.Sub(st.mod); age >= s.settle && !st.mod.After(now) {
			return true
		}
		s.held[rel] = &heldFile{state: st, changed: now, first: now}
		return false
	case now.Sub(h.first) >= s.longest:
	case !h.state.same(st):
		h.state, h.changed = st, now
		return false
	case now.Sub(h.changed) < s.settle:
		return false
	}
	delete(s.held, rel)
	return true
}

// next is when a held file may next become ready; false when none is held.
func (s *settler) next() (time.Time, bool) {
	var t time.Time
	for _, h := range s.held {
		at := h.changed.Add(s.settle)
		if end := h.first.Add(s.longest); end.Before(at) {
			at = end
		}
		if t.IsZero() || at.Before(t) {
			t = at
		}
	}
	return t, !t.IsZero()
}
