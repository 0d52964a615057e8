package main

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func TestDevnetDown(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("MESHPAY_DEVNET_DIR", dir)
	pidFile := filepath.Join(dir, PIDFile)

	code, _, errOut := cli("devnet", "down")
	require.Equal(t, 1, code)
	require.Contains(t, errOut, "no devnet running (no devnet.pid): start one with 'meshpay devnet up'")

	// A pid file left by a crash is not locked: it is removed, and its
	// process ID is not signalled.
	require.NoError(t, os.WriteFile(pidFile, []byte("999999999\n"), 0o644))
	code, _, errOut = cli("devnet", "down")
	require.Equal(t, 1, code)
	require.Contains(t, errOut, "removed a stale devnet.pid")
	require.NoFileExists(t, pidFile)

	done := make(chan int, 1)
	upOut := &syncBuffer{}
	go func() {
		done <- run([]string{"devnet", "up", "--http-port", "0", "--block-period", "200ms", "--devices", "1"}, upOut, upOut)
	}()
	require.Eventually(t, func() bool { return strings.Contains(upOut.String(), "Ctrl-C stops it") }, 60*time.Second, 50*time.Millisecond)
	b, err := os.ReadFile(pidFile)
	require.NoError(t, err)
	require.Equal(t, strconv.Itoa(os.Getpid())+"\n", string(b))

	code, _, errOut = cli("devnet", "up", "--http-port", "0")
	require.Equal(t, 1, code)
	require.Contains(t, errOut, "a devnet is already running here (pid "+strconv.Itoa(os.Getpid()))

	out := cliOK(t, "devnet", "down")
	require.Equal(t, "devnet stopped (pid "+strconv.Itoa(os.Getpid())+")\n", out)
	select {
	case code := <-done:
		require.Equal(t, 0, code, upOut.String())
	case <-time.After(30 * time.Second):
		t.Fatal("devnet up did not stop")
	}
	require.Contains(t, upOut.String(), "stopping devnet")
	require.NoFileExists(t, pidFile)
}
