//go:build !linux

package store

import (
	"os"
	"runtime"
)

// datasync flushes f to stable storage. Outside Linux there is no portable
// fdatasync; File.Sync is fsync (F_FULLFSYNC on macOS).
func datasync(f *os.File) error { return f.Sync() }

// preallocate sets f's length, so records are written in place.
func preallocate(f *os.File, size int64) error { return f.Truncate(size) }

// syncDir makes the entries of dir (a created or removed file) durable.
// Windows cannot open a directory for syncing; NTFS journals its entries.
func syncDir(dir string) error {
	if runtime.GOOS == "windows" {
		return nil
	}
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	err = d.Sync()
	if cerr := d.Close(); err == nil {
		err = cerr
	}
	return err
}
