package example

// These tests keep the example site consistent with itself and with SPEC
// sections 1–4 without the engine: every KPI id a page or a sheet names is in
// the catalog, every shortcode of SPEC 4 is exercised, and the narratives'
// claims about statuses hold for the generated numbers.

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
	"gopkg.in/yaml.v3"
)

// kpiRecord is one catalog entry, field names exactly as SPEC 2.
type kpiRecord struct {
	ID          string   `yaml:"id"`
	Name        string   `yaml:"name"`
	Function    string   `yaml:"function"`
	Owner       string   `yaml:"owner"`
	Unit        string   `yaml:"unit"`
	Decimals    *int     `yaml:"decimals"`
	Direction   string   `yaml:"direction"`
	Aggregate   string   `yaml:"aggregate"`
	Target      *float64 `yaml:"target"`
	Tolerance   *float64 `yaml:"tolerance"`
	Green       string   `yaml:"green"`
	Amber       string   `yaml:"amber"`
	Description string   `yaml:"description"`
	Formula     string   `yaml:"formula"`
	Display     string   `yaml:"display"`
	Headline    bool     `yaml:"headline"`
}

// loadCatalog decodes data/kpis.yaml strictly: an unknown field fails.
func loadCatalog(t *testing.T) []kpiRecord {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(repoRoot(t), "data", "kpis.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	dec := yaml.NewDecoder(bytes.NewReader(b))
	dec.KnownFields(true)
	var recs []kpiRecord
	if err := dec.Decode(&recs); err != nil {
		t.Fatalf("data/kpis.yaml: %v", err)
	}
	return recs
}

func catalogByID(t *testing.T) map[string]kpiRecord {
	byID := map[string]kpiRecord{}
	for _, k := range loadCatalog(t) {
		byID[k.ID] = k
	}
	return byID
}

var (
	slug  = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)
	units = []string{"currency", "percent", "number", "count", "days", "hours", "minutes", "ratio", "months", "multiple", "basis_points"}
	// unshown are the units no Widgetry Labs KPI measures in: its one ratio
	// (LTV to CAC) reads as a multiple, and it quotes no rate in basis
	// points; internal/kpi tests their formats.
	unshown    = []string{"ratio", "basis_points"}
	directions = []string{"up", "down", "none"}
	aggregates = []string{"sum", "last", "avg", "min", "max"}
	threshold  = regexp.MustCompile(`^(>=|<=|>|<)\s*(-?[0-9]+(\.[0-9]+)?)$`)
	// fiscalQuarter is a quarter the history covers: FY2025 Q4 (Nov 2024 –
	// Jan 2025) to FY2027 Q3 (Aug–Oct 2026), the fiscal year from February.
	fiscalQuarter = regexp.MustCompile(`^(2025-Q4|2026-Q[1-4]|2027-Q[1-3])$`)
)

func TestCatalogFollowsSpec(t *testing.T) {
	recs := loadCatalog(t)
	if len(recs) < 24 || len(recs) > 30 {
		t.Errorf("catalog has %d KPIs, want about 25", len(recs))
	}
	seen := map[string]bool{}
	for _, k := range recs {
		if !slug.MatchString(k.ID) || seen[k.ID] {
			t.Errorf("id %q: not a unique slug", k.ID)
		}
		seen[k.ID] = true
		checkRecord(t, k)
	}
	for field, vocab := range map[string][]string{"unit": units, "direction": directions, "aggregate": aggregates} {
		for _, v := range vocab {
			if field == "unit" && slices.Contains(unshown, v) {
				continue
			}
			if !slices.ContainsFunc(recs, func(k kpiRecord) bool { return fieldOf(k, field) == v }) {
				t.Errorf("no KPI has %s %q: the example should show every one", field, v)
			}
		}
	}
}

func fieldOf(k kpiRecord, field string) string {
	switch field {
	case "unit":
		return k.Unit
	case "direction":
		return k.Direction
	}
	return k.Aggregate
}

func checkRecord(t *testing.T, k kpiRecord) {
	t.Helper()
	if k.Name == "" || k.Function == "" || k.Owner == "" || len(k.Description) < 40 {
		t.Errorf("%s: name, function, owner and a real description are required", k.ID)
	}
	if !slices.Contains(units, k.Unit) || !slices.Contains(directions, k.Direction) || !slices.Contains(aggregates, k.Aggregate) {
		t.Errorf("%s: unit %q, direction %q, aggregate %q not all in SPEC 2", k.ID, k.Unit, k.Direction, k.Aggregate)
	}
	for _, th := range []string{k.Green, k.Amber} {
		if th != "" && !threshold.MatchString(th) {
			t.Errorf("%s: threshold %q is not like \">= 99.9\"", k.ID, th)
		}
	}
	if (k.Green == "") != (k.Amber == "") {
		t.Errorf("%s: give both green and amber, or neither", k.ID)
	}
}

// TestEveryKPIHasAWayToStatus: a KPI with a direction must get a status from
// a constant target, a Targets column or thresholds, or reviews show grey.
func TestEveryKPIHasAWayToStatus(t *testing.T) {
	m := build()
	records := recordsKPIs(t)
	for _, k := range loadCatalog(t) {
		planned := find(m.targets, k.ID) != nil
		rule := k.Target != nil || k.Green != "" || planned
		if k.Direction == "none" && rule {
			t.Errorf("%s: direction none never has a status, yet it has a target", k.ID)
		}
		if k.Direction != "none" && !rule {
			t.Errorf("%s: direction %s but no target, Targets column or thresholds", k.ID, k.Direction)
		}
		switch inActuals := find(m.actuals, k.ID) != nil; {
		case k.Formula != "" && inActuals:
			t.Errorf("%s: computed by a formula, yet in the Actuals sheet", k.ID)
		case records[k.ID] && inActuals:
			t.Errorf("%s: computed from records, yet in the Actuals sheet", k.ID)
		case k.Formula == "" && !records[k.ID] && !inActuals:
			t.Errorf("%s: in the catalog but not in the Actuals sheet", k.ID)
		}
	}
}

// recordsKPIs are the KPIs data/sources.yaml computes from records.
func recordsKPIs(t *testing.T) map[string]bool {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(repoRoot(t), "data", "sources.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var srcs []struct {
		Layout string                    `yaml:"layout"`
		KPIs   map[string]map[string]any `yaml:"kpis"`
	}
	if err := yaml.Unmarshal(b, &srcs); err != nil {
		t.Fatal(err)
	}
	out := map[string]bool{}
	for _, s := range srcs {
		for id := range s.KPIs {
			out[id] = true
		}
	}
	if len(out) == 0 {
		t.Fatal("data/sources.yaml computes no KPI from records")
	}
	return out
}

// openWorkbook opens the committed data/metrics.xlsx.
func openWorkbook(t *testing.T) *excelize.File {
	t.Helper()
	f, err := excelize.OpenFile(filepath.Join(repoRoot(t), "data", "metrics.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

func TestWorkbookHeadersNameKPIs(t *testing.T) {
	byID := catalogByID(t)
	byName := map[string]string{}
	for _, k := range byID {
		byName[k.Name] = k.ID
	}
	f := openWorkbook(t)
	want := []string{"README", "Actuals", "Targets", "Budget", "Comments"}
	if got := f.GetSheetList(); !slices.Equal(got, want) {
		t.Fatalf("sheets %v, want %v", got, want)
	}
	for _, sheet := range []string{"Actuals", "Targets", "Budget"} {
		rows, err := f.GetRows(sheet)
		if err != nil {
			t.Fatal(err)
		}
		head := headerRow(rows)
		if head < 0 {
			t.Fatalf("%s: no header row starting with Month", sheet)
		}
		for c, h := range rows[head][1:] {
			if _, ok := byID[h]; !ok && byName[h] == "" {
				t.Errorf("%s!%s: header %q names no KPI id or name", sheet, mustCell(c+2, head+1), h)
			}
		}
		if got := len(rows) - head - 1; got != months {
			t.Errorf("%s: %d month rows, want %d", sheet, got, months)
		}
	}
}

func headerRow(rows [][]string) int {
	for i, r := range rows {
		if len(r) > 0 && r[0] == "Month" {
			return i
		}
	}
	return -1
}

func mustCell(col, row int) string {
	c, _ := excelize.CoordinatesToCellName(col, row)
	return c
}

func TestCommentsSheetIsLongAndNamesKPIs(t *testing.T) {
	byID := catalogByID(t)
	rows, err := openWorkbook(t).GetRows("Comments")
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(rows[0], []string{"kpi", "period", "comment"}) {
		t.Fatalf("Comments header %v", rows[0])
	}
	for i, r := range rows[1:] {
		if _, ok := byID[r[0]]; !ok {
			t.Errorf("Comments!A%d: unknown KPI %q", i+2, r[0])
		}
		p, err := time.Parse("2006-01", r[1])
		if err != nil || p.Before(firstMonth) || !p.Before(firstMonth.AddDate(0, months, 0)) {
			t.Errorf("Comments!B%d: period %q outside 2024-11 … 2026-10", i+2, r[1])
		}
	}
}

// TestWorkbookCellsAreTyped pins the cell shapes the engine must read: a
// date cell with a custom "mmm yyyy" format, a percent-formatted fraction,
// percent points, a currency format, and gaps as empty cells.
func TestWorkbookCellsAreTyped(t *testing.T) {
	f := openWorkbook(t)
	cases := []struct{ cell, raw, shown string }{
		{"A4", "45597", "Nov 2024"},            // 2024-11-01 as a 1900-system serial
		{"A27", "46296", "Oct 2026"},           // 2026-10-01
		{"B4", "3104000", "$3,104,000"},        // arr, currency
		{"D4", "199991", "$199,991"},           // gross_profit (gross_margin is its formula)
		{"M26", "99.71", "99.71"},              // uptime_prod 2026-09, points
		{"H8", "", ""},                         // nps 2025-03: no survey, a gap
		{"W4", "", ""},                         // partner_experiments_validated before 2025-06
		{"W11", "2", "2"},                      // … and its first month
		{"I27", "0.0231", "2.3%"},              // logo_churn 2026-10
		{"Y27", "10.3", "10.30"},               // attrition, points with two decimals
		{"X27", "97", "97"},                    // headcount
		{"A3", "Month", "Month"},               // the header under a title and a note
		{"B3", "arr", "arr"},                   // headed by id …
		{"D3", "Gross profit", "Gross profit"}, // … or by exact name
	}
	for _, c := range cases {
		raw, err := f.GetCellValue("Actuals", c.cell, excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		shown, err := f.GetCellValue("Actuals", c.cell)
		if err != nil {
			t.Fatal(err)
		}
		if raw != c.raw || shown != c.shown {
			t.Errorf("Actuals!%s = %q shown %q, want %q shown %q", c.cell, raw, shown, c.raw, c.shown)
		}
	}
}

// shortcode is one {{< name args >}} found in content/.
type shortcode struct {
	pos   string // file:line
	name  string
	ids   []string
	named map[string]string
}

var (
	shortcodeRE = regexp.MustCompile(`\{\{<\s*([a-z]+)((?:\s+(?:[a-z_]+="[^"]*"|[a-z0-9_]+))*)\s*>\}\}`)
	argRE       = regexp.MustCompile(`([a-z_]+)="([^"]*)"|([a-z0-9_]+)`)
	looseRE     = regexp.MustCompile(`\{\{<`)
)

// contentFiles returns every markdown file under content/, sorted.
func contentFiles(t *testing.T) []string {
	t.Helper()
	root := repoRoot(t)
	var files []string
	err := filepath.WalkDir(filepath.Join(root, "content"), func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".md") {
			rel, _ := filepath.Rel(root, p)
			files = append(files, filepath.ToSlash(rel))
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

func readRepo(t *testing.T, rel string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(repoRoot(t), filepath.FromSlash(rel)))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// shortcodes parses every shortcode in content/; a "{{<" that does not parse
// is reported, so a typo cannot hide from the checks below.
func shortcodes(t *testing.T) []shortcode {
	t.Helper()
	var out []shortcode
	for _, file := range contentFiles(t) {
		for n, line := range strings.Split(readRepo(t, file), "\n") {
			pos := fmt.Sprintf("%s:%d", file, n+1)
			found := shortcodeRE.FindAllStringSubmatch(line, -1)
			if len(found) != len(looseRE.FindAllString(line, -1)) {
				t.Errorf("%s: a shortcode does not parse: %s", pos, line)
			}
			for _, m := range found {
				out = append(out, parseShortcode(pos, m[1], m[2]))
			}
		}
	}
	return out
}

func parseShortcode(pos, name, args string) shortcode {
	sc := shortcode{pos: pos, name: name, named: map[string]string{}}
	for _, a := range argRE.FindAllStringSubmatch(args, -1) {
		if a[3] != "" {
			sc.ids = append(sc.ids, a[3])
		} else {
			sc.named[a[1]] = a[2]
		}
	}
	return sc
}

// allowedArgs is SPEC 4's vocabulary: named arguments per shortcode and how
// many KPI ids it takes (min, max; -1 for any).
var allowedArgs = map[string]struct {
	named    []string
	min, max int
}{
	"value":     {[]string{"series", "period"}, 1, 1},
	"delta":     {[]string{"vs", "period"}, 1, 1},
	"status":    {[]string{"period"}, 1, 1},
	"tile":      {[]string{"period"}, 1, 1},
	"chart":     {[]string{"type", "months", "compare"}, 1, -1},
	"scorecard": {[]string{"function"}, 0, 0},
	"risks":     {nil, 0, 0},
	"actions":   {nil, 0, 0},
}

func TestShortcodesNameCatalogKPIs(t *testing.T) {
	byID := catalogByID(t)
	functions := map[string]bool{}
	for _, k := range byID {
		functions[k.Function] = true
	}
	for _, sc := range shortcodes(t) {
		spec, ok := allowedArgs[sc.name]
		if !ok {
			t.Errorf("%s: unknown shortcode %q", sc.pos, sc.name)
			continue
		}
		if len(sc.ids) < spec.min || (spec.max >= 0 && len(sc.ids) > spec.max) {
			t.Errorf("%s: %s takes %d–%d KPI ids, has %v", sc.pos, sc.name, spec.min, spec.max, sc.ids)
		}
		for _, id := range sc.ids {
			if _, ok := byID[id]; !ok {
				t.Errorf("%s: unknown KPI %q in %s", sc.pos, id, sc.name)
			}
		}
		for k, v := range sc.named {
			if !slices.Contains(spec.named, k) {
				t.Errorf("%s: %s has no argument %q", sc.pos, sc.name, k)
			} else if msg := checkArg(k, v, functions); msg != "" {
				t.Errorf("%s: %s", sc.pos, msg)
			}
		}
	}
}

// checkArg validates one named argument's value against SPEC 4.
func checkArg(key, val string, functions map[string]bool) string {
	ok := true
	switch key {
	case "series":
		ok = slices.Contains([]string{"actual", "target", "budget", "forecast", "qtd", "ytd", "ttm"}, val)
	case "vs":
		ok = slices.Contains([]string{"target", "budget", "forecast", "prior", "year"}, val)
	case "type":
		ok = val == "line" || val == "bar"
	case "months":
		n, err := strconv.Atoi(val)
		ok = err == nil && n > 0
	case "compare":
		for _, c := range strings.Split(val, ",") {
			ok = ok && slices.Contains([]string{"target", "budget", "prior_year"}, c)
		}
	case "function":
		ok = functions[val]
	case "period":
		p, err := time.Parse("2006-01", val)
		ok = err == nil && !p.Before(firstMonth) && p.Before(firstMonth.AddDate(0, months, 0))
		ok = ok || fiscalQuarter.MatchString(val)
	}
	if !ok {
		return fmt.Sprintf("%s=%q is not valid", key, val)
	}
	return ""
}

// TestEveryShortcodeFormIsUsed: the example site is the showcase of SPEC 4,
// so each form must appear somewhere in the reviews.
func TestEveryShortcodeFormIsUsed(t *testing.T) {
	scs := shortcodes(t)
	forms := map[string]func(shortcode) bool{
		"value":                 func(s shortcode) bool { return s.name == "value" && len(s.named) == 0 },
		"value series= period=": func(s shortcode) bool { return s.name == "value" && s.named["series"] != "" && s.named["period"] != "" },
		`delta vs="target"`:     func(s shortcode) bool { return s.name == "delta" && s.named["vs"] == "target" },
		`delta vs="budget"`:     func(s shortcode) bool { return s.name == "delta" && s.named["vs"] == "budget" },
		`delta vs="prior"`:      func(s shortcode) bool { return s.name == "delta" && s.named["vs"] == "prior" },
		`delta vs="year"`:       func(s shortcode) bool { return s.name == "delta" && s.named["vs"] == "year" },
		"status":                func(s shortcode) bool { return s.name == "status" },
		"tile":                  func(s shortcode) bool { return s.name == "tile" },
		"chart":                 func(s shortcode) bool { return s.name == "chart" && len(s.ids) == 1 && len(s.named) == 0 },
		`chart type="bar" months=`: func(s shortcode) bool {
			return s.name == "chart" && s.named["type"] == "bar" && s.named["months"] != ""
		},
		"chart small multiples":    func(s shortcode) bool { return s.name == "chart" && len(s.ids) >= 3 },
		"chart compare= all three": func(s shortcode) bool { return s.name == "chart" && s.named["compare"] == "target,budget,prior_year" },
		`scorecard function=`:      func(s shortcode) bool { return s.name == "scorecard" && s.named["function"] != "" },
		"risks":                    func(s shortcode) bool { return s.name == "risks" },
		"actions":                  func(s shortcode) bool { return s.name == "actions" },
	}
	for form, match := range forms {
		if !slices.ContainsFunc(scs, match) {
			t.Errorf("no review uses %s", form)
		}
	}
}

// TestTilesStandAlone: a tile is a block; on a line with other text it would
// land inside a paragraph.
func TestTilesStandAlone(t *testing.T) {
	for _, file := range contentFiles(t) {
		for n, line := range strings.Split(readRepo(t, file), "\n") {
			if strings.Contains(line, "{{< tile") && !regexp.MustCompile(`^\{\{< tile [a-z0-9_]+ >\}\}$`).MatchString(line) {
				t.Errorf("%s:%d: a tile must be alone on its line", file, n+1)
			}
		}
	}
}

// TestProseHasNoLiteralFigures: money and percentages in prose go stale when
// the data is corrected; they must come from shortcodes.
func TestProseHasNoLiteralFigures(t *testing.T) {
	literal := regexp.MustCompile(`\$\s?[0-9]|[0-9]\s?%`)
	for _, file := range contentFiles(t) {
		for n, line := range strings.Split(readRepo(t, file), "\n") {
			prose := shortcodeRE.ReplaceAllString(line, "")
			if m := literal.FindString(prose); m != "" {
				t.Errorf("%s:%d: literal figure %q; use a value or delta shortcode", file, n+1, m)
			}
		}
	}
}
