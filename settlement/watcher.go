package settlement

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"log/slog"
	"math/big"
	"sync/atomic"
	"time"

	ethereum "github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"

	"github.com/meshpay/meshpay/channels"
	"github.com/meshpay/meshpay/channels/store"
)

// EventKind names a ChannelManager event.
type EventKind string

// Event kinds the watcher reports.
const (
	EventOpened             EventKind = "opened"
	EventDeposited          EventKind = "deposited"
	EventWithdrawn          EventKind = "withdrawn"
	EventClosed             EventKind = "closed"
	EventNonClosingUpdated  EventKind = "non-closing-updated"
	EventSettled            EventKind = "settled"
	EventCooperativeSettled EventKind = "cooperative-settled"
)

// ChainEvent is one ChannelManager event, decoded.
type ChainEvent struct {
	Kind EventKind
	// Block and BlockHash name the block that holds the event.
	Block     uint64
	BlockHash common.Hash
	TxHash    common.Hash
	ChannelID channels.ChannelID
	// Params is set for EventOpened.
	Params channels.Params
	// Participant is the depositor, withdrawer or closer.
	Participant common.Address
	// Amount is the total deposit, total withdraw, or the transferred
	// amount of the proof a close or update submitted.
	Amount *big.Int
	// Nonce is the nonce of the proof a close or update submitted.
	Nonce uint64
	// SettleAfter is when a closed channel can be settled (unix seconds).
	SettleAfter uint64
	// Balances are the payouts of a settle.
	Balances [2]*big.Int
}

// EventHandler receives events in chain order. Delivery is at least once:
// after a restart the events after the last saved cursor come again, and
// after a reorg deeper than the confirmation depth those after the fork
// point, so a handler must be idempotent.
type EventHandler interface {
	HandleEvent(ctx context.Context, ev ChainEvent) error
}

// CursorStore keeps the watcher's last processed block; *store.Badger has it.
type CursorStore interface {
	Meta(ctx context.Context, name string) ([]byte, error)
	Commit(ctx context.Context, u store.Update) error
}

// Watcher defaults for zero WatcherConfig fields.
const (
	DefaultPollInterval = 250 * time.Millisecond
	DefaultPollTimeout  = 30 * time.Second
	DefaultMaxRange     = 2_000
	DefaultMaxRewind    = 128
)

// WatcherConfig configures a Watcher.
type WatcherConfig struct {
	Client  *Client
	Cursor  CursorStore
	Handler EventHandler
	// FromBlock is where a watcher without a saved cursor starts (the
	// contract's deployment block).
	FromBlock uint64
	// Confirmations: only blocks this deep are processed (head minus
	// Confirmations and below), so a reorg that replaces at most this many
	// blocks is never seen. A deeper one is detected and the cursor rewound
	// (see Poll).
	Confirmations uint64
	// PollInterval is how often the head is polled; 0 means 250 ms.
	PollInterval time.Duration
	// PollTimeout bounds one Poll in Run; 0 means 30 s. The JSON-RPC
	// client sets no deadline of its own, so without it a request on a
	// connection that died silently would stop the watcher for good. Poll
	// saves the cursor range by range, so a long catch-up cut short loses
	// nothing.
	PollTimeout time.Duration
	// MaxRange bounds one log query; 0 means 2,000 blocks.
	MaxRange uint64
	// MaxRewind bounds how far back the cursor goes after a reorg deeper
	// than Confirmations (see ErrDeepReorg); 0 means 128 blocks.
	MaxRewind uint64
	Logger    *slog.Logger
}

// Watcher follows the ChannelManager's logs from the last processed block.
//
// The cursor it saves names the last processed block by number and hash.
// Before it hands out the events of the next blocks it checks that this
// block is still canonical, so a reorg deeper than Confirmations does not
// go unnoticed: see Poll.
type Watcher struct {
	cfg        WatcherConfig
	cursorKey  string
	deepReorgs atomic.Uint64
}

// NewWatcher returns a watcher; Run starts it.
func NewWatcher(cfg WatcherConfig) *Watcher {
	if cfg.PollInterval <= 0 {
		cfg.PollInterval = DefaultPollInterval
	}
	if cfg.PollTimeout <= 0 {
		cfg.PollTimeout = DefaultPollTimeout
	}
	if cfg.MaxRange == 0 {
		cfg.MaxRange = DefaultMaxRange
	}
	if cfg.MaxRewind == 0 {
		cfg.MaxRewind = DefaultMaxRewind
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	return &Watcher{cfg: cfg, cursorKey: fmt.Sprintf("settlement/cursor/%d/%s", cfg.Client.ChainID(), cfg.Client.Contract())}
}

// Cursor returns the last processed block, or FromBlock-1 if none.
func (w *Watcher) Cursor(ctx context.Context) (uint64, error) {
	c, err := w.loadCursor(ctx)
	return c.number, err
}

// DeepReorgs returns how many reorgs deeper than Confirmations the watcher
// has met (and rewound after) since it was created.
func (w *Watcher) DeepReorgs() uint64 { return w.deepReorgs.Load() }

// Run follows the chain until ctx ends. RPC outages and handler failures
// are retried: the cursor only moves past events that were handled. A
// reorg deeper than Confirmations is logged at Error level (events already
// handled may be void) and the events from the fork point are delivered
// again.
func (w *Watcher) Run(ctx context.Context) error {
	t := time.NewTicker(w.cfg.PollInterval)
	defer t.Stop()
	failures := 0
	for {
		pollCtx, cancel := context.WithTimeout(ctx, w.cfg.PollTimeout)
		err := w.Poll(pollCtx)
		cancel()
		if ctx.Err() != nil {
			return ctx.Err()
		}
		var deep *DeepReorgError
		switch {
		case errors.As(err, &deep):
			w.cfg.Logger.Error("chain reorganised deeper than the confirmation depth; events handled before may be void",
				"block", deep.Block, "was", deep.Was, "now", deep.Now, "rewound_to", deep.RewoundTo,
				"fork_found", deep.ForkFound, "confirmations", w.cfg.Confirmations)
		case err != nil:
			failures++
			w.cfg.Logger.Warn("chain watcher", "err", err, "failures", failures)
		case failures > 0:
			w.cfg.Logger.Info("chain watcher recovered", "failures", failures)
			failures = 0
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-t.C:
		}
	}
}

// Poll processes every confirmed block after the cursor, range by range:
// it reads the range's last header and logs, checks that the cursor block
// is still canonical, hands the events to the handler in chain order and
// saves the range's last block, number and hash, as the new cursor.
//
// If the cursor block is no longer canonical, a reorg deeper than
// Confirmations replaced blocks whose events were delivered. Poll then
// walks the replaced branch back to the newest block both branches share
// (at most MaxRewind blocks, never before FromBlock), saves that as the
// cursor, and returns a *DeepReorgError, which wraps ErrDeepReorg; the next
// Poll delivers the new branch's events from there. Events of the replaced
// blocks are not retracted.
func (w *Watcher) Poll(ctx context.Context) error {
	cur, err := w.loadCursor(ctx)
	if err != nil {
		return err
	}
	head, err := w.cfg.Client.Eth().BlockNumber(ctx)
	if err != nil {
		return fmt.Errorf("head: %w", err)
	}
	if head < w.cfg.Confirmations {
		return nil
	}
	safe := head - w.cfg.Confirmations
	for cur.number < safe {
		to := min(safe, cur.number+w.cfg.MaxRange)
		next, events, err := w.fetch(ctx, cur, to)
		if err != nil {
			return err
		}
		for _, ev := range events {
			if err := w.cfg.Handler.HandleEvent(ctx, ev); err != nil {
				return fmt.Errorf("handle %s of %s at block %d: %w", ev.Kind, ev.ChannelID, ev.Block, err)
			}
		}
		if err := w.saveCursor(ctx, next); err != nil {
			return err
		}
		cur = next
	}
	return nil
}

// fetch reads the events of blocks cur+1 to `to` and returns them with the
// cursor for `to`. The cursor block is checked after the logs are read: a
// reorg that replaces it while they are read shows up here, and one that
// replaces blocks after it leaves a cursor the next check catches. Logs of
// block `to` must come from the header read first.
func (w *Watcher) fetch(ctx context.Context, cur cursor, to uint64) (cursor, []ChainEvent, error) {
	eth := w.cfg.Client.Eth()
	last, err := eth.HeaderByNumber(ctx, new(big.Int).SetUint64(to))
	if err != nil {
		return cursor{}, nil, fmt.Errorf("header %d: %w", to, err)
	}
	logs, err := eth.FilterLogs(ctx, ethereum.FilterQuery{
		FromBlock: new(big.Int).SetUint64(cur.number + 1), ToBlock: new(big.Int).SetUint64(to),
		Addresses: []common.Address{w.cfg.Client.Contract()},
	})
	if err != nil {
		return cursor{}, nil, fmt.Errorf("logs %d-%d: %w", cur.number+1, to, err)
	}
	if err := w.checkCanonical(ctx, cur); err != nil {
		return cursor{}, nil, err
	}
	events := make([]ChainEvent, 0, len(logs))
	for i := range logs {
		l := &logs[i]
		if l.Removed || l.BlockNumber <= cur.number || l.BlockNumber > to || (l.BlockNumber == to && l.BlockHash != last.Hash()) {
			return cursor{}, nil, fmt.Errorf("logs %d-%d: log of block %d (%s) is not on the chain of block %d (%s); the chain moved during the query",
				cur.number+1, to, l.BlockNumber, l.BlockHash, to, last.Hash())
		}
		if ev, ok := w.decode(l); ok {
			events = append(events, ev)
		}
	}
	return cursor{number: to, hash: last.Hash()}, events, nil
}

// checkCanonical returns nil if the cursor block is still canonical (or
// its hash is unknown), and rewinds the cursor otherwise.
func (w *Watcher) checkCanonical(ctx context.Context, cur cursor) error {
	if cur.hash == (common.Hash{}) {
		return nil
	}
	h, err := w.cfg.Client.Eth().HeaderByNumber(ctx, new(big.Int).SetUint64(cur.number))
	if err != nil {
		return fmt.Errorf("header %d: %w", cur.number, err)
	}
	if h.Hash() == cur.hash {
		return nil
	}
	return w.rewind(ctx, cur, h.Hash())
}

// rewind moves the cursor from the replaced block stale back to the fork
// point, saves it and reports the reorg. When an RPC call fails on the way
// the cursor stays where it was and the next Poll tries again.
func (w *Watcher) rewind(ctx context.Context, stale cursor, now common.Hash) error {
	floor := uint64(0)
	if w.cfg.FromBlock > 0 {
		floor = w.cfg.FromBlock - 1
	}
	if stale.number > w.cfg.MaxRewind {
		floor = max(floor, stale.number-w.cfg.MaxRewind)
	}
	floor = min(floor, stale.number)
	to, found, err := w.forkPoint(ctx, stale, floor)
	if err != nil {
		return fmt.Errorf("block %d was replaced: find the fork point: %w", stale.number, err)
	}
	if err := w.saveCursor(ctx, to); err != nil {
		return err
	}
	w.deepReorgs.Add(1)
	return &DeepReorgError{Block: stale.number, Was: stale.hash, Now: now, RewoundTo: to.number, ForkFound: found}
}

// forkPoint walks the replaced branch back from stale through parent
// hashes to the newest block that is canonical, not below floor, and
// reports whether it found one: it stops at floor otherwise, or earlier if
// the node no longer knows the replaced blocks.
func (w *Watcher) forkPoint(ctx context.Context, stale cursor, floor uint64) (cursor, bool, error) {
	eth := w.cfg.Client.Eth()
	hash := stale.hash
	for n := stale.number; n > floor; n-- {
		old, err := eth.HeaderByHash(ctx, hash)
		if errors.Is(err, ethereum.NotFound) {
			break
		}
		if err != nil {
			return cursor{}, false, fmt.Errorf("replaced block %d (%s): %w", n, hash, err)
		}
		hash = old.ParentHash
		canon, err := eth.HeaderByNumber(ctx, new(big.Int).SetUint64(n-1))
		if err != nil {
			return cursor{}, false, fmt.Errorf("header %d: %w", n-1, err)
		}
		if canon.Hash() == hash {
			return cursor{number: n - 1, hash: hash}, true, nil
		}
	}
	canon, err := eth.HeaderByNumber(ctx, new(big.Int).SetUint64(floor))
	if err != nil {
		return cursor{}, false, fmt.Errorf("header %d: %w", floor, err)
	}
	return cursor{number: floor, hash: canon.Hash()}, false, nil
}

// cursor is the last processed block. hash is zero when unknown: before
// the first range, or read from the older format that kept the number only.
type cursor struct {
	number uint64
	hash   common.Hash
}

// Cursor encodings: the block number (big-endian), then its hash.
const (
	legacyCursorLen = 8
	cursorLen       = 8 + common.HashLength
)

func encodeCursor(c cursor) []byte {
	b := make([]byte, cursorLen)
	binary.BigEndian.PutUint64(b, c.number)
	copy(b[8:], c.hash[:])
	return b
}

func decodeCursor(b []byte) (cursor, error) {
	switch len(b) {
	case legacyCursorLen:
		return cursor{number: binary.BigEndian.Uint64(b)}, nil
	case cursorLen:
		return cursor{number: binary.BigEndian.Uint64(b), hash: common.BytesToHash(b[8:])}, nil
	}
	return cursor{}, fmt.Errorf("watcher cursor of %d bytes: %w", len(b), store.ErrCorrupt)
}

func (w *Watcher) loadCursor(ctx context.Context) (cursor, error) {
	b, err := w.cfg.Cursor.Meta(ctx, w.cursorKey)
	if errors.Is(err, store.ErrNotFound) {
		if w.cfg.FromBlock == 0 {
			return cursor{}, nil
		}
		return cursor{number: w.cfg.FromBlock - 1}, nil
	}
	if err != nil {
		return cursor{}, fmt.Errorf("load watcher cursor: %w", err)
	}
	return decodeCursor(b)
}

func (w *Watcher) saveCursor(ctx context.Context, c cursor) error {
	if err := w.cfg.Cursor.Commit(ctx, store.Update{Meta: map[string][]byte{w.cursorKey: encodeCursor(c)}}); err != nil {
		return fmt.Errorf("save watcher cursor: %w", err)
	}
	return nil
}

func (w *Watcher) decode(l *types.Log) (ChainEvent, bool) {
	cm := w.cfg.Client.cm
	base := ChainEvent{Block: l.BlockNumber, BlockHash: l.BlockHash, TxHash: l.TxHash}
	if len(l.Topics) > 1 {
		base.ChannelID = channels.ChannelID(l.Topics[1])
	}
	if e, err := cm.UnpackChannelOpenedEvent(l); err == nil {
		base.Kind = EventOpened
		base.Params = channels.Params{
			ChainID: w.cfg.Client.ChainID(), Contract: w.cfg.Client.Contract(), Participants: [2]common.Address{e.ParticipantA, e.ParticipantB},
			Token: e.Token, Counter: e.Counter.Uint64(), ChallengePeriod: e.ChallengePeriod,
		}
		return base, true
	}
	if e, err := cm.UnpackDepositedEvent(l); err == nil {
		base.Kind, base.Participant, base.Amount = EventDeposited, e.Participant, e.TotalDeposit
		return base, true
	}
	if e, err := cm.UnpackWithdrawnEvent(l); err == nil {
		base.Kind, base.Participant, base.Amount = EventWithdrawn, e.Participant, e.TotalWithdraw
		return base, true
	}
	if e, err := cm.UnpackChannelClosedEvent(l); err == nil {
		base.Kind, base.Participant, base.Amount, base.Nonce, base.SettleAfter = EventClosed, e.Closer, e.TransferredAmount, e.Nonce.Uint64(), e.SettleAfter
		return base, true
	}
	if e, err := cm.UnpackNonClosingBalanceProofUpdatedEvent(l); err == nil {
		base.Kind, base.Participant, base.Amount, base.Nonce = EventNonClosingUpdated, e.Closer, e.TransferredAmount, e.Nonce.Uint64()
		return base, true
	}
	if e, err := cm.UnpackChannelSettledEvent(l); err == nil {
		base.Kind, base.Balances = EventSettled, [2]*big.Int{e.BalanceA, e.BalanceB}
		return base, true
	}
	if e, err := cm.UnpackCooperativeSettledEvent(l); err == nil {
		base.Kind, base.Balances = EventCooperativeSettled, [2]*big.Int{e.BalanceA, e.BalanceB}
		return base, true
	}
	return base, false
}
