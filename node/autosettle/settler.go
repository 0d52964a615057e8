package autosettle

import (
	"context"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/holiman/uint256"

	"github.com/meshpay/meshpay/channels"
	"github.com/meshpay/meshpay/node"
)

// Settler withdraws, closes and settles a node's channels by its Policy.
// Stats is safe for concurrent use; Run runs one at a time.
type Settler struct {
	b    Backend
	p    Policy
	log  *slog.Logger
	self channels.Address

	// kicked holds the channels OnReceived reported since the loop last
	// looked; kick wakes the loop.
	kickMu sync.Mutex
	kicked map[channels.ChannelID]struct{}
	kick   chan struct{}

	// roundMu keeps rounds from overlapping (Run's and direct Round
	// calls), so no channel is withdrawn from twice at once.
	roundMu sync.Mutex

	mu     sync.Mutex // guards tracks
	tracks map[channels.ChannelID]*track

	running atomic.Bool
	stats   counters
}

// track is what the Settler remembers of one channel.
type track struct {
	// last is when the channel was last withdrawn from, or first seen:
	// the start of its interval.
	last time.Time
	// failingSince is the first of the withdraws that have failed without
	// the partner co-signing since the last success; zero when none has.
	failingSince time.Time
}

// New returns a Settler for the node n. It registers with n.OnReceived at
// once; the hook costs nothing while Run is not running.
func New(n *node.Node, p Policy, log *slog.Logger) (*Settler, error) {
	return NewWithBackend(NodeBackend(n), p, log)
}

// NewWithBackend returns a Settler over any Backend.
func NewWithBackend(b Backend, p Policy, log *slog.Logger) (*Settler, error) {
	p, err := p.withDefaults()
	if err != nil {
		return nil, err
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	s := &Settler{
		b: b, p: p, log: log, self: b.Address(),
		kicked: map[channels.ChannelID]struct{}{},
		kick:   make(chan struct{}, 1),
		tracks: map[channels.ChannelID]*track{},
	}
	if p.Threshold != nil {
		b.OnReceived(s.received)
	}
	return s, nil
}

// received is the OnReceived hook: it notes the channel and wakes the
// loop, without blocking.
func (s *Settler) received(id channels.ChannelID) {
	if !s.running.Load() {
		return
	}
	s.kickMu.Lock()
	s.kicked[id] = struct{}{}
	s.kickMu.Unlock()
	select {
	case s.kick <- struct{}{}:
	default:
	}
}

func (s *Settler) takeKicked() []channels.ChannelID {
	s.kickMu.Lock()
	defer s.kickMu.Unlock()
	out := make([]channels.ChannelID, 0, len(s.kicked))
	for id := range s.kicked {
		out = append(out, id)
	}
	clear(s.kicked)
	return out
}

// Run looks at the node's channels every Tick, and at a channel whenever
// it received a payment, until ctx ends; it then returns nil. Actions that
// fail are counted, logged and tried again in a later round.
func (s *Settler) Run(ctx context.Context) error {
	if !s.running.CompareAndSwap(false, true) {
		return ErrRunning
	}
	defer s.running.Store(false)
	t := time.NewTicker(s.p.Tick)
	defer t.Stop()
	s.Round(ctx)
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
			s.Round(ctx)
		case <-s.kick:
			s.kickRound(ctx, s.takeKicked())
		}
	}
}

// Round looks at every channel once: it settles closing channels whose
// period is over, closes channels whose partner is unresponsive and
// withdraws from the due ones. Run calls it every Tick; call it directly
// to settle now (rounds never overlap: it waits for a running one).
func (s *Settler) Round(ctx context.Context) {
	s.roundMu.Lock()
	defer s.roundMu.Unlock()
	s.round(ctx)
}

func (s *Settler) round(ctx context.Context) {
	now := s.p.Now()
	var closing []channels.ChannelID
	var due []candidate
	var giveUp []channels.ChannelID
	seen := map[channels.ChannelID]bool{}
	for _, ch := range s.b.Channels() {
		self, err := ch.Params.Index(s.self)
		if err != nil || ch.Phase == channels.PhaseSettled {
			continue
		}
		seen[ch.ID] = true
		switch ch.Phase {
		case channels.PhaseClosing:
			closing = append(closing, ch.ID)
			continue
		case channels.PhaseOpen:
		default:
			continue
		}
		tr := s.track(ch.ID, now)
		if s.p.unresponsive(tr.failingSince, now) {
			giveUp = append(giveUp, ch.ID)
			continue
		}
		c, ok := s.candidate(&ch, self, tr, now)
		if !ok {
			// Nothing to take any more: earlier failures no longer count
			// against the partner.
			s.notFailing(ch.ID)
			continue
		}
		due = append(due, c)
	}
	s.forget(seen)
	for _, id := range closing {
		s.settle(ctx, id)
	}
	for _, id := range giveUp {
		s.closeUnresponsive(ctx, id, now)
	}
	s.withdraw(ctx, due, now)
}

// kickRound looks at channels that just received a payment. Per channel,
// the due ones are withdrawn; with Batch, one threshold-due channel starts
// a full round, so the batch takes every due channel.
func (s *Settler) kickRound(ctx context.Context, ids []channels.ChannelID) {
	s.roundMu.Lock()
	defer s.roundMu.Unlock()
	now := s.p.Now()
	var due []candidate
	for _, id := range ids {
		ch, err := s.b.Channel(id)
		if err != nil || ch.Phase != channels.PhaseOpen {
			continue
		}
		self, err := ch.Params.Index(s.self)
		if err != nil {
			continue
		}
		c, ok := s.candidate(&ch, self, s.track(id, now), now)
		if !ok || c.why != byThreshold {
			continue
		}
		if s.p.Batch {
			s.round(ctx)
			return
		}
		due = append(due, c)
	}
	s.withdraw(ctx, due, now)
}

// candidate is a due channel.
type candidate struct {
	id   channels.ChannelID
	self int
	why  trigger
	// amount is what to take; keep is what stays (available - amount),
	// the WithdrawAll argument that takes exactly amount.
	amount, keep uint256.Int
	// withdrawn is our withdrawn total before the attempt.
	withdrawn uint256.Int
	token     channels.Address
}

func (s *Settler) candidate(ch *channels.Channel, self int, tr track, now time.Time) (candidate, bool) {
	sh, err := withdrawable(ch, self, s.p.Keep)
	if err != nil {
		// The engine never accepts a state where we owe more than we have.
		s.log.Error("channel balance broken", "channel", ch.ID, "err", err)
		return candidate{}, false
	}
	why := s.p.due(&sh.amount, tr.last, now)
	if why == notDue {
		return candidate{}, false
	}
	return candidate{
		id: ch.ID, self: self, why: why, amount: sh.amount, keep: sh.left,
		withdrawn: ch.Withdrawn[self], token: ch.Params.Token,
	}, true
}

// track returns a copy of the channel's track, starting one at now for a
// channel not seen before.
func (s *Settler) track(id channels.ChannelID, now time.Time) track {
	s.mu.Lock()
	defer s.mu.Unlock()
	tr := s.tracks[id]
	if tr == nil {
		tr = &track{last: now}
		s.tracks[id] = tr
	}
	return *tr
}

// forget drops the tracks of channels no longer open or closing.
func (s *Settler) forget(seen map[channels.ChannelID]bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for id := range s.tracks {
		if !seen[id] {
			delete(s.tracks, id)
		}
	}
}

// succeeded restarts the channel's interval at now and ends its failures.
func (s *Settler) succeeded(id channels.ChannelID, now time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if tr := s.tracks[id]; tr != nil {
		tr.last, tr.failingSince = now, time.Time{}
	}
}

// notFailing ends the channel's run of failures, if any.
func (s *Settler) notFailing(id channels.ChannelID) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if tr := s.tracks[id]; tr != nil {
		tr.failingSince = time.Time{}
	}
}

// failed records a failed withdraw. partnerSigned tells whether the
// partner co-signed it (the chain failed, not the partner). It returns how
// long the partner has been failing (zero: it has not) and whether this
// is the first failure of a run.
func (s *Settler) failed(id channels.ChannelID, partnerSigned bool, now time.Time) (time.Duration, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	tr := s.tracks[id]
	if tr == nil {
		return 0, true
	}
	if partnerSigned {
		tr.failingSince = time.Time{}
		return 0, true
	}
	if tr.failingSince.IsZero() {
		tr.failingSince = now
		return 0, true
	}
	return now.Sub(tr.failingSince), false
}

// partnerSigned reports whether the channel's withdrawn total rose above
// before: the partner co-signed and the node counted the withdraw.
func (s *Settler) partnerSigned(id channels.ChannelID, self int, before *uint256.Int) bool {
	ch, err := s.b.Channel(id)
	return err == nil && ch.Withdrawn[self].Gt(before)
}
