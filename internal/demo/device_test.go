package demo

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"math/big"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/stretchr/testify/require"

	"github.com/meshpay/meshpay/devnet"
	"github.com/meshpay/meshpay/node"
	"github.com/meshpay/meshpay/node/identity"
)

// syncBuffer is a device's output, read while it runs.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string { s.mu.Lock(); defer s.mu.Unlock(); return s.b.String() }

// TestDemoDevicesInProcess runs the three devices in this process on a
// devnet (the cmd/meshpay test runs them as processes): they find each
// other over mDNS, trade, withdraw and close, and the summary of their
// reports matches the chain.
func TestDemoDevicesInProcess(t *testing.T) {
	if testing.Short() {
		t.Skip("runs three nodes and a devnet for about 15 s")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	dn, err := devnet.Start(ctx, devnet.Config{BlockPeriod: 250 * time.Millisecond, Devices: len(Roles()), ChallengePeriod: time.Hour})
	require.NoError(t, err)
	t.Cleanup(func() { _ = dn.Close() })
	desc := dn.Descriptor()
	chain := node.ChainConfig{RPCURL: dn.HTTPURL(), ChainID: desc.ChainID, Contract: desc.ChannelManager,
		FromBlock: desc.DeployBlock, PollInterval: 100 * time.Millisecond}
	client := dn.Client()
	first, err := client.BlockNumber(ctx)
	require.NoError(t, err)

	service := fmt.Sprintf("meshpay-demo-test-%d", time.Now().UnixNano())
	start := time.Now()
	var onChain []OnChain
	names := map[common.Address]string{}
	cfgs := make([]DeviceConfig, len(Roles()))
	outs := make([]*syncBuffer, len(Roles()))
	for i, role := range Roles() {
		key, err := devnet.DeviceKey(i)
		require.NoError(t, err)
		id, err := identity.New(key)
		require.NoError(t, err)
		before, err := client.BalanceAt(ctx, id.Address(), new(big.Int).SetUint64(first))
		require.NoError(t, err)
		onChain = append(onChain, OnChain{Name: string(role), Address: id.Address(), Before: before})
		names[id.Address()] = string(role)
		outs[i] = &syncBuffer{}
		cfgs[i] = DeviceConfig{
			Role: role, DataDir: filepath.Join(t.TempDir(), string(role)), Identity: id, Chain: chain,
			ListenAddrs: []string{"/ip4/127.0.0.1/tcp/0"}, MDNSService: service,
			Duration: 9 * time.Second, SettleEvery: 2 * time.Second, WindDown: 20 * time.Second,
			Start: start, Out: outs[i], Logger: testLogger(),
		}
	}
	errs := make([]error, len(cfgs))
	var wg sync.WaitGroup
	for i := range cfgs {
		cfgs[i].Names = names
		wg.Go(func() { errs[i] = RunDevice(ctx, cfgs[i]) })
	}
	wg.Wait()

	var reports []Report
	for i, out := range outs {
		require.NoError(t, errs[i], "%s:\n%s", cfgs[i].Role, out)
		lines := strings.Split(strings.TrimSpace(out.String()), "\n")
		r, err := ParseReport(lines[len(lines)-1])
		require.NoError(t, err, out.String())
		reports = append(reports, r)
	}
	story := outs[0].String() + outs[1].String() + outs[2].String()
	for _, want := range []string{"car -> tollgate  paid", "car -> charger  paid", "charger -> tollgate  paid", "(withdraw tx 0x"} {
		require.Contains(t, story, want)
	}

	head, err := client.BlockNumber(ctx)
	require.NoError(t, err)
	for i := range onChain {
		oc := &onChain[i]
		oc.After, err = client.BalanceAt(ctx, oc.Address, new(big.Int).SetUint64(head))
		require.NoError(t, err)
		txs, err := TxsFrom(ctx, client, oc.Address, first+1, head)
		require.NoError(t, err)
		oc.Gas, oc.Txs = SumGas(txs), len(txs)
		// The device saw every transaction it sent, and no other.
		require.Len(t, reports[i].Txs, len(txs), "%s", oc.Name)
		require.Equal(t, oc.Gas, SumGas(reports[i].Txs), "%s", oc.Name)
		require.Equal(t, len(txs), reports[i].txCount(), "%s", oc.Name)
		require.Equal(t, oc.Gas.String(), reports[i].Gas.String(), "%s", oc.Name)
	}
	sum := Summarize(reports, onChain)
	var table bytes.Buffer
	require.NoError(t, sum.Render(&table))
	require.True(t, sum.OK(), "%s\n%s", story, table.String())
	require.Len(t, sum.Channels, 3)
	for _, c := range sum.Channels {
		require.Positive(t, c.Paid.Sign(), "%s -> %s", c.Payer, c.Payee)
	}
}

func testLogger() *slog.Logger {
	if os.Getenv("MESHPAY_TEST_LOG") == "" {
		return slog.New(slog.DiscardHandler)
	}
	return slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))
}
