package settlement_test

import (
	"context"
	"math/big"
	"testing"
	"time"

	ethereum "github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/common"
	"github.com/stretchr/testify/require"

	"github.com/meshpay/meshpay/channels"
	"github.com/meshpay/meshpay/contracts/bindings"
	"github.com/meshpay/meshpay/settlement"
)

// TestLifecycleETH: open with deposit, second deposit, payments both ways,
// cooperative withdraw, a unilateral close by Bob answered by Alice's
// watcher with Bob's latest proof, settle; conservation on chain.
func TestLifecycleETH(t *testing.T) {
	ctx := context.Background()
	d := startDevnet(t)
	alice, bob := newNode(t, d, 0), newNode(t, d, 1)
	connect(alice, bob)

	params := openFunded(t, alice, bob, common.Address{}, ether(10), ether(5))
	id := params.ID()
	ai, _ := params.Index(alice.addr())
	bi := channels.Partner(ai)

	for i := range 3 {
		alice.pay(t, id, ether(1), "toll-"+string(rune('a'+i)))
	}
	bob.pay(t, id, ether(1), "data")

	// Bob withdraws 2 ETH while the channel stays open; he sends it himself.
	w := cosignWithdraw(t, bob, alice, id, ether(2), uint64(time.Now().Unix())+86400)
	_, err := bob.client.CooperativeWithdraw(ctx, &w)
	require.NoError(t, err)
	_, err = bob.client.CooperativeWithdraw(ctx, &w)
	require.ErrorIs(t, err, settlement.ErrReverted, "a replayed withdraw is refused")
	for _, n := range []*node{alice, bob} {
		n.waitChannel(t, id, "withdraw", func(ch channels.Channel) bool { return ch.Withdrawn[bi].ToBig().Cmp(ether(2)) == 0 })
	}

	// Bob closes with Alice's latest proof, hoping his own payment to
	// Alice is forgotten; Alice's watcher submits it.
	bobView, err := bob.eng.Channel(id)
	require.NoError(t, err)
	_, err = bob.client.CloseChannel(ctx, id, &bobView.Proofs[ai])
	require.NoError(t, err)
	alice.waitChannel(t, id, "close seen", func(ch channels.Channel) bool { return ch.Phase == channels.PhaseClosing })
	require.Eventually(t, func() bool {
		info, err := alice.client.ChannelInfo(ctx, id)
		return err == nil && proofNonceOnChain(info, bi).Uint64() == bobView.Proofs[bi].Proof.Nonce
	}, 20*time.Second, 20*time.Millisecond, "alice answers the close with bob's latest proof")

	_, err = alice.client.Settle(ctx, id)
	require.ErrorIs(t, err, settlement.ErrReverted, "settle before the period ends is refused")

	skipChallenge(t, d)
	require.NoError(t, alice.disputer.SettleDue(ctx))
	for _, n := range []*node{alice, bob} {
		n.waitChannel(t, id, "settled", func(ch channels.Channel) bool { return ch.Phase == channels.PhaseSettled })
	}

	// Alice: 10 - 3 + 1 = 8. Bob: 5 - 2 (withdrawn) + 3 - 1 = 5.
	settled := settledBalances(t, alice, id)
	require.Equal(t, ether(8), settled[ai])
	require.Equal(t, ether(5), settled[bi])
	paidOut := new(big.Int).Add(settled[0], settled[1])
	paidOut.Add(paidOut, ether(2))
	require.Equal(t, ether(15), paidOut, "total paid out == total deposited")
	require.Zero(t, contractBalance(t, alice).Sign(), "the contract keeps nothing")
}

func proofNonceOnChain(info bindings.ChannelInfo, i int) *big.Int {
	if i == channels.PartA {
		return info.NonceFromA
	}
	return info.NonceFromB
}

// settledBalances reads the payouts of the channel's settle event.
func settledBalances(t *testing.T, n *node, id channels.ChannelID) [2]*big.Int {
	t.Helper()
	logs, err := n.client.Eth().FilterLogs(context.Background(), ethereum.FilterQuery{
		Addresses: []common.Address{n.client.Contract()}, Topics: [][]common.Hash{nil, {common.Hash(id)}},
	})
	require.NoError(t, err)
	cm := bindings.NewChannelManager()
	for i := range logs {
		if e, err := cm.UnpackChannelSettledEvent(&logs[i]); err == nil {
			return [2]*big.Int{e.BalanceA, e.BalanceB}
		}
		if e, err := cm.UnpackCooperativeSettledEvent(&logs[i]); err == nil {
			return [2]*big.Int{e.BalanceA, e.BalanceB}
		}
	}
	t.Fatalf("no settle event for %s", id)
	return [2]*big.Int{}
}
