package site

import (
	"os"
	"regexp"
	"strings"
	"testing"

	opsreport "github.com/opsreport/opsreport"
	"github.com/opsreport/opsreport/internal/diag"
)

// headlineKPIs are the KPI names of the tiles in a page's headline block,
// in order (a pack keeps the names and drops the links), or nil when the
// page has no headline block.
var (
	headlineBlock = regexp.MustCompile(`(?s)<section id="headline".*?</section>`)
	tileName      = regexp.MustCompile(`<h3 class="tile-name">(?:<a[^>]*>)?([^<]+)`)
)

func headlineKPIs(page []byte) []string {
	block := headlineBlock.Find(page)
	if block == nil {
		return nil
	}
	var names []string
	for _, m := range tileName.FindAllSubmatch(block, -1) {
		names = append(names, string(m[1]))
	}
	return names
}

// TestExampleHeadlineIsTheSameEverywhere: the example's home page, every
// review and every pack open with the same headline KPIs, the catalog's
// flagged ones, whatever is red or amber in the month.
func TestExampleHeadlineIsTheSameEverywhere(t *testing.T) {
	var d diag.List
	out := Build(os.DirFS("../.."), Options{Look: opsreport.Builtin}, &d)
	if out == nil {
		t.Fatal(d.Items())
	}
	want := strings.Join(headlineKPIs(out.Files["index.html"]), "; ")
	if n := len(headlineKPIs(out.Files["index.html"])); n == 0 || n > 12 {
		t.Fatalf("home page headline has %d KPIs: %q", n, want)
	}
	pages := 0
	for name, data := range out.Files {
		if !strings.HasPrefix(name, "reviews/") || !strings.HasSuffix(name, ".html") || name == "reviews/index.html" {
			continue
		}
		pages++
		if got := strings.Join(headlineKPIs(data), "; "); got != want {
			t.Errorf("%s headline %q, want %q as on the home page", name, got, want)
		}
	}
	if pages < 10 {
		t.Errorf("only %d review pages and packs checked", pages)
	}
}
