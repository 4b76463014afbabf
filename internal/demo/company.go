package demo

import "github.com/opsreport/opsreport/internal/kpi"

// store says where a KPI's values are kept, which decides the file, the
// sheet shape and where its targets come from.
type store uint8

const (
	inFinance    store = iota // finance.xlsx: wide Actuals, Targets (and Budget)
	inOperations              // operations/actuals.csv and targets.csv
	inTeams                   // teams.xlsx: long sheet per function, with comments
)

// shape is how a series moves. Relative shapes (flows and stocks of money
// and counts) grow by a fraction a month and their noise is a fraction of
// the level; absolute shapes (rates, scores, durations) move by units.
type shape struct {
	base, growth float64 // level in the first month; change a month
	rel          bool    // growth, season and noise relative to the level
	season       float64 // amplitude of the yearly rhythm
	noise        float64 // standard deviation of the month's surprise
	persist      float64 // share of last month's surprise that carries over
	lo, hi       float64 // what the unit allows (percent 0..100, counts >= 0)
	ambition     float64 // how far the plan sits beyond the expected path, in noise units
}

// template is one KPI of the company before it is cut into segments.
type template struct {
	id, name, function, desc string
	unit                     kpi.Unit
	decimals                 int
	dir                      kpi.Direction
	agg                      kpi.Aggregate
	green, amber             string  // absolute thresholds, replacing targets
	target                   float64 // a constant catalog target (0: none)
	tolerance                float64 // catalog tolerance (0: the default)
	where                    store
	budget, forecast         bool // has a board budget; has a forecast (teams only)
	pctCell                  bool // written in xlsx as a percent-formatted fraction
	byName                   bool // wide header is the display name, not the id
	s                        shape
}

// hasTarget reports whether the plan gives the KPI a target series in data.
func (t *template) hasTarget() bool {
	return t.dir != kpi.DirNone && t.green == "" && t.target == 0
}

// functions in the order reviews present them, with who answers for each.
var functions = []struct{ name, owner string }{
	{"Finance", "Maya Lindqvist (CFO)"},
	{"Sales", "Jonah Adeyemi (CRO)"},
	{"Customer", "Sofia Marchetti (VP Customer)"},
	{"Operations", "Ravi Chandrasekar (VP Engineering)"},
	{"People", "Hannah Kowalski (Head of People)"},
}

func ownerOf(function string) string {
	for _, f := range functions {
		if f.name == function {
			return f.owner
		}
	}
	return functions[0].owner
}

// templates is the company's KPI list. The first twelve cover every unit,
// direction and aggregate, so even `--kpis 12` shows them all.
var templates = []template{
	{id: "arr", name: "Annual recurring revenue", function: "Finance", unit: kpi.UnitCurrency, dir: kpi.Up, agg: kpi.Last,
		where: inFinance, budget: true, desc: "Contracted subscription revenue, annualised, at month end.",
		s: shape{base: 8_400_000, growth: 0.022, rel: true, season: 0.004, noise: 0.012, persist: 0.85, lo: 0, hi: 1e12, ambition: 0.6}},
	{id: "gross_margin", name: "Gross margin", function: "Finance", unit: kpi.UnitPercent, decimals: 1, dir: kpi.Up, agg: kpi.Avg,
		where: inFinance, budget: true, pctCell: true, byName: true, desc: "Revenue less hosting, carrier data fees and support, as a share of revenue.",
		s: shape{base: 71, growth: 0.08, season: 0.6, noise: 0.9, persist: 0.4, lo: 0, hi: 100, ambition: 0.4}},
	{id: "nps", name: "Net promoter score", function: "Customer", unit: kpi.UnitNumber, dir: kpi.Up, agg: kpi.Avg,
		where: inTeams, forecast: true, desc: "Promoters less detractors in the monthly customer survey, -100 to 100.",
		s: shape{base: 34, growth: 0.15, season: 1.5, noise: 3, persist: 0.3, lo: -100, hi: 100, ambition: 0.4}},
	{id: "new_customers", name: "New customers", function: "Sales", unit: kpi.UnitCount, dir: kpi.Up, agg: kpi.Sum,
		where: inFinance, desc: "Customers who signed their first contract in the month.",
		s: shape{base: 42, growth: 0.012, rel: true, season: 0.18, noise: 0.14, persist: 0.2, lo: 0, hi: 1e9, ambition: 0.5}},
	{id: "dso", name: "Days sales outstanding", function: "Finance", unit: kpi.UnitDays, dir: kpi.Down, agg: kpi.Avg,
		where: inFinance, desc: "Receivables at month end over the month's billings, in days: how fast customers pay.",
		s: shape{base: 47, growth: -0.1, season: 2.5, noise: 2.2, persist: 0.5, lo: 5, hi: 180, ambition: 0.5}},
	{id: "restore_hours_max", name: "Longest restore time", function: "Operations", unit: kpi.UnitHours, decimals: 1, dir: kpi.Down, agg: kpi.Max,
		where: inOperations, desc: "The longest time to restore service after a severity 1 or 2 incident in the month.",
		s: shape{base: 5.5, growth: -0.03, season: 0.4, noise: 1.3, persist: 0.2, lo: 0.2, hi: 72, ambition: 0.3}},
	{id: "handle_minutes", name: "Average handle time", function: "Customer", unit: kpi.UnitMinutes, dir: kpi.Down, agg: kpi.Avg,
		where: inTeams, desc: "Minutes of agent time per support conversation.",
		s: shape{base: 19, growth: -0.05, season: 0.8, noise: 1.1, persist: 0.5, lo: 2, hi: 120, ambition: 0.4}},
	{id: "ltv_cac", name: "LTV to CAC", function: "Sales", unit: kpi.UnitRatio, dir: kpi.Up, agg: kpi.Avg,
		where: inFinance, desc: "Lifetime value of a new customer over the cost of acquiring one.",
		s: shape{base: 2.9, growth: 0.01, season: 0.1, noise: 0.2, persist: 0.5, lo: 0.1, hi: 20, ambition: 0.4}},
	{id: "headcount", name: "Headcount", function: "People", unit: kpi.UnitCount, dir: kpi.DirNone, agg: kpi.Last,
		where: inTeams, desc: "Employees at month end. Tracked, not judged: the plan is the hiring plan.",
		s: shape{base: 148, growth: 0.011, rel: true, noise: 0.01, persist: 0.9, lo: 1, hi: 1e6}},
	{id: "cash_low", name: "Lowest cash balance", function: "Finance", unit: kpi.UnitCurrency, dir: kpi.Up, agg: kpi.Min,
		where: inFinance, budget: true, desc: "The lowest daily cash balance in the month: the figure the bank covenant tests.",
		s: shape{base: 21_000_000, growth: -0.006, rel: true, season: 0.02, noise: 0.03, persist: 0.7, lo: 0, hi: 1e12, ambition: 0.3}},
	{id: "uptime", name: "Production uptime", function: "Operations", unit: kpi.UnitPercent, decimals: 2, dir: kpi.Up, agg: kpi.Avg,
		where: inOperations, green: ">= 99.9", amber: ">= 99.5", desc: "Share of the month the tracking API answered within its service level.",
		s: shape{base: 99.9, growth: 0.001, noise: 0.12, persist: 0.2, lo: 95, hi: 100}},
	{id: "revenue", name: "Revenue", function: "Finance", unit: kpi.UnitCurrency, dir: kpi.Up, agg: kpi.Sum,
		where: inFinance, budget: true, desc: "Recognised revenue: subscriptions plus implementation services.",
		s: shape{base: 760_000, growth: 0.02, rel: true, season: 0.05, noise: 0.025, persist: 0.5, lo: 0, hi: 1e12, ambition: 0.5}},
	{id: "burn", name: "Net burn", function: "Finance", unit: kpi.UnitCurrency, dir: kpi.Down, agg: kpi.Sum,
		where: inFinance, budget: true, desc: "Cash out less cash in from operations. Lower is better.",
		s: shape{base: 520_000, growth: -0.01, rel: true, season: 0.06, noise: 0.08, persist: 0.4, lo: 0, hi: 1e12, ambition: 0.4}},
	{id: "logo_churn", name: "Logo churn", function: "Customer", unit: kpi.UnitPercent, decimals: 2, dir: kpi.Down, agg: kpi.Avg,
		where: inTeams, forecast: true, desc: "Customers lost in the month as a share of customers at its start.",
		s: shape{base: 1.4, growth: -0.005, season: 0.15, noise: 0.25, persist: 0.3, lo: 0, hi: 100, ambition: 0.4}},
	{id: "grr", name: "Gross revenue retention", function: "Customer", unit: kpi.UnitPercent, decimals: 1, dir: kpi.Up, agg: kpi.Avg,
		where: inTeams, desc: "Revenue kept from the customers of a year ago, before expansion, over their revenue then.",
		s: shape{base: 91, growth: 0.04, season: 0.5, noise: 1.1, persist: 0.6, lo: 0, hi: 100, ambition: 0.4}},
	{id: "pipeline", name: "Qualified pipeline", function: "Sales", unit: kpi.UnitCurrency, dir: kpi.Up, agg: kpi.Last,
		where: inFinance, desc: "Open opportunities past discovery, weighted by stage, at month end.",
		s: shape{base: 3_100_000, growth: 0.018, rel: true, season: 0.08, noise: 0.06, persist: 0.6, lo: 0, hi: 1e12, ambition: 0.5}},
	{id: "win_rate", name: "Win rate", function: "Sales", unit: kpi.UnitPercent, decimals: 1, dir: kpi.Up, agg: kpi.Avg,
		where: inFinance, pctCell: true, desc: "Opportunities won over opportunities closed in the month.",
		s: shape{base: 24, growth: 0.05, season: 1.5, noise: 2.2, persist: 0.3, lo: 0, hi: 100, ambition: 0.4}},
	{id: "sales_cycle_days", name: "Sales cycle", function: "Sales", unit: kpi.UnitDays, dir: kpi.Down, agg: kpi.Avg,
		where: inFinance, desc: "Days from qualification to signature, for deals won in the month.",
		s: shape{base: 68, growth: -0.15, season: 4, noise: 5, persist: 0.4, lo: 5, hi: 365, ambition: 0.4}},
	{id: "incidents", name: "Severity 1-2 incidents", function: "Operations", unit: kpi.UnitCount, dir: kpi.Down, agg: kpi.Sum,
		where: inOperations, green: "<= 2", amber: "<= 4", desc: "Incidents that stopped or degraded tracking for customers.",
		s: shape{base: 2.6, growth: -0.01, season: 0.5, noise: 1.3, persist: 0.1, lo: 0, hi: 1e6}},
	{id: "deploys", name: "Deployments", function: "Operations", unit: kpi.UnitCount, dir: kpi.Up, agg: kpi.Sum,
		where: inOperations, desc: "Production deployments: small and often is safer.",
		s: shape{base: 160, growth: 0.01, rel: true, season: 0.1, noise: 0.08, persist: 0.3, lo: 0, hi: 1e6, ambition: 0.5}},
	{id: "api_latency_p95", name: "API latency (p95, ms)", function: "Operations", unit: kpi.UnitNumber, dir: kpi.Down, agg: kpi.Avg,
		where: inOperations, green: "<= 320", amber: "<= 400", desc: "95th percentile response time of the tracking API, in milliseconds.",
		s: shape{base: 300, growth: -0.2, season: 10, noise: 22, persist: 0.5, lo: 40, hi: 5000}},
	{id: "peak_shipments", name: "Peak tracked shipments", function: "Operations", unit: kpi.UnitCount, dir: kpi.DirNone, agg: kpi.Max,
		where: inOperations, desc: "The busiest day's shipments tracked: what capacity is planned for.",
		s: shape{base: 410_000, growth: 0.02, rel: true, season: 0.12, noise: 0.04, persist: 0.3, lo: 0, hi: 1e12}},
	{id: "first_response_hours", name: "First response time", function: "Customer", unit: kpi.UnitHours, decimals: 1, dir: kpi.Down, agg: kpi.Avg,
		where: inTeams, desc: "Median hours to the first human answer on a support ticket.",
		s: shape{base: 3.8, growth: -0.02, season: 0.4, noise: 0.45, persist: 0.4, lo: 0.1, hi: 96, ambition: 0.4}},
	{id: "tickets", name: "Support tickets", function: "Customer", unit: kpi.UnitCount, dir: kpi.DirNone, agg: kpi.Sum,
		where: inTeams, desc: "Tickets opened in the month: volume, not a judgement.",
		s: shape{base: 2_300, growth: 0.012, rel: true, season: 0.1, noise: 0.06, persist: 0.3, lo: 0, hi: 1e9}},
	{id: "csat", name: "Customer satisfaction", function: "Customer", unit: kpi.UnitPercent, decimals: 1, dir: kpi.Up, agg: kpi.Avg,
		where: inTeams, target: 90, tolerance: 0.03, desc: "Share of support conversations rated good or great.",
		s: shape{base: 89, growth: 0.03, season: 0.6, noise: 1.4, persist: 0.4, lo: 0, hi: 100}},
	{id: "time_to_hire_days", name: "Time to hire", function: "People", unit: kpi.UnitDays, dir: kpi.Down, agg: kpi.Avg,
		where: inTeams, desc: "Days from a role opening to an accepted offer.",
		s: shape{base: 52, growth: -0.1, season: 4, noise: 5, persist: 0.4, lo: 3, hi: 365, ambition: 0.4}},
	{id: "regretted_attrition", name: "Regretted attrition", function: "People", unit: kpi.UnitPercent, decimals: 1, dir: kpi.Down, agg: kpi.Avg,
		where: inTeams, desc: "Regretted leavers over the last twelve months as a share of average headcount.",
		s: shape{base: 9, growth: -0.03, season: 0.5, noise: 0.8, persist: 0.7, lo: 0, hi: 100, ambition: 0.4}},
	{id: "engagement", name: "Engagement score", function: "People", unit: kpi.UnitNumber, decimals: 1, dir: kpi.Up, agg: kpi.Avg,
		where: inTeams, target: 75, desc: "The monthly pulse survey's engagement index, 0 to 100.",
		s: shape{base: 73, growth: 0.04, season: 0.8, noise: 1.5, persist: 0.5, lo: 0, hi: 100}},
	{id: "open_roles", name: "Open roles", function: "People", unit: kpi.UnitCount, dir: kpi.DirNone, agg: kpi.Last,
		where: inTeams, desc: "Approved roles not yet filled at month end.",
		s: shape{base: 14, growth: 0.01, rel: true, season: 0.15, noise: 0.15, persist: 0.5, lo: 0, hi: 1e6}},
	{id: "opex", name: "Operating expenses", function: "Finance", unit: kpi.UnitCurrency, dir: kpi.Down, agg: kpi.Sum,
		where: inFinance, budget: true, desc: "Operating expenses excluding cost of revenue.",
		s: shape{base: 1_150_000, growth: 0.008, rel: true, season: 0.04, noise: 0.03, persist: 0.4, lo: 0, hi: 1e12, ambition: 0.4}},
	{id: "current_ratio", name: "Current ratio", function: "Finance", unit: kpi.UnitRatio, dir: kpi.Up, agg: kpi.Last,
		where: inFinance, desc: "Current assets over current liabilities at month end.",
		s: shape{base: 3.1, growth: -0.01, season: 0.05, noise: 0.08, persist: 0.8, lo: 0.1, hi: 50, ambition: 0.3}},
}

// regions and lines name the segments a large company reports by: each
// template beyond the first copy is repeated per region, then per region
// and product line.
var (
	regions = []string{"North America", "EMEA", "APAC", "LATAM", "UK & Ireland", "DACH", "Nordics", "ANZ", "Benelux", "Iberia", "France", "Japan"}
	lines   = []string{"Core", "Pro", "Enterprise", "Marketplace", "Freight", "Parcel"}
)

// segment is a slice of the company a KPI can be reported for.
type segment struct {
	label, slug string
}

// segmentOf is the n-th segment (n >= 1; n == 0 is the whole company).
func segmentOf(n int) segment {
	if n <= len(regions) {
		r := regions[n-1]
		return segment{label: r, slug: slugOf(r)}
	}
	n -= len(regions) + 1
	r, l := regions[n/len(lines)%len(regions)], lines[n%len(lines)]
	return segment{label: r + ", " + l, slug: slugOf(r) + "_" + slugOf(l)}
}

// slugOf turns a label into an id part: "UK & Ireland" → "uk_ireland".
func slugOf(s string) string {
	var b []byte
	under := false
	for _, c := range []byte(s) {
		switch {
		case c >= 'a' && c <= 'z' || c >= '0' && c <= '9':
			b, under = append(b, c), false
		case c >= 'A' && c <= 'Z':
			b, under = append(b, c+'a'-'A'), false
		case !under && len(b) > 0:
			b, under = append(b, '_'), true
		}
	}
	if under {
		b = b[:len(b)-1]
	}
	return string(b)
}
