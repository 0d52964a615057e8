package autosettle_test

import (
	"context"
	"testing"
	"time"

	"github.com/holiman/uint256"
	"github.com/stretchr/testify/require"

	"github.com/meshpay/meshpay/channels"
	"github.com/meshpay/meshpay/node/autosettle"
)

func newSettler(t *testing.T, f *fakeNode, p autosettle.Policy) *autosettle.Settler {
	t.Helper()
	s, err := autosettle.NewWithBackend(f, p, testLogger(t))
	require.NoError(t, err)
	return s
}

// run runs s over f until the test ends; it returns once the first round
// started.
func run(t *testing.T, f *fakeNode, s *autosettle.Settler) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.Run(ctx) }()
	t.Cleanup(func() {
		cancel()
		require.NoError(t, <-done)
	})
	select {
	case <-f.listed:
	case <-time.After(5 * time.Second):
		t.Fatal("Run did not start")
	}
}

// TestThresholdReactsToPayments: with a tick far away, the payment that
// takes a channel over the threshold is withdrawn at once, and only that
// channel.
func TestThresholdReactsToPayments(t *testing.T) {
	f := newFakeNode(t)
	a, b := f.open(0), f.open(0)
	s := newSettler(t, f, autosettle.Policy{Threshold: uint256.NewInt(10), Tick: time.Hour})
	run(t, f, s)

	f.receive(a, 4)
	f.receive(a, 4)
	f.receive(b, 9)
	time.Sleep(50 * time.Millisecond)
	require.Zero(t, s.Stats().Withdraws, "below the threshold")

	f.receive(a, 4)
	require.Eventually(t, func() bool { return f.withdrawn(a) == 12 }, 5*time.Second, 5*time.Millisecond)
	// The settler counts the withdraw once the node's call has returned,
	// a moment after the fake node recorded it.
	require.Eventually(t, func() bool { return s.Stats().Withdraws == 1 }, 5*time.Second, 5*time.Millisecond)
	require.Zero(t, f.withdrawn(b))
	require.Equal(t, autosettle.Stats{Withdraws: 1}, s.Stats())
	require.Equal(t, channels.PhaseOpen, f.phase(a))
}

// TestIntervalWithdrawsSmallAmounts: below the threshold, a channel is
// withdrawn once per interval, counted from the last withdraw.
func TestIntervalWithdrawsSmallAmounts(t *testing.T) {
	f := newFakeNode(t)
	c := newClock()
	id := f.open(0)
	idle := f.open(0)
	s := newSettler(t, f, autosettle.Policy{Threshold: uint256.NewInt(1000), Interval: time.Minute, Now: c.Now})
	ctx := context.Background()

	s.Round(ctx) // first seen: the interval starts
	f.receive(id, 5)
	c.advance(30 * time.Second)
	s.Round(ctx)
	require.Zero(t, f.withdrawn(id), "interval not over")
	c.advance(30 * time.Second)
	s.Round(ctx)
	require.EqualValues(t, 5, f.withdrawn(id), "interval over")

	f.receive(id, 3)
	c.advance(59 * time.Second)
	s.Round(ctx)
	require.EqualValues(t, 5, f.withdrawn(id), "the interval restarted at the withdraw")
	c.advance(time.Second)
	s.Round(ctx)
	require.EqualValues(t, 8, f.withdrawn(id))
	require.Zero(t, f.withdrawn(idle), "nothing to take: no withdraw")
	require.Equal(t, autosettle.Stats{Withdraws: 2}, s.Stats())
}

// TestKeepAndBuyerChannels: Keep stays in the channel; a channel where we
// only paid is never due; one where we also received gives back only the
// net received.
func TestKeepAndBuyerChannels(t *testing.T) {
	f := newFakeNode(t)
	c := newClock()
	seller := f.open(0)
	buyer := f.open(100)
	both := f.open(100)
	s := newSettler(t, f, autosettle.Policy{Interval: time.Minute, Keep: uint256.NewInt(20), Now: c.Now})
	s.Round(context.Background())
	f.receive(seller, 50)
	f.pay(buyer, 30)
	f.pay(both, 30)
	f.receive(both, 80)
	c.advance(time.Minute)
	s.Round(context.Background())
	require.EqualValues(t, 30, f.withdrawn(seller), "50 received, 20 kept")
	require.Zero(t, f.withdrawn(buyer), "own deposit stays")
	require.EqualValues(t, 50, f.withdrawn(both), "80 received - 30 sent; the deposit covers keep")
}

// TestBatchOneCallPerKeep: with Batch, the due channels go into one
// WithdrawAll; a channel that still holds our deposit needs another keep,
// so it gets its own call, and takes only what it earned.
func TestBatchOneCallPerKeep(t *testing.T) {
	f := newFakeNode(t)
	c := newClock()
	var sellers []channels.ChannelID
	for range 5 {
		sellers = append(sellers, f.open(0))
	}
	mixed := f.open(100)
	s := newSettler(t, f, autosettle.Policy{Interval: time.Minute, Batch: true, Keep: uint256.NewInt(1), Now: c.Now})
	s.Round(context.Background())
	for i, id := range sellers {
		f.receive(id, uint64(10+i))
	}
	f.receive(mixed, 40)
	c.advance(time.Minute)
	s.Round(context.Background())

	require.Len(t, f.batches, 2)
	require.ElementsMatch(t, sellers, f.batches[0])
	require.Equal(t, []channels.ChannelID{mixed}, f.batches[1])
	for i, id := range sellers {
		require.EqualValues(t, 10+i-1, f.withdrawn(id))
	}
	require.EqualValues(t, 40, f.withdrawn(mixed), "the deposit stays")
	require.Equal(t, autosettle.Stats{Withdraws: 6, Batches: 2}, s.Stats())
	require.Empty(t, f.withdraws, "no single withdraws")
}

// TestBatchThresholdStartsRound: in batch mode the payment that crosses
// the threshold starts a round that takes every due channel together.
func TestBatchThresholdStartsRound(t *testing.T) {
	f := newFakeNode(t)
	c := newClock()
	a, b, idle := f.open(0), f.open(0), f.open(0)
	s := newSettler(t, f, autosettle.Policy{Threshold: uint256.NewInt(10), Interval: time.Minute, Batch: true, Tick: time.Hour, Now: c.Now})
	run(t, f, s)
	f.receive(b, 2)
	c.advance(time.Minute) // b is interval-due, but the tick is far
	f.receive(a, 10)       // a crosses the threshold
	require.Eventually(t, func() bool { return f.withdrawn(a) == 10 }, 5*time.Second, 5*time.Millisecond)
	require.EqualValues(t, 2, f.withdrawn(b), "b went in the same batch")
	require.Zero(t, f.withdrawn(idle))
	f.mu.Lock()
	require.Len(t, f.batches, 1)
	f.mu.Unlock()
}

// TestUnresponsivePartnerClosedThenSettled: a partner that does not
// co-sign for UnresponsiveAfter gets its channel closed unilaterally; the
// settle follows once the chain's clock passes the challenge period.
func TestUnresponsivePartnerClosedThenSettled(t *testing.T) {
	for _, batch := range []bool{false, true} {
		t.Run(map[bool]string{false: "per channel", true: "batch"}[batch], func(t *testing.T) {
			f := newFakeNode(t)
			c := newClock()
			gone, fine := f.open(0), f.open(0)
			s := newSettler(t, f, autosettle.Policy{
				Threshold: uint256.NewInt(5), UnresponsiveAfter: 10 * time.Minute, Batch: batch, Now: c.Now,
			})
			ctx := context.Background()
			f.receive(gone, 7)
			f.receive(fine, 7)
			f.set(func() { f.partnerDown[gone] = true })

			s.Round(ctx)
			require.EqualValues(t, 7, f.withdrawn(fine))
			require.Zero(t, f.withdrawn(gone))
			c.advance(5 * time.Minute)
			s.Round(ctx)
			require.Equal(t, channels.PhaseOpen, f.phase(gone), "not yet")
			c.advance(5 * time.Minute)
			s.Round(ctx)
			require.Equal(t, channels.PhaseClosing, f.phase(gone), "failing for UnresponsiveAfter: closed")
			require.Equal(t, channels.PhaseOpen, f.phase(fine))

			s.Round(ctx)
			require.Equal(t, channels.PhaseClosing, f.phase(gone), "challenge period not over")
			f.set(func() { f.chainTime += 601 })
			s.Round(ctx)
			require.Equal(t, channels.PhaseSettled, f.phase(gone))
			s.Round(ctx) // settled channels are left alone
			want := autosettle.Stats{Withdraws: 1, Closes: 1, Settles: 1, Failures: 2}
			if batch {
				want.Batches = 1
			}
			require.Equal(t, want, s.Stats())
		})
	}
}

// TestChainFailureIsNotThePartners: a withdraw the partner co-signed but
// whose transaction failed does not count towards closing the channel.
func TestChainFailureIsNotThePartners(t *testing.T) {
	f := newFakeNode(t)
	c := newClock()
	id := f.open(0)
	s := newSettler(t, f, autosettle.Policy{Threshold: uint256.NewInt(5), UnresponsiveAfter: time.Minute, Now: c.Now})
	f.set(func() { f.chainDown = true })
	for range 5 {
		f.receive(id, 5)
		s.Round(context.Background())
		c.advance(time.Minute)
	}
	require.Equal(t, channels.PhaseOpen, f.phase(id))
	require.Equal(t, autosettle.Stats{Failures: 5}, s.Stats())
}

// TestPartnerBackInTime: failures followed by a success start over.
func TestPartnerBackInTime(t *testing.T) {
	f := newFakeNode(t)
	c := newClock()
	id := f.open(0)
	s := newSettler(t, f, autosettle.Policy{Threshold: uint256.NewInt(5), UnresponsiveAfter: time.Minute, Now: c.Now})
	ctx := context.Background()
	f.receive(id, 5)
	f.set(func() { f.partnerDown[id] = true })
	s.Round(ctx)
	c.advance(50 * time.Second)
	f.set(func() { f.partnerDown[id] = false })
	s.Round(ctx)
	require.EqualValues(t, 5, f.withdrawn(id))

	f.receive(id, 5)
	f.set(func() { f.partnerDown[id] = true })
	c.advance(20 * time.Second)
	s.Round(ctx) // fails again: a new run of failures starts here
	c.advance(50 * time.Second)
	s.Round(ctx)
	require.Equal(t, channels.PhaseOpen, f.phase(id), "70 s since the first failure, 50 s since the success")
	c.advance(10 * time.Second)
	s.Round(ctx)
	require.Equal(t, channels.PhaseClosing, f.phase(id))
}

func TestRunOnce(t *testing.T) {
	f := newFakeNode(t)
	s := newSettler(t, f, autosettle.Policy{Threshold: uint256.NewInt(5)})
	run(t, f, s)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	require.ErrorIs(t, s.Run(ctx), autosettle.ErrRunning)
}
