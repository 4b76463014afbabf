package demo

import (
	"archive/zip"
	"bytes"
	"io"
	"strings"
	"testing"
	"testing/fstest"

	opsreport "github.com/opsreport/opsreport"
	"github.com/opsreport/opsreport/internal/content"
	"github.com/opsreport/opsreport/internal/diag"
	"github.com/opsreport/opsreport/internal/kpi"
	"github.com/opsreport/opsreport/internal/site"
)

// TestYearTenPackHoldsItsWindow builds ten years of a demo company whose
// fiscal year starts in April, and checks the figures in its newest pack
// and in one from year one against data/figures.csv cut by hand: every
// KPI's months from 24 before the review's period to the period (which
// holds the fiscal year so far), no older month, and so a pack in year ten
// no larger than one in year three.
func TestYearTenPackHoldsItsWindow(t *testing.T) {
	files := generate(t, Options{Demo: true, Months: 120, KPIs: 12, Seed: 1})
	if !bytes.Contains(find(t, files, "opsreport.yaml"), []byte("\nfiscal_year_start: 4\n")) {
		t.Fatal("the demo's fiscal year no longer starts in April: this test needs a non-January start")
	}
	var d diag.List
	out := site.Build(mapFS(files), site.Options{Look: opsreport.Builtin}, &d)
	if out == nil {
		t.Fatal(d.Items())
	}
	all := strings.SplitAfter(strings.TrimSuffix(string(out.Files["data/figures.csv"]), "\n"), "\n")
	all[len(all)-1] += "\n"
	var last kpi.Period // the newest pack's review; the newest month is a draft
	for name := range out.Files {
		if p, ok := kpi.ParsePeriod(strings.TrimSuffix(strings.TrimPrefix(name, "packs/opsreport-"), ".zip")); ok && last.Before(p) {
			last = p
		}
	}
	sizes := map[kpi.Period]int{}
	for _, p := range []kpi.Period{last, last.Add(-84), last.Add(-108)} {
		slug := p.String()
		got := string(unzip(t, out.Files["packs/opsreport-"+slug+".zip"])["figures-"+slug+".csv"])
		first := p.Add(-24)
		want := all[0]
		for _, l := range all[1:] {
			if q, ok := kpi.ParsePeriod(strings.Split(l, ",")[1]); ok && !q.Before(first) && !p.Before(q) {
				want += l
			}
		}
		if got != want {
			t.Errorf("%s: figures are %d bytes, want the %d of %s to %s", slug, len(got), len(want), first, p)
		}
		fy := kpi.Period{Year: p.Year, Month: 4}
		if p.Month < 4 {
			fy.Year--
		}
		if !strings.Contains(got, ","+fy.String()+",") || fy.Before(first) {
			t.Errorf("%s: the fiscal year so far, from %s, is not in the pack", slug, fy)
		}
		sizes[p] = len(got)
	}
	if sizes[last] > sizes[last.Add(-84)]*11/10 {
		t.Errorf("the year-ten pack's figures are %d bytes, the year-three one's %d: they should be about the same", sizes[last], sizes[last.Add(-84)])
	}
}

// TestPackWindowReachesAChartsFirstMonth: a chart of 36 months in a
// review's narrative widens its pack's figures to the chart's first month,
// 35 months before the period; the review before it keeps its 24.
func TestPackWindowReachesAChartsFirstMonth(t *testing.T) {
	files := generate(t, Options{Demo: true, Months: 60, KPIs: 12, Seed: 1})
	p := end(t).Add(-1) // the newest review that is not a draft
	narrative := "content/reviews/" + p.String() + "/index.md"
	found := false
	for i, f := range files {
		if f.Path == narrative {
			files[i].Data = append(bytes.Clone(f.Data), "\n{{< chart arr months=\"36\" >}}\n"...)
			found = true
		}
	}
	if !found {
		t.Fatalf("no %s in the demo", narrative)
	}
	var d diag.List
	out := site.Build(mapFS(files), site.Options{Look: opsreport.Builtin}, &d)
	if out == nil {
		t.Fatal(d.Items())
	}
	for _, c := range []struct {
		review kpi.Period
		back   int
	}{{p, 35}, {p.Add(-1), 24}} {
		slug := c.review.String()
		csv := string(unzip(t, out.Files["packs/opsreport-"+slug+".zip"])["figures-"+slug+".csv"])
		first, before := ","+c.review.Add(-c.back).String()+",", ","+c.review.Add(-c.back-1).String()+","
		if !strings.Contains(csv, first) || strings.Contains(csv, before) {
			t.Errorf("%s: the figures do not start %d months back, at %s", slug, c.back, first)
		}
	}
}

func find(t *testing.T, files []File, path string) []byte {
	t.Helper()
	for _, f := range files {
		if f.Path == path {
			return f.Data
		}
	}
	t.Fatalf("no %s in the demo", path)
	return nil
}

func unzip(t *testing.T, data []byte) map[string][]byte {
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

// TestPackWindowReachesALaterMonthShown: a review whose narrative shows a
// month after its own (period="…") has that month's figures in its pack,
// so the archive holds every number the pack prints; the month after that
// is not there.
func TestPackWindowReachesALaterMonthShown(t *testing.T) {
	files := generate(t, Options{Demo: true, Months: 60, KPIs: 12, Seed: 1})
	p := end(t).Add(-6)
	later := p.Add(3)
	narrative := "content/reviews/" + p.String() + "/index.md"
	found := false
	for i, f := range files {
		if f.Path == narrative {
			files[i].Data = append(bytes.Clone(f.Data), "\nLater: {{< value arr period=\""+later.String()+"\" >}}\n"...)
			found = true
		}
	}
	if !found {
		t.Fatalf("no %s in the demo", narrative)
	}
	var d diag.List
	out := site.Build(mapFS(files), site.Options{Look: opsreport.Builtin}, &d)
	if out == nil {
		t.Fatal(d.Items())
	}
	slug := p.String()
	csv := string(unzip(t, out.Files["packs/opsreport-"+slug+".zip"])["figures-"+slug+".csv"])
	if !strings.Contains(csv, "arr,"+later.String()+",") {
		t.Errorf("%s: the pack's figures lack %s, which its narrative shows", slug, later)
	}
	if strings.Contains(csv, ","+later.Add(1).String()+",") {
		t.Errorf("%s: the pack's figures reach past %s", slug, later)
	}
}

// TestClosingLeavesAPackAsItWas closes a review three years into a
// four-year demo, as opsreport close does (its snapshot: every figure up to
// its period), and builds again: the review's pack, now made from its
// snapshot, holds the same files with the same bytes, its figures cut to
// the same 24 months, although the snapshot holds all 36.
func TestClosingLeavesAPackAsItWas(t *testing.T) {
	files := generate(t, Options{Demo: true, Months: 48, KPIs: 8, Seed: 3})
	var d diag.List
	before := site.Build(mapFS(files), site.Options{Look: opsreport.Builtin}, &d)
	s := site.Load(mapFS(files), site.Options{Look: opsreport.Builtin}, &d)
	if before == nil || d.HasErrors() {
		t.Fatal(d.Items())
	}
	rev := s.Reviews[12]
	fsys, snap := closeReview(t, files, s, rev)
	after := site.Build(fsys, site.Options{Look: opsreport.Builtin}, &d)
	if after == nil {
		t.Fatal(d.Items())
	}
	if first := strings.Split(strings.SplitN(string(snap), "\n", 3)[1], ",")[1]; !strings.HasPrefix(first, rev.Period.Add(-35).String()[:4]) {
		t.Fatalf("the snapshot starts at %s: it should hold three years", first)
	}
	// Loaded, the closed review keeps of its snapshot only its own
	// month's rows: its page and pack read the file again.
	loaded := site.Load(fsys, site.Options{Look: opsreport.Builtin}, &d)
	for _, r := range loaded.Reviews {
		if r.Slug != rev.Slug {
			continue
		}
		for _, id := range loaded.Catalog.IDs() {
			if _, ok := r.Snapshot.Get(id, rev.Period); !ok {
				t.Errorf("the loaded review does not hold its own month of %s", id)
			}
			// Its own month, and the month before, which its narratives
			// name (value ... period="2025-08").
			if n := len(r.Snapshot.Series(id)); n > 2 {
				t.Errorf("the loaded review holds %d months of %s, of the snapshot's 36: more than its own and those its narratives name", n, id)
			}
		}
	}
	name := "packs/opsreport-" + rev.Slug + ".zip"
	was, now := unzip(t, before.Files[name]), unzip(t, after.Files[name])
	if len(now) != len(was) {
		t.Errorf("%s holds %d files once closed, %d before", name, len(now), len(was))
	}
	for file, data := range was {
		if !bytes.Equal(now[file], data) {
			t.Errorf("%s: %s changed when its review was closed (%d bytes, was %d)", name, file, len(now[file]), len(data))
		}
	}
}

// closeReview closes rev of the demo files as opsreport close does, from
// the loaded site s: its snapshot written, its status final. It returns
// the site's files so, and the snapshot.
func closeReview(t *testing.T, files []File, s *site.Site, rev *content.Review) (fstest.MapFS, []byte) {
	t.Helper()
	var snap bytes.Buffer
	if err := kpi.WriteSnapshotCSV(&snap, s.SnapshotRows(rev)); err != nil {
		t.Fatal(err)
	}
	final, err := content.SetStatus(rev.Dir+"/index.md", find(t, files, rev.Dir+"/index.md"), "final")
	if err != nil {
		t.Fatal(err)
	}
	fsys := mapFS(files)
	fsys[rev.Dir+"/index.md"] = &fstest.MapFile{Data: final}
	fsys[rev.Dir+"/"+site.SnapshotFile] = &fstest.MapFile{Data: snap.Bytes()}
	return fsys, snap.Bytes()
}

// closedFourth generates a 24-month demo of kpis KPIs and closes its
// fourth newest review: the review, the site with it closed, and its
// snapshot.
func closedFourth(t *testing.T, kpis int) (*content.Review, fstest.MapFS, []byte) {
	t.Helper()
	files := generate(t, Options{Demo: true, Months: 24, KPIs: kpis, Seed: 5})
	var d diag.List
	s := site.Load(mapFS(files), site.Options{Look: opsreport.Builtin}, &d)
	if d.HasErrors() {
		t.Fatal(d.Items())
	}
	rev := s.Reviews[3]
	fsys, snap := closeReview(t, files, s, rev)
	return rev, fsys, snap
}

// TestASnapshotChangedWhileBuildingFailsTheBuild: a closed review's page
// reads its snapshot again as it renders; when the file changed since the
// site loaded (its restatements and the links' counts come from the bytes
// read then), or went, the build fails saying so, rather than making a
// page of two different snapshots.
func TestASnapshotChangedWhileBuildingFailsTheBuild(t *testing.T) {
	rev, fsys, snap := closedFourth(t, 4)
	file := rev.Dir + "/" + site.SnapshotFile
	for name, change := range map[string]func(){
		"changed":   func() { fsys[file] = &fstest.MapFile{Data: bytes.Replace(snap, []byte(",green,"), []byte(",red,"), 1)} },
		"removed":   func() { delete(fsys, file) },
		"as it was": func() {},
	} {
		fsys[file] = &fstest.MapFile{Data: snap}
		var d diag.List
		loaded := site.Load(fsys, site.Options{Look: opsreport.Builtin}, &d)
		if d.HasErrors() {
			t.Fatal(d.Items())
		}
		change()
		loaded.Render(&d)
		want := map[string]string{"changed": "changed while the site was built; build again",
			"removed": "was removed while the site was built; build again"}[name]
		got := ""
		for _, it := range d.Items() {
			got += it.String() + "\n"
		}
		if want == "" && d.HasErrors() || want != "" && !strings.Contains(got, file+": "+want) {
			t.Errorf("snapshot %s after loading: the build said\n%s", name, got)
		}
	}
}
