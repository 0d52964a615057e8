package contracts_test

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// TestCommittedArtifactsAreFresh rebuilds combined.json and the Go bindings
// from the sources in a temporary directory, with the toolchain pinned by
// package-lock.json and go.mod, and fails if the committed files differ: a
// source change without ./build.sh would otherwise ship stale bytecode.
func TestCommittedArtifactsAreFresh(t *testing.T) {
	for _, tool := range []string{"npm", "node"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s not found on PATH: cannot rebuild the contracts to check build/combined.json and bindings/bindings.go against src/ (install Node.js 20 and npm)", tool)
		}
	}
	ctx, cancel := context.WithTimeout(t.Context(), 5*time.Minute)
	defer cancel()

	tmp := t.TempDir()
	for _, rel := range []string{"package.json", "package-lock.json", "build/compile.js"} {
		copyFile(t, rel, filepath.Join(tmp, rel))
	}
	sources, err := filepath.Glob("src/*.sol")
	require.NoError(t, err)
	require.NotEmpty(t, sources)
	for _, src := range sources {
		copyFile(t, src, filepath.Join(tmp, src))
	}

	run(ctx, t, tmp, "npm", "ci", "--ignore-scripts", "--no-audit", "--no-fund")
	combined := filepath.Join(tmp, "build", "combined.json")
	run(ctx, t, tmp, "node", "build/compile.js", combined)
	requireSameFile(t, "build/combined.json", combined)

	bindingsOut := filepath.Join(tmp, "bindings.go")
	run(ctx, t, ".", "go", "tool", "abigen", "--v2", "--combined-json", combined, "--pkg", "bindings", "--out", bindingsOut)
	requireSameFile(t, "bindings/bindings.go", bindingsOut)
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	data, err := os.ReadFile(from)
	require.NoError(t, err)
	require.NoError(t, os.MkdirAll(filepath.Dir(to), 0o755))
	require.NoError(t, os.WriteFile(to, data, 0o644))
}

func run(ctx context.Context, t *testing.T, dir, name string, args ...string) {
	t.Helper()
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "%s %v failed:\n%s", name, args, out)
}

func requireSameFile(t *testing.T, committed, rebuilt string) {
	t.Helper()
	want, err := os.ReadFile(committed)
	require.NoError(t, err)
	got, err := os.ReadFile(rebuilt)
	require.NoError(t, err)
	require.True(t, bytes.Equal(want, got),
		"contracts/%s is stale: it differs from a rebuild of contracts/src; run contracts/build.sh and commit the result", committed)
}
