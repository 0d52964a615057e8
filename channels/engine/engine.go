package engine

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sort"
	"sync"
	"sync/atomic"
	"time"

	"github.com/holiman/uint256"

	"github.com/meshpay/meshpay/channels"
	"github.com/meshpay/meshpay/channels/store"
)

// Store is what the engine needs of persistence; *store.Badger has it.
type Store interface {
	Commit(ctx context.Context, u store.Update) error
	// CommitStaged returns once u would survive a kill of the process,
	// and durable once it would survive a power cut too.
	CommitStaged(ctx context.Context, u store.Update) (durable func(context.Context) error, err error)
	// Queue hands u over and returns at once; updates commit in the
	// order queued and wait returns what Commit would.
	Queue(ctx context.Context, u store.Update) (wait func(context.Context) error, err error)
	// Recovered reports an unclean stop (the last run's, or an earlier
	// one no run handled yet), so writes that were staged but never made
	// durable may be gone. An update with RecoveryHandled answers it.
	Recovered() bool
	Channels(ctx context.Context) ([]channels.Channel, error)
	Reservation(ctx context.Context, id channels.ChannelID) (uint64, error)
	Meta(ctx context.Context, name string) ([]byte, error)
}

var _ Store = (*store.Badger)(nil)

// Deliverer hands a signed proof to the channel's partner and returns its
// acknowledgement, which the partner sends only once the proof is durable.
type Deliverer interface {
	Deliver(ctx context.Context, d Delivery) (Ack, error)
}

// Pipeliner is a Deliverer that can keep several proofs of one channel in
// flight. Send writes d to the partner and returns without waiting; the
// engine calls it in nonce order and the transport must keep that order.
// wait blocks for d's acknowledgement (or its failure).
type Pipeliner interface {
	Deliverer
	Send(ctx context.Context, d Delivery) (wait func() (Ack, error), err error)
}

// PaymentInfo is one payment inside a delivery.
type PaymentInfo struct {
	Amount    uint256.Int
	Reference string
	// Nonce is the proof that first carried the payment; a later proof
	// carries it again while it is unacknowledged.
	Nonce uint64
}

// Delivery is a proof and the payments it carries; their amounts add up to
// the proof's increase over the previous one.
type Delivery struct {
	Proof    channels.SignedBalanceProof
	Payments []PaymentInfo
}

// Ack acknowledges a durable proof.
type Ack struct {
	ChannelID channels.ChannelID
	Nonce     uint64
	// Received is what the proof brought, as Receive stored it: its new
	// items and one unitemized record for any rest. It is empty for a
	// repeat of a proof already taken, whatever items the repeat lists,
	// and is not sent to the payer.
	Received []store.Payment
}

// Receipt is what a payer gets for one acknowledged payment.
type Receipt struct {
	ChannelID channels.ChannelID
	Nonce     uint64
	Amount    uint256.Int
	Reference string
	// Transferred is the cumulative amount of the proof that carried it.
	Transferred uint256.Int
}

// Config wires an engine. Signer and Store are required.
type Config struct {
	Signer channels.Signer
	Store  Store
	// Deliverer may be set later with SetDeliverer (the transport that
	// implements it usually needs the engine first).
	Deliverer Deliverer
	Logger    *slog.Logger
	// Now is the clock; payment records carry its time.
	Now func() time.Time
	// ReserveBlock is how many nonces one durable reservation covers.
	ReserveBlock uint64
	// MaxBatch bounds the payments one proof carries, sent or received.
	MaxBatch int
	// DeliverTimeout bounds one delivery.
	DeliverTimeout time.Duration
	// Window is how many proofs of one channel may await their ack at
	// once when the Deliverer is a Pipeliner (default 16).
	Window int
}

func (c *Config) setDefaults() error {
	if c.Signer == nil || c.Store == nil {
		return fmt.Errorf("engine config: signer and store are required")
	}
	if c.Logger == nil {
		c.Logger = slog.New(slog.DiscardHandler)
	}
	if c.Now == nil {
		c.Now = time.Now
	}
	if c.ReserveBlock == 0 {
		c.ReserveBlock = 1024
	}
	if c.MaxBatch <= 0 {
		c.MaxBatch = 4096
	}
	if c.DeliverTimeout <= 0 {
		c.DeliverTimeout = 10 * time.Second
	}
	if c.Window <= 0 {
		c.Window = 16
	}
	return nil
}

// Engine holds a node's channels in memory, backed by the store.
type Engine struct {
	cfg       Config
	self      channels.Address
	deliverer atomic.Pointer[Deliverer]

	mu     sync.RWMutex
	chans  map[channels.ChannelID]*chanState
	closed bool
	// life ends at Close: every batch's context derives from it, so
	// closing ends their IO without a watcher goroutine per batch.
	life context.Context
	end  context.CancelFunc
	wg   sync.WaitGroup
}

// chanState is one channel's in-memory state. sendMu serializes what lowers
// our own balance (payments, our withdraws); recvMu what lowers the
// partner's. Each works on a snapshot of ch: a snapshot can only understate
// the other direction's income, so checks against it stay safe.
type chanState struct {
	self   int
	sendMu sync.Mutex
	recvMu sync.Mutex

	// Guarded by sendMu: the highest nonce that may have been signed and
	// the durable reservation.
	lastNonce uint64
	reserved  uint64
	// window holds a token per proof in flight (pipelined deliveries).
	window chan struct{}

	// Guarded by recvMu: the partner's latest proof that Accept took,
	// durable or not, and the wait for its write.
	accepted     channels.SignedBalanceProof
	acceptedWait func(context.Context) error

	// unacked are the items of proofs whose delivery failed: they ride
	// along with the next proof so the payee can itemize them.
	unackMu sync.Mutex
	unacked []PaymentInfo

	mu      sync.Mutex
	ch      channels.Channel
	queue   []*payRequest
	sending bool
	failed  error
	// pending is our withdraw that awaits the partner's answer (see
	// pending.go); changed only under sendMu too.
	pending *channels.CoSignedWithdraw
	// settling is our cooperative settle that awaits the partner's
	// answer (see pending.go); changed only under sendMu too.
	settling *pendingSettle

	// reconciled is closed once we know the partner holds no proof of
	// ours newer than our latest. A payer sends a proof while its own
	// sync is still running, so after a power cut the partner may hold
	// one we lost; paying on top of the stale state would be refused.
	// Channels loaded after an unclean stop start open, and Reconcile
	// closes them. The store keeps an open gate across restarts (see
	// unreconciledKey) until then.
	reconciled     chan struct{}
	reconciledOnce sync.Once
}

func newChanState(self int, ch channels.Channel, lastNonce uint64, window int, reconciled bool) *chanState {
	cs := &chanState{self: self, ch: ch, lastNonce: lastNonce, reserved: lastNonce, window: make(chan struct{}, window), reconciled: make(chan struct{})}
	if reconciled {
		cs.markReconciled()
	}
	return cs
}

// markReconciled opens the gate; it reports whether this call opened it.
func (cs *chanState) markReconciled() (opened bool) {
	cs.reconciledOnce.Do(func() {
		close(cs.reconciled)
		opened = true
	})
	return opened
}

type payRequest struct {
	amount uint256.Int
	ref    string
	done   chan payResult
}

type payResult struct {
	receipt Receipt
	err     error
}

// New loads every channel from the store.
func New(ctx context.Context, cfg Config) (*Engine, error) {
	if err := cfg.setDefaults(); err != nil {
		return nil, err
	}
	e := &Engine{cfg: cfg, self: cfg.Signer.Address(), chans: map[channels.ChannelID]*chanState{}}
	e.life, e.end = context.WithCancel(context.Background())
	if cfg.Deliverer != nil {
		e.SetDeliverer(cfg.Deliverer)
	}
	all, err := cfg.Store.Channels(ctx)
	if err != nil {
		return nil, fmt.Errorf("load channels: %w", err)
	}
	gates := map[string][]byte{}
	for _, ch := range all {
		self, err := ch.Params.Index(e.self)
		if err != nil {
			return nil, fmt.Errorf("load channel %s: %w", ch.ID, err)
		}
		reserved, err := cfg.Store.Reservation(ctx, ch.ID)
		if err != nil {
			return nil, err
		}
		gated := cfg.Store.Recovered()
		if gated {
			gates[unreconciledKey(ch.ID)] = []byte{1}
		} else if gated, err = e.storedGate(ctx, ch.ID); err != nil {
			return nil, err
		}
		// Anything up to the reservation may have been signed before a
		// crash: start above it.
		last := max(reserved, ch.Proofs[self].Proof.Nonce)
		cs := newChanState(self, ch, last, e.cfg.Window, !gated)
		if cs.pending, err = loadPendingWithdraw(ctx, cfg.Store, ch.ID, e.self); err != nil {
			return nil, err
		}
		if cs.settling, err = loadPendingSettle(ctx, cfg.Store, ch.ID); err != nil {
			return nil, err
		}
		e.chans[ch.ID] = cs
	}
	if cfg.Store.Recovered() {
		// The store remembers the unclean stop until told it is handled;
		// the gates must outlive that until each channel reconciles, or a
		// restart in between would pay on a stale state. One update does
		// both, so no stop between them forgets the gates.
		if err := cfg.Store.Commit(ctx, store.Update{Meta: gates, RecoveryHandled: true}); err != nil {
			return nil, fmt.Errorf("keep channels closed until reconciled: %w", err)
		}
	}
	return e, nil
}

// unreconciledKey names the store's record that a channel has not
// reconciled since an unclean stop: 1 while it has not, 0 once it has.
func unreconciledKey(id channels.ChannelID) string {
	return "engine/unreconciled/" + id.Hex()
}

// storedGate reports whether channel id is still to reconcile after an
// unclean stop before the last start.
func (e *Engine) storedGate(ctx context.Context, id channels.ChannelID) (bool, error) {
	v, err := e.cfg.Store.Meta(ctx, unreconciledKey(id))
	if errors.Is(err, store.ErrNotFound) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("load channel %s reconcile state: %w", id, err)
	}
	return len(v) == 1 && v[0] == 1, nil
}

// reconciled opens cs's gate and, the first time, clears the stored
// record of it. If that write fails the gate is only closed again at the
// next start, until the next sync: the safe side.
func (e *Engine) reconciled(ctx context.Context, cs *chanState, id channels.ChannelID) error {
	if !cs.markReconciled() {
		return nil
	}
	if err := e.cfg.Store.Commit(ctx, store.Update{Meta: map[string][]byte{unreconciledKey(id): {0}}}); err != nil {
		return fmt.Errorf("record channel %s reconciled: %w", id, err)
	}
	return nil
}

// SetDeliverer sets the transport that carries proofs to partners.
func (e *Engine) SetDeliverer(d Deliverer) { e.deliverer.Store(&d) }

// Address returns the engine's own account.
func (e *Engine) Address() channels.Address { return e.self }

// Close stops accepting work and waits for batches in flight.
func (e *Engine) Close() {
	e.mu.Lock()
	if e.closed {
		e.mu.Unlock()
		return
	}
	e.closed = true
	e.end()
	e.mu.Unlock()
	e.wg.Wait()
}

func (e *Engine) state(id channels.ChannelID) (*chanState, error) {
	e.mu.RLock()
	defer e.mu.RUnlock()
	if e.closed {
		return nil, ErrClosed
	}
	cs, ok := e.chans[id]
	if !ok {
		return nil, fmt.Errorf("channel %s: %w", id, ErrUnknownChannel)
	}
	return cs, nil
}

// Channel returns a copy of a channel's state. A partner's proof is in it
// once durable, whether or not its acknowledgement went out (catchUp).
func (e *Engine) Channel(id channels.ChannelID) (channels.Channel, error) {
	cs, err := e.state(id)
	if err != nil {
		return channels.Channel{}, err
	}
	cs.catchUp()
	cs.mu.Lock()
	defer cs.mu.Unlock()
	return cs.ch, nil
}

// Params returns a channel's parameters, which never change: for callers
// on the payment path that need no more of the state than that.
func (e *Engine) Params(id channels.ChannelID) (channels.Params, error) {
	cs, err := e.state(id)
	if err != nil {
		return channels.Params{}, err
	}
	cs.mu.Lock()
	defer cs.mu.Unlock()
	return cs.ch.Params, nil
}

// DurableChannel returns a channel's state once every partner proof Accept
// took is durable and in it: the state to compare a sync with, so a proof
// whose acknowledgement is still on its way does not look like news.
func (e *Engine) DurableChannel(ctx context.Context, id channels.ChannelID) (channels.Channel, error) {
	cs, err := e.state(id)
	if err != nil {
		return channels.Channel{}, err
	}
	if err := cs.lockRecv(ctx); err != nil {
		return channels.Channel{}, fmt.Errorf("channel %s: %w", id, err)
	}
	defer cs.recvMu.Unlock()
	cs.mu.Lock()
	defer cs.mu.Unlock()
	return cs.ch, nil
}

// Channels returns copies of every channel, ordered by ID.
func (e *Engine) Channels() []channels.Channel {
	e.mu.RLock()
	out := make([]channels.Channel, 0, len(e.chans))
	for _, cs := range e.chans {
		cs.catchUp()
		cs.mu.Lock()
		out = append(out, cs.ch)
		cs.mu.Unlock()
	}
	e.mu.RUnlock()
	sort.Slice(out, func(i, j int) bool { return string(out[i].ID[:]) < string(out[j].ID[:]) })
	return out
}

// AddChannel stores a new channel and starts tracking it.
func (e *Engine) AddChannel(ctx context.Context, ch channels.Channel) error {
	self, err := ch.Params.Index(e.self)
	if err != nil {
		return fmt.Errorf("add channel %s: %w", ch.ID, err)
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.closed {
		return ErrClosed
	}
	if _, ok := e.chans[ch.ID]; ok {
		return fmt.Errorf("add channel %s: %w", ch.ID, ErrChannelExists)
	}
	if err := e.cfg.Store.Commit(ctx, store.Update{Channel: &ch}); err != nil {
		return fmt.Errorf("add channel %s: %w", ch.ID, err)
	}
	e.chans[ch.ID] = newChanState(self, ch, 0, e.cfg.Window, true)
	return nil
}

// Apply applies an event (usually from the chain) to a channel: the new
// state is made durable before it replaces the old one in memory.
func (e *Engine) Apply(ctx context.Context, id channels.ChannelID, ev channels.Event) (channels.Channel, error) {
	cs, err := e.state(id)
	if err != nil {
		return channels.Channel{}, err
	}
	return cs.update(ctx, e.cfg.Store, func(ch channels.Channel) (channels.Channel, store.Update, error) {
		next, err := ch.Apply(ev)
		return next, store.Update{}, err
	})
}

// update runs a whole-record change with both directions locked.
func (cs *chanState) update(ctx context.Context, st Store, f func(channels.Channel) (channels.Channel, store.Update, error)) (channels.Channel, error) {
	cs.sendMu.Lock()
	defer cs.sendMu.Unlock()
	if err := cs.lockRecv(ctx); err != nil {
		snap, _ := cs.snapshot()
		return snap, err
	}
	defer cs.recvMu.Unlock()
	cs.mu.Lock()
	snap, failed := cs.ch, cs.failed
	cs.mu.Unlock()
	if failed != nil {
		return snap, failed
	}
	next, u, err := f(snap)
	if err != nil {
		return snap, err
	}
	u.Channel = &next
	if err := st.Commit(ctx, u); err != nil {
		return snap, cs.fail(fmt.Errorf("channel %s: %w", snap.ID, err))
	}
	cs.mu.Lock()
	cs.ch = next
	cs.mu.Unlock()
	return next, nil
}

// fail stops the channel after a storage failure: memory may now be ahead
// of disk, so nothing more happens until a restart reloads it.
func (cs *chanState) fail(err error) error {
	err = fmt.Errorf("%w: %w", ErrChannelFailed, err)
	cs.mu.Lock()
	if cs.failed == nil {
		cs.failed = err
	}
	cs.mu.Unlock()
	return err
}
