package example

import (
	"math"
	"time"
)

// The story's dated events, as month indexes of the history.
var (
	npsVendorSwitch = monthIndex(2025, time.March)     // no NPS survey that month
	northwindChurn  = monthIndex(2025, time.August)    // the largest customer leaves
	seriesBClose    = monthIndex(2025, time.May)       // cash in from the extension round
	asanaLaunch     = monthIndex(2026, time.August)    // Asana integration goes live
	slackIncident   = monthIndex(2026, time.September) // Slack connector outage, 14 Sep
	incidentChurn   = monthIndex(2026, time.October)   // customers lost to the outage
)

// seasonal is the sales rhythm of net new ARR: a quiet December and January,
// a push in the last month of each fiscal quarter (Apr, Jul, Oct, Jan).
func seasonal(i int) float64 {
	switch monthAt(i).Month() {
	case time.December:
		return -35_000
	case time.January:
		return -10_000
	case time.April, time.July, time.October:
		return 30_000
	}
	return 0
}

// arrSeries grows ARR from about $3.1M to about $5.4M with two dips: the
// Northwind churn and the customers lost after the Slack outage.
func arrSeries(n *noise) [months]float64 {
	var arr [months]float64
	arr[0] = 3_104_000
	for i := 1; i < months; i++ {
		netNew := n.around(100_000+1_500*float64(i)+seasonal(i), 14_000)
		switch i {
		case northwindChurn:
			netNew = -152_000
		case slackIncident:
			netNew = 41_000
		case incidentChurn:
			netNew = -38_000
		}
		arr[i] = round(arr[i-1]+netNew, -3)
	}
	return arr
}

func finance(n *noise) []column {
	arr := arrSeries(n)
	revenue := series("revenue", "revenue", fmtCurrency, func(i int) float64 {
		services := n.around(14_000, 6_000)
		return round(arr[i]/12+services, 0)
	})
	burn := series("burn", "burn", fmtCurrency, func(i int) float64 {
		b := 430_000 - 7_000*float64(i)
		if i == asanaLaunch {
			b += 95_000 // launch campaign and the SOC 2 audit fee
		}
		return round(n.around(b, 22_000), -2)
	})
	return []column{
		{kpi: "arr", header: "arr", format: fmtCurrency, values: arr},
		revenue,
		// Gross margin is a formula KPI (gross_profit / revenue * 100 in
		// the catalog): the workbook holds the profit, a margin of revenue.
		series("gross_profit", "Gross profit", fmtCurrency, func(i int) float64 {
			gm := 0.745 + 0.0017*float64(i)
			if i == slackIncident {
				gm -= 0.028 // service credits after the outage
			}
			return round(revenue.values[i]*round(n.around(gm, 0.006), 3), 0)
		}),
		burn,
		series("runway_months", "runway_months", fmtDec1, func(i int) float64 {
			return round(runway(burn.values, i), 1)
		}),
		series("ltv_cac", "ltv_cac", fmtDec2, func(i int) float64 {
			return round(n.around(2.55+0.04*float64(i), 0.18), 2)
		}),
	}
}

// runway is months of cash left at the trailing three-month average burn.
// Cash starts at $7.4M and the Series B extension adds $6.5M.
func runway(burn [months]float64, i int) float64 {
	cash := 7_400_000.0
	for k := 0; k <= i; k++ {
		cash -= burn[k]
		if k == seriesBClose {
			cash += 6_500_000
		}
	}
	lo := max(0, i-2)
	var sum float64
	for k := lo; k <= i; k++ {
		sum += burn[k]
	}
	return cash / (sum / float64(i-lo+1))
}

func customer(n *noise) []column {
	return []column{
		series("nps", "Net Promoter Score", fmtInt, func(i int) float64 {
			v := n.around(33+0.45*float64(i), 2.5)
			switch i {
			case npsVendorSwitch:
				return gap
			case slackIncident:
				v -= 7
			case incidentChurn:
				v -= 4
			}
			return math.Round(v)
		}),
		series("logo_churn", "logo_churn", fmtPercent, func(i int) float64 {
			c := n.around(0.0135, 0.0025)
			switch i {
			case northwindChurn:
				c = 0.0142
			case incidentChurn:
				c = 0.0231
			}
			return round(c, 4)
		}),
		series("nrr", "nrr", fmtPercent, func(i int) float64 {
			v := n.around(1.05+0.0028*float64(i), 0.008)
			if i >= northwindChurn && i < northwindChurn+12 {
				v -= 0.012 // the lost account weighs on the trailing cohort for a year
			}
			if i == incidentChurn {
				v -= 0.01
			}
			return round(v, 3)
		}),
		series("activation_rate", "activation_rate", fmtPercent, func(i int) float64 {
			v := 0.552 + 0.0042*float64(i)
			if i >= asanaLaunch {
				v += 0.035 // new workspaces start with the Asana widget
			}
			if i == slackIncident {
				v -= 0.03
			}
			return round(n.around(v, 0.008), 3)
		}),
		series("time_to_first_widget", "time_to_first_widget", fmtDec1, func(i int) float64 {
			v := 4.9 - 0.095*float64(i)
			if i == slackIncident {
				v += 0.6
			}
			return round(n.around(v, 0.2), 1)
		}),
	}
}

func operations(n *noise) []column {
	bad := func(i int) bool { return i == slackIncident }
	return []column{
		series("uptime_prod", "Production uptime", fmtPoints, func(i int) float64 {
			switch i {
			case slackIncident:
				return 99.71
			case monthIndex(2025, time.April):
				return 99.86 // certificate renewal slip
			}
			return round(n.around(99.95, 0.03), 2)
		}),
		from(monthIndex(2025, time.January), series("uptime_experimental", "uptime_experimental", fmtPoints, func(i int) float64 {
			v := n.around(99.1+0.02*float64(i), 0.35)
			if bad(i) {
				v = 98.7
			}
			return round(v, 2)
		})),
		series("incidents", "incidents", fmtInt, func(i int) float64 {
			if bad(i) {
				return 9
			}
			return math.Round(n.around(4.2-0.05*float64(i), 2.2))
		}),
		series("mttr_hours", "mttr_hours", fmtDec1, func(i int) float64 {
			if bad(i) {
				return 7.6
			}
			return round(n.around(3.6-0.03*float64(i), 1.0), 1)
		}),
		series("first_response_hours", "first_response_hours", fmtDec1, func(i int) float64 {
			if bad(i) {
				return 3.4
			}
			return round(n.around(1.9-0.02*float64(i), 0.5), 1)
		}),
		series("resolution_hours", "resolution_hours", fmtInt, func(i int) float64 {
			if bad(i) {
				return 39
			}
			return math.Round(n.around(25-0.25*float64(i), 4))
		}),
		series("support_backlog", "support_backlog", fmtInt, func(i int) float64 {
			switch i {
			case slackIncident:
				return 212
			case incidentChurn:
				return 124
			}
			return math.Round(n.around(104-0.6*float64(i), 16))
		}),
		from(monthIndex(2025, time.February), series("sync_lag_p95", "sync_lag_p95", fmtDec1, func(i int) float64 {
			if bad(i) {
				return 11.4
			}
			return round(n.around(7.4-0.2*float64(i), 0.6), 1)
		})),
	}
}

func partnerships(n *noise) []column {
	var live [months]float64
	live[0] = 18
	for i := 1; i < months; i++ {
		step := math.Round(n.around(0.7, 0.6))
		if i == asanaLaunch || i == slackIncident {
			step = 1 // Asana in August, the GitHub app in September
		}
		live[i] = live[i-1] + step
	}
	return []column{
		{kpi: "live_integrations", header: "live_integrations", format: fmtInt, values: live},
		series("widget_installs", "widget_installs", fmtInt, func(i int) float64 {
			v := 1850 + 85*float64(i) + seasonal(i)/100
			if i == asanaLaunch {
				v += 650
			}
			if i == slackIncident {
				v -= 300
			}
			return math.Round(n.around(v, 120))
		}),
		from(monthIndex(2025, time.June), series("partner_experiments_validated", "partner_experiments_validated", fmtInt, func(i int) float64 {
			return math.Round(n.around(2.1, 1.6))
		})),
	}
}

func people(n *noise) []column {
	var head [months]float64
	head[0] = 62
	for i := 1; i < months; i++ {
		head[i] = head[i-1] + math.Round(n.around(1.4, 1.2))
	}
	return []column{
		{kpi: "headcount", header: "Headcount", format: fmtInt, values: head},
		series("attrition", "attrition", fmtPoints, func(i int) float64 {
			return round(n.around(13.5-0.12*float64(i), 0.9), 1)
		}),
		series("open_roles", "open_roles", fmtInt, func(i int) float64 {
			return math.Round(n.around(9, 3.5))
		}),
		series("time_to_hire", "time_to_hire", fmtInt, func(i int) float64 {
			switch i {
			case monthIndex(2026, time.July):
				return 49 // two senior SRE searches restarted
			case asanaLaunch:
				return 47
			}
			return math.Round(n.around(52-0.35*float64(i), 5))
		}),
	}
}
