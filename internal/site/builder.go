package site

import (
	"bytes"
	"io/fs"
	"reflect"
	"slices"
	"strings"
	"sync"

	"github.com/opsreport/opsreport/internal/content"
	"github.com/opsreport/opsreport/internal/diag"
	"github.com/opsreport/opsreport/internal/view"
)

// Builder keeps the last good build of a site folder and, after a change,
// redoes only what the change touches: an edited narrative re-parses the
// narratives and re-renders its review (page, pack, zip) and the home page
// when that review leads it; data or configuration reload everything;
// templates and theme re-render everything from the loaded data. It is
// safe for concurrent use; builds run one at a time.
type Builder struct {
	fsys fs.FS
	opts Options

	mu      sync.Mutex
	site    *Site      // the last good load
	out     *Output    // the last good output
	pending []string   // changes since the last good build
	full    bool       // a change since the last good build needs everything
	look    *view.Look // the last good build's templates and theme
}

// NewBuilder returns a Builder for the site folder fsys.
func NewBuilder(fsys fs.FS, opts Options) *Builder { return &Builder{fsys: fsys, opts: opts} }

// Build rebuilds after the given changed files (slash paths relative to
// the site folder; nil means everything). It returns the whole new output,
// or nil when d has errors (the last good build is kept), and the output
// paths whose bytes differ from the last good build.
func (b *Builder) Build(changed []string, d *diag.List) (*Output, []string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	// A failed build keeps its changes pending, so the next build still
	// reloads what they touched.
	b.full = b.full || changed == nil
	for _, p := range changed {
		if !slices.Contains(b.pending, p) {
			b.pending = append(b.pending, p)
		}
	}
	all := b.pending
	if b.full {
		all = nil
	}
	s, reviews, partial := b.load(all, d)
	if d.HasErrors() {
		return nil, nil
	}
	var out *Output
	lk := b.look
	if partial {
		out = s.renderReviews(b.out, reviews, lk, d)
	} else {
		out, lk = s.render(d)
	}
	if d.HasErrors() || out == nil {
		return nil, nil
	}
	diff := changedFiles(b.out, out)
	b.site, b.out, b.pending, b.full, b.look = s, out, nil, false, lk
	return out, diff
}

// load reloads what changed touches. partial tells that only the returned
// reviews' narratives changed, and not in a way other pages show (titles,
// front matter, which KPIs they mention, which reviews exist).
func (b *Builder) load(changed []string, d *diag.List) (s *Site, reviews []string, partial bool) {
	kind := classify(changed)
	if b.site == nil || kind == changeData {
		return Load(b.fsys, b.opts, d), nil, false
	}
	s = b.site.shallow()
	s.Reviews, s.Home = nil, nil
	s.loadContent(b.opts, d)
	for _, doc := range s.docs() {
		s.checkShortcodes(doc, d)
	}
	for _, r := range s.Reviews {
		s.checkFunctions(r, d)
		s.loadSnapshot(r, d)
	}
	reviews = changedReviews(changed)
	return s, reviews, kind == changeContent && sameShape(b.site, s, reviews)
}

// ReloadsData reports whether a build after the changed files (nil:
// everything) reads the data folder again, rather than only narratives,
// templates or the theme.
func ReloadsData(changed []string) bool { return classify(changed) == changeData }

type changeKind int

const (
	changeContent changeKind = iota // narratives only
	changeLook                      // templates or theme, maybe narratives
	changeData                      // data, configuration, or unknown
)

func classify(changed []string) changeKind {
	if changed == nil {
		return changeData
	}
	kind := changeContent
	for _, p := range changed {
		switch {
		case strings.HasPrefix(p, "content/") && strings.HasSuffix(p, ".md"):
		case strings.HasPrefix(p, "templates/"), strings.HasPrefix(p, "theme/"):
			kind = changeLook
		default:
			return changeData // data/, opsreport.yaml, a snapshot, a new folder
		}
	}
	return kind
}

// changedReviews names the review folders that changed files sit in;
// templates and theme files count as outside any review;
// "" stands for content/_index.md or anything outside a review.
func changedReviews(changed []string) []string {
	var out []string
	for _, p := range changed {
		rest, ok := strings.CutPrefix(p, reviewsDir+"/")
		slug, _, inReview := strings.Cut(rest, "/")
		if !ok || !inReview {
			slug = ""
		}
		if !slices.Contains(out, slug) {
			out = append(out, slug)
		}
	}
	return out
}

// sameShape reports whether the reloaded narratives differ from the old
// ones only in what their own review's page shows.
func sameShape(old, cur *Site, reviews []string) bool {
	if slices.Contains(reviews, "") || len(old.Reviews) != len(cur.Reviews) {
		return false
	}
	for i, r := range cur.Reviews {
		o := old.Reviews[i]
		if o.Slug != r.Slug || !reflect.DeepEqual(o.Meta, r.Meta) || len(o.Sections) != len(r.Sections) ||
			!slices.Equal(mentioned(o.Doc), mentioned(r.Doc)) || (o.Snapshot == nil) != (r.Snapshot == nil) {
			return false
		}
		for j, sec := range r.Sections {
			os := o.Sections[j]
			if os.File != sec.File || os.Meta != sec.Meta || !slices.Equal(mentioned(os.Doc), mentioned(sec.Doc)) {
				return false
			}
		}
	}
	return true
}

// mentioned lists the KPI ids a narrative's shortcodes name, for the KPI
// pages' lists of mentions.
func mentioned(doc *content.Doc) []string {
	var out []string
	for _, sc := range doc.Shortcodes() {
		for _, id := range sc.Args {
			if !slices.Contains(out, id) {
				out = append(out, id)
			}
		}
	}
	slices.Sort(out)
	return out
}

// shallow copies the site for a reload; loaded data is shared, read-only.
func (s *Site) shallow() *Site {
	cp := *s
	cp.reviewWarnings, cp.sums, cp.restated = map[string][]diag.Diagnostic{}, &FileSums{}, newRestatedSet()
	return &cp
}

// changedFiles lists the paths whose bytes differ between two outputs,
// sorted; every path of cur when prev is nil.
func changedFiles(prev, cur *Output) []string {
	var out []string
	for p, b := range cur.Files {
		if prev == nil || !bytes.Equal(prev.Files[p], b) {
			out = append(out, p)
		}
	}
	if prev != nil {
		for p := range prev.Files {
			if _, ok := cur.Files[p]; !ok {
				out = append(out, p)
			}
		}
	}
	slices.Sort(out)
	return out
}
