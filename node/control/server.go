package control

import (
	"context"
	"crypto/subtle"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"
)

// Defaults of ServerConfig.
const (
	DefaultMaxBodyBytes    = 64 << 10
	DefaultRequestTimeout  = 2 * time.Minute
	DefaultShutdownTimeout = 10 * time.Second
)

// ServerConfig configures a Server. DataDir is required.
type ServerConfig struct {
	// DataDir holds the token file (TokenFile), the default socket
	// (SocketFile) and, while TCP is on, AddrFile. Created 0700 if missing.
	DataDir string
	// Addr is the TCP listen address, such as "127.0.0.1:7420" or
	// "127.0.0.1:0" for a random port (written to AddrFile). "" turns TCP
	// off: the unix socket is the default transport.
	Addr string
	// AllowRemote allows an Addr that is not loopback. The API is plain
	// HTTP: the token crosses the network in clear, so put TLS in front
	// (a reverse proxy or an SSH tunnel).
	AllowRemote bool
	// SocketPath is the unix socket; "" is <DataDir>/control.sock. A stale
	// socket there is removed; a live one is an error.
	SocketPath string
	// NoSocket turns the unix socket off (then Addr is required).
	NoSocket bool
	// Logger defaults to discarding.
	Logger *slog.Logger
	// MaxBodyBytes bounds a request body; 0 is DefaultMaxBodyBytes.
	MaxBodyBytes int64
	// RequestTimeout bounds one Service call (opening a channel waits for
	// the chain); 0 is DefaultRequestTimeout. On expiry the answer is 504.
	RequestTimeout time.Duration
	// ShutdownTimeout bounds the wait for requests in flight when Run's
	// context ends; 0 is DefaultShutdownTimeout.
	ShutdownTimeout time.Duration
}

func (c *ServerConfig) setDefaults() error {
	if c.DataDir == "" {
		return errors.New("control: config: DataDir is required")
	}
	if c.NoSocket && c.Addr == "" {
		return errors.New("control: config: NoSocket needs an Addr")
	}
	if c.NoSocket && c.SocketPath != "" {
		return errors.New("control: config: NoSocket and SocketPath conflict")
	}
	if c.Addr != "" {
		host, _, err := net.SplitHostPort(c.Addr)
		if err != nil {
			return fmt.Errorf("control: config: Addr %q: %w", c.Addr, err)
		}
		if !c.AllowRemote && !loopbackHost(host) {
			return fmt.Errorf("control: config: Addr %q is not loopback (set AllowRemote)", c.Addr)
		}
	}
	if !c.NoSocket && c.SocketPath == "" {
		c.SocketPath = filepath.Join(c.DataDir, SocketFile)
	}
	if c.Logger == nil {
		c.Logger = slog.New(slog.DiscardHandler)
	}
	if c.MaxBodyBytes < 0 || c.RequestTimeout < 0 || c.ShutdownTimeout < 0 {
		return errors.New("control: config: negative limit")
	}
	if c.MaxBodyBytes == 0 {
		c.MaxBodyBytes = DefaultMaxBodyBytes
	}
	if c.RequestTimeout == 0 {
		c.RequestTimeout = DefaultRequestTimeout
	}
	if c.ShutdownTimeout == 0 {
		c.ShutdownTimeout = DefaultShutdownTimeout
	}
	return nil
}

// loopbackHost reports a host that can only bind loopback: "localhost" or
// a loopback IP. "" (every interface) is not.
func loopbackHost(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// Server serves a Service as the control API on a unix socket and/or TCP.
// Call Listen (or let Run call it), then Run.
type Server struct {
	svc     Service
	cfg     ServerConfig
	log     *slog.Logger
	handler http.Handler

	mu      sync.Mutex
	token   []byte
	tcp     net.Listener
	unix    net.Listener
	started bool // Run was called
}

// NewServer checks cfg and returns a server that has not listened yet.
func NewServer(svc Service, cfg ServerConfig) (*Server, error) {
	if svc == nil {
		return nil, errors.New("control: nil Service")
	}
	if err := cfg.setDefaults(); err != nil {
		return nil, err
	}
	s := &Server{svc: svc, cfg: cfg, log: cfg.Logger}
	s.handler = s.authenticate(s.routes())
	return s, nil
}

// Listen writes or reuses the token file and binds the socket and the TCP
// address. After it, Addr and SocketPath report where the server listens.
// Run must follow, to serve and to release the listeners.
func (s *Server) Listen() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.listenLocked()
}

func (s *Server) listenLocked() (err error) {
	if s.token != nil {
		return errors.New("control: already listening")
	}
	if err := os.MkdirAll(s.cfg.DataDir, 0o700); err != nil {
		return fmt.Errorf("control: data dir: %w", err)
	}
	tokenPath := s.TokenPath()
	tok, created, err := loadOrCreateToken(tokenPath)
	if err != nil {
		return err
	}
	if created {
		s.log.Info("control api token created", "path", tokenPath)
	}
	defer func() {
		if err != nil {
			s.closeListeners()
		}
	}()
	if !s.cfg.NoSocket {
		if s.unix, err = listenUnix(s.cfg.SocketPath); err != nil {
			return err
		}
	}
	if s.cfg.Addr != "" {
		if s.tcp, err = net.Listen("tcp", s.cfg.Addr); err != nil {
			return fmt.Errorf("control: listen: %w", err)
		}
		if ip := s.tcp.Addr().(*net.TCPAddr).IP; !s.cfg.AllowRemote && !ip.IsLoopback() {
			return fmt.Errorf("control: %s resolved to %s, not loopback (set AllowRemote)", s.cfg.Addr, ip)
		}
		if err := writePrivate(s.addrPath(), "http://"+s.tcp.Addr().String()+"\n"); err != nil {
			return fmt.Errorf("control: write address file: %w", err)
		}
	}
	s.token = []byte(tok)
	return nil
}

func (s *Server) closeListeners() {
	for _, ln := range []net.Listener{s.unix, s.tcp} {
		if ln != nil {
			_ = ln.Close() // only reached on a failed start: nothing was served
		}
	}
	s.unix, s.tcp = nil, nil
}

// maxSocketPath is the shortest limit on a unix socket path among the
// systems a node runs on (macOS 104, Linux 108, with the terminating NUL).
const maxSocketPath = 104

// listenUnix binds a unix socket at path with mode 0600, removing a stale
// socket left by a crash. A live socket or another kind of file is an error.
func listenUnix(path string) (net.Listener, error) {
	fi, err := os.Lstat(path)
	switch {
	case err == nil:
		if fi.Mode()&fs.ModeSocket == 0 {
			return nil, fmt.Errorf("control: %s exists and is not a socket", path)
		}
		if c, err := net.DialTimeout("unix", path, time.Second); err == nil {
			_ = c.Close() // we only probed it
			return nil, fmt.Errorf("control: socket %s is in use by another process", path)
		}
		if err := os.Remove(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("control: remove stale socket: %w", err)
		}
	case !errors.Is(err, fs.ErrNotExist):
		return nil, fmt.Errorf("control: socket: %w", err)
	}
	ln, err := net.Listen("unix", path)
	if err != nil {
		if len(path) >= maxSocketPath {
			return nil, fmt.Errorf("control: listen on %s: %w (unix socket paths are limited to about %d bytes: set SocketPath)", path, err, maxSocketPath)
		}
		return nil, fmt.Errorf("control: listen on %s: %w", path, err)
	}
	// The socket exists with the umask's mode until this chmod; the token
	// still guards it meanwhile.
	if err := os.Chmod(path, 0o600); err != nil {
		_ = ln.Close() // the chmod error is the one to report
		return nil, fmt.Errorf("control: socket mode: %w", err)
	}
	return ln, nil
}

// Run serves until ctx ends, then stops accepting, waits up to
// ShutdownTimeout for requests in flight and removes the socket and the
// address file. It calls Listen if that was not done. It returns nil after a
// shutdown by ctx.
func (s *Server) Run(ctx context.Context) error {
	s.mu.Lock()
	if s.started {
		s.mu.Unlock()
		return errors.New("control: Run called twice")
	}
	s.started = true
	if s.token == nil {
		if err := s.listenLocked(); err != nil {
			s.mu.Unlock()
			return err
		}
	}
	var lns []net.Listener
	for _, ln := range []net.Listener{s.unix, s.tcp} {
		if ln != nil {
			lns = append(lns, ln)
		}
	}
	s.mu.Unlock()

	srv := &http.Server{
		Handler:           s.handler,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      s.cfg.RequestTimeout + 30*time.Second,
		IdleTimeout:       2 * time.Minute,
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelDebug),
	}
	errc := make(chan error, len(lns))
	for _, ln := range lns {
		s.log.Info("control api listening", "addr", ln.Addr().String(), "network", ln.Addr().Network())
		go func() { errc <- srv.Serve(ln) }()
	}

	var err error
	pending := len(lns)
	select {
	case <-ctx.Done():
	case err = <-errc: // a listener failed: stop the others too
		pending--
	}
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), s.cfg.ShutdownTimeout)
	defer cancel()
	if serr := srv.Shutdown(sctx); serr != nil {
		s.log.Warn("control api shutdown timed out, closing connections", "err", serr)
		_ = srv.Close() // the timeout is reported above; Close only forces
	}
	for ; pending > 0; pending-- {
		if e := <-errc; err == nil {
			err = e
		}
	}
	if s.tcp != nil {
		if rerr := os.Remove(s.addrPath()); rerr != nil && !errors.Is(rerr, fs.ErrNotExist) {
			s.log.Warn("control api address file not removed", "err", rerr)
		}
	}
	if errors.Is(err, http.ErrServerClosed) {
		err = nil
	}
	if err != nil {
		return fmt.Errorf("control: serve: %w", err)
	}
	return nil
}

// Addr is the bound TCP address, nil if TCP is off or before Listen.
func (s *Server) Addr() net.Addr {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.tcp == nil {
		return nil
	}
	return s.tcp.Addr()
}

// SocketPath is the unix socket's path, "" if the socket is off.
func (s *Server) SocketPath() string { return s.cfg.SocketPath }

// TokenPath is the token file's path.
func (s *Server) TokenPath() string { return filepath.Join(s.cfg.DataDir, TokenFile) }

func (s *Server) addrPath() string { return filepath.Join(s.cfg.DataDir, AddrFile) }

// authenticate runs next only for a request with the token. It runs before
// routing, so an unknown path without the token is 401 too.
func (s *Server) authenticate(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		want := s.token
		s.mu.Unlock()
		scheme, cred, _ := strings.Cut(r.Header.Get("Authorization"), " ")
		if want == nil || !strings.EqualFold(scheme, "Bearer") ||
			subtle.ConstantTimeCompare([]byte(strings.TrimSpace(cred)), want) != 1 {
			s.log.Debug("control api request refused: bad token", "method", r.Method, "path", r.URL.Path)
			w.Header().Set("WWW-Authenticate", `Bearer realm="meshpay"`)
			writeError(w, &APIError{Status: http.StatusUnauthorized, Code: CodeUnauthorized,
				Message: "missing or wrong token: send Authorization: Bearer <contents of " + TokenFile + ">"})
			return
		}
		next.ServeHTTP(w, r)
	})
}
