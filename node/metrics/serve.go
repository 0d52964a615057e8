package metrics

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Path is where Serve exposes the metrics.
const Path = "/metrics"

// shutdownTimeout bounds the wait for scrapes in flight at shutdown.
const shutdownTimeout = 5 * time.Second

// Handler serves the metrics in the Prometheus text (or negotiated) format.
func (m *Metrics) Handler() http.Handler {
	if m == nil {
		return http.NotFoundHandler()
	}
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{
		Registry:          m.reg, // counts promhttp's own errors
		ErrorHandling:     promhttp.ContinueOnError,
		Timeout:           30 * time.Second,
		EnableOpenMetrics: true,
	})
}

// Listen binds addr ("127.0.0.1:9464", or port 0 for a random one) for
// Serve; the listener's Addr is the bound address.
func Listen(addr string) (net.Listener, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("metrics: listen: %w", err)
	}
	return ln, nil
}

// Serve serves Path on ln until ctx ends, then shuts down, waiting briefly
// for scrapes in flight. It closes ln and returns nil after a shutdown by
// ctx.
func (m *Metrics) Serve(ctx context.Context, ln net.Listener) error {
	mux := http.NewServeMux()
	mux.Handle("GET "+Path, m.Handler())
	srv := &http.Server{
		Handler:           mux,
		ReadHeaderTimeout: 10 * time.Second,
		WriteTimeout:      time.Minute,
		IdleTimeout:       2 * time.Minute,
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	var err error
	select {
	case <-ctx.Done():
		sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), shutdownTimeout)
		defer cancel()
		if serr := srv.Shutdown(sctx); serr != nil {
			_ = srv.Close() // forced after the timeout; serr is returned
			err = serr
		}
		if serveErr := <-errc; err == nil && !errors.Is(serveErr, http.ErrServerClosed) {
			err = serveErr
		}
	case err = <-errc:
	}
	if err != nil {
		return fmt.Errorf("metrics: serve: %w", err)
	}
	return nil
}

// ListenAndServe is Listen then Serve.
func (m *Metrics) ListenAndServe(ctx context.Context, addr string) error {
	ln, err := Listen(addr)
	if err != nil {
		return err
	}
	return m.Serve(ctx, ln)
}
