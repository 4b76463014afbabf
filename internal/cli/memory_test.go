package cli

import (
	"math"
	"runtime"
	"runtime/debug"
	"testing"
	"time"
)

// These tests change the process's memory limit, so none runs in parallel.

func TestBuildRunsUnderTheHeapLimitAndRestoresTheOneBefore(t *testing.T) {
	t.Setenv("GOMEMLIMIT", "")
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
	restore := limitHeap()
	defer restore()
	live := make([]byte, 2*buildHeapLimit) // live, and more than the limit allows
	runtime.GC()                           // so the live heap is measured
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

func TestAUsersMemoryLimitIsKept(t *testing.T) {
	t.Setenv("GOMEMLIMIT", "123MiB")
	before := debug.SetMemoryLimit(123 << 20)
	defer debug.SetMemoryLimit(before)
	restore := limitHeap()
	got := debug.SetMemoryLimit(-1)
	restore()
	if got != 123<<20 {
		t.Errorf("limit during a build with GOMEMLIMIT set = %d, want the user's %d", got, 123<<20)
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
