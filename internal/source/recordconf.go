package source

import (
	"slices"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/opsreport/opsreport/internal/diag"
	"github.com/opsreport/opsreport/internal/kpi"
)

// Agg is how a records KPI aggregates a month's records.
type Agg string

// aggs are the aggregates of SPEC 3a.
var aggs = []string{"count", "sum", "avg", "min", "max", "distinct", "median", "p90", "p95", "p99"}

// RecordKPI is one KPI made of records: the aggregate of a column over the
// records that pass where.
type RecordKPI struct {
	KPI    *kpi.KPI
	Agg    Agg
	Column string // empty for count
	Where  []Cond
	Pos    diag.Pos
	at     map[string]diag.Pos
}

// At is the position of key's value, or of the KPI's entry.
func (r *RecordKPI) At(key string) diag.Pos {
	if p, ok := r.at[key]; ok {
		return p
	}
	return r.Pos
}

// Cond keeps the records whose column equals one of Values, or passes the
// comparison Op Values[0] (Op is ">=", "<=", ">", "<", "!=" or "" for
// equality).
type Cond struct {
	Column string
	Op     string
	Values []string
	Pos    diag.Pos
}

// recordKeys are the keys of a records KPI.
var recordKeys = []string{"agg", "column", "where"}

// checkLayoutKeys reports keys that do not apply to the source's layout.
func (p *parser) checkLayoutKeys(s *Source) {
	records := []string{"date", "kpis"}
	// A records source aggregates rows: no blocks, series, labels, gaps,
	// scale or kind (its KPIs' values are actuals).
	cells := []string{"block", "series", "label", "gaps", "scale", "kind"}
	if s.Layout == Records {
		for _, k := range cells {
			if _, ok := s.at[k]; ok {
				p.errorf(s.At(k), "%s does not apply to layout records, whose kpis aggregate the rows' cells into actuals", k)
			}
		}
		if s.Date == "" && s.at["date"] == (diag.Pos{}) {
			p.errorf(s.Pos, "a records source needs date: the column that places each record in its month")
		}
		if len(s.KPIs) == 0 && s.at["kpis"] == (diag.Pos{}) {
			p.errorf(s.Pos, "a records source needs kpis: each KPI id with its agg (count, sum, ...), column and where")
		}
		return
	}
	for _, k := range records {
		if _, ok := s.at[k]; ok {
			p.errorf(s.At(k), "%s applies to layout records only: add layout: records", k)
		}
	}
	if _, ok := s.at["block"]; ok && (s.Layout == MonthsDown || s.Layout == Long || s.Layout == YearsDown) {
		p.errorf(s.At("block"), "block applies to layout months-across (heading rows over blocks of series), not %s", s.Layout)
	}
	p.checkYearsDown(s)
}

// checkYearsDown checks the series of a years-down source, whose tables
// each hold one KPI: one KPI id for every table, or KPI ids mapped to the
// titles of their tables. Only there is series a single id.
func (p *parser) checkYearsDown(s *Source) {
	single := len(s.Series) == 1 && s.Series[0].Labels == nil
	switch {
	case s.Layout == YearsDown && len(s.Series) == 0 && s.at["series"] == (diag.Pos{}):
		p.errorf(s.Pos, "a years-down source needs series: the KPI its table holds (series: revenue), or KPI ids mapped to the titles above their tables")
	case s.Layout == YearsDown:
		if _, ok := s.at["label"]; ok {
			p.errorf(s.At("label"), "label does not apply to layout years-down: its rows are labelled by years")
		}
	case single:
		p.errorf(s.Series[0].Pos, "series must map KPI ids to the labels that hold them (arr: \"Annual recurring revenue\"), not one KPI id: that is for layout years-down, a year per row and a month per column")
		s.Series = nil
	}
}

// recordKPIs reads kpis: KPI id → {agg, column, where}.
func (p *parser) recordKPIs(val *yaml.Node) []RecordKPI {
	if val.Kind != yaml.MappingNode || len(val.Content) == 0 {
		p.errorf(pos(val), "kpis must map KPI ids to {agg, column, where}, not %s", describe(val))
		return nil
	}
	var out []RecordKPI
	p.eachKPI(val, "kpis", func(k *kpi.KPI, key, v *yaml.Node) {
		if r, ok := p.recordKPI(k, key, v); ok {
			// Pages say how it rolls up: by its records, not its aggregate.
			k.Records = true
			out = append(out, r)
		}
	})
	return out
}

func (p *parser) recordKPI(k *kpi.KPI, key, val *yaml.Node) (RecordKPI, bool) {
	r := RecordKPI{KPI: k, Pos: pos(key), at: map[string]diag.Pos{}}
	if val.Kind != yaml.MappingNode {
		p.errorf(pos(val), "kpi %s: give {agg: count} or {agg, column, where}, not %s", k.ID, describe(val))
		return r, false
	}
	ok := true
	for i := 0; i+1 < len(val.Content); i += 2 {
		kk, v := val.Content[i], resolve(val.Content[i+1])
		r.at[kk.Value] = pos(v)
		switch kk.Value {
		case "agg":
			a := strings.ToLower(strings.TrimSpace(p.text("agg", v)))
			if !slices.Contains(aggs, a) {
				p.errorf(pos(v), "unknown agg %q for kpi %s%s; use one of %s", v.Value, k.ID, diag.DidYouMean(a, aggs), strings.Join(aggs, ", "))
				ok = false
			}
			r.Agg = Agg(a)
		case "column":
			r.Column = p.text("column", v)
		case "where":
			r.Where = p.where(k, v)
		default:
			p.errorf(pos(kk), "unknown key %q for kpi %s%s", kk.Value, k.ID, diag.DidYouMean(kk.Value, recordKeys))
			ok = false
		}
	}
	switch {
	case r.Agg == "" && ok:
		p.errorf(r.Pos, "kpi %s needs agg: one of %s", k.ID, strings.Join(aggs, ", "))
		ok = false
	case ok && r.Agg != "count" && r.Column == "":
		p.errorf(r.Pos, "kpi %s: agg %s needs column: the column it aggregates", k.ID, r.Agg)
		ok = false
	}
	return r, ok
}

// compareOps are the comparisons a where value may start with, longest
// first.
var compareOps = []string{">=", "<=", "!=", "<>", ">", "<", "="}

// where reads column → value, list of values, or comparison.
func (p *parser) where(k *kpi.KPI, val *yaml.Node) []Cond {
	if val.Kind != yaml.MappingNode || len(val.Content) == 0 {
		p.errorf(pos(val), "where of kpi %s must map columns to a value, a list of values or a comparison (\">= 5\"), not %s", k.ID, describe(val))
		return nil
	}
	var out []Cond
	for i := 0; i+1 < len(val.Content); i += 2 {
		key, v := val.Content[i], resolve(val.Content[i+1])
		c := Cond{Column: key.Value, Pos: pos(key)}
		switch v.Kind {
		case yaml.SequenceNode:
			c.Values = p.texts("where "+key.Value, v)
		case yaml.ScalarNode:
			c.Op, c.Values = splitOp(v.Value)
			if c.Values[0] == "" {
				p.errorf(pos(v), "where %s: %q compares with nothing", key.Value, v.Value)
				continue
			}
		default:
			p.errorf(pos(v), "where %s must be a value, a list of values or a comparison, not %s", key.Value, describe(v))
			continue
		}
		out = append(out, c)
	}
	return out
}

// splitOp splits "> 4" into its operator and operand; a plain value is an
// equality.
func splitOp(s string) (string, []string) {
	t := strings.TrimSpace(s)
	for _, op := range compareOps {
		if strings.HasPrefix(t, op) {
			rest := strings.TrimSpace(t[len(op):])
			if op == "<>" {
				op = "!="
			}
			if op == "=" {
				op = ""
			}
			return op, []string{rest}
		}
	}
	return "", []string{t}
}
