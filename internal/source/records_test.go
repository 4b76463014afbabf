package source

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/opsreport/opsreport/internal/diag"
	"github.com/opsreport/opsreport/internal/sheet"

	"github.com/opsreport/opsreport/internal/kpi"
)

// tickets are nine support tickets in mixed date forms: ticket 3 is opened
// on 31 January at 23:30 in New York, 1 February in UTC, so it counts in
// February; April has none; empty resolution hours are open tickets.
const tickets = `id,opened_at,customer,priority,status,resolution_hours
1,2026-01-05T10:00:00Z,acme,P1,closed,2
2,2026-01-20 09:00:00+02:00,beta,P2,closed,10
3,2026-01-31T23:30:00-05:00,acme,P1,open,
4,2026-02-10,gamma,P3,closed,4
5,Feb 2026,acme,P2,closed,8
6,2026-03-03T12:00:00Z,beta,P1,closed,1
7,2026-03-15,delta,P1,open,
8,2026-03-20,acme,P2,closed,20
9,2026-05-02,beta,P2,closed,6
`

const ticketSource = `
- file: tickets.csv
  layout: records
  date: opened_at
  kpis:
    tickets: {agg: count}
    customers: {agg: distinct, column: customer}
    res_p90: {agg: p90, column: resolution_hours}
    res_avg: {agg: avg, column: resolution_hours, where: {status: closed}}
    p1: {agg: count, where: {priority: [p1, P0]}}
    slow: {agg: count, where: {resolution_hours: "> 5"}}
`

// spanLine renders a KPI's months as "2026-01 a=2 q=2 y=2 t=-" (a actual,
// q qtd, y ytd, t ttm; - for no value).
func spanLine(st *kpi.Store, fiscalStart int, id string) string {
	figs := kpi.Compute(st, fiscalStart)
	opt := func(o kpi.Opt) string {
		if !o.OK {
			return "-"
		}
		return fmt.Sprint(o.V)
	}
	var parts []string
	for _, f := range figs.Series(id) {
		parts = append(parts, fmt.Sprintf("%s a=%s q=%s y=%s t=%s", f.Period, opt(f.Actual), opt(f.QTD), opt(f.YTD), opt(f.TTM)))
	}
	return strings.Join(parts, "; ")
}

// Monthly values and the quarter and year to date of each, by hand from the
// nine tickets; a span's distinct count and percentile come from its
// records, not from its months.
func TestRecordsByHand(t *testing.T) {
	st, d := load(t, ticketSource, map[string][]byte{"tickets.csv": []byte(tickets)})
	wantDiags(t, d)
	tests := []struct{ id, want string }{
		// Jan 1, 2; Feb 3, 4, 5; Mar 6, 7, 8; Apr none (0); May 9.
		{"tickets", "2026-01 a=2 q=2 y=2 t=-; 2026-02 a=3 q=5 y=5 t=-; 2026-03 a=3 q=8 y=8 t=-; 2026-04 a=0 q=0 y=8 t=-; 2026-05 a=1 q=1 y=9 t=-"},
		// Q1 is {acme, beta, gamma, delta}: 4, not 2 + 2 + 3.
		{"customers", "2026-01 a=2 q=2 y=2 t=-; 2026-02 a=2 q=3 y=3 t=-; 2026-03 a=3 q=4 y=4 t=-; 2026-04 a=0 q=0 y=4 t=-; 2026-05 a=1 q=1 y=4 t=-"},
		// Jan [2 10]: 2 + 8×0.9 = 9.2; Feb [4 8]: 7.6; Mar [1 20]: 18.1;
		// Feb QTD [2 4 8 10]: x = 2.7, 8 + 2×0.7 = 9.4; Q1 [1 2 4 8 10 20]:
		// x = 4.5, 10 + 10×0.5 = 15 (the mean of the months' p90s is 11.63);
		// April has no records: no p90, and its QTD none; May YTD
		// [1 2 4 6 8 10 20]: x = 5.4, 10 + 10×0.4 = 14.
		{"res_p90", "2026-01 a=9.2 q=9.2 y=9.2 t=-; 2026-02 a=7.6 q=9.4 y=9.4 t=-; 2026-03 a=18.1 q=15 y=15 t=-; 2026-04 a=- q=- y=15 t=-; 2026-05 a=6 q=6 y=14 t=-"},
		// Closed only: Jan (2+10)/2; Feb (4+8)/2; Mar (1+20)/2; Q1 45/6; May YTD 51/7.
		{"res_avg", "2026-01 a=6 q=6 y=6 t=-; 2026-02 a=6 q=6 y=6 t=-; 2026-03 a=10.5 q=7.5 y=7.5 t=-; 2026-04 a=- q=- y=7.5 t=-; 2026-05 a=6 q=6 y=7.28571428571429 t=-"},
		// priority p1 or P0, ignoring case: tickets 1, 3, 6, 7.
		{"p1", "2026-01 a=1 q=1 y=1 t=-; 2026-02 a=1 q=2 y=2 t=-; 2026-03 a=2 q=4 y=4 t=-; 2026-04 a=0 q=0 y=4 t=-; 2026-05 a=0 q=0 y=4 t=-"},
		// over 5 hours: tickets 2, 5, 8, 9; empty cells fail the comparison.
		{"slow", "2026-01 a=1 q=1 y=1 t=-; 2026-02 a=1 q=2 y=2 t=-; 2026-03 a=1 q=3 y=3 t=-; 2026-04 a=0 q=0 y=3 t=-; 2026-05 a=1 q=1 y=4 t=-"},
	}
	for _, tt := range tests {
		if got := spanLine(st, 1, tt.id); got != tt.want {
			t.Errorf("%s:\n got  %s\n want %s", tt.id, got, tt.want)
		}
	}
	// A quarterly review's Q1 is the quarter's records too.
	figs := kpi.Compute(st, 1)
	for id, want := range map[string]float64{"customers": 4, "res_p90": 15, "tickets": 8} {
		q, ok := figs.GetQuarter(id, kpi.Quarter{FY: 2026, Q: 1})
		if !ok || !q.Actual.OK || q.Actual.V != want {
			t.Errorf("%s Q1: got %v %v, want %v", id, q.Actual, ok, want)
		}
	}
}

// With the fiscal year from February, a span reaching before the source's
// first month gives no value, and Q1 is February to April.
func TestRecordsFiscalYear(t *testing.T) {
	st, d := loadFY(t, 2, ticketSource, map[string][]byte{"tickets.csv": []byte(tickets)})
	wantDiags(t, d)
	want := "2026-01 a=2 q=- y=- t=-; 2026-02 a=2 q=2 y=2 t=-; 2026-03 a=3 q=4 y=4 t=-; 2026-04 a=0 q=4 y=4 t=-; 2026-05 a=1 q=1 y=4 t=-"
	if got := spanLine(st, 2, "customers"); got != want {
		t.Errorf("customers:\n got  %s\n want %s", got, want)
	}
}

// Twelve months of one ticket a month give a trailing twelve months.
func TestRecordsTTM(t *testing.T) {
	var b strings.Builder
	b.WriteString("opened,who\n")
	for m := 1; m <= 13; m++ {
		fmt.Fprintf(&b, "%d-%02d-15,c%d\n", 2025+(m-1)/12, (m-1)%12+1, m%3)
	}
	src := "- file: t.csv\n  layout: records\n  date: opened\n  kpis: {tickets: {agg: count}, customers: {agg: distinct, column: who}}\n"
	st, d := load(t, src, map[string][]byte{"t.csv": []byte(b.String())})
	wantDiags(t, d)
	figs := kpi.Compute(st, 1)
	for id, want := range map[string]string{"tickets": "12", "customers": "3"} {
		f, _ := figs.Get(id, kpi.Period{Year: 2025, Month: 12})
		g, _ := figs.Get(id, kpi.Period{Year: 2026, Month: 1})
		if fmt.Sprint(f.TTM.V) != want || !f.TTM.OK || fmt.Sprint(g.TTM.V) != want {
			t.Errorf("%s ttm: Dec %v, Jan %v, want %s", id, f.TTM, g.TTM, want)
		}
		if e, _ := figs.Get(id, kpi.Period{Year: 2025, Month: 11}); e.TTM.OK {
			t.Errorf("%s ttm in November reaches before the first month: %v", id, e.TTM)
		}
	}
}

// Each kind of bad records input, with the whole message.
func TestRecordsBadInput(t *testing.T) {
	bad := "id,opened_at,hours\n1,2026-01-05,2\n2,31/02/2025,3\n3,yesterday,4\n4,2026-01-09,lots\n5,,1\n"
	tests := []struct {
		name, src string
		want      []string
	}{
		{"unknown column", "- file: t.csv\n  layout: records\n  date: opened_at\n  kpis: {res_avg: {agg: avg, column: hour}}\n",
			[]string{`data/sources.yaml:3:9: warning: source t: 1 record with no opened_at was not counted`,
				`data/sources.yaml:4:38: column "hour" is not in data/t.csv (did you mean "hours"?) (its columns: "id", "opened_at", "hours")`,
				`data/t.csv:3:2: opened_at "31/02/2025" is not a date (and 1 more in this column)`}},
		{"bad dates and numbers", "- file: t.csv\n  layout: records\n  date: opened_at\n  kpis: {res_avg: {agg: avg, column: hours}}\n",
			[]string{`data/sources.yaml:3:9: warning: source t: 1 record with no opened_at was not counted`,
				`data/t.csv:3:2: opened_at "31/02/2025" is not a date (and 1 more in this column)`,
				`data/t.csv:5:3: "lots" is not a number (column hours, kpi res_avg)`}},
		{"no date column", "- file: t.csv\n  layout: records\n  date: opened\n  kpis: {tickets: {agg: count}}\n",
			[]string{`data/sources.yaml:3:9: date column "opened" is not in data/t.csv (did you mean "opened_at"?) (the first row: "id", "opened_at", "hours")`}},
		{"records keys", "- file: t.csv\n  layout: records\n  series: {tickets: x}\n  kpis: {tickets: {agg: p50}, res_avg: {agg: avg}, slow: {agg: count, colum: x}}\n",
			[]string{
				`data/sources.yaml:1:3: a records source needs date: the column that places each record in its month`,
				`data/sources.yaml:3:11: series does not apply to layout records, whose kpis aggregate the rows' cells into actuals`,
				`data/sources.yaml:4:25: unknown agg "p50" for kpi tickets (did you mean "p90"?); use one of count, sum, avg, min, max, distinct, median, p90, p95, p99`,
				`data/sources.yaml:4:31: kpi res_avg: agg avg needs column: the column it aggregates`,
				`data/sources.yaml:4:71: unknown key "colum" for kpi slow (did you mean "column"?)`,
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, d := load(t, tt.src, map[string][]byte{"t.csv": []byte(bad)})
			wantDiags(t, d, tt.want...)
		})
	}
}

// A span's percentile, found by bisection over the months' sorted values,
// is the one of all its values merged and sorted, negatives, zeros and
// repeats included.
func TestPercentileOfMonths(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for trial := range 200 {
		var parts []*monthAgg
		var all []float64
		for range 1 + rng.IntN(4) {
			a := &monthAgg{}
			for range rng.IntN(30) {
				v := float64(rng.IntN(41)-20) / 4
				a.addValue(v, "p90")
				all = append(all, v)
			}
			parts = append(parts, a)
		}
		if len(all) == 0 {
			continue
		}
		slices.Sort(all)
		for _, p := range []int{50, 90, 95, 99} {
			x := float64(p*(len(all)-1)) / 100
			lo, hi := math.Floor(x), math.Ceil(x)
			want := all[int(lo)] + (all[int(hi)]-all[int(lo)])*(float64(p*(len(all)-1)%100)/100)
			if got := percentile(parts, len(all), p); got != want {
				t.Fatalf("trial %d p%v: got %v, want %v (%v)", trial, p, got, want, all)
			}
		}
	}
}

// Date-time cells of a workbook place records by the day written.
func TestRecordsWorkbookDateTimes(t *testing.T) {
	at := func(m, d, h int) date { return date(time.Date(2026, time.Month(m), d, h, 30, 0, 0, time.UTC)) }
	wb := workbook(t, wsheet{name: "Incidents", rows: [][]any{
		{"Incident log"},
		{"Opened", "Minutes down"},
		{at(1, 31, 23), 12},
		{at(2, 1, 0), 30},
		{at(2, 14, 9), 4.5},
	}})
	src := "- file: inc.xlsx\n  layout: records\n  date: Opened\n  kpis: {tickets: {agg: count}, res_avg: {agg: sum, column: minutes down}}\n"
	st, d := load(t, src, map[string][]byte{"inc.xlsx": wb})
	wantDiags(t, d)
	if got, want := series(st, "res_avg"), "2026-01 a=12; 2026-02 a=34.5"; got != want {
		t.Errorf("minutes: got %s, want %s", got, want)
	}
}

// A formula over records KPIs rolls up through their spans: the quarter's
// P1 share is the quarter's P1 tickets over the quarter's tickets.
func TestFormulaOverRecords(t *testing.T) {
	share, err := kpi.ParseFormula("p1 / tickets * 100")
	if err != nil {
		t.Fatal(err)
	}
	cat := testCatalog()
	cat = kpi.NewCatalog(append(cat.KPIs, &kpi.KPI{ID: "p1_share", Name: "P1 share", Unit: kpi.UnitPercent, Formula: share})...)
	d := &diag.List{}
	srcs := Parse([]byte(ticketSource), cat, nil, d)
	bk, err := sheet.Open(fstest.MapFS{"data/tickets.csv": {Data: []byte(tickets)}}, "data/tickets.csv")
	if err != nil {
		t.Fatal(err)
	}
	l := kpi.NewLoader(cat, d)
	Read(srcs[0], []*sheet.Book{bk}, l, cat, 1, d)
	st := l.Store()
	wantDiags(t, d)
	// p1 1, 1, 2, 0, 0 over tickets 2, 3, 3, 0, 1; Q1 4/8; May YTD 4/9;
	// April is 0/0: no value, so no figure.
	want := "2026-01 a=50 q=50 y=50 t=-; 2026-02 a=33.3333333333333 q=40 y=40 t=-; 2026-03 a=66.6666666666667 q=50 y=50 t=-; 2026-05 a=0 q=0 y=44.4444444444444 t=-"
	if got := spanLine(st, 1, "p1_share"); got != want {
		t.Errorf("p1_share:\n got  %s\n want %s", got, want)
	}
	q, _ := kpi.Compute(st, 1).GetQuarter("p1_share", kpi.Quarter{FY: 2026, Q: 1})
	if !q.Actual.OK || q.Actual.V != 50 {
		t.Errorf("Q1 p1_share %v, want 50", q.Actual)
	}
}

// The fast path places every spelling as time.Parse and the general path
// do.
func TestISOMonthAgreesWithTimeParse(t *testing.T) {
	for _, s := range []string{
		"2026-01-31", "2026-01-31T23:30:00", "2026-01-31T23:30:00Z", "2026-01-31T23:30:00-05:00",
		"2026-02-01T00:30:00+02:00", "2026-02-01 00:30:00+02:00", "2026-12-31T20:00:00-04:00",
		"2024-02-29T23:59:59.123-00:01", "2026-03-01T00:00:00.5+00:30", "2026-02-30", "2026-13-01",
		"2026-01-31T24:00:00Z", "2026-01-31T23:30:00+0500", "2026-01-31T23:30:00+05",
	} {
		fast, ok := isoMonth(s)
		slow, slowOK := recordMonth(sheet.Cell{Kind: sheet.Text, Text: "x" + s}) // not the fast path
		if tm, err := time.Parse(time.RFC3339Nano, strings.Replace(s, " ", "T", 1)); err == nil {
			u := tm.UTC()
			slow, slowOK = kpi.Period{Year: u.Year(), Month: int(u.Month())}, true
		} else if p, okp := kpi.ParsePeriod(s); okp {
			slow, slowOK = p, true
		}
		if ok && (!slowOK || fast != slow) {
			t.Errorf("%q: fast %v, time.Parse %v %v", s, fast, slow, slowOK)
		}
	}
}

func TestDaysIn(t *testing.T) {
	for y := 1899; y <= 2101; y++ {
		for m := 1; m <= 12; m++ {
			if got, want := daysIn(y, m), time.Date(y, time.Month(m)+1, 0, 0, 0, 0, 0, time.UTC).Day(); got != want {
				t.Fatalf("daysIn(%d, %d) = %d, want %d", y, m, got, want)
			}
		}
	}
}

// A pulled file that does not read as pull wrote it says so, once per
// cause, with the fix.
func TestPulledFileProblems(t *testing.T) {
	cat := testCatalog()
	d := &diag.List{}
	srcs := Parse([]byte("- database: warehouse\n  table: support.tickets\n  layout: records\n  date: opened\n  kpis: {tickets: {agg: count}}\n"), cat, []string{"warehouse"}, d)
	files := fstest.MapFS{"data/pulled/tickets.csv": {Data: []byte("kpi,period,actual,qtd,ytd,ttm\ntickets,2026-01,3,3,3,\nold_kpi,2026-01,1,,,\nold_kpi,2026-02,1,,,\ntickets,,4,,,\nuptime,2026-01,99,,,\n")}}
	l := kpi.NewLoader(cat, d)
	ReadPulled(srcs[0], files, l, cat, 1, d)
	wantDiags(t, d,
		`data/pulled/tickets.csv:3:1: unknown KPI "old_kpi": the catalog changed since the last pull; run opsreport pull again`,
		`data/pulled/tickets.csv:5:1: a row with no kpi or no period: run opsreport pull again`,
		`data/pulled/tickets.csv:6:1: kpi uptime is no longer one of source tickets's: the source changed since the last pull; run opsreport pull again`,
	)
	d = &diag.List{}
	ReadPulled(srcs[0], fstest.MapFS{"data/pulled/tickets.csv": {Data: []byte("kpi,month,value\n")}}, kpi.NewLoader(cat, d), cat, 1, d)
	wantDiags(t, d, `data/pulled/tickets.csv:1:1: header kpi,month,value is not kpi,period,actual,qtd,ytd,ttm, the one pull writes: run opsreport pull again`)
	d = &diag.List{}
	ReadPulled(srcs[0], fstest.MapFS{}, kpi.NewLoader(cat, d), cat, 1, d)
	wantDiags(t, d, `data/sources.yaml:1:3: source tickets has never been pulled from database warehouse: run opsreport pull (then commit data/pulled/tickets.csv)`)
}

// A records file pulled under one fiscal_year_start and read under another
// is caught by the spans of one month, which must equal the month: once,
// at the first row that shows it. Read under the start it was pulled with,
// it is clean.
func TestPulledUnderAnotherFiscalYear(t *testing.T) {
	cat := testCatalog()
	d := &diag.List{}
	srcs := Parse([]byte("- database: warehouse\n  table: support.tickets\n  layout: records\n  date: opened\n  kpis: {tickets: {agg: count}}\n"), cat, []string{"warehouse"}, d)
	// Pulled with a January year: 3 tickets a month, 2026-04's year to
	// date is 12, its quarter to date 3.
	pulled := "kpi,period,actual,qtd,ytd,ttm\n"
	for m := 1; m <= 6; m++ {
		q := (m-1)%3 + 1
		pulled += fmt.Sprintf("tickets,2026-%02d,3,%d,%d,\n", m, 3*q, 3*m)
	}
	files := fstest.MapFS{"data/pulled/tickets.csv": {Data: []byte(pulled)}}
	ReadPulled(srcs[0], files, kpi.NewLoader(cat, d), cat, 1, d)
	wantDiags(t, d)
	ReadPulled(srcs[0], files, kpi.NewLoader(cat, d), cat, 4, d)
	wantDiags(t, d, `data/pulled/tickets.csv:5:5: ytd 12 of kpi tickets differs from its actual 3 although 2026-04 starts a fiscal year with fiscal_year_start 4: the file was pulled under another fiscal_year_start; run opsreport pull again`)
	// A year starting in February moves the quarters too.
	d = &diag.List{}
	ReadPulled(srcs[0], files, kpi.NewLoader(cat, d), cat, 2, d)
	wantDiags(t, d, `data/pulled/tickets.csv:3:5: ytd 6 of kpi tickets differs from its actual 3 although 2026-02 starts a fiscal year with fiscal_year_start 2: the file was pulled under another fiscal_year_start; run opsreport pull again`)
}

// A record dated a thousand years off is a typo, not a millennium of empty
// months.
func TestStrayDate(t *testing.T) {
	src := "- file: t.csv\n  layout: records\n  date: opened\n  kpis: {tickets: {agg: count}}\n"
	csv := "opened\n2026-01-05\n1026-01-06\n2026-02-01\n"
	st, d := load(t, src, map[string][]byte{"t.csv": []byte(csv)})
	wantDiags(t, d, `data/t.csv:3:1: opened places a record in 1026-01, 1000 years before the source's other records: a mistyped date?`)
	if got := len(st.Points("tickets")); got > 2 {
		t.Errorf("%d months of tickets", got)
	}
}
