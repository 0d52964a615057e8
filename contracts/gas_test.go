package contracts_test

import (
	"math/big"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/stretchr/testify/require"

	"github.com/meshpay/meshpay/contracts/bindings"
	"github.com/meshpay/meshpay/contracts/internal/harness"
)

// TestBatchWithdrawGasBudget guards the hard budget in CI: batchWithdraw over
// 100 channels costs at most 15,000 gas per channel, the 21,000 transaction
// base included, at mainnet's current fork. (cmd/gasreport prints the figures.)
//
// It runs on the simulated backend only: the budget is for mainnet's fork
// rules (simchain), while the devnet runs go-ethereum's dev chain rules,
// which may include forks mainnet has not scheduled.
func TestBatchWithdrawGasBudget(t *testing.T) {
	const n, budget = 100, 15_000
	accounts, err := harness.NewAccounts("meshpay-gas-budget", n+1)
	require.NoError(t, err)
	env, err := harness.NewSimulatedEnv(t.Context(), accounts, harness.DefaultConfig)
	require.NoError(t, err)
	t.Cleanup(func() { _ = env.Close() })

	hub, partners := accounts[0], accounts[1:]
	now, err := env.Now(t.Context())
	require.NoError(t, err)
	expiry := new(big.Int).SetUint64(now + 3600)
	items := make([]bindings.WithdrawItem, n)
	for i, p := range partners {
		a, b := harness.Sorted(hub, p)
		ch, _, err := env.Open(t.Context(), hub, a.Address, b.Address, common.Address{}, challengePeriod, eth(10))
		require.NoError(t, err)
		w := bindings.Withdraw{ChannelId: ch.ID, Participant: hub.Address, TotalWithdraw: eth(4), Expiry: expiry}
		digest, err := env.Domain.WithdrawDigest(w)
		require.NoError(t, err)
		sig, err := harness.Sign(digest, p)
		require.NoError(t, err)
		r, vs, err := harness.Compact(sig)
		require.NoError(t, err)
		items[i] = bindings.WithdrawItem{Partner: p.Address, Counter: ch.Counter, TotalWithdraw: w.TotalWithdraw, Expiry: expiry, R: r, Vs: vs}
	}
	receipt, err := env.Send(t.Context(), hub, env.Manager, env.CM.PackBatchWithdraw(common.Address{}, items), nil)
	require.NoError(t, err)
	perChannel := receipt.GasUsed / n
	t.Logf("batchWithdraw n=%d: %d gas, %d per channel", n, receipt.GasUsed, perChannel)
	require.LessOrEqual(t, perChannel, uint64(budget))
}
