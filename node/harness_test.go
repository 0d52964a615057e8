package node_test

import (
	"context"
	"math/big"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/meshpay/meshpay/channels"
	"github.com/meshpay/meshpay/devnet"
	"github.com/meshpay/meshpay/internal/nodetest"
	"github.com/meshpay/meshpay/node"
)

const challengePeriod = 3600 // seconds; tests settle cooperatively or skip time

var (
	tcpListen  = []string{"/ip4/127.0.0.1/tcp/0"}
	quicListen = []string{"/ip4/127.0.0.1/udp/0/quic-v1"}
)

var testLogger = nodetest.Logger

// The devnet tests share one devnet (started at its first use, stopped by
// TestMain), each with its own device accounts, so no test sees another's
// channels or balance changes.
var testNet = nodetest.NewNet(challengePeriod * time.Second)

type device = nodetest.Device

// newDevice starts a node for devnet device account index, listening on
// listen.
func newDevice(t *testing.T, d *devnet.Devnet, index int, listen []string, mutate ...func(*node.Config)) *device {
	t.Helper()
	return nodetest.NewDevice(t, d, index, append([]func(*node.Config){func(c *node.Config) { c.ListenAddrs = listen }}, mutate...)...)
}

func balanceOf(t *testing.T, ctx context.Context, d *devnet.Devnet, a channels.Address) *big.Int {
	t.Helper()
	b, err := d.Client().BalanceAt(ctx, a, nil)
	require.NoError(t, err)
	return b
}

var txsFrom = nodetest.TxsFrom

// chainNow is the later of the devnet's head time and the wall clock: the
// chain's clock runs ahead (a second a block, ten blocks a second), and a
// withdraw's expiry must be after both (the chain pays it, the engines
// check it against the wall).
func chainNow(t *testing.T, ctx context.Context, d *devnet.Devnet) uint64 {
	t.Helper()
	head, err := d.Client().HeaderByNumber(ctx, nil)
	require.NoError(t, err)
	return max(head.Time, uint64(time.Now().Unix()))
}

func gwei(n int64) *big.Int { return new(big.Int).Mul(big.NewInt(n), big.NewInt(1e9)) }
