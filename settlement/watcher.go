package settlement

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"log/slog"
	"math/big"
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
	Kind      EventKind
	Block     uint64
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
// after a restart the events after the last saved cursor come again, so a
// handler must be idempotent.
type EventHandler interface {
	HandleEvent(ctx context.Context, ev ChainEvent) error
}

// CursorStore keeps the watcher's last processed block; *store.Badger has it.
type CursorStore interface {
	Meta(ctx context.Context, name string) ([]byte, error)
	Commit(ctx context.Context, u store.Update) error
}

// WatcherConfig configures a Watcher.
type WatcherConfig struct {
	Client  *Client
	Cursor  CursorStore
	Handler EventHandler
	// FromBlock is where a watcher without a saved cursor starts (the
	// contract's deployment block).
	FromBlock uint64
	// Confirmations: only blocks this deep are processed, so reorgs
	// shallower than this are never seen.
	Confirmations uint64
	// PollInterval is how often the head is polled.
	PollInterval time.Duration
	// MaxRange bounds one log query.
	MaxRange uint64
	Logger   *slog.Logger
}

// Watcher follows the ChannelManager's logs from the last processed block.
type Watcher struct {
	cfg       WatcherConfig
	cursorKey string
}

// NewWatcher returns a watcher; Run starts it.
func NewWatcher(cfg WatcherConfig) *Watcher {
	if cfg.PollInterval <= 0 {
		cfg.PollInterval = 250 * time.Millisecond
	}
	if cfg.MaxRange == 0 {
		cfg.MaxRange = 2_000
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	return &Watcher{cfg: cfg, cursorKey: fmt.Sprintf("settlement/cursor/%d/%s", cfg.Client.ChainID(), cfg.Client.Contract())}
}

// Cursor returns the last processed block, or FromBlock-1 if none.
func (w *Watcher) Cursor(ctx context.Context) (uint64, error) {
	b, err := w.cfg.Cursor.Meta(ctx, w.cursorKey)
	if errors.Is(err, store.ErrNotFound) {
		if w.cfg.FromBlock == 0 {
			return 0, nil
		}
		return w.cfg.FromBlock - 1, nil
	}
	if err != nil {
		return 0, err
	}
	if len(b) != 8 {
		return 0, fmt.Errorf("watcher cursor: %w", store.ErrCorrupt)
	}
	return binary.BigEndian.Uint64(b), nil
}

// Run follows the chain until ctx ends. RPC outages and handler failures
// are retried: the cursor only moves past events that were handled.
func (w *Watcher) Run(ctx context.Context) error {
	t := time.NewTicker(w.cfg.PollInterval)
	defer t.Stop()
	for {
		if err := w.Poll(ctx); err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			w.cfg.Logger.Warn("chain watcher", "err", err)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-t.C:
		}
	}
}

// Poll processes every confirmed block after the cursor.
func (w *Watcher) Poll(ctx context.Context) error {
	cursor, err := w.Cursor(ctx)
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
	for cursor < safe {
		to := min(safe, cursor+w.cfg.MaxRange)
		logs, err := w.cfg.Client.Eth().FilterLogs(ctx, ethereum.FilterQuery{
			FromBlock: new(big.Int).SetUint64(cursor + 1), ToBlock: new(big.Int).SetUint64(to),
			Addresses: []common.Address{w.cfg.Client.Contract()},
		})
		if err != nil {
			return fmt.Errorf("logs %d-%d: %w", cursor+1, to, err)
		}
		for i := range logs {
			ev, ok := w.decode(&logs[i])
			if !ok {
				continue
			}
			if err := w.cfg.Handler.HandleEvent(ctx, ev); err != nil {
				return fmt.Errorf("handle %s of %s at block %d: %w", ev.Kind, ev.ChannelID, ev.Block, err)
			}
		}
		var b [8]byte
		binary.BigEndian.PutUint64(b[:], to)
		if err := w.cfg.Cursor.Commit(ctx, store.Update{Meta: map[string][]byte{w.cursorKey: b[:]}}); err != nil {
			return fmt.Errorf("save cursor: %w", err)
		}
		cursor = to
	}
	return nil
}

func (w *Watcher) decode(l *types.Log) (ChainEvent, bool) {
	cm := w.cfg.Client.cm
	base := ChainEvent{Block: l.BlockNumber, TxHash: l.TxHash}
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
