package content

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/opsreport/opsreport/internal/diag"
)

// Shortcode is one {{< name arg key="value" >}} written in a narrative.
type Shortcode struct {
	Name   string
	Args   []string          // positional arguments: KPI ids
	Params map[string]string // named parameters
	Pos    diag.Pos          // file and line where "{{<" starts
	Block  bool              // a block-capable shortcode alone on its line: not inside <p>
	Source string            // the shortcode as written, for messages and fallbacks
}

// Param returns the named parameter, or def when it was not given.
func (s *Shortcode) Param(key, def string) string {
	if v, ok := s.Params[key]; ok {
		return v
	}
	return def
}

// scSpec is what one shortcode accepts. Args counts KPI ids; maxArgs < 0
// means any number from minArgs up.
type scSpec struct {
	minArgs, maxArgs int
	params           []string
	block            bool // may stand alone as a block
}

// specs is the shortcode vocabulary of SPEC section 4. It is read-only.
var specs = map[string]scSpec{
	"value":     {1, 1, []string{"series", "period"}, false},
	"delta":     {1, 1, []string{"vs", "period"}, false},
	"status":    {1, 1, []string{"period"}, false},
	"tile":      {1, 1, []string{"period"}, true},
	"chart":     {1, -1, []string{"type", "months", "compare", "title", "period"}, true},
	"scorecard": {0, 0, []string{"function", "period"}, true},
	"risks":     {0, 0, nil, true},
	"actions":   {0, 0, nil, true},
}

// Names lists the known shortcodes, sorted.
func Names() []string {
	names := make([]string, 0, len(specs))
	for n := range specs {
		names = append(names, n)
	}
	slices.Sort(names)
	return names
}

// paramChecks validate the enumerated parameters; each returns a problem or "".
var paramChecks = map[string]func(string) string{
	"series":  oneOf("series", "actual", "target", "budget", "forecast", "qtd", "ytd", "ttm"),
	"vs":      oneOf("vs", "target", "budget", "forecast", "prior", "year"),
	"type":    oneOf("type", "line", "bar"),
	"months":  checkMonths,
	"compare": checkCompare,
	"period":  checkPeriod,
}

func oneOf(key string, allowed ...string) func(string) string {
	return func(v string) string {
		if slices.Contains(allowed, v) {
			return ""
		}
		return fmt.Sprintf("%s %q is not one of %s%s", key, v, strings.Join(allowed, ", "), diag.DidYouMean(v, allowed))
	}
}

// MaxMonths is the longest window a chart shortcode may ask for: fifty
// years of months, far beyond any review, and a bound on the work a typo
// can cause.
const MaxMonths = 600

func checkMonths(v string) string {
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 {
		return fmt.Sprintf("months %q is not a positive whole number", v)
	}
	if n > MaxMonths {
		return fmt.Sprintf("months %q is more than %d", v, MaxMonths)
	}
	return ""
}

var compareSeries = []string{"target", "budget", "prior_year"}

// checkCompare accepts a comma-separated subset of compareSeries, each once.
func checkCompare(v string) string {
	seen := map[string]bool{}
	for _, part := range strings.Split(v, ",") {
		s := strings.TrimSpace(part)
		if !slices.Contains(compareSeries, s) {
			return fmt.Sprintf("compare %q: %q is not one of %s%s", v, s, strings.Join(compareSeries, ", "), diag.DidYouMean(s, compareSeries))
		}
		if seen[s] {
			return fmt.Sprintf("compare %q names %q twice", v, s)
		}
		seen[s] = true
	}
	return ""
}

// checkPeriod accepts what looks like YYYY-MM or YYYY-Qn; the site checks
// that the period exists.
func checkPeriod(v string) string {
	if len(v) == 7 && v[4] == '-' && allDigits(v[:4]) {
		if mm, err := strconv.Atoi(v[5:]); err == nil && allDigits(v[5:]) && mm >= 1 && mm <= 12 {
			return ""
		}
		if (v[5] == 'Q' || v[5] == 'q') && v[6] >= '1' && v[6] <= '4' {
			return ""
		}
	}
	return fmt.Sprintf("period %q is not a month (YYYY-MM) or a quarter (YYYY-Qn)", v)
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// validate reports every problem of a syntactically sound shortcode and
// tells whether it may reach the Expander.
func validate(sc *Shortcode, d *diag.List) bool {
	spec, ok := specs[sc.Name]
	if !ok {
		d.Errorf(sc.Pos, "unknown shortcode %q%s", sc.Name, diag.DidYouMean(sc.Name, Names()))
		return false
	}
	ok = checkArgCount(sc, spec, d)
	for _, key := range sortedKeys(sc.Params) {
		if !checkParam(sc, spec, key, d) {
			ok = false
		}
	}
	return ok
}

func checkArgCount(sc *Shortcode, spec scSpec, d *diag.List) bool {
	n := len(sc.Args)
	switch {
	case n < spec.minArgs && spec.maxArgs == 1:
		d.Errorf(sc.Pos, "%s needs a KPI id, as in {{< %s arr >}}", sc.Name, sc.Name)
	case n < spec.minArgs:
		d.Errorf(sc.Pos, "%s needs at least one KPI id, as in {{< %s arr >}}", sc.Name, sc.Name)
	case spec.maxArgs == 0 && n > 0:
		d.Errorf(sc.Pos, "%s takes no positional arguments, got %d (%s)%s", sc.Name, n, quoteAll(sc.Args), positionalHint(sc, spec))
	case spec.maxArgs > 0 && n > spec.maxArgs:
		d.Errorf(sc.Pos, "%s takes one KPI id, got %d (%s)", sc.Name, n, quoteAll(sc.Args))
	default:
		return true
	}
	return false
}

// positionalHint suggests the named form when a lone positional argument
// was meant as the shortcode's only free-text parameter, as in
// {{< scorecard Operations >}}.
func positionalHint(sc *Shortcode, spec scSpec) string {
	if len(sc.Args) != 1 || len(spec.params) == 0 || spec.params[0] != "function" {
		return ""
	}
	return fmt.Sprintf(" (did you mean function=%q?)", sc.Args[0])
}

func checkParam(sc *Shortcode, spec scSpec, key string, d *diag.List) bool {
	if !slices.Contains(spec.params, key) {
		if len(spec.params) == 0 {
			d.Errorf(sc.Pos, "%s takes no parameters, got %q", sc.Name, key)
		} else {
			d.Errorf(sc.Pos, "%s: unknown parameter %q%s", sc.Name, key, diag.DidYouMean(key, spec.params))
		}
		return false
	}
	if check := paramChecks[key]; check != nil {
		if problem := check(sc.Params[key]); problem != "" {
			d.Errorf(sc.Pos, "%s: %s", sc.Name, problem)
			return false
		}
	}
	return true
}

func quoteAll(ss []string) string {
	q := make([]string, len(ss))
	for i, s := range ss {
		q[i] = strconv.Quote(s)
	}
	return strings.Join(q, ", ")
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
