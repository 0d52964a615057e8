// Package diskimage takes copies of a data directory as a crash could
// leave it, for tests that reopen a store or restart a node from one.
package diskimage

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

// Copy copies into dst, which it creates if needed, the regular files of
// src whose names keep accepts (every one if keep is nil). Subdirectories
// are not copied: the stores keep their files flat.
func Copy(t testing.TB, src, dst string, keep func(name string) bool) {
	t.Helper()
	require.NoError(t, os.MkdirAll(dst, 0o700))
	ents, err := os.ReadDir(src)
	require.NoError(t, err)
	for _, e := range ents {
		if !e.Type().IsRegular() || (keep != nil && !keep(e.Name())) {
			continue
		}
		b, err := os.ReadFile(filepath.Join(src, e.Name()))
		require.NoError(t, err)
		require.NoError(t, os.WriteFile(filepath.Join(dst, e.Name()), b, 0o600))
	}
}
