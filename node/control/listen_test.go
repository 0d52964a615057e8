package control

import (
	"context"
	"errors"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func fileExists(p string) bool {
	_, err := os.Lstat(p)
	return err == nil
}

func mode(t *testing.T, p string) os.FileMode {
	t.Helper()
	fi, err := os.Lstat(p)
	if err != nil {
		t.Fatal(err)
	}
	return fi.Mode()
}

func TestTokenFile(t *testing.T) {
	dir := shortTempDir(t)
	ts := startServer(t, ServerConfig{DataDir: dir})
	first := ts.token
	if len(first) != 64 {
		t.Fatalf("token %q is not 32 bytes hex", first)
	}
	if m := mode(t, ts.TokenPath()); m.Perm() != 0o600 || !m.IsRegular() {
		t.Errorf("token file mode %v, want 0600", m)
	}
	ts.stop(t)

	// A restart reuses the token.
	ts = startServer(t, ServerConfig{DataDir: dir})
	if ts.token != first {
		t.Errorf("token changed across a restart")
	}
	if _, err := ts.client(t, "unix").Info(context.Background()); err != nil {
		t.Errorf("old token refused: %v", err)
	}
	ts.stop(t)

	// A malformed token, or one others can read, is replaced by a 0600 one.
	for name, prep := range map[string]func(p string) error{
		"malformed": func(p string) error { return os.WriteFile(p, []byte("not hex\n"), 0o600) },
		"readable":  func(p string) error { return os.Chmod(p, 0o644) },
		"empty":     func(p string) error { return os.WriteFile(p, nil, 0o600) },
		"missing":   func(p string) error { return os.Remove(p) },
	} {
		t.Run(name, func(t *testing.T) {
			before, _ := os.ReadFile(ts.TokenPath())
			if err := prep(ts.TokenPath()); err != nil {
				t.Fatal(err)
			}
			ts2 := startServer(t, ServerConfig{DataDir: dir})
			if strings.TrimSpace(string(before)) == ts2.token {
				t.Errorf("token kept")
			}
			if m := mode(t, ts2.TokenPath()); m.Perm() != 0o600 {
				t.Errorf("token file mode %v, want 0600", m)
			}
			ts2.stop(t)
		})
	}
	leftovers, _ := filepath.Glob(filepath.Join(dir, ".*tmp*"))
	if len(leftovers) > 0 {
		t.Errorf("temp files left: %v", leftovers)
	}
}

func TestReadToken(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "tok")
	good := strings.Repeat("aB", 32)
	for content, ok := range map[string]bool{good + "\n": true, "  " + good + "\r\n": true, good[:63]: false, good + "0": false, strings.Repeat("zz", 32): false} {
		if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		tok, err := ReadToken(p)
		if ok && (err != nil || tok != good) || !ok && err == nil {
			t.Errorf("ReadToken(%q) = %q, %v", content, tok, err)
		}
	}
	if _, err := ReadToken(filepath.Join(dir, "missing")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing file: %v", err)
	}
}

func TestSocket(t *testing.T) {
	dir := shortTempDir(t)
	sock := filepath.Join(dir, SocketFile)

	// A stale socket left by a crash is replaced.
	l, err := net.ListenUnix("unix", &net.UnixAddr{Name: sock, Net: "unix"})
	if err != nil {
		t.Fatal(err)
	}
	l.SetUnlinkOnClose(false)
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	if !fileExists(sock) {
		t.Fatal("stale socket not left behind")
	}
	ts := startServer(t, ServerConfig{DataDir: dir})
	if ts.SocketPath() != sock {
		t.Errorf("socket path %q, want %q", ts.SocketPath(), sock)
	}
	if m := mode(t, sock); m&os.ModeSocket == 0 || m.Perm() != 0o600 {
		t.Errorf("socket mode %v, want socket 0600", m)
	}
	if _, err := ts.client(t, "unix").Info(context.Background()); err != nil {
		t.Fatal(err)
	}

	// A live socket is not taken over.
	other, err := NewServer(&fakeService{}, ServerConfig{DataDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	if err := other.Listen(); err == nil || !strings.Contains(err.Error(), "in use") {
		t.Errorf("second server on a live socket: %v", err)
	}
	ts.stop(t)

	// A file that is not a socket is not removed.
	if err := os.WriteFile(sock, []byte("keep"), 0o600); err != nil {
		t.Fatal(err)
	}
	s, err := NewServer(&fakeService{}, ServerConfig{DataDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Listen(); err == nil {
		t.Error("listened over a regular file")
	}
	if b, _ := os.ReadFile(sock); string(b) != "keep" {
		t.Error("regular file clobbered")
	}
}

func TestConfig(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct {
		cfg ServerConfig
		ok  bool
	}{
		{ServerConfig{DataDir: dir}, true},
		{ServerConfig{DataDir: dir, Addr: "127.0.0.1:0"}, true},
		{ServerConfig{DataDir: dir, Addr: "[::1]:7420"}, true},
		{ServerConfig{DataDir: dir, Addr: "localhost:7420"}, true},
		{ServerConfig{DataDir: dir, Addr: "0.0.0.0:7420"}, false},
		{ServerConfig{DataDir: dir, Addr: ":7420"}, false},
		{ServerConfig{DataDir: dir, Addr: "192.168.1.5:7420"}, false},
		{ServerConfig{DataDir: dir, Addr: "example.com:7420"}, false},
		{ServerConfig{DataDir: dir, Addr: "0.0.0.0:7420", AllowRemote: true}, true},
		{ServerConfig{DataDir: dir, Addr: "127.0.0.1"}, false},
		{ServerConfig{}, false},
		{ServerConfig{DataDir: dir, NoSocket: true}, false},
		{ServerConfig{DataDir: dir, NoSocket: true, Addr: "127.0.0.1:0"}, true},
		{ServerConfig{DataDir: dir, NoSocket: true, SocketPath: "/x", Addr: "127.0.0.1:0"}, false},
		{ServerConfig{DataDir: dir, RequestTimeout: -1}, false},
	} {
		_, err := NewServer(&fakeService{}, tc.cfg)
		if (err == nil) != tc.ok {
			t.Errorf("NewServer(%+v): %v", tc.cfg, err)
		}
	}
	if _, err := NewServer(nil, ServerConfig{DataDir: dir}); err == nil {
		t.Error("nil service accepted")
	}
}

func TestDiscoverClient(t *testing.T) {
	ctx := context.Background()
	// With the socket on, it is preferred.
	dir := shortTempDir(t)
	ts := startServer(t, ServerConfig{DataDir: dir})
	c, err := DiscoverClient(dir)
	if err != nil {
		t.Fatal(err)
	}
	if c.base != "http://meshpay" {
		t.Errorf("discovered %q, want the socket", c.base)
	}
	if _, err := c.Info(ctx); err != nil {
		t.Fatal(err)
	}
	c.CloseIdleConnections()
	ts.stop(t)
	// Nothing listening: ErrUnavailable.
	if _, err := DiscoverClient(dir); !errors.Is(err, ErrUnavailable) {
		t.Errorf("stopped node: %v", err)
	}

	// TCP only: the address file.
	dir = shortTempDir(t)
	ts = startServer(t, ServerConfig{DataDir: dir, NoSocket: true})
	if ts.SocketPath() != "" {
		t.Errorf("socket path %q with NoSocket", ts.SocketPath())
	}
	c, err = DiscoverClient(dir)
	if err != nil {
		t.Fatal(err)
	}
	if c.base != ts.tcpURL() {
		t.Errorf("discovered %q, want %q", c.base, ts.tcpURL())
	}
	if _, err := c.Info(ctx); err != nil {
		t.Fatal(err)
	}
	c.CloseIdleConnections()

	// No token file.
	if _, err := DiscoverClient(t.TempDir()); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("empty dir: %v", err)
	}
}

func TestClientUnavailable(t *testing.T) {
	ctx := context.Background()
	c, err := NewClient("unix://"+filepath.Join(t.TempDir(), "none.sock"), "tok")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Info(ctx); !errors.Is(err, ErrUnavailable) {
		t.Errorf("missing socket: %v", err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	_ = ln.Close()
	c, err = NewClient("http://"+addr, "tok")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Info(ctx); !errors.Is(err, ErrUnavailable) {
		t.Errorf("closed port: %v", err)
	}
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := c.Info(cctx); !errors.Is(err, context.Canceled) || errors.Is(err, ErrUnavailable) {
		t.Errorf("cancelled: %v", err)
	}
}

func TestNewClient(t *testing.T) {
	for endpoint, ok := range map[string]bool{
		"http://127.0.0.1:7420":        true,
		"http://127.0.0.1:7420/":       true,
		"https://node.example/meshpay": true,
		"unix:///tmp/control.sock":     true,
		"unix:control.sock":            true,
		"unix://host/tmp/control.sock": false,
		"unix://":                      false,
		"ftp://x":                      false,
		"127.0.0.1:7420":               false,
		"http://":                      false,
		"http://h:1/?q=1":              false,
	} {
		if _, err := NewClient(endpoint, "tok"); (err == nil) != ok {
			t.Errorf("NewClient(%q): %v", endpoint, err)
		}
	}
	for _, tok := range []string{"", "a b", "a\n"} {
		if _, err := NewClient("http://127.0.0.1:1", tok); err == nil {
			t.Errorf("token %q accepted", tok)
		}
	}
}

func TestResponseErrorNotOurs(t *testing.T) {
	e := responseError(502, []byte("<html>bad gateway</html>"))
	if e.Status != 502 || e.Code != "http_502" || !strings.Contains(e.Message, "bad gateway") {
		t.Errorf("got %+v", e)
	}
	if e := responseError(404, []byte("nope")); !errors.Is(e, ErrNotFound) || e.Code != CodeNotFound {
		t.Errorf("got %+v", e)
	}
}
