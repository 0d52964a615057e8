package node_test

import (
	"context"
	"errors"
	"math/big"
	"testing"
	"time"

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
// balance in the settle.
func TestKeptSettleIsSent(t *testing.T) {
	for _, tc := range []struct {
		name       string
		car, gate  int // device accounts
		answerLost bool
		restart    bool
	}{
		{name: "answer lost", car: 15, gate: 16, answerLost: true},
		{name: "requester did not send", car: 17, gate: 18},
		{name: "requester restarted", car: 19, gate: 20, restart: true},
	} {
		t.Run(tc.name, func(t *testing.T) { testKeptSettle(t, tc.car, tc.gate, tc.answerLost, tc.restart) })
	}
}

func testKeptSettle(t *testing.T, carIdx, gateIdx int, answerLost, restart bool) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	net, car, gate, ch, gi := carAndGate(t, ctx, carIdx, gateIdx, func(c *node.Config) {
		if !answerLost {
			c.Chain.ResendInterval = time.Hour // only the requester sends
		}
	})
	ci := channels.Partner(gi)
	carBefore, gateBefore := balanceOf(t, ctx, net, car.Addr()), balanceOf(t, ctx, net, gate.Addr())

	// The car's engine asks the gate's engine directly, so the node sends
	// nothing on chain.
	var settle channels.CooperativeSettle
	_, err := car.Node.Engine().CooperativeSettle(ctx, ch.ID, func(ctx context.Context, s channels.CooperativeSettle, sig channels.Signature) (channels.Signature, error) {
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

	require.Eventually(t, func() bool {
		info, err := nodetest.ChannelInfo(ctx, net, ch.ID)
		return err == nil && info.Phase == 3 // PHASE_SETTLED
	}, time.Minute, 100*time.Millisecond, "the kept settle is sent")
	require.Eventually(t, func() bool {
		return car.Channel(ch.ID).Phase == channels.PhaseSettled && gate.Channel(ch.ID).Phase == channels.PhaseSettled
	}, 30*time.Second, 50*time.Millisecond)

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
