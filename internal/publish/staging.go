package publish

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// A build's new tree is assembled in a staging folder inside StagingDir, a
// hidden folder beside the output folder (site/.opsreport-staging/ next to
// site/public/): on the same file system, so the new tree can be renamed
// or exchanged into place. StagingDir holds a .gitignore that ignores it
// all, so git never sees a staging folder whatever the site's own
// .gitignore says, and it is removed again when the last build using it
// is done.
//
// A staging folder is named build-PID-RANDOM after the process that made
// it, which holds a lock on it (where the system has locks) until it is
// swapped in or dropped. A build killed half-way leaves its folder behind;
// the next build into the same parent removes every such folder whose
// process is gone and whose lock is free, and never one still in use.
const StagingDir = ".opsreport-staging"

const stagingPrefix = "build-"

// stagingIgnore keeps the folder, and itself, out of git.
const stagingIgnore = "# opsreport build's staging folders; removed when no build runs\n*\n"

// stagingFor is the folder that holds dir's staging folders.
func stagingFor(dir string) string { return filepath.Join(filepath.Dir(dir), StagingDir) }

// newStaging makes a staging folder for dir and locks it. A concurrent
// build may remove an empty StagingDir between the two steps, so making
// it is retried.
func newStaging(dir string) (string, *os.File, error) {
	parent := stagingFor(dir)
	var err error
	for range 3 {
		if err = makeStagingDir(parent); err != nil {
			continue
		}
		var tmp string
		tmp, err = os.MkdirTemp(parent, stagingPrefix+strconv.Itoa(os.Getpid())+"-")
		if err != nil {
			continue
		}
		// Without a lock (a file system that has none) the process id in
		// the name still keeps other builds off the folder.
		lock, _ := lockDir(tmp)
		return tmp, lock, nil
	}
	return "", nil, err
}

func makeStagingDir(parent string) error {
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return err
	}
	ignore := filepath.Join(parent, ".gitignore")
	if _, err := os.Stat(ignore); err == nil {
		return nil
	}
	return os.WriteFile(ignore, []byte(stagingIgnore), 0o644)
}

// dropStaging removes a staging folder and its lock, then StagingDir when
// nothing else is in it.
func dropStaging(tmp string, lock *os.File) {
	os.RemoveAll(tmp)
	if lock != nil {
		lock.Close()
	}
	tidyStagingDir(filepath.Dir(tmp))
}

// tidyStagingDir removes parent when it holds nothing but its .gitignore.
func tidyStagingDir(parent string) {
	entries, err := os.ReadDir(parent)
	if err != nil || len(entries) != 1 || entries[0].Name() != ".gitignore" {
		return
	}
	os.Remove(filepath.Join(parent, ".gitignore"))
	if os.Remove(parent) != nil {
		// a build made its folder meanwhile: give the .gitignore back
		makeStagingDir(parent)
	}
}

// RemoveStale removes the staging folders, beside dir, of builds that are
// no longer running, and reports how many it removed. Folders of running
// builds, this process's own included, and anything not named like a
// staging folder are left alone.
func RemoveStale(dir string) (int, error) {
	n := removeLegacy(dir, time.Now())
	parent := stagingFor(dir)
	entries, err := os.ReadDir(parent)
	if errors.Is(err, fs.ErrNotExist) {
		return n, nil
	}
	if err != nil {
		return n, fmt.Errorf("publish: %w", err)
	}
	for _, e := range entries {
		path := filepath.Join(parent, e.Name())
		if !e.IsDir() || !stale(path) {
			continue
		}
		if err := os.RemoveAll(path); err != nil {
			return n, fmt.Errorf("publish: remove stale staging folder: %w", err)
		}
		n++
	}
	tidyStagingDir(parent)
	return n, nil
}

// stale reports whether path is a staging folder whose build is gone: its
// process no longer runs and nothing holds its lock.
func stale(path string) bool {
	pid, ok := stagingPID(filepath.Base(path))
	if !ok || pid == os.Getpid() || running(pid) {
		return false
	}
	return !lockedByOther(path)
}

// stagingPID reads the process id out of a staging folder's name,
// "build-PID-RANDOM" (or a swapped-out old tree, "build-PID-RANDOM.old").
func stagingPID(name string) (int, bool) {
	rest, ok := strings.CutPrefix(name, stagingPrefix)
	if !ok {
		return 0, false
	}
	digits, random, ok := strings.Cut(rest, "-")
	pid, err := strconv.Atoi(digits)
	if !ok || err != nil || pid <= 0 || random == "" {
		return 0, false
	}
	return pid, true
}

// legacyAge is how old a staging folder of an earlier opsreport must be
// before it is taken for a killed build's.
const legacyAge = 24 * time.Hour

// removeLegacy removes what builds of earlier versions, which staged
// beside dir as ".public.new-RANDOM" (and moved the old tree to
// ".public.new-RANDOM.old"), left when they were killed. Those names carry
// no process id, so only folders untouched for a day are removed: no build
// runs that long.
func removeLegacy(dir string, now time.Time) int { return removeStale(dir, now, legacyAge) }

// removeStale removes the folders ".BASE.new-RANDOM" beside dir untouched
// for age: what a process killed while writing dir aside left.
func removeStale(dir string, now time.Time, age time.Duration) int {
	prefix := "." + filepath.Base(dir) + ".new-"
	entries, _ := os.ReadDir(filepath.Dir(dir))
	n := 0
	for _, e := range entries {
		if !e.IsDir() || !strings.HasPrefix(e.Name(), prefix) {
			continue
		}
		info, err := e.Info()
		if err != nil || now.Sub(info.ModTime()) < age {
			continue
		}
		if os.RemoveAll(filepath.Join(filepath.Dir(dir), e.Name())) == nil {
			n++
		}
	}
	return n
}
