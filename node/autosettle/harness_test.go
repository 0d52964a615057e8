package autosettle_test

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
	"github.com/stretchr/testify/require"

	"github.com/meshpay/meshpay/channels"
	"github.com/meshpay/meshpay/contracts/bindings"
	"github.com/meshpay/meshpay/devnet"
	"github.com/meshpay/meshpay/node"
	"github.com/meshpay/meshpay/node/autosettle"
	"github.com/meshpay/meshpay/node/identity"
)

// testLogger discards unless MESHPAY_TEST_LOG is set.
func testLogger(t testing.TB) *slog.Logger {
	if os.Getenv("MESHPAY_TEST_LOG") == "" {
		return slog.New(slog.DiscardHandler)
	}
	return slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelDebug})).With("test", t.Name())
}

// The devnet tests share one devnet, each with its own pair of device
// accounts, so no test sees another's channels.
const challengePeriod = 3600 // seconds; the close test skips it

var shared struct {
	once sync.Once
	d    *devnet.Devnet
	err  error
}

func TestMain(m *testing.M) {
	code := m.Run()
	if shared.d != nil {
		_ = shared.d.Close()
	}
	os.Exit(code)
}

// sharedDevnet starts the devnet at its first use.
func sharedDevnet(t *testing.T) *devnet.Devnet {
	t.Helper()
	shared.once.Do(func() {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		shared.d, shared.err = devnet.Start(ctx, devnet.Config{
			BlockPeriod: 100 * time.Millisecond, Devices: 8,
			ChallengePeriod: challengePeriod * time.Second, MaxChallengePeriod: 24 * time.Hour,
		})
	})
	require.NoError(t, shared.err)
	return shared.d
}

// device is one node with its key and data dir (as in node/harness_test.go).
type device struct {
	t      *testing.T
	id     *identity.Identity
	cfg    node.Config
	node   *node.Node
	cancel context.CancelFunc
	done   chan error
}

func newDevice(t *testing.T, d *devnet.Devnet, index int) *device {
	t.Helper()
	key, err := devnet.DeviceKey(index)
	require.NoError(t, err)
	id, err := identity.New(key)
	require.NoError(t, err)
	desc := d.Descriptor()
	dev := &device{t: t, id: id}
	dev.cfg = node.Config{
		DataDir: filepath.Join(t.TempDir(), fmt.Sprintf("device-%d", index)), Identity: id,
		ListenAddrs: []string{"/ip4/127.0.0.1/tcp/0"}, DisableMDNS: true, DisableOffers: true, DisableControl: true,
		Chain: node.ChainConfig{
			RPCURL: d.HTTPURL(), ChainID: desc.ChainID, Contract: desc.ChannelManager,
			FromBlock: desc.DeployBlock, PollInterval: 100 * time.Millisecond,
		},
		Logger: testLogger(t).With("device", index),
	}
	ctx, cancel := context.WithCancel(context.Background())
	n, err := node.New(ctx, dev.cfg)
	if err != nil {
		cancel()
		require.NoError(t, err)
	}
	dev.node, dev.cancel, dev.done = n, cancel, make(chan error, 1)
	go func() { dev.done <- n.Run(ctx) }()
	t.Cleanup(dev.stop)
	return dev
}

// stop stops the node (a device switched off).
func (d *device) stop() {
	if d.cancel == nil {
		return
	}
	d.cancel()
	<-d.done
	d.cancel = nil
}

func (d *device) addr() channels.Address { return d.id.Address() }

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

// runSettler runs a Settler on d until the test ends.
func runSettler(t *testing.T, d *device, p autosettle.Policy) *autosettle.Settler {
	t.Helper()
	s, err := autosettle.New(d.node, p, testLogger(t).With("settler", d.addr()))
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
	cm := bindings.NewChannelManager()
	to := d.Descriptor().ChannelManager
	out, err := d.Client().CallContract(ctx, ethereum.CallMsg{To: &to, Data: cm.PackGetChannel(id)}, nil)
	require.NoError(t, err)
	info, err := cm.UnpackGetChannel(out)
	require.NoError(t, err)
	return info
}

// withdrawnOnChain is what a has withdrawn from the channel on chain.
func withdrawnOnChain(t *testing.T, ctx context.Context, d *devnet.Devnet, id channels.ChannelID, a channels.Address) *big.Int {
	t.Helper()
	info := onChain(t, ctx, d, id)
	switch a {
	case info.ParticipantA:
		return info.WithdrawnA
	case info.ParticipantB:
		return info.WithdrawnB
	}
	t.Fatalf("%s is not in channel %s", a, id)
	return nil
}

// txsFrom returns the transactions a sent in blocks (from, to] and the
// fees they cost, from their receipts.
func txsFrom(t *testing.T, ctx context.Context, d *devnet.Devnet, a channels.Address, from, to uint64) ([]*types.Receipt, *big.Int) {
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
