package example

import (
	"fmt"
	"math"
	"regexp"
	"strconv"
	"testing"
	"time"
)

// points returns month i's value of a column in the units the engine keeps:
// percent-formatted fractions become percent points.
func points(c *column, i int) float64 {
	if c.format == fmtPercent {
		return round(c.values[i]*100, 6)
	}
	return c.values[i]
}

// ratioFormula is the one shape of formula the example uses: a ratio of two
// KPIs in percent points, "x / y * 100".
var ratioFormula = regexp.MustCompile(`^([a-z_]+) / ([a-z_]+) \* 100$`)

// actualAt is month i's actual in points: the Actuals column, or for a
// formula KPI the ratio of its components' columns, read here without the
// engine.
func actualAt(t *testing.T, k kpiRecord, m model, i int) float64 {
	t.Helper()
	if c := find(m.actuals, k.ID); c == nil && k.Formula == "" {
		return recordsActual(t, k.ID, i, i)
	}
	if k.Formula == "" {
		return points(find(m.actuals, k.ID), i)
	}
	f := ratioFormula.FindStringSubmatch(k.Formula)
	if f == nil {
		t.Fatalf("%s: formula %q is not x / y * 100", k.ID, k.Formula)
	}
	return points(find(m.actuals, f[1]), i) / points(find(m.actuals, f[2]), i) * 100
}

// holds evaluates a threshold such as ">= 99.9" against v.
func holds(th string, v float64) bool {
	m := regexp.MustCompile(`^(>=|<=|>|<)\s*(\S+)$`).FindStringSubmatch(th)
	x, _ := strconv.ParseFloat(m[2], 64)
	switch m[1] {
	case ">=":
		return v >= x
	case "<=":
		return v <= x
	case ">":
		return v > x
	}
	return v < x
}

// status applies SPEC 2's RAG rule to the model, independently of the
// engine, so the narratives' claims are checked against the numbers.
func status(t *testing.T, k kpiRecord, m model, i int) string {
	v := actualAt(t, k, m, i)
	switch {
	case math.IsNaN(v) || k.Direction == "none":
		return "none"
	case k.Green != "":
		if holds(k.Green, v) {
			return "green"
		} else if holds(k.Amber, v) {
			return "amber"
		}
		return "red"
	}
	target, ok := targetAt(k, m, i)
	if !ok {
		return "none"
	}
	return againstTarget(k, v, target)
}

func targetAt(k kpiRecord, m model, i int) (float64, bool) {
	if c := find(m.targets, k.ID); c != nil {
		return points(c, i), true
	}
	if k.Target != nil {
		return *k.Target, true
	}
	return 0, false
}

func againstTarget(k kpiRecord, v, target float64) string {
	tol := 0.05
	if k.Tolerance != nil {
		tol = *k.Tolerance
	}
	band := tol * math.Abs(target)
	if k.Direction == "down" {
		v, target = -v, -target
	}
	switch {
	case v >= target:
		return "green"
	case v >= target-band:
		return "amber"
	}
	return "red"
}

func monthOf(period string) int {
	t, err := time.Parse("2006-01", period)
	if err != nil {
		panic(err)
	}
	return monthIndex(t.Year(), t.Month())
}

// TestNarrativeStatuses pins every status the reviews' prose relies on
// ("burn came in over plan", "uptime below the SLA"): if the generator
// changes, the words must change with it.
func TestNarrativeStatuses(t *testing.T) {
	claims := map[string]map[string]string{
		"2026-07": {"arr": "amber", "nps": "green", "activation_rate": "amber", "time_to_hire": "red",
			"burn": "green", "gross_margin": "amber", "uptime_experimental": "amber", "live_integrations": "green"},
		"2026-08": {"burn": "red", "activation_rate": "green", "logo_churn": "amber", "arr": "amber",
			"revenue": "green", "time_to_hire": "amber", "runway_months": "green", "widget_installs": "green"},
		"2026-09": {"uptime_prod": "amber", "incidents": "red", "mttr_hours": "red", "support_backlog": "red",
			"nps": "red", "runway_months": "amber", "uptime_experimental": "red", "time_to_first_widget": "red",
			"widget_installs": "red", "gross_margin": "amber", "burn": "green", "activation_rate": "green",
			"logo_churn": "green", "first_response_hours": "red", "resolution_hours": "red", "sync_lag_p95": "red"},
		"2026-10": {"arr": "red", "logo_churn": "red", "uptime_prod": "green", "incidents": "green",
			"gross_margin": "green", "support_backlog": "amber", "nps": "amber", "uptime_experimental": "green",
			"runway_months": "amber", "headcount": "none"},
	}
	byID := catalogByID(t)
	m := build()
	for period, want := range claims {
		for id, w := range want {
			if got := status(t, byID[id], m, monthOf(period)); got != w {
				t.Errorf("%s %s: status %s, the review says %s", period, id, got, w)
			}
		}
	}
}

// TestReviewedMonthsShowEveryStatus: a review whose scorecard is all green
// shows nothing of the engine; each reviewed month has red, amber and green.
func TestReviewedMonthsShowEveryStatus(t *testing.T) {
	m := build()
	recs := loadCatalog(t)
	for _, period := range []string{"2026-07", "2026-08", "2026-09", "2026-10"} {
		count := map[string]int{}
		for _, k := range recs {
			count[status(t, k, m, monthOf(period))]++
		}
		if count["red"] == 0 || count["amber"] == 0 || count["green"] == 0 || count["none"] == 0 {
			t.Errorf("%s: statuses %v, want some of each", period, count)
		}
	}
}

// TestStatusRule checks the test's own RAG rule on hand-computed cases, so
// the claims above rest on a rule that is itself right.
func TestStatusRule(t *testing.T) {
	ten, forty := 4.0, 40.0
	up := kpiRecord{Direction: "up", Target: &forty}
	down := kpiRecord{Direction: "down", Target: &ten}
	cases := []struct {
		k    kpiRecord
		v    float64
		want string
	}{
		{up, 40, "green"}, {up, 38, "amber"}, {up, 37.9, "red"},
		{down, 4, "green"}, {down, 4.2, "amber"}, {down, 4.21, "red"},
	}
	for _, c := range cases {
		if got := againstTarget(c.k, c.v, *c.k.Target); got != c.want {
			t.Errorf("%s %v against %v: %s, want %s", c.k.Direction, c.v, *c.k.Target, got, c.want)
		}
	}
	for th, want := range map[string]bool{">= 99.9": true, ">= 99.95": false, "<= 99.9": true, "< 99.9": false} {
		if holds(th, 99.9) != want {
			t.Errorf("%q on 99.9: want %v", th, want)
		}
	}
}

// TestNarrativeFacts pins the claims the prose makes about history.
func TestNarrativeFacts(t *testing.T) {
	m := build()
	arr := find(m.actuals, "arr").values
	for i := 1; i < months; i++ {
		fell := arr[i] < arr[i-1]
		if fell != (i == northwindChurn || i == incidentChurn) {
			t.Errorf("ARR %s: fell=%v; the October review says it fell only in 2025-08 and 2026-10", monthAt(i).Format("2006-01"), fell)
		}
	}
	byID := catalogByID(t)
	var gm [months]float64
	for i := range months {
		gm[i] = actualAt(t, byID["gross_margin"], m, i)
	}
	for i := range months - 1 {
		if gm[i] >= gm[months-1] {
			t.Errorf("gross margin %s is %v, not below October 2026's record %v", monthAt(i).Format("2006-01"), gm[i], gm[months-1])
		}
	}
	nps := find(m.actuals, "nps").values
	for i := monthIndex(2026, time.February); i <= monthIndex(2026, time.July); i++ {
		if nps[i] < 40 {
			t.Errorf("NPS %s below target; the July review says on or above target all FY2027", monthAt(i).Format("2006-01"))
		}
	}
	act := find(m.actuals, "activation_rate").values
	for i := monthIndex(2026, time.February); i < asanaLaunch; i++ {
		if act[i] >= 0.65 {
			t.Errorf("activation %s reached the FY2027 target before August", monthAt(i).Format("2006-01"))
		}
	}
}

// ExampleWorkbook_sheets shows the sheets of the generated workbook.
func ExampleWorkbook_sheets() {
	f, err := Workbook()
	if err != nil {
		panic(err)
	}
	defer f.Close()
	fmt.Println(f.GetSheetList())
	// Output: [README Actuals Targets Budget Comments]
}
