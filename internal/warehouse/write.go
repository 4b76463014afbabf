package warehouse

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/opsreport/opsreport/internal/source"
)

// Change is what one pull did to one pulled file, as `git diff --stat`
// would count it: rows by KPI and month.
type Change struct {
	File                          string
	Rows                          int
	Added, Removed, Changed, Same int
	Created                       bool
}

// String is one line: "data/pulled/tickets.csv | 48 rows: 2 added, 1 changed".
func (c Change) String() string {
	var parts []string
	for _, p := range []struct {
		n    int
		word string
	}{{c.Added, "added"}, {c.Changed, "changed"}, {c.Removed, "removed"}} {
		if p.n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", p.n, p.word))
		}
	}
	what := "unchanged"
	if len(parts) > 0 {
		what = strings.Join(parts, ", ")
	}
	if c.Created {
		what = "new"
	}
	return fmt.Sprintf("%s | %d rows: %s", c.File, c.Rows, what)
}

// Write writes every pulled file into the site folder dir, all or
// nothing: each is written aside and synced first, then all are renamed
// into place. data/pulled is left as it was when any write fails.
func Write(dir string, pulled []Pulled) ([]Change, error) {
	target := filepath.Join(dir, filepath.FromSlash(source.PulledDir))
	if err := os.MkdirAll(target, 0o755); err != nil {
		return nil, fmt.Errorf("write %s: %w", source.PulledDir, err)
	}
	var temps []string
	defer func() {
		for _, t := range temps {
			os.Remove(t)
		}
	}()
	var changes []Change
	for _, p := range pulled {
		name := filepath.Join(dir, filepath.FromSlash(p.Source.PulledFile()))
		old, err := os.ReadFile(name)
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("read %s: %w", p.Source.PulledFile(), err)
		}
		c := diffRows(old, p.CSV)
		c.File, c.Created = p.Source.PulledFile(), old == nil
		changes = append(changes, c)
		tmp, err := writeAside(target, p.CSV)
		if err != nil {
			return nil, err
		}
		temps = append(temps, tmp)
	}
	for i, p := range pulled {
		if err := os.Rename(temps[i], filepath.Join(dir, filepath.FromSlash(p.Source.PulledFile()))); err != nil {
			return nil, fmt.Errorf("write %s: %w", p.Source.PulledFile(), err)
		}
		temps[i] = ""
	}
	return changes, nil
}

func writeAside(dir string, data []byte) (string, error) {
	f, err := os.CreateTemp(dir, ".pull-*.tmp")
	if err != nil {
		return "", fmt.Errorf("write %s: %w", source.PulledDir, err)
	}
	_, err = f.Write(data)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(f.Name())
		return "", fmt.Errorf("write %s: %w", source.PulledDir, err)
	}
	return f.Name(), nil
}

// diffRows compares two pulled files row by row, keyed by KPI and month.
func diffRows(old, cur []byte) Change {
	before, after := rowsByKey(old), rowsByKey(cur)
	c := Change{Rows: len(after)}
	for k, v := range after {
		switch w, ok := before[k]; {
		case !ok:
			c.Added++
		case w != v:
			c.Changed++
		default:
			c.Same++
		}
	}
	for k := range before {
		if _, ok := after[k]; !ok {
			c.Removed++
		}
	}
	return c
}

func rowsByKey(data []byte) map[string]string {
	out := map[string]string{}
	recs, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
	if err != nil || len(recs) == 0 {
		return out
	}
	for _, r := range recs[1:] {
		if len(r) >= 2 {
			out[r[0]+"\x00"+r[1]] = strings.Join(r[2:], ",")
		}
	}
	return out
}
