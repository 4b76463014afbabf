package example

// comment is one row of the Comments sheet: what a KPI owner said about a
// month, shown beside the value in reviews and on the KPI's page.
type comment struct {
	kpi, period, text string
}

// monthComments are the owners' notes, in the order the analyst keyed them.
var monthComments = []comment{
	{"nps", "2025-03", "No survey this month: we moved from the e-mail survey vendor to the in-app prompt."},
	{"uptime_prod", "2025-04", "Expired TLS certificate on the EU edge for 47 minutes; renewal is now automated."},
	{"arr", "2025-08", "Northwind Logistics churned after its acquisition; their parent standardised on a competitor."},
	{"nrr", "2025-08", "Northwind's churn stays in the trailing-twelve-month cohort until Aug 2026."},
	{"runway_months", "2025-05", "Series B extension closed 21 May."},
	{"partner_experiments_validated", "2025-06", "First month of the partner experiment programme: each experiment is a co-marketed widget with a success metric agreed up front."},
	{"sync_lag_p95", "2025-02", "Measured from February 2025, when the sync pipeline got end-to-end tracing."},
	{"uptime_experimental", "2025-01", "Experimental tier (beta connectors) split out of production uptime from January 2025."},
	{"live_integrations", "2026-07", "Monday.com (GA 21 Jul)."},
	{"open_roles", "2026-07", "Two senior SRE roles reopened after offers were declined."},
	{"burn", "2026-08", "Asana launch campaign and the annual SOC 2 audit fee both landed in August."},
	{"activation_rate", "2026-08", "Asana integration GA on 12 Aug: new workspaces pick it as their first widget."},
	{"live_integrations", "2026-08", "Asana (GA 12 Aug)."},
	{"widget_installs", "2026-08", "Launch spike from the Asana announcement and the Asana App Directory listing."},
	{"uptime_prod", "2026-09", "Checkout outage 14 Sep, root cause in Slack connector: a retry storm after a Slack API rate-limit change exhausted the shared worker pool."},
	{"incidents", "2026-09", "Four of the nine incidents were follow-on failures of the 14 Sep Slack connector outage."},
	{"mttr_hours", "2026-09", "The 14 Sep outage took eleven hours to resolve fully; it dominates the month's mean."},
	{"support_backlog", "2026-09", "Ticket spike after the outage; two engineers on support rotation until 30 Sep."},
	{"nps", "2026-09", "Survey ran 16–25 Sep, straight after the outage; detractor comments name Slack sync."},
	{"gross_margin", "2026-09", "Service credits issued to customers affected by the 14 Sep outage."},
	{"live_integrations", "2026-09", "GitHub app passed the Marketplace review on 23 Sep."},
	{"logo_churn", "2026-10", "Two mid-market customers left, both citing the September outage."},
	{"arr", "2026-10", "Churn from the outage outweighed new business in October."},
	{"support_backlog", "2026-10", "Back to normal levels by 24 Oct; still above target at month end."},
	{"live_integrations", "2026-10", "Linear (GA 20 Oct) after three months in beta."},
}

// readmeLines are the notes sheet, one paragraph a row.
var readmeLines = []string{
	"Widgetry Labs KPI workbook",
	"Generated from internal/example in the opsreport repository; do not edit by hand, run `go test ./internal/example -update`.",
	"Actuals: one row per month, one column per KPI (KPI id or catalog name in the header). Percent KPIs are either percent-formatted fractions or plain points; both mean percent points.",
	"Gross margin has no column in Actuals: the catalog computes it (formula: gross_profit / revenue * 100), so a quarter's margin is the quarter's gross profit over its revenue. Its budget is in the Budget sheet.",
	"Targets: the operating plan per month, for KPIs whose target changes over time. Constant targets live in data/kpis.yaml.",
	"Budget: the board-approved budget for the Finance KPIs, set per fiscal year (February–January).",
	"Comments: one row per KPI and month with the owner's note.",
	"An empty cell means no value for that month (not measured yet, or no survey), never zero.",
}
