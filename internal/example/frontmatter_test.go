package example

import (
	"bytes"
	"path"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"gopkg.in/yaml.v3"
)

// reviewMeta and sectionMeta are SPEC 4's front matter, decoded strictly.
type reviewMeta struct {
	Title      string   `yaml:"title"`
	Period     string   `yaml:"period"`
	Date       string   `yaml:"date"`
	Kind       string   `yaml:"kind"`
	Status     string   `yaml:"status"`
	Presenters []string `yaml:"presenters"`
}

type sectionMeta struct {
	Title    string `yaml:"title"`
	Weight   int    `yaml:"weight"`
	Function string `yaml:"function"`
}

// frontMatter decodes the YAML between the leading "---" lines into v and
// fails on any key SPEC 4 does not name.
func frontMatter(t *testing.T, file string, v any) {
	t.Helper()
	text := readRepo(t, file)
	rest, ok := strings.CutPrefix(text, "---\n")
	block, _, closed := strings.Cut(rest, "\n---\n")
	if !ok || !closed {
		t.Fatalf("%s: no front matter", file)
	}
	dec := yaml.NewDecoder(bytes.NewReader([]byte(block)))
	dec.KnownFields(true)
	if err := dec.Decode(v); err != nil {
		t.Fatalf("%s: front matter: %v", file, err)
	}
}

var sectionFile = regexp.MustCompile(`^[0-9]{2}-[a-z]+\.md$`)

func TestReviewFrontMatter(t *testing.T) {
	reviews := map[string][]string{}
	for _, f := range contentFiles(t) {
		if dir, ok := strings.CutPrefix(path.Dir(f), "content/reviews/"); ok {
			reviews[dir] = append(reviews[dir], path.Base(f))
		}
	}
	want := []string{"2026-07", "2026-08", "2026-09", "2026-10"}
	for _, period := range want {
		checkReview(t, period, reviews[period])
	}
	checkBoardReview(t, "2027-Q3", "2026-10", reviews["2027-Q3"])
	if len(reviews) != len(want)+1 {
		t.Errorf("reviews %v, want %v", reviews, want)
	}
}

func checkReview(t *testing.T, period string, files []string) {
	t.Helper()
	var meta boardMeta
	frontMatter(t, "content/reviews/"+period+"/index.md", &meta)
	checkDecisions(t, period, meta)
	meeting, err := time.Parse("2006-01-02", meta.Date)
	if err != nil || !meeting.After(firstMonth.AddDate(0, monthOf(period)+1, -1)) {
		t.Errorf("%s: meeting date %q must fall after the month it reviews", period, meta.Date)
	}
	if meta.Title == "" || meta.Kind != "monthly" || meta.Status != "final" || len(meta.Presenters) == 0 {
		t.Errorf("%s: front matter %+v", period, meta)
	}
	sections := slices.DeleteFunc(slices.Clone(files), func(f string) bool { return f == "index.md" })
	if len(sections) < 4 || len(sections) > 6 {
		t.Errorf("%s: %d sections, want 4–6", period, len(sections))
	}
	functions := map[string]bool{}
	for _, k := range loadCatalog(t) {
		functions[k.Function] = true
	}
	for _, s := range sections {
		var sm sectionMeta
		frontMatter(t, "content/reviews/"+period+"/"+s, &sm)
		if !sectionFile.MatchString(s) || sm.Title == "" || sm.Weight == 0 || !functions[sm.Function] {
			t.Errorf("%s/%s: section %+v needs a title, a weight and a catalog function", period, s, sm)
		}
	}
}

func TestHomePageFrontMatter(t *testing.T) {
	var meta struct {
		Title string `yaml:"title"`
	}
	frontMatter(t, "content/_index.md", &meta)
	if meta.Title == "" {
		t.Error("content/_index.md: no title")
	}
}

// TestSiteConfig decodes opsreport.yaml with SPEC 1's keys only.
func TestSiteConfig(t *testing.T) {
	var cfg struct {
		Title           string `yaml:"title"`
		Organization    string `yaml:"organization"`
		Currency        string `yaml:"currency"`
		Locale          string `yaml:"locale"`
		FiscalYearStart int    `yaml:"fiscal_year_start"`
		BaseURL         string `yaml:"base_url"`
		Current         string `yaml:"current"`
		Paper           string `yaml:"paper"`
		Classification  string `yaml:"classification"`
	}
	dec := yaml.NewDecoder(strings.NewReader(readRepo(t, "opsreport.yaml")))
	dec.KnownFields(true)
	if err := dec.Decode(&cfg); err != nil {
		t.Fatalf("opsreport.yaml: %v", err)
	}
	if cfg.Currency != "USD" || cfg.Locale != "en-US" || cfg.FiscalYearStart != 2 || cfg.Paper != "A4" || cfg.Classification == "" || cfg.Title == "" || cfg.Organization == "" {
		t.Errorf("opsreport.yaml: %+v", cfg)
	}
	// The generator's fiscal years must agree with the config's start month.
	if fiscalYear(monthIndex(2026, time.February)) != 2027 || fiscalYear(monthIndex(2026, time.January)) != 2026 {
		t.Error("fiscalYear disagrees with fiscal_year_start: 2")
	}
}

// boardMeta is a quarterly board review's front matter: SPEC 4's keys and
// the decisions the board is asked to take.
type boardMeta struct {
	reviewMeta `yaml:",inline"`
	Decisions  []struct {
		Question string `yaml:"question"`
		Options  []struct {
			Name string `yaml:"name"`
			Cost string `yaml:"cost"`
			Risk string `yaml:"risk"`
		} `yaml:"options"`
		Recommendation string `yaml:"recommendation"`
		Ask            string `yaml:"ask"`
	} `yaml:"decisions"`
}

// checkBoardReview: the example's quarterly board review (fiscal year from
// February, so 2027-Q3 is Aug–Oct 2026) meets after its last month, asks
// for decisions with options whose recommendation is one of them, and has
// a section per function it reports on.
func checkBoardReview(t *testing.T, quarter, lastMonth string, files []string) {
	t.Helper()
	var meta boardMeta
	frontMatter(t, "content/reviews/"+quarter+"/index.md", &meta)
	meeting, err := time.Parse("2006-01-02", meta.Date)
	if err != nil || !meeting.After(firstMonth.AddDate(0, monthOf(lastMonth)+1, -1)) {
		t.Errorf("%s: meeting date %q must fall after the quarter", quarter, meta.Date)
	}
	if meta.Kind != "quarterly" || meta.Status != "final" || len(meta.Decisions) == 0 {
		t.Errorf("%s: front matter %+v", quarter, meta)
	}
	checkDecisions(t, quarter, meta)
	if n := len(files) - 1; n < 3 || n > 6 {
		t.Errorf("%s: %d sections, want 3–6", quarter, n)
	}
}

// checkDecisions: every decision, monthly or quarterly, has a question, an
// ask, and options with a cost and a risk, one of them recommended.
func checkDecisions(t *testing.T, review string, meta boardMeta) {
	t.Helper()
	for i, d := range meta.Decisions {
		names := []string{}
		for _, o := range d.Options {
			if o.Name == "" || o.Cost == "" || o.Risk == "" {
				t.Errorf("%s: decision %d: option %+v needs a name, a cost and a risk", review, i+1, o)
			}
			names = append(names, o.Name)
		}
		if d.Question == "" || d.Ask == "" || !slices.Contains(names, d.Recommendation) {
			t.Errorf("%s: decision %d needs a question, an ask and a recommendation among %v", review, i+1, names)
		}
	}
}

var actionID = regexp.MustCompile(`\bA-[0-9]+\b`)

// TestNoAskRepeats: one company's year asks the board for each thing once.
// A decision's question is asked in one review only, and an action named
// in one review's ask is named in no other review's ask.
func TestNoAskRepeats(t *testing.T) {
	asked := map[string]string{} // question or action id → review
	for _, review := range []string{"2026-07", "2026-08", "2026-09", "2026-10", "2027-Q3"} {
		var meta boardMeta
		frontMatter(t, "content/reviews/"+review+"/index.md", &meta)
		for _, d := range meta.Decisions {
			keys := append([]string{strings.ToLower(d.Question)}, actionID.FindAllString(d.Ask, -1)...)
			for _, k := range keys {
				if prev, ok := asked[k]; ok && prev != review {
					t.Errorf("%s asks again about %q, already asked in %s", review, k, prev)
				}
				asked[k] = review
			}
		}
	}
	if len(asked) < 4 {
		t.Errorf("only %d asks found: %v", len(asked), asked)
	}
}
