package node_test

import (
	"context"
	"fmt"
	"math/big"
	"testing"
	"time"

	"github.com/holiman/uint256"
	"github.com/libp2p/go-libp2p/core/network"
	"github.com/stretchr/testify/require"

	"github.com/meshpay/meshpay/channels"
	"github.com/meshpay/meshpay/channels/engine"
	"github.com/meshpay/meshpay/node"
)

// TestThreeNodesOverQUICWithMDNS: a car, a toll gate and a charger on QUIC
// only find each other by mDNS (nobody dials anybody by hand), the car
// opens a channel to each on chain, pays both, withdraws nothing, and
// settles both cooperatively; on-chain balances match the off-chain totals.
func TestThreeNodesOverQUICWithMDNS(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	net := testNet.Get(t)
	service := fmt.Sprintf("meshpay-test-%d", time.Now().UnixNano())
	mdns := func(c *node.Config) { c.DisableMDNS, c.MDNSService = false, service }
	car := newDevice(t, net, 2, quicListen, mdns)
	gate := newDevice(t, net, 3, quicListen, mdns)
	charger := newDevice(t, net, 4, quicListen, mdns)

	sellers := []*device{gate, charger}
	before := make([]*big.Int, len(sellers))
	for i, s := range sellers {
		require.Eventually(t, func() bool {
			return car.Node.Host().Network().Connectedness(s.Node.PeerID()) == network.Connected
		}, 30*time.Second, 50*time.Millisecond, "mDNS finds %d", i)
		for _, c := range car.Node.Host().Network().ConnsToPeer(s.Node.PeerID()) {
			require.Contains(t, c.RemoteMultiaddr().String(), "/quic-v1", "QUIC only")
		}
		before[i] = balanceOf(t, ctx, net, s.Addr())
	}

	deposit := uint256.MustFromBig(gwei(100_000_000))
	ids := make([]channels.ChannelID, len(sellers))
	for i, s := range sellers {
		ch, err := car.Node.OpenChannel(ctx, node.OpenRequest{Partner: s.Addr(), Deposit: *deposit, ChallengePeriod: challengePeriod})
		require.NoError(t, err)
		ids[i] = ch.ID
	}
	paid := []uint64{0, 0}
	for round := range 100 {
		for i := range sellers {
			amount := uint64(1e9 * (1 + i + round%7))
			_, err := car.Node.Pay(ctx, ids[i], uint256.NewInt(amount), fmt.Sprintf("round %d", round))
			require.NoError(t, err)
			paid[i] += amount
		}
	}
	for i, s := range sellers {
		_, err := car.Node.CloseChannel(ctx, ids[i], true)
		require.NoError(t, err)
		after := balanceOf(t, ctx, net, s.Addr())
		require.Equal(t, new(big.Int).SetUint64(paid[i]), new(big.Int).Sub(after, before[i]), "seller %d", i)
	}
}

// TestBootstrapAndReconnect: a node dials its bootstrap peer at start, and
// keeps its channel partners connected: when the link drops it redials.
func TestBootstrapAndReconnect(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	a := startWireNode(t, "bootstrap-a")
	b := startWireNode(t, "bootstrap-b", func(c *node.Config) { c.Bootstrap = []string{a.Addrs()[0].String()} })
	connected := func() bool { return b.Host().Network().Connectedness(a.PeerID()) == network.Connected }
	require.Eventually(t, connected, 10*time.Second, 20*time.Millisecond, "bootstrap dialed")

	ch := addOpenChannel(t, 1, 100, 100, a.Engine(), b.Engine())
	_, err := b.Pay(ctx, ch.ID, uint256.NewInt(1), "before")
	require.NoError(t, err)
	for range 3 {
		require.NoError(t, b.Host().Network().ClosePeer(a.PeerID()))
		require.NoError(t, a.Host().Network().ClosePeer(b.PeerID()))
		require.Eventually(t, connected, 20*time.Second, 20*time.Millisecond, "partner redialed")
	}
	_, err = b.Pay(ctx, ch.ID, uint256.NewInt(1), "after")
	require.NoError(t, err)

	// With the partner gone the payment is signed and kept, and the error
	// says why it was not acknowledged.
	require.NoError(t, a.Close())
	_, err = b.Pay(ctx, ch.ID, uint256.NewInt(1), "partner gone")
	require.ErrorIs(t, err, engine.ErrUnacknowledged)
	require.ErrorIs(t, err, node.ErrPartnerUnavailable)
}
