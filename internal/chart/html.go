package chart

import (
	"html/template"
	"math"
	"strings"

	"github.com/opsreport/opsreport/internal/htmlesc"
)

// templates writes every snippet. html/template escapes each value for its
// context; the option JSON comes ready-escaped (see optionJSON) and the
// fallback table is made in Go (see tableHTML): a table action per cell cost
// more than the rest of the chart together.
var templates = template.Must(template.New("chart").Parse(`
{{- define "chart" -}}
<figure class="chart chart-{{.Type}}">
{{- if .Title}}<figcaption class="chart-title">{{.Title}}</figcaption>{{end -}}
<div class="chart-canvas" id="{{.ID}}" data-chart="{{.DataID}}" data-locale="{{.Format.Locale}}" data-decimals="{{.Format.Decimals}}" data-prefix="{{.Format.Prefix}}" data-suffix="{{.Format.Suffix}}"{{with .Format.Compact}} data-compact="{{.}}" data-compact-words="{{$.Words}}" data-compact-sep="{{$.WordSep}}"{{end}} style="height:{{.Height}}px" role="img" aria-label="{{.Label}}"></div>
<script type="application/json" id="{{.DataID}}">{{.Option}}</script>
{{.Table}}</figure>
{{- end -}}

{{- define "grid" -}}
<div class="chart-grid chart-grid-{{.Columns}}" style="--chart-columns:{{.Columns}}">
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
	Words, WordSep                 string // Format.CompactWords, for the script
	Option                         template.JS
	Table                          template.HTML
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
	v := view{
		ID: s.ID, DataID: s.ID + "-data", Title: s.Title, Type: s.chartType(),
		Label: ariaLabel(s), Height: h, Format: f, Option: opt,
		Table: tableHTML(s),
	}
	if f.Compact != "" {
		v.Words, v.WordSep = f.CompactWords()
	}
	return v, nil
}

func seriesNames(s Spec) []string {
	out := make([]string, len(s.Series))
	for i, se := range s.Series {
		out[i] = se.Name
	}
	return out
}

// tableHTML is the fallback table, printed as the "table" template before
// it printed, byte for byte: every name, label and cell escaped as
// html/template escapes text (htmlesc.AppendText). table_test.go keeps that
// template and checks the two against each other. Rows follow the labels
// and columns the series; the cells are the caller's formatted ones when
// given, else the values formatted.
func tableHTML(s Spec) template.HTML {
	b := make([]byte, 0, tableSize(s))
	b = append(b, "<table class=\"chart-table\">\n<thead><tr><th scope=\"col\">Period</th>"...)
	for _, se := range s.Series {
		b = append(htmlesc.AppendText(append(b, `<th scope="col">`...), se.Name), "</th>"...)
	}
	b = append(b, "</tr></thead>\n<tbody>"...)
	cell := tableCells(s)
	for i, label := range s.Labels {
		b = append(htmlesc.AppendText(append(b, "\n<tr><th scope=\"row\">"...), label), "</th>"...)
		for j := range s.Series {
			b = append(htmlesc.AppendText(append(b, `<td class="num">`...), cell(i, j)), "</td>"...)
		}
		b = append(b, "</tr>"...)
	}
	return template.HTML(append(b, "\n</tbody>\n</table>"...))
}

// tableCells returns the text of row i, column j: the caller's cell, or
// the value formatted. The formatter (a message.Printer, the costly part)
// is made only when the values are formatted here.
func tableCells(s Spec) func(i, j int) string {
	if s.Table != nil {
		return func(i, j int) string { return s.Table[i][j] }
	}
	return func(i, j int) string { return s.Format.Value(s.Series[j].Values[i]) }
}

// tableSize guesses the table's bytes (markup plus a short figure a cell)
// so that its buffer is allocated once or twice, not grown row by row.
func tableSize(s Spec) int {
	return 96 + len(s.Series)*32 + len(s.Labels)*(40+len(s.Series)*32)
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
		b.WriteString(" Latest " + s.Series[0].Name + ": " + s.Format.Short(s.Series[0].Values[i]) + " (" + s.Labels[i] + ").")
	}
	if len(s.Rules) > 0 {
		names := make([]string, len(s.Rules))
		for i, r := range s.Rules {
			names[i] = r.Name
		}
		b.WriteString(" Lines at " + joinAnd(names) + ".")
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
