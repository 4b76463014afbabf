// Package opsreport holds the built-in look: the templates/ and theme/
// folders embedded into the binary. A site's own file with the same name
// wins over the built-in one.
package opsreport

import "embed"

// Builtin holds templates/ and theme/ as they are in this repository.
//
//go:embed templates theme
var Builtin embed.FS
