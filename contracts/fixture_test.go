package contracts_test

import (
	"context"
	"math/big"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/stretchr/testify/require"

	"github.com/meshpay/meshpay/contracts/bindings"
	"github.com/meshpay/meshpay/contracts/internal/harness"
)

const challengePeriod = 600 // seconds

var ether = big.NewInt(1e18)

// eth returns n/10 ether in wei, so tests can write eth(15) for 1.5 ETH.
func eth(tenths int64) *big.Int {
	return new(big.Int).Div(new(big.Int).Mul(big.NewInt(tenths), ether), big.NewInt(10))
}

// fixture is a chain (see backend) with a freshly deployed ChannelManager
// and TestToken and five funded accounts: the sorted participants A and B,
// a delegate (watchtower), an outsider, and the deployer.
type fixture struct {
	t        *testing.T
	env      *harness.Env
	a, b     harness.Account
	delegate harness.Account
	outsider harness.Account
	deployer harness.Account
}

// ctx is the context of the fixture's IO: the test's own.
func (f *fixture) ctx() context.Context { return f.t.Context() }

func (f *fixture) cm() *bindings.ChannelManager { return f.env.CM }

// send sends calldata to the ChannelManager and requires success.
func (f *fixture) send(from harness.Account, data []byte, value *big.Int) *types.Receipt {
	f.t.Helper()
	receipt, err := f.env.Send(f.ctx(), from, f.env.Manager, data, value)
	require.NoError(f.t, err)
	return receipt
}

// try sends calldata to the ChannelManager and returns the error, if any.
func (f *fixture) try(from harness.Account, data []byte, value *big.Int) error {
	_, err := f.env.Send(f.ctx(), from, f.env.Manager, data, value)
	return err
}

// open opens an A-B channel from `from`, depositing value wei of ETH.
func (f *fixture) open(from harness.Account, token common.Address, value *big.Int) harness.Opened {
	f.t.Helper()
	opened, _, err := f.env.Open(f.ctx(), from, f.a.Address, f.b.Address, token, challengePeriod, value)
	require.NoError(f.t, err)
	return opened
}

// fundToken mints amount TestToken to acct and approves the ChannelManager.
func (f *fixture) fundToken(acct harness.Account, amount *big.Int) {
	f.t.Helper()
	_, err := f.env.Send(f.ctx(), acct, f.env.Token, f.env.TT.PackMint(acct.Address, amount), nil)
	require.NoError(f.t, err)
	_, err = f.env.Send(f.ctx(), acct, f.env.Token, f.env.TT.PackApprove(f.env.Manager.Address(), amount), nil)
	require.NoError(f.t, err)
}

// deposit raises acct's cumulative deposit to total, paying from acct.
func (f *fixture) deposit(ch harness.Opened, acct harness.Account, token common.Address, total, pay *big.Int) {
	f.t.Helper()
	var value *big.Int
	if token == (common.Address{}) {
		value = pay
	}
	f.send(acct, f.cm().PackDeposit(ch.ID, acct.Address, total), value)
}

func (f *fixture) channel(id common.Hash) bindings.ChannelInfo {
	f.t.Helper()
	info, err := f.env.Channel(f.ctx(), id)
	require.NoError(f.t, err)
	return info
}

func (f *fixture) now() uint64 {
	f.t.Helper()
	now, err := f.env.Now(f.ctx())
	require.NoError(f.t, err)
	return now
}

func (f *fixture) advance(seconds uint64) {
	f.t.Helper()
	require.NoError(f.t, f.env.AdvanceTime(f.ctx(), time.Duration(seconds)*time.Second))
}

func proof(id common.Hash, nonce int64, transferred *big.Int) bindings.BalanceProof {
	return bindings.BalanceProof{ChannelId: id, Nonce: big.NewInt(nonce), TransferredAmount: transferred, LockedAmount: new(big.Int)}
}

func (f *fixture) sign(digest common.Hash, err error, signer harness.Account) []byte {
	f.t.Helper()
	require.NoError(f.t, err)
	sig, err := harness.Sign(digest, signer)
	require.NoError(f.t, err)
	return sig
}

func (f *fixture) signProof(p bindings.BalanceProof, signer harness.Account) []byte {
	f.t.Helper()
	digest, err := f.env.Domain.BalanceProofDigest(p)
	return f.sign(digest, err, signer)
}

func (f *fixture) withdraw(id common.Hash, participant harness.Account, total *big.Int, expiry uint64) bindings.Withdraw {
	return bindings.Withdraw{ChannelId: id, Participant: participant.Address, TotalWithdraw: total, Expiry: new(big.Int).SetUint64(expiry)}
}

func (f *fixture) signWithdraw(w bindings.Withdraw, signer harness.Account) []byte {
	f.t.Helper()
	digest, err := f.env.Domain.WithdrawDigest(w)
	return f.sign(digest, err, signer)
}

func (f *fixture) signCoopSettle(id common.Hash, balanceA, balanceB *big.Int, signer harness.Account) []byte {
	f.t.Helper()
	digest, err := f.env.Domain.CooperativeSettleDigest(id, balanceA, balanceB)
	return f.sign(digest, err, signer)
}

func (f *fixture) signUpdateAuth(p bindings.BalanceProof, signer harness.Account) []byte {
	f.t.Helper()
	bpDigest, err := f.env.Domain.BalanceProofDigest(p)
	require.NoError(f.t, err)
	digest, err := f.env.Domain.UpdateAuthorizationDigest(p.ChannelId, bpDigest)
	return f.sign(digest, err, signer)
}

// compactItem builds a batchWithdraw item from the partner's signature.
func (f *fixture) compactItem(ch harness.Opened, partner harness.Account, w bindings.Withdraw, sig []byte) bindings.WithdrawItem {
	f.t.Helper()
	r, vs, err := harness.Compact(sig)
	require.NoError(f.t, err)
	return bindings.WithdrawItem{Partner: partner.Address, Counter: ch.Counter, TotalWithdraw: w.TotalWithdraw, Expiry: w.Expiry, R: r, Vs: vs}
}

// requireRevert asserts err is a revert with the custom error errorID, and
// names the error it got otherwise.
func requireRevert(t *testing.T, err error, errorID common.Hash, name string) {
	t.Helper()
	require.Error(t, err, "want revert %s", name)
	if !bindings.IsRevert(err, errorID) {
		decoded, _ := bindings.DecodeChannelManagerError(err)
		require.Failf(t, "wrong revert", "want %s, got %T %+v (%v)", name, decoded, decoded, err)
	}
}

// call runs a read-only ChannelManager call.
func call[T any](t *testing.T, f *fixture, data []byte, unpack func([]byte) (T, error)) T {
	t.Helper()
	out, err := harness.Call(t.Context(), f.env.Manager, data, unpack)
	require.NoError(t, err)
	return out
}
