package node_test

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
)

// TestWithdrawAllFiftyChannelsInOneTransaction: an operator's node holding
// 50 channels takes what it earned on all of them in one transaction (the
// contract's batch withdraw), while the channels stay open.
func TestWithdrawAllFiftyChannelsInOneTransaction(t *testing.T) {
	if testing.Short() {
		t.Skip("opens 50 channels on chain")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
	defer cancel()
	net := testNet.Get(t)
	buyer := newDevice(t, net, 5, tcpListen)
	operator := newDevice(t, net, 6, tcpListen)
	buyer.Connect(ctx, operator)

	const n = 50
	ids := make([]channels.ChannelID, n)
	deposit := uint256.MustFromBig(gwei(10_000_000))
	for i := range ids {
		ch, err := buyer.Node.OpenChannel(ctx, node.OpenRequest{Partner: operator.Addr(), Deposit: *deposit, ChallengePeriod: challengePeriod})
		require.NoError(t, err)
		ids[i] = ch.ID
	}
	var wg sync.WaitGroup
	for i, id := range ids {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := buyer.Node.Pay(ctx, id, uint256.NewInt(uint64(i+1)*1e9), "usage")
			require.NoError(t, err)
		}()
	}
	wg.Wait()

	before := balanceOf(t, ctx, net, operator.Addr())
	head, err := net.Client().BlockNumber(ctx)
	require.NoError(t, err)
	done, err := operator.Node.WithdrawAll(ctx, ids, nil)
	require.NoError(t, err)
	require.Len(t, done, n)
	after := balanceOf(t, ctx, net, operator.Addr())

	// Exactly one transaction from the operator, and it paid out the sum.
	last, err := net.Client().BlockNumber(ctx)
	require.NoError(t, err)
	rcpts, gas := txsFrom(t, ctx, net, operator.Addr(), head, last)
	require.Len(t, rcpts, 1)
	t.Logf("batch withdraw of %d channels: %d gas, %d per channel", n, rcpts[0].GasUsed, rcpts[0].GasUsed/n)
	want := new(big.Int)
	for i := range ids {
		want.Add(want, new(big.Int).SetUint64(uint64(i+1)*1e9))
	}
	require.Equal(t, want, new(big.Int).Sub(new(big.Int).Add(after, gas), before), "paid out the sum of what was received")
	require.Eventually(t, func() bool {
		for _, id := range ids {
			ch := operator.Channel(id)
			oi, _ := ch.Params.Index(operator.Addr())
			if ch.Phase != channels.PhaseOpen || ch.Withdrawn[oi].IsZero() {
				return false
			}
		}
		return true
	}, 10*time.Second, 50*time.Millisecond, "channels stay open with the withdraws counted")
	// Nothing more to take: a second call sends nothing.
	done, err = operator.Node.WithdrawAll(ctx, ids, nil)
	require.NoError(t, err)
	require.Empty(t, done)
	// Nor does the node's resend of kept withdraws (every 10 polls of
	// 100 ms): these are paid.
	time.Sleep(3 * time.Second)
	last, err = net.Client().BlockNumber(ctx)
	require.NoError(t, err)
	rcpts, _ = txsFrom(t, ctx, net, operator.Addr(), head, last)
	require.Len(t, rcpts, 1)
}
