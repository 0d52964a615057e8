package node_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/meshpay/meshpay/node"
)

// TestSimultaneousDials: two nodes that dial each other at the same moment,
// as two channel partners reconnecting after a network blip do, both get
// connected, round after round.
// It failed within a few rounds over TCP while the transport reused ports.
func TestSimultaneousDials(t *testing.T) {
	for _, tc := range []struct {
		name   string
		listen []string
	}{{"tcp", tcpListen}, {"quic", quicListen}} {
		t.Run(tc.name, func(t *testing.T) { testSimultaneousDials(t, tc.listen) })
	}
}

func testSimultaneousDials(t *testing.T, listen []string) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	set := func(c *node.Config) { c.ListenAddrs = listen }
	a := startWireNode(t, "simopen-a", set)
	b := startWireNode(t, "simopen-b", set)
	aAddr, bAddr := a.Addrs()[0].String(), b.Addrs()[0].String()
	for round := range 100 {
		var wg sync.WaitGroup
		errs := make([]error, 2)
		start := make(chan struct{})
		wg.Add(2)
		go func() { defer wg.Done(); <-start; _, errs[0] = a.Connect(ctx, bAddr) }()
		go func() { defer wg.Done(); <-start; _, errs[1] = b.Connect(ctx, aAddr) }()
		close(start)
		wg.Wait()
		require.NoError(t, errs[0], "round %d: a dials b", round)
		require.NoError(t, errs[1], "round %d: b dials a", round)
		require.NoError(t, a.Host().Network().ClosePeer(b.PeerID()))
		require.NoError(t, b.Host().Network().ClosePeer(a.PeerID()))
	}
}
