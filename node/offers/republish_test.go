package offers

import (
	"context"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/holiman/uint256"
	"github.com/libp2p/go-libp2p"
	pubsub "github.com/libp2p/go-libp2p-pubsub"
	"github.com/stretchr/testify/require"
)

// TestRepublish checks on one host what republish sends: the live own
// offers, with their original bytes; not withdrawn ones, not expired ones
// (which it forgets).
func TestRepublish(t *testing.T) {
	self := testDevice(t, "self")
	h, err := libp2p.New(libp2p.Identity(self.PrivKey()), libp2p.ListenAddrStrings("/ip4/127.0.0.1/tcp/0"))
	require.NoError(t, err)
	t.Cleanup(func() { require.NoError(t, h.Close()) })
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	ps, err := pubsub.NewGossipSub(ctx, h)
	require.NoError(t, err)

	var clock atomic.Int64 // unix seconds
	clock.Store(1_800_000_000)
	now := func() time.Time { return time.Unix(clock.Load(), 0) }
	b, err := New(ps, self, Config{ChainID: 7, Contract: common.Address{0xcc}, Now: now})
	require.NoError(t, err)
	t.Cleanup(func() { require.NoError(t, b.Close()) })
	watch, err := b.topic.Subscribe()
	require.NoError(t, err)
	t.Cleanup(watch.Cancel)

	publish := func(service string, ttl time.Duration) Offer {
		t.Helper()
		o, err := b.Publish(ctx, Offer{Service: service, Unit: "pass", PricePerUnit: *uint256.NewInt(1), Expiry: uint64(now().Add(ttl).Unix())})
		require.NoError(t, err)
		return o
	}
	// next returns the service and seq of the next message on the topic.
	next := func() (string, uint64) {
		t.Helper()
		msg, err := watch.Next(ctx)
		require.NoError(t, err)
		o, _, err := Decode(msg.Data)
		require.NoError(t, err)
		return o.Service, o.Seq
	}

	toll, parking := publish("toll", time.Hour), publish("parking", time.Minute)
	_ = publish("data", time.Hour)
	for range 3 {
		next()
	}
	require.True(t, b.Withdraw("data"))
	clock.Add(60) // parking expires

	b.republish(ctx)
	marker := publish("marker", time.Hour)
	var got []string
	for {
		svc, seq := next()
		if svc == "marker" {
			require.Equal(t, marker.Seq, seq)
			break
		}
		got = append(got, svc)
		require.Equal(t, toll.Seq, seq, "republished as it was")
	}
	require.Equal(t, []string{"toll"}, got)
	require.NotContains(t, b.own, parking.Service, "expired own offers are forgotten")
	require.Len(t, b.Offers(Filter{}), 2)
}
