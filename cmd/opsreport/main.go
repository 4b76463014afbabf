// Command opsreport builds operating reviews and board reports from KPI
// spreadsheets and markdown narratives. See README.md.
package main

import (
	"context"
	"os"
	"os/signal"

	"github.com/opsreport/opsreport/internal/cli"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	code := cli.Main(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
