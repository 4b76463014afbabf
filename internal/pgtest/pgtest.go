// Package pgtest finds the PostgreSQL server that tests of database
// sources use: OPSREPORT_TEST_PG, or the machine's server at
// 127.0.0.1:5432 (user postgres, database test). Without one a test skips,
// except under CI=true, where it fails: CI must run them.
package pgtest

import (
	"context"
	"os"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// URL is the server's connection URL, once it has answered.
func URL(t testing.TB) string {
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
