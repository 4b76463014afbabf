package serve

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/opsreport/opsreport/internal/demo"
	"github.com/opsreport/opsreport/internal/kpi"
)

// BenchmarkEditToEvent is the preview's latency as a writer feels it: from
// saving a narrative of the repository's example site to the reload event
// reaching a browser's stream. It includes the 15 ms quiet time the server
// waits for an editor's save to finish. It reports the median and the 90th
// percentile of the iterations.
func BenchmarkEditToEvent(b *testing.B) {
	dir := b.TempDir()
	copyExample(b, dir)
	benchEdit(b, dir, "content/reviews/2026-10/30-operations.md", "/reviews/2026-10/index.html")
}

// BenchmarkEditToEventLarge is the same on a generated demo site of 60
// months × 200 KPIs (opsreport new site --demo --months 60 --kpis 200),
// editing a section of its newest final review.
func BenchmarkEditToEventLarge(b *testing.B) {
	dir := b.TempDir()
	files, err := demo.Generate(demo.Options{Demo: true, Months: 60, KPIs: 200, Seed: 1, End: kpi.Period{Year: 2026, Month: 10}})
	if err != nil {
		b.Fatal(err)
	}
	for _, f := range files {
		writeFile(b, dir, f.Path, string(f.Data))
	}
	benchEdit(b, dir, "content/reviews/2026-09/10-finance.md", "/reviews/2026-09/index.html")
}

func benchEdit(b *testing.B, dir, file, page string) {
	s, out := start(b, dir)
	st := openStream(b, s)
	st.next(b, "hello")
	text := readFile(b, dir, file)
	var took []time.Duration
	i := 0
	for b.Loop() {
		i++
		t0 := time.Now()
		writeFile(b, dir, file, text+fmt.Sprintf("\nEdit number %d.\n", i))
		var m reloadMsg
		st.next(b, "reload").decode(b, &m)
		took = append(took, time.Since(t0))
		if !slices.Contains(m.Pages, page) {
			b.Fatalf("reload %+v does not list the edited review", m)
		}
	}
	b.StopTimer()
	slices.Sort(took)
	b.ReportMetric(ms(took[len(took)/2]), "ms-median")
	b.ReportMetric(ms(took[len(took)*9/10]), "ms-p90")
	builds := buildTimes(b, out.String())
	b.ReportMetric(ms(builds[len(builds)/2]), "ms-build-median")
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// buildTimes reads the rebuild durations the server printed, sorted: the
// part of the latency that is the site builder's.
func buildTimes(b *testing.B, out string) []time.Duration {
	var ds []time.Duration
	for _, m := range regexp.MustCompile(`(?m)^rebuilt in (\S+):`).FindAllStringSubmatch(out, -1) {
		d, err := time.ParseDuration(m[1])
		if err != nil {
			b.Fatal(err)
		}
		ds = append(ds, d)
	}
	if len(ds) == 0 {
		b.Fatalf("no rebuild lines in:\n%s", out)
	}
	slices.Sort(ds)
	return ds
}

// copyExample copies the repository's example site (config, content, data).
func copyExample(b *testing.B, dst string) {
	root := filepath.Join("..", "..")
	for _, name := range []string{"opsreport.yaml", "content", "data"} {
		err := filepath.WalkDir(filepath.Join(root, name), func(p string, e fs.DirEntry, err error) error {
			if err != nil || e.IsDir() {
				return err
			}
			rel, _ := filepath.Rel(root, p)
			body, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			writeFile(b, dst, filepath.ToSlash(rel), string(body))
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	if !strings.Contains(readFile(b, dst, "content/reviews/2026-10/index.md"), "October") {
		b.Fatal("example site not copied")
	}
}
