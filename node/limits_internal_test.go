package node

import (
	"fmt"
	"testing"
	"time"

	"github.com/libp2p/go-libp2p"
	"github.com/libp2p/go-libp2p/core/peer"
	"github.com/stretchr/testify/require"
)

// TestIdleLimitersGo: limiters outlive connections (a peer's violations
// add up across reconnects), but once there are many, those of peers
// neither connected nor heard from for limiterIdle are dropped.
func TestIdleLimitersGo(t *testing.T) {
	h, err := libp2p.New(libp2p.NoListenAddrs)
	require.NoError(t, err)
	defer h.Close()
	n := &Node{host: h, limiters: map[peer.ID]*peerLimiter{}, limiterSweepAt: minLimiterSweep}
	n.cfg.Limits.RatePerSecond, n.cfg.Limits.Burst = 10, 10

	long := time.Now().Add(-2 * limiterIdle)
	for i := range minLimiterSweep - 1 {
		n.limiters[peer.ID(fmt.Sprintf("idle-%d", i))] = &peerLimiter{last: long}
	}
	recent := n.limiter("recent")
	recent.violation()
	require.Len(t, n.limiters, minLimiterSweep, "no sweep below the threshold")

	n.limiter("new")
	require.Len(t, n.limiters, 2, "the idle ones went")
	require.Same(t, recent, n.limiter("recent"))
	require.Equal(t, 2, recent.violation(), "the recent peer's count is kept")
}
