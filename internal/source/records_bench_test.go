package source

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/opsreport/opsreport/internal/diag"
	"github.com/opsreport/opsreport/internal/kpi"
	"github.com/opsreport/opsreport/internal/sheet"
)

// The records benchmark reads a generated ticket export of
// OPSREPORT_BENCH_RECORDS rows (default 10 million, about 700 MB) into
// monthly KPIs, beside a bare encoding/csv read of the same file, so the
// ratio shows what the aggregation adds:
//
//	go test ./internal/source -run '^$' -bench Records -benchtime 1x
func recordsFile(b *testing.B) (dir string, rows int) {
	rows = 10_000_000
	if s := os.Getenv("OPSREPORT_BENCH_RECORDS"); s != "" {
		var err error
		if rows, err = strconv.Atoi(s); err != nil {
			b.Fatal(err)
		}
	}
	dir = b.TempDir() // removed when the benchmark ends
	if err := writeTickets(filepath.Join(dir, "data", "tickets.csv"), rows); err != nil {
		b.Fatal(err)
	}
	return dir, rows
}

// writeTickets writes rows tickets over 24 months of 2025–2026.
func writeTickets(name string, rows int) error {
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		return err
	}
	f, err := os.Create(name)
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(f, 1<<20)
	fmt.Fprintln(w, "id,opened_at,customer,priority,status,resolution_hours")
	prio := []string{"P1", "P2", "P3", "P4"}
	for i := range rows {
		m := i * 24 / rows
		fmt.Fprintf(w, "%d,%d-%02d-%02dT%02d:%02d:00Z,cust%05d,%s,closed,%d.%d\n",
			i, 2025+m/12, m%12+1, i%28+1, i%24, i%60, (i*7919)%50000, prio[i%4], i%97, i%10)
	}
	if err := w.Flush(); err != nil {
		return err
	}
	return f.Close()
}

func BenchmarkRecords(b *testing.B) {
	dir, rows := recordsFile(b)
	fsys := os.DirFS(dir)
	b.Run("bare-encoding-csv", func(b *testing.B) {
		for range b.N {
			f, err := os.Open(filepath.Join(dir, "data", "tickets.csv"))
			if err != nil {
				b.Fatal(err)
			}
			r := csv.NewReader(bufio.NewReaderSize(f, 1<<20))
			r.ReuseRecord = true
			n := 0
			for {
				if _, err := r.Read(); err == io.EOF {
					break
				} else if err != nil {
					b.Fatal(err)
				}
				n++
			}
			f.Close()
			b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "rows/s")
		}
	})
	run := func(name, kpis string) {
		b.Run(name, func(b *testing.B) {
			cat := testCatalog()
			d := &diag.List{}
			srcs := Parse([]byte("- file: tickets.csv\n  layout: records\n  date: opened_at\n  kpis: "+kpis+"\n"), cat, nil, d)
			for range b.N {
				bk, err := sheet.Open(fsys, "data/tickets.csv")
				if err != nil {
					b.Fatal(err)
				}
				l := kpi.NewLoader(cat, d)
				Read(srcs[0], []*sheet.Book{bk}, l, cat, 1, d)
				if st := l.Store(); len(st.Months()) != 24 || d.HasErrors() {
					b.Fatalf("%d months: %v", len(st.Months()), d.Items())
				}
				b.ReportMetric(float64(rows)/b.Elapsed().Seconds(), "rows/s")
			}
		})
	}
	run("count-sum", "{tickets: {agg: count}, res_avg: {agg: sum, column: resolution_hours}}")
	run("p90-distinct", "{res_p90: {agg: p90, column: resolution_hours}, customers: {agg: distinct, column: customer}}")
}
