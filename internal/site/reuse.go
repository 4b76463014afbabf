package site

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash"
	"io"
	"io/fs"
	"math"
	"os"
	"path"
	"runtime"
	"runtime/debug"
	"slices"
	"sync"

	"golang.org/x/sync/errgroup"

	"github.com/opsreport/opsreport/internal/content"
	"github.com/opsreport/opsreport/internal/diag"
	"github.com/opsreport/opsreport/internal/kpi"
	"github.com/opsreport/opsreport/internal/view"
)

// A closed review (final, with a snapshot) does not change from one build
// to the next unless one of its inputs does, so a build can take its files
// (reviews/P/, packs/opsreport-P.zip) over from the output folder's last
// build instead of rendering, zipping and hashing them again. Each closed
// review gets a key, a SHA-256 over everything its page and pack read:
//
//   - opsreport's own version: its executable's SHA-256 (so any other
//     binary, a rebuilt one included, trusts no key of this one);
//   - the configuration as the pages see it, and opsreport.yaml's bytes;
//   - the look: every file of the built-in and the site's templates/ and
//     theme/;
//   - the KPI catalog (every field but where it was read from);
//   - every file of the review's folder (narratives, snapshot.csv,
//     registers.csv, images), and the snapshot of the review before it
//     (whose restatements its page notes; an edit of that review's
//     narratives does not render this one again);
//   - the live values (actual, target, budget, forecast) of every month up
//     to its period, which its restatement notes compare with; the live
//     risk register and action log when it has no registers.csv;
//   - the lead review and the links to the reviews before and after it
//     (view.Contexts).
//
// The pages made from the data (view.DataPages) and the home page
// (view.HomePage) have keys of their own (dataPagesKey, homeKey): a
// narrative edit in a review that does not lead renders neither again.
//
// The keys and each review's files and sizes are kept in ReuseFile, in the
// output folder. A review is reused when its key is the one recorded and
// every file recorded is still there with its size; anything else, a
// missing or unreadable ReuseFile included, renders it.
//
// The whole site has a key as well (SiteKey): when it matches the one
// recorded by the last build, which reported no problem, and the output
// folder holds exactly that build's files, cli's build has nothing to do.

// ReuseFile is where a build records its closed reviews' keys, in the
// output folder.
const ReuseFile = ".opsreport-reuse.json"

// Reuse lets Build take closed reviews' files over from the last build.
type Reuse struct {
	// Prev is ReuseFile as the output folder holds it; nil: none.
	Prev []byte
	// Keep takes a file of the output folder over into the new one, when
	// it is there with that size; Unkeep drops files Keep took, when a
	// review is rendered after all.
	Keep   func(path string, size int64) error
	Unkeep func(paths []string)
}

// reuseRecord is ReuseFile's content.
type reuseRecord struct {
	// Site is the whole site's key (SiteKey) when the build reported no
	// problem at all, and Output every file it left with its size and
	// its counts: a build whose site key is the same and whose output
	// folder holds exactly those files has nothing to do.
	Site   string           `json:"site,omitempty"`
	Output map[string]int64 `json:"output,omitempty"`
	Pages  int              `json:"pages,omitempty"`
	Packs  int              `json:"packs,omitempty"`
	Charts int              `json:"charts,omitempty"`

	Reviews map[string]reuseEntry `json:"reviews"`
}

// LastBuild is what the last build recorded about the whole site.
type LastBuild struct {
	Site                 string           // its site key; "" when it reported problems
	Output               map[string]int64 // the output folder's files and sizes, ReuseFile aside
	Pages, Packs, Charts int
}

// ReadLastBuild reads a ReuseFile; false when there is none or it is not
// valid.
func ReadLastBuild(rec []byte) (LastBuild, bool) {
	var r reuseRecord
	if rec == nil || json.Unmarshal(rec, &r) != nil || r.Site == "" || len(r.Output) == 0 {
		return LastBuild{}, false
	}
	return LastBuild{Site: r.Site, Output: r.Output, Pages: r.Pages, Packs: r.Packs, Charts: r.Charts}, true
}

// SiteKey is a SHA-256 over everything a build reads: opsreport's version,
// the options, the built-in look, and every file of the site folder's
// opsreport.yaml, content/, data/, templates/ and theme/ (data sources
// read files under data/ only) but those skip names (the output folder,
// should it be inside one of them).
func SiteKey(fsys fs.FS, opts Options, skip func(path string) bool) string {
	h := sha256.New()
	fmt.Fprintf(h, "opsreport site 1\nversion %s\noptions %v %q %q pdf %q\n", version(), opts.Drafts, opts.Period, opts.BaseURL, opts.PDF)
	if opts.Look != nil {
		hashTree(h, opts.Look, ".")
	}
	opts.Sums.begin()
	var values []string // what the values cache is keyed by
	skipped := false
	for _, top := range []string{ConfigFile, "content", dataDir, "templates", "theme"} {
		files, skips := hashInputs(h, fsys, top, skip, opts.Sums)
		if top == ConfigFile || top == dataDir {
			values = append(values, files...)
			skipped = skipped || skips
		}
	}
	opts.Values.setKey(values, opts.Sums, skipped)
	return hex.EncodeToString(h.Sum(nil))
}

// hashInputs adds every file below top but those skip names: each file's
// own SHA-256, made on every core, in lexical order; keep, when set, keeps
// them, and takes those its stat cache vouches for over unread. It returns
// the files, and whether skip left anything out.
func hashInputs(h hash.Hash, fsys fs.FS, top string, skip func(string) bool, keep *FileSums) (files []string, skipped bool) {
	fs.WalkDir(fsys, top, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			fmt.Fprintf(h, "unreadable %q %v\n", p, errors.Is(err, fs.ErrNotExist))
			return nil
		}
		if skip != nil && skip(p) {
			skipped = true
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if isFile(fsys, p, d) {
			files = append(files, p)
		} else if !d.IsDir() {
			fmt.Fprintf(h, "other %q %v\n", p, d.Type())
		}
		return nil
	})
	sums := make([][]byte, len(files))
	var g errgroup.Group
	g.SetLimit(runtime.GOMAXPROCS(0))
	for i, p := range files {
		g.Go(func() error {
			fsum := keep.sum(fsys, p)
			sums[i] = fsum.sum[:]
			return nil
		})
	}
	g.Wait()
	for _, sum := range sums {
		h.Write(sum)
	}
	return files, skipped
}

// Record is the ReuseFile to keep beside the output: its closed reviews'
// keys and files, and, when site is not "", the site key and the output
// folder's files (ReuseFile aside) with their sizes.
func (o *Output) Record(site string, files map[string]int64) []byte {
	rec := reuseRecord{Reviews: o.reviewRecord}
	if rec.Reviews == nil {
		rec.Reviews = map[string]reuseEntry{}
	}
	if site != "" {
		rec.Site, rec.Output, rec.Pages, rec.Packs, rec.Charts = site, files, o.Pages, o.Packs, o.Charts
	}
	b, _ := json.MarshalIndent(rec, "", " ")
	return append(b, '\n')
}

type reuseEntry struct {
	Key string `json:"key"`
	view.ReviewFiles
	// Warnings are what the review reported when its snapshot was read
	// whole and its restatements compared: a build that reuses it without
	// reading it whole reports them again.
	Warnings []diag.Diagnostic `json:"warnings,omitempty"`
}

// version is what identifies opsreport's build in the keys; tests replace
// it.
var version = executableHash

var exeHash = sync.OnceValue(func() string {
	h := sha256.New()
	if exe, err := os.Executable(); err == nil {
		if f, err := os.Open(exe); err == nil {
			_, err = io.Copy(h, f)
			f.Close()
			if err == nil {
				return hex.EncodeToString(h.Sum(nil))
			}
		}
	}
	// No executable to read: the build info, and a key no other process
	// shares, so nothing is reused.
	if bi, ok := debug.ReadBuildInfo(); ok {
		fmt.Fprintf(h, "%s %s\n", bi.Main.Version, bi.String())
	}
	fmt.Fprintf(h, "pid %d", os.Getpid())
	return hex.EncodeToString(h.Sum(nil))
})

func executableHash() string { return exeHash() }

// reviewKeys computes the key of every closed review, by slug, of the
// pages made from the data (view.DataPages) and of the home page
// (view.HomePage).
func (s *Site) reviewKeys() map[string]string {
	var closed []int
	for i, r := range s.Reviews {
		if r.Snapshot != nil {
			closed = append(closed, i)
		}
	}
	common := sha256.New()
	fmt.Fprintf(common, "opsreport reuse 1\nversion %s\n", version())
	data := s.Data()
	fmt.Fprintf(common, "config %q %q %q %q %d %q %q %v %q\n", data.Title, data.Organization, data.Locale, data.Currency,
		data.FiscalYearStart, data.Paper, data.BaseURL, data.UnsafeHTML, data.Classification)
	hashFile(common, s.FS, ConfigFile)
	for _, dir := range []string{"templates", "theme"} {
		if s.look != nil {
			hashTree(common, s.look, dir)
		}
		hashTree(common, s.FS, dir)
	}
	hashCatalog(common, s.Catalog)
	base := common.Sum(nil)

	live := newLiveChain(s.Figures)
	contexts, home := view.Contexts(data)
	keys := map[string]string{view.DataPages: s.dataPagesKey(base, live, data), view.HomePage: s.homeKey(base, live, data, home)}
	if len(closed) == 0 {
		return keys
	}
	folders := make([][]byte, len(s.Reviews))
	var g errgroup.Group
	g.SetLimit(runtime.GOMAXPROCS(0))
	for _, i := range closed {
		g.Go(func() error {
			h := sha256.New()
			s.hashFolder(h, s.Reviews[i].Dir)
			folders[i] = h.Sum(nil)
			return nil
		})
	}
	g.Wait()
	for _, i := range closed {
		r := s.Reviews[i]
		h := sha256.New()
		h.Write(base)
		// Its page links pack.pdf when the build prints it.
		fmt.Fprintf(h, "review %s pdf %v\n%s", r.Slug, s.packPDF(r.Slug), contexts[i])
		h.Write(folders[i])
		if i+1 < len(s.Reviews) {
			// Of the review before it, the page shows its link (in the
			// context) and the values restated since it was closed, which
			// only its snapshot decides: an edit of its narratives leaves
			// this page as it was.
			prev := s.Reviews[i+1]
			fmt.Fprintf(h, "before: closed %v ", prev.Snapshot != nil)
			s.fileKey(h, path.Join(prev.Dir, SnapshotFile))
		}
		h.Write(live.upTo(r.Period))
		frozen := r.Registers != nil
		if s.partial[r] {
			_, err := fs.Stat(s.FS, path.Join(r.Dir, RegistersFile))
			frozen = err == nil
		}
		if !frozen && s.Store != nil {
			fmt.Fprintf(h, "live registers %+v %+v\n", stripRisks(s.Store.Risks), stripActions(s.Store.Actions))
		}
		keys[r.Slug] = hex.EncodeToString(h.Sum(nil))
	}
	return keys
}

// dataPagesKey is the key of the pages made from the data
// (view.DataPages): besides base (the version, configuration, look and
// catalog), every file of data/, which the figures are read from, and the
// figures themselves; the lead review, which every page's navigation links;
// the reviews, which figures.csv's quarters follow; and every narrative's
// title, place and the KPIs its shortcodes name, which the KPI pages list
// as mentions.
func (s *Site) dataPagesKey(base []byte, live liveChain, data *view.Data) string {
	h := sha256.New()
	h.Write(base)
	fmt.Fprintf(h, "data pages\n")
	hashTree(h, s.FS, dataDir)
	if n := len(live.sums); n > 0 {
		h.Write(live.sums[n-1])
	}
	if data.Lead != nil {
		fmt.Fprintf(h, "lead %q\n", data.Lead.Slug)
	}
	for _, r := range s.Reviews {
		fmt.Fprintf(h, "review %q %q %q %q\n", r.Slug, r.Meta.Title, r.Period, r.Quarter)
		fmt.Fprintf(h, "doc %q %q\n", "summary", shortcodeArgs(r.Doc))
		for _, sec := range r.Sections {
			fmt.Fprintf(h, "doc %q %q %q\n", sec.Slug, sec.Meta.Title, shortcodeArgs(sec.Doc))
		}
	}
	return hex.EncodeToString(h.Sum(nil))
}

// homeKey is the key of the home page (view.HomePage): besides base, its
// own text (content/_index.md), whose shortcodes show live figures, and
// every live value and the live registers; the lead review's folder (its
// summary, and its snapshot, which the scorecard and headline show once it
// is closed), and whether its pack is printed; and context, every review's
// link (view.Contexts).
func (s *Site) homeKey(base []byte, live liveChain, data *view.Data, context string) string {
	h := sha256.New()
	h.Write(base)
	fmt.Fprintf(h, "home page\n")
	s.fileKey(h, homeFile)
	if n := len(live.sums); n > 0 {
		h.Write(live.sums[n-1])
	}
	if s.Store != nil {
		fmt.Fprintf(h, "live registers %+v %+v\n", stripRisks(s.Store.Risks), stripActions(s.Store.Actions))
	}
	if data.Lead != nil {
		fmt.Fprintf(h, "lead pdf %v\n", s.packPDF(data.Lead.Slug))
		s.hashFolder(h, data.Lead.Dir)
	}
	io.WriteString(h, context)
	return hex.EncodeToString(h.Sum(nil))
}

// shortcodeArgs are the arguments of a narrative's shortcodes, in order.
func shortcodeArgs(doc *content.Doc) [][]string {
	var out [][]string
	for _, sc := range doc.Shortcodes() {
		out = append(out, sc.Args)
	}
	return out
}

// planReuse decides which closed reviews to take over: those whose key is
// the one recorded and whose files Keep takes. warnings are what those
// reported when last read whole.
func planReuse(ru *Reuse, keys map[string]string) (reused map[string]*view.ReviewFiles, warnings map[string][]diag.Diagnostic) {
	if ru == nil || ru.Prev == nil || len(keys) == 0 {
		return nil, nil
	}
	var prev reuseRecord
	if json.Unmarshal(ru.Prev, &prev) != nil {
		return nil, nil // tampered with or from another version: render everything
	}
	out := map[string]*view.ReviewFiles{}
	warnings = map[string][]diag.Diagnostic{}
	slugs := make([]string, 0, len(keys))
	for slug := range keys {
		slugs = append(slugs, slug)
	}
	slices.Sort(slugs)
	for _, slug := range slugs {
		e, ok := prev.Reviews[slug]
		if !ok || e.Key != keys[slug] || len(e.Files) == 0 {
			continue
		}
		var kept []string
		whole := true
		for _, p := range sortedKeys(e.Files) {
			if !inReview(p, slug) && !(slug == view.DataPages && view.IsDataPage(p)) && !(slug == view.HomePage && p == "index.html") ||
				ru.Keep(p, e.Files[p]) != nil {
				whole = false
				break
			}
			kept = append(kept, p)
		}
		if !whole {
			if ru.Unkeep != nil {
				ru.Unkeep(kept)
			}
			continue
		}
		rf := e.ReviewFiles
		out[slug] = &rf
		warnings[slug] = e.Warnings
	}
	return out, warnings
}

// inReview reports whether an output path is one a review's rendering
// makes: under reviews/P/, or its pack's zip. A recorded path elsewhere
// is not taken over whatever the record says.
func inReview(p, slug string) bool {
	if p == "packs/opsreport-"+slug+".zip" {
		return true
	}
	dir := "reviews/" + slug + "/"
	return len(p) > len(dir) && p[:len(dir)] == dir && path.Clean(p) == p
}

// record is the new ReuseFile: every closed review's key, files and
// warnings, the rendered ones' files as rendered and the reused ones' as
// they were.
func record(keys map[string]string, reused, rendered map[string]*view.ReviewFiles, warnings map[string][]diag.Diagnostic) map[string]reuseEntry {
	rec := reuseRecord{Reviews: map[string]reuseEntry{}}
	for slug, key := range keys {
		rf := reused[slug]
		if rf == nil {
			rf = rendered[slug]
		}
		if rf == nil {
			continue
		}
		rec.Reviews[slug] = reuseEntry{Key: key, ReviewFiles: *rf, Warnings: warnings[slug]}
	}
	return rec.Reviews
}

// keySet is the set of a map's keys.
func keySet[V any](m map[string]V) map[string]bool {
	out := make(map[string]bool, len(m))
	for k := range m {
		out[k] = true
	}
	return out
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// hashFile adds a file's name and bytes; a missing file adds its name.
func hashFile(h hash.Hash, fsys fs.FS, name string) {
	b, err := fs.ReadFile(fsys, name)
	fmt.Fprintf(h, "file %q %d %v\n", name, len(b), err == nil)
	h.Write(b)
}

// fileKey adds one file by its name, size and SHA-256 (as hashFolder adds
// each of its files), or that it is not there.
func (s *Site) fileKey(h hash.Hash, p string) {
	fsum, ok := s.sums.get(p)
	if !ok {
		b, err := fs.ReadFile(s.FS, p)
		if errors.Is(err, fs.ErrNotExist) {
			fmt.Fprintf(h, "no file %q\n", p)
			return
		}
		fsum = digest(p, b, err == nil)
	}
	fmt.Fprintf(h, "file %q %d %v %x\n", p, fsum.size, fsum.ok, fsum.sum)
}

// hashFolder adds every regular file below dir, in lexical order, by its
// name, size and SHA-256: the one its snapshot's reading took (lazy.go),
// when it did, so that hundreds of megabytes are not read twice.
func (s *Site) hashFolder(h hash.Hash, dir string) {
	fs.WalkDir(s.FS, dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			fmt.Fprintf(h, "unreadable %q\n", p)
			return nil
		}
		if isFile(s.FS, p, d) {
			s.fileKey(h, p)
		}
		return nil
	})
}

// fileSum is what hashFolder keys a file by: its size, whether it could
// be read, and the SHA-256 of its name, size and bytes as hashFile adds
// them.
type fileSum struct {
	size int
	ok   bool
	sum  [sha256.Size]byte
}

func digest(name string, b []byte, ok bool) fileSum {
	h := sha256.New()
	fmt.Fprintf(h, "file %q %d %v\n", name, len(b), ok)
	h.Write(b)
	fsum := fileSum{size: len(b), ok: ok}
	h.Sum(fsum.sum[:0])
	return fsum
}

// FileSums keep the files' SHA-256 that SiteKey made (Options.Sums), so
// that Build keys closed reviews without reading and hashing their
// snapshots again. A file changed in between is keyed as SiteKey read it;
// the next build, reading it as it is, renders what depends on it.
// NewFileSums makes ones that trust a stat cache (statcache.go).
type FileSums struct {
	m sync.Map
	statCache
}

// get is the sum kept for a file; false when there is none (or no
// FileSums).
func (fss *FileSums) get(p string) (fileSum, bool) {
	if fss == nil {
		return fileSum{}, false
	}
	v, ok := fss.m.Load(p)
	if !ok {
		return fileSum{}, false
	}
	return v.(fileSum), true
}

// hashTree adds every regular file below dir, in lexical order.
func hashTree(h hash.Hash, fsys fs.FS, dir string) {
	fs.WalkDir(fsys, dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			fmt.Fprintf(h, "unreadable %q\n", p)
			return nil
		}
		if isFile(fsys, p, d) {
			hashFile(h, fsys, p)
		}
		return nil
	})
}

// isFile reports whether a walked entry is a file the build reads: a
// regular file, or a symbolic link to one (a data export linked into
// data/), which the build reads through, so its key must too.
func isFile(fsys fs.FS, p string, d fs.DirEntry) bool {
	if d.Type().IsRegular() {
		return true
	}
	if d.Type()&fs.ModeSymlink == 0 {
		return false
	}
	info, err := fs.Stat(fsys, p)
	return err == nil && info.Mode().IsRegular()
}

// hashCatalog adds every KPI's fields but the positions they were read
// from (a comment added to the catalog re-renders nothing).
func hashCatalog(h hash.Hash, c *kpi.Catalog) {
	if c == nil {
		return
	}
	for _, k := range c.KPIs {
		cp := *k
		cp.Pos, cp.Green, cp.Amber, cp.Formula = diag.Pos{}, nil, nil, nil
		fmt.Fprintf(h, "kpi %+v", cp)
		for _, t := range []*kpi.Threshold{k.Green, k.Amber} {
			if t != nil {
				fmt.Fprintf(h, " %+v", *t)
			} else {
				fmt.Fprint(h, " -")
			}
		}
		if k.Formula != nil {
			fmt.Fprintf(h, " formula %q", k.Formula.Text)
		}
		fmt.Fprintln(h)
	}
}

// liveChain holds, for each month, a hash of the live values of every
// month up to it.
type liveChain struct {
	months []int // period indexes, ascending
	sums   [][]byte
}

func newLiveChain(figs *kpi.Figures) liveChain {
	if figs == nil {
		return liveChain{}
	}
	byMonth := map[int][]byte{}
	for f := range figs.Each() {
		b := byMonth[f.Period.Index()]
		b = append(b, f.KPI.ID...)
		b = append(b, 0)
		for _, o := range []kpi.Opt{f.Actual, f.Target, f.Budget, f.Forecast} {
			b = binary.LittleEndian.AppendUint64(b, math.Float64bits(o.V))
			if o.OK {
				b = append(b, 1)
			} else {
				b = append(b, 0)
			}
		}
		byMonth[f.Period.Index()] = b
	}
	var lc liveChain
	for m := range byMonth {
		lc.months = append(lc.months, m)
	}
	slices.Sort(lc.months)
	prev := []byte{}
	for _, m := range lc.months {
		h := sha256.New()
		h.Write(prev)
		binary.Write(h, binary.LittleEndian, int64(m))
		h.Write(byMonth[m])
		prev = h.Sum(nil)
		lc.sums = append(lc.sums, prev)
	}
	return lc
}

// upTo is the hash of the live values of every month up to p.
func (lc liveChain) upTo(p kpi.Period) []byte {
	i, found := slices.BinarySearch(lc.months, p.Index())
	if !found {
		i-- // the last month before p
	}
	if i < 0 {
		return []byte("no live values")
	}
	return lc.sums[i]
}

func stripRisks(rs []kpi.Risk) []kpi.Risk {
	out := slices.Clone(rs)
	for i := range out {
		out[i].Pos = diag.Pos{}
	}
	return out
}

func stripActions(as []kpi.Action) []kpi.Action {
	out := slices.Clone(as)
	for i := range out {
		out[i].Pos = diag.Pos{}
	}
	return out
}
