package cli

import (
	"math"
	"os"
	"runtime/debug"
	"runtime/metrics"
	"time"
)

// A build's heap is mostly garbage: pages and packs made, written and
// dropped, gigabytes of them on a large site, over a live heap of figures
// and narratives that is a fraction of it. Go's default pacing lets the
// heap grow to twice its live size before collecting, so a build whose live
// heap peaks at 170 MB holds 350 MB or more. A build therefore runs under a
// soft memory limit (runtime/debug.SetMemoryLimit) of buildHeapLimit,
// raised to half again the live heap when a site's data needs more, so a
// large history is never starved into collecting without end. A limit the
// user set (GOMEMLIMIT) is left as it is.

// buildHeapLimit is the soft limit a build's heap starts under.
const buildHeapLimit = 256 << 20

// heapLimitEvery is how often the live heap is read to raise the limit.
const heapLimitEvery = 50 * time.Millisecond

// limitHeap sets the soft memory limit for a build and returns what
// restores the one before it. The limit rises, never falls, while the
// build runs.
func limitHeap() (restore func()) {
	if os.Getenv("GOMEMLIMIT") != "" {
		return func() {}
	}
	prev := debug.SetMemoryLimit(buildHeapLimit)
	stop, done := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(done)
		sample := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
		limit := int64(buildHeapLimit)
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
			live := sample[0].Value.Uint64()
			if want := liveLimit(live); want > limit {
				limit = want
				debug.SetMemoryLimit(limit)
			}
		}
	}()
	return func() {
		close(stop)
		<-done
		debug.SetMemoryLimit(prev)
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
