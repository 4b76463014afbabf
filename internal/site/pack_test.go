package site

import (
	"archive/zip"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"os"
	"slices"
	"strings"
	"testing"

	opsreport "github.com/opsreport/opsreport"
	"github.com/opsreport/opsreport/internal/diag"
	"github.com/opsreport/opsreport/internal/kpi"
	"github.com/opsreport/opsreport/internal/pack"
)

// TestExamplePacks checks every pack of the example site: pack.html needs
// nothing outside itself and stays under the size goal, and each zip holds
// the pack, the narratives and the figures, which verify against its
// manifest.
func TestExamplePacks(t *testing.T) {
	var d diag.List
	out := Build(os.DirFS("../.."), Options{Look: opsreport.Builtin}, &d)
	if out == nil {
		t.Fatal("example site did not build")
	}
	zips := 0
	for name, data := range out.Files {
		if strings.HasSuffix(name, "/pack.html") {
			refs, _ := pageRefs(t, data)
			for _, r := range refs {
				if r.tag != "a" && !strings.HasPrefix(r.url, "data:") {
					t.Errorf("%s loads another file: <%s %s=%q>", name, r.tag, r.attr, r.url)
				}
			}
			if len(data) > 900_000 {
				t.Errorf("%s is %d bytes, over the 900 KB goal", name, len(data))
			}
		}
		if !strings.HasPrefix(name, "packs/") {
			continue
		}
		zips++
		slug := strings.TrimSuffix(strings.TrimPrefix(name, "packs/opsreport-"), ".zip")
		files := readZip(t, data)
		var m pack.Manifest
		if err := json.Unmarshal(files[pack.ManifestName], &m); err != nil {
			t.Fatalf("%s: manifest: %v", name, err)
		}
		if m.Review != slug || len(m.Files) != len(files)-1 {
			t.Errorf("%s: manifest %+v for %d files", name, m, len(files))
		}
		for _, e := range m.Files {
			sum := sha256.Sum256(files[e.Name])
			if hex.EncodeToString(sum[:]) != e.SHA256 || e.Size != len(files[e.Name]) {
				t.Errorf("%s: %s does not verify against the manifest", name, e.Name)
			}
		}
		if !bytes.Equal(files["pack.html"], out.Files["reviews/"+slug+"/pack.html"]) {
			t.Errorf("%s: pack.html differs from the site's", name)
		}
		src, _ := os.ReadFile("../../content/reviews/" + slug + "/index.md")
		if !bytes.Equal(files["narrative/index.md"], src) {
			t.Errorf("%s: narrative/index.md is not the file as written", name)
		}
		if !bytes.HasPrefix(files["figures-"+slug+".csv"], []byte("kpi,period,actual,")) {
			t.Errorf("%s: no figures", name)
		}
		if hasQ := bytes.Contains(files["figures-"+slug+".csv"], []byte("-Q")); hasQ != strings.Contains(slug, "-Q") {
			t.Errorf("%s: quarter rows in the figures: %v, want them only in a quarterly review's pack", name, hasQ)
		}
	}
	if zips != 5 {
		t.Errorf("%d zips, want one per review (5: four months and a quarter)", zips)
	}
}

func readZip(t *testing.T, data []byte) map[string][]byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]byte{}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		out[f.Name], _ = io.ReadAll(rc)
		rc.Close()
	}
	return out
}

// TestPackFiguresAreTheSiteFiguresUpToThePeriod checks the figures in each
// example zip, which are spliced from shared parts, against data/figures.csv
// cut by hand: the header, then every month from 24 before the review's
// period up to it and, in the quarterly review's pack only, its quarter's
// rows, in the same order. (The example's two years all fall in that
// window; internal/demo's TestYearTenPackHoldsItsWindow cuts a longer one.)
func TestPackFiguresAreTheSiteFiguresUpToThePeriod(t *testing.T) {
	var d diag.List
	out := Build(os.DirFS("../.."), Options{Look: opsreport.Builtin, Drafts: true}, &d)
	if out == nil {
		t.Fatal("example site did not build")
	}
	lines := strings.SplitAfter(strings.TrimSuffix(string(out.Files["data/figures.csv"]), "\n"), "\n")
	lines[len(lines)-1] += "\n"
	checked := 0
	for name, data := range out.Files {
		if !strings.HasPrefix(name, "packs/") {
			continue
		}
		slug := strings.TrimSuffix(strings.TrimPrefix(name, "packs/opsreport-"), ".zip")
		last := slug // a monthly review
		if strings.Contains(slug, "-Q") {
			last = "2026-10" // the fiscal year starts in February: Q3 FY2027 is August to October 2026
		}
		end, _ := kpi.ParsePeriod(last)
		first := end.Add(-24).String()
		want := lines[0]
		for _, l := range lines[1:] {
			period := strings.Split(l, ",")[1]
			if strings.Contains(period, "-Q") && period == slug || !strings.Contains(period, "-Q") && period <= last && period >= first {
				want += l
			}
		}
		got := string(readZip(t, data)["figures-"+slug+".csv"])
		if got != want {
			t.Errorf("%s: figures are %d bytes, want %d", name, len(got), len(want))
		}
		checked++
	}
	if checked != 5 {
		t.Errorf("checked %d packs, want the example's 5", checked)
	}
}

// TestScopedReviewPackHoldsItsFunctionsFigures: the zip of a review scoped
// to Retail (testdata/site/functions.txtar) holds the Retail KPIs' figures
// only; the unscoped March review's holds every KPI's.
func TestScopedReviewPackHoldsItsFunctionsFigures(t *testing.T) {
	var d diag.List
	out := Build(siteFromTxtar(t, "testdata/site/functions.txtar"), Options{Look: opsreport.Builtin, Drafts: true}, &d)
	if out == nil {
		t.Fatalf("build: %v", d.Items())
	}
	kpis := func(slug string) []string {
		var ids []string
		csv := string(readZip(t, out.Files["packs/opsreport-"+slug+".zip"])["figures-"+slug+".csv"])
		for _, l := range strings.Split(strings.TrimSpace(csv), "\n")[1:] {
			if id := strings.Split(l, ",")[0]; !slices.Contains(ids, id) {
				ids = append(ids, id)
			}
		}
		return ids
	}
	if got := kpis("2026-04"); !slices.Equal(got, []string{"basket", "store_sales"}) {
		t.Errorf("the Retail review's figures have %v, want store_sales and basket", got)
	}
	if got := kpis("2026-03"); !slices.Equal(got, []string{"basket", "on_time", "store_sales"}) {
		t.Errorf("the unscoped review's figures have %v, want every KPI", got)
	}
}

// TestAPackLeavesOutTheTablesItHides: a section of the example's July
// review embeds the scorecard ({{< scorecard >}}), which its page shows
// there; its pack prints the scorecard once, in its own block, and leaves
// the section's copy out instead of hiding it with pack.css. Its text
// around the table stays.
func TestAPackLeavesOutTheTablesItHides(t *testing.T) {
	var d diag.List
	out := Build(os.DirFS("../.."), Options{Look: opsreport.Builtin}, &d)
	if out == nil {
		t.Fatal("example site did not build")
	}
	const table = `<div class="table-wrap" role="group" aria-label="Scorecard" tabindex="0"><table`
	page, packHTML := string(out.Files["reviews/2026-07/index.html"]), string(out.Files["reviews/2026-07/pack.html"])
	if n := strings.Count(page, table); n != 2 {
		t.Fatalf("the July page holds %d scorecards, want 2 (its own and a section's): the example changed", n)
	}
	if n := strings.Count(packHTML, table); n != 1 {
		t.Errorf("the July pack holds %d scorecard tables, want its own block's only", n)
	}
	// The paragraph before the section's scorecard is in the pack too.
	i := strings.LastIndex(page, table)
	before := page[strings.LastIndex(page[:i], "<p>"):i]
	if !strings.Contains(packHTML, strings.TrimSpace(before)) {
		t.Errorf("the pack lost the text before the section's scorecard: %q", before)
	}
}
