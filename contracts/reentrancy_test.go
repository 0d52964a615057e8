package contracts_test

import (
	"math/big"
	"testing"

	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/stretchr/testify/require"

	"github.com/meshpay/meshpay/contracts/bindings"
	"github.com/meshpay/meshpay/contracts/internal/harness"
)

// evilToken deploys the malicious ReentrantToken, funds A and B with it and
// opens an A-B channel on it in which both deposited 1.
type evilToken struct {
	f     *fixture
	abi   *bindings.ReentrantToken
	token *bind.BoundContract
	ch    harness.Opened
}

func newEvilToken(t *testing.T, f *fixture) *evilToken {
	t.Helper()
	addr, err := f.env.Deploy(f.ctx(), f.deployer, func(opts *bind.TransactOpts) (common.Address, *types.Transaction, error) {
		return bindings.DeployReentrantToken(opts, f.env.Client)
	})
	require.NoError(t, err)
	e := &evilToken{f: f, abi: bindings.NewReentrantToken()}
	e.token = e.abi.Instance(f.env.Client, addr)
	for _, acct := range []harness.Account{f.a, f.b} {
		_, err = f.env.Send(f.ctx(), acct, e.token, e.abi.PackMint(acct.Address, eth(100)), nil)
		require.NoError(t, err)
		_, err = f.env.Send(f.ctx(), acct, e.token, e.abi.PackApprove(f.env.Manager.Address(), eth(100)), nil)
		require.NoError(t, err)
	}
	e.ch = f.open(f.a, addr, nil)
	f.deposit(e.ch, f.a, addr, eth(10), nil)
	f.deposit(e.ch, f.b, addr, eth(10), nil)
	return e
}

// arm makes the token's next transfer or transferFrom call the manager with data.
func (e *evilToken) arm(t *testing.T, data []byte) {
	t.Helper()
	_, err := e.f.env.Send(e.f.ctx(), e.f.deployer, e.token, e.abi.PackArm(e.f.env.Manager.Address(), data), nil)
	require.NoError(t, err)
}

func (e *evilToken) balance(t *testing.T, addr common.Address) *big.Int {
	t.Helper()
	bal, err := harness.Call(t.Context(), e.token, e.abi.PackBalanceOf(addr), e.abi.UnpackBalanceOf)
	require.NoError(t, err)
	return bal
}

// TestReentrantToken has a malicious token call back into the manager from
// inside its transfer (withdraw) and transferFrom (deposit): both attempts
// are stopped by the reentrancy guard and the whole transaction reverts.
func TestReentrantToken(t *testing.T) {
	forEachBackend(t, func(t *testing.T, b *backend) {
		t.Run("transfer re-enters a withdraw", func(t *testing.T) {
			f := b.newFixture(t)
			e := newEvilToken(t, f)
			w := f.withdraw(e.ch.ID, f.b, eth(15), f.now()+3600)
			// The callback replays the same fully signed withdraw: without the
			// guard, and if state were written late, it would pay twice.
			data := f.cm().PackCooperativeWithdraw(w, f.signWithdraw(w, f.b), f.signWithdraw(w, f.a))
			e.arm(t, data)
			requireRevert(t, f.try(f.b, data, nil), bindings.ChannelManagerReentrancyGuardReentrantCallErrorID(), "ReentrancyGuardReentrantCall")
			require.Equal(t, eth(20), e.balance(t, f.env.Manager.Address()), "nothing left the contract")
		})
		t.Run("transferFrom re-enters a deposit", func(t *testing.T) {
			f := b.newFixture(t)
			e := newEvilToken(t, f)
			e.arm(t, f.cm().PackDeposit(e.ch.ID, f.a.Address, eth(30)))
			requireRevert(t, f.try(f.a, f.cm().PackDeposit(e.ch.ID, f.a.Address, eth(20)), nil), bindings.ChannelManagerReentrancyGuardReentrantCallErrorID(), "ReentrancyGuardReentrantCall")
			require.Equal(t, eth(10), f.channel(e.ch.ID).DepositA)
		})
		t.Run("transfer re-enters a settle payout, which is deferred", func(t *testing.T) {
			f := b.newFixture(t)
			e := newEvilToken(t, f)
			token, manager := e.token.Address(), f.env.Manager.Address()
			sigA, sigB := f.signCoopSettle(e.ch.ID, eth(12), eth(8), f.a), f.signCoopSettle(e.ch.ID, eth(12), eth(8), f.b)
			aBefore, bBefore := e.balance(t, f.a.Address), e.balance(t, f.b.Address)

			// Each payout triggers the callback, which fails inside the guard (and
			// the failed transfer undoes the token's disarming), so both shares are
			// kept for their owners to claim instead of blocking the settle.
			e.arm(t, f.cm().PackSettle(e.ch.ID))
			f.send(f.outsider, f.cm().PackCooperativeSettle(e.ch.ID, eth(12), eth(8), sigA, sigB), nil)
			require.Equal(t, uint8(3), f.channel(e.ch.ID).Phase)
			require.Equal(t, eth(12), call(t, f, f.cm().PackDeferredPayouts(token, f.a.Address), f.cm().UnpackDeferredPayouts))
			require.Equal(t, eth(8), call(t, f, f.cm().PackDeferredPayouts(token, f.b.Address), f.cm().UnpackDeferredPayouts))
			require.Equal(t, eth(20), e.balance(t, manager))

			// While armed, a claim re-enters too and is refused outright.
			requireRevert(t, f.try(f.a, f.cm().PackClaimDeferredPayout(token, f.a.Address), nil), bindings.ChannelManagerReentrancyGuardReentrantCallErrorID(), "ReentrancyGuardReentrantCall")
			_, err := f.env.Send(f.ctx(), f.deployer, e.token, e.abi.PackArm(common.Address{}, nil), nil)
			require.NoError(t, err)
			f.send(f.a, f.cm().PackClaimDeferredPayout(token, f.a.Address), nil)
			f.send(f.b, f.cm().PackClaimDeferredPayout(token, f.b.Address), nil)
			require.Equal(t, eth(12), sub(e.balance(t, f.a.Address), aBefore))
			require.Equal(t, eth(8), sub(e.balance(t, f.b.Address), bBefore))
			require.Zero(t, e.balance(t, manager).Sign(), "everything deposited was paid out")
			requireRevert(t, f.try(f.a, f.cm().PackClaimDeferredPayout(token, f.a.Address), nil), bindings.ChannelManagerNothingToClaimErrorID(), "NothingToClaim")
		})
	})
}
