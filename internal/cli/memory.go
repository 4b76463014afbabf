package cli

import (
	"math"
	"os"
	"runtime/debug"
	"runtime/metrics"
	"sync"
	"time"
)

// A build's heap is mostly garbage: pages and packs made, written and
// dropped, gigabytes of them on a large site, over a live heap of figures
// and narratives that is a fraction of it. Go's default pacing lets the
// heap grow to twice its live size before collecting, so a build whose live
// heap peaks at 170 MB holds 350 MB or more. A build therefore runs under a
// soft memory limit (runtime/debug.SetMemoryLimit) of buildHeapLimit,
// raised to half again the live heap when a site's data needs more, so a
// large history is never starved into collecting without end. A user who
// tuned the collector (GOMEMLIMIT or GOGC set) keeps their setting. `serve`
// does not build through buildSite and keeps Go's default pacing: its
// rebuilds are small beside the preview's own memory.

// buildHeapLimit is the soft limit a build's heap starts under.
const buildHeapLimit = 256 << 20

// heapLimitEvery is how often the live heap is read to raise the limit.
const heapLimitEvery = 50 * time.Millisecond

// heapLimit is the one limit of the process: builds that overlap (an
// embedding program's) share it, and the last to end restores the limit
// from before the first.
var heapLimit struct {
	sync.Mutex
	builds int
	prev   int64
	stop   chan struct{}
	done   chan struct{}
}

// limitHeap sets the soft memory limit for a build and returns what ends
// it. The limit rises, never falls, while builds run.
func limitHeap() (restore func()) {
	return limitHeapFrom(buildHeapLimit)
}

func limitHeapFrom(base int64) (restore func()) {
	if os.Getenv("GOMEMLIMIT") != "" || os.Getenv("GOGC") != "" {
		return func() {}
	}
	heapLimit.Lock()
	defer heapLimit.Unlock()
	heapLimit.builds++
	if heapLimit.builds == 1 {
		heapLimit.prev = debug.SetMemoryLimit(base)
		heapLimit.stop, heapLimit.done = make(chan struct{}), make(chan struct{})
		go raiseHeapLimit(base, heapLimit.stop, heapLimit.done)
	}
	var once sync.Once
	return func() {
		once.Do(func() {
			heapLimit.Lock()
			defer heapLimit.Unlock()
			heapLimit.builds--
			if heapLimit.builds == 0 {
				close(heapLimit.stop)
				<-heapLimit.done
				debug.SetMemoryLimit(heapLimit.prev)
			}
		})
	}
}

// raiseHeapLimit raises the limit to liveLimit of the live heap whenever
// that is higher, until stop is closed.
func raiseHeapLimit(limit int64, stop <-chan struct{}, done chan<- struct{}) {
	defer close(done)
	sample := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	tick := time.NewTicker(heapLimitEvery)
	defer tick.Stop()
	for {
		select {
		case <-stop:
			return
		case <-tick.C:
		}
		metrics.Read(sample)
		if sample[0].Value.Kind() != metrics.KindUint64 {
			return // not measured by this runtime: the limit stays
		}
		if want := liveLimit(sample[0].Value.Uint64()); want > limit {
			limit = want
			debug.SetMemoryLimit(limit)
		}
	}
}

// liveLimit is the limit a live heap of live bytes asks for: half as much
// again, for the garbage made between two collections.
func liveLimit(live uint64) int64 {
	if live > math.MaxInt64/2 {
		return math.MaxInt64
	}
	return int64(live + live/2)
}
