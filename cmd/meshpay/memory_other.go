//go:build !linux

package main

import "runtime/debug"

// releaseStartupMemory returns to the OS the heap that only the start of
// the process needed (see memory_linux.go, which also unmaps the start-up
// code). It returns the bytes of the executable it unmapped: none here.
func releaseStartupMemory() (int64, error) {
	debug.FreeOSMemory()
	return 0, nil
}
