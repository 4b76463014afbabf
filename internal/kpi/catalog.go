package kpi

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/opsreport/opsreport/internal/diag"
)

// Unit is what a KPI's numbers measure; it decides formatting and defaults.
type Unit string

const (
	UnitCurrency Unit = "currency"
	UnitPercent  Unit = "percent"
	UnitNumber   Unit = "number"
	UnitCount    Unit = "count"
	UnitDays     Unit = "days"
	UnitHours    Unit = "hours"
	UnitMinutes  Unit = "minutes"
	UnitRatio    Unit = "ratio"
	UnitMonths   Unit = "months"       // a span in months: runway "17.5 months"
	UnitMultiple Unit = "multiple"     // a multiple: LTV:CAC "3.2×"
	UnitBasisPts Unit = "basis_points" // hundredths of a percent: "45 bp"
)

var units = []string{"currency", "percent", "number", "count", "days", "hours", "minutes", "ratio", "months", "multiple", "basis_points"}

// Display says how large values are shortened on tiles, summaries and
// charts; tables' tooltips and the appendix always show every digit.
type Display string

const (
	DisplayAuto      Display = "auto"      // compact from 1,000 for money, numbers and counts
	DisplayUnits     Display = "units"     // never shortened
	DisplayThousands Display = "thousands" // always in thousands: "$1,393k"
	DisplayMillions  Display = "millions"  // always in millions: "$1.39M"
	DisplayBillions  Display = "billions"  // always in billions
)

var displays = []string{"auto", "units", "thousands", "millions", "billions"}

// MaxHeadline is how many KPIs the headline block shows: a board reads a
// dozen numbers every time, not a different dozen each month.
const MaxHeadline = 12

// Direction says which way is better.
type Direction string

const (
	Up      Direction = "up"
	Down    Direction = "down"
	DirNone Direction = "none"
)

var directions = []string{"up", "down", "none"}

// Aggregate is how months roll up into quarters, years and trailing twelve
// months.
type Aggregate string

const (
	Sum  Aggregate = "sum"
	Last Aggregate = "last"
	Avg  Aggregate = "avg"
	Min  Aggregate = "min"
	Max  Aggregate = "max"
)

var aggregates = []string{"sum", "last", "avg", "min", "max"}

// DefaultTolerance is the amber band as a fraction of target (SPEC 2).
const DefaultTolerance = 0.05

// defaultDecimals are the digits shown when the catalog gives none: whole
// money and counts, one decimal for percentages and durations in days or
// hours, two for ratios.
var defaultDecimals = map[Unit]int{
	UnitCurrency: 0, UnitPercent: 1, UnitNumber: 0, UnitCount: 0,
	UnitDays: 1, UnitHours: 1, UnitMinutes: 0, UnitRatio: 2,
	UnitMonths: 1, UnitMultiple: 1, UnitBasisPts: 0,
}

// DefaultAggregate is avg for rates and durations, where adding months up
// means nothing, and sum for everything else (SPEC 2).
func DefaultAggregate(u Unit) Aggregate {
	switch u {
	case UnitPercent, UnitRatio, UnitDays, UnitHours, UnitMinutes, UnitMonths, UnitMultiple, UnitBasisPts:
		return Avg
	}
	return Sum
}

// KPI is one catalog record.
type KPI struct {
	ID, Name, Function, Owner string
	Unit                      Unit
	Decimals                  int
	Direction                 Direction
	Aggregate                 Aggregate
	Target                    Opt
	Tolerance                 float64
	Green, Amber              *Threshold
	Description               string
	Display                   Display  // how tiles, summaries and charts shorten large values
	Headline                  bool     // one of the headline KPIs every review and pack opens with
	Formula                   *Formula // SPEC 3a: computed from other KPIs; nil for a KPI given as data
	Records                   bool     // SPEC 3a: computed from records by a source, which rolls it up itself
	Pos                       diag.Pos // where the record starts
}

// Catalog is the set of KPIs, in file order.
type Catalog struct {
	KPIs   []*KPI
	byID   map[string]*KPI
	byName map[string][]*KPI
}

// NewCatalog indexes kpis, which must have unique ids (the parsers ensure
// it); it is how tests and generated data build a catalog.
func NewCatalog(kpis ...*KPI) *Catalog {
	c := &Catalog{byID: map[string]*KPI{}, byName: map[string][]*KPI{}}
	for _, k := range kpis {
		c.add(k)
	}
	c.checkFormulas(nil)
	return c
}

func (c *Catalog) add(k *KPI) {
	c.KPIs = append(c.KPIs, k)
	c.byID[k.ID] = k
	c.byName[k.Name] = append(c.byName[k.Name], k)
}

// Get is the KPI with id, or nil.
func (c *Catalog) Get(id string) *KPI {
	if c == nil {
		return nil
	}
	return c.byID[id]
}

// IDs are the ids in file order.
func (c *Catalog) IDs() []string {
	ids := make([]string, 0, len(c.KPIs))
	for _, k := range c.KPIs {
		ids = append(ids, k.ID)
	}
	return ids
}

// Lookup finds the KPI a column header names: its id (in any case, since
// ids are lowercase slugs) or its exact display name. A name that several
// KPIs share names none of them.
func (c *Catalog) Lookup(header string) *KPI {
	k, _ := c.lookup(header)
	return k
}

// lookup also returns the KPIs sharing an ambiguous name, for the message.
func (c *Catalog) lookup(header string) (*KPI, []*KPI) {
	h := strings.TrimSpace(header)
	if k := c.byID[strings.ToLower(h)]; k != nil {
		return k, nil
	}
	named := c.byName[h]
	if len(named) == 1 {
		return named[0], nil
	}
	return nil, named
}

// didYouMean suggests the KPI a mistyped header or cell meant: ids first
// (so "uptme" suggests the id uptime, not the name Uptime), then names.
func (c *Catalog) didYouMean(text string) string {
	if hint := diag.DidYouMean(text, c.IDs()); hint != "" {
		return hint
	}
	var names []string
	for _, k := range c.KPIs {
		names = append(names, k.Name)
	}
	return diag.DidYouMean(text, names)
}

// Threshold is an absolute RAG rule such as ">= 99.9".
type Threshold struct {
	Op    string // ">=", "<=", ">" or "<"
	Value float64
}

// Holds reports whether v meets the threshold. Equality is judged with a
// relative tolerance of 1e-9 so that a value typed exactly on the line
// (99.9) is not pushed off it by binary rounding.
func (t Threshold) Holds(v float64) bool {
	switch t.Op {
	case ">=":
		return atLeast(v, t.Value)
	case "<=":
		return atLeast(t.Value, v)
	case ">":
		return !atLeast(t.Value, v)
	case "<":
		return !atLeast(v, t.Value)
	}
	return false
}

func (t Threshold) String() string {
	return t.Op + " " + strconv.FormatFloat(t.Value, 'f', -1, 64)
}

// thresholdOps are tried longest first so ">=" is not read as ">".
var thresholdOps = []struct{ spelling, op string }{
	{">=", ">="}, {"<=", "<="}, {"≥", ">="}, {"≤", "<="}, {"=>", ">="}, {"=<", "<="}, {">", ">"}, {"<", "<"},
}

// parseThreshold reads ">= 99.9", "<4", "≥ 99.9%"; the number part follows
// ParseNumber, and isPct reports a '%' sign.
func parseThreshold(s string) (t Threshold, isPct, ok bool) {
	s = strings.TrimSpace(s)
	for _, o := range thresholdOps {
		if rest, found := strings.CutPrefix(s, o.spelling); found {
			v, ok, pct := ParseNumber(rest)
			return Threshold{Op: o.op, Value: v}, pct, ok
		}
	}
	return Threshold{}, false, false
}

// catalogFields are the record fields of SPEC 2, in the order they are
// applied (unit first: it decides the defaults and what '%' means).
var catalogFields = []string{
	"id", "name", "function", "owner", "unit", "decimals", "direction",
	"aggregate", "target", "tolerance", "green", "amber", "description", "formula",
	"display", "headline",
}

// field is one field of one catalog record, from YAML or from a cell.
type field struct {
	name  string
	text  string
	num   float64 // a number cell's value, when isNum
	isNum bool
	pct   bool // a percentage-formatted number cell
	pos   diag.Pos
	// textCol is the column of text's first character, where the text
	// sits on pos's line as written (a plain or simply quoted YAML
	// scalar), so a place inside a formula gets its own column; else 0.
	textCol int
}

// record is one KPI's fields before they are checked.
type record struct {
	pos    diag.Pos
	fields map[string]field
}

// catalogBuilder turns records into a Catalog, reporting every problem.
type catalogBuilder struct {
	cat      *Catalog
	first    map[string]diag.Pos // id → where it was first defined
	formulas map[*KPI]field      // the formula field of each formula KPI
	headline []string            // ids flagged headline: true, in catalog order
	d        *diag.List
}

func newCatalogBuilder(d *diag.List) *catalogBuilder {
	return &catalogBuilder{cat: NewCatalog(), first: map[string]diag.Pos{}, formulas: map[*KPI]field{}, d: d}
}

// done checks what involves several records, the formulas' ids, and
// returns the catalog.
func (b *catalogBuilder) done() *Catalog {
	b.cat.checkFormulas(func(k *KPI, r *refNode, msg string) {
		pos, _ := b.formulas[k].at(r.off)
		b.d.Errorf(pos, "%s", msg)
	})
	return b.cat
}

// add checks one record and adds its KPI unless its id is missing or taken.
func (b *catalogBuilder) add(r record) {
	k := &KPI{Pos: r.pos, Direction: Up, Unit: UnitNumber, Tolerance: DefaultTolerance, Decimals: -1, Display: DisplayAuto}
	for _, name := range catalogFields {
		if f, ok := r.fields[name]; ok {
			b.apply(k, f)
		}
	}
	b.finish(k, r)
	if k.ID == "" {
		return
	}
	if prev, dup := b.first[k.ID]; dup {
		b.d.Errorf(r.fields["id"].pos, "duplicate KPI id %q (first defined at %s)", k.ID, prev)
		return
	}
	b.first[k.ID] = r.fields["id"].pos
	b.countHeadline(k, r.fields["headline"])
	b.cat.add(k)
}

// countHeadline refuses a thirteenth headline KPI at its headline field,
// naming the twelve before it; the KPI stays in the catalog, unflagged.
func (b *catalogBuilder) countHeadline(k *KPI, f field) {
	if !k.Headline {
		return
	}
	if len(b.headline) == MaxHeadline {
		b.d.Errorf(f.pos, "headline: %s would be headline KPI number %d; at most %d may be flagged (already: %s)",
			k.ID, MaxHeadline+1, MaxHeadline, strings.Join(b.headline, ", "))
		k.Headline = false
		return
	}
	b.headline = append(b.headline, k.ID)
}

// finish fills defaults and checks what involves several fields.
func (b *catalogBuilder) finish(k *KPI, r record) {
	if _, ok := r.fields["id"]; !ok {
		b.d.Errorf(r.pos, "KPI record has no id")
	}
	if k.Name == "" {
		k.Name = k.ID
	}
	if k.Decimals < 0 {
		k.Decimals = defaultDecimals[k.Unit]
	}
	if k.Aggregate == "" {
		k.Aggregate = DefaultAggregate(k.Unit)
	}
	if k.Amber != nil && k.Green == nil {
		b.d.Errorf(r.fields["amber"].pos, "amber threshold without a green threshold")
		k.Amber = nil
	}
	if k.Direction == DirNone && k.Green != nil {
		b.d.Warnf(r.fields["green"].pos, "kpi %s has direction none, which never has a status: its thresholds are ignored", k.ID)
	}
}

// apply sets one field of k, or reports why it cannot.
func (b *catalogBuilder) apply(k *KPI, f field) {
	switch f.name {
	case "id":
		b.setID(k, f)
	case "name":
		k.Name = f.text
	case "function":
		k.Function = f.text
	case "owner":
		k.Owner = f.text
	case "description":
		k.Description = f.text
	case "unit":
		k.Unit = Unit(b.choice(f, units, string(k.Unit)))
	case "direction":
		k.Direction = Direction(b.choice(f, directions, string(k.Direction)))
	case "aggregate":
		k.Aggregate = Aggregate(b.choice(f, aggregates, ""))
	case "decimals":
		b.setDecimals(k, f)
	case "target":
		if v, ok := b.number(k, f); ok {
			k.Target = Some(v)
		}
	case "tolerance":
		b.setTolerance(k, f)
	case "green", "amber":
		b.setThreshold(k, f)
	case "formula":
		b.setFormula(k, f)
	case "display":
		k.Display = Display(b.choice(f, displays, string(DisplayAuto)))
	case "headline":
		k.Headline = b.flag(f)
	}
}

// flag reads a yes/no field: true, false, yes, no, 1, 0 (a sheet's
// TRUE/FALSE cells read as true and false).
func (b *catalogBuilder) flag(f field) bool {
	switch strings.ToLower(f.text) {
	case "true", "yes", "y", "1":
		return true
	case "false", "no", "n", "0":
		return false
	}
	b.d.Errorf(f.pos, "%s %s is not true or false", f.name, f.quoted())
	return false
}

func (b *catalogBuilder) setFormula(k *KPI, f field) {
	fm, err := ParseFormula(f.text)
	if err != nil {
		fe := err.(*FormulaError)
		pos, where := f.at(fe.Offset)
		b.d.Errorf(pos, "formula of %s: %s%s", k.ID, fe.Msg, where)
		return
	}
	fm.Pos = f.pos
	k.Formula = fm
	b.formulas[k] = f
}

// at is the place of byte offset off in the field's text: its own column
// where the text's columns are known, else the field's place and, for the
// message, which character it is.
func (f field) at(off int) (diag.Pos, string) {
	n := utf8.RuneCountInString(f.text[:min(off, len(f.text))])
	if f.textCol > 0 && f.text != "" {
		pos := f.pos
		pos.Col = f.textCol + n
		return pos, ""
	}
	if f.text == "" {
		return f.pos, ""
	}
	return f.pos, fmt.Sprintf(" (character %d of the formula)", n+1)
}

func (b *catalogBuilder) setID(k *KPI, f field) {
	if !isSlug(f.text) {
		b.d.Errorf(f.pos, "id %q is not a slug: use lowercase letters, digits, \"_\" and \"-\"", f.text)
		return
	}
	k.ID = f.text
}

// isSlug: ids become URLs (kpis/arr/) and shortcode arguments, so they are
// kept to lowercase ASCII letters, digits, '_' and '-'.
func isSlug(s string) bool {
	if s == "" || len(s) > 64 || s[0] == '-' || s[0] == '_' {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if (c < 'a' || c > 'z') && (c < '0' || c > '9') && c != '_' && c != '-' {
			return false
		}
	}
	return true
}

// choice checks an enumerated field, suggesting the near miss.
func (b *catalogBuilder) choice(f field, allowed []string, fallback string) string {
	v := strings.ToLower(strings.TrimSpace(f.text))
	if slices.Contains(allowed, v) {
		return v
	}
	hint := diag.DidYouMean(v, allowed)
	if hint == "" {
		hint = " (use one of " + strings.Join(allowed, ", ") + ")"
	}
	b.d.Errorf(f.pos, "unknown %s %q%s", f.name, f.text, hint)
	return fallback
}

func (b *catalogBuilder) setDecimals(k *KPI, f field) {
	v, ok := f.num, f.isNum
	if !ok {
		v, ok, _ = ParseNumber(f.text)
	}
	if !ok || v != float64(int(v)) || v < 0 || v > 10 {
		b.d.Errorf(f.pos, "decimals %s is not a whole number from 0 to 10", f.quoted())
		return
	}
	k.Decimals = int(v)
}

func (b *catalogBuilder) setTolerance(k *KPI, f field) {
	v, ok := b.number(&KPI{Unit: UnitRatio}, f) // a tolerance is a fraction: "5%" is 0.05
	if !ok {
		return
	}
	if v < 0 || v > 1 {
		b.d.Errorf(f.pos, "tolerance %s is not a fraction of target between 0 and 1 (0.05 means 5%%)", f.quoted())
		return
	}
	k.Tolerance = v
}

func (b *catalogBuilder) setThreshold(k *KPI, f field) {
	t, pct, ok := parseThreshold(f.text)
	if !ok {
		b.d.Errorf(f.pos, "%s threshold %s is not a comparison and a number, such as \">= 99.9\" or \"< 4\"", f.name, f.quoted())
		return
	}
	t.Value = unitValue(k.Unit, t.Value, pct)
	if f.name == "green" {
		k.Green = &t
	} else {
		k.Amber = &t
	}
}

// number reads a numeric field in k's unit.
func (b *catalogBuilder) number(k *KPI, f field) (float64, bool) {
	if f.isNum {
		return cellValue(k.Unit, f.num, f.pct), true
	}
	v, ok, pct := ParseNumber(f.text)
	if !ok {
		b.d.Errorf(f.pos, "%s %s is not a number", f.name, f.quoted())
		return 0, false
	}
	return unitValue(k.Unit, v, pct), true
}

// quoted shows the field's value as the user wrote it.
func (f field) quoted() string {
	if f.isNum {
		return strconv.FormatFloat(f.num, 'f', -1, 64)
	}
	return strconv.Quote(f.text)
}

// unitValue applies a '%' sign written in text: a percent KPI keeps percent
// points ("97.5%" is 97.5); any other unit takes the mathematical meaning
// ("5%" is 0.05).
func unitValue(u Unit, v float64, isPct bool) float64 {
	if isPct && u != UnitPercent {
		return clean(v / 100)
	}
	return v
}

// cellValue applies a percentage number format: 0.975 shown as 97.5% is
// 97.5 points for a percent KPI and stays 0.975 for any other unit.
func cellValue(u Unit, v float64, pctFormat bool) float64 {
	if pctFormat && u == UnitPercent {
		return clean(v * 100)
	}
	return v
}
