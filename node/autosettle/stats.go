package autosettle

import "sync/atomic"

// Stats counts what a Settler did since New.
type Stats struct {
	// Withdraws counts channels withdrawn from: one per Withdraw, one per
	// channel of a batch.
	Withdraws uint64
	// Batches counts batch transactions (WithdrawAll makes one per token).
	Batches uint64
	// Closes counts unilateral closes of channels whose partner stopped
	// answering.
	Closes uint64
	// Settles counts closing channels found settled after the Settler
	// asked: settled by it, or by someone just before.
	Settles uint64
	// Failures counts failed attempts: withdraws (each channel of a
	// failed batch), closes and settles.
	Failures uint64
}

type counters struct {
	withdraws, batches, closes, settles, failures atomic.Uint64
}

// Stats returns the counters.
func (s *Settler) Stats() Stats {
	return Stats{
		Withdraws: s.stats.withdraws.Load(),
		Batches:   s.stats.batches.Load(),
		Closes:    s.stats.closes.Load(),
		Settles:   s.stats.settles.Load(),
		Failures:  s.stats.failures.Load(),
	}
}
