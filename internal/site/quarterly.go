package site

// Quarterly board reviews (SPEC 4): a review folder named by a fiscal
// quarter ("2027-Q3") reads its figures as quarter roll-ups, and its
// index.md may list the decisions the board is asked to take.

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/opsreport/opsreport/internal/content"
	"github.com/opsreport/opsreport/internal/diag"
	"github.com/opsreport/opsreport/internal/kpi"
	"github.com/opsreport/opsreport/internal/yamlpos"
)

// newestFirst orders reviews by the month they end in, newest first; a
// quarter's board review comes before the monthly review of its last month,
// since the board meets after the month is closed.
func newestFirst(a, b *content.Review) int {
	if c := cmp.Compare(b.Period.Index(), a.Period.Index()); c != 0 {
		return c
	}
	if a.IsQuarter() != b.IsQuarter() {
		if a.IsQuarter() {
			return -1
		}
		return 1
	}
	return cmp.Compare(b.Slug, a.Slug)
}

// samePeriod reports whether a front matter period names r's own period.
func samePeriod(s string, r *content.Review) bool {
	if r.IsQuarter() {
		q, ok := kpi.ParseQuarter(s)
		return ok && q == r.Quarter
	}
	p, ok := kpi.ParsePeriod(s)
	return ok && p == r.Period
}

var kinds = []string{"monthly", "quarterly", "board"}

// checkReviewKind defaults the kind from the folder and refuses kind
// monthly on a quarter's folder, which always rolls its months up. (A month
// folder may say board or quarterly: the figures are then the month's.)
func checkReviewKind(r *content.Review, d *diag.List) {
	m := &r.Meta
	switch {
	case m.Kind == "" && r.IsQuarter():
		m.Kind = "quarterly"
	case m.Kind == "":
		m.Kind = "monthly"
	case !slices.Contains(kinds, m.Kind):
		d.Errorf(r.Doc.KeyPos("kind"), "kind %q is not monthly, quarterly or board%s", m.Kind, diag.DidYouMean(m.Kind, kinds))
	case r.IsQuarter() && m.Kind == "monthly":
		d.Errorf(r.Doc.KeyPos("kind"), "kind monthly, but the folder %s is a quarter; remove kind or say quarterly", r.Slug)
	}
}

// reviewFront is index.md's front matter as site reads it: SPEC 4's keys
// of content.ReviewMeta, and decisions, kept as YAML so that each problem
// in them is reported at its own line.
type reviewFront struct {
	Title      string    `yaml:"title"`
	Period     string    `yaml:"period"`
	Date       string    `yaml:"date"`
	Kind       string    `yaml:"kind"`
	Status     string    `yaml:"status"`
	Presenters []string  `yaml:"presenters"`
	Functions  []string  `yaml:"functions"`
	Decisions  yaml.Node `yaml:"decisions"`
}

// parseReviewIndex parses a review's index.md into r.Meta and r.Decisions.
func parseReviewIndex(file string, src []byte, r *content.Review, d *diag.List) *content.Doc {
	var fm reviewFront
	doc := content.Parse(file, src, &fm, d)
	r.Meta = content.ReviewMeta{Title: fm.Title, Period: fm.Period, Date: fm.Date, Kind: fm.Kind,
		Status: fm.Status, Presenters: fm.Presenters, Functions: fm.Functions}
	if fm.Decisions.Kind != 0 {
		r.Decisions = parseDecisions(file, &fm.Decisions, d)
	}
	return doc
}

// fmReader reads decision nodes, reporting each problem at its line in
// the file: the front matter starts on its second line, after "---".
type fmReader struct {
	yr yamlpos.Reader
	d  *diag.List
}

func (fr fmReader) errorf(n *yaml.Node, format string, args ...any) {
	fr.d.Errorf(fr.yr.Line(n), format, args...)
}

func parseDecisions(file string, n *yaml.Node, d *diag.List) []content.Decision {
	fr := fmReader{yamlpos.Reader{File: file, First: 2}, d}
	if n.Kind != yaml.SequenceNode {
		fr.errorf(n, "decisions: want a list of decisions (each with question, options, recommendation and ask), got %s", yamlpos.Describe(n))
		return nil
	}
	var out []content.Decision
	for i, item := range n.Content {
		if dec, ok := fr.decision(fmt.Sprintf("decision %d", i+1), item); ok {
			dec.No = i + 1
			out = append(out, dec)
		}
	}
	return out
}

var (
	decisionKeys = []string{"ask", "options", "question", "recommendation"}
	optionKeys   = []string{"cost", "name", "risk"}
)

// decision reads one list item; ok is false when it has an error.
func (fr fmReader) decision(what string, n *yaml.Node) (content.Decision, bool) {
	fields, ok := fr.mapping(what, n, decisionKeys, []string{"question", "ask"})
	if !ok {
		return content.Decision{}, false
	}
	dec := content.Decision{Question: fields["question"].Value, Ask: fields["ask"].Value}
	if rec := fields["recommendation"]; rec != nil {
		dec.Recommendation = rec.Value
	}
	if opts := fields["options"]; opts != nil {
		dec.Options, ok = fr.options(what, opts)
	}
	return dec, ok && fr.recommended(what, &dec, fields["recommendation"])
}

// options reads a decision's options: each with a name, a cost and a risk.
func (fr fmReader) options(what string, n *yaml.Node) ([]content.DecisionOption, bool) {
	if n.Kind != yaml.SequenceNode {
		fr.errorf(n, "%s: options: want a list of options (each with name, cost and risk), got %s", what, yamlpos.Describe(n))
		return nil, false
	}
	var out []content.DecisionOption
	ok := true
	for j, item := range n.Content {
		fields, good := fr.mapping(fmt.Sprintf("%s, option %d", what, j+1), item, optionKeys, optionKeys)
		if !good {
			ok = false
			continue
		}
		out = append(out, content.DecisionOption{Name: fields["name"].Value, Cost: fields["cost"].Value, Risk: fields["risk"].Value})
	}
	return out, ok
}

// recommended marks the option the recommendation names. A recommendation
// that names no option is refused when there are options to choose from:
// a board paper whose advice matches none of its choices is a typo.
func (fr fmReader) recommended(what string, dec *content.Decision, rec *yaml.Node) bool {
	if rec == nil || len(dec.Options) == 0 {
		return true
	}
	var names []string
	for i := range dec.Options {
		names = append(names, dec.Options[i].Name)
		if strings.EqualFold(dec.Options[i].Name, dec.Recommendation) {
			dec.Options[i].Recommended = true
			return true
		}
	}
	fr.errorf(rec, "%s: recommendation %q names none of its options%s", what, dec.Recommendation, diag.DidYouMean(dec.Recommendation, names))
	return false
}

// mapping checks that n is keys and values with text values, only known
// keys and every required key, and returns the value nodes by key.
func (fr fmReader) mapping(what string, n *yaml.Node, known, required []string) (map[string]*yaml.Node, bool) {
	if n.Kind != yaml.MappingNode {
		fr.errorf(n, "%s: want keys (%s), got %s", what, strings.Join(known, ", "), yamlpos.Describe(n))
		return nil, false
	}
	fields := map[string]*yaml.Node{}
	ok := true
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		switch {
		case !slices.Contains(known, k.Value):
			hint := diag.DidYouMean(k.Value, known)
			if hint == "" {
				hint = " (known keys: " + strings.Join(known, ", ") + ")"
			}
			fr.errorf(k, "%s: unknown key %q%s", what, k.Value, hint)
			ok = false
		case k.Value != "options" && (v.Kind != yaml.ScalarNode || strings.TrimSpace(v.Value) == ""):
			fr.errorf(v, "%s: %s: want text, got %s", what, k.Value, yamlpos.Describe(v))
			ok = false
		default:
			fields[k.Value] = v
		}
	}
	for _, key := range required {
		if _, has := fields[key]; !has && ok {
			fr.errorf(n, "%s: %s is missing", what, key)
			ok = false
		}
	}
	return fields, ok
}
