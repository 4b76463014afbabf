//go:build !linux && !darwin

package publish

import "errors"

// exchange has no one-step swap on this system: swap falls back to two
// renames.
func exchange(a, b string) error { return errors.ErrUnsupported }
