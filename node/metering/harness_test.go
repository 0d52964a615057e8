package metering_test

import (
	"context"
	"fmt"
	"log"
	"log/slog"
	"math/big"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/holiman/uint256"
	"github.com/stretchr/testify/require"

	"github.com/meshpay/meshpay/channels"
	"github.com/meshpay/meshpay/devnet"
	"github.com/meshpay/meshpay/node"
	"github.com/meshpay/meshpay/node/identity"
)

const challengePeriod = 3600 // seconds; tests settle cooperatively

// testNet is the devnet the tests share (each uses its own devices),
// started by the first test that needs it: fuzz workers never do.
var (
	netOnce sync.Once
	testNet *devnet.Devnet
	netErr  error
)

func sharedNet() (*devnet.Devnet, error) {
	netOnce.Do(func() {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		testNet, netErr = devnet.Start(ctx, devnet.Config{
			BlockPeriod: 100 * time.Millisecond, Devices: 8,
			ChallengePeriod: challengePeriod * time.Second, MaxChallengePeriod: 24 * time.Hour,
		})
	})
	return testNet, netErr
}

func TestMain(m *testing.M) {
	code := m.Run()
	if testNet != nil {
		_ = testNet.Close()
	}
	os.Exit(code)
}

func testLogger(t testing.TB) *slog.Logger {
	if os.Getenv("MESHPAY_TEST_LOG") == "" {
		return slog.New(slog.DiscardHandler)
	}
	return slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelDebug})).With("test", t.Name())
}

// device is one running node on the shared devnet.
type device struct {
	t      *testing.T
	id     *identity.Identity
	cfg    node.Config
	node   *node.Node
	cancel context.CancelFunc
	done   chan error
}

func newDevice(t *testing.T, index int) *device {
	t.Helper()
	_, err := sharedNet()
	require.NoError(t, err, "devnet")
	key, err := devnet.DeviceKey(index)
	require.NoError(t, err)
	id, err := identity.New(key)
	require.NoError(t, err)
	desc := testNet.Descriptor()
	d := &device{t: t, id: id}
	d.cfg = node.Config{
		DataDir: filepath.Join(t.TempDir(), fmt.Sprintf("device-%d", index)), Identity: id,
		ListenAddrs: []string{"/ip4/127.0.0.1/tcp/0"}, DisableMDNS: true, DisableControl: true,
		Chain: node.ChainConfig{
			RPCURL: testNet.HTTPURL(), ChainID: desc.ChainID, Contract: desc.ChannelManager,
			FromBlock: desc.DeployBlock, PollInterval: 100 * time.Millisecond,
		},
		Logger: testLogger(t).With("device", index),
	}
	d.start()
	t.Cleanup(d.stop)
	return d
}

func (d *device) start() {
	d.t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	n, err := node.New(ctx, d.cfg)
	require.NoError(d.t, err)
	d.node, d.cancel, d.done = n, cancel, make(chan error, 1)
	go func() { d.done <- n.Run(ctx) }()
}

func (d *device) stop() {
	if d.cancel == nil {
		return
	}
	d.cancel()
	<-d.done
	d.cancel = nil
}

func (d *device) addr() channels.Address { return d.id.Address() }

// openChannel connects d to partner and opens a channel with deposit.
func (d *device) openChannel(ctx context.Context, partner *device, deposit *uint256.Int) channels.Channel {
	d.t.Helper()
	_, err := d.node.Connect(ctx, partner.node.Addrs()[0].String())
	require.NoError(d.t, err)
	ch, err := d.node.OpenChannel(ctx, node.OpenRequest{Partner: partner.addr(), Deposit: *deposit, ChallengePeriod: challengePeriod})
	require.NoError(d.t, err)
	return ch
}

// transferred is what d's partner has transferred to d on the channel.
func (d *device) received(id channels.ChannelID) uint256.Int {
	d.t.Helper()
	ch, err := d.node.Engine().Channel(id)
	require.NoError(d.t, err)
	self, err := ch.Params.Index(d.addr())
	require.NoError(d.t, err)
	return *ch.Transferred(channels.Partner(self))
}

func balanceOf(t *testing.T, ctx context.Context, a channels.Address) *big.Int {
	t.Helper()
	b, err := testNet.Client().BalanceAt(ctx, a, nil)
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
	if _, err := sharedNet(); err != nil {
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
		desc := testNet.Descriptor()
		n, err := node.New(ctx, node.Config{
			DataDir: dir, Identity: id, ListenAddrs: []string{"/ip4/127.0.0.1/tcp/0"}, DisableMDNS: true, DisableControl: true,
			Chain: node.ChainConfig{
				RPCURL: testNet.HTTPURL(), ChainID: desc.ChainID, Contract: desc.ChannelManager,
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
