package warehouse

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"testing"
	"testing/fstest"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/opsreport/opsreport/internal/diag"
	"github.com/opsreport/opsreport/internal/kpi"
	"github.com/opsreport/opsreport/internal/source"
)

// BenchmarkPullTickets loads OPSREPORT_BENCH_TICKETS rows (default 10
// million, two years) into PostgreSQL with generate_series, then pulls the
// six KPIs of a support catalog from it, reporting the bytes received:
//
//	go test ./internal/warehouse -run '^$' -bench PullTickets -benchtime 1x
func BenchmarkPullTickets(b *testing.B) {
	u := testURL(b)
	rows := 10_000_000
	if s := os.Getenv("OPSREPORT_BENCH_TICKETS"); s != "" {
		rows, _ = strconv.Atoi(s)
	}
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, u)
	if err != nil {
		b.Fatal(err)
	}
	defer conn.Close(ctx)
	sch := fmt.Sprintf("opsreport_bench_%d", os.Getpid())
	start := time.Now()
	for _, q := range []string{
		"CREATE SCHEMA " + sch,
		"CREATE TABLE " + sch + ".tickets (id bigint, opened_at timestamptz, customer text, priority text, status text, resolution_hours numeric)",
		fmt.Sprintf(`INSERT INTO %s.tickets SELECT i, timestamptz '2025-01-01' + (i * (730.0 * 86400 / %d)) * interval '1 second',
			'cust' || (i::bigint * 7919 %% 50000), (ARRAY['P1','P2','P3','P4'])[i %% 4 + 1], CASE WHEN i %% 10 = 0 THEN 'open' ELSE 'closed' END,
			CASE WHEN i %% 10 = 0 THEN NULL ELSE (i %% 97) + (i %% 10) / 10.0 END FROM generate_series(0, %d) i`, sch, rows, rows-1),
		"ANALYZE " + sch + ".tickets",
	} {
		if _, err := conn.Exec(ctx, q); err != nil {
			b.Fatal(err)
		}
	}
	defer conn.Exec(ctx, "DROP SCHEMA "+sch+" CASCADE")
	b.Logf("loaded %d rows in %s", rows, time.Since(start).Round(time.Millisecond))
	d := &diag.List{}
	cat := kpi.ParseCatalogYAML("data/kpis.yaml", []byte(catalogYAML), d)
	srcs := source.Parse([]byte("- database: warehouse\n  table: "+sch+".tickets\n  layout: records\n  date: opened_at\n  kpis:\n"+
		"    tickets: {agg: count}\n    customers: {agg: distinct, column: customer}\n    res_p90: {agg: p90, column: resolution_hours}\n"+
		"    res_avg: {agg: avg, column: resolution_hours, where: {status: closed}}\n    p1: {agg: count, where: {priority: P1}}\n"+
		"    slow: {agg: count, where: {resolution_hours: \"> 48\"}}\n"), cat, []string{"warehouse"}, d)
	o := Options{FiscalStart: 1, Getenv: func(string) string { return u },
		Databases: map[string]source.Database{"warehouse": {Name: "warehouse", Driver: "postgres", URLEnv: "X", ConnectTimeout: 10 * time.Second, StatementTimeout: 10 * time.Minute}}}
	b.ResetTimer()
	for range b.N {
		pulled := Pull(ctx, fstest.MapFS{}, srcs, cat, o, d)
		if d.HasErrors() || len(pulled) != 1 {
			b.Fatal(d.Items())
		}
		b.ReportMetric(float64(pulled[0].Bytes), "bytes-received")
		b.ReportMetric(float64(pulled[0].Rows), "rows-pulled")
	}
}
