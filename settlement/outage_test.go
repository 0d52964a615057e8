package settlement_test

import (
	"bytes"
	"context"
	"log/slog"
	"net"
	"net/url"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/stretchr/testify/require"

	"github.com/meshpay/meshpay/channels/store"
	"github.com/meshpay/meshpay/settlement"
)

// proxy forwards TCP connections to an RPC endpoint. Switched off it
// closes its listener and every connection, so clients are refused, until
// it listens again on the same port. It can also lose the answer to one
// request.
type proxy struct {
	target, addr string
	wg           sync.WaitGroup

	mu     sync.Mutex
	ln     net.Listener // nil while down
	conns  map[net.Conn]struct{}
	loseTo []byte // the next request that contains it loses its answer
	lost   int
	// silent drops every answer and keeps the connection open, as a
	// peer that died without a word looks.
	silent atomic.Bool
}

func startProxy(t *testing.T, endpoint string) *proxy {
	t.Helper()
	u, err := url.Parse(endpoint)
	require.NoError(t, err)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	p := &proxy{target: u.Host, addr: ln.Addr().String(), conns: make(map[net.Conn]struct{})}
	p.serve(ln)
	t.Cleanup(func() {
		p.down()
		p.wg.Wait()
	})
	return p
}

func (p *proxy) URL() string { return "http://" + p.addr }

// up listens again on the proxy's port.
func (p *proxy) up(t *testing.T) {
	t.Helper()
	ln, err := net.Listen("tcp", p.addr)
	require.NoError(t, err)
	p.serve(ln)
}

// down closes the listener and every connection.
func (p *proxy) down() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.ln != nil {
		_ = p.ln.Close()
		p.ln = nil
	}
	for c := range p.conns {
		_ = c.Close()
	}
	clear(p.conns)
}

// loseAnswerTo makes the proxy forward the next request that contains s
// and hang up on the client instead of passing the answer on.
func (p *proxy) loseAnswerTo(s string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.loseTo = []byte(s)
}

func (p *proxy) lostAnswers() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.lost
}

func (p *proxy) serve(ln net.Listener) {
	p.mu.Lock()
	p.ln = ln
	p.mu.Unlock()
	p.wg.Add(1)
	go func() {
		defer p.wg.Done()
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			p.wg.Add(1)
			go func() {
				defer p.wg.Done()
				p.forward(ln, c)
			}()
		}
	}()
}

// track registers connections unless ln, which accepted them, is closed.
func (p *proxy) track(ln net.Listener, cs ...net.Conn) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.ln != ln {
		return false
	}
	for _, c := range cs {
		p.conns[c] = struct{}{}
	}
	return true
}

func (p *proxy) untrack(cs ...net.Conn) {
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, c := range cs {
		delete(p.conns, c)
		_ = c.Close()
	}
}

// matchLose tells whether chunk holds the request whose answer is to be
// lost, and disarms it.
func (p *proxy) matchLose(chunk []byte) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.loseTo == nil || !bytes.Contains(chunk, p.loseTo) {
		return false
	}
	p.loseTo = nil
	p.lost++
	return true
}

func (p *proxy) forward(ln net.Listener, client net.Conn) {
	server, err := net.Dial("tcp", p.target)
	if err != nil {
		_ = client.Close()
		return
	}
	if !p.track(ln, client, server) {
		p.untrack(client, server)
		return
	}
	defer p.untrack(client, server)
	// HTTP/1.1 answers in request order, so the first bytes from the
	// server after a marked request are its answer.
	var lose atomic.Bool
	requests := make(chan struct{})
	go func() {
		defer close(requests)
		defer p.untrack(client, server)
		buf := make([]byte, 64<<10)
		var tail []byte // a request may straddle two reads
		for {
			n, err := client.Read(buf)
			if n > 0 {
				chunk := append(tail, buf[:n]...)
				if p.matchLose(chunk) {
					lose.Store(true)
				}
				tail = append([]byte(nil), chunk[max(0, len(chunk)-64):]...)
				if _, err := server.Write(buf[:n]); err != nil {
					return
				}
			}
			if err != nil {
				return
			}
		}
	}()
	buf := make([]byte, 64<<10)
	for {
		n, err := server.Read(buf)
		if n > 0 {
			if lose.Load() {
				break // hang up on the client with its answer
			}
			if p.silent.Load() {
				continue
			}
			if _, err := client.Write(buf[:n]); err != nil {
				break
			}
		}
		if err != nil {
			break
		}
	}
	p.untrack(client, server)
	<-requests
}

// TestWatcherRidesOutRPCOutage: the watcher reaches the chain through a
// proxy that goes down while channels are opened and funded; Run warns and
// keeps polling, and once the proxy is back it reports every event once,
// in chain order. Its cursor survives a restart.
func TestWatcherRidesOutRPCOutage(t *testing.T) {
	ctx := context.Background()
	d := startDevnet(t)
	p := startProxy(t, d.HTTPURL())
	rig := newWatcher(t, d, dialVia(t, d, p.URL(), deviceKey(t, 3), settlement.ClientConfig{}), 2)
	rig.run(t)
	sender := dial(t, d, deviceKey(t, 0)) // straight to the devnet
	partner := address(t, 1)

	params, r, err := sender.Open(ctx, partner, common.Address{}, challengePeriod, ether(1))
	require.NoError(t, err)
	rig.waitProcessed(t, r.BlockNumber.Uint64())
	require.Len(t, rig.rec.ofTx(r.TxHash), 2)

	p.down()
	warnings := rig.logs.count(slog.LevelWarn, "chain watcher")
	require.Eventually(t, func() bool { return rig.logs.count(slog.LevelWarn, "chain watcher") > warnings },
		waitFor, 10*time.Millisecond, "the watcher warns while the endpoint is down")
	cursorDown := rig.cursor(t)
	var during []common.Hash
	for range 3 {
		_, r, err = sender.Open(ctx, partner, common.Address{}, challengePeriod, ether(1))
		require.NoError(t, err)
		during = append(during, r.TxHash)
	}
	r, err = sender.Deposit(ctx, params, sender.Address(), ether(3))
	require.NoError(t, err)
	during = append(during, r.TxHash)
	last := r.BlockNumber.Uint64()
	warnings = rig.logs.count(slog.LevelWarn, "chain watcher")
	require.Eventually(t, func() bool { return rig.logs.count(slog.LevelWarn, "chain watcher") >= warnings+3 },
		waitFor, 10*time.Millisecond, "the watcher keeps trying")
	require.Equal(t, cursorDown, rig.cursor(t))
	for _, tx := range during {
		require.Empty(t, rig.rec.ofTx(tx), "nothing comes through while the endpoint is down")
	}

	p.up(t)
	rig.waitProcessed(t, last)
	require.Eventually(t, func() bool { return rig.logs.count(slog.LevelInfo, "chain watcher recovered") > 0 },
		waitFor, 10*time.Millisecond)
	rig.stop()
	before := rig.cursor(t)
	require.Zero(t, rig.logs.count(slog.LevelError, ""), "an outage is no error")

	// A watcher restarted on the reopened store resumes at the cursor. The
	// stopped watcher's last cursor commit may land after its Run returned
	// (a commit cut off by its context still completes), so the cursor on
	// disk is at least the one read before.
	require.NoError(t, rig.store.Close())
	rig.store, err = store.Open(rig.dir)
	require.NoError(t, err)
	cfg := rig.cfg
	cfg.Cursor, cfg.Handler = rig.store, &recorder{}
	restarted := settlement.NewWatcher(cfg)
	cursor, err := restarted.Cursor(ctx)
	require.NoError(t, err)
	require.GreaterOrEqual(t, cursor, before)
	requireDeliveredOnce(t, rig.rec, sender, d.Descriptor().DeployBlock, cursor)
	require.NoError(t, restarted.Poll(ctx))
	require.Empty(t, cfg.Handler.(*recorder).all(), "nothing is delivered twice")
}

// TestTransactRetriesAcrossOutage: a transaction started while the RPC
// endpoint is down goes through once it is back, and one whose answer is
// lost is sent once, not twice.
func TestTransactRetriesAcrossOutage(t *testing.T) {
	ctx := context.Background()
	d := startDevnet(t)
	p := startProxy(t, d.HTTPURL())
	partner := address(t, 1)

	t.Run("endpoint down", func(t *testing.T) {
		logs := &logRecorder{}
		c := dialVia(t, d, p.URL(), deviceKey(t, 0), settlement.ClientConfig{Retries: 20, Logger: slog.New(logs)})
		p.down()
		done := make(chan error, 1)
		go func() {
			_, _, err := c.Open(ctx, partner, common.Address{}, challengePeriod, ether(1))
			done <- err
		}()
		require.Eventually(t, func() bool { return logs.count(slog.LevelDebug, "rpc call failed, retrying") >= 2 },
			waitFor, 10*time.Millisecond, "the client retries while the endpoint is down")
		p.up(t)
		select {
		case err := <-done:
			require.NoError(t, err)
		case <-time.After(waitFor):
			require.FailNow(t, "open did not return")
		}
	})

	t.Run("answer lost", func(t *testing.T) {
		// The retry comes after a few blocks: the lost transaction is mined
		// by then and the node answers "nonce too low".
		c := dialVia(t, d, p.URL(), deviceKey(t, 2), settlement.ClientConfig{PollInterval: 500 * time.Millisecond})
		nonce, err := d.Client().PendingNonceAt(ctx, c.Address())
		require.NoError(t, err)
		p.loseAnswerTo("eth_sendRawTransaction")
		_, r, err := c.Open(ctx, partner, common.Address{}, challengePeriod, ether(1))
		require.NoError(t, err)
		require.Equal(t, 1, p.lostAnswers())
		after, err := d.Client().PendingNonceAt(ctx, c.Address())
		require.NoError(t, err)
		require.Equal(t, nonce+1, after, "one transaction sent")
		tx, _, err := d.Client().TransactionByHash(ctx, r.TxHash)
		require.NoError(t, err)
		require.Equal(t, nonce, tx.Nonce())
	})
}

// TestWatcherOutlivesSilentEndpoint: the endpoint stops answering but keeps
// the connection open. The JSON-RPC client would wait forever; Run gives
// each Poll PollTimeout, warns, and catches up once answers come again.
func TestWatcherOutlivesSilentEndpoint(t *testing.T) {
	ctx := context.Background()
	d := startDevnet(t)
	p := startProxy(t, d.HTTPURL())
	rig := newWatcher(t, d, dialVia(t, d, p.URL(), deviceKey(t, 3), settlement.ClientConfig{}), 2)
	rig.cfg.PollTimeout = 300 * time.Millisecond
	rig.w = settlement.NewWatcher(rig.cfg)
	rig.run(t)
	sender := dial(t, d, deviceKey(t, 0)) // straight to the devnet
	_, r, err := sender.Open(ctx, address(t, 1), common.Address{}, challengePeriod, ether(1))
	require.NoError(t, err)
	rig.waitProcessed(t, r.BlockNumber.Uint64())

	p.silent.Store(true)
	warnings := rig.logs.count(slog.LevelWarn, "chain watcher")
	require.Eventually(t, func() bool { return rig.logs.count(slog.LevelWarn, "chain watcher") >= warnings+2 },
		waitFor, 10*time.Millisecond, "each Poll gives up and the next one tries")
	_, r, err = sender.Open(ctx, address(t, 1), common.Address{}, challengePeriod, ether(1))
	require.NoError(t, err)

	p.silent.Store(false)
	rig.waitProcessed(t, r.BlockNumber.Uint64())
	require.Len(t, rig.rec.ofTx(r.TxHash), 2)
}
