package site

import (
	"cmp"
	"errors"
	"io/fs"
	"path"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/sync/errgroup"

	"github.com/opsreport/opsreport/internal/content"
	"github.com/opsreport/opsreport/internal/diag"
	"github.com/opsreport/opsreport/internal/kpi"
)

// homeFile is the home page's own text.
const homeFile = "content/_index.md"

const reviewsDir = "content/reviews"

// reviewFolder is how a review folder is named: by a month (2026-10), or
// by a fiscal quarter (2027-Q3) for a quarterly board review.
var reviewFolder = regexp.MustCompile(`^\d{4}-(?:\d{2}|Q[1-4])$`)

// quarterFolder reports whether a review folder's name is a quarter's.
func quarterFolder(name string) bool { return strings.Contains(name, "-Q") }

func (s *Site) loadContent(opts Options, d *diag.List) {
	if src, err := content.ReadFile(s.FS, homeFile); err == nil {
		p := &content.Page{}
		p.Doc = content.Parse(homeFile, src, &p.Meta, d)
		s.Home = p
	} else if !errors.Is(err, fs.ErrNotExist) {
		d.Errorf(diag.Pos{File: "content/_index.md"}, "cannot be read: %v", err)
	}
	entries, err := fs.ReadDir(s.FS, reviewsDir)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		d.Errorf(diag.Pos{File: reviewsDir}, "cannot be read: %v", err)
	}
	// The review folders are read on every core: a long history has
	// hundreds of narratives to parse.
	var dirs []string
	for _, e := range entries {
		dir := path.Join(reviewsDir, e.Name())
		isDir := e.IsDir()
		if e.Type()&fs.ModeSymlink != 0 {
			// A linked folder is read where it leads, if the FS allows.
			st, err := fs.Stat(s.FS, dir)
			if err != nil {
				d.Errorf(diag.Pos{File: dir}, "cannot be read: %v", err)
				continue
			}
			isDir = st.IsDir()
		}
		switch {
		case !isDir || strings.HasPrefix(e.Name(), "."):
			continue
		case !reviewFolder.MatchString(e.Name()):
			d.Errorf(diag.Pos{File: dir}, "review folder %q is not named by its period (like 2026-10, or 2027-Q3 for a quarter)", e.Name())
			continue
		case !validFolderPeriod(e.Name()):
			d.Errorf(diag.Pos{File: dir}, "review folder %q is not a real period: months run 01 to 12 and years 1000 to 9999", e.Name())
			continue
		}
		dirs = append(dirs, dir)
	}
	loaded := make([]*content.Review, len(dirs))
	var g errgroup.Group
	g.SetLimit(runtime.GOMAXPROCS(0))
	for i, dir := range dirs {
		goSafely(&g, d, dir, func() { loaded[i] = loadReview(s.FS, dir, path.Base(dir), s.Config.FiscalYearStart, d) })
	}
	g.Wait()
	for _, r := range loaded {
		if r == nil || (r.Meta.Status == "draft" && !opts.Drafts) {
			continue
		}
		if end, ok := kpi.ParseEnd(opts.Period, s.Config.FiscalYearStart); ok && end.Before(r.Period) {
			continue
		}
		s.Reviews = append(s.Reviews, r)
	}
	slices.SortFunc(s.Reviews, newestFirst)
	if s.Config.Current != "" && s.lead() == nil {
		d.Errorf(diag.Pos{File: ConfigFile}, "current: no review for %q", s.Config.Current)
	}
}

// validFolderPeriod reports whether a folder named like a period is one:
// 2026-13 and 0000-01 have the shape but name no month.
func validFolderPeriod(name string) bool {
	if quarterFolder(name) {
		_, ok := kpi.ParseQuarter(name)
		return ok
	}
	_, ok := kpi.ParsePeriod(name)
	return ok
}

func loadReview(fsys fs.FS, dir, name string, fiscalStart int, d *diag.List) *content.Review {
	r := &content.Review{Dir: dir, Slug: name}
	r.Period, _ = kpi.ParsePeriod(name)
	if q, ok := kpi.ParseQuarter(name); ok && quarterFolder(name) {
		r.Quarter, r.Period = q, q.Months(fiscalStart)[2]
	}
	index := path.Join(dir, "index.md")
	src, err := content.ReadFile(fsys, index)
	if errors.Is(err, fs.ErrNotExist) {
		d.Errorf(diag.Pos{File: index}, "missing: every review folder needs an index.md with its front matter and executive summary")
		return nil
	}
	if err != nil {
		d.Errorf(diag.Pos{File: index}, "cannot be read: %v", err)
		return nil
	}
	r.Doc = parseReviewIndex(index, src, r, d)
	checkReviewMeta(r, d)
	entries, _ := fs.ReadDir(fsys, dir)
	slugs := map[string]string{}
	for _, e := range entries {
		// Hidden names are editors' lock and swap files (.#x.md), not sections.
		if e.IsDir() || strings.HasPrefix(e.Name(), ".") {
			continue
		}
		if reviewAsset(e.Name()) {
			r.Assets = append(r.Assets, e.Name())
			continue
		}
		if path.Ext(e.Name()) != ".md" || e.Name() == "index.md" {
			continue
		}
		file := path.Join(dir, e.Name())
		src, err := content.ReadFile(fsys, file)
		if err != nil {
			d.Errorf(diag.Pos{File: file}, "cannot be read: %v", err)
			continue
		}
		sec := &content.Section{File: file, Slug: sectionSlug(e.Name())}
		if other, ok := slugs[sec.Slug]; ok {
			d.Errorf(diag.Pos{File: file}, "section %q has the same name as %s once its number is dropped; rename one, since both would have the id %q on the page", e.Name(), path.Base(other), "section-"+sec.Slug)
			continue
		}
		slugs[sec.Slug] = file
		sec.Doc = content.Parse(file, src, &sec.Meta, d)
		if sec.Meta.Title == "" {
			sec.Meta.Title = titleOf(sec.Slug)
		}
		r.Sections = append(r.Sections, sec)
	}
	slices.SortStableFunc(r.Sections, func(a, b *content.Section) int {
		return cmp.Or(cmp.Compare(a.Meta.Weight, b.Meta.Weight), cmp.Compare(a.File, b.File))
	})
	return r
}

func checkReviewMeta(r *content.Review, d *diag.List) {
	m := &r.Meta
	if m.Period == "" {
		m.Period = r.Slug
	} else if !samePeriod(m.Period, r) {
		d.Errorf(r.Doc.KeyPos("period"), "period %q does not match the folder %s", m.Period, r.Slug)
	}
	if m.Status == "" {
		m.Status = "draft"
	}
	if m.Status != "draft" && m.Status != "final" {
		d.Errorf(r.Doc.KeyPos("status"), "status %q is not draft or final%s", m.Status, diag.DidYouMean(m.Status, []string{"draft", "final"}))
	}
	checkReviewKind(r, d)
	if m.Date != "" {
		t, err := time.Parse("2006-01-02", m.Date)
		if err != nil {
			d.Errorf(r.Doc.KeyPos("date"), "date %q is not a date like 2026-11-12", m.Date)
		}
		r.Date = t
	}
	if m.Title == "" && r.IsQuarter() {
		m.Title = "Board review, " + r.Quarter.Label()
	} else if m.Title == "" {
		m.Title = "Operating review, " + r.Period.Label()
	}
}

// reviewAsset reports the images a review folder may hold beside its
// narratives: they are published next to the review's page and inlined in
// its pack.
func reviewAsset(name string) bool {
	switch strings.ToLower(path.Ext(name)) {
	case ".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp":
		return true
	}
	return false
}

// titleOf is a section's default title: its name with the first letter
// upper-cased ("operations" → "Operations", "été" → "Été").
func titleOf(slug string) string {
	r, n := utf8.DecodeRuneInString(slug)
	return string(unicode.ToUpper(r)) + slug[n:]
}

// sectionSlug is "operations" for "10-operations.md".
func sectionSlug(file string) string {
	s := strings.TrimSuffix(file, path.Ext(file))
	s = strings.TrimLeft(s, "0123456789")
	s = strings.TrimLeft(s, "-_ ")
	if s == "" {
		s = strings.TrimSuffix(file, path.Ext(file))
	}
	return s
}

// lead is the review the home page leads with: config current, else the
// newest final review, else the newest.
func (s *Site) lead() *content.Review {
	for _, r := range s.Reviews {
		if s.Config.Current != "" && r.Slug == s.Config.Current {
			return r
		}
	}
	if s.Config.Current != "" {
		return nil
	}
	for _, r := range s.Reviews {
		if r.Final() {
			return r
		}
	}
	if len(s.Reviews) > 0 {
		return s.Reviews[0]
	}
	return nil
}
