package autosettle_test

import (
	"context"
	"math/big"
	"sync"
	"testing"
	"time"

	"github.com/holiman/uint256"
	"github.com/stretchr/testify/require"

	"github.com/meshpay/meshpay/channels"
	"github.com/meshpay/meshpay/node"
	"github.com/meshpay/meshpay/node/autosettle"
)

// The contract's phase numbers (contracts/src/ChannelState.sol).
const (
	phaseOpenOnChain    = 1
	phaseSettledOnChain = 3
)

// pair opens a channel from a buyer to a seller (devices buyerIdx and
// buyerIdx+1) with a 0.01 ETH deposit.
func pair(t *testing.T, ctx context.Context, buyerIdx int) (buyer, seller *device, id channels.ChannelID) {
	t.Helper()
	net := sharedDevnet(t)
	buyer = newDevice(t, net, buyerIdx)
	seller = newDevice(t, net, buyerIdx+1)
	buyer.Connect(ctx, seller)
	ch, err := buyer.Node.OpenChannel(ctx, node.OpenRequest{
		Partner: seller.Addr(), Deposit: *uint256.MustFromBig(gwei(10_000_000)), ChallengePeriod: challengePeriod,
	})
	require.NoError(t, err)
	return buyer, seller, ch.ID
}

func payGwei(t *testing.T, ctx context.Context, d *device, id channels.ChannelID, n int) {
	t.Helper()
	for range n {
		_, err := d.Node.Pay(ctx, id, uint256.NewInt(1e9), "usage")
		require.NoError(t, err)
	}
}

// TestDevnetThresholdWithdraw: the payment that takes the seller's
// unsettled balance to the threshold is withdrawn on chain at once (the
// tick is a minute away), and the channel stays open.
func TestDevnetThresholdWithdraw(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	buyer, seller, id := pair(t, ctx, 0)
	net := sharedDevnet(t)
	s := runSettler(t, seller, autosettle.Policy{Threshold: uint256.MustFromBig(gwei(5)), Tick: time.Minute})

	payGwei(t, ctx, buyer, id, 4)
	time.Sleep(300 * time.Millisecond)
	require.Zero(t, withdrawnOnChain(t, ctx, net, id, seller.Addr()).Sign(), "below the threshold")

	payGwei(t, ctx, buyer, id, 1)
	require.Eventually(t, func() bool {
		return withdrawnOnChain(t, ctx, net, id, seller.Addr()).Cmp(gwei(5)) == 0
	}, 15*time.Second, 50*time.Millisecond, "threshold reached: withdrawn on chain")
	require.Eventually(t, func() bool { return s.Stats().Withdraws == 1 }, 5*time.Second, 10*time.Millisecond)
	require.Equal(t, autosettle.Stats{Withdraws: 1}, s.Stats())
	require.Equal(t, channels.PhaseOpen, seller.Channel(id).Phase)
	require.EqualValues(t, phaseOpenOnChain, onChain(t, ctx, net, id).Phase, "open on chain")
}

// TestDevnetIntervalWithdraw: payments that stay below the threshold are
// withdrawn once the interval is over, not before.
func TestDevnetIntervalWithdraw(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	buyer, seller, id := pair(t, ctx, 2)
	net := sharedDevnet(t)
	const interval = 3 * time.Second
	start := time.Now()
	s := runSettler(t, seller, autosettle.Policy{
		Threshold: uint256.MustFromBig(gwei(1000)), Interval: interval, Tick: 100 * time.Millisecond,
	})
	payGwei(t, ctx, buyer, id, 3)

	var at time.Time
	require.Eventually(t, func() bool {
		if withdrawnOnChain(t, ctx, net, id, seller.Addr()).Sign() == 0 {
			return false
		}
		at = time.Now()
		return true
	}, 20*time.Second, 50*time.Millisecond)
	require.GreaterOrEqual(t, at.Sub(start), interval, "not before the interval")
	require.Equal(t, gwei(3), withdrawnOnChain(t, ctx, net, id, seller.Addr()))
	require.Eventually(t, func() bool { return s.Stats().Withdraws == 1 }, 5*time.Second, 10*time.Millisecond)
	require.Equal(t, autosettle.Stats{Withdraws: 1}, s.Stats())
	require.Equal(t, channels.PhaseOpen, seller.Channel(id).Phase)
}

// TestDevnetBatchFiftyChannels: an operator with 50 channels withdraws
// from all of them in one round and one transaction.
func TestDevnetBatchFiftyChannels(t *testing.T) {
	if testing.Short() {
		t.Skip("opens 50 channels on chain")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	net := sharedDevnet(t)
	buyer := newDevice(t, net, 4)
	operator := newDevice(t, net, 5)
	buyer.Connect(ctx, operator)

	const n = 50
	ids := make([]channels.ChannelID, n)
	deposit := uint256.MustFromBig(gwei(10_000_000))
	var wg sync.WaitGroup
	sem := make(chan struct{}, 10)
	for i := range ids {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			ch, err := buyer.Node.OpenChannel(ctx, node.OpenRequest{Partner: operator.Addr(), Deposit: *deposit, ChallengePeriod: challengePeriod})
			if !assertNoError(t, err) {
				return
			}
			ids[i] = ch.ID
			_, err = buyer.Node.Pay(ctx, ch.ID, uint256.MustFromBig(gwei(int64(i+1))), "usage")
			assertNoError(t, err)
		}()
	}
	wg.Wait()
	if t.Failed() {
		t.FailNow()
	}

	head, err := net.Client().BlockNumber(ctx)
	require.NoError(t, err)
	before, err := net.Client().BalanceAt(ctx, operator.Addr(), new(big.Int).SetUint64(head))
	require.NoError(t, err)
	s := runSettler(t, operator, autosettle.Policy{Interval: 2 * time.Second, Tick: 200 * time.Millisecond, Batch: true})
	require.Eventually(t, func() bool { return s.Stats().Withdraws == n }, 30*time.Second, 50*time.Millisecond)
	require.Equal(t, autosettle.Stats{Withdraws: n, Batches: 1}, s.Stats())

	last, err := net.Client().BlockNumber(ctx)
	require.NoError(t, err)
	after, err := net.Client().BalanceAt(ctx, operator.Addr(), new(big.Int).SetUint64(last))
	require.NoError(t, err)
	rcpts, fees := txsFrom(t, ctx, net, operator.Addr(), head, last)
	require.Len(t, rcpts, 1, "one transaction for the 50 withdraws")
	t.Logf("batch withdraw of %d channels: %d gas", n, rcpts[0].GasUsed)
	want := new(big.Int)
	for i := range ids {
		want.Add(want, gwei(int64(i+1)))
	}
	require.Equal(t, want, new(big.Int).Sub(new(big.Int).Add(after, fees), before), "paid out the sum received")
	for i, id := range ids {
		require.Equal(t, gwei(int64(i+1)), withdrawnOnChain(t, ctx, net, id, operator.Addr()))
		require.Equal(t, channels.PhaseOpen, operator.Channel(id).Phase)
	}
}

// TestDevnetUnresponsivePartnerClosedAndSettled: the buyer pays and is
// switched off; the seller's withdraws find no one to co-sign, so after
// UnresponsiveAfter it closes unilaterally with the buyer's latest proof,
// and once the challenge period is over the channel is settled and the
// seller holds exactly what it was paid, less its own fees.
func TestDevnetUnresponsivePartnerClosedAndSettled(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	buyer, seller, id := pair(t, ctx, 6)
	net := sharedDevnet(t)
	payGwei(t, ctx, buyer, id, 7)
	buyer.Stop()

	head, err := net.Client().BlockNumber(ctx)
	require.NoError(t, err)
	before, err := net.Client().BalanceAt(ctx, seller.Addr(), new(big.Int).SetUint64(head))
	require.NoError(t, err)
	s := runSettler(t, seller, autosettle.Policy{
		Threshold: uint256.MustFromBig(gwei(1)), UnresponsiveAfter: time.Second, Tick: 200 * time.Millisecond,
	})
	require.Eventually(t, func() bool { return seller.Channel(id).Phase == channels.PhaseClosing }, 20*time.Second, 50*time.Millisecond,
		"closed once the buyer failed to co-sign for a second")
	require.Eventually(t, func() bool { return s.Stats().Closes == 1 }, 5*time.Second, 10*time.Millisecond)
	require.Zero(t, s.Stats().Withdraws)
	require.Positive(t, s.Stats().Failures)

	// Skip the challenge period (the devnet refuses while transactions
	// are pending).
	require.Eventually(t, func() bool {
		return net.AdjustTime(time.Duration(challengePeriod+1)*time.Second) == nil
	}, 10*time.Second, 50*time.Millisecond)
	require.Eventually(t, func() bool {
		return seller.Channel(id).Phase == channels.PhaseSettled && onChain(t, ctx, net, id).Phase == phaseSettledOnChain
	}, 20*time.Second, 50*time.Millisecond, "settled after the challenge period")

	last, err := net.Client().BlockNumber(ctx)
	require.NoError(t, err)
	after, err := net.Client().BalanceAt(ctx, seller.Addr(), new(big.Int).SetUint64(last))
	require.NoError(t, err)
	rcpts, fees := txsFrom(t, ctx, net, seller.Addr(), head, last)
	require.GreaterOrEqual(t, len(rcpts), 2, "the close and the settle")
	require.Equal(t, gwei(7), new(big.Int).Sub(new(big.Int).Add(after, fees), before), "paid what the buyer's latest proof says")
	t.Logf("stats %+v, %d seller transactions", s.Stats(), len(rcpts))
}

// assertNoError is require.NoError for goroutines: it marks the test
// failed and reports whether err was nil.
func assertNoError(t *testing.T, err error) bool {
	t.Helper()
	if err != nil {
		t.Errorf("unexpected error: %v", err)
		return false
	}
	return true
}
