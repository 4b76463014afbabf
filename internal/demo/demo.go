// Package demo writes new site folders: the small starter site of
// `opsreport new site DIR`, and with Options.Demo a generated company of any
// size (`--demo --months N --kpis K --seed S`).
//
// Everything is computed in memory and returned as a list of files; the
// caller writes them. Nothing depends on the clock or on map order: the same
// Options give byte-identical files. The history ends at Options.End, which
// defaults to DefaultEnd (a fixed month, not today's), so that a generated
// site can be compared across machines and days.
//
// The demo company, Lumenfield Systems, keeps its numbers as real teams do:
//
//	data/kpis.yaml                 the catalog (every unit, direction, aggregate)
//	data/finance.xlsx              README, Actuals, Targets, Budget (wide sheets)
//	data/operations/actuals.csv    operations actuals (wide, "Oct 2026" periods)
//	data/operations/targets.csv    operations targets (wide)
//	data/teams.xlsx                Customer and People sheets (long, with comments)
//	data/support/tickets.csv       the support desk's tickets, one row each, read as
//	                               records (data/sources.yaml) into two Support KPIs
//	data/risks.csv, data/actions.csv
//	content/reviews/YYYY-MM/       one review a month: final, the newest a draft
package demo

import (
	"fmt"
	"math/rand/v2"

	"github.com/opsreport/opsreport/internal/kpi"
)

// Defaults of the command line flags.
const (
	DefaultEnd    = "2026-10" // the last month of every generated history
	DefaultMonths = 24
	DefaultKPIs   = 30
	DefaultSeed   = 1
)

// Limits keep a typo (--kpis 500000) from filling a disk.
const (
	MaxMonths = 600
	MaxKPIs   = 2000
)

// Options say what to generate.
type Options struct {
	Demo   bool       // the generated company; otherwise the starter site
	Months int        // demo: months of history, ending at End
	KPIs   int        // demo: number of KPIs
	Seed   uint64     // demo: the random stream; the same seed gives the same site
	End    kpi.Period // the last month (the newest review)
}

// File is one file of a new site.
type File struct {
	Path string // slash path relative to the site folder
	Data []byte
}

// Check reports the first option out of range, in the words of its flag.
func (o Options) Check() error {
	switch {
	case o.End.IsZero():
		return fmt.Errorf("--end is not set")
	case !o.Demo:
		return nil
	case o.Months < 1 || o.Months > MaxMonths:
		return fmt.Errorf("--months %d is not from 1 to %d", o.Months, MaxMonths)
	case o.KPIs < 1 || o.KPIs > MaxKPIs:
		return fmt.Errorf("--kpis %d is not from 1 to %d", o.KPIs, MaxKPIs)
	}
	return nil
}

// Generate returns every file of the new site, sorted by path.
func Generate(o Options) ([]File, error) {
	if err := o.Check(); err != nil {
		return nil, err
	}
	if o.Demo {
		return generateDemo(o)
	}
	return generateStarter(o)
}

// newRand is a PCG stream for one purpose: stream 0 is the company's
// registers, stream k+1 is KPI k's series. Separate streams keep a KPI's
// numbers the same whatever else is generated.
func newRand(seed uint64, stream uint64) *rand.Rand {
	return rand.New(rand.NewPCG(seed, 0x6f707372+stream))
}
