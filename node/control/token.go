package control

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
)

// Files in the node's data directory.
const (
	// TokenFile holds the API token, hex, mode 0600.
	TokenFile = "control.token"
	// SocketFile is the default unix socket, mode 0600.
	SocketFile = "control.sock"
	// AddrFile holds the TCP endpoint ("http://127.0.0.1:port") while the
	// server listens on TCP, so a client can find a random port.
	AddrFile = "control.addr"
)

// tokenBytes is the token's entropy; the file holds it hex-encoded.
const tokenBytes = 32

// ReadToken reads a token file and checks its form (64 hex digits, with
// surrounding white space ignored).
func ReadToken(path string) (string, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return "", fmt.Errorf("control: read token: %w", err)
	}
	tok := strings.TrimSpace(string(b))
	if !validToken(tok) {
		return "", fmt.Errorf("control: token file %s: %w: not %d hex digits", path, ErrInvalidArgument, 2*tokenBytes)
	}
	return tok, nil
}

func validToken(tok string) bool {
	if len(tok) != 2*tokenBytes {
		return false
	}
	_, err := hex.DecodeString(tok)
	return err == nil
}

// loadOrCreateToken returns the token in path, or writes a new one if the
// file is missing, malformed, not a regular file or readable by others (it
// may have leaked). created reports a new token.
func loadOrCreateToken(path string) (tok string, created bool, err error) {
	fi, err := os.Lstat(path)
	switch {
	case err == nil:
		if fi.Mode().IsRegular() && (runtime.GOOS == "windows" || fi.Mode().Perm()&0o077 == 0) {
			if tok, err := ReadToken(path); err == nil {
				return tok, false, nil
			}
		}
	case !errors.Is(err, fs.ErrNotExist):
		return "", false, fmt.Errorf("control: token file: %w", err)
	}
	var raw [tokenBytes]byte
	if _, err := rand.Read(raw[:]); err != nil {
		return "", false, fmt.Errorf("control: token: %w", err)
	}
	tok = hex.EncodeToString(raw[:])
	if err := writePrivate(path, tok+"\n"); err != nil {
		return "", false, fmt.Errorf("control: write token: %w", err)
	}
	return tok, true, nil
}

// writePrivate replaces path with data atomically, mode 0600: a reader sees
// the old file or the whole new one, never a part.
func writePrivate(path, data string) error {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp*")
	if err != nil {
		return err
	}
	tmp := f.Name()
	err = f.Chmod(0o600)
	if err == nil {
		_, err = f.WriteString(data)
	}
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		_ = os.Remove(tmp) // best effort: the error that matters is err
		return err
	}
	return nil
}
