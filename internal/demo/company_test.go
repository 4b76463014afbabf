package demo

import (
	"encoding/csv"
	"math"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/opsreport/opsreport/internal/diag"
	"github.com/opsreport/opsreport/internal/kpi"
)

// TestValuesStayInTheirUnits checks every generated number against what
// its unit allows, at a size where shocks and segments all occur.
func TestValuesStayInTheirUnits(t *testing.T) {
	c := newCompany(Options{Demo: true, Months: 120, KPIs: 300, Seed: 3, End: end(t)})
	for _, s := range c.kpis {
		for m := range c.h.months {
			for _, v := range []float64{s.actual[m], s.target[m], s.budget[m], s.forecast[m]} {
				if v == v && !inUnit(&s.t, v) {
					t.Fatalf("%s %s: %v is outside what a %s allows", s.t.id, c.h.period(m), v, s.t.unit)
				}
			}
		}
	}
}

func inUnit(t *template, v float64) bool {
	switch t.unit {
	case kpi.UnitPercent:
		return v >= 0 && v <= 100
	case kpi.UnitCount:
		return v >= 0 && v == math.Trunc(v)
	case kpi.UnitNumber:
		if strings.HasPrefix(t.id, "nps") { // a score from -100 to 100
			return v >= -100 && v <= 100
		}
	}
	return v >= 0 // money, durations and ratios
}

// TestNewestMonthIsComplete: every KPI has a value in the last month and
// every KPI with a direction a target or thresholds, so even the draft
// review builds without warnings.
func TestNewestMonthIsComplete(t *testing.T) {
	c := newCompany(Options{Demo: true, Months: 40, KPIs: 500, Seed: 5, End: end(t)})
	last := c.h.months - 1
	for _, s := range c.kpis {
		if s.actual[last] != s.actual[last] {
			t.Errorf("%s has no value in the last month", s.t.id)
		}
		judged := s.t.dir != kpi.DirNone
		if judged && s.target[last] != s.target[last] && s.t.green == "" && s.t.target == 0 {
			t.Errorf("%s has no target in the last month", s.t.id)
		}
	}
}

// TestTwelveKPIsCoverEveryKind reads the generated catalog back with the
// real parser: twelve KPIs already show every unit, direction and
// aggregate, and thresholds.
func TestTwelveKPIsCoverEveryKind(t *testing.T) {
	var d diag.List
	src := files(generate(t, Options{Demo: true, Months: 13, KPIs: 12, Seed: 1}))["data/kpis.yaml"]
	cat := kpi.ParseCatalogYAML("data/kpis.yaml", src, &d)
	if d.HasErrors() || cat == nil || len(cat.KPIs) != 12+2 { // and the two computed from tickets
		t.Fatalf("catalog: %v", d.Items())
	}
	units, dirs, aggs := map[kpi.Unit]bool{}, map[kpi.Direction]bool{}, map[kpi.Aggregate]bool{}
	thresholds := 0
	for _, k := range cat.KPIs {
		units[k.Unit], dirs[k.Direction], aggs[k.Aggregate] = true, true, true
		if k.Green != nil && k.Amber != nil {
			thresholds++
		}
	}
	if len(units) != 8 || len(dirs) != 3 || len(aggs) != 5 || thresholds == 0 {
		t.Errorf("units %v, directions %v, aggregates %v, %d with thresholds", units, dirs, aggs, thresholds)
	}
}

// TestIDsAndNamesAreUniqueAtTheLargestSize: ids are slugs and neither ids
// nor names repeat, up to MaxKPIs.
func TestIDsAndNamesAreUniqueAtTheLargestSize(t *testing.T) {
	slug := regexp.MustCompile(`^[a-z0-9][a-z0-9_-]*$`)
	ids, names := map[string]bool{}, map[string]bool{}
	for n := range MaxKPIs {
		tm := instance(n, 1)
		if ids[tm.id] || names[tm.name] || !slug.MatchString(tm.id) {
			t.Fatalf("KPI %d: id %q or name %q repeats or is not a slug", n, tm.id, tm.name)
		}
		ids[tm.id], names[tm.name] = true, true
	}
}

// TestEveryShortcodeIsUsed: the demo's reviews use every shortcode and
// every option of value, delta and chart.
func TestEveryShortcodeIsUsed(t *testing.T) {
	var all strings.Builder
	for _, f := range generate(t, Options{Demo: true, Months: 14, KPIs: 30, Seed: 1}) {
		if strings.HasPrefix(f.Path, "content/reviews/") {
			all.Write(f.Data)
		}
	}
	text := all.String()
	for _, want := range []string{
		"{{< value ", "{{< delta ", "{{< status ", "{{< tile ", "{{< chart ", "{{< scorecard function=", "{{< risks >}}", "{{< actions >}}",
		`series="target" period="`, `series="budget"`, `series="forecast"`,
		`vs="target"`, `vs="budget"`, `vs="forecast"`, `vs="prior"`, `vs="year"`,
		`type="bar" months="6"`, `compare="target,budget,prior_year"`,
	} {
		if !strings.Contains(text, want) {
			t.Errorf("no review uses %s", want)
		}
	}
	if !regexp.MustCompile(`\{\{< chart \w+ \w+ \w+ >\}\}`).MatchString(text) {
		t.Error("no review draws small multiples ({{< chart a b c >}})")
	}
}

// TestOnlyTheNewestReviewIsADraft and no action is overdue at its end.
func TestOnlyTheNewestReviewIsADraft(t *testing.T) {
	fs := files(generate(t, Options{Demo: true, Months: 13, KPIs: 12, Seed: 1}))
	drafts := 0
	for name, data := range fs {
		if strings.HasSuffix(name, "/index.md") && strings.Contains(string(data), "\nstatus: draft\n") {
			drafts++
			if name != "content/reviews/2026-10/index.md" {
				t.Errorf("%s is a draft", name)
			}
		}
	}
	if drafts != 1 {
		t.Errorf("%d drafts, want 1", drafts)
	}
	recs, err := csv.NewReader(strings.NewReader(string(fs["data/actions.csv"]))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range recs[1:] { // id,title,owner,due,status,raised,closed
		if r[4] == "open" && r[3] < "2026-11-01" {
			t.Errorf("action %s is open and due %s: overdue at the end of 2026-10", r[0], r[3])
		}
		if r[4] != "open" && (r[6] == "" || r[6] > "2026-10" || r[6] < r[5]) {
			t.Errorf("action %s: %s, raised %s, closed %q", r[0], r[4], r[5], r[6])
		}
	}
}

func TestCheckRefusesSizesOutOfRange(t *testing.T) {
	e := end(t)
	for _, c := range []struct {
		o    Options
		want string
	}{
		{Options{Demo: true, Months: 0, KPIs: 30, End: e}, "--months 0 is not from 1 to 600"},
		{Options{Demo: true, Months: 601, KPIs: 30, End: e}, "--months 601 is not from 1 to 600"},
		{Options{Demo: true, Months: 24, KPIs: 0, End: e}, "--kpis 0 is not from 1 to 2000"},
		{Options{Demo: true, Months: 24, KPIs: 30}, "--end is not set"},
		{Options{Months: 0, KPIs: 0, End: e}, ""}, // sizes mean nothing without Demo
	} {
		err := c.o.Check()
		if got := errText(err); got != c.want {
			t.Errorf("%+v: got %q, want %q", c.o, got, c.want)
		}
	}
}

func errText(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

// TestOneKPIOneMonth: the smallest demo is still a site that builds.
func TestOneKPIOneMonth(t *testing.T) {
	fs := generate(t, Options{Demo: true, Months: 1, KPIs: 1, Seed: 1})
	buildClean(t, fs)
	for _, f := range fs {
		if slices.Contains([]string{"data/teams.xlsx", "data/operations/actuals.csv"}, f.Path) {
			t.Errorf("%s written with no KPI in it", f.Path)
		}
	}
}
