//go:build unix

package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// lockPIDFile writes our process ID to path and holds an exclusive lock on
// it until release, which removes it. The lock, not the file, says that the
// process runs: a file left by a crash is not locked, and its process ID,
// perhaps reused by now, is never signalled.
func lockPIDFile(path string) (release func(), err error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, fmt.Errorf("pid file: %w", err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		b, _ := os.ReadFile(path) // for the message only
		f.Close()
		return nil, fmt.Errorf("a devnet is already running here (pid %s in %s)", strings.TrimSpace(string(b)), path)
	}
	if err := f.Truncate(0); err != nil {
		f.Close()
		return nil, fmt.Errorf("pid file: %w", err)
	}
	if _, err := f.WriteString(strconv.Itoa(os.Getpid()) + "\n"); err != nil {
		f.Close()
		return nil, fmt.Errorf("pid file: %w", err)
	}
	return func() {
		_ = os.Remove(path) // before unlocking: no one sees it unlocked and present
		_ = f.Close()
	}, nil
}

// stopDevnet sends SIGTERM to the process holding the lock on the pid file
// and waits until it releases it.
func stopDevnet(path string, timeout time.Duration) (int, error) {
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return 0, errors.New("no devnet running (no " + PIDFile + "): start one with 'meshpay devnet up'")
	}
	if err != nil {
		return 0, err
	}
	defer f.Close()
	fd := int(f.Fd())
	if syscall.Flock(fd, syscall.LOCK_SH|syscall.LOCK_NB) == nil {
		_ = os.Remove(path) // stale: its process is gone
		return 0, errors.New("no devnet running (removed a stale " + PIDFile + ")")
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return 0, err
	}
	pid, err := strconv.Atoi(strings.TrimSpace(string(b)))
	if err != nil || pid <= 0 {
		return 0, fmt.Errorf("%s holds %q, not a process ID", PIDFile, strings.TrimSpace(string(b)))
	}
	if err := syscall.Kill(pid, syscall.SIGTERM); err != nil {
		return pid, fmt.Errorf("stop pid %d: %w", pid, err)
	}
	deadline := time.Now().Add(timeout)
	for syscall.Flock(fd, syscall.LOCK_SH|syscall.LOCK_NB) != nil {
		if time.Now().After(deadline) {
			return pid, fmt.Errorf("pid %d did not stop within %v", pid, timeout)
		}
		time.Sleep(50 * time.Millisecond)
	}
	return pid, nil
}
