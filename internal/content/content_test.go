package content

import (
	"bytes"
	"flag"
	"fmt"
	"html/template"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/txtar"

	"github.com/opsreport/opsreport/internal/diag"
)

var update = flag.Bool("update", false, "rewrite the expected sections of testdata/*.txtar")

// stubExpand prints a shortcode as a pseudo-tag, so tests see exactly what
// the Expander was handed.
func stubExpand(sc *Shortcode) template.HTML {
	var b strings.Builder
	fmt.Fprintf(&b, "<sc name=%s", sc.Name)
	if len(sc.Args) > 0 {
		fmt.Fprintf(&b, " args=%s", strings.Join(sc.Args, ","))
	}
	for _, k := range sortedKeys(sc.Params) {
		fmt.Fprintf(&b, " %s=%s", k, strconv.Quote(sc.Params[k]))
	}
	if sc.Block {
		b.WriteString(" block")
	}
	b.WriteString(">")
	return template.HTML(b.String()) // test input only: raw, so the goldens read easily
}

// caseOptions come from a line of the archive's comment such as
// "options: meta=review prefix unsafe summary=80"; the rest is prose.
type caseOptions struct {
	meta    string // review, section, page or none
	prefix  bool   // footnote prefix per file: its base name and "-"
	unsafe  bool
	summary int // 0: no summary section
}

func parseCaseOptions(t *testing.T, comment []byte) caseOptions {
	o := caseOptions{meta: "section"}
	var fields []string
	for _, line := range strings.Split(string(comment), "\n") {
		if opts, ok := strings.CutPrefix(line, "options:"); ok {
			fields = append(fields, strings.Fields(opts)...)
		}
	}
	for _, f := range fields {
		k, v, _ := strings.Cut(f, "=")
		switch k {
		case "meta":
			o.meta = v
		case "prefix":
			o.prefix = true
		case "unsafe":
			o.unsafe = true
		case "summary":
			o.summary, _ = strconv.Atoi(v)
		default:
			t.Fatalf("unknown option %q", f)
		}
	}
	return o
}

func newMeta(kind string) any {
	switch kind {
	case "review":
		return &ReviewMeta{}
	case "section":
		return &SectionMeta{}
	case "page":
		return &PageMeta{}
	}
	return nil
}

// runCase parses every .md file of the archive in order, renders them all
// with one shared IDs (as one page), and returns the sections it produces.
func runCase(t *testing.T, ar *txtar.Archive) map[string]string {
	o := parseCaseOptions(t, ar.Comment)
	var d diag.List
	ids := NewIDs()
	var html, scs, summary strings.Builder
	docs := 0
	for _, f := range ar.Files {
		if !strings.HasSuffix(f.Name, ".md") {
			continue
		}
		docs++
		doc := Parse(f.Name, f.Data, newMeta(o.meta), &d)
		ro := RenderOptions{IDs: ids, Unsafe: o.unsafe}
		if o.prefix {
			ro.FootnotePrefix = strings.TrimSuffix(filepath.Base(f.Name), ".md") + "-"
		}
		fmt.Fprintf(&html, "<!-- %s -->\n%s", f.Name, doc.Render(stubExpand, ro))
		for _, sc := range doc.Shortcodes() {
			fmt.Fprintf(&scs, "%s %s block=%v %q\n", sc.Pos, sc.Name, sc.Block, sc.Source)
		}
		if o.summary > 0 {
			fmt.Fprintf(&summary, "%s\n", doc.Summary(o.summary))
		}
	}
	if docs == 0 {
		t.Fatal("no .md file in the archive")
	}
	var diags strings.Builder
	d.Print(&diags)
	out := map[string]string{"out.html": html.String(), "diag": diags.String(), "shortcodes": scs.String()}
	if o.summary > 0 {
		out["summary"] = summary.String()
	}
	return out
}

// TestTxtar runs testdata/*.txtar: markdown in; HTML, diagnostics, valid
// shortcodes and the summary out. An absent "diag" or "shortcodes" section
// expects none.
func TestTxtar(t *testing.T) {
	files, err := filepath.Glob("testdata/*.txtar")
	if err != nil || len(files) == 0 {
		t.Fatalf("no test archives: %v", err)
	}
	for _, file := range files {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".txtar"), func(t *testing.T) {
			ar, err := txtar.ParseFile(file)
			if err != nil {
				t.Fatal(err)
			}
			got := runCase(t, ar)
			if *update {
				writeExpected(t, file, ar, got)
				return
			}
			for _, name := range slices.Sorted(maps.Keys(got)) {
				if want := section(ar, name); got[name] != want {
					t.Errorf("%s:\n--- got ---\n%s--- want ---\n%s", name, got[name], want)
				}
			}
		})
	}
}

func section(ar *txtar.Archive, name string) string {
	for _, f := range ar.Files {
		if f.Name == name {
			return string(f.Data)
		}
	}
	return ""
}

// writeExpected replaces the expected sections; empty ones are dropped.
func writeExpected(t *testing.T, file string, ar *txtar.Archive, got map[string]string) {
	var files []txtar.File
	for _, f := range ar.Files {
		if _, expected := got[f.Name]; !expected {
			files = append(files, f)
		}
	}
	for _, name := range []string{"out.html", "diag", "shortcodes", "summary"} {
		if got[name] != "" {
			files = append(files, txtar.File{Name: name, Data: []byte(got[name])})
		}
	}
	ar.Files = files
	if err := os.WriteFile(file, txtar.Format(ar), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestSlug(t *testing.T) {
	tests := map[string]string{
		"Résumé":                 "résumé",
		"Re\u0301sume\u0301":     "résumé", // decomposed accents compose to the same id
		"Q3 results: 12% up!":    "q3-results-12-up",
		"Year-to-date — Finance": "year-to-date-finance",
		"Übersicht der Kosten":   "übersicht-der-kosten",
		"売上高":                    "売上高",
		"snake_case id":          "snake_case-id",
		"  ***  ":                "section",
	}
	for in, want := range tests {
		if got := slug(in); got != want {
			t.Errorf("slug(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestIDsNumberRepeats(t *testing.T) {
	ids := NewIDs()
	ids.Put([]byte("scorecard"))
	var got []string
	for _, h := range []string{"Scorecard", "Highlights", "Highlights", "Highlights-1", "Highlights"} {
		got = append(got, string(ids.Generate([]byte(h), 0)))
	}
	want := []string{"scorecard-1", "highlights", "highlights-1", "highlights-1-1", "highlights-2"}
	if !slices.Equal(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestTruncate(t *testing.T) {
	tests := []struct {
		in   string
		n    int
		want string
	}{
		{"ARR grew 4% in October.", 40, "ARR grew 4% in October."},
		{"ARR grew 4% in October.", 23, "ARR grew 4% in October."}, // exactly n runes: whole
		{"ARR grew 4% in October.", 22, "ARR grew 4% in…"},         // "ARR grew 4% in Octobe" cut back to a space
		{"ARR grew 4%, in October.", 14, "ARR grew 4%…"},           // dangling comma trimmed
		{"Résumé über alles", 8, "Résumé…"},                        // runes, not bytes
		{"Supercalifragilistic", 6, "Super…"},                      // no space: cut mid-word
		{"abc", 0, ""},
	}
	for _, tt := range tests {
		got := truncate(tt.in, tt.n)
		if got != tt.want {
			t.Errorf("truncate(%q, %d) = %q, want %q", tt.in, tt.n, got, tt.want)
		}
		if n := len([]rune(got)); n > max(tt.n, 0) {
			t.Errorf("truncate(%q, %d) has %d runes", tt.in, tt.n, n)
		}
	}
}

func TestShortcodeParam(t *testing.T) {
	sc := &Shortcode{Params: map[string]string{"vs": "budget"}}
	if got := sc.Param("vs", "target"); got != "budget" {
		t.Errorf("given: %q", got)
	}
	if got := sc.Param("period", "2026-10"); got != "2026-10" {
		t.Errorf("default: %q", got)
	}
}

func TestFrontMatterDecodedWithKeyPositions(t *testing.T) {
	src := "---\ntitle: October review\n\nperiod: \"2026-10\"\ndate: 2026-11-04\nstatus: fnal\npresenters: [Ana, Bo]\n---\n# Summary\n"
	var meta ReviewMeta
	var d diag.List
	doc := Parse("content/reviews/2026-10/index.md", []byte(src), &meta, &d)
	if d.HasErrors() {
		t.Fatalf("diagnostics: %v", d.Items())
	}
	want := ReviewMeta{Title: "October review", Period: "2026-10", Date: "2026-11-04", Status: "fnal", Presenters: []string{"Ana", "Bo"}}
	if fmt.Sprint(meta) != fmt.Sprint(want) {
		t.Errorf("meta = %+v, want %+v", meta, want)
	}
	if got := doc.KeyPos("status").String() + `: status "fnal" is not draft or final`; got != `content/reviews/2026-10/index.md:6: status "fnal" is not draft or final` {
		t.Errorf("KeyPos message: %s", got)
	}
	if got := doc.KeyPos("kind"); got != (diag.Pos{File: "content/reviews/2026-10/index.md"}) {
		t.Errorf("absent key: %+v", got)
	}
}

// TestNilMetaAllowsAnyKey: without a meta struct the keys are recorded,
// not checked, but the YAML must still be well formed.
func TestNilMetaAllowsAnyKey(t *testing.T) {
	var d diag.List
	doc := Parse("content/x.md", []byte("---\nanything: 1\nelse: [2]\n---\ntext\n"), nil, &d)
	if d.HasErrors() || doc.KeyPos("else").Line != 3 {
		t.Errorf("diags %v, else at %v", d.Items(), doc.KeyPos("else"))
	}
	Parse("content/y.md", []byte("---\na: [1\n---\n"), nil, &d)
	if d.Errors() != 1 {
		t.Errorf("bad YAML with nil meta: %v", d.Items())
	}
}

// TestRenderTwiceAndConcurrently: a Doc is read-only after Parse, so a page
// and its print pack may render it at once and get the same bytes.
func TestRenderTwiceAndConcurrently(t *testing.T) {
	var d diag.List
	doc := Parse("content/a.md", []byte(narrative(20)), &SectionMeta{}, &d)
	if d.HasErrors() {
		t.Fatalf("diagnostics: %v", d.Items())
	}
	want := doc.Render(stubExpand, RenderOptions{FootnotePrefix: "a-"})
	results := make([]template.HTML, 8)
	done := make(chan int)
	for i := range results {
		go func() {
			results[i] = doc.Render(stubExpand, RenderOptions{FootnotePrefix: "a-"})
			done <- i
		}()
	}
	for range results {
		<-done
	}
	for i, got := range results {
		if got != want {
			t.Fatalf("render %d differs", i)
		}
	}
	if !strings.Contains(string(want), `<h2 id="highlights-1">`) || !strings.Contains(string(want), `id="a-fn:1"`) {
		t.Errorf("ids missing from:\n%s", want)
	}
}

// narrative builds a realistic section of about 10 lines per block.
func narrative(blocks int) string {
	var b bytes.Buffer
	b.WriteString("---\ntitle: Operations\nweight: 10\nfunction: Operations\n---\n")
	for i := range blocks {
		fmt.Fprintf(&b, "## Highlights\n\nUptime held at {{< value uptime >}} ({{< delta uptime vs=\"target\" >}}), "+
			"the *%d*th month in a row[^%d]; **tickets** fell to {{< value tickets period=\"2026-09\" >}}.\n\n", i, i)
		b.WriteString("{{< chart uptime tickets type=\"bar\" months=\"13\" compare=\"target,prior_year\" >}}\n\n")
		b.WriteString("| KPI | Status |\n|---|:-:|\n| Uptime | {{< status uptime >}} |\n\n")
		fmt.Fprintf(&b, "[^%d]: Source: `incident log`, see ~~draft~~ final numbers.\n\n", i)
	}
	return b.String()
}

// FuzzParse: no input makes Parse or Render panic, and every diagnostic
// names the file and a line inside it.
func FuzzParse(f *testing.F) {
	f.Add([]byte(narrative(2)))
	f.Add([]byte("---\ntitle: [\n---\n{{< chart \"a\\\" b\" x= >}}"))
	f.Add([]byte("---\n"))
	f.Add([]byte("`{{< value arr >}}`\n\n```\n{{< risks >}}\n```\n{{<"))
	f.Add([]byte("> - {{< tile arr >}}\n\n| a |\n|---|\n| {{< value arr series=x >}} |"))
	f.Fuzz(func(t *testing.T, src []byte) {
		var d diag.List
		doc := Parse("f.md", src, &ReviewMeta{}, &d)
		doc.Render(stubExpand, RenderOptions{})
		doc.Summary(40)
		lines := bytes.Count(src, []byte("\n")) + 1
		for _, it := range d.Items() {
			if it.Pos.File != "f.md" || it.Pos.Line < 1 || it.Pos.Line > lines {
				t.Fatalf("diagnostic outside the file (%d lines): %s", lines, it)
			}
		}
	})
}

func BenchmarkParseRender200Lines(b *testing.B) {
	src := []byte(narrative(16)) // 197 lines
	if n := bytes.Count(src, []byte("\n")); n < 190 || n > 210 {
		b.Fatalf("narrative has %d lines", n)
	}
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		var d diag.List
		doc := Parse("content/reviews/2026-10/10-operations.md", src, &SectionMeta{}, &d)
		doc.Render(stubExpand, RenderOptions{IDs: NewIDs(), FootnotePrefix: "ops-"})
	}
}

func TestSummaryWithFigures(t *testing.T) {
	src := "Churn: {{< value churn >}}. ARR {{< value arr >}} {{< delta arr >}}, {{< chrt x >}} up.\n"
	var d diag.List
	doc := Parse("content/a.md", []byte(src), nil, &d)
	if got, want := doc.Summary(80), "Churn:. ARR, up."; got != want {
		t.Errorf("Summary = %q, want %q", got, want)
	}
	figure := func(sc *Shortcode) string { return "[" + sc.Name + " " + sc.Args[0] + "]" }
	// The unknown "chrt" is never handed over: it reads as a gap.
	if got, want := doc.SummaryWith(80, figure), "Churn: [value churn]. ARR [value arr] [delta arr], up."; got != want {
		t.Errorf("SummaryWith = %q, want %q", got, want)
	}
}

// TestPositionsWithCRLFAndBOM: Windows line endings and a byte-order mark
// move no line number.
func TestPositionsWithCRLFAndBOM(t *testing.T) {
	src := "\uFEFF---\r\ntitle: x\r\nwieght: 3\r\n---\r\n\r\nText {{< chrt a >}}\r\n\r\n{{< chart a months=\"-1\" >}}\r\n"
	var d diag.List
	doc := Parse("content/w.md", []byte(src), &SectionMeta{}, &d)
	var b strings.Builder
	d.Print(&b)
	want := "content/w.md:3: unknown front matter key \"wieght\" (did you mean \"weight\"?)\n" +
		"content/w.md:6: unknown shortcode \"chrt\" (did you mean \"chart\"?)\n" +
		"content/w.md:8: chart: months \"-1\" is not a positive whole number\n"
	if b.String() != want {
		t.Errorf("got\n%s\nwant\n%s", b.String(), want)
	}
	if doc.KeyPos("title").Line != 2 {
		t.Errorf("title at %v", doc.KeyPos("title"))
	}
}

// TestLongLineOfOpenersIsLinear: every "{" starts a scan, so the scan is
// bounded; 200,000 unclosed openers on one line parse quickly and report
// once, not 200,000 times.
func TestLongLineOfOpenersIsLinear(t *testing.T) {
	src := strings.Repeat("{{< chart ", 200_000)
	if testing.Short() {
		src = src[:10_000]
	}
	var d diag.List
	doc := Parse("content/big.md", []byte(src), nil, &d)
	if len(doc.Shortcodes()) != 0 || d.Errors() != 1 {
		t.Fatalf("shortcodes %d, errors %d", len(doc.Shortcodes()), d.Errors())
	}
	want := `content/big.md:1: unterminated shortcode "{{< chart ": no ">}}" before the next "{{<"`
	if got := d.Items()[0].String(); got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}

func TestShortcodeScanIsBounded(t *testing.T) {
	src := "{{< chart " + strings.Repeat("a ", 600) + ">}}\n"
	var d diag.List
	Parse("content/long.md", []byte(src), nil, &d)
	want := `content/long.md:1: unterminated shortcode "{{< chart a a a a a a a a a a a a a a a …": no ">}}" within 1024 bytes`
	if items := d.Items(); len(items) != 1 || items[0].String() != want {
		t.Errorf("got %v\nwant %s", items, want)
	}
}
