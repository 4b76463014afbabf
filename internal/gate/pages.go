package gate

import (
	"io/fs"
	"net/url"
	"path"
	"path/filepath"
	"slices"
	"strings"
)

// A Page is one page a gate opens in the browser.
type Page struct {
	Name    string // how findings name it: the site path, or the URL
	URL     string // what the browser opens: file://… or http://…
	Offline bool   // the browser's network is switched off (packs must work alone)
	// ColorScheme, when set ("dark" or "light"), is the system colour
	// scheme the page sees (prefers-color-scheme).
	ColorScheme string
}

// InColorScheme is the page as a reader whose system is set to scheme
// ("dark" or "light") sees it.
func (p Page) InColorScheme(scheme string) Page {
	p.ColorScheme = scheme
	if !strings.Contains(p.Name, " ("+scheme+")") {
		p.Name += " (" + scheme + ")"
	}
	return p
}

// FilePage is the page rel (a slash path) of a site written to dir, opened
// from file:// as a reader who double-clicks public/index.html would.
func FilePage(dir, rel string) Page {
	abs, err := filepath.Abs(filepath.Join(dir, filepath.FromSlash(rel)))
	if err != nil {
		abs = filepath.Join(dir, filepath.FromSlash(rel))
	}
	u := url.URL{Scheme: "file", Path: filepath.ToSlash(abs)}
	return Page{Name: rel, URL: u.String()}
}

// URLPage is a page served over HTTP, such as the preview server's.
func URLPage(u string) Page { return Page{Name: u, URL: u} }

// WithoutNetwork is the page opened with the browser's network off: what a
// board member sees opening a pack on a plane.
func (p Page) WithoutNetwork() Page {
	p.Offline = true
	return p
}

// Kind names a built page's kind from its path: "home", "reviews",
// "review", "pack", "kpis", "kpi", or "" for any other page.
func Kind(rel string) string {
	parts := strings.Split(rel, "/")
	switch {
	case rel == "index.html":
		return "home"
	case rel == "reviews/index.html":
		return "reviews"
	case rel == "kpis/index.html":
		return "kpis"
	case len(parts) == 3 && parts[0] == "reviews" && parts[2] == "index.html":
		return "review"
	case len(parts) == 3 && parts[0] == "reviews" && parts[2] == "pack.html":
		return "pack"
	case len(parts) == 3 && parts[0] == "kpis" && parts[2] == "index.html":
		return "kpi"
	}
	return ""
}

// HTMLFiles lists every .html file in a site, sorted.
func HTMLFiles(site fs.FS) ([]string, error) {
	var files []string
	err := fs.WalkDir(site, ".", func(p string, e fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !e.IsDir() && path.Ext(p) == ".html" {
			files = append(files, p)
		}
		return nil
	})
	slices.Sort(files)
	return files, err
}
