package node_test

import (
	"context"
	"fmt"
	"log/slog"
	"math/big"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/meshpay/meshpay/channels"
	"github.com/meshpay/meshpay/devnet"
	"github.com/meshpay/meshpay/node"
	"github.com/meshpay/meshpay/node/identity"
)

const challengePeriod = 3600 // seconds; tests settle cooperatively or skip time

var (
	tcpListen  = []string{"/ip4/127.0.0.1/tcp/0"}
	quicListen = []string{"/ip4/127.0.0.1/udp/0/quic-v1"}
)

func testLogger(t testing.TB) *slog.Logger {
	if os.Getenv("MESHPAY_TEST_LOG") == "" {
		return slog.New(slog.DiscardHandler)
	}
	return slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelDebug})).With("test", t.Name())
}

func startDevnet(t *testing.T, ctx context.Context) *devnet.Devnet {
	t.Helper()
	d, err := devnet.Start(ctx, devnet.Config{
		BlockPeriod: 100 * time.Millisecond, Devices: 4,
		ChallengePeriod: challengePeriod * time.Second, MaxChallengePeriod: 24 * time.Hour,
	})
	require.NoError(t, err)
	t.Cleanup(func() { _ = d.Close() })
	return d
}

// device is one node process's worth of state: key, data dir, config.
type device struct {
	t      *testing.T
	dir    string
	id     *identity.Identity
	cfg    node.Config
	node   *node.Node
	cancel context.CancelFunc
	done   chan error
}

func newDevice(t *testing.T, d *devnet.Devnet, index int, listen []string, mutate ...func(*node.Config)) *device {
	t.Helper()
	key, err := devnet.DeviceKey(index)
	require.NoError(t, err)
	id, err := identity.New(key)
	require.NoError(t, err)
	desc := d.Descriptor()
	dev := &device{t: t, dir: filepath.Join(t.TempDir(), fmt.Sprintf("device-%d", index)), id: id}
	dev.cfg = node.Config{
		DataDir: dev.dir, Identity: id, ListenAddrs: listen, DisableMDNS: true,
		Chain: node.ChainConfig{
			RPCURL: d.HTTPURL(), ChainID: desc.ChainID, Contract: desc.ChannelManager,
			FromBlock: desc.DeployBlock, PollInterval: 100 * time.Millisecond,
		},
		Logger: testLogger(t).With("device", index),
	}
	for _, m := range mutate {
		m(&dev.cfg)
	}
	dev.start()
	t.Cleanup(dev.stop)
	return dev
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

func (d *device) restart() {
	d.stop()
	d.start()
}

func (d *device) addr() channels.Address { return d.id.Address() }

// connect dials other from d.
func (d *device) connect(ctx context.Context, other *device) {
	d.t.Helper()
	_, err := d.node.Connect(ctx, other.node.Addrs()[0].String())
	require.NoError(d.t, err)
}

func (d *device) channel(id channels.ChannelID) channels.Channel {
	d.t.Helper()
	ch, err := d.node.Engine().Channel(id)
	require.NoError(d.t, err)
	return ch
}

func balanceOf(t *testing.T, ctx context.Context, d *devnet.Devnet, a channels.Address) *big.Int {
	t.Helper()
	b, err := d.Client().BalanceAt(ctx, a, nil)
	require.NoError(t, err)
	return b
}

func gwei(n int64) *big.Int { return new(big.Int).Mul(big.NewInt(n), big.NewInt(1e9)) }
