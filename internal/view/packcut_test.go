package view

import (
	"io/fs"
	"testing"
	"testing/fstest"

	opsreport "github.com/opsreport/opsreport"
	"github.com/opsreport/opsreport/internal/diag"
)

// TestPackLeavesOutOnlyWithTheBuiltInLook: a pack leaves out the section
// tables the built-in pack.css hides only when nothing could show them:
// with the built-in templates and stylesheets, or byte-for-byte copies of
// them (the example site keeps one), and not with a site's own pack.html,
// pack.css or custom.css.
func TestPackLeavesOutOnlyWithTheBuiltInLook(t *testing.T) {
	builtin := func(name string) []byte {
		b, err := fs.ReadFile(opsreport.Builtin, name)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	for _, c := range []struct {
		name  string
		site  fstest.MapFS
		leave bool
	}{
		{"built-in only", nil, true},
		{"copies of the built-in files", fstest.MapFS{
			"templates/pack.html":   {Data: builtin("templates/pack.html")},
			"theme/css/pack.css":    {Data: builtin("theme/css/pack.css")},
			"templates/kpi.html":    {Data: builtin("templates/kpi.html")},
			"theme/css/reading.css": {Data: builtin("theme/css/reading.css")}}, true},
		{"own pack.html", fstest.MapFS{"templates/pack.html": {Data: append(builtin("templates/pack.html"), '\n')}}, false},
		{"own pack.css", fstest.MapFS{"theme/css/pack.css": {Data: []byte(".pack .section { color: red }\n")}}, false},
		{"own custom.css", fstest.MapFS{"theme/css/custom.css": {Data: []byte(".pack .section .table-wrap { display: block }\n")}}, false},
	} {
		var d diag.List
		var site fs.FS
		if c.site != nil {
			site = c.site
		}
		l := NewLook(opsreport.Builtin, site, &d)
		if l == nil {
			t.Fatalf("%s: %v", c.name, d.Items())
		}
		if got := l.packLeavesOut(); got != c.leave {
			t.Errorf("%s: packs leave the hidden tables out: %v, want %v", c.name, got, c.leave)
		}
	}
}
