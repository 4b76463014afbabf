package serve

import (
	"bytes"
	"path"
	"regexp"
	"slices"
	"strings"

	"github.com/opsreport/opsreport/internal/diag"
	"github.com/opsreport/opsreport/internal/search"
)

// change is what one good build changed, as browsers need to know it.
type change struct {
	css   string   // output path of the new stylesheet, when one changed
	pages []string // HTML pages whose text changed (not only their stylesheet link)
	all   bool     // something every page may use changed: reload them all
}

func (c change) empty() bool { return !c.all && c.css == "" && len(c.pages) == 0 }

// events turns the change into the events sent to browsers: the new
// stylesheet first, so pages that do not reload still pick it up.
func (c change) events(build string) []event {
	if c.all {
		return []event{newEvent("reload", reloadMsg{Build: build, All: true, Pages: []string{}})}
	}
	var evs []event
	if c.css != "" {
		evs = append(evs, newEvent("css", cssMsg{Build: build, Href: "/" + c.css}))
	}
	if len(c.pages) > 0 {
		urls := make([]string, len(c.pages))
		for i, p := range c.pages {
			urls[i] = "/" + p
		}
		evs = append(evs, newEvent("reload", reloadMsg{Build: build, Pages: urls}))
	}
	return evs
}

// String describes the change for the terminal.
func (c change) String() string {
	switch {
	case c.all:
		return "reloading every page"
	case c.css != "" && len(c.pages) == 0:
		return "stylesheet swapped"
	case c.css != "":
		return "stylesheet swapped, " + diag.Plural(len(c.pages), "page") + " changed"
	case len(c.pages) > 0:
		return diag.Plural(len(c.pages), "page") + " changed"
	}
	return "nothing changed"
}

// downloads are output kinds no page loads as a resource: when only they
// change, no page needs to reload.
var downloads = []string{".zip", ".csv", ".json", ".xlsx", ".md", ".txt", ".pdf"}

// fingerprint matches the hash in a fingerprinted asset name, so two pages
// that differ only by their stylesheet's name compare equal.
var fingerprint = regexp.MustCompile(`\.[0-9a-f]{6,64}\.css\b`)

// classify sorts the changed output paths between prev and cur into a
// stylesheet swap, pages to reload, or a reload of everything.
func classify(prev, cur map[string][]byte, changed []string) change {
	var c change
	var sheets []string
	for _, p := range changed {
		if _, ok := cur[p]; ok && path.Ext(p) == ".css" {
			sheets = append(sheets, p)
		}
	}
	for _, p := range changed {
		switch ext := path.Ext(p); {
		case ext == ".css":
		case ext == ".html":
			// Comparing without stylesheet names costs a pass over the
			// page: worth it only when a stylesheet was renamed.
			if len(sheets) == 0 || !sameButStylesheet(prev[p], cur[p]) {
				c.pages = append(c.pages, p)
			}
		case !slices.Contains(downloads, ext) && p != search.Name: // the index loads when searched
			c.all = true // a script, image or font the pages use
		}
	}
	slices.Sort(c.pages)
	switch {
	case len(sheets) == 0:
	case len(sheets) == 1 && strings.HasPrefix(sheets[0], "assets/css/site."):
		c.css = sheets[0]
	default:
		// Only the one <link data-opsreport-css>, site.css, can be swapped;
		// board.css and a site's custom.css reload the pages.
		c.all = true
	}
	return c
}

// sameButStylesheet reports whether two versions of a page differ at most
// by fingerprinted stylesheet names. A missing version never matches.
func sameButStylesheet(a, b []byte) bool {
	if a == nil || b == nil {
		return false
	}
	if bytes.Equal(a, b) {
		return true
	}
	return bytes.Equal(fingerprint.ReplaceAll(a, []byte(".css")), fingerprint.ReplaceAll(b, []byte(".css")))
}
