package node_test

import (
	"context"
	"math/big"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/meshpay/meshpay/channels"
	"github.com/meshpay/meshpay/devnet"
	"github.com/meshpay/meshpay/internal/nodetest"
	"github.com/meshpay/meshpay/node"
	"github.com/meshpay/meshpay/node/control"
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

// pauseBlocks stops the devnet's block production and returns the resume,
// which is also run at cleanup if the test did not (a failed test must
// not leave the shared devnet stopped). Resuming twice is harmless.
func pauseBlocks(t *testing.T, d *devnet.Devnet) (resume func()) {
	t.Helper()
	require.NoError(t, d.PauseBlocks())
	var once sync.Once
	resume = func() { once.Do(func() { require.NoError(t, d.ResumeBlocks()) }) }
	t.Cleanup(resume)
	return resume
}

// waitChainPast waits until the devnet's head is later than unix time at.
func waitChainPast(t *testing.T, ctx context.Context, d *devnet.Devnet, at uint64, msg string) {
	t.Helper()
	require.Eventually(t, func() bool {
		h, err := d.Client().HeaderByNumber(ctx, nil)
		return err == nil && h.Time > at
	}, 30*time.Second, 100*time.Millisecond, msg)
}

// closeThroughAPI asks d's control API (it must be on) to close channel id
// cooperatively and returns the API's error answer.
func closeThroughAPI(t *testing.T, ctx context.Context, d *device, id channels.ChannelID) *control.APIError {
	t.Helper()
	api, err := control.DiscoverClient(filepath.Dir(d.Node.ControlServer().TokenPath()))
	require.NoError(t, err)
	_, err = api.Close(ctx, id.Hex(), control.CloseRequest{Cooperative: true})
	var apiErr *control.APIError
	require.ErrorAs(t, err, &apiErr)
	return apiErr
}

func gwei(n int64) *big.Int { return new(big.Int).Mul(big.NewInt(n), big.NewInt(1e9)) }
