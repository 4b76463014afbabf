package cli

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/opsreport/opsreport/internal/pgtest"
)

// A site with a table source: check and build refuse until pull; pull
// writes data/pulled and says what changed; a second pull changes
// nothing; a pull that cannot connect leaves data/pulled as it was; build
// then works offline.
func TestPullCommand(t *testing.T) {
	u := pgtest.URL(t)
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, u)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	sch := fmt.Sprintf("opsreport_cli_%d", os.Getpid())
	if _, err := conn.Exec(ctx, "CREATE SCHEMA "+sch+"; CREATE TABLE "+sch+".tickets (opened_at timestamptz, customer text)"); err != nil {
		t.Fatal(err)
	}
	defer conn.Exec(ctx, "DROP SCHEMA "+sch+" CASCADE")
	if _, err := conn.Exec(ctx, "INSERT INTO "+sch+".tickets SELECT timestamptz '2026-01-01' + (i || ' hours')::interval, 'c' || (i % 7) FROM generate_series(0, 1500) i"); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	write := func(name, text string) {
		os.MkdirAll(filepath.Dir(filepath.Join(dir, name)), 0o755)
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("opsreport.yaml", "title: T\ndatabases:\n  warehouse: {driver: postgres, url_env: OPSREPORT_TEST_WAREHOUSE}\n")
	write("data/kpis.yaml", "- {id: tickets, name: Tickets, unit: count}\n- {id: customers, name: Customers, unit: count}\n")
	write("data/sources.yaml", "- database: warehouse\n  table: "+sch+".tickets\n  layout: records\n  date: opened_at\n  kpis: {tickets: {agg: count}, customers: {agg: distinct, column: customer}}\n")

	t.Setenv("OPSREPORT_TEST_WAREHOUSE", u)
	code, _, stderr := run("check", "-s", dir)
	if code != 1 || !strings.Contains(stderr, "data/sources.yaml:1:3: source tickets has never been pulled from database warehouse: run opsreport pull (then commit data/pulled/tickets.csv)") {
		t.Fatalf("check before pull: %d\n%s", code, stderr)
	}
	code, stdout, stderr := run("pull", "-s", dir)
	if code != 0 || !strings.HasPrefix(stdout, "data/pulled/tickets.csv | 6 rows: new\npulled 1 source, 6 rows, ") {
		t.Fatalf("pull: %d\n%s%s", code, stdout, stderr)
	}
	pulled, _ := os.ReadFile(filepath.Join(dir, "data/pulled/tickets.csv"))
	// 1,501 hourly tickets from 1 January: 744 in January, 672 in
	// February, 85 in March; seven customers every month.
	want := "kpi,period,actual,qtd,ytd,ttm\ncustomers,2026-01,7,7,7,\ncustomers,2026-02,7,7,7,\ncustomers,2026-03,7,7,7,\ntickets,2026-01,744,744,744,\ntickets,2026-02,672,1416,1416,\ntickets,2026-03,85,1501,1501,\n"
	if string(pulled) != want {
		t.Errorf("pulled:\n%s\nwant:\n%s", pulled, want)
	}
	if code, stdout, _ := run("pull", "-s", dir, "--source", "tickets"); code != 0 || !strings.HasPrefix(stdout, "data/pulled/tickets.csv | 6 rows: unchanged\n") {
		t.Errorf("second pull: %d %s", code, stdout)
	}
	t.Setenv("OPSREPORT_TEST_WAREHOUSE", "postgres://x:topsecret@127.0.0.1:1/test?connect_timeout=2")
	code, _, stderr = run("pull", "-s", dir)
	if code != 1 || !strings.Contains(stderr, "source tickets, database warehouse: cannot connect") || strings.Contains(stderr, "topsecret") ||
		!strings.Contains(stderr, "pull failed: 1 error; data/pulled was left as it was") {
		t.Errorf("pull that cannot connect: %d\n%s", code, stderr)
	}
	if again, _ := os.ReadFile(filepath.Join(dir, "data/pulled/tickets.csv")); string(again) != want {
		t.Errorf("a failed pull changed data/pulled")
	}
	if code, _, stderr := run("pull", "-s", dir, "--source", "tikets"); code != 1 || !strings.Contains(stderr, `no database source named "tikets" (did you mean "tickets"?)`) {
		t.Errorf("unknown source: %d %s", code, stderr)
	}
	if code, stdout, stderr := run("build", "-s", dir); code != 0 {
		t.Errorf("offline build: %d\n%s%s", code, stdout, stderr)
	}
}
