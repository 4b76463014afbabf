package cli

import (
	"bytes"
	"context"
	"math"
	"runtime"
	"runtime/debug"
	"testing"
	"time"
)

// These tests change the process's memory limit, so none runs in parallel.

func TestBuildRunsUnderTheHeapLimitAndRestoresTheOneBefore(t *testing.T) {
	t.Setenv("GOMEMLIMIT", "")
	t.Setenv("GOGC", "")
	before := debug.SetMemoryLimit(-1)
	restore := limitHeap()
	if got := debug.SetMemoryLimit(-1); got != buildHeapLimit {
		restore()
		t.Fatalf("limit during a build = %d, want %d", got, buildHeapLimit)
	}
	restore()
	if got := debug.SetMemoryLimit(-1); got != before {
		t.Errorf("limit after the build = %d, want the one before, %d", got, before)
	}
}

func TestHeapLimitRisesWithTheLiveHeap(t *testing.T) {
	t.Setenv("GOMEMLIMIT", "")
	t.Setenv("GOGC", "")
	const base = 8 << 20 // a small base, so the test holds little
	restore := limitHeapFrom(base)
	defer restore()
	live := make([]byte, 4*base) // live, and more than the limit allows
	runtime.GC()                 // so the live heap is measured
	want := liveLimit(uint64(len(live)))
	deadline := time.Now().Add(10 * time.Second)
	for debug.SetMemoryLimit(-1) < want && time.Now().Before(deadline) {
		time.Sleep(heapLimitEvery)
	}
	if got := debug.SetMemoryLimit(-1); got < want {
		t.Errorf("limit with %d live bytes = %d, want at least %d", len(live), got, want)
	}
	runtime.KeepAlive(live)
}

func TestAUsersSettingIsKept(t *testing.T) {
	for _, env := range []string{"GOMEMLIMIT", "GOGC"} {
		t.Setenv("GOMEMLIMIT", "")
		t.Setenv("GOGC", "")
		t.Setenv(env, "123")
		before := debug.SetMemoryLimit(123 << 20)
		restore := limitHeap()
		got := debug.SetMemoryLimit(-1)
		restore()
		debug.SetMemoryLimit(before)
		if got != 123<<20 {
			t.Errorf("limit during a build with %s set = %d, want the one before, %d", env, got, 123<<20)
		}
	}
}

// TestOverlappingBuildsShareTheLimit: two builds in one process (an
// embedding program's) keep the limit while either runs, and the limit
// from before the first comes back only when both have ended, whichever
// ends first.
func TestOverlappingBuildsShareTheLimit(t *testing.T) {
	t.Setenv("GOMEMLIMIT", "")
	t.Setenv("GOGC", "")
	before := debug.SetMemoryLimit(-1)
	a := limitHeap()
	b := limitHeap()
	a()
	a() // ending one twice ends it once
	if got := debug.SetMemoryLimit(-1); got == before {
		b()
		t.Fatalf("limit with one build still running = %d, the one from before the builds", got)
	}
	b()
	if got := debug.SetMemoryLimit(-1); got != before {
		t.Errorf("limit after both builds = %d, want the one before, %d", got, before)
	}
}

// TestBuildRunsUnderTheLimit: the build command sets it while it runs.
func TestBuildRunsUnderTheLimit(t *testing.T) {
	t.Setenv("GOMEMLIMIT", "")
	t.Setenv("GOGC", "")
	before := debug.SetMemoryLimit(-1)
	var during int64
	testHookDuringBuild = func() { during = debug.SetMemoryLimit(-1) }
	defer func() { testHookDuringBuild = nil }()
	dir := t.TempDir()
	var out, errOut bytes.Buffer
	if code := Main(context.Background(), []string{"new", "site", dir}, &out, &errOut); code != 0 {
		t.Fatalf("new site: %d\n%s", code, errOut.String())
	}
	if code := Main(context.Background(), []string{"build", "-s", dir}, &out, &errOut); code != 0 {
		t.Fatalf("build: %d\n%s", code, errOut.String())
	}
	if during != buildHeapLimit {
		t.Errorf("limit during build = %d, want %d", during, buildHeapLimit)
	}
	if got := debug.SetMemoryLimit(-1); got != before {
		t.Errorf("limit after build = %d, want the one before, %d", got, before)
	}
}

func TestLiveLimit(t *testing.T) {
	for _, c := range []struct {
		live uint64
		want int64
	}{
		{0, 0},
		{100, 150},
		{300 << 20, 450 << 20},
		{math.MaxUint64, math.MaxInt64},
	} {
		if got := liveLimit(c.live); got != c.want {
			t.Errorf("liveLimit(%d) = %d, want %d", c.live, got, c.want)
		}
	}
}
