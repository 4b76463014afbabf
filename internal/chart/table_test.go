package chart

import (
	"encoding/json"
	"html/template"
	"math"
	"strings"
	"testing"
)

// refTemplates are the package's templates as they were before the
// fallback table was made in Go and the option printed as template.JS,
// copied byte for byte. Render and SmallMultiples must print exactly what
// they print.
var refTemplates = template.Must(template.New("chart").Parse(`
{{- define "chart" -}}
<figure class="chart chart-{{.Type}}">
{{- if .Title}}<figcaption class="chart-title">{{.Title}}</figcaption>{{end -}}
<div class="chart-canvas" id="{{.ID}}" data-chart="{{.DataID}}" data-locale="{{.Format.Locale}}" data-decimals="{{.Format.Decimals}}" data-prefix="{{.Format.Prefix}}" data-suffix="{{.Format.Suffix}}" style="height:{{.Height}}px" role="img" aria-label="{{.Label}}"></div>
<script type="application/json" id="{{.DataID}}">{{.Option}}</script>
{{template "table" .}}</figure>
{{- end -}}

{{- define "table" -}}
<table class="chart-table">
<thead><tr><th scope="col">Period</th>{{range .Series}}<th scope="col">{{.}}</th>{{end}}</tr></thead>
<tbody>
{{- range .Rows}}
<tr><th scope="row">{{.Label}}</th>{{range .Cells}}<td class="num">{{.}}</td>{{end}}</tr>
{{- end}}
</tbody>
</table>
{{- end -}}

{{- define "grid" -}}
<div class="chart-grid chart-grid-{{.Columns}}" style="--chart-columns:{{.Columns}}">
{{- range .Charts}}
{{template "chart" .}}
{{- end}}
</div>
{{- end -}}
`))

// refView is what refTemplates printed: the option as json.RawMessage
// (which html/template marshals again) and the table as series and rows.
type refView struct {
	ID, DataID, Title, Type, Label string
	Height                         int
	Format                         Format
	Option                         json.RawMessage
	Series                         []string
	Rows                           []refRow
}

type refRow struct {
	Label string
	Cells []string
}

type refGridView struct {
	Charts  []refView
	Columns int
}

// refTableRows is the table's rows as the old code made them.
func refTableRows(s Spec) []refRow {
	rows := make([]refRow, len(s.Labels))
	for i, label := range s.Labels {
		cells := make([]string, len(s.Series))
		for j, se := range s.Series {
			if s.Table != nil {
				cells[j] = s.Table[i][j]
			} else {
				cells[j] = s.Format.Value(se.Values[i])
			}
		}
		rows[i] = refRow{Label: label, Cells: cells}
	}
	return rows
}

// newRefView is s as refTemplates got it; the fields the change left alone
// come from newView.
func newRefView(t testing.TB, s Spec, height int) refView {
	t.Helper()
	v, err := newView(s, height)
	if err != nil {
		t.Fatal(err)
	}
	return refView{ID: v.ID, DataID: v.DataID, Title: v.Title, Type: v.Type, Label: v.Label,
		Height: v.Height, Format: v.Format, Option: json.RawMessage(v.Option),
		Series: seriesNames(s), Rows: refTableRows(s)}
}

func execRef(t testing.TB, name string, data any) string {
	t.Helper()
	var b strings.Builder
	if err := refTemplates.ExecuteTemplate(&b, name, data); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// checkAgainstRef renders s alone and, beside a review chart, as small
// multiples, and compares both with refTemplates.
func checkAgainstRef(t *testing.T, s Spec) {
	t.Helper()
	got, err := Render(s)
	if err != nil {
		t.Fatal(err)
	}
	compare(t, "Render", string(got), execRef(t, "chart", newRefView(t, s, DefaultHeight)))
	other := reviewSpec("grid-other")
	grid, err := SmallMultiples([]Spec{s, other})
	if err != nil {
		t.Fatal(err)
	}
	want := execRef(t, "grid", refGridView{Columns: 2, Charts: []refView{
		newRefView(t, s, DefaultSmallHeight), newRefView(t, other, DefaultSmallHeight)}})
	compare(t, "SmallMultiples", string(grid), want)
}

func compare(t *testing.T, what, got, want string) {
	t.Helper()
	if got == want {
		return
	}
	i := 0
	for i < min(len(got), len(want)) && got[i] == want[i] {
		i++
	}
	t.Errorf("%s differs from the old templates at byte %d:\n got %q\nwant %q", what, i, got, want)
}

// oddSpec holds html/template's special characters, NUL, non-ASCII and
// invalid UTF-8 in every string the table and option print.
func oddSpec() Spec {
	odd := "a<b>&\"'+=c \x00 é ✓ \xff\xfe </script>\u2028"
	return Spec{
		ID: "odd", Title: odd, Type: Bar,
		Labels: []string{odd, "", "Oct 26"},
		Series: []Series{
			{Name: odd, Values: []float64{1, nan, math.Inf(1)}},
			{Name: "", Values: []float64{-0.04, 1e21, -3}, Kind: Line, Dashed: true},
		},
		Format: Format{Decimals: 1, Prefix: "<£", Suffix: "&'%\x00", Locale: "de-DE"},
	}
}

func TestTableMatchesTheOldTemplates(t *testing.T) {
	given := arrSpec()
	given.Table = [][]string{{"1.2k", "<b>1.25k</b>"}, {"", "\x00"}, {"é\xff", "+&'\""}}
	oddGiven := oddSpec()
	oddGiven.Table = [][]string{{"<", ">"}, {"&", "'"}, {"\xff", "\x00"}}
	empty := arrSpec()
	empty.Labels, empty.Series = nil, []Series{{Name: "Actual"}}
	cases := map[string]Spec{
		"arr":        arrSpec(),
		"review":     reviewSpec("chart-review"),
		"given":      given,
		"odd":        oddSpec(),
		"odd given":  oddGiven,
		"no periods": empty,
	}
	for name, s := range cases {
		t.Run(name, func(t *testing.T) { checkAgainstRef(t, s) })
	}
}

// FuzzTableRows feeds arbitrary labels, series names, cells, values and
// format to Render and SmallMultiples and to the old templates.
func FuzzTableRows(f *testing.F) {
	f.Add("Oct 26", "Nov 26", "Actual", "Target", "$1.2M", "", "–", "x", 1.5, math.NaN(), "$", "", false)
	f.Add("a<b>&\"'+", "\x00", "é ✓", "\xff\xfe", "<td>", "&amp;", "'", "+", -0.04, 1e21, "<", "\x00&", true)
	f.Add("</script>", "\u2028", "", "", "", "", "", "", math.Inf(-1), 0.0, "", "%", false)
	f.Fuzz(func(t *testing.T, l1, l2, n1, n2, c1, c2, c3, c4 string, v1, v2 float64, prefix, suffix string, given bool) {
		s := Spec{ID: "fz", Title: n1, Labels: []string{l1, l2}, Format: Format{Prefix: prefix, Suffix: suffix},
			Series: []Series{{Name: n1, Values: []float64{v1, v2}}, {Name: n2, Values: []float64{v2, v1}, Dashed: true}}}
		if given {
			s.Table = [][]string{{c1, c2}, {c3, c4}}
		}
		checkAgainstRef(t, s)
	})
}

// BenchmarkTable makes a KPI page's 120-month, three-series table in Go
// and by the template it replaced, formatting the values either way.
func BenchmarkTable(b *testing.B) {
	s := reviewSpec("chart-kpi")
	for len(s.Labels) < 120 {
		s.Labels = append(s.Labels, s.Labels[:13]...)
		for i := range s.Series {
			s.Series[i].Values = append(s.Series[i].Values, s.Series[i].Values[:13]...)
		}
	}
	s.Labels = s.Labels[:120]
	for i := range s.Series {
		s.Series[i].Values = s.Series[i].Values[:120]
	}
	b.Run("go", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			tableHTML(s)
		}
	})
	b.Run("template", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			execRef(b, "table", refView{Series: seriesNames(s), Rows: refTableRows(s)})
		}
	})
}
