package warehouse

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/opsreport/opsreport/internal/diag"
	"github.com/opsreport/opsreport/internal/kpi"
	"github.com/opsreport/opsreport/internal/pgtest"
	"github.com/opsreport/opsreport/internal/sheet"
	"github.com/opsreport/opsreport/internal/source"
)

// testURL is the PostgreSQL the tests use (pgtest.URL).
func testURL(t testing.TB) string { return pgtest.URL(t) }

// schema makes a schema of its own for a test, loads rows with COPY and
// drops it at the end.
func schema(t testing.TB, u, ddl string, table string, cols []string, rows [][]any) string {
	t.Helper()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, u)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close(ctx) })
	name := fmt.Sprintf("opsreport_test_%d_%d", os.Getpid(), time.Now().UnixNano()%1e9)
	if _, err := conn.Exec(ctx, "CREATE SCHEMA "+name+"; CREATE TABLE "+name+"."+ddl); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Exec(ctx, "DROP SCHEMA "+name+" CASCADE") })
	if _, err := conn.CopyFrom(ctx, pgx.Identifier{name, table}, cols, pgx.CopyFromRows(rows)); err != nil {
		t.Fatal(err)
	}
	return name
}

const catalogYAML = `
- {id: tickets, name: Tickets, unit: count}
- {id: customers, name: Customers raising tickets, unit: count}
- {id: res_p90, name: Resolution p90, unit: hours}
- {id: res_avg, name: Resolution mean, unit: hours}
- {id: p1, name: P1 tickets, unit: count}
- {id: slow, name: Slow tickets, unit: count}
- {id: res_max, name: Longest resolution, unit: hours}
`

const recordKPIs = `  date: opened_at
  kpis:
    tickets: {agg: count}
    customers: {agg: distinct, column: customer}
    res_p90: {agg: p90, column: resolution_hours}
    res_avg: {agg: avg, column: resolution_hours, where: {status: closed}}
    p1: {agg: count, where: {priority: [p1, P0]}}
    slow: {agg: count, where: {resolution_hours: "> 5"}}
    res_max: {agg: max, column: resolution_hours, where: {status: "!= open"}}
`

// tickets are fourteen months of tickets, some open (no resolution), one
// opened late on 31 January in New York (1 February in UTC), none in
// April 2026.
func tickets() [][]any {
	at := func(s string) time.Time {
		t, err := time.Parse(time.RFC3339, s)
		if err != nil {
			panic(err)
		}
		return t
	}
	var rows [][]any
	add := func(id int, opened, customer, prio, status string, hours any) {
		rows = append(rows, []any{id, at(opened), customer, prio, status, hours})
	}
	add(1, "2025-03-05T10:00:00Z", "acme", "P1", "closed", 2.0)
	add(2, "2025-06-20T09:00:00+02:00", "beta", "P2", "closed", 10.0)
	add(3, "2026-01-31T23:30:00-05:00", "acme", "P1", "open", nil)
	add(4, "2026-02-10T00:00:00Z", "gamma", "P3", "closed", 4.25)
	add(5, "2026-02-15T12:00:00Z", "acme", "P2", "closed", 8.0)
	add(6, "2026-03-03T12:00:00Z", "beta", "p1", "closed", 1.0)
	add(7, "2026-03-15T00:00:00Z", "delta", "P1", "open", nil)
	add(8, "2026-03-20T00:00:00Z", "acme", "P2", "closed", 20.0)
	add(9, "2026-05-02T00:00:00Z", "beta", "P2", "closed", 6.0)
	add(10, "2026-05-03T00:00:00Z", " beta ", "P0", "Closed", 7.5)
	return rows
}

func ticketsCSV() string {
	var b strings.Builder
	b.WriteString("id,opened_at,customer,priority,status,resolution_hours\n")
	for _, r := range tickets() {
		h := ""
		if r[5] != nil {
			h = fmt.Sprint(r[5])
		}
		fmt.Fprintf(&b, "%d,%s,%q,%s,%s,%s\n", r[0], r[1].(time.Time).Format(time.RFC3339), r[2], r[3], r[4], h)
	}
	return b.String()
}

// figuresOf computes figures.csv for a store.
func figuresOf(t *testing.T, st *kpi.Store, fiscalStart int) string {
	var buf bytes.Buffer
	if err := kpi.WriteFiguresCSV(&buf, kpi.Compute(st, fiscalStart).All()); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

// The same records definition on a CSV file and on a table gives the same
// figures, every month, quarter to date, year to date and trailing twelve
// months, with the fiscal year from February.
func TestTableMatchesCSV(t *testing.T) {
	u := testURL(t)
	sch := schema(t, u, "tickets (id int, opened_at timestamptz, customer text, priority text, status text, resolution_hours numeric)",
		"tickets", []string{"id", "opened_at", "customer", "priority", "status", "resolution_hours"}, tickets())
	const fiscal = 2
	d := &diag.List{}
	cat := kpi.ParseCatalogYAML("data/kpis.yaml", []byte(catalogYAML), d)

	// From the CSV file.
	srcs := source.Parse([]byte("- file: tickets.csv\n  layout: records\n"+recordKPIs), cat, nil, d)
	fsys := fstest.MapFS{"data/tickets.csv": {Data: []byte(ticketsCSV())}}
	bk, err := sheet.Open(fsys, "data/tickets.csv")
	if err != nil {
		t.Fatal(err)
	}
	l := kpi.NewLoader(cat, d)
	source.Read(srcs[0], []*sheet.Book{bk}, l, cat, fiscal, d)
	fromCSV := figuresOf(t, l.Store(), fiscal)

	// From the table, through pull and the pulled file.
	dbSrcs := source.Parse([]byte("- database: warehouse\n  table: "+sch+".tickets\n  layout: records\n"+recordKPIs), cat, []string{"warehouse"}, d)
	wantNoDiags(t, d)
	pulled := Pull(context.Background(), fstest.MapFS{}, dbSrcs, cat, Options{FiscalStart: fiscal,
		Getenv:    func(string) string { return u },
		Databases: map[string]source.Database{"warehouse": {Name: "warehouse", Driver: "postgres", URLEnv: "X", ConnectTimeout: 5 * time.Second, StatementTimeout: time.Minute}},
	}, d)
	wantNoDiags(t, d)
	if len(pulled) != 1 {
		t.Fatalf("pulled %d sources", len(pulled))
	}
	pfs := fstest.MapFS{dbSrcs[0].PulledFile(): {Data: pulled[0].CSV}}
	l2 := kpi.NewLoader(cat, d)
	source.ReadPulled(dbSrcs[0], pfs, l2, cat, fiscal, d)
	wantNoDiags(t, d)
	fromTable := figuresOf(t, l2.Store(), fiscal)
	if fromCSV != fromTable {
		t.Errorf("figures differ:\nCSV:\n%s\ntable:\n%s\npulled:\n%s", fromCSV, fromTable, pulled[0].CSV)
	}
	// By hand: Q1 of FY2027 (February to April 2026) has customers
	// acme, gamma, beta, delta: 4; its p90 of [1 4.25 8 20] is
	// 8 + 12 × 0.7 = 16.4.
	for _, want := range []string{"customers,2026-03,3,,,,,,,,1,50,2,200,4,4,4,none,0", "res_p90,2026-04,,", "tickets,2026-04,0,"} {
		if !strings.Contains(fromTable, "\n"+want) {
			t.Errorf("figures lack %q:\n%s", want, fromTable)
		}
	}
	if !strings.Contains(string(pulled[0].CSV), "res_p90,2026-03,18.1,16.4,") {
		t.Errorf("pulled p90 of Q1:\n%s", pulled[0].CSV)
	}
}

func wantNoDiags(t *testing.T, d *diag.List) {
	t.Helper()
	if items := d.Items(); len(items) > 0 {
		t.Fatalf("diagnostics: %v", items)
	}
}

// pullSite pulls srcYAML's database sources of a site whose database
// "warehouse" is at url.
func pullSite(t *testing.T, url, srcYAML string, files fstest.MapFS) ([]Pulled, *diag.List) {
	t.Helper()
	d := &diag.List{}
	cat := kpi.ParseCatalogYAML("data/kpis.yaml", []byte(catalogYAML+"- {id: revenue, name: Revenue, unit: currency}\n- {id: arr, name: ARR, unit: currency}\n"), d)
	srcs := source.Parse([]byte(srcYAML), cat, []string{"warehouse"}, d)
	if d.HasErrors() {
		t.Fatalf("sources: %v", d.Items())
	}
	pulled := Pull(context.Background(), files, srcs, cat, Options{FiscalStart: 1,
		Getenv: func(k string) string {
			if k == "WAREHOUSE_URL" {
				return url
			}
			return ""
		},
		Databases: map[string]source.Database{"warehouse": {Name: "warehouse", Driver: "postgres", URLEnv: "WAREHOUSE_URL",
			ConnectTimeout: 3 * time.Second, StatementTimeout: time.Minute, Pos: diag.Pos{File: "opsreport.yaml", Line: 3}}},
	}, d)
	return pulled, d
}

// A query returning the months-down shape, with a NUMERIC column and a
// date column, is pulled in the long shape, sorted.
func TestQuerySource(t *testing.T) {
	u := testURL(t)
	sch := schema(t, u, "finance (month date, net_revenue numeric(12,2), arr bigint)", "finance",
		[]string{"month", "net_revenue", "arr"}, [][]any{
			{time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC), "1200.50", int64(50000)},
			{time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), "1100.25", int64(48000)},
		})
	files := fstest.MapFS{"data/queries/finance.sql": {Data: []byte("SELECT month AS period, net_revenue, arr FROM " + sch + ".finance")}}
	pulled, d := pullSite(t, u, "- database: warehouse\n  query: queries/finance.sql\n  series: {revenue: Net revenue, arr: ARR}\n", files)
	wantNoDiags(t, d)
	want := "kpi,period,actual,target,budget,forecast\narr,2026-01,48000,,,\narr,2026-02,50000,,,\nrevenue,2026-01,1100.25,,,\nrevenue,2026-02,1200.5,,,\n"
	if len(pulled) != 1 || string(pulled[0].CSV) != want {
		t.Errorf("pulled:\n%s\nwant:\n%s", pulled[0].CSV, want)
	}
}

// Every failure names the source, its line and the database, never the
// password, and pulls nothing.
func TestPullErrors(t *testing.T) {
	u := testURL(t)
	sch := schema(t, u, "tickets (id int, opened_at timestamptz, customer text, priority text, status text, resolution_hours numeric)",
		"tickets", []string{"id", "opened_at", "customer", "priority", "status", "resolution_hours"}, tickets())
	records := "- database: warehouse\n  table: " + sch + ".tickets\n  layout: records\n"
	tests := []struct {
		name, url, src string
		files          fstest.MapFS
		want           []string
	}{
		{"connection refused", "postgres://opsreport:s3cret-pw@127.0.0.1:1/test?connect_timeout=2", records + recordKPIs, nil,
			[]string{`data/sources.yaml:1:3: source tickets, database warehouse: cannot connect: `}},
		{"bad credentials", strings.Replace(u, "postgres@", "no_such_user:s3cret-pw@", 1), records + recordKPIs, nil,
			[]string{`data/sources.yaml:1:3: source tickets, database warehouse: cannot connect: `}},
		{"missing table", u, "- database: warehouse\n  table: " + sch + ".tickts\n  layout: records\n" + recordKPIs, nil,
			[]string{`data/sources.yaml:1:3: source tickts, database warehouse: table ` + sch + `.tickts does not exist (or this user cannot see it)`}},
		{"missing column", u, records + "  date: opened\n  kpis: {tickets: {agg: count}, res_avg: {agg: avg, column: hours}}\n", nil,
			[]string{
				`data/sources.yaml:4:9: column "opened" is not in table ` + sch + `.tickets (did you mean "opened_at"?) (its columns: "id", "opened_at", "customer", "priority", "status", "resolution_hours")`,
				`data/sources.yaml:5:61: column "hours" is not in table ` + sch + `.tickets (did you mean "resolution_hours"?) (its columns: "id", "opened_at", "customer", "priority", "status", "resolution_hours")`,
			}},
		{"text summed", u, records + "  date: opened_at\n  kpis: {res_avg: {agg: sum, column: status}}\n", nil,
			[]string{`data/sources.yaml:5:38: source tickets: kpi res_avg: column status of ` + sch + `.tickets is text, not a number: sum needs numbers`}},
		{"query error", u, "- database: warehouse\n  query: q.sql\n", fstest.MapFS{"data/q.sql": {Data: []byte("SELECT nonsense FROM " + sch + ".tickets")}},
			[]string{`data/sources.yaml:1:3: source q, database warehouse: column "nonsense" does not exist`}},
		{"query giving a value twice", u, "- database: warehouse\n  query: q.sql\n  layout: long\n", fstest.MapFS{"data/q.sql": {Data: []byte("SELECT 'revenue' AS kpi, '2026-02' AS period, 5 AS actual UNION ALL SELECT 'revenue', '2026-02', 7")}},
			[]string{`data/q.sql: result!C3: actual given twice for kpi revenue, 2026-02 (first at data/q.sql: result!C2)`}},
		{"query of the wrong shape", u, "- database: warehouse\n  query: q.sql\n  layout: long\n", fstest.MapFS{"data/q.sql": {Data: []byte("SELECT id, customer FROM " + sch + ".tickets")}},
			[]string{`data/q.sql: result: warning: source q: no header row with kpi and period columns in the first 50 rows: sheet ignored`,
				`data/sources.yaml:1:3: warning: source q read no value from data/q.sql`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pulled, d := pullSite(t, tt.url, tt.src, tt.files)
			got := diagLines(d)
			if len(got) != len(tt.want) {
				t.Fatalf("diagnostics:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
			for i := range got {
				if !strings.HasPrefix(got[i], tt.want[i]) {
					t.Errorf("got  %s\nwant %s…", got[i], tt.want[i])
				}
				if strings.Contains(got[i], "s3cret") {
					t.Errorf("a password in a message: %s", got[i])
				}
			}
			if d.HasErrors() && len(pulled) > 0 {
				t.Errorf("pulled %d sources despite errors", len(pulled))
			}
		})
	}
}

func diagLines(d *diag.List) []string {
	var out []string
	for _, it := range d.Items() {
		out = append(out, it.String())
	}
	return out
}

func TestRedact(t *testing.T) {
	u := "postgres://app:p%40ss w0rd@db.example:5432/x"
	msg := "failed: postgres://app:p%40ss w0rd@db.example:5432/x: password p@ss w0rd rejected"
	if got := redact(msg, u); strings.Contains(got, "w0rd") {
		t.Errorf("redact: %s", got)
	}
	if got := redact("password=hunter2 rejected", "host=db user=app password=hunter2"); strings.Contains(got, "hunter2") {
		t.Errorf("redact key=value: %s", got)
	}
	if got := redact("auth failed for a b secret", "host=db password='a b secret' user=app"); strings.Contains(got, "secret") {
		t.Errorf("redact quoted key=value: %s", got)
	}
	if got := redact("auth: s3cr3t", "postgres://db/x?user=app&password=s3cr3t"); strings.Contains(got, "s3cr3t") {
		t.Errorf("redact query string: %s", got)
	}
}

// where decides alike on a file and on a table: a plain-number operand
// compares numerically (a text cell that is no plain number fails it),
// any other as text ignoring case.
func TestWhereMatchesCSV(t *testing.T) {
	u := testURL(t)
	at := time.Date(2026, 3, 5, 0, 0, 0, 0, time.UTC)
	rows := [][]any{{at, "10"}, {at, "9"}, {at, "abc"}, {at, "1"}, {at, " 4 "}, {at, "5%"}}
	sch := schema(t, u, "t (d timestamptz, score text)", "t", []string{"d", "score"}, rows)
	kpis := "  date: d\n  kpis:\n    tickets: {agg: count, where: {score: \">= 5\"}}\n    p1: {agg: count, where: {score: [\"01\", ABC]}}\n    slow: {agg: count, where: {score: \"< b\"}}\n"
	d := &diag.List{}
	cat := kpi.ParseCatalogYAML("data/kpis.yaml", []byte(catalogYAML), d)
	var csvText strings.Builder
	csvText.WriteString("d,score\n")
	for _, r := range rows {
		fmt.Fprintf(&csvText, "%s,%q\n", r[0].(time.Time).Format(time.RFC3339), r[1])
	}
	srcs := source.Parse([]byte("- file: t.csv\n  layout: records\n"+kpis), cat, nil, d)
	bk, err := sheet.Open(fstest.MapFS{"data/t.csv": {Data: []byte(csvText.String())}}, "data/t.csv")
	if err != nil {
		t.Fatal(err)
	}
	l := kpi.NewLoader(cat, d)
	source.Read(srcs[0], []*sheet.Book{bk}, l, cat, 1, d)
	fromCSV := figuresOf(t, l.Store(), 1)
	pulled, d2 := pullSite(t, u, "- database: warehouse\n  table: "+sch+".t\n  layout: records\n"+kpis, nil)
	wantNoDiags(t, d)
	wantNoDiags(t, d2)
	l2 := kpi.NewLoader(cat, d)
	dbSrc := source.Parse([]byte("- database: warehouse\n  table: "+sch+".t\n  layout: records\n"+kpis), cat, []string{"warehouse"}, d)[0]
	source.ReadPulled(dbSrc, fstest.MapFS{dbSrc.PulledFile(): {Data: pulled[0].CSV}}, l2, cat, 1, d)
	fromTable := figuresOf(t, l2.Store(), 1)
	// >= 5: 10 and 9 (abc and 5% are no plain numbers); 01 or abc: 1 and
	// abc; < b as text: 10, 9, abc, 1, 4, 5%.
	for _, want := range []string{"tickets,2026-03,2,", "p1,2026-03,2,", "slow,2026-03,6,"} {
		if !strings.Contains(fromCSV, "\n"+want) || !strings.Contains(fromTable, "\n"+want) {
			t.Errorf("%q:\nCSV:\n%s\ntable:\n%s", want, fromCSV, fromTable)
		}
	}
}

// A table's records with no date are counted in a warning, and a record
// dated a thousand years off is an error, as in a records file.
func TestUndatedAndStrayRecords(t *testing.T) {
	u := testURL(t)
	day := func(y int) any { return time.Date(y, 1, 5, 0, 0, 0, 0, time.UTC) }
	sch := schema(t, u, "t (opened timestamptz, x int)", "t", []string{"opened", "x"},
		[][]any{{day(2026), 1}, {nil, 2}, {day(1026), 3}, {day(2026), 4}})
	pulled, d := pullSite(t, u, "- database: warehouse\n  table: "+sch+".t\n  layout: records\n  date: opened\n  kpis: {tickets: {agg: count}}\n", nil)
	want := []string{
		`data/sources.yaml:4:9: source t: opened places a record in 1026-01, 1000 years before the source's other records: a mistyped date?`,
		`data/sources.yaml:4:9: warning: source t: 1 record with no opened was not counted`,
	}
	if got := diagLines(d); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("diagnostics:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if len(pulled) != 0 {
		t.Errorf("pulled despite a mistyped date")
	}
}
