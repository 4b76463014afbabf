// Package site is the build pipeline: it reads a site folder through an
// fs.FS, checks it, and has package view render every page into an
// in-memory Output (Load, then Render; Build does both; Builder redoes
// only what a change touches). It writes nothing; publish puts an Output
// on disk. It also makes a new review folder's files (NewReview).
//
// The folder contract (SPEC section 1):
//
//	opsreport.yaml          configuration (optional)
//	content/_index.md       home page text (optional)
//	content/reviews/P/      one review per period P (2026-10): index.md and
//	                        section files *.md ordered by weight, then name
//	data/                   the KPI catalog (kpis.yaml, kpis.csv or a sheet
//	                        named KPIs), values in .xlsx/.csv, risks, actions
//	templates/, theme/      the site's own overrides of the built-in look
//
// Every user mistake becomes a diag.Diagnostic with its position; Build
// returns no Output when any of them is an error.
package site

import (
	"fmt"
	"io/fs"
	"runtime"
	"slices"
	"sync"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/opsreport/opsreport/internal/content"
	"github.com/opsreport/opsreport/internal/diag"
	"github.com/opsreport/opsreport/internal/kpi"
	"github.com/opsreport/opsreport/internal/view"
)

// Options change what a build includes.
type Options struct {
	// Look is the built-in look, with templates/ and theme/ folders (the
	// binary's embedded copy); the site's own templates/ and theme/
	// override it file by file.
	Look   fs.FS
	Drafts bool   // include draft reviews
	Period string // build only up to and including this period's review (empty: all)
	// BaseURL, when set, replaces opsreport.yaml's base_url for this build
	// (build --base-url). The caller checks it with ValidBaseURL.
	BaseURL string
	// Spill, when set, takes each large output file (packs, zips, long
	// pages) as soon as it is made, instead of Output.Files holding it:
	// publish.Staging.Spill writes it aside, so a large site is not held in
	// memory whole. A spilled file is not in Output.Files.
	Spill func(path string, data []byte) error
	// PDF names the reviews (slugs, "2026-10") whose pack the build
	// prints to pack.pdf afterwards, so their pages link it; "*" is every
	// review (build --pdf).
	PDF []string
	// Reuse, when set, lets Build take closed reviews' files over from the
	// output folder's last build (see ReuseFile).
	Reuse *Reuse
	// Sums, when set, are filled by SiteKey and read by Build (FileSums).
	Sums *FileSums
	// Parts, when set, keeps closed reviews' snapshot rows between builds
	// that reuse (PartsCache).
	Parts *PartsCache
	// Values, when set, keeps what reading data/ gave between builds
	// (ValuesCache); SiteKey keys it.
	Values *ValuesCache
	// SnapshotsInPart has Load read of each closed review's snapshot only
	// the rows other pages read (see lazy.go), unchecked, for a caller
	// that renders none of them: close and figures, which read the live
	// figures only, and would otherwise read every snapshot whole.
	SnapshotsInPart bool
}

// Site is a loaded and checked site folder.
type Site struct {
	FS      fs.FS
	Config  Config
	Catalog *kpi.Catalog
	Store   *kpi.Store
	Figures *kpi.Figures
	Home    *content.Page
	Reviews []*content.Review // newest first; drafts only with Options.Drafts

	current *kpi.Figures // as data.go computed them: the same as Figures (view.Data swaps in snapshots now)
	timings []Timing
	look    fs.FS
	spill   func(path string, data []byte) error
	pdf     []string // Options.PDF
	reuse   *Reuse
	// partial are the closed reviews whose Snapshot holds only the rows
	// other pages read of it (see lazy.go); reviewWarnings the warnings
	// each closed review gave, by slug, recorded with its key.
	partial        map[*content.Review]bool
	reviewWarnings map[string][]diag.Diagnostic
	sums           *FileSums // Options.Sums, and the snapshots read in part
	parts          *PartsCache
	values         *ValuesCache
	valuesCached   bool // the values came from the values cache
	// restated are the values changed in data/ since each closed review
	// read whole was closed, compared when it was read: its Snapshot then
	// keeps only the rows other pages read, and the pages that show its
	// history read it whole again (wholeSnapshot).
	restated *restatedSet
}

// restatedSet is Site.restated: parallel reads of snapshots fill it. crc
// is the CRC-32C of each snapshot as it was read whole, which its reading
// again for the pages must find (wholeSnapshot).
type restatedSet struct {
	sync.Mutex
	m   map[*content.Review][]view.Restatement
	crc map[*content.Review]uint32
}

func newRestatedSet() *restatedSet {
	return &restatedSet{m: map[*content.Review][]view.Restatement{}, crc: map[*content.Review]uint32{}}
}

// Output is a built site held in memory: view's files (slash path →
// bytes) and counts, and how the build went.
type Output struct {
	view.Output
	Partial bool // a Builder re-rendered only the pages a narrative edit touched
	Timings []Timing
	// Reused are the closed reviews whose files Build took over from the
	// last build (Options.Reuse), sorted; see Record for the new ReuseFile.
	Reused       []string
	reviewRecord map[string]reuseEntry
}

// Timing is how long one phase of a build took, for build --timings.
type Timing struct {
	Phase    string
	Duration time.Duration
}

// Load reads and checks everything a build needs. Problems go to d; the
// returned Site is usable for rendering only when d has no errors.
func Load(fsys fs.FS, opts Options, d *diag.List) *Site {
	s := &Site{FS: fsys, look: opts.Look, spill: opts.Spill, pdf: opts.PDF, reuse: opts.Reuse,
		reviewWarnings: map[string][]diag.Diagnostic{}, sums: opts.Sums, parts: opts.Parts, values: opts.Values, restated: newRestatedSet()}
	if s.sums == nil {
		s.sums = &FileSums{}
	}
	t := time.Now()
	s.Config = loadConfig(fsys, d)
	if opts.BaseURL != "" {
		s.Config.BaseURL = opts.BaseURL
	}
	// Narratives parse while the sheets are read: neither needs the other
	// until the shortcodes are checked against the catalog.
	var parsed sync.WaitGroup
	var parse time.Duration
	parsed.Go(func() {
		defer func() {
			if p := recover(); p != nil {
				d.Errorf(diag.Pos{File: reviewsDir}, "internal error while reading: %v (please report it)", p)
			}
		}()
		t := time.Now()
		s.loadContent(opts, d)
		parse = time.Since(t)
	})
	s.loadData(d)
	s.Figures.CheckFinite(d)
	if s.valuesCached {
		s.phase("data: values from the values cache, compute figures", &t)
	} else {
		s.phase("data: read sheets, compute figures", &t)
	}
	parsed.Wait()
	s.timings = append(s.timings, Timing{"content: parse narratives (beside data)", parse})
	t = time.Now()
	if s.Catalog != nil {
		for _, doc := range s.docs() {
			s.checkShortcodes(doc, d)
		}
		for _, r := range s.Reviews {
			s.checkFunctions(r, d)
		}
		if opts.SnapshotsInPart || opts.Reuse != nil && opts.Reuse.Prev != nil {
			s.loadSnapshotRows(d) // Build reads whole only those it renders from
		} else {
			s.loadSnapshots(d)
		}
	}
	s.phase("content: check shortcodes and snapshots", &t)
	return s
}

// loadSnapshots reads the closed reviews' snapshots and registers, on
// every core: a long history's snapshots are hundreds of megabytes. Their
// problems are reported in review order, as one by one.
func (s *Site) loadSnapshots(d *diag.List) {
	lists := make([]diag.List, len(s.Reviews))
	var g errgroup.Group
	g.SetLimit(runtime.GOMAXPROCS(0))
	for i, r := range s.Reviews {
		goSafely(&g, &lists[i], r.Dir, func() { s.loadSnapshot(r, &lists[i]) })
	}
	g.Wait()
	for i, r := range s.Reviews {
		d.Merge(&lists[i])
		if r.Snapshot != nil {
			s.noteWarnings(r, &lists[i])
		}
	}
}

// phase records the time since *t under name and restarts the clock.
func (s *Site) phase(name string, t *time.Time) {
	now := time.Now()
	s.timings = append(s.timings, Timing{name, now.Sub(*t)})
	*t = now
}

// Build loads the site and renders it. It returns nil when d holds errors.
func Build(fsys fs.FS, opts Options, d *diag.List) *Output {
	if opts.Reuse != nil {
		go version() // hashing the executable overlaps reading the site
	}
	s := Load(fsys, opts, d)
	if d.HasErrors() {
		return nil
	}
	t := time.Now()
	keys := s.reviewKeys()
	reused, warnings := planReuse(s.reuse, keys)
	for _, slug := range sortedKeys(reused) {
		d.Add(reused[slug].Warnings...) // what rendering them reported
	}
	s.phase("reuse: key closed reviews, take over unchanged ones", &t)
	if s.partial != nil {
		s.completeSnapshots(keySet(reused), warnings, d)
		if d.HasErrors() {
			return nil
		}
		s.phase("reuse: read whole the snapshots rendered from", &t)
	}
	out, _ := s.renderReusing(reused, d)
	if d.HasErrors() || out == nil {
		return nil
	}
	s.phase("render: pages, charts, packs", &t)
	out.Reused = slices.DeleteFunc(sortedKeys(reused), func(slug string) bool { return slug == view.DataPages || slug == view.HomePage })
	out.reviewRecord = record(keys, reused, out.Reviews, s.reviewWarnings)
	s.timings = append(s.timings,
		Timing{"render, summed over the workers: pages and charts", out.Work - out.PackWork},
		Timing{"render, summed over the workers: packs (pack.html and zip)", out.PackWork})
	out.Timings = s.timings
	return out
}

// docs lists every narrative of the site: the home page, then each review's
// index and sections.
func (s *Site) docs() []*content.Doc {
	var out []*content.Doc
	if s.Home != nil {
		out = append(out, s.Home.Doc)
	}
	for _, r := range s.Reviews {
		out = append(out, r.Doc)
		for _, sec := range r.Sections {
			out = append(out, sec.Doc)
		}
	}
	return out
}

// Summary is the one-line count `check` prints: KPIs, months, values.
func (s *Site) Summary() string {
	if s.Catalog == nil || s.Store == nil {
		return "no data read"
	}
	months := s.Store.Months()
	values := 0
	for _, k := range s.Catalog.KPIs {
		for _, p := range s.Store.Points(k.ID) {
			for _, o := range []kpi.Opt{p.Actual, p.Target, p.Budget, p.Forecast} {
				if o.OK {
					values++
				}
			}
		}
	}
	span := ""
	if len(months) > 0 {
		span = fmt.Sprintf(" (%s to %s)", months[0], months[len(months)-1])
	}
	return fmt.Sprintf("%s, %s%s, %s, %s", diag.Plural(len(s.Catalog.KPIs), "KPI"), diag.Plural(len(months), "month"), span,
		diag.Plural(values, "value"), diag.Plural(len(s.Reviews), "review"))
}
