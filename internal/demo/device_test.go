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
// other over mDNS, buy and sell metered sessions, the sellers' Settlers
// withdraw (the toll gate in batches), the buyers close, and the summary
// of their reports matches the chain. Every session shows in the
// receipts of both sides with the same amounts, and what the receipts say
// was paid on a channel is what the channel carried.
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
			SettleBatch: role == RoleTollGate, Start: start, Out: outs[i], Logger: testLogger(),
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
	t.Log("\n" + story)
	for _, want := range []string{
		"car -> tollgate  paid 0.002 ETH  (toll, pass #1, session ", "tollgate opens the barrier for car: pass paid 0.002 ETH",
		"car starts a charging session at charger: up to 12 × 0.1kWh at 0.0003 ETH", "charger serves a charging session to car",
		"car -> charger  paid 0.0036 ETH  (charging: charged 12 × 0.1kWh, session ", "charger -> tollgate  paid ",
		"charger settled ", "tollgate settled ", " in one batch  (withdraw tx 0x", "(withdraw tx 0x",
	} {
		require.Contains(t, story, want)
	}
	checkSessions(t, reports, story)

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

// checkSessions checks the devices' session receipts: the buyers bought
// sessions of every service, each shows on both sides with the same
// units, due and paid, every channel carried exactly what its payer's
// receipts and its payee's say was paid, and the sellers' Settlers
// withdrew on chain.
func checkSessions(t *testing.T, reports []Report, story string) {
	t.Helper()
	byID := map[string][]SessionReport{}
	services := map[string]int{}
	units := map[string]uint64{}
	for _, r := range reports {
		for _, s := range r.Sessions {
			byID[s.ID] = append(byID[s.ID], s)
			if s.Side == "buyer" {
				services[s.Service]++
			}
		}
		for _, c := range []*SessionCounts{r.Bought, r.Sold} {
			if c != nil {
				require.Equal(t, c.Started, c.Finished, "%s: every session it started finished", r.Device)
				require.Positive(t, c.Finished, "%s", r.Device)
				require.Zero(t, c.Unpaid, "%s: every session paid in full", r.Device)
			}
		}
	}
	require.GreaterOrEqual(t, services[ServiceToll], 2, "toll passes")
	require.GreaterOrEqual(t, services[ServiceCharging], 1, "charging stops")
	require.GreaterOrEqual(t, services[ServiceData], 1, "data sessions")
	for id, sides := range byID {
		require.Len(t, sides, 2, "session %s: a receipt on each side", id)
		b, s := sides[0], sides[1]
		if b.Side != "buyer" {
			b, s = s, b
		}
		require.Equal(t, []string{"buyer", "seller"}, []string{b.Side, s.Side}, id)
		require.Equal(t, b.Units, s.Units, "session %s units", id)
		require.Equal(t, b.Due.String(), s.Due.String(), "session %s due", id)
		require.Equal(t, b.Paid.String(), s.Paid.String(), "session %s paid", id)
		require.Equal(t, b.Channel, s.Channel, id)
		svc, err := ServiceByName(b.Service)
		require.NoError(t, err)
		require.LessOrEqual(t, b.Units, svc.SessionUnits, "session %s within the buyer's limit", id)
		units[b.Service] += b.Units
	}
	for _, svc := range []string{ServiceToll, ServiceCharging, ServiceData} {
		require.Positive(t, units[svc], "%s delivered", svc)
	}
	for _, r := range reports {
		for _, c := range r.Channels {
			require.Positive(t, c.Sessions, "%s: channel %s carried sessions", r.Device, c.ID)
			require.Equal(t, c.Paid.String(), orZero(c.SessionPaid).String(), "%s: channel %s paid = its session receipts", r.Device, c.ID)
		}
		if r.Role.Sells() == nil {
			require.Nil(t, r.Autosettle, r.Device)
			continue
		}
		require.NotNil(t, r.Autosettle, r.Device)
		require.Positive(t, r.Autosettle.Withdraws, "%s: autosettle withdrew", r.Device)
		// Each of the Settler's withdraw transactions was recorded: one
		// per channel, or one per batch for the toll gate. (A withdraw may
		// fail when a payer starts closing first: it may or may not have
		// sent its transaction.)
		txs := r.Autosettle.Withdraws
		if r.Role == RoleTollGate {
			require.Positive(t, r.Autosettle.Batches, "the toll gate settles in batches")
			txs = r.Autosettle.Batches
		}
		require.GreaterOrEqual(t, r.Ops[opWithdraw], int(txs), r.Device)
		require.LessOrEqual(t, r.Ops[opWithdraw], int(txs+r.Autosettle.Failures), r.Device)
		withdrawn := new(big.Int)
		for _, c := range r.Channels {
			if c.Payee == r.Address {
				withdrawn.Add(withdrawn, c.Withdrawn)
			}
		}
		require.Positive(t, withdrawn.Sign(), "%s withdrew on chain during the run", r.Device)
	}
	require.Contains(t, story, "tollgate settled ")
}

func testLogger() *slog.Logger {
	if os.Getenv("MESHPAY_TEST_LOG") == "" {
		return slog.New(slog.DiscardHandler)
	}
	return slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))
}
