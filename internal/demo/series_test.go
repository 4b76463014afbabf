package demo

import (
	"testing"

	"github.com/opsreport/opsreport/internal/kpi"
)

func TestRounding(t *testing.T) {
	for _, c := range []struct {
		got, want float64
	}{
		{round(1234.5678, 1), 1234.6},
		{round(2.675, 2), 2.67}, // 2.675 is 2.67499999… in binary: rounded as written, not as imagined
		{round(-0.004, 2), 0},   // no negative zero
		{round(0.1+0.2, 2), 0.3},
		{roundSig(13_308_621, 3), 13_300_000},
		{roundSig(0.012345, 2), 0.012},
		{roundSig(987.6, 3), 988},
		{roundSig(0, 3), 0},
	} {
		if c.got != c.want {
			t.Errorf("got %v, want %v", c.got, c.want)
		}
	}
}

// TestShape checks the trend and season against hand-computed values.
func TestShape(t *testing.T) {
	rel := shape{base: 100, growth: 0.1, rel: true, season: 0.5, noise: 0.02}
	abs := shape{base: 70, growth: 0.1, season: 2, noise: 1}
	for _, c := range []struct {
		name      string
		got, want float64
	}{
		{"relative level after two months", rel.level(2), 121},    // 100 × 1.1²
		{"relative December", rel.expected(2, 12), 60.5},          // 121 × (1 + 0.5 × -1.0)
		{"relative noise scale", rel.scale(2), 2.42},              // 0.02 × 121
		{"absolute level after three months", abs.level(3), 70.3}, // 70 + 3 × 0.1
		{"absolute March push", abs.expected(3, 3), 70.3 + 2*0.9}, // season table: March 0.9
		{"absolute noise scale is the noise", abs.scale(30), 1},
	} {
		if diff := c.got - c.want; diff > 1e-9 || diff < -1e-9 {
			t.Errorf("%s: got %v, want %v", c.name, c.got, c.want)
		}
	}
}

// TestPlanStepsByFiscalYear: a rate's target is one figure per fiscal
// year (April to March), taken mid-year, ahead of the trend.
func TestPlanStepsByFiscalYear(t *testing.T) {
	tm := template{unit: kpi.UnitPercent, decimals: 1, dir: kpi.Up, s: shape{base: 70, growth: 0.1, noise: 1, lo: 0, hi: 100}}
	h := history{first: kpi.Period{Year: 2026, Month: 1}, months: 12, fyStart: 4}
	// January 2026 is in FY2026, which began in April 2025 (month -9):
	// level(-9+6) = 70 - 0.3 = 69.7, + 0.5 ahead.
	// April 2026 starts FY2027 (month 3): level(9) = 70.9, + 0.5.
	for m, want := range map[int]float64{0: 70.2, 2: 70.2, 3: 71.4, 11: 71.4} {
		if got := tm.plan(m, h, 0, tm.s.scale(m), 0.5); got != want {
			t.Errorf("month %d: plan %v, want %v", m, got, want)
		}
	}
	money := template{unit: kpi.UnitCurrency, dir: kpi.Down, s: shape{rel: true, lo: 0, hi: 1e12}}
	if got := money.plan(0, h, 1_234_567, 10_000, -0.5); got != 1_230_000 { // 1,229,567 to three digits
		t.Errorf("money plan %v, want 1230000", got)
	}
}

func TestCalendar(t *testing.T) {
	for _, c := range []struct {
		p    kpi.Period
		want string
	}{
		{kpi.Period{Year: 2026, Month: 10}, "2026-11-10"}, // 1 Nov 2026 is a Sunday
		{kpi.Period{Year: 2026, Month: 12}, "2027-01-12"}, // 1 Jan 2027 is a Friday
		{kpi.Period{Year: 2026, Month: 8}, "2026-09-08"},  // 1 Sep 2026 is a Tuesday
	} {
		if got := meetingDate(c.p); got != c.want {
			t.Errorf("meeting for %s: %s, want %s", c.p, got, c.want)
		}
	}
	c := &company{h: history{fyStart: 4}}
	for month, want := range map[int]string{6: "board", 9: "board", 12: "board", 3: "board", 4: "monthly", 10: "monthly"} {
		if got := c.kind(kpi.Period{Year: 2026, Month: month}); got != want {
			t.Errorf("month %d: %s, want %s", month, got, want)
		}
	}
}

func TestSegments(t *testing.T) {
	for _, c := range []struct {
		n           int
		label, slug string
	}{
		{1, "North America", "north_america"},
		{5, "UK & Ireland", "uk_ireland"},
		{12, "Japan", "japan"},
		{13, "North America, Core", "north_america_core"},
		{14, "North America, Pro", "north_america_pro"},
		{19, "EMEA, Core", "emea_core"},
	} {
		if got := segmentOf(c.n); got.label != c.label || got.slug != c.slug {
			t.Errorf("segment %d: %+v, want %s / %s", c.n, got, c.label, c.slug)
		}
	}
	if tm := instance(len(templates)+1, 1); tm.id != "gross_margin_north_america" || tm.name != "Gross margin — North America" {
		t.Errorf("second template, first region: %s %q", tm.id, tm.name)
	}
}

func TestYAMLScalar(t *testing.T) {
	for in, want := range map[string]string{
		"Gross margin":                "Gross margin",
		"API latency (p95, ms)":       "API latency (p95, ms)",
		">= 99.9":                     `">= 99.9"`,
		"Revenue — UK & Ireland":      `"Revenue — UK & Ireland"`,
		"Maya Lindqvist (CFO)":        "Maya Lindqvist (CFO)",
		"2026":                        `"2026"`,
		"Note: a colon needs quoting": `"Note: a colon needs quoting"`,
	} {
		if got := yamlScalar(in); got != want {
			t.Errorf("yamlScalar(%q) = %s, want %s", in, got, want)
		}
	}
}

func TestCSVNumber(t *testing.T) {
	pct := template{unit: kpi.UnitPercent, decimals: 2}
	count := template{unit: kpi.UnitCount}
	if got := csvNumber(&pct, 99.9); got != "99.90%" {
		t.Errorf("percent: %s", got)
	}
	if got := csvNumber(&count, 12); got != "12" {
		t.Errorf("count: %s", got)
	}
	if got := csvNumber(&count, none); got != "" {
		t.Errorf("gap: %q", got)
	}
}
