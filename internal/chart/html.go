package chart

import (
	"encoding/json"
	"html/template"
	"math"
	"strings"
)

// templates writes every snippet. html/template escapes each value for its
// context: the option JSON lands in a script of type application/json, where
// "<" becomes \u003c, so "</script>" in a series name stays inside the data.
var templates = template.Must(template.New("chart").Parse(`
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
<div class="chart-grid" style="--chart-columns:{{.Columns}}">
{{- range .Charts}}
{{template "chart" .}}
{{- end}}
</div>
{{- end -}}
`))

// view is one chart ready for the templates.
type view struct {
	ID, DataID, Title, Type, Label string
	Height                         int
	Format                         Format // with Locale filled in
	Option                         json.RawMessage
	Series                         []string
	Rows                           []row
}

// row is one line of the fallback table.
type row struct {
	Label string
	Cells []string
}

type gridView struct {
	Charts  []view
	Columns int
}

// newView checks s and prepares everything the templates print.
func newView(s Spec, defaultHeight int) (view, error) {
	if err := s.validate(); err != nil {
		return view{}, err
	}
	h := s.Height
	if h == 0 {
		h = defaultHeight
	}
	opt, err := optionJSON(s, h)
	if err != nil {
		return view{}, err
	}
	f := s.Format
	f.Locale = f.locale()
	return view{
		ID: s.ID, DataID: s.ID + "-data", Title: s.Title, Type: s.chartType(),
		Label: ariaLabel(s), Height: h, Format: f, Option: opt,
		Series: seriesNames(s), Rows: tableRows(s),
	}, nil
}

func seriesNames(s Spec) []string {
	out := make([]string, len(s.Series))
	for i, se := range s.Series {
		out[i] = se.Name
	}
	return out
}

// tableRows uses the caller's formatted cells when given, else formats the
// values; either way rows follow the labels and columns the series.
func tableRows(s Spec) []row {
	fm := s.Format.formatter()
	rows := make([]row, len(s.Labels))
	for i, label := range s.Labels {
		cells := make([]string, len(s.Series))
		for j, se := range s.Series {
			if s.Table != nil {
				cells[j] = s.Table[i][j]
			} else {
				cells[j] = fm.value(se.Values[i])
			}
		}
		rows[i] = row{Label: label, Cells: cells}
	}
	return rows
}

// ariaLabel says in words what the picture shows: its title, its kind, its
// series and span, and the latest value of the first series, which is what
// a reader looks for first.
func ariaLabel(s Spec) string {
	var b strings.Builder
	if s.Title != "" {
		b.WriteString(s.Title + ". ")
	}
	b.WriteString(strings.ToUpper(s.chartType()[:1]) + s.chartType()[1:] + " chart of ")
	b.WriteString(joinAnd(seriesNames(s)))
	if n := len(s.Labels); n > 0 {
		b.WriteString(", " + s.Labels[0])
		if n > 1 {
			b.WriteString(" to " + s.Labels[n-1])
		}
	}
	b.WriteString(".")
	if i, ok := lastValue(s.Series[0].Values); ok {
		b.WriteString(" Latest " + s.Series[0].Name + ": " + s.Format.Value(s.Series[0].Values[i]) + " (" + s.Labels[i] + ").")
	}
	return b.String()
}

// lastValue finds the index of the newest value that is not a gap.
func lastValue(vs []float64) (int, bool) {
	for i := len(vs) - 1; i >= 0; i-- {
		if !math.IsNaN(vs[i]) {
			return i, true
		}
	}
	return 0, false
}

// joinAnd lists names as "a", "a and b", "a, b and c".
func joinAnd(names []string) string {
	switch n := len(names); n {
	case 0:
		return ""
	case 1:
		return names[0]
	default:
		return strings.Join(names[:n-1], ", ") + " and " + names[n-1]
	}
}
