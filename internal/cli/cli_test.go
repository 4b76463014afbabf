package cli

import (
	"context"
	"crypto/sha256"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
)

func TestMain(m *testing.M) {
	testscript.Main(ownCache{m}, map[string]func(){
		"opsreport": func() { os.Exit(Main(context.Background(), os.Args[1:], os.Stdout, os.Stderr)) },
	})
}

// ownCache runs the tests with a user cache folder of their own (the
// stat cache's), removed after them, so that they never write to the
// user's. Scripts have theirs in $WORK (cacheEnv).
type ownCache struct{ m *testing.M }

func (o ownCache) Run() int {
	dir, err := os.MkdirTemp("", "opsreport-cli-cache-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer os.RemoveAll(dir)
	os.Setenv("XDG_CACHE_HOME", dir) // os.UserCacheDir on Unix but darwin
	if runtime.GOOS == "darwin" {
		os.Setenv("HOME", dir) // $HOME/Library/Caches
	}
	return o.m.Run()
}

// cacheEnv gives a script a user cache folder in $WORK: testscript sets
// HOME to /no-home, which os.UserCacheDir would otherwise make a folder
// in when run as root.
func cacheEnv(env *testscript.Env) error {
	cache := filepath.Join(env.WorkDir, ".cache")
	env.Setenv("XDG_CACHE_HOME", cache)
	if runtime.GOOS == "darwin" {
		env.Setenv("HOME", cache)
	}
	return nil
}

// TestScripts runs testdata/script/*.txtar: the command line as a user
// meets it, with exit codes, messages and files.
func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir:                 "testdata/script",
		UpdateScripts:       os.Getenv("UPDATE_SCRIPTS") == "1",
		RequireExplicitExec: true,
		Setup:               cacheEnv,
		Cmds:                map[string]func(ts *testscript.TestScript, neg bool, args []string){"treehash": treehashCmd},
	})
}

// treehashCmd writes a digest of every file below a folder (names and
// bytes) to a file: `treehash public before.sum`.
func treehashCmd(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) != 2 {
		ts.Fatalf("usage: treehash DIR FILE")
	}
	sum, err := treeHash(ts.MkAbs(args[0]))
	ts.Check(err)
	ts.Check(os.WriteFile(ts.MkAbs(args[1]), []byte(sum+"\n"), 0o644))
}

func treeHash(dir string) (string, error) {
	h := sha256.New()
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		fmt.Fprintf(h, "%s\x00%d\x00", filepath.ToSlash(rel), len(b))
		h.Write(b)
		return err
	})
	return fmt.Sprintf("%x", h.Sum(nil)), err
}

// copySite copies the repository's example site into a temporary folder.
func copySite(t *testing.T) string {
	t.Helper()
	dst := t.TempDir()
	for _, name := range []string{"opsreport.yaml", "content", "data"} {
		src := filepath.Join("..", "..", name)
		err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			rel, _ := filepath.Rel(filepath.Join("..", ".."), p)
			if d.IsDir() {
				return os.MkdirAll(filepath.Join(dst, rel), 0o755)
			}
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			return os.WriteFile(filepath.Join(dst, rel), b, 0o644)
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	return dst
}

func run(args ...string) (code int, stdout, stderr string) {
	var out, errb strings.Builder
	code = Main(context.Background(), args, &out, &errb)
	return code, out.String(), errb.String()
}

// TestExampleBuildIsStableAndAFailedBuildKeepsPublic builds the example
// site twice to the same bytes, then breaks it: the build fails with exit 1
// and public/ stays byte-identical.
func TestExampleBuildIsStableAndAFailedBuildKeepsPublic(t *testing.T) {
	dir := copySite(t)
	public := filepath.Join(dir, "public")
	code, _, stderr := run("build", "-s", dir)
	if code != 0 {
		t.Fatalf("first build: exit %d\n%s", code, stderr)
	}
	first, _ := treeHash(public)
	os.RemoveAll(public)
	if code, _, stderr := run("build", "-s", dir); code != 0 {
		t.Fatalf("second build: exit %d\n%s", code, stderr)
	}
	if second, _ := treeHash(public); second != first {
		t.Fatal("two builds of the same input differ")
	}
	code, stdout, _ := run("build", "-s", dir)
	if code != 0 || !strings.Contains(stdout, "0 written") {
		t.Errorf("unchanged rebuild wrote files: %s", stdout)
	}

	review := filepath.Join(dir, "content", "reviews", "2026-10", "10-finance.md")
	src, _ := os.ReadFile(review)
	os.WriteFile(review, []byte(strings.Replace(string(src), "{{< value arr", "{{< value arrr", 1)), 0o644)
	code, _, stderr = run("build", "-s", dir)
	if code != 1 || !strings.Contains(stderr, `unknown KPI "arrr" in value (did you mean "arr"?)`) ||
		!strings.Contains(stderr, "was left as it was") {
		t.Fatalf("broken build: exit %d\n%s", code, stderr)
	}
	if after, _ := treeHash(public); after != first {
		t.Fatal("a failed build changed public/")
	}
}

// TestFiguresMatchesTheBuild: opsreport figures prints exactly the site's
// data/figures.csv, quarter rows of the example's board review included.
func TestFiguresMatchesTheBuild(t *testing.T) {
	dir := copySite(t)
	if code, _, stderr := run("build", "-s", dir); code != 0 {
		t.Fatal(stderr)
	}
	code, stdout, stderr := run("figures", "-s", dir)
	if code != 0 {
		t.Fatal(stderr)
	}
	built, _ := os.ReadFile(filepath.Join(dir, "public", "data", "figures.csv"))
	if stdout != string(built) {
		t.Error("figures output differs from the built data/figures.csv")
	}
	if !strings.Contains(stdout, "\narr,2027-Q3,") {
		t.Error("no quarter row for the example's board review")
	}
}
