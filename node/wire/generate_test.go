package wire_test

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// protocVersionLine is the header line naming protoc's version: the only
// line another protoc release changes, so it is left out of the comparison.
var protocVersionLine = regexp.MustCompile(`(?m)^//\s+protoc\s+v.*\n`)

// TestGeneratedCodeIsFresh regenerates pb/wire.pb.go from pb/wire.proto in
// a temporary directory, with protoc and the protoc-gen-go pinned by go.mod,
// and fails if the committed file differs: a .proto change without
// `make proto` would otherwise ship stale code.
func TestGeneratedCodeIsFresh(t *testing.T) {
	if _, err := exec.LookPath("protoc"); err != nil {
		t.Skip("protoc not found on PATH: cannot regenerate node/wire/pb/wire.pb.go to check it against wire.proto (apt-get install protobuf-compiler, or make proto)")
	}
	ctx, cancel := context.WithTimeout(t.Context(), 5*time.Minute)
	defer cancel()

	root, err := filepath.Abs(filepath.Join("..", ".."))
	require.NoError(t, err)
	plugin := output(ctx, t, root, "go", "tool", "-n", "protoc-gen-go")
	tmp := t.TempDir()
	output(ctx, t, root, "protoc", "--plugin=protoc-gen-go="+strings.TrimSpace(plugin),
		"--go_out="+tmp, "--go_opt=module=github.com/meshpay/meshpay", "node/wire/pb/wire.proto")

	const generated = "node/wire/pb/wire.pb.go"
	want, err := os.ReadFile(filepath.Join(root, generated))
	require.NoError(t, err)
	got, err := os.ReadFile(filepath.Join(tmp, generated))
	require.NoError(t, err)
	require.True(t, bytes.Equal(protocVersionLine.ReplaceAll(want, nil), protocVersionLine.ReplaceAll(got, nil)),
		"%s is stale: it differs from what protoc generates from wire.proto; run make proto and commit the result", generated)
}

func output(ctx context.Context, t *testing.T, dir, name string, args ...string) string {
	t.Helper()
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Dir = dir
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	require.NoError(t, err, "%s %v failed:\n%s", name, args, stderr.String())
	return string(out)
}
