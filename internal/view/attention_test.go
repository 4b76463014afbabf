package view

import (
	"html/template"
	"strings"
	"testing"

	"github.com/opsreport/opsreport/internal/kpi"
)

// refAttention is board.html's "board-attention" row loop as it was before
// rows.go made the rows in Go, copied byte for byte.
const refAttention = `{{define "worse"}}{{if eq . "bad"}} <b class="mine">WORSE</b>{{end}}{{end}}
{{define "attention"}}{{range .Attention}}<tr{{if not .Commented}} class="nocomment"{{end}}>
<th scope="row"><a href="{{$.Root}}{{.View.URL}}">{{.View.KPI.Name}}</a>{{if .View.KPI.Owner}} <span class="owner">{{.View.KPI.Owner}}</span>{{end}}</th>
<td class="status">{{badge .View.Status}}</td><td class="num strong"{{if ne .View.Short.Actual .View.Actual}} title="{{.View.Actual}}"{{end}}>{{or .View.Short.Actual .View.Actual}}</td><td class="num"{{if ne .View.Short.Target .View.Target}} title="{{.View.Target}}"{{end}}>{{or .View.Short.Target .View.Target}}</td><td class="num {{.View.VsTargetClass}}"{{if ne .View.Short.VsTarget .View.VsTarget}} title="{{.View.VsTarget}}"{{end}}>{{or .View.Short.VsTarget .View.VsTarget}}{{template "worse" .View.VsTargetClass}}</td>
<td>{{if .Commented}}{{range $j, $s := .Sections}}{{if $j}}, {{end}}<a href="#{{$s.Anchor}}">{{$s.Title}}</a>{{end}}{{else}}<span class="flag-nocomment"><span aria-hidden="true">⚑</span> No commentary</span>{{with .Named}}<span class="named"> (named in {{range $j, $s := .}}{{if $j}}, {{end}}<a href="#{{$s.Anchor}}">{{$s.Title}}</a>{{end}} without saying why)</span>{{end}}{{end}}</td>
</tr>{{end}}{{end}}`

// TestAttentionRowsAreTheTemplates is the Go rows of the commentary
// required table against the template loop they replaced, on rows that
// exercise every branch: text to escape in names, owners, figures,
// classes, titles and anchors (non-ASCII, spaces, '%', '#'), compact
// figures equal to, unlike or missing beside the exact ones, and commented
// and uncommented KPIs with none, one or two parts.
func TestAttentionRowsAreTheTemplates(t *testing.T) {
	funcs := template.FuncMap{"badge": func(st kpi.Status) template.HTML { return testBadges[st] }}
	tmpl := template.Must(template.New("").Funcs(funcs).Option("missingkey=error").Parse(refAttention))
	refs := []sectionRef{{"summary", "Executive summary"}, {"section-clientèle 50%#x", `Clients & "stuff" <b>`}, {"section-a_b.c~d", "Ops"}}
	var list []attention
	for i, s := range []string{"", "<&\"'>", "plain", "é ✗ +%20"} {
		k := &kpi.KPI{ID: "k" + s, Name: s + "Name", Owner: s}
		v := distinctRow(k, "kpis/"+s+"/index.html", s)
		v.Status = []kpi.Status{kpi.Red, kpi.Amber, kpi.Green, kpi.StatusNone}[i]
		for j, short := range []ShortFigures{{}, {Actual: v.Actual, Target: v.Target, VsTarget: v.VsTarget}, {Actual: s + "A", Target: s + "T", VsTarget: s + "VT"}} {
			for _, class := range []string{"", "good", "bad", s + " x\"<"} {
				for n := range 3 {
					w := v
					w.Short, w.VsTargetClass = short, class
					list = append(list,
						attention{View: w, Sections: refs[:n], Commented: n > 0, Named: refs[j%3 : j%3+n%2]},
						attention{View: w, Named: refs[n:]})
				}
			}
		}
	}
	for _, root := range []string{"../../", "", "a b/"} {
		var want strings.Builder
		if err := tmpl.ExecuteTemplate(&want, "attention", map[string]any{"Root": root, "Attention": list}); err != nil {
			t.Fatal(err)
		}
		if got := string(attentionRows(root, list, testBadges, nil)); got != want.String() {
			i := firstDiff(got, want.String())
			t.Errorf("root %q: rows differ at byte %d:\n got %.200q\nwant %.200q", root, i, got[max(0, i-80):], want.String()[max(0, i-80):])
		}
	}
	if attentionRows("", nil, testBadges, nil) != "" {
		t.Error("no KPIs to comment on: rows are not empty")
	}
}
