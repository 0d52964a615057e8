package offers_test

import (
	"context"
	"log/slog"
	"slices"
	"testing"
	"time"

	"github.com/libp2p/go-libp2p"
	pubsub "github.com/libp2p/go-libp2p-pubsub"
	"github.com/libp2p/go-libp2p/core/host"
	"github.com/libp2p/go-libp2p/core/peer"
	"github.com/stretchr/testify/require"

	"github.com/meshpay/meshpay/node/identity"
	"github.com/meshpay/meshpay/node/offers"
)

// Generous: the race detector and a busy machine slow gossip down.
const (
	eventually = 20 * time.Second
	tick       = 20 * time.Millisecond
)

// node is one libp2p host with GossipSub (default StrictSign) and either a
// Board (honest) or only a raw handle on the offers topic (attacker).
type node struct {
	id    *identity.Identity
	host  host.Host
	ps    *pubsub.PubSub
	board *offers.Board
	topic *pubsub.Topic
}

func newHost(t *testing.T, id *identity.Identity) (host.Host, *pubsub.PubSub) {
	t.Helper()
	h, err := libp2p.New(libp2p.Identity(id.PrivKey()), libp2p.ListenAddrStrings("/ip4/127.0.0.1/tcp/0"))
	require.NoError(t, err)
	t.Cleanup(func() { require.NoError(t, h.Close()) })
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	ps, err := pubsub.NewGossipSub(ctx, h)
	require.NoError(t, err)
	return h, ps
}

// honest starts a node with a running Board on clk.
func honest(t *testing.T, name string, clk *clock) *node {
	t.Helper()
	id := device(t, name)
	h, ps := newHost(t, id)
	b, err := offers.New(ps, id, offers.Config{
		ChainID: testChain, Contract: testContract, MaxTTL: testTTL, Now: clk.Now,
		Republish: 200 * time.Millisecond,
		Logger:    slog.New(slog.NewTextHandler(t.Output(), &slog.HandlerOptions{Level: slog.LevelWarn})).With("node", name),
	})
	require.NoError(t, err)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- b.Run(ctx) }()
	t.Cleanup(func() {
		cancel()
		require.ErrorIs(t, <-done, context.Canceled)
		require.NoError(t, b.Close())
	})
	return &node{id: id, host: h, ps: ps, board: b}
}

// attacker starts a node that publishes whatever bytes it likes on the
// offers topic: no Board, no validator.
func attacker(t *testing.T, name string) *node {
	t.Helper()
	id := device(t, name)
	h, ps := newHost(t, id)
	topic, err := ps.Join(offers.DefaultTopic)
	require.NoError(t, err)
	t.Cleanup(func() { require.NoError(t, topic.Close()) })
	return &node{id: id, host: h, ps: ps, topic: topic}
}

func connect(t *testing.T, a, b *node) {
	t.Helper()
	require.NoError(t, a.host.Connect(context.Background(), peer.AddrInfo{ID: b.host.ID(), Addrs: b.host.Addrs()}))
}

// connectAll connects every pair and waits until every node knows that
// every honest other is on the topic.
func connectAll(t *testing.T, nodes ...*node) {
	t.Helper()
	for i := range nodes {
		for j := i + 1; j < len(nodes); j++ {
			connect(t, nodes[i], nodes[j])
		}
	}
	for _, n := range nodes {
		for _, m := range nodes {
			if m != n && m.board != nil {
				waitTopicPeer(t, n, m)
			}
		}
	}
}

func waitTopicPeer(t *testing.T, n, m *node) {
	t.Helper()
	require.Eventually(t, func() bool {
		return slices.Contains(n.ps.ListPeers(offers.DefaultTopic), m.host.ID())
	}, eventually, tick, "%s never saw %s on the topic", n.host.ID(), m.host.ID())
}

// offersOf returns n's live offers by seller.
func offersOf(n *node, seller *node) []offers.Offer {
	addr := seller.id.Address()
	return n.board.Offers(offers.Filter{Seller: &addr})
}

func TestOfferReachesAllPeers(t *testing.T) {
	clk := newClock()
	a, b, c := honest(t, "a", clk), honest(t, "b", clk), honest(t, "c", clk)
	connectAll(t, a, b, c)

	o := offerBy(a.id, "toll", 1_000, time.Hour)
	o.Seller, o.PeerID, o.ChainID, o.Seq = b.id.Address(), "", 0, 0 // Publish sets these
	o.Addrs = a.host.Addrs()
	o.Description = "A7 toll gate, northbound"
	pub, err := a.board.Publish(context.Background(), o)
	require.NoError(t, err)
	require.Equal(t, a.id.Address(), pub.Seller)
	require.Equal(t, a.id.PeerID(), pub.PeerID)
	require.Equal(t, uint64(testChain), pub.ChainID)
	require.Equal(t, testContract, pub.Contract)
	require.Equal(t, uint64(t0.UnixNano()), pub.Seq)

	require.Equal(t, []offers.Offer{pub}, offersOf(a, a), "own offers are in the own table at once")
	for _, n := range []*node{b, c} {
		require.Eventually(t, func() bool { return len(offersOf(n, a)) == 1 }, eventually, tick)
		require.Equal(t, []offers.Offer{pub}, n.board.Offers(offers.Filter{Service: "toll"}))
		require.Empty(t, n.board.Offers(offers.Filter{Service: "charging"}))
		require.Empty(t, n.board.Stats())
	}
	self := a.id.Address()
	require.Empty(t, a.board.Offers(offers.Filter{ExcludeSeller: &self}))
}

func TestNewerSeqReplaces(t *testing.T) {
	clk := newClock()
	a, b, c := honest(t, "a", clk), honest(t, "b", clk), honest(t, "c", clk)
	connectAll(t, a, b, c)
	ctx := context.Background()

	first, err := a.board.Publish(ctx, offerBy(a.id, "toll", 1_000, time.Hour))
	require.NoError(t, err)
	for _, n := range []*node{b, c} {
		require.Eventually(t, func() bool { return len(offersOf(n, a)) == 1 }, eventually, tick)
	}
	// Another service is another offer, not a replacement.
	_, err = a.board.Publish(ctx, offerBy(a.id, "parking", 300, time.Hour))
	require.NoError(t, err)
	second, err := a.board.Publish(ctx, offerBy(a.id, "toll", 800, 2*time.Hour))
	require.NoError(t, err)
	require.Greater(t, second.Seq, first.Seq)

	for _, n := range []*node{a, b, c} {
		require.Eventually(t, func() bool {
			toll := n.board.Offers(offers.Filter{Service: "toll"})
			return len(toll) == 1 && toll[0].Seq == second.Seq && len(offersOf(n, a)) == 2
		}, eventually, tick)
		require.Equal(t, uint64(800), n.board.Offers(offers.Filter{Service: "toll"})[0].PricePerUnit.Uint64())
	}
}

func TestExpiryPrunes(t *testing.T) {
	clk := newClock()
	a, b, c := honest(t, "a", clk), honest(t, "b", clk), honest(t, "c", clk)
	connectAll(t, a, b, c)

	_, err := a.board.Publish(context.Background(), offerBy(a.id, "toll", 1_000, time.Minute))
	require.NoError(t, err)
	_, err = b.board.Publish(context.Background(), offerBy(b.id, "toll", 900, time.Hour))
	require.NoError(t, err)
	for _, n := range []*node{a, b, c} {
		require.Eventually(t, func() bool { return len(n.board.Offers(offers.Filter{})) == 2 }, eventually, tick)
	}

	clk.Advance(time.Minute)
	for _, n := range []*node{a, b, c} {
		live := n.board.Offers(offers.Filter{})
		require.Len(t, live, 1)
		require.Equal(t, b.id.Address(), live[0].Seller)
	}
	// A does not publish its dead offer again, nor can it publish new dead ones.
	_, err = a.board.Publish(context.Background(), offerBy(a.id, "toll", 1_000, 0))
	require.ErrorIs(t, err, offers.ErrExpired)
	_, err = a.board.Publish(context.Background(), offerBy(a.id, "toll", 1_000, testTTL+2*time.Minute))
	require.ErrorIs(t, err, offers.ErrExpiryTooFar)
}

func TestLateJoinerLearnsByRepublish(t *testing.T) {
	clk := newClock()
	a, b, c := honest(t, "a", clk), honest(t, "b", clk), honest(t, "c", clk)
	connectAll(t, a, b, c)
	pub, err := a.board.Publish(context.Background(), offerBy(a.id, "toll", 1_000, time.Hour))
	require.NoError(t, err)
	require.Eventually(t, func() bool { return len(offersOf(c, a)) == 1 }, eventually, tick)

	// D joins later and only through C: A's republish reaches it because
	// C forwards the same offer again.
	d := honest(t, "d", clk)
	connect(t, c, d)
	waitTopicPeer(t, d, c)
	require.Eventually(t, func() bool { return len(offersOf(d, a)) == 1 }, eventually, tick)
	require.Equal(t, []offers.Offer{pub}, offersOf(d, a))
	require.False(t, slices.Contains(d.host.Network().Peers(), a.host.ID()), "d learned it through c")

	// Withdraw drops it from A's own table; the others keep it until it
	// expires (no revocation). TestRepublish checks it is not sent again.
	require.True(t, a.board.Withdraw("toll"))
	require.False(t, a.board.Withdraw("toll"))
	require.Empty(t, offersOf(a, a))
	require.Len(t, offersOf(c, a), 1)
}

// TestMaliciousPublisher has an attacker M publish raw bytes from its own
// peer. Every bad message is dropped by both honest nodes with the right
// reason, and none reaches a table.
func TestMaliciousPublisher(t *testing.T) {
	clk := newClock()
	a, b := honest(t, "a", clk), honest(t, "b", clk)
	m := attacker(t, "mallory")
	x := device(t, "x") // a device that is not online
	connectAll(t, a, b, m)
	ctx := context.Background()

	mine := func(mut func(o *offers.Offer)) []byte {
		o := offerBy(m.id, "toll", 1, time.Hour)
		mut(&o)
		return signed(t, o, m.id)
	}
	cases := []struct {
		name   string
		data   []byte
		reason offers.Reason
	}{
		{"forged: X as seller, signed by M", signed(t, offerBy(x, "toll", 1, time.Hour), m.id), offers.ReasonWrongSigner},
		{"replayed: X's genuine offer from M's peer", signed(t, offerBy(x, "toll", 1, time.Hour), x), offers.ReasonWrongOrigin},
		{"expired", mine(func(o *offers.Offer) { o.Expiry = uint64(t0.Unix()) - 1 }), offers.ReasonExpired},
		{"wrong chain", mine(func(o *offers.Offer) { o.ChainID = 1 }), offers.ReasonWrongChain},
		{"garbage", []byte("\x08\x96\x01 definitely not an offer \xff"), offers.ReasonMalformed},
		{"wrong contract", mine(func(o *offers.Offer) { o.Contract[0] ^= 1 }), offers.ReasonWrongContract},
		{"expiry too far", mine(func(o *offers.Offer) { o.Expiry = uint64(t0.Add(testTTL + time.Hour).Unix()) }), offers.ReasonExpiryTooFar},
		{"X's peer ID with M's seller", mine(func(o *offers.Offer) { o.PeerID = x.PeerID() }), offers.ReasonPeerIDMismatch},
	}
	for _, tc := range cases {
		require.NoError(t, m.topic.Publish(ctx, tc.data), tc.name)
		for _, n := range []*node{a, b} {
			require.Eventually(t, func() bool { return n.board.Stats()[tc.reason] >= 1 }, eventually, tick,
				"%s: %s never counted %s: %v", tc.name, n.host.ID(), tc.reason, n.board.Stats())
			require.Empty(t, n.board.Offers(offers.Filter{}), tc.name)
		}
	}

	// The same channel carries M's honest offer: the drops were the
	// validator's doing.
	require.NoError(t, m.topic.Publish(ctx, mine(func(*offers.Offer) {})))
	for _, n := range []*node{a, b} {
		require.Eventually(t, func() bool { return len(offersOf(n, m)) == 1 }, eventually, tick)
		require.Len(t, n.board.Offers(offers.Filter{}), 1)
		var total uint64
		for _, v := range n.board.Stats() {
			total += v
		}
		require.Equal(t, uint64(len(cases)), total, "each bad message counted once: %v", n.board.Stats())
	}
}
