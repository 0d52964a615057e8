package autosettle

import (
	"context"
	"sync"
	"time"

	"github.com/holiman/uint256"

	"github.com/meshpay/meshpay/channels"
)

// withdraw withdraws from the due channels: in batches by keep with Batch,
// else one Withdraw each, Workers at a time.
func (s *Settler) withdraw(ctx context.Context, due []candidate, now time.Time) {
	if len(due) == 0 || ctx.Err() != nil {
		return
	}
	if s.p.Batch {
		for _, group := range groupByKeep(due) {
			s.withdrawBatch(ctx, group, now)
		}
		return
	}
	sem := make(chan struct{}, s.p.Workers)
	var wg sync.WaitGroup
	for _, c := range due {
		sem <- struct{}{}
		wg.Add(1)
		go func() {
			defer func() { <-sem; wg.Done() }()
			s.withdrawOne(ctx, &c, now)
		}()
	}
	wg.Wait()
}

func (s *Settler) withdrawOne(ctx context.Context, c *candidate, now time.Time) {
	err := s.b.Withdraw(ctx, c.id, &c.amount)
	if err == nil {
		s.stats.withdraws.Add(1)
		s.succeeded(c.id, now)
		s.log.Info("withdrew", "channel", c.id, "amount", c.amount.Dec(), "trigger", c.why)
		return
	}
	s.withdrawFailed(ctx, c, now, err)
}

// withdrawFailed counts and logs a failed withdraw of c.
func (s *Settler) withdrawFailed(ctx context.Context, c *candidate, now time.Time, err error) {
	if ctx.Err() != nil {
		return // shutting down: not the partner's fault
	}
	s.stats.failures.Add(1)
	signed := s.partnerSigned(c.id, c.self, &c.withdrawn)
	failingFor, first := s.failed(c.id, signed, now)
	log := s.log.Debug
	if first {
		log = s.log.Warn
	}
	switch {
	case signed:
		log("withdraw co-signed but not on chain", "channel", c.id, "amount", c.amount.Dec(), "err", err)
	default:
		log("withdraw failed: partner did not co-sign", "channel", c.id, "amount", c.amount.Dec(), "failing_for", failingFor, "err", err)
	}
}

// groupByKeep splits the due channels by the keep that takes exactly their
// amount, in the order of their first channel.
func groupByKeep(due []candidate) [][]candidate {
	var groups [][]candidate
	index := map[uint256.Int]int{}
	for _, c := range due {
		i, ok := index[c.keep]
		if !ok {
			i = len(groups)
			index[c.keep] = i
			groups = append(groups, nil)
		}
		groups[i] = append(groups[i], c)
	}
	return groups
}

// withdrawBatch withdraws from channels that all keep the same amount, in
// one WithdrawAll (one transaction per token).
func (s *Settler) withdrawBatch(ctx context.Context, group []candidate, now time.Time) {
	ids := make([]channels.ChannelID, len(group))
	for i, c := range group {
		ids[i] = c.id
	}
	keep := group[0].keep
	done, err := s.b.WithdrawAll(ctx, ids, &keep)
	ok := make(map[channels.ChannelID]bool, len(done))
	for _, id := range done {
		ok[id] = true
	}
	// One transaction per token: count them before their withdraws, so a
	// reader who sees the withdraws sees the batches.
	tokens := map[channels.Address]bool{}
	for _, c := range group {
		if ok[c.id] {
			tokens[c.token] = true
		}
	}
	s.stats.batches.Add(uint64(len(tokens)))
	var taken uint256.Int
	for i := range group {
		c := &group[i]
		if ok[c.id] {
			taken.Add(&taken, &c.amount)
			s.stats.withdraws.Add(1)
			s.succeeded(c.id, now)
			continue
		}
		if err == nil || s.nothingToTake(c.id, c.self, &keep) {
			continue // the channel no longer had anything above keep
		}
		s.withdrawFailed(ctx, c, now, err)
	}
	if len(done) > 0 {
		s.log.Info("batch withdrew", "channels", len(done), "transactions", len(tokens), "amount", taken.Dec())
	}
}

// nothingToTake reports whether the channel has nothing above keep, so
// WithdrawAll skipped it rather than failed.
func (s *Settler) nothingToTake(id channels.ChannelID, self int, keep *uint256.Int) bool {
	ch, err := s.b.Channel(id)
	if err != nil || ch.Phase != channels.PhaseOpen {
		return true
	}
	avail, err := ch.Available(self)
	return err == nil && !avail.Gt(keep)
}

// closeUnresponsive closes a channel whose partner stopped answering.
func (s *Settler) closeUnresponsive(ctx context.Context, id channels.ChannelID, now time.Time) {
	if err := s.b.CloseUnilaterally(ctx, id); err != nil {
		if ctx.Err() == nil {
			s.stats.failures.Add(1)
			s.log.Warn("unilateral close failed", "channel", id, "err", err)
		}
		return
	}
	s.stats.closes.Add(1)
	s.mu.Lock()
	since := now
	if tr := s.tracks[id]; tr != nil {
		since = tr.failingSince
	}
	s.mu.Unlock()
	s.log.Info("closed unilaterally: partner unresponsive", "channel", id, "failing_for", now.Sub(since))
}

// settle settles a closing channel if its challenge period is over.
func (s *Settler) settle(ctx context.Context, id channels.ChannelID) {
	settled, err := s.b.SettleIfDue(ctx, id)
	switch {
	case err != nil:
		if ctx.Err() == nil {
			s.stats.failures.Add(1)
			s.log.Warn("settle failed", "channel", id, "err", err)
		}
	case settled:
		s.stats.settles.Add(1)
		s.log.Info("settled", "channel", id)
	default:
		s.log.Debug("challenge period not over", "channel", id)
	}
}
