//go:build linux && (amd64 || arm64)

package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/meshpay/meshpay/devnet"
)

// footprintIdle is how long the benchmark watches the idle node. It spans
// the runtime's forced GC (every two minutes) and the first polls of every
// periodic task, so the idle figure is the plateau, not the first seconds.
const footprintIdle = 150 * time.Second

// BenchmarkNodeFootprint builds the release binary and reports its size,
// then runs 'meshpay node run' against an embedded devnet and reports the
// node's memory while it idles:
//
//   - idle-rss-MB: the highest VmRSS sampled (each second) from 5 s after
//     the node is up until footprintIdle, with idle-anon-MB and idle-file-MB
//     (RssAnon, RssFile) of that sample;
//   - startup-peak-MB: VmHWM, the peak during start-up.
//
// Most of the RSS is pages of the executable, so how they got into the page
// cache matters. The benchmark runs the binary the way a device does, read
// from disk: it drops the binary's pages from the page cache after the
// build. A binary just written by the linker sits in the page cache in
// large folios (up to 2 MB on ext4), which recent kernels (6.18 here) map
// whole on a fault: run straight after the build, the node maps nearly all
// of .text, .rodata and .gopclntab, some 18 MB more.
func BenchmarkNodeFootprint(b *testing.B) {
	dir := b.TempDir()
	bin := filepath.Join(dir, "meshpay")
	build := exec.Command("go", "build", "-trimpath", "-ldflags=-s -w", "-o", bin, ".")
	build.Stderr = os.Stderr
	require.NoError(b, build.Run())
	st, err := os.Stat(bin)
	require.NoError(b, err)
	require.NoError(b, dropPageCache(bin))

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

	var idle, peak procMemory
	for range b.N {
		// A service name of its own keeps the node from finding (and
		// connecting to) other nodes on the host: it must stay idle.
		run := exec.Command(bin, "node", "run", "--datadir", nodeDir, "--devnet", descPath,
			"--listen", "/ip4/127.0.0.1/tcp/0,/ip4/127.0.0.1/udp/0/quic-v1", "--log-level", "warn",
			"--mdns-service", fmt.Sprintf("meshpay-footprint-%d", os.Getpid()))
		run.Env = env
		run.Stderr = os.Stderr
		stdout, err := run.StdoutPipe()
		require.NoError(b, err)
		require.NoError(b, run.Start())
		b.Cleanup(func() { _ = run.Process.Kill() })
		drained := waitRunning(b, stdout)
		time.Sleep(5 * time.Second)
		idle = procMemory{}
		for end := time.Now().Add(footprintIdle - 5*time.Second); time.Now().Before(end); time.Sleep(time.Second) {
			if m := readProcMemory(b, run.Process.Pid); m.rss > idle.rss {
				idle = m
			}
		}
		peak = readProcMemory(b, run.Process.Pid)
		_ = run.Process.Signal(os.Interrupt)
		<-drained
		_ = run.Wait()
	}
	b.ReportMetric(float64(st.Size())/(1<<20), "binary-MB")
	b.ReportMetric(idle.rss, "idle-rss-MB")
	b.ReportMetric(idle.anon, "idle-anon-MB")
	b.ReportMetric(idle.file, "idle-file-MB")
	b.ReportMetric(peak.hwm, "startup-peak-MB")
	b.ReportMetric(0, "ns/op")
}

// waitRunning reads the node's stdout until it says it is running, then
// drains the rest in the background; the channel closes at its end.
func waitRunning(b *testing.B, stdout io.Reader) <-chan struct{} {
	up, drained := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(drained)
		s := bufio.NewScanner(stdout)
		for s.Scan() {
			if strings.Contains(s.Text(), " running;") {
				close(up)
				break
			}
		}
		for s.Scan() {
		}
	}()
	select {
	case <-up:
	case <-drained:
		b.Fatal("node exited before it was running")
	case <-time.After(time.Minute):
		b.Fatal("node did not start within a minute")
	}
	return drained
}

// procMemory is a process's memory from /proc/<pid>/status, in MiB.
type procMemory struct{ rss, anon, file, hwm float64 }

func readProcMemory(b *testing.B, pid int) procMemory {
	f, err := os.Open("/proc/" + strconv.Itoa(pid) + "/status")
	require.NoError(b, err)
	defer f.Close()
	var m procMemory
	fields := map[string]*float64{"VmRSS:": &m.rss, "RssAnon:": &m.anon, "RssFile:": &m.file, "VmHWM:": &m.hwm}
	s := bufio.NewScanner(f)
	for s.Scan() {
		f := strings.Fields(s.Text())
		if len(f) == 3 && fields[f[0]] != nil {
			kb, err := strconv.ParseFloat(f[1], 64)
			require.NoError(b, err)
			*fields[f[0]] = kb / 1024
		}
	}
	require.NoError(b, s.Err())
	require.Positive(b, m.rss, "no VmRSS in /proc/%d/status", pid)
	return m
}

// dropPageCache writes the file to disk and drops its pages from the page
// cache, so that the next run reads it from disk like after a reboot.
func dropPageCache(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	if err := f.Sync(); err != nil {
		return err
	}
	const posixFadvDontneed = 4
	if _, _, errno := syscall.Syscall6(syscall.SYS_FADVISE64, f.Fd(), 0, 0, posixFadvDontneed, 0, 0); errno != 0 {
		return fmt.Errorf("fadvise %s: %w", path, errno)
	}
	return nil
}
