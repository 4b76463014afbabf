package site

import (
	"testing"
	"testing/fstest"

	"github.com/opsreport/opsreport/internal/diag"
)

// TestBaseURL: only an absolute http(s) URL is a base_url; anything else
// is an error at its line, and the pack's links stay relative.
func TestBaseURL(t *testing.T) {
	for in, ok := range map[string]bool{
		"https://reviews.example.com/":  true,
		"http://localhost:8080/reviews": true,
		"HTTPS://Example.com":           true,
		"javascript:alert(1)":           false,
		"JavaScript://%0aalert(1)":      false,
		"data:text/html,<b>x</b>":       false,
		"//example.com/":                false,
		"reviews.example.com":           false,
		"https://":                      false,
		"https:example.com":             false,
	} {
		var d diag.List
		cfg := loadConfig(fstest.MapFS{ConfigFile: {Data: []byte("title: x\nbase_url: '" + in + "'\n")}}, &d)
		want := ""
		if !ok {
			want = `opsreport.yaml:2: base_url: "` + in + `" is not an http or https URL (like https://reviews.example.com/)`
		}
		got := ""
		if items := d.Items(); len(items) > 0 {
			got = items[0].String()
		}
		if got != want || (ok != (cfg.BaseURL == in)) {
			t.Errorf("base_url %q: got %q (kept %q), want %q", in, got, cfg.BaseURL, want)
		}
	}
}
