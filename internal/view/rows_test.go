package view

import (
	"fmt"
	"html/template"
	"runtime"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/opsreport/opsreport/internal/chart"
	"github.com/opsreport/opsreport/internal/kpi"
)

// refRows are the rows as a template would print them, with a site's own
// "worse" mark (testBadges has it, as Look.renderBadges renders it): at
// first the row loops the built-in templates had before rows.go made the
// rows in Go, copied byte for byte ("scorecard" from partials.html's
// "scorecard-group", "appendix" from review.html, "pack" from pack.html,
// "history" from kpi.html); since then with the leaner markup of a row of
// figures (a class on the row rather than class="num" on each cell, no
// tooltip on the streak, no line breaks between cells, no </td>). The Go
// rows must print exactly what they do.
const refRows = `{{define "worse"}}{{if eq . "bad"}} <b class="mine">WORSE</b>{{end}}{{end}}
{{define "td"}}<td{{with .}} class="{{.}}"{{end}}>{{end}}
{{define "short"}}<td{{with .Class}} class="{{.}}"{{end}}{{if ne .Short .Exact}} title="{{.Exact}}"{{end}}>{{.Short}}{{template "worse" .Class}}{{end}}
{{define "scorecard"}}{{range .Rows}}<tr class="figs"><th scope="row"><a href="{{$.Root}}{{.URL}}">{{.KPI.Name}}</a>{{if .KPI.Owner}} <span class="owner">{{.KPI.Owner}}</span>{{end}}</th>
{{- template "short" (cell "strong" .Short.Actual .Actual)}}
{{- template "short" (cell "" .Short.Target .Target)}}
{{- template "short" (cell .VsTargetClass .Short.VsTarget .VsTarget)}}
{{- template "short" (cell .VsBudgetClass .Short.VsBudget .VsBudget)}}
{{- template "short" (cell .MoMClass .Short.MoM .MoM)}}
{{- template "short" (cell .YoYClass .Short.YoY .YoY)}}<td class="spark">{{.Spark}}<td class="status">{{badge .Status}}{{if gt .Streak 1}} <span class="streak">{{.Streak}} {{if .Quarterly}}qtr{{else}}mo{{end}}<span class="sr"> in a row</span></span>{{end}}</tr>{{end}}{{end}}
{{define "appendix"}}{{range .Rows}}<tr class="figs"><th scope="row"><a href="{{$.Root}}{{.URL}}">{{.KPI.Name}}</a></th><td>{{.Actual}}<td>{{.Target}}<td>{{.Budget}}<td>{{.Forecast}}{{template "td" .VsTargetClass}}{{.VsTargetPct}}{{template "worse" .VsTargetClass}}{{template "td" .MoMClass}}{{.MoM}}{{template "worse" .MoMClass}}{{template "td" .YoYClass}}{{.YoY}}{{template "worse" .YoYClass}}<td>{{.QTD}}<td>{{.YTD}}<td>{{.TTM}}<td class="status">{{badge .Status}}</tr>{{end}}{{end}}
{{define "pack"}}{{range .Rows}}<tr class="figs"><th scope="row">{{.KPI.Name}}</th><td>{{.Actual}}<td>{{.Target}}<td>{{.Budget}}{{template "td" .VsTargetClass}}{{.VsTargetPct}}{{template "worse" .VsTargetClass}}{{template "td" .MoMClass}}{{.MoM}}{{template "worse" .MoMClass}}{{template "td" .YoYClass}}{{.YoY}}{{template "worse" .YoYClass}}<td>{{.YTD}}<td class="status">{{badge .Status}}</tr>{{end}}{{end}}
{{define "history"}}{{range .Rows}}<tr class="figs"><th scope="row" class="nowrap">{{.Label}}</th><td class="strong">{{.Actual}}<td>{{.Target}}<td>{{.Budget}}{{template "td" .VsTargetClass}}{{.VsTarget}}{{template "worse" .VsTargetClass}}{{template "td" .MoMClass}}{{.MoM}}{{template "worse" .MoMClass}}{{template "td" .YoYClass}}{{.YoY}}{{template "worse" .YoYClass}}<td>{{.QTD}}<td>{{.YTD}}<td>{{.TTM}}<td class="text">{{badge .Status}}<td class="comment">{{.Comment}}</tr>{{end}}{{end}}`

// testBadges stand for the "badge" template's output; the differential
// tests only need each status to print something different.
var testBadges = badgeSet{
	kpi.Green:      `<span class="badge badge-green">● Green</span>`,
	kpi.Amber:      `<span class="badge badge-amber">▲ Amber</span>`,
	kpi.Red:        `<span class="badge badge-red">■ Red</span>`,
	kpi.StatusNone: `<span class="badge badge-none">○ No status</span>`,
	worseKey:       ` <b class="mine">WORSE</b>`,
}

// testRowSizes are the row sizes the tests' tables learn, as a build's
// renderCache.rows.
var testRowSizes rowSizes

// rowKind is one of the four tables: its reference template and its Go rows.
type rowKind struct {
	name string
	rows func(root string, rows []FigureView) template.HTML
}

var rowKinds = []rowKind{
	{"scorecard", func(root string, rows []FigureView) template.HTML {
		return scorecardRows(root, rows, testBadges, &testRowSizes.scorecard)
	}},
	{"appendix", func(root string, rows []FigureView) template.HTML {
		return appendixRows(root, rows, testBadges, &testRowSizes.appendix)
	}},
	{"pack", func(_ string, rows []FigureView) template.HTML {
		return packAppendixRows(rows, testBadges, &testRowSizes.pack)
	}},
	{"history", func(_ string, rows []FigureView) template.HTML {
		return historyRows(rows, testBadges, &testRowSizes.history)
	}},
}

func parseRefRows(tb testing.TB) *template.Template {
	tb.Helper()
	funcs := template.FuncMap{"badge": func(st kpi.Status) template.HTML { return testBadges[st] },
		"cell": func(class, short, exact string) refCell {
			if short == "" {
				short = exact
			}
			return refCell{class, short, exact}
		}}
	return template.Must(template.New("").Funcs(funcs).Option("missingkey=error").Parse(refRows))
}

// refCell is one compact scorecard cell for the reference template.
type refCell struct{ Class, Short, Exact string }

// refData is what the reference templates get: the $.Root the links start
// from, and the rows.
type refData struct {
	Root string
	Rows []FigureView
}

func execRef(tb testing.TB, tmpl *template.Template, kind, root string, rows []FigureView) string {
	tb.Helper()
	var b strings.Builder
	if err := tmpl.ExecuteTemplate(&b, kind, refData{Root: root, Rows: rows}); err != nil {
		tb.Fatal(err)
	}
	return b.String()
}

// checkRows compares every kind's Go rows with its reference template'r.
func checkRows(t *testing.T, tmpl *template.Template, root string, rows []FigureView) {
	t.Helper()
	for _, k := range rowKinds {
		want := execRef(t, tmpl, k.name, root, rows)
		if got := string(k.rows(root, rows)); got != want {
			t.Errorf("%s rows, root %q:\n got %q\nwant %q\nfirst difference at byte %d", k.name, root, got, want, firstDiff(got, want))
		}
	}
}

func firstDiff(a, b string) int {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return i
		}
	}
	return min(len(a), len(b))
}

// distinctRow is a row whose every column holds s with its own suffix, so
// that a value printed in the wrong column shows.
func distinctRow(k *kpi.KPI, url, s string) FigureView {
	return FigureView{
		KPI: k, URL: url, Period: "2026-10", Label: s + "L",
		Actual: s + "a", Target: s + "t", Budget: s + "b", Forecast: s + "f",
		VsTarget: s + "vt", VsTargetPct: s + "vt%", VsBudget: s + "vb", VsBudgetPct: s + "vb%",
		MoM: s + "m", MoMPct: s + "m%", YoY: s + "y", YoYPct: s + "y%",
		QTD: s + "q", YTD: s + "ytd", TTM: s + "ttm",
		VsTargetClass: "good", VsBudgetClass: "bad", MoMClass: s, YoYClass: "",
		Status: kpi.Amber, Streak: 3, Comment: s + "c", Spark: template.HTML("<svg>" + s + "</svg>"),
	}
}

func TestRowsMatchTheTemplates(t *testing.T) {
	tmpl := parseRefRows(t)
	arr := &kpi.KPI{ID: "arr", Name: "Annual recurring revenue", Owner: "Dana Okafor (CFO)"}
	odd := &kpi.KPI{ID: "odd", Name: "Net <revenue> & \"gross\" 'x' + y = z \x00 é ✓ \xff\xfe", Owner: "<O'Brien> & +co"}
	plain := FigureView{KPI: arr, URL: "kpis/arr/index.html", Label: "Oct 2026", Actual: "$12.4M", Target: "$12.0M",
		Budget: "$11.9M", Forecast: "–", VsTarget: "+$0.4M", VsTargetPct: "+3.3%", VsBudget: "+$0.5M", MoM: "−$0.1M",
		YoY: "+$4.2M", QTD: "–", YTD: "$98.1M", TTM: "$140.2M", VsTargetClass: "good", VsBudgetClass: "good",
		MoMClass: "bad", Status: kpi.Green, Streak: 5, Comment: "Big deal closed", Spark: chart.Sparkline([]float64{1, 2, 3, 2, 4}, 96, 24, "ARR")}
	short := plain
	short.Short = ShortFigures{Actual: "$12M", Target: "$12.0M", VsTarget: "+$0.4M", VsBudget: "+<0.5M>", MoM: "−$0.1M", YoY: "+$4.2M"}
	cases := map[string][]FigureView{
		"none":  nil,
		"plain": {plain},
		"short": {short},
		"specials": {
			distinctRow(odd, "kpis/odd/index.html", "<&\"'+=\x00>"),
			distinctRow(odd, "kpis/a b\"<>'&+%zz%41%4/é\x00(x)[y]{z}|\\^`/index.html", "é✓\xff"),
		},
		"unsafe URLs": {
			distinctRow(arr, "javascript:alert(1)", "j"),
			distinctRow(arr, "JavaScript:alert(1)", "J"),
			distinctRow(arr, "data:text/html,x", "d"),
			distinctRow(arr, "mailto:a@b.c", "m"),
			distinctRow(arr, "HTTPS://a.b/c?d=e&f=g+h#i", "h"),
			distinctRow(arr, "a/b:c", "s"),
		},
		"streaks and statuses": streakRows(arr),
	}
	for name, rows := range cases {
		t.Run(name, func(t *testing.T) {
			for _, root := range []string{"", "../", "../../", "javascript:x/", "a b/"} {
				checkRows(t, tmpl, root, rows)
			}
		})
	}
}

// streakRows covers each status, an unknown one, and streaks either side of
// the one that shows, monthly and quarterly; the owner comes and goes.
func streakRows(k *kpi.KPI) []FigureView {
	noOwner := &kpi.KPI{ID: "n", Name: "No owner"}
	var rows []FigureView
	for i, st := range []kpi.Status{kpi.Green, kpi.Amber, kpi.Red, kpi.StatusNone, "purple", ""} {
		for _, streak := range []int{-1, 0, 1, 2, 13} {
			v := distinctRow(k, "kpis/k/index.html", fmt.Sprint(i, streak))
			if streak == 0 {
				v.KPI = noOwner
			}
			v.Status, v.Streak, v.Quarterly = st, streak, i%2 == 1
			rows = append(rows, v)
		}
	}
	return rows
}

// FuzzRows feeds arbitrary names, owners, URLs, roots, figures, classes,
// comments and statuses to both the Go rows and the reference templates.
func FuzzRows(f *testing.F) {
	f.Add("../../", "Revenue", "CFO", "kpis/revenue/index.html", "$1.2M", "good", "Big deal", "<svg></svg>", "green", 3, false)
	f.Add("", "a<b>&\"'+=\x00", "<O'Brien>", "javascript:x", "+5%", "bad\" x=\"", "a\x00b&c", "", "red", 2, true)
	f.Add("../", "é ✓ \xff", "", "a b%zz%41é/", "–", "", "", "<b>", "purple", 0, false)
	tmpl := parseRefRows(f)
	f.Fuzz(func(t *testing.T, root, name, owner, url, value, class, comment, spark, status string, streak int, quarterly bool) {
		k := &kpi.KPI{ID: "k", Name: name, Owner: owner}
		v := distinctRow(k, url, value)
		v.VsTargetClass, v.MoMClass, v.YoYClass = class, class+"m", class+"y"
		v.Comment, v.Spark = comment, template.HTML(spark)
		v.Status, v.Streak, v.Quarterly = kpi.Status(status), streak, quarterly
		checkRows(t, tmpl, root, []FigureView{v, distinctRow(k, url+"2", value+"2")})
	})
}

// BenchmarkRows makes 500 rows of each table, in Go and by the template
// the Go code replaced.
func BenchmarkRows(b *testing.B) {
	rows := benchRows(500)
	tmpl := parseRefRows(b)
	for _, k := range rowKinds {
		b.Run(k.name+"/go", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				k.rows("../../", rows)
			}
		})
		b.Run(k.name+"/template", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				execRef(b, tmpl, k.name, "../../", rows)
			}
		})
	}
}

// benchRows are n rows as a 500-KPI demo site's look: formatted money,
// percentages and a sparkline each.
func benchRows(n int) []FigureView {
	rows := make([]FigureView, n)
	for i := range rows {
		k := &kpi.KPI{ID: fmt.Sprintf("kpi-%03d", i), Name: fmt.Sprintf("Net revenue retention %d", i), Owner: "Dana Okafor (CFO)"}
		vals := []float64{1, 3, 2, 5, 4, 6, 5, 7, 6, 8, 7, 9, float64(i % 10)}
		rows[i] = FigureView{KPI: k, URL: "kpis/" + k.ID + "/index.html", Label: "Oct 2026",
			Actual: "$12,431,200", Target: "$12,000,000", Budget: "$11,900,000", Forecast: "$12,600,000",
			VsTarget: "+$431,200", VsTargetPct: "+3.6%", VsBudget: "+$531,200", MoM: "−$12,100", YoY: "+$4,210,000",
			QTD: "$36,120,000", YTD: "$98,100,000", TTM: "$140,200,000", VsTargetClass: "good", VsBudgetClass: "good",
			MoMClass: "bad", YoYClass: "good", Status: kpi.Amber, Streak: i % 4, Comment: "Two renewals slipped to November",
			Spark: chart.Sparkline(vals, 96, 24, k.Name+", last 13 months")}
	}
	return rows
}

// TestTablesAreAllocatedOnce is rowSize at work: once a table of a kind is
// made, the next of the kind, of rows of the same size, is made in one
// allocation of about its size (and one of a row's scratch space), never
// grown nor copied whole, however far the first guess (rowBytes) was from
// the rows' size.
func TestTablesAreAllocatedOnce(t *testing.T) {
	arr := &kpi.KPI{ID: "arr", Name: "ARR"}
	long := &kpi.KPI{ID: "long", Name: strings.Repeat("A long KPI name ", 40), Owner: strings.Repeat("owner ", 50)}
	for _, k := range []*kpi.KPI{arr, long} {
		var rows []FigureView
		for i := range 200 {
			rows = append(rows, distinctRow(k, "kpis/"+k.ID+"/index.html", fmt.Sprint(i)))
		}
		for _, kind := range rowKinds {
			h := kind.rows("../../", rows) // sets the kind's row size
			allocs := testing.AllocsPerRun(5, func() { kind.rows("../../", rows) })
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			const runs = 5
			for range runs {
				kind.rows("../../", rows)
			}
			runtime.ReadMemStats(&after)
			bytes := int(after.TotalAlloc-before.TotalAlloc) / runs
			// The guess is an eighth over the rows' size; the allocator
			// rounds a large object up to its 8 KB pages.
			if allocs > 2 || bytes > len(h)+len(h)/4+scratchBytes+8<<10 {
				t.Errorf("%s rows of %s: %v allocations of %d bytes a table of %d bytes; want 2, of at most a quarter more than the table and the scratch space", kind.name, k.ID, allocs, bytes, len(h))
			}
		}
	}
}

// TestRowsParseAsIfTheirCellsWereClosed checks that the rows' cells, which
// have no </td>, make the table they would with one: HTML parses both into
// the same elements, each row has its table's columns, and no text sits
// between the cells.
func TestRowsParseAsIfTheirCellsWereClosed(t *testing.T) {
	arr := &kpi.KPI{ID: "arr", Name: "Annual recurring revenue", Owner: "Dana Okafor (CFO)"}
	odd := &kpi.KPI{ID: "odd", Name: "Net <revenue> & \"gross\"", Owner: "<O'Brien>"}
	rows := append(streakRows(arr), distinctRow(odd, "kpis/odd/index.html", "<td>&</td>"))
	rows[0].Spark = chart.Sparkline([]float64{1, 2, 3, 2, 4}, 96, 24, "ARR")
	rows[len(rows)-1].Spark = "" // a sparkline is made safe by chart; this one would be raw HTML
	columns := map[string]int{"scorecard": 9, "appendix": 12, "pack": 9, "history": 12}
	for _, k := range rowKinds {
		got := string(k.rows("../../", rows))
		closed := strings.ReplaceAll(strings.ReplaceAll(got, "<td", "</td><td"), "</tr>", "</td></tr>")
		closed = strings.ReplaceAll(closed, "</th></td><td", "</th><td")
		if a, b := tree(t, got), tree(t, closed); a != b {
			i := firstDiff(a, b)
			t.Errorf("%s rows parse otherwise than with </td>, at byte %d:\n%q\n%q", k.name, i, a[i:min(i+200, len(a))], b[i:min(i+200, len(b))])
		}
		doc, err := html.Parse(strings.NewReader("<table><tbody>" + got + "</tbody></table>"))
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for tr := range doc.Descendants() {
			if tr.Type != html.ElementNode || tr.Data != "tr" {
				continue
			}
			n++
			cells := 0
			for c := range tr.ChildNodes() {
				if c.Type != html.ElementNode || (c.Data != "td" && c.Data != "th") {
					t.Errorf("%s row %d: %q between its cells", k.name, n, c.Data)
				}
				cells++
			}
			if cells != columns[k.name] {
				t.Errorf("%s row %d: %d cells, want %d", k.name, n, cells, columns[k.name])
			}
		}
		if n != len(rows) {
			t.Errorf("%s: %d rows, want %d", k.name, n, len(rows))
		}
	}
}

// tree is rows parsed in a table body and printed back.
func tree(t *testing.T, rows string) string {
	t.Helper()
	doc, err := html.Parse(strings.NewReader("<table><tbody>" + rows + "</tbody></table>"))
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	if err := html.Render(&b, doc); err != nil {
		t.Fatal(err)
	}
	return b.String()
}
