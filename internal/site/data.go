package site

import (
	"errors"
	"io/fs"
	"path"
	"runtime"
	"slices"
	"strings"

	"golang.org/x/sync/errgroup"

	"github.com/opsreport/opsreport/internal/diag"
	"github.com/opsreport/opsreport/internal/kpi"
	"github.com/opsreport/opsreport/internal/sheet"
	"github.com/opsreport/opsreport/internal/source"
)

const dataDir = "data"

// loadData reads the catalog and every value, risk and action file of data/
// and computes the figures.
func (s *Site) loadData(d *diag.List) {
	if _, err := fs.Stat(s.FS, dataDir); errors.Is(err, fs.ErrNotExist) {
		d.Errorf(diag.Pos{File: dataDir}, "no data folder: add data/kpis.yaml (the KPI catalog) and the KPI values")
		return
	}
	files := dataFiles(s.FS, d)
	if s.cachedValues(files, d) {
		s.valuesCached = true
	} else {
		// opsreport.yaml's errors, in d by now, keep its databases'
		// names from the sources' checks.
		s.readValues(files, s.Config.databaseNames(d), d)
	}
	if s.Catalog == nil {
		return
	}
	// A KPI without values is worth a warning only once the data read
	// cleanly: after a file failed, it is a follow-on of that error.
	if !d.HasErrors() {
		s.Store.WarnNoValue(d)
	}
	s.Figures = kpi.Compute(s.Store, s.Config.FiscalYearStart)
	s.current = s.Figures
}

// cachedValues takes the catalog, every value and the warnings their
// reading gave from the values cache, when it holds data/ as it is and
// the catalog, data/kpis.yaml, parses without an error.
func (s *Site) cachedValues(files []string, d *diag.List) bool {
	if s.values == nil || s.values.key == "" || len(s.values.prev) == 0 || !slices.ContainsFunc(files, isCatalogFile) {
		return false // no cache for this data/: the catalog is parsed once, as the values are read
	}
	var cd diag.List
	cat, place, _ := parseCatalog(s.FS, files, nil, &cd)
	if cat == nil || cd.HasErrors() || !slices.Contains(s.values.files, place) || !s.values.still(s.FS, place) {
		return false // nor a catalog whose bytes may not be the ones keyed
	}
	st, warnings, ok := s.values.load(cat)
	if !ok {
		return false
	}
	d.Merge(&cd)
	d.Add(warnings...)
	s.Catalog, s.Store = cat, st
	return true
}

// isCatalogFile reports whether f is data/kpis.yaml (or .yml), a catalog
// read without opening a workbook.
func isCatalogFile(f string) bool {
	return f == path.Join(dataDir, "kpis.yaml") || f == path.Join(dataDir, "kpis.yml")
}

// readValues reads the catalog and every value, risk and action file, and
// keeps them in the values cache when it can.
func (s *Site) readValues(files, databases []string, d *diag.List) {
	// Problems go to d through three lists: books for opening the
	// workbooks, cd for the catalog, which a build taking the values from
	// the cache parses itself, and ld for the values, whose warnings the
	// cache keeps. Only a reading that opened every workbook without a
	// word is kept.
	var books, cd, ld diag.List
	defer func() {
		d.Merge(&books)
		d.Merge(&cd)
		d.Merge(&ld)
		if s.Store != nil && len(books.Items()) == 0 && !cd.HasErrors() && !ld.HasErrors() && slices.ContainsFunc(files, isCatalogFile) {
			s.values.keep(s.FS, s.Store, ld.Items())
		}
	}()
	// Workbooks open, and sheets are read, in parallel across the cores: a
	// sheet streams from its own part of its workbook, the loader merges
	// under a lock, and neither the store nor the diagnostics depend on
	// the order.
	opened := make([]*sheet.Book, len(files))
	var g errgroup.Group
	g.SetLimit(runtime.GOMAXPROCS(0))
	for i, name := range files {
		if path.Ext(name) == ".yaml" || path.Ext(name) == ".yml" {
			continue
		}
		goSafely(&g, &books, name, func() {
			b, err := sheet.Open(s.FS, name)
			if err != nil {
				addErr(&books, name, err)
				return
			}
			opened[i] = b
		})
	}
	g.Wait()
	var sheets []*sheet.Sheet
	for _, b := range opened {
		if b != nil {
			defer b.Close()
			sheets = append(sheets, b.Sheets...)
		}
	}
	s.Catalog, sheets = loadCatalog(s.FS, files, sheets, &cd)
	if s.Catalog == nil {
		return
	}
	l := kpi.NewLoader(s.Catalog, &ld)
	srcs := loadSources(s.FS, s.Catalog, databases, &ld)
	claimed := source.Match(srcs, files, &ld)
	named := map[string]bool{}
	for _, fs := range claimed {
		for _, f := range fs {
			named[f] = true
		}
	}
	for _, sh := range sheets {
		// A workbook a source names is read by it, but for its risk
		// register and action log sheets, which are read as ever.
		if named[sh.File] && !source.IsRegisterSheet(sh) {
			continue
		}
		goSafely(&g, &ld, sh.File, func() {
			l.AddSheet(sh)
			if err := sh.Err(); err != nil {
				addErr(&ld, sh.File, err)
			}
		})
	}
	// Sources run one after another (two may read one sheet, which
	// streams one reader at a time), beside the files read the default way.
	goSafely(&g, &ld, source.File, func() {
		byFile := map[string]*sheet.Book{}
		for _, b := range opened {
			if b != nil {
				byFile[b.File] = b
			}
		}
		for _, src := range srcs {
			if src.IsDatabase() {
				source.ReadPulled(src, s.FS, l, s.Catalog, s.Config.FiscalYearStart, &ld)
				continue
			}
			var bs []*sheet.Book
			for _, f := range claimed[src] {
				if b := byFile[f]; b != nil {
					bs = append(bs, b)
				}
			}
			if len(bs) > 0 {
				source.Read(src, bs, l, s.Catalog, s.Config.FiscalYearStart, &ld)
			}
		}
	})
	g.Wait()
	s.Store = l.Store()
}

// goSafely runs f on g, turning a panic into an error at file: a
// goroutine's panic would end the program, past cli's recover, with a
// stack trace.
func goSafely(g *errgroup.Group, d *diag.List, file string, f func()) {
	g.Go(func() error {
		defer func() {
			if p := recover(); p != nil {
				d.Errorf(diag.Pos{File: file}, "internal error while reading: %v (please report it)", p)
			}
		}()
		f()
		return nil
	})
}

// dataFiles lists the files of data/ that opsreport reads, sorted, skipping
// office lock files and warning about spreadsheets it cannot read.
func dataFiles(fsys fs.FS, d *diag.List) []string {
	var out []string
	err := fs.WalkDir(fsys, dataDir, func(p string, e fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		base := e.Name()
		if e.IsDir() {
			// data/pulled holds what pull wrote: read through the
			// database sources that own it, never as values files.
			if p != dataDir && strings.HasPrefix(base, ".") || p == source.PulledDir {
				return fs.SkipDir
			}
			return nil
		}
		if sheet.IsLockFile(base) || strings.HasPrefix(base, ".") {
			return nil
		}
		switch strings.ToLower(path.Ext(base)) {
		case ".xlsx", ".xlsm", ".csv", ".yaml", ".yml":
			out = append(out, p)
		case ".xls", ".ods", ".numbers":
			d.Warnf(diag.Pos{File: p}, "not read: opsreport reads .xlsx, .xlsm and .csv; save it in one of those")
		}
		return nil
	})
	if err != nil {
		d.Errorf(diag.Pos{File: dataDir}, "cannot be read: %v", err)
	}
	slices.Sort(out)
	return out
}

// loadCatalog finds the one catalog among data/kpis.yaml, data/kpis.csv and
// sheets named KPIs, parses it, and returns the sheets left for values.
//
// A catalog that did not parse (a YAML syntax error, a file that is not a
// list of records: errors, and not one KPI) is not returned. Everything
// else that names KPIs (value sheets, data/sources.yaml, narratives'
// shortcodes, snapshots) would be checked against no KPIs at all, so one
// typo in the catalog would be reported once there and then as an
// "unknown KPI" for every value and shortcode, thousands of times.
// Instead one warning says what was not checked. A catalog with errors in
// some records is used: a record with a bad field keeps its KPI (only one
// without a usable id is left out), so the rest of the site is still
// checked against it.
func loadCatalog(fsys fs.FS, files []string, sheets []*sheet.Sheet, d *diag.List) (*kpi.Catalog, []*sheet.Sheet) {
	var cd diag.List
	cat, place, rest := parseCatalog(fsys, files, sheets, &cd)
	d.Merge(&cd)
	if cat == nil || !cd.HasErrors() || len(cat.KPIs) > 0 {
		return cat, rest
	}
	d.Warnf(diag.Pos{File: place}, "KPI values, the risk register and action log, %s and the KPIs named in narratives were not checked: they need a catalog without errors", source.File)
	return nil, nil
}

// parseCatalog finds and parses the catalog, and says which file it is in.
func parseCatalog(fsys fs.FS, files []string, sheets []*sheet.Sheet, d *diag.List) (*kpi.Catalog, string, []*sheet.Sheet) {
	var places []string
	var yamlFile string
	var catSheet *sheet.Sheet
	for _, f := range files {
		if base := path.Base(f); base == "kpis.yaml" || base == "kpis.yml" {
			yamlFile = f
			places = append(places, f)
		}
	}
	rest := sheets[:0:0]
	for _, sh := range sheets {
		if isCatalogSheet(sh) {
			catSheet = sh
			places = append(places, catalogPlace(sh))
			continue
		}
		rest = append(rest, sh)
	}
	switch {
	case len(places) == 0:
		d.Errorf(diag.Pos{File: dataDir}, "no KPI catalog: add data/kpis.yaml, data/kpis.csv or a sheet named KPIs")
		return nil, "", nil
	case len(places) > 1:
		d.Errorf(diag.Pos{File: dataDir}, "more than one KPI catalog: %s; keep exactly one", strings.Join(places, " and "))
		return nil, "", nil
	case yamlFile != "":
		src, err := fs.ReadFile(fsys, yamlFile)
		if err != nil {
			d.Errorf(diag.Pos{File: yamlFile}, "cannot be read: %v", err)
			return nil, "", nil
		}
		return kpi.ParseCatalogYAML(yamlFile, src, d), yamlFile, rest
	default:
		c := kpi.ParseCatalogSheet(catSheet, d)
		if err := catSheet.Err(); err != nil {
			addErr(d, catSheet.File, err)
		}
		return c, catSheet.File, rest
	}
}

func isCatalogSheet(sh *sheet.Sheet) bool {
	if sh.CSV {
		return path.Base(sh.File) == "kpis.csv"
	}
	return strings.EqualFold(strings.TrimSpace(sh.Name), "kpis")
}

func catalogPlace(sh *sheet.Sheet) string {
	if sh.CSV {
		return sh.File
	}
	return sh.File + " (sheet " + sh.Name + ")"
}

// addErr records err: a diagnostic as it is, anything else at file.
func addErr(d *diag.List, file string, err error) {
	var dg diag.Diagnostic
	if errors.As(err, &dg) {
		d.Add(dg)
		return
	}
	d.Errorf(diag.Pos{File: file}, "cannot be read: %v", err)
}

// loadSources reads data/sources.yaml, when the site has one.
func loadSources(fsys fs.FS, cat *kpi.Catalog, databases []string, d *diag.List) []*source.Source {
	src, err := fs.ReadFile(fsys, source.File)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil
	case err != nil:
		d.Errorf(diag.Pos{File: source.File}, "cannot be read: %v", err)
		return nil
	}
	return source.Parse(src, cat, databases, d)
}

// Plan is what pull needs of a site: its configuration, catalog and
// sources, read without the values.
type Plan struct {
	Config  Config
	Catalog *kpi.Catalog
	Sources []*source.Source
}

// LoadPlan reads opsreport.yaml, the catalog and data/sources.yaml.
func LoadPlan(fsys fs.FS, d *diag.List) *Plan {
	p := &Plan{Config: loadConfig(fsys, d)}
	files := dataFiles(fsys, d)
	// Workbooks are opened only to find a KPIs sheet when there is no
	// kpis.yaml or kpis.csv: a damaged workbook elsewhere in data/ must
	// not stop a pull.
	plain := slices.ContainsFunc(files, func(f string) bool {
		b := path.Base(f)
		return b == "kpis.yaml" || b == "kpis.yml" || b == "kpis.csv"
	})
	var sheets []*sheet.Sheet
	for _, f := range files {
		ext := strings.ToLower(path.Ext(f))
		if plain && path.Base(f) != "kpis.csv" || !plain && ext != ".xlsx" && ext != ".xlsm" {
			continue
		}
		b, err := sheet.Open(fsys, f)
		if err != nil {
			addErr(d, f, err)
			continue
		}
		defer b.Close()
		sheets = append(sheets, b.Sheets...)
	}
	p.Catalog, _ = loadCatalog(fsys, files, sheets, d)
	if p.Catalog != nil {
		p.Sources = loadSources(fsys, p.Catalog, p.Config.databaseNames(d), d)
	}
	return p
}
