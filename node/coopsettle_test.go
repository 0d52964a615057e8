package node_test

import (
	"context"
	"errors"
	"math/big"
	"testing"
	"time"

	"github.com/holiman/uint256"
	"github.com/stretchr/testify/require"

	"github.com/meshpay/meshpay/channels"
	"github.com/meshpay/meshpay/internal/nodetest"
	"github.com/meshpay/meshpay/node"
)

// TestKeptSettleIsSent: a cooperative settle that both sides signed but
// that never reached the chain is sent by whichever side holds it, on its
// own. When the co-signer's answer is lost, the requester still has the
// channel open and the co-signer (settling, so taking no payments) sends
// it; when the requester stops before sending, it sends it itself, also
// after a restart. The side that did not send is paid exactly its
// balance in the settle. When the gate counts a withdraw the chain has not
// paid (the settle leaves it out of the pot, so the chain would refuse the
// settle), the car's settle waits until the gate has sent the withdraw.
func TestKeptSettleIsSent(t *testing.T) {
	for _, tc := range []struct {
		name           string
		car, gate      int // device accounts
		answerLost     bool
		restart        bool
		unpaidWithdraw bool
	}{
		{name: "answer lost", car: 15, gate: 16, answerLost: true},
		{name: "requester did not send", car: 17, gate: 18},
		{name: "requester restarted", car: 19, gate: 20, restart: true},
		{name: "unpaid withdraw first", car: 25, gate: 26, unpaidWithdraw: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			testKeptSettle(t, tc.car, tc.gate, tc.answerLost, tc.restart, tc.unpaidWithdraw)
		})
	}
}

func testKeptSettle(t *testing.T, carIdx, gateIdx int, answerLost, restart, unpaidWithdraw bool) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	// Blocks come every 100 ms: a first send would be mined or failed
	// long before a second.
	quick := func(c *node.Config) { c.Chain.SettleResendDelay = time.Second }
	net, car, gate, ch, gi := carAndGateWith(t, ctx, carIdx, gateIdx, []func(*node.Config){quick}, quick, func(c *node.Config) {
		if !answerLost {
			c.Chain.ResendInterval = time.Hour // only the requester sends
		}
	})
	ci := channels.Partner(gi)
	withdrawn := uint256.NewInt(0)
	if unpaidWithdraw {
		withdrawn = uint256.MustFromBig(gwei(3_000))
		countWithdraw(t, ctx, car, gate, ch.ID, withdrawn, uint64(time.Now().Add(time.Hour).Unix()))
	}
	carBefore, gateBefore := balanceOf(t, ctx, net, car.Addr()), balanceOf(t, ctx, net, gate.Addr())
	startBlock, err := net.Client().BlockNumber(ctx)
	require.NoError(t, err)

	// The car's engine asks the gate's engine directly, so the node sends
	// nothing on chain.
	var settle channels.CooperativeSettle
	_, err = car.Node.Engine().CooperativeSettle(ctx, ch.ID, func(ctx context.Context, s channels.CooperativeSettle, sig channels.Signature) (channels.Signature, error) {
		settle = s
		theirs, err := gate.Node.Engine().CoSignSettle(ctx, car.Addr(), s, sig)
		if err == nil && answerLost {
			return channels.Signature{}, errors.New("answer lost")
		}
		return theirs, err
	})
	require.Equal(t, channels.PhaseSettling, gate.Channel(ch.ID).Phase, "the gate co-signed")
	if answerLost {
		require.Error(t, err)
		require.Equal(t, channels.PhaseOpen, car.Channel(ch.ID).Phase, "no answer, still open")
	} else {
		require.NoError(t, err)
		require.Equal(t, channels.PhaseSettling, car.Channel(ch.ID).Phase)
	}
	if restart {
		car.Stop()
		car.Start()
	}
	if unpaidWithdraw {
		// The car's settle is due, but the chain would refuse it: it
		// waits through several rounds. The gate's round at its next
		// start sends the withdraw (of a settling channel), and then the
		// car's settle goes through.
		time.Sleep(3 * time.Second)
		require.Equal(t, channels.PhaseSettling, car.Channel(ch.ID).Phase)
		gate.Stop()
		gate.Start()
	}

	require.Eventually(t, func() bool {
		info, err := nodetest.ChannelInfo(ctx, net, ch.ID)
		return err == nil && info.Phase == 3 // PHASE_SETTLED
	}, time.Minute, 100*time.Millisecond, "the kept settle is sent")
	require.Eventually(t, func() bool {
		return car.Channel(ch.ID).Phase == channels.PhaseSettled && gate.Channel(ch.ID).Phase == channels.PhaseSettled
	}, 30*time.Second, 50*time.Millisecond)

	if unpaidWithdraw {
		// The gate sent the withdraw: with its fee, it got the withdraw
		// and its settle balance.
		require.Equal(t, new(uint256.Int).Sub(gatePaid, withdrawn), &settle.Balances[gi], "the settle leaves the withdraw out")
		last, err := net.Client().BlockNumber(ctx)
		require.NoError(t, err)
		rcpts, fees := txsFrom(t, ctx, net, gate.Addr(), startBlock, last)
		require.NotEmpty(t, rcpts)
		got := new(big.Int).Sub(balanceOf(t, ctx, net, gate.Addr()), gateBefore)
		require.Equal(t, gatePaid.ToBig(), got.Add(got, fees), "paid the withdraw and the settle")
		return
	}
	// The side that did not send paid no gas: its balance grew by exactly
	// its share.
	if answerLost {
		got := new(big.Int).Sub(balanceOf(t, ctx, net, car.Addr()), carBefore)
		require.Equal(t, settle.Balances[ci].ToBig(), got, "the car is paid its balance")
	} else {
		got := new(big.Int).Sub(balanceOf(t, ctx, net, gate.Addr()), gateBefore)
		require.Equal(t, settle.Balances[gi].ToBig(), got, "the gate is paid its balance")
		require.Equal(t, gatePaid.ToBig(), got)
	}
}
