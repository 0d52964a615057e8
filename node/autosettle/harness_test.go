package autosettle_test

import (
	"context"
	"math/big"
	"os"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/meshpay/meshpay/channels"
	"github.com/meshpay/meshpay/contracts/bindings"
	"github.com/meshpay/meshpay/devnet"
	"github.com/meshpay/meshpay/internal/nodetest"
	"github.com/meshpay/meshpay/node"
	"github.com/meshpay/meshpay/node/autosettle"
)

var testLogger = nodetest.Logger

// The devnet tests share one devnet, each with its own pair of device
// accounts, so no test sees another's channels.
const challengePeriod = 3600 // seconds; the close test skips it

var testNet = nodetest.NewNet(challengePeriod * time.Second)

func TestMain(m *testing.M) {
	code := m.Run()
	testNet.Close()
	os.Exit(code)
}

// sharedDevnet starts the devnet at its first use.
func sharedDevnet(t *testing.T) *devnet.Devnet { return testNet.Get(t) }

// device is one node with its key and data dir.
type device = nodetest.Device

func newDevice(t *testing.T, d *devnet.Devnet, index int) *device {
	return nodetest.NewDevice(t, d, index, func(c *node.Config) { c.DisableOffers = true })
}

// runSettler runs a Settler on d until the test ends.
func runSettler(t *testing.T, d *device, p autosettle.Policy) *autosettle.Settler {
	t.Helper()
	s, err := autosettle.New(d.Node, p, testLogger(t).With("settler", d.Addr()))
	require.NoError(t, err)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.Run(ctx) }()
	t.Cleanup(func() {
		cancel()
		require.NoError(t, <-done)
	})
	return s
}

func gwei(n int64) *big.Int { return new(big.Int).Mul(big.NewInt(n), big.NewInt(1e9)) }

// onChain reads the channel as the contract holds it.
func onChain(t *testing.T, ctx context.Context, d *devnet.Devnet, id channels.ChannelID) bindings.ChannelInfo {
	t.Helper()
	info, err := nodetest.ChannelInfo(ctx, d, id)
	require.NoError(t, err)
	return info
}

// withdrawnOnChain is what a has withdrawn from the channel on chain.
func withdrawnOnChain(t *testing.T, ctx context.Context, d *devnet.Devnet, id channels.ChannelID, a channels.Address) *big.Int {
	t.Helper()
	w, err := nodetest.WithdrawnOnChain(ctx, d, id, a)
	require.NoError(t, err)
	return w
}

var txsFrom = nodetest.TxsFrom
