package view

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"io/fs"
	"path"
	"slices"
	"strings"
	"sync"

	"github.com/opsreport/opsreport/internal/diag"
	"github.com/opsreport/opsreport/internal/pack"
)

// fingerprinted are the asset kinds whose output names carry a hash of
// their bytes, so browsers may cache them forever.
var fingerprinted = []string{".css", ".js", ".svg", ".png", ".jpg", ".jpeg", ".gif", ".webp", ".ico", ".woff", ".woff2", ".ttf", ".otf"}

// assets are the theme files as published: logical name ("css/site.css")
// → output path ("assets/css/site.3f2a9c1b.css") and bytes.
type assets struct {
	path  map[string]string
	bytes map[string][]byte
	own   map[string]bool // the site's theme/ changed these: not the built-in bytes

	scriptsOnce sync.Once
	scripts     *pack.Part // see packScripts
}

// loadAssets overlays the site's theme/ on the built-in one. Licence and
// notice files are published under their own names; other files (scripts
// that fetch vendored code, notes) are not published.
func loadAssets(builtin, own fs.FS, d *diag.List) *assets {
	a := &assets{path: map[string]string{}, bytes: map[string][]byte{}, own: map[string]bool{}}
	for i, fsys := range []fs.FS{builtin, own} {
		if fsys == nil {
			continue
		}
		fs.WalkDir(fsys, ".", func(p string, e fs.DirEntry, err error) error {
			if err != nil || e.IsDir() {
				return nil
			}
			out := outputName(p)
			if out == "" {
				return nil
			}
			b, err := fs.ReadFile(fsys, p)
			if err != nil {
				d.Errorf(diag.Pos{File: "theme/" + p}, "cannot be read: %v", err)
				return nil
			}
			if slices.Contains(fingerprinted, path.Ext(p)) {
				sum := sha256.Sum256(b)
				out = strings.TrimSuffix(out, path.Ext(p)) + "." + hex.EncodeToString(sum[:4]) + path.Ext(p)
			}
			if i == 1 {
				if was, ok := a.bytes[p]; !ok || !bytes.Equal(was, b) {
					a.own[p] = true
				}
			}
			a.path[p] = out
			a.bytes[p] = b
			return nil
		})
	}
	return a
}

func outputName(p string) string {
	base := path.Base(p)
	switch {
	case slices.Contains(fingerprinted, path.Ext(p)):
		return "assets/" + p
	case strings.HasPrefix(base, "LICENSE") || strings.HasPrefix(base, "NOTICE"):
		return "assets/" + p
	}
	return ""
}

// url is the output path of a logical asset from a page at root.
func (a *assets) url(root, name string) string {
	if p, ok := a.path[name]; ok {
		return root + p
	}
	return root + "assets/" + name
}

// files adds every asset to out.
func (a *assets) files(out map[string][]byte) {
	for name, p := range a.path {
		out[p] = a.bytes[name]
	}
}
