package content

import (
	"fmt"
	"io"
	"io/fs"
)

// MaxBytes is the largest narrative read, far above any real one (a long
// review is some tens of KB): markdown costs more than linear time on
// pathological input, so a file is capped as workbooks are.
const MaxBytes = 1 << 20

// ReadFile reads the narrative name, refusing one over MaxBytes without
// reading the rest of it.
func ReadFile(fsys fs.FS, name string) ([]byte, error) {
	f, err := fsys.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	src, err := io.ReadAll(io.LimitReader(f, MaxBytes+1))
	if err != nil {
		return nil, err
	}
	if len(src) > MaxBytes {
		return nil, fmt.Errorf("it is over %d MB, more than a narrative can be", MaxBytes>>20)
	}
	return src, nil
}
