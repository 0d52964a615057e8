package main

import (
	"bytes"
	"os"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func TestRun(t *testing.T) {
	tests := []struct {
		args     []string
		code     int
		out, err string
	}{
		{args: nil, code: 0, out: "Commands:"},
		{args: []string{"version"}, code: 0, out: "meshpay dev"},
		{args: []string{"bogus"}, code: 2, err: `unknown command "bogus"`},
	}
	for _, tc := range tests {
		var out, errOut bytes.Buffer
		require.Equal(t, tc.code, run(tc.args, &out, &errOut), "args %v", tc.args)
		require.Contains(t, out.String(), tc.out)
		require.Contains(t, errOut.String(), tc.err)
	}
}

func TestDevnetUpAndStatus(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("MESHPAY_DEVNET_DIR", dir)
	var out, errOut bytes.Buffer
	require.Equal(t, 1, run([]string{"devnet", "status"}, &out, &errOut))
	require.Contains(t, errOut.String(), "start one with 'meshpay devnet up'")

	done := make(chan int, 1)
	upOut := &syncBuffer{}
	go func() {
		done <- run([]string{"devnet", "up", "--http-port", "0", "--block-period", "200ms", "--devices", "2"}, upOut, upOut)
	}()
	require.Eventually(t, func() bool { return strings.Contains(upOut.String(), "Ctrl-C stops it") }, 60*time.Second, 50*time.Millisecond)

	out.Reset()
	errOut.Reset()
	require.Equal(t, 0, run([]string{"devnet", "status", "-o", "json"}, &out, &errOut), errOut.String())
	require.Contains(t, out.String(), `"has_code": true`)
	require.Contains(t, out.String(), `"chain_id_matches": true`)

	require.NoError(t, syscall.Kill(os.Getpid(), syscall.SIGINT))
	select {
	case code := <-done:
		require.Equal(t, 0, code, upOut.String())
	case <-time.After(30 * time.Second):
		t.Fatal("devnet up did not stop on Ctrl-C")
	}
	require.Contains(t, upOut.String(), "stopping devnet")
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}
func (s *syncBuffer) String() string { s.mu.Lock(); defer s.mu.Unlock(); return s.b.String() }
