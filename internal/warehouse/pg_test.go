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
	"github.com/opsreport/opsreport/internal/sheet"
	"github.com/opsreport/opsreport/internal/source"
)

// The tests run against a real PostgreSQL: OPSREPORT_TEST_PG, or the
// machine's server. Without one they skip, except under CI=true.
func testURL(t testing.TB) string {
	t.Helper()
	u := os.Getenv("OPSREPORT_TEST_PG")
	if u == "" {
		u = "postgres://postgres@127.0.0.1:5432/test?sslmode=disable"
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, u)
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("no PostgreSQL at OPSREPORT_TEST_PG or 127.0.0.1:5432: %v", err)
		}
		t.Skipf("no PostgreSQL answers (set OPSREPORT_TEST_PG): %v", err)
	}
	conn.Close(ctx)
	return u
}

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
	source.ReadPulled(dbSrcs[0], pfs, l2, cat, d)
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
