package source

import (
	"math"
	"path"
	"slices"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/opsreport/opsreport/internal/diag"
	"github.com/opsreport/opsreport/internal/kpi"
	"github.com/opsreport/opsreport/internal/yamlpos"
)

// File is where the sources are described, relative to the site.
const File = "data/sources.yaml"

// Layout is how a source's sheets are laid out.
type Layout string

const (
	Detect       Layout = ""
	MonthsDown   Layout = "months-down"
	MonthsAcross Layout = "months-across"
	Long         Layout = "long"
	Records      Layout = "records"
	YearsDown    Layout = "years-down" // a year per row, a month per column: one KPI per table
)

var layouts = []string{string(MonthsDown), string(MonthsAcross), string(Long), string(Records), string(YearsDown)}

// keys are a source's keys, in the order SPEC 3a lists them.
var keys = []string{"name", "file", "sheets", "layout", "block", "series", "kind", "scale", "gaps", "label", "date", "kpis", "database", "query", "table"}

// kinds are the series a source's values can be.
var kinds = []string{kpi.SeriesActual, kpi.SeriesTarget, kpi.SeriesBudget, kpi.SeriesForecast}

// Source is one entry of data/sources.yaml.
type Source struct {
	Name   string
	Pos    diag.Pos // the entry
	File   string   // a path or glob under data/ ("exports/*.csv")
	Sheets []string // names or globs; none: every visible sheet
	Layout Layout
	Block  string
	Series []Series // in file order; none: match the catalog
	Kind   string
	Scale  float64
	Gaps   []string
	Label  string      // months-across: the label column's header, or its letter; "" finds it
	Date   string      // records: the column that places a record in its month
	KPIs   []RecordKPI // records: the KPIs made of them, in file order
	// A database source runs Query (a .sql file under data/) or reads
	// Table (layout records) in Database; build reads what pull wrote.
	Database, Query, Table string
	at                     map[string]diag.Pos // each key's value
}

// Series names the labels that hold one KPI.
type Series struct {
	KPI    *kpi.KPI
	Labels []string // alternatives, as written
	Pos    diag.Pos
}

// At is the position of key's value in data/sources.yaml, or of the entry.
func (s *Source) At(key string) diag.Pos {
	if p, ok := s.at[key]; ok {
		return p
	}
	return s.Pos
}

// Parse reads data/sources.yaml: a list of sources (or a mapping whose one
// key, sources, holds it). Every key and value is checked against the
// catalog and the databases opsreport.yaml names (nil: not known, not
// checked), with its line; an entry with an error is left out.
func Parse(src []byte, cat *kpi.Catalog, databases []string, d *diag.List) []*Source {
	top := yamlpos.File(File).Parse(src, "", d)
	if top == nil {
		return nil
	}
	list := sourceList(top, d)
	var out []*Source
	names := map[string]diag.Pos{}
	fromRecords := map[*kpi.KPI]diag.Pos{}
	for _, n := range list {
		p := &parser{d: d, cat: cat, databases: databases}
		s := p.source(n)
		if s == nil || p.failed {
			continue
		}
		// A database source's name is its pulled file's: two may not
		// share one, in any case (a file system may ignore case).
		key := s.Name
		if s.IsDatabase() {
			key = "db:" + strings.ToLower(s.Name)
		}
		if prev, dup := names[key]; dup && (s.at["name"] != (diag.Pos{}) || s.IsDatabase()) {
			d.Errorf(s.At("name"), "a second source named %q (the first is at line %d): give each its own name", s.Name, prev.Line)
			continue
		}
		names[key] = s.Pos
		s.KPIs = slices.DeleteFunc(s.KPIs, func(rk RecordKPI) bool {
			prev, dup := fromRecords[rk.KPI]
			if dup {
				d.Errorf(rk.Pos, "kpi %s is computed from records by two sources (the first at line %d): a quarter's or a year's figure cannot be put together from two sources' records; keep it in one", rk.KPI.ID, prev.Line)
			} else {
				fromRecords[rk.KPI] = rk.Pos
			}
			return dup
		})
		out = append(out, s)
	}
	return out
}

func pos(n *yaml.Node) diag.Pos { return yamlpos.File(File).Pos(n) }

// sourceList finds the entries: the document itself, or its sources key.
func sourceList(n *yaml.Node, d *diag.List) []*yaml.Node {
	if n.Kind == yaml.MappingNode && len(n.Content) == 2 && n.Content[0].Value == "sources" {
		n = n.Content[1]
	}
	if n.Kind != yaml.SequenceNode {
		d.Errorf(pos(n), "data/sources.yaml must be a list of sources, each starting with \"- file: ...\"")
		return nil
	}
	return n.Content
}

// parser checks one entry.
type parser struct {
	d         *diag.List
	cat       *kpi.Catalog
	databases []string
	failed    bool
}

func (p *parser) errorf(at diag.Pos, format string, args ...any) {
	p.failed = true
	p.d.Errorf(at, format, args...)
}

func (p *parser) source(n *yaml.Node) *Source {
	if n.Kind != yaml.MappingNode {
		p.errorf(pos(n), "a source must be keys and values (file, sheets, layout, series, ...), not %s", describe(n))
		return nil
	}
	s := &Source{Pos: pos(n), Kind: kpi.SeriesActual, Scale: 1, at: map[string]diag.Pos{}}
	for i := 0; i+1 < len(n.Content); i += 2 {
		key, val := n.Content[i], resolve(n.Content[i+1])
		if !slices.Contains(keys, key.Value) {
			p.errorf(pos(key), "unknown key %q%s", key.Value, diag.DidYouMean(key.Value, keys))
			continue
		}
		if _, dup := s.at[key.Value]; dup {
			p.errorf(pos(key), "%s given twice in one source", key.Value)
			continue
		}
		s.at[key.Value] = pos(val)
		p.set(s, key.Value, val)
	}
	p.checkLayoutKeys(s)
	if _, isDB := s.at["database"]; isDB {
		p.checkDatabase(s)
		return s
	}
	if s.File == "" {
		if _, given := s.at["file"]; !given {
			p.errorf(s.Pos, "a source needs file: the path of a file under data/, or a glob (exports/*.csv); or database with query or table")
		}
		return s
	}
	for _, k := range []string{"query", "table"} {
		if _, ok := s.at[k]; ok {
			p.errorf(s.At(k), "%s goes with database: name the database in opsreport.yaml's databases", k)
		}
	}
	if s.Name == "" {
		s.Name = baseName(s.File)
	}
	return s
}

func baseName(f string) string {
	base := path.Base(f)
	return strings.TrimSuffix(base, path.Ext(base))
}

func resolve(n *yaml.Node) *yaml.Node {
	if n.Kind == yaml.AliasNode && n.Alias != nil {
		return n.Alias
	}
	return n
}

// set reads one key's value.
func (p *parser) set(s *Source, key string, val *yaml.Node) {
	switch key {
	case "name":
		s.Name = p.text(key, val)
	case "file":
		s.File = p.file(key, val)
	case "sheets":
		s.Sheets = p.texts(key, val)
	case "layout":
		s.Layout = p.layout(val)
	case "block":
		s.Block = p.text(key, val)
	case "series":
		s.Series = p.series(val)
	case "kind":
		s.Kind = p.kind(val)
	case "scale":
		s.Scale = p.scale(val)
	case "gaps":
		s.Gaps = p.texts(key, val)
	case "label":
		s.Label = p.text(key, val)
	case "date":
		s.Date = p.text(key, val)
	case "kpis":
		s.KPIs = p.recordKPIs(val)
	case "database":
		s.Database = p.text(key, val)
	case "query":
		s.Query = p.file(key, val)
	case "table":
		s.Table = p.text(key, val)
	}
}

// text is a key's one non-empty value.
func (p *parser) text(key string, val *yaml.Node) string {
	if val.Kind != yaml.ScalarNode || strings.TrimSpace(val.Value) == "" {
		p.errorf(pos(val), "%s must be one text, not %s", key, describe(val))
		return ""
	}
	return val.Value
}

// texts is a key's value as a list: one text, or a list of texts.
func (p *parser) texts(key string, val *yaml.Node) []string {
	if val.Kind == yaml.ScalarNode {
		if t := p.text(key, val); t != "" {
			return []string{t}
		}
		return nil
	}
	if val.Kind != yaml.SequenceNode || len(val.Content) == 0 {
		p.errorf(pos(val), "%s must be a text or a list of texts, not %s", key, describe(val))
		return nil
	}
	var out []string
	for _, item := range val.Content {
		if t := p.text(key, resolve(item)); t != "" {
			out = append(out, t)
		}
	}
	return out
}

// file checks the path or glob: slash-separated, under data/.
func (p *parser) file(key string, val *yaml.Node) string {
	f := p.text(key, val)
	if f == "" {
		return ""
	}
	clean := strings.TrimPrefix(path.Clean(strings.ReplaceAll(f, `\`, "/")), "data/")
	if strings.HasPrefix(f, "/") || clean == ".." || strings.HasPrefix(clean, "../") {
		p.errorf(pos(val), "%s %q is outside data/: give a path under data/ (sales.xlsx, exports/*.csv)", key, f)
		return ""
	}
	if _, err := path.Match(clean, ""); err != nil {
		p.errorf(pos(val), "%s %q is not a valid glob: %v", key, f, err)
		return ""
	}
	return clean
}

func (p *parser) layout(val *yaml.Node) Layout {
	l := strings.ToLower(strings.TrimSpace(p.text("layout", val)))
	switch {
	case l == "":
		return Detect
	case slices.Contains(layouts, l):
		return Layout(l)
	default:
		p.errorf(pos(val), "unknown layout %q%s; use one of %s", val.Value, diag.DidYouMean(l, layouts), strings.Join(layouts, ", "))
	}
	return Detect
}

func (p *parser) kind(val *yaml.Node) string {
	k := strings.ToLower(strings.TrimSpace(p.text("kind", val)))
	if k == "" {
		return kpi.SeriesActual
	}
	if !slices.Contains(kinds, k) {
		p.errorf(pos(val), "unknown kind %q%s; use one of %s", val.Value, diag.DidYouMean(k, kinds), strings.Join(kinds, ", "))
		return kpi.SeriesActual
	}
	return k
}

// scaleWords are the scales that have names.
var scaleWords = map[string]float64{"thousands": 1e3, "millions": 1e6, "billions": 1e9}

func (p *parser) scale(val *yaml.Node) float64 {
	t := strings.ToLower(strings.TrimSpace(p.text("scale", val)))
	if t == "" {
		return 1
	}
	if f, ok := scaleWords[t]; ok {
		return f
	}
	f, err := strconv.ParseFloat(t, 64)
	if err != nil || f == 0 || math.IsInf(f, 0) || math.IsNaN(f) {
		p.errorf(pos(val), "scale %q is not a number other than 0, or thousands, millions, billions%s", val.Value, diag.DidYouMean(t, []string{"thousands", "millions", "billions"}))
		return 1
	}
	return f
}

// series reads the KPI id → label (or list of labels) mapping.
func (p *parser) series(val *yaml.Node) []Series {
	if val.Kind == yaml.ScalarNode && strings.TrimSpace(val.Value) != "" {
		// One KPI for every table read: layout years-down (checked there).
		id := strings.TrimSpace(val.Value)
		if k := p.cat.Get(id); k != nil {
			return []Series{{KPI: k, Pos: pos(val)}}
		}
		p.errorf(pos(val), "series must map KPI ids to the labels that hold them (arr: \"Annual recurring revenue\"), not %q%s", id, diag.DidYouMean(id, p.cat.IDs()))
		return nil
	}
	if val.Kind != yaml.MappingNode || len(val.Content) == 0 {
		p.errorf(pos(val), "series must map KPI ids to the labels that hold them (arr: \"Annual recurring revenue\"), not %s", describe(val))
		return nil
	}
	var out []Series
	p.eachKPI(val, "series", func(k *kpi.KPI, key, v *yaml.Node) {
		if labels := p.texts("the label of kpi "+k.ID, v); len(labels) > 0 {
			out = append(out, Series{KPI: k, Labels: labels, Pos: pos(key)})
		}
	})
	return out
}

// eachKPI calls f for each entry of a mapping keyed by KPI id (series,
// kpis), reporting an unknown id and one given twice.
func (p *parser) eachKPI(val *yaml.Node, what string, f func(k *kpi.KPI, key, v *yaml.Node)) {
	seen := map[string]bool{}
	for i := 0; i+1 < len(val.Content); i += 2 {
		key, v := val.Content[i], resolve(val.Content[i+1])
		k := p.cat.Get(key.Value)
		switch {
		case k == nil:
			p.errorf(pos(key), "unknown KPI %q in %s%s", key.Value, what, diag.DidYouMean(key.Value, p.cat.IDs()))
		case seen[k.ID]:
			p.errorf(pos(key), "kpi %s given twice in %s", k.ID, what)
		default:
			seen[k.ID] = true
			f(k, key, v)
		}
	}
}

// describe names a YAML value for a message.
func describe(n *yaml.Node) string { return yamlpos.Describe(n) }
