package main

import (
	"bufio"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/meshpay/meshpay/devnet"
)

// BenchmarkNodeFootprint builds the release binary and reports its size,
// then runs 'meshpay node run' against an embedded devnet and reports the
// node's resident memory once it has been idle for a few seconds.
func BenchmarkNodeFootprint(b *testing.B) {
	dir := b.TempDir()
	bin := filepath.Join(dir, "meshpay")
	build := exec.Command("go", "build", "-trimpath", "-ldflags=-s -w", "-o", bin, ".")
	build.Stderr = os.Stderr
	require.NoError(b, build.Run())
	st, err := os.Stat(bin)
	require.NoError(b, err)

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	descPath := filepath.Join(dir, "devnet.json")
	d, err := devnet.Start(ctx, devnet.Config{Devices: 2, DescriptorPath: descPath})
	require.NoError(b, err)
	defer d.Close()

	nodeDir := filepath.Join(dir, "node")
	env := append(os.Environ(), "MESHPAY_PASSPHRASE=footprint")
	initCmd := exec.Command(bin, "init", "--datadir", nodeDir, "--devnet-device", "0", "--light-kdf")
	initCmd.Env = env
	out, err := initCmd.CombinedOutput()
	require.NoError(b, err, string(out))

	var rss float64
	for range b.N {
		run := exec.Command(bin, "node", "run", "--datadir", nodeDir, "--devnet", descPath,
			"--listen", "/ip4/127.0.0.1/tcp/0,/ip4/127.0.0.1/udp/0/quic-v1", "--log-level", "warn")
		run.Env = env
		require.NoError(b, run.Start())
		time.Sleep(5 * time.Second)
		rss = residentMB(b, run.Process.Pid)
		_ = run.Process.Signal(os.Interrupt)
		_ = run.Wait()
	}
	b.ReportMetric(float64(st.Size())/(1<<20), "binary-MB")
	b.ReportMetric(rss, "idle-rss-MB")
	b.ReportMetric(0, "ns/op")
}

func residentMB(b *testing.B, pid int) float64 {
	f, err := os.Open("/proc/" + strconv.Itoa(pid) + "/status")
	require.NoError(b, err)
	defer f.Close()
	s := bufio.NewScanner(f)
	for s.Scan() {
		if rest, ok := strings.CutPrefix(s.Text(), "VmRSS:"); ok {
			kb, err := strconv.ParseFloat(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")), 64)
			require.NoError(b, err)
			return kb / 1024
		}
	}
	b.Fatal("no VmRSS")
	return 0
}
