// Package nodetest runs real meshpay nodes for tests: an embedded devnet
// that a test binary's tests share (each with its own device accounts),
// and devices, each a node.Node with its key, data dir and run loop.
package nodetest

import (
	"context"
	"fmt"
	"log/slog"
	"math/big"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	ethereum "github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/holiman/uint256"
	"github.com/stretchr/testify/require"

	"github.com/meshpay/meshpay/channels"
	"github.com/meshpay/meshpay/contracts/bindings"
	"github.com/meshpay/meshpay/devnet"
	"github.com/meshpay/meshpay/node"
	"github.com/meshpay/meshpay/node/identity"
)

// Logger discards, unless MESHPAY_TEST_LOG is set: then it logs at debug
// level to stderr, tagged with the test's name.
func Logger(t testing.TB) *slog.Logger {
	if os.Getenv("MESHPAY_TEST_LOG") == "" {
		return slog.New(slog.DiscardHandler)
	}
	return slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelDebug})).With("test", t.Name())
}

// Net is a devnet started at its first use, so that fuzz workers and tests
// that need no chain never start one. Close it from TestMain.
type Net struct {
	cfg  devnet.Config
	once sync.Once
	d    *devnet.Devnet
	err  error
}

// NewNet returns a Net of 48 funded devices with 100 ms blocks and the
// given default challenge period.
func NewNet(challengePeriod time.Duration) *Net {
	return &Net{cfg: devnet.Config{
		BlockPeriod: 100 * time.Millisecond, Devices: 48,
		ChallengePeriod: challengePeriod, MaxChallengePeriod: 24 * time.Hour,
	}}
}

// Start starts the devnet if it is not running yet.
func (n *Net) Start() (*devnet.Devnet, error) {
	n.once.Do(func() {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		n.d, n.err = devnet.Start(ctx, n.cfg)
	})
	return n.d, n.err
}

// Get is Start for a test: it fails the test if the devnet cannot start.
func (n *Net) Get(t testing.TB) *devnet.Devnet {
	t.Helper()
	d, err := n.Start()
	require.NoError(t, err, "devnet")
	return d
}

// Close stops the devnet if it was started.
func (n *Net) Close() {
	if n.d != nil {
		_ = n.d.Close()
	}
}

// Device is one running node with its key and data dir.
type Device struct {
	T    *testing.T
	ID   *identity.Identity
	Cfg  node.Config
	Node *node.Node

	cancel context.CancelFunc
	done   chan error
}

// NewDevice starts a node for devnet device account index on d (loopback
// TCP, no mDNS, no control API), with options applied to its config, and
// stops it when the test ends.
func NewDevice(t *testing.T, d *devnet.Devnet, index int, opts ...func(*node.Config)) *Device {
	t.Helper()
	key, err := devnet.DeviceKey(index)
	require.NoError(t, err)
	id, err := identity.New(key)
	require.NoError(t, err)
	desc := d.Descriptor()
	dev := &Device{T: t, ID: id}
	dev.Cfg = node.Config{
		DataDir: filepath.Join(t.TempDir(), fmt.Sprintf("device-%d", index)), Identity: id,
		ListenAddrs: []string{"/ip4/127.0.0.1/tcp/0"}, DisableMDNS: true, DisableControl: true,
		Chain: node.ChainConfig{
			RPCURL: d.HTTPURL(), ChainID: desc.ChainID, Contract: desc.ChannelManager,
			FromBlock: desc.DeployBlock, PollInterval: 100 * time.Millisecond,
		},
		Logger: Logger(t).With("device", index),
	}
	for _, o := range opts {
		o(&dev.Cfg)
	}
	dev.Start()
	t.Cleanup(dev.Stop)
	return dev
}

// Start starts the node (again, after Stop) from its config and data dir.
func (d *Device) Start() {
	d.T.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	n, err := node.New(ctx, d.Cfg)
	if err != nil {
		cancel()
		require.NoError(d.T, err)
	}
	d.Node, d.cancel, d.done = n, cancel, make(chan error, 1)
	go func() { d.done <- n.Run(ctx) }()
}

// Stop stops the node, as a device switched off; it is a no-op when the
// node is not running.
func (d *Device) Stop() {
	if d.cancel == nil {
		return
	}
	d.cancel()
	<-d.done
	d.cancel = nil
}

// Addr is the device's on-chain address.
func (d *Device) Addr() channels.Address { return d.ID.Address() }

// Connect dials other's first listen address.
func (d *Device) Connect(ctx context.Context, other *Device) {
	d.T.Helper()
	_, err := d.Node.Connect(ctx, other.Node.Addrs()[0].String())
	require.NoError(d.T, err)
}

// OpenChannel connects d to partner and opens a channel with deposit and
// the challenge period in seconds.
func (d *Device) OpenChannel(ctx context.Context, partner *Device, deposit *uint256.Int, challengePeriod uint64) channels.Channel {
	d.T.Helper()
	d.Connect(ctx, partner)
	ch, err := d.Node.OpenChannel(ctx, node.OpenRequest{Partner: partner.Addr(), Deposit: *deposit, ChallengePeriod: challengePeriod})
	require.NoError(d.T, err)
	return ch
}

// Channel is the node's view of channel id.
func (d *Device) Channel(id channels.ChannelID) channels.Channel {
	d.T.Helper()
	ch, err := d.Node.Engine().Channel(id)
	require.NoError(d.T, err)
	return ch
}

// Received is what d's partner has transferred to d on channel id.
func (d *Device) Received(id channels.ChannelID) uint256.Int {
	d.T.Helper()
	ch := d.Channel(id)
	self, err := ch.Params.Index(d.Addr())
	require.NoError(d.T, err)
	return *ch.Transferred(channels.Partner(self))
}

// TxsFrom returns the transactions a sent in blocks (from, to] and the
// fees they cost, from their receipts.
func TxsFrom(t *testing.T, ctx context.Context, d *devnet.Devnet, a channels.Address, from, to uint64) ([]*types.Receipt, *big.Int) {
	t.Helper()
	var rcpts []*types.Receipt
	fees := new(big.Int)
	for b := from + 1; b <= to; b++ {
		blk, err := d.Client().BlockByNumber(ctx, new(big.Int).SetUint64(b))
		require.NoError(t, err)
		for _, tx := range blk.Transactions() {
			sender, err := types.Sender(types.LatestSignerForChainID(tx.ChainId()), tx)
			require.NoError(t, err)
			if sender != a {
				continue
			}
			r, err := d.Client().TransactionReceipt(ctx, tx.Hash())
			require.NoError(t, err)
			rcpts = append(rcpts, r)
			fees.Add(fees, new(big.Int).Mul(new(big.Int).SetUint64(r.GasUsed), r.EffectiveGasPrice))
		}
	}
	return rcpts, fees
}

// ChannelInfo reads channel id's state from the devnet's ChannelManager.
// It returns errors rather than failing the test, so it also serves a
// condition polled on another goroutine.
func ChannelInfo(ctx context.Context, d *devnet.Devnet, id channels.ChannelID) (bindings.ChannelInfo, error) {
	cm := bindings.NewChannelManager()
	to := d.Descriptor().ChannelManager
	out, err := d.Client().CallContract(ctx, ethereum.CallMsg{To: &to, Data: cm.PackGetChannel(id)}, nil)
	if err != nil {
		return bindings.ChannelInfo{}, fmt.Errorf("get channel %s: %w", id, err)
	}
	return cm.UnpackGetChannel(out)
}

// WithdrawnOnChain is what a has withdrawn from channel id on chain.
func WithdrawnOnChain(ctx context.Context, d *devnet.Devnet, id channels.ChannelID, a channels.Address) (*big.Int, error) {
	info, err := ChannelInfo(ctx, d, id)
	if err != nil {
		return nil, err
	}
	switch a {
	case info.ParticipantA:
		return info.WithdrawnA, nil
	case info.ParticipantB:
		return info.WithdrawnB, nil
	}
	return nil, fmt.Errorf("%s is not in channel %s", a, id)
}
