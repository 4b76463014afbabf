// Package opsreport holds the built-in look: the templates/ and theme/
// folders embedded into the binary, which cli hands to the build as
// site.Options.Look. A site's own templates override it define by define,
// and its own theme files file by file.
package opsreport

import "embed"

// Builtin holds templates/ and theme/ as they are in this repository.
//
//go:embed templates theme
var Builtin embed.FS
