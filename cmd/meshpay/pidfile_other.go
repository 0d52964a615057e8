//go:build !unix

package main

import (
	"errors"
	"os"
	"strconv"
	"time"
)

// lockPIDFile writes our process ID to path, without a lock.
func lockPIDFile(path string) (release func(), err error) {
	if err := os.WriteFile(path, []byte(strconv.Itoa(os.Getpid())+"\n"), 0o644); err != nil {
		return nil, err
	}
	return func() { _ = os.Remove(path) }, nil
}

// stopDevnet is not supported without signals and file locks.
func stopDevnet(string, time.Duration) (int, error) {
	return 0, errors.New("devnet down is not supported on this system: stop 'devnet up' with Ctrl-C")
}
