package settlement_test

import (
	"context"
	"fmt"
	"log/slog"
	"math/big"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	ethereum "github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/meshpay/meshpay/channels/store"
	"github.com/meshpay/meshpay/devnet"
	"github.com/meshpay/meshpay/settlement"
)

// waitFor bounds every wait of the watcher tests.
const waitFor = 30 * time.Second

// recorder is an EventHandler that keeps every event it is given.
type recorder struct {
	mu     sync.Mutex
	events []settlement.ChainEvent
}

func (r *recorder) HandleEvent(_ context.Context, ev settlement.ChainEvent) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.events = append(r.events, ev)
	return nil
}

func (r *recorder) all() []settlement.ChainEvent {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]settlement.ChainEvent(nil), r.events...)
}

// ofTx returns the events of one transaction, in delivery order.
func (r *recorder) ofTx(tx common.Hash) []settlement.ChainEvent {
	var evs []settlement.ChainEvent
	for _, ev := range r.all() {
		if ev.TxHash == tx {
			evs = append(evs, ev)
		}
	}
	return evs
}

// logRecorder is a slog.Handler that keeps every record.
type logRecorder struct {
	mu      sync.Mutex
	records []slog.Record
}

func (l *logRecorder) Enabled(context.Context, slog.Level) bool { return true }

func (l *logRecorder) Handle(_ context.Context, r slog.Record) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.records = append(l.records, r.Clone())
	return nil
}

func (l *logRecorder) WithAttrs([]slog.Attr) slog.Handler { return l }
func (l *logRecorder) WithGroup(string) slog.Handler      { return l }

// count returns how many records have the level and a message starting
// with msg.
func (l *logRecorder) count(level slog.Level, msg string) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	n := 0
	for _, r := range l.records {
		if r.Level == level && strings.HasPrefix(r.Message, msg) {
			n++
		}
	}
	return n
}

// tail renders the last n records, for a failure message.
func (l *logRecorder) tail(n int) string {
	l.mu.Lock()
	defer l.mu.Unlock()
	var b strings.Builder
	for _, r := range l.records[max(0, len(l.records)-n):] {
		fmt.Fprintf(&b, "\n%s %s %s", r.Time.Format("15:04:05.000"), r.Level, r.Message)
		r.Attrs(func(a slog.Attr) bool {
			fmt.Fprintf(&b, " %s", a)
			return true
		})
	}
	return b.String()
}

// watcherRig is a watcher with its own store, recorder and logs.
type watcherRig struct {
	cfg   settlement.WatcherConfig
	w     *settlement.Watcher
	rec   *recorder
	logs  *logRecorder
	dir   string
	store *store.Badger
	stop  func()
}

func newWatcher(t *testing.T, d *devnet.Devnet, client *settlement.Client, confirmations uint64) *watcherRig {
	t.Helper()
	r := &watcherRig{rec: &recorder{}, logs: &logRecorder{}, dir: filepath.Join(t.TempDir(), "store"), stop: func() {}}
	var err error
	r.store, err = store.Open(r.dir)
	require.NoError(t, err)
	t.Cleanup(func() { require.NoError(t, r.store.Close()) })
	r.cfg = settlement.WatcherConfig{
		Client: client, Cursor: r.store, Handler: r.rec, FromBlock: d.Descriptor().DeployBlock,
		Confirmations: confirmations, PollInterval: 20 * time.Millisecond, PollTimeout: 5 * time.Second, Logger: slog.New(r.logs),
	}
	r.w = settlement.NewWatcher(r.cfg)
	return r
}

// run starts Run until the test ends or stop is called.
func (r *watcherRig) run(t *testing.T) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- r.w.Run(ctx) }()
	var once sync.Once
	r.stop = func() {
		once.Do(func() {
			cancel()
			require.ErrorIs(t, <-done, context.Canceled)
		})
	}
	t.Cleanup(r.stop)
}

func (r *watcherRig) cursor(t *testing.T) uint64 {
	t.Helper()
	c, err := r.w.Cursor(context.Background())
	require.NoError(t, err)
	return c
}

// waitCursor waits until the cursor is exactly n: on a paused chain it
// stops there.
func (r *watcherRig) waitCursor(t *testing.T, n uint64) {
	t.Helper()
	require.Eventually(t, func() bool { return r.cursor(t) == n }, waitFor, 10*time.Millisecond, "cursor at %d", n)
}

// waitProcessed waits until the watcher has processed block n.
func (r *watcherRig) waitProcessed(t *testing.T, n uint64) {
	t.Helper()
	if !assert.Eventually(t, func() bool { return r.cursor(t) >= n }, waitFor, 10*time.Millisecond, "cursor reaches %d", n) {
		t.Fatalf("cursor at %d; the watcher's last logs:%s", r.cursor(t), r.logs.tail(10))
	}
}

func address(t *testing.T, device int) common.Address {
	return crypto.PubkeyToAddress(deviceKey(t, device).PublicKey)
}

func seal(t *testing.T, d *devnet.Devnet) uint64 {
	t.Helper()
	n, err := d.SealBlock()
	require.NoError(t, err)
	return n
}

// openPending starts opening an ETH channel from c to partner with a 1 ETH
// deposit (events ChannelOpened and Deposited) and returns once the
// transaction waits in the pool of the paused devnet; wait returns its
// receipt once a block holds it.
func openPending(t *testing.T, d *devnet.Devnet, c *settlement.Client, partner common.Address) (wait func() *types.Receipt) {
	t.Helper()
	ctx := context.Background()
	nonce, err := d.Client().PendingNonceAt(ctx, c.Address())
	require.NoError(t, err)
	type result struct {
		rcpt *types.Receipt
		err  error
	}
	done := make(chan result, 1)
	go func() {
		_, rcpt, err := c.Open(ctx, partner, common.Address{}, challengePeriod, ether(1))
		done <- result{rcpt, err}
	}()
	require.Eventually(t, func() bool {
		n, err := d.Client().PendingNonceAt(ctx, c.Address())
		return err == nil && n > nonce
	}, waitFor, 5*time.Millisecond, "open transaction pending")
	return func() *types.Receipt {
		t.Helper()
		select {
		case res := <-done:
			require.NoError(t, res.err)
			return res.rcpt
		case <-time.After(waitFor):
			require.FailNow(t, "open transaction not mined")
			return nil
		}
	}
}

func blockHash(t *testing.T, d *devnet.Devnet, n uint64) common.Hash {
	t.Helper()
	h, err := d.Client().HeaderByNumber(context.Background(), new(big.Int).SetUint64(n))
	require.NoError(t, err)
	return h.Hash()
}

func requireOpenedOnce(t *testing.T, evs []settlement.ChainEvent, block uint64, hash common.Hash) {
	t.Helper()
	require.Len(t, evs, 2, "opened and deposited, once each")
	require.Equal(t, settlement.EventOpened, evs[0].Kind)
	require.Equal(t, settlement.EventDeposited, evs[1].Kind)
	for _, ev := range evs {
		require.Equal(t, block, ev.Block)
		require.Equal(t, hash, ev.BlockHash)
	}
}

// TestWatcherIgnoresShallowReorg: with 3 confirmations, a channel opening
// whose block is replaced before it is confirmed is never reported if the
// reorg drops it, and reported once, at the block that holds it now, if
// the reorg mines it again elsewhere.
func TestWatcherIgnoresShallowReorg(t *testing.T) {
	ctx := context.Background()
	d := startDevnet(t)
	const confirmations = 3
	rig := newWatcher(t, d, dial(t, d, deviceKey(t, 3)), confirmations)
	rig.run(t)
	partner := address(t, 1)

	// Dropped: a reorg of depth 1 replaces the opening's block while it is
	// the head.
	require.NoError(t, d.PauseBlocks())
	wait := openPending(t, d, dial(t, d, deviceKey(t, 0)), partner)
	b := seal(t, d)
	dropped := wait()
	require.Equal(t, b, dropped.BlockNumber.Uint64())
	rig.waitCursor(t, b-confirmations)
	require.NoError(t, d.Reorg(1, true))
	_, err := d.Client().TransactionReceipt(ctx, dropped.TxHash)
	require.ErrorIs(t, err, ethereum.NotFound, "the opening is gone from the chain")
	require.NoError(t, d.ResumeBlocks())
	rig.waitProcessed(t, b+confirmations)
	require.Empty(t, rig.rec.ofTx(dropped.TxHash), "a dropped event is never reported")

	// Re-mined: a reorg of depth 2 replaces an empty block and the
	// opening's; the opening lands one block earlier.
	require.NoError(t, d.PauseBlocks())
	empty := seal(t, d)
	wait = openPending(t, d, dial(t, d, deviceKey(t, 2)), partner)
	b = seal(t, d)
	first := wait()
	rig.waitCursor(t, b-confirmations)
	require.NoError(t, d.Reorg(2, false))
	moved, err := d.Client().TransactionReceipt(ctx, first.TxHash)
	require.NoError(t, err)
	require.Equal(t, empty, moved.BlockNumber.Uint64(), "re-mined in the first new block")
	require.NotEqual(t, first.BlockHash, moved.BlockHash)
	require.NoError(t, d.ResumeBlocks())
	rig.waitProcessed(t, b+confirmations)
	requireOpenedOnce(t, rig.rec.ofTx(first.TxHash), empty, moved.BlockHash)

	require.Zero(t, rig.w.DeepReorgs())
	require.Zero(t, rig.logs.count(slog.LevelError, ""), "no error logged")
}

// TestWatcherRewindsAfterDeepReorg: with no confirmations the watcher
// reports an opening at once. A reorg that drops it is detected at the
// next poll (ErrDeepReorg): the cursor goes back to the fork point and
// the new branch is delivered from there. Run logs it at Error level and
// delivers an opening that the reorg moved to another block again.
func TestWatcherRewindsAfterDeepReorg(t *testing.T) {
	ctx := context.Background()
	d := startDevnet(t)
	rig := newWatcher(t, d, dial(t, d, deviceKey(t, 3)), 0)
	partner := address(t, 1)
	require.NoError(t, d.PauseBlocks())

	// Polled by hand.
	require.NoError(t, rig.w.Poll(ctx))
	wait := openPending(t, d, dial(t, d, deviceKey(t, 0)), partner)
	b := seal(t, d)
	dropped := wait()
	head := seal(t, d)
	replacedHead := blockHash(t, d, head)
	require.NoError(t, rig.w.Poll(ctx))
	requireOpenedOnce(t, rig.rec.ofTx(dropped.TxHash), b, dropped.BlockHash)
	require.Equal(t, head, rig.cursor(t))

	require.NoError(t, d.Reorg(2, true))
	err := rig.w.Poll(ctx)
	require.ErrorIs(t, err, settlement.ErrDeepReorg)
	var deep *settlement.DeepReorgError
	require.ErrorAs(t, err, &deep)
	require.Equal(t, settlement.DeepReorgError{
		Block: head, Was: replacedHead, Now: blockHash(t, d, head), RewoundTo: b - 1, ForkFound: true,
	}, *deep)
	require.EqualValues(t, 1, rig.w.DeepReorgs())
	require.Equal(t, b-1, rig.cursor(t), "the cursor is back at the fork point")
	require.NoError(t, rig.w.Poll(ctx))
	require.Equal(t, head+1, rig.cursor(t))
	require.Len(t, rig.rec.ofTx(dropped.TxHash), 2, "the dropped opening does not come again")
	require.Zero(t, rig.logs.count(slog.LevelError, ""), "Poll returns the error, it does not log it")

	// Running.
	rig.run(t)
	wait = openPending(t, d, dial(t, d, deviceKey(t, 2)), partner)
	b = seal(t, d)
	moved := wait()
	rig.waitCursor(t, b)
	requireOpenedOnce(t, rig.rec.ofTx(moved.TxHash), b, moved.BlockHash)

	require.NoError(t, d.Reorg(1, false))
	again, err := d.Client().TransactionReceipt(ctx, moved.TxHash)
	require.NoError(t, err)
	require.Equal(t, b, again.BlockNumber.Uint64(), "same height, new block")
	require.NotEqual(t, moved.BlockHash, again.BlockHash)
	rig.waitCursor(t, b+1)
	require.Eventually(t, func() bool { return len(rig.rec.ofTx(moved.TxHash)) == 4 }, waitFor, 10*time.Millisecond,
		"the moved opening is delivered again")
	requireOpenedOnce(t, rig.rec.ofTx(moved.TxHash)[2:], b, again.BlockHash)
	require.EqualValues(t, 2, rig.w.DeepReorgs())
	require.Equal(t, 1, rig.logs.count(slog.LevelError, "chain reorganised deeper"))

	// A watcher that may rewind one block only stops there and says so.
	short := newWatcher(t, d, dial(t, d, deviceKey(t, 3)), 0)
	short.cfg.MaxRewind = 1
	short.w = settlement.NewWatcher(short.cfg)
	require.NoError(t, short.w.Poll(ctx))
	head = short.cursor(t)
	require.NoError(t, d.Reorg(2, false))
	err = short.w.Poll(ctx)
	require.ErrorAs(t, err, &deep)
	require.Equal(t, head, deep.Block)
	require.Equal(t, head-1, deep.RewoundTo)
	require.False(t, deep.ForkFound, "the fork point is two blocks back")
}

// requireDeliveredOnce checks that the recorder holds exactly the
// ChannelManager's logs of blocks from to to, in chain order.
func requireDeliveredOnce(t *testing.T, rec *recorder, c *settlement.Client, from, to uint64) {
	t.Helper()
	logs, err := c.Eth().FilterLogs(context.Background(), ethereum.FilterQuery{
		FromBlock: new(big.Int).SetUint64(from), ToBlock: new(big.Int).SetUint64(to), Addresses: []common.Address{c.Contract()},
	})
	require.NoError(t, err)
	type key struct {
		Block uint64
		Tx    common.Hash
	}
	var want, got []key
	for _, l := range logs {
		want = append(want, key{l.BlockNumber, l.TxHash})
	}
	for _, ev := range rec.all() {
		if ev.Block >= from && ev.Block <= to {
			got = append(got, key{ev.Block, ev.TxHash})
		}
	}
	require.NotEmpty(t, want)
	require.Equal(t, want, got)
}
