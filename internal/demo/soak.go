package demo

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"math/big"
	"runtime/metrics"
	"slices"
	"strings"
	"time"

	"github.com/holiman/uint256"

	"github.com/meshpay/meshpay/channels"
	"github.com/meshpay/meshpay/channels/engine"
	"github.com/meshpay/meshpay/node/policy"
)

// ErrorKind classifies what went wrong on a device; the report counts
// errors by kind. The values are stable: the summary prints them.
type ErrorKind string

// Error kinds.
const (
	// KindConfig is a device that cannot play its role.
	KindConfig ErrorKind = "config"
	// KindNoOffer is a service nobody offered before the end.
	KindNoOffer ErrorKind = "no-offer"
	// KindOpen is a channel that could not be opened.
	KindOpen ErrorKind = "open"
	// KindUnacknowledged is a payment signed but not acknowledged in
	// time: it completes with the next proof, amounts being cumulative.
	KindUnacknowledged ErrorKind = "unacknowledged"
	// KindOverspend is a payment the channel's deposit did not cover
	// (the top-up came late).
	KindOverspend ErrorKind = "overspend"
	// KindTimeout is a payment that did not complete in time, maybe not
	// even signed.
	KindTimeout ErrorKind = "timeout"
	// KindPayment is any other failed payment.
	KindPayment ErrorKind = "payment"
	// KindSession is a metered session that could not start (the seller
	// refused it, the stream broke) or ended without the seller's final
	// record or on a usage record the buyer refused.
	KindSession ErrorKind = "session"
	// KindTopUp is a deposit that failed.
	KindTopUp ErrorKind = "top-up"
	// KindWithdraw is a seller's withdraw that failed (the payer may have
	// been closing the channel).
	KindWithdraw ErrorKind = "withdraw"
	// KindClose is a channel the payer could not close.
	KindClose ErrorKind = "close"
	// KindUnsettled is a channel still not settled at the end.
	KindUnsettled ErrorKind = "unsettled"
)

// transient reports the kinds a long run survives: the next session,
// top-up or withdraw makes up for them. A soak counts them without
// failing; the demo fails on them.
func (k ErrorKind) transient() bool {
	switch k {
	case KindUnacknowledged, KindOverspend, KindTimeout, KindPayment, KindTopUp, KindSession:
		return true
	}
	return false
}

// payErrorKind classifies a failed payment.
func payErrorKind(err error) ErrorKind {
	switch {
	case errors.Is(err, engine.ErrUnacknowledged):
		return KindUnacknowledged
	case errors.Is(err, channels.ErrOverspend):
		return KindOverspend
	case errors.Is(err, context.DeadlineExceeded):
		return KindTimeout
	}
	return KindPayment
}

// Soak tuning.
const (
	// DigestEvery is how often a soaking device prints its digest line.
	DigestEvery = 10 * time.Second
	// maxListed bounds the problems, and in a soak the transactions, a
	// report lists; the counts are complete.
	maxListed = 100
	// toldPerKind is how many errors of one kind a soaking device tells
	// in its story; the digest counts the rest.
	toldPerKind = 3
)

// record counts an error of kind and tells the story. Unless the kind is
// tolerated (a failed withdraw always, a transient kind in a soak) it is
// one of the report's problems, which fail the run.
func (d *device) record(kind ErrorKind, format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	tolerated := kind == KindWithdraw || (d.cfg.Soak && kind.transient())
	d.mu.Lock()
	d.errKinds[kind]++
	n := d.errKinds[kind]
	if !tolerated {
		d.problems++
		if len(d.errs) < maxListed {
			d.errs = append(d.errs, msg)
		}
	}
	d.mu.Unlock()
	if d.cfg.Soak && n > toldPerKind {
		return
	}
	if tolerated {
		d.story.printf("could not %s", msg)
		return
	}
	d.story.printf("! %s", msg)
}

// refused tells the story of a payment the spending policy refused, the
// first time for each reason; Guard.Stats counts them all.
func (d *device) refused(p *purchase, err error) {
	reason := policy.ReasonOf(err)
	d.mu.Lock()
	first := !d.refusalsTold[reason]
	d.refusalsTold[reason] = true
	d.mu.Unlock()
	if first {
		d.story.printf("hits its spending limit paying %s for %s: %s; further refusals are only counted", d.nameOf(p.seller), p.svc.Name, refusalNote(err))
	}
}

// refusalNote says why the policy refused a payment, in ETH: "hourly
// budget: 0.0228 ETH spent + 0.0003 ETH > 0.0228 ETH".
func refusalNote(err error) string {
	var re *policy.RefusedError
	if !errors.As(err, &re) || re.Limit == nil {
		return err.Error()
	}
	switch re.Reason {
	case policy.ReasonHourlyBudget, policy.ReasonDailyBudget:
		return fmt.Sprintf("%s: %s spent + %s > %s", re.Reason, FormatWei(orZero256(re.Spent)), FormatWei(orZero256(re.Asked)), FormatWei(re.Limit))
	}
	return fmt.Sprintf("%s: %s > %s", re.Reason, FormatWei(orZero256(re.Asked)), FormatWei(re.Limit))
}

func orZero256(v *uint256.Int) *uint256.Int {
	if v == nil {
		return new(uint256.Int)
	}
	return v
}

// limitsHit are the spending policy's refusals by reason, those with a
// count only.
func (d *device) limitsHit() map[string]uint64 {
	out := map[string]uint64{}
	for r, n := range d.n.Guard().Stats() {
		if n > 0 {
			out[string(r)] = n
		}
	}
	return out
}

// liveHeapMetric is the heap the last GC found live: unlike the heap in
// use it does not swing with the garbage not yet collected, so it shows a
// leak.
const liveHeapMetric = "/gc/heap/live:bytes"

// sampleHeap records the live heap's size and returns it.
func (d *device) sampleHeap() uint64 {
	sample := []metrics.Sample{{Name: liveHeapMetric}}
	metrics.Read(sample)
	if sample[0].Value.Kind() != metrics.KindUint64 {
		return 0
	}
	live := sample[0].Value.Uint64()
	d.mu.Lock()
	defer d.mu.Unlock()
	d.heapMax = max(d.heapMax, live)
	return live
}

// digestLoop prints the digest every DigestEvery until ctx ends.
func (d *device) digestLoop(ctx context.Context) {
	t := time.NewTicker(DigestEvery)
	defer t.Stop()
	last := 0
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			last = d.digest(last)
		}
	}
}

// digest prints one digest line and returns the payments so far.
func (d *device) digest(before int) int {
	heap := d.sampleHeap()
	paid, received := d.totals()
	payments := d.paymentsMade()
	limits := 0
	for _, n := range d.limitsHit() {
		limits += int(n)
	}
	d.mu.Lock()
	errs := 0
	for _, n := range d.errKinds {
		errs += n
	}
	bought, sold := d.boughtStarted, d.soldStarted
	deposits, withdraws := d.ops[opDeposit], d.ops[opWithdraw]
	d.mu.Unlock()
	d.story.printf("digest: %d payments (+%d), %d sessions bought, %d sold, paid %s, received %s, %d top-ups, %d withdraws, %d limits hit, %d errors, live heap %.1f MB",
		payments, payments-before, bought, sold, FormatETH(paid), FormatETH(received), deposits, withdraws, limits, errs, float64(heap)/(1<<20))
	return payments
}

// totals are what the device has paid and received off-chain so far.
func (d *device) totals() (paid, received *big.Int) {
	paid, received = new(big.Int), new(big.Int)
	for _, ch := range d.n.Engine().Channels() {
		self, err := ch.Params.Index(d.self)
		if err != nil {
			continue
		}
		paid.Add(paid, ch.Transferred(self).ToBig())
		received.Add(received, ch.Transferred(channels.Partner(self)).ToBig())
	}
	return paid, received
}

// FormatCounts writes counts as "a 1, b 2", the keys in order, first
// those of always (zero or not), then the others with a count; "0" when
// there is nothing to write.
func FormatCounts[N int | uint64](counts map[string]N, always ...string) string {
	var parts []string
	for _, k := range always {
		parts = append(parts, fmt.Sprintf("%s %d", k, counts[k]))
	}
	for _, k := range slices.Sorted(maps.Keys(counts)) {
		if counts[k] != 0 && !slices.Contains(always, k) {
			parts = append(parts, fmt.Sprintf("%s %d", k, counts[k]))
		}
	}
	if len(parts) == 0 {
		return "0"
	}
	return strings.Join(parts, ", ")
}
