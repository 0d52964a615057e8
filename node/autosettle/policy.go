package autosettle

import (
	"fmt"
	"time"

	"github.com/holiman/uint256"

	"github.com/meshpay/meshpay/channels"
)

// Defaults for zero Policy fields.
const (
	// DefaultTick is how often the Settler looks at every channel when
	// neither Tick nor Interval says otherwise.
	DefaultTick = 10 * time.Second
	// DefaultWorkers is how many per-channel withdraws run at once.
	DefaultWorkers = 4
)

// Policy says when the Settler withdraws, closes and settles. Amounts are
// in the channel token's base units and apply to every token.
type Policy struct {
	// Threshold makes a channel due as soon as amount (see the package
	// doc) reaches it; nil turns the threshold off. It must be positive.
	Threshold *uint256.Int
	// Interval makes a channel with anything to take due when this long
	// has passed since its last withdraw (or since the Settler first saw
	// it); zero turns the interval off. Threshold, Interval or both must
	// be set.
	Interval time.Duration
	// Keep is what to leave in each channel (our remaining deposit counts
	// towards it); nil is zero.
	Keep *uint256.Int
	// Batch gathers the due channels of a round into WithdrawAll (one
	// transaction per token) instead of one Withdraw per channel.
	Batch bool
	// UnresponsiveAfter closes a channel unilaterally when its withdraws
	// have failed, without the partner co-signing, for this long; zero
	// never closes. Leave a device time to come back: hours, not seconds.
	UnresponsiveAfter time.Duration
	// Tick is how often every channel is looked at (default: DefaultTick,
	// or Interval/2 when that is shorter).
	Tick time.Duration
	// Workers bounds the per-channel withdraws that run at once (default
	// DefaultWorkers); it does not apply to Batch.
	Workers int
	// Now is the clock (default time.Now).
	Now func() time.Time
}

// withDefaults checks p and returns it with the defaults filled in and its
// amounts copied, so the caller may reuse them.
func (p Policy) withDefaults() (Policy, error) {
	switch {
	case p.Threshold == nil && p.Interval == 0:
		return p, fmt.Errorf("%w: set a threshold, an interval or both", ErrInvalidPolicy)
	case p.Threshold != nil && p.Threshold.IsZero():
		return p, fmt.Errorf("%w: zero threshold (use an interval to take everything)", ErrInvalidPolicy)
	case p.Interval < 0:
		return p, fmt.Errorf("%w: negative interval %s", ErrInvalidPolicy, p.Interval)
	case p.UnresponsiveAfter < 0:
		return p, fmt.Errorf("%w: negative unresponsive-after %s", ErrInvalidPolicy, p.UnresponsiveAfter)
	case p.Tick < 0:
		return p, fmt.Errorf("%w: negative tick %s", ErrInvalidPolicy, p.Tick)
	case p.Workers < 0:
		return p, fmt.Errorf("%w: negative workers %d", ErrInvalidPolicy, p.Workers)
	}
	if p.Threshold != nil {
		p.Threshold = p.Threshold.Clone()
	}
	if p.Keep != nil {
		p.Keep = p.Keep.Clone()
	}
	if p.Tick == 0 {
		p.Tick = DefaultTick
		if p.Interval > 0 && p.Interval/2 < p.Tick {
			p.Tick = max(p.Interval/2, time.Millisecond)
		}
	}
	if p.Workers == 0 {
		p.Workers = DefaultWorkers
	}
	if p.Now == nil {
		p.Now = time.Now
	}
	return p, nil
}

// trigger says why a channel is due.
type trigger uint8

const (
	notDue trigger = iota
	byThreshold
	byInterval
)

func (t trigger) String() string {
	switch t {
	case byThreshold:
		return "threshold"
	case byInterval:
		return "interval"
	}
	return "none"
}

// share is what a channel holds for us, by the rules of the package doc.
type share struct {
	// unsettled is what we hold beyond our deposit.
	unsettled uint256.Int
	// amount is what a withdraw that leaves keep takes.
	amount uint256.Int
	// left is what stays after it: available - amount.
	left uint256.Int
}

// withdrawable returns participant self's share of the channel when keep
// is to stay in it.
func withdrawable(ch *channels.Channel, self int, keep *uint256.Int) (share, error) {
	var sh share
	avail, err := ch.Available(self)
	if err != nil {
		return sh, err
	}
	if avail.Gt(&ch.Deposit[self]) {
		sh.unsettled.Sub(&avail, &ch.Deposit[self])
	}
	room := avail
	if keep != nil {
		if avail.Gt(keep) {
			room.Sub(&avail, keep)
		} else {
			room.Clear()
		}
	}
	sh.amount = sh.unsettled
	if room.Lt(&sh.amount) {
		sh.amount = room
	}
	sh.left.Sub(&avail, &sh.amount)
	return sh, nil
}

// due says whether a channel with amount to take, last withdrawn (or first
// seen) at last, is due at now.
func (p *Policy) due(amount *uint256.Int, last, now time.Time) trigger {
	switch {
	case amount.IsZero():
		return notDue
	case p.Threshold != nil && !amount.Lt(p.Threshold):
		return byThreshold
	case p.Interval > 0 && !now.Before(last.Add(p.Interval)):
		return byInterval
	}
	return notDue
}

// unresponsive says whether a partner whose withdraws have failed since
// failingSince (zero: they have not) is to be given up on at now.
func (p *Policy) unresponsive(failingSince, now time.Time) bool {
	return p.UnresponsiveAfter > 0 && !failingSince.IsZero() && !now.Before(failingSince.Add(p.UnresponsiveAfter))
}
