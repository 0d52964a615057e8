package metering_test

import (
	"context"
	"log"
	"math/big"
	"os"
	"testing"
	"time"

	"github.com/holiman/uint256"
	"github.com/stretchr/testify/require"

	"github.com/meshpay/meshpay/channels"
	"github.com/meshpay/meshpay/devnet"
	"github.com/meshpay/meshpay/internal/nodetest"
	"github.com/meshpay/meshpay/node"
	"github.com/meshpay/meshpay/node/identity"
)

const challengePeriod = 3600 // seconds; tests settle cooperatively

// testNet is the devnet the tests share (each uses its own devices),
// started by the first test that needs it: fuzz workers never do.
var testNet = nodetest.NewNet(challengePeriod * time.Second)

func TestMain(m *testing.M) {
	code := m.Run()
	testNet.Close()
	os.Exit(code)
}

var testLogger = nodetest.Logger

// device is one running node on the shared devnet.
type device = nodetest.Device

func newDevice(t *testing.T, index int) *device {
	t.Helper()
	return nodetest.NewDevice(t, testNet.Get(t), index)
}

func balanceOf(t *testing.T, ctx context.Context, a channels.Address) *big.Int {
	t.Helper()
	b, err := testNet.Get(t).Client().BalanceAt(ctx, a, nil)
	require.NoError(t, err)
	return b
}

func gwei(n uint64) uint256.Int {
	var v uint256.Int
	v.Mul(uint256.NewInt(n), uint256.NewInt(1e9))
	return v
}

func mul(price uint256.Int, units uint64) uint256.Int {
	var v uint256.Int
	v.Mul(&price, uint256.NewInt(units))
	return v
}

// exampleDevices starts two nodes on the shared devnet (devices 6 and 7),
// connects the first to the second and returns them with a function that
// stops both.
func exampleDevices(ctx context.Context) (car, charger *node.Node, stop func()) {
	net, err := testNet.Start()
	if err != nil {
		log.Fatal(err)
	}
	start := func(i int) (*node.Node, func()) {
		key, err := devnet.DeviceKey(i)
		if err != nil {
			log.Fatal(err)
		}
		id, err := identity.New(key)
		if err != nil {
			log.Fatal(err)
		}
		dir, err := os.MkdirTemp("", "metering-example")
		if err != nil {
			log.Fatal(err)
		}
		desc := net.Descriptor()
		n, err := node.New(ctx, node.Config{
			DataDir: dir, Identity: id, ListenAddrs: []string{"/ip4/127.0.0.1/tcp/0"}, DisableMDNS: true, DisableControl: true,
			Chain: node.ChainConfig{
				RPCURL: net.HTTPURL(), ChainID: desc.ChainID, Contract: desc.ChannelManager,
				FromBlock: desc.DeployBlock, PollInterval: 100 * time.Millisecond,
			},
		})
		if err != nil {
			log.Fatal(err)
		}
		runCtx, cancel := context.WithCancel(context.Background())
		done := make(chan error, 1)
		go func() { done <- n.Run(runCtx) }()
		return n, func() { cancel(); <-done; _ = os.RemoveAll(dir) }
	}
	car, stopCar := start(6)
	charger, stopCharger := start(7)
	if _, err := car.Connect(ctx, charger.Addrs()[0].String()); err != nil {
		log.Fatal(err)
	}
	return car, charger, func() { stopCar(); stopCharger() }
}
