package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestNewExitCodes: usage mistakes exit 2, a folder in the way exits 1,
// and neither writes anything.
func TestNewExitCodes(t *testing.T) {
	dir := t.TempDir()
	full := filepath.Join(dir, "full")
	os.Mkdir(full, 0o755)
	os.WriteFile(filepath.Join(full, "keep.txt"), []byte("mine"), 0o644)
	target := filepath.Join(dir, "site")
	for _, c := range []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"new", "site", target, "--demo", "--months", "0"}, ExitUsage, "--months 0 is not from 1 to 600"},
		{[]string{"new", "site", target, "--demo", "--kpis", "0"}, ExitUsage, "--kpis 0 is not from 1 to 2000"},
		{[]string{"new", "site", target, "--demo", "--months", "601"}, ExitUsage, "--months 601 is not from 1 to 600"},
		{[]string{"new", "site", target, "--demo", "--kpis", "x"}, ExitUsage, `invalid argument "x" for "--kpis"`},
		{[]string{"new", "site", target, "--seed", "3"}, ExitUsage, "--seed sizes the demo site: add --demo"},
		{[]string{"new", "site", target, "--end", "soon"}, ExitUsage, `--end "soon" is not a month like 2026-10`},
		{[]string{"new", "site", target, "extra"}, ExitUsage, `unexpected argument "extra"`},
		{[]string{"new"}, ExitUsage, "what to create is missing"},
		{[]string{"new", "site", full, "--demo"}, ExitInput, full + " is not empty; nothing was written"},
	} {
		code, stdout, stderr := run(c.args...)
		if code != c.code || !strings.Contains(stderr, c.msg) || stdout != "" {
			t.Errorf("%v: exit %d, stdout %q, stderr %q; want exit %d and %q", c.args[1:], code, stdout, stderr, c.code, c.msg)
		}
	}
	if _, err := os.Stat(target); !os.IsNotExist(err) {
		t.Errorf("a refused command created %s", target)
	}
	if entries, _ := os.ReadDir(full); len(entries) != 1 {
		t.Errorf("the non-empty folder now holds %d entries", len(entries))
	}
}
