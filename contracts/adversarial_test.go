package contracts_test

import (
	"math/big"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/meshpay/meshpay/contracts/bindings"
	"github.com/meshpay/meshpay/contracts/internal/harness"
)

// funded opens an ETH channel in which A and B each deposited 1 ETH.
func (f *fixture) funded() harness.Opened {
	f.t.Helper()
	ch := f.open(f.a, common.Address{}, eth(10))
	f.deposit(ch, f.b, common.Address{}, eth(10), eth(10))
	return ch
}

// closedByA has A close ch with B's proof of nonce 1.
func (f *fixture) closedByA(ch harness.Opened) {
	f.t.Helper()
	p := proof(ch.ID, 1, eth(1))
	f.send(f.a, f.cm().PackClose(ch.ID, p, f.signProof(p, f.b)), nil)
}

// malleate returns the other valid signature of the same digest: s -> n - s
// with the parity flipped. ecrecover accepts it; the contract must not.
func malleate(sig []byte) []byte {
	out := make([]byte, 65)
	copy(out, sig)
	s := new(big.Int).SetBytes(sig[32:64])
	s.Sub(crypto.S256().Params().N, s)
	s.FillBytes(out[32:64])
	out[64] = 27 + 28 - sig[64]
	return out
}

// signWith signs p under another domain (chain ID or contract).
func (f *fixture) signWith(domain harness.Domain, p bindings.BalanceProof, signer harness.Account) []byte {
	f.t.Helper()
	digest, err := domain.BalanceProofDigest(p)
	return f.sign(digest, err, signer)
}

// TestRejections checks that each attack or mistake is refused with its own
// custom error, on both backends: over the devnet's JSON-RPC the revert
// data comes back from eth_estimateGas over HTTP.
func TestRejections(t *testing.T) {
	type errID = func() common.Hash
	cases := []struct {
		name   string
		want   errID
		wantNm string
		run    func(f *fixture) error
	}{
		{
			name: "proof replayed on another channel", want: bindings.ChannelManagerWrongChannelErrorID, wantNm: "WrongChannel",
			run: func(f *fixture) error {
				ch1, ch2 := f.funded(), f.funded()
				p := proof(ch1.ID, 3, eth(5))
				return f.try(f.a, f.cm().PackClose(ch2.ID, p, f.signProof(p, f.b)), nil)
			},
		},
		{
			name: "proof relabelled with another channel's ID", want: bindings.ChannelManagerWrongSignerErrorID, wantNm: "WrongSigner",
			run: func(f *fixture) error {
				ch1, ch2 := f.funded(), f.funded()
				p := proof(ch1.ID, 3, eth(5))
				sig := f.signProof(p, f.b)
				p.ChannelId = ch2.ID
				return f.try(f.a, f.cm().PackClose(ch2.ID, p, sig), nil)
			},
		},
		{
			name: "proof signed for another chain ID", want: bindings.ChannelManagerWrongSignerErrorID, wantNm: "WrongSigner",
			run: func(f *fixture) error {
				ch := f.funded()
				p := proof(ch.ID, 3, eth(5))
				sig := f.signWith(harness.Domain{ChainID: big.NewInt(1), Contract: f.env.Manager.Address()}, p, f.b)
				return f.try(f.a, f.cm().PackClose(ch.ID, p, sig), nil)
			},
		},
		{
			name: "proof signed for another contract", want: bindings.ChannelManagerWrongSignerErrorID, wantNm: "WrongSigner",
			run: func(f *fixture) error {
				ch := f.funded()
				p := proof(ch.ID, 3, eth(5))
				sig := f.signWith(harness.Domain{ChainID: f.env.ChainID, Contract: f.env.Token.Address()}, p, f.b)
				return f.try(f.a, f.cm().PackClose(ch.ID, p, sig), nil)
			},
		},
		{
			name: "proof signed by the closer itself", want: bindings.ChannelManagerWrongSignerErrorID, wantNm: "WrongSigner",
			run: func(f *fixture) error {
				ch := f.funded()
				p := proof(ch.ID, 3, eth(5))
				return f.try(f.a, f.cm().PackClose(ch.ID, p, f.signProof(p, f.a)), nil)
			},
		},
		{
			name: "stale proof in update", want: bindings.ChannelManagerNonceNotIncreasingErrorID, wantNm: "NonceNotIncreasing",
			run: func(f *fixture) error {
				ch := f.funded()
				f.closedByA(ch)
				newer, older := proof(ch.ID, 5, eth(4)), proof(ch.ID, 4, eth(3))
				f.send(f.b, f.cm().PackUpdateNonClosingBalanceProof(ch.ID, newer, f.signProof(newer, f.a), nil), nil)
				return f.try(f.b, f.cm().PackUpdateNonClosingBalanceProof(ch.ID, older, f.signProof(older, f.a), nil), nil)
			},
		},
		{
			name: "same nonce resubmitted in update", want: bindings.ChannelManagerNonceNotIncreasingErrorID, wantNm: "NonceNotIncreasing",
			run: func(f *fixture) error {
				ch := f.funded()
				f.closedByA(ch)
				p := proof(ch.ID, 5, eth(4))
				data := f.cm().PackUpdateNonClosingBalanceProof(ch.ID, p, f.signProof(p, f.a), nil)
				f.send(f.b, data, nil)
				return f.try(f.b, data, nil)
			},
		},
		{
			name: "high-s malleable signature", want: bindings.ChannelManagerBadSignatureErrorID, wantNm: "BadSignature",
			run: func(f *fixture) error {
				ch := f.funded()
				p := proof(ch.ID, 3, eth(5))
				return f.try(f.a, f.cm().PackClose(ch.ID, p, malleate(f.signProof(p, f.b))), nil)
			},
		},
		{
			// EIP-2098 keeps s in 255 bits, so a malleated s (n - s, almost
			// always >= 2^255) is not even expressible; the one high-s range it
			// can carry, (n/2, 2^255), must still be refused.
			name: "high-s compact signature in batch", want: bindings.ChannelManagerBadSignatureErrorID, wantNm: "BadSignature",
			run: func(f *fixture) error {
				ch := f.funded()
				w := f.withdraw(ch.ID, f.a, eth(5), f.now()+3600)
				item := f.compactItem(ch, f.b, w, f.signWithdraw(w, f.b))
				highS := new(big.Int).Rsh(crypto.S256().Params().N, 1)
				highS.Add(highS, big.NewInt(1)).FillBytes(item.Vs[:])
				return f.try(f.a, f.cm().PackBatchWithdraw(common.Address{}, []bindings.WithdrawItem{item}), nil)
			},
		},
		{
			name: "signature with v outside 27/28", want: bindings.ChannelManagerBadSignatureErrorID, wantNm: "BadSignature",
			run: func(f *fixture) error {
				ch := f.funded()
				p := proof(ch.ID, 3, eth(5))
				sig := f.signProof(p, f.b)
				sig[64] -= 27
				return f.try(f.a, f.cm().PackClose(ch.ID, p, sig), nil)
			},
		},
		{
			name: "settle before the period ends", want: bindings.ChannelManagerSettleTooEarlyErrorID, wantNm: "SettleTooEarly",
			run: func(f *fixture) error {
				ch := f.funded()
				f.closedByA(ch)
				// Block times follow the wall clock (plus adjustments), and a
				// devnet block is at least a second after the one before even
				// when blocks come faster, so leave slack for slow test runs.
				f.advance(challengePeriod - 120)
				return f.try(f.outsider, f.cm().PackSettle(ch.ID), nil)
			},
		},
		{
			name: "settle an open channel", want: bindings.ChannelManagerChannelNotClosedErrorID, wantNm: "ChannelNotClosed",
			run: func(f *fixture) error {
				return f.try(f.outsider, f.cm().PackSettle(f.funded().ID), nil)
			},
		},
		{
			name: "update after the period ends", want: bindings.ChannelManagerChallengePeriodOverErrorID, wantNm: "ChallengePeriodOver",
			run: func(f *fixture) error {
				ch := f.funded()
				f.closedByA(ch)
				f.advance(challengePeriod + 1)
				p := proof(ch.ID, 5, eth(4))
				return f.try(f.b, f.cm().PackUpdateNonClosingBalanceProof(ch.ID, p, f.signProof(p, f.a), nil), nil)
			},
		},
		{
			name: "withdraw past expiry", want: bindings.ChannelManagerWithdrawExpiredErrorID, wantNm: "WithdrawExpired",
			run: func(f *fixture) error {
				ch := f.funded()
				w := f.withdraw(ch.ID, f.a, eth(5), f.now()+10)
				f.advance(20)
				return f.try(f.a, f.cm().PackCooperativeWithdraw(w, nil, f.signWithdraw(w, f.b)), nil)
			},
		},
		{
			name: "batch withdraw past expiry", want: bindings.ChannelManagerWithdrawExpiredErrorID, wantNm: "WithdrawExpired",
			run: func(f *fixture) error {
				ch := f.funded()
				w := f.withdraw(ch.ID, f.a, eth(5), f.now()+10)
				item := f.compactItem(ch, f.b, w, f.signWithdraw(w, f.b))
				f.advance(20)
				return f.try(f.a, f.cm().PackBatchWithdraw(common.Address{}, []bindings.WithdrawItem{item}), nil)
			},
		},
		{
			name: "replayed withdraw", want: bindings.ChannelManagerWithdrawNotIncreasingErrorID, wantNm: "WithdrawNotIncreasing",
			run: func(f *fixture) error {
				ch := f.funded()
				w := f.withdraw(ch.ID, f.a, eth(5), f.now()+3600)
				data := f.cm().PackCooperativeWithdraw(w, nil, f.signWithdraw(w, f.b))
				f.send(f.a, data, nil)
				return f.try(f.a, data, nil)
			},
		},
		{
			name: "replayed batch withdraw", want: bindings.ChannelManagerWithdrawNotIncreasingErrorID, wantNm: "WithdrawNotIncreasing",
			run: func(f *fixture) error {
				ch := f.funded()
				w := f.withdraw(ch.ID, f.a, eth(5), f.now()+3600)
				data := f.cm().PackBatchWithdraw(common.Address{}, []bindings.WithdrawItem{f.compactItem(ch, f.b, w, f.signWithdraw(w, f.b))})
				f.send(f.a, data, nil)
				return f.try(f.a, data, nil)
			},
		},
		{
			name: "withdraw more than the pot", want: bindings.ChannelManagerWithdrawTooLargeErrorID, wantNm: "WithdrawTooLarge",
			run: func(f *fixture) error {
				ch := f.funded()
				w := f.withdraw(ch.ID, f.a, eth(21), f.now()+3600)
				return f.try(f.a, f.cm().PackCooperativeWithdraw(w, nil, f.signWithdraw(w, f.b)), nil)
			},
		},
		{
			name: "withdraw co-signed by the wrong key", want: bindings.ChannelManagerWrongSignerErrorID, wantNm: "WrongSigner",
			run: func(f *fixture) error {
				ch := f.funded()
				w := f.withdraw(ch.ID, f.a, eth(5), f.now()+3600)
				return f.try(f.a, f.cm().PackCooperativeWithdraw(w, nil, f.signWithdraw(w, f.outsider)), nil)
			},
		},
		{
			name: "withdraw relayed without the participant's signature", want: bindings.ChannelManagerWrongSignerErrorID, wantNm: "WrongSigner",
			run: func(f *fixture) error {
				ch := f.funded()
				w := f.withdraw(ch.ID, f.a, eth(5), f.now()+3600)
				return f.try(f.outsider, f.cm().PackCooperativeWithdraw(w, f.signWithdraw(w, f.outsider), f.signWithdraw(w, f.b)), nil)
			},
		},
		{
			name: "withdraw for a non-participant", want: bindings.ChannelManagerNotParticipantErrorID, wantNm: "NotParticipant",
			run: func(f *fixture) error {
				ch := f.funded()
				w := f.withdraw(ch.ID, f.outsider, eth(5), f.now()+3600)
				return f.try(f.outsider, f.cm().PackCooperativeWithdraw(w, nil, f.signWithdraw(w, f.b)), nil)
			},
		},
		{
			name: "wrong participant closes", want: bindings.ChannelManagerNotParticipantErrorID, wantNm: "NotParticipant",
			run: func(f *fixture) error {
				ch := f.funded()
				p := proof(ch.ID, 3, eth(5))
				return f.try(f.outsider, f.cm().PackClose(ch.ID, p, f.signProof(p, f.b)), nil)
			},
		},
		{
			name: "deposit for a non-participant", want: bindings.ChannelManagerNotParticipantErrorID, wantNm: "NotParticipant",
			run: func(f *fixture) error {
				ch := f.funded()
				return f.try(f.outsider, f.cm().PackDeposit(ch.ID, f.outsider.Address, eth(1)), eth(1))
			},
		},
		{
			name: "update by a stranger without authorization", want: bindings.ChannelManagerWrongSignerErrorID, wantNm: "WrongSigner",
			run: func(f *fixture) error {
				ch := f.funded()
				f.closedByA(ch)
				p := proof(ch.ID, 5, eth(4))
				return f.try(f.outsider, f.cm().PackUpdateNonClosingBalanceProof(ch.ID, p, f.signProof(p, f.a), f.signUpdateAuth(p, f.outsider)), nil)
			},
		},
		{
			name: "update authorization given for another proof", want: bindings.ChannelManagerWrongSignerErrorID, wantNm: "WrongSigner",
			run: func(f *fixture) error {
				ch := f.funded()
				f.closedByA(ch)
				authorized, submitted := proof(ch.ID, 5, eth(4)), proof(ch.ID, 6, eth(1))
				return f.try(f.delegate, f.cm().PackUpdateNonClosingBalanceProof(ch.ID, submitted, f.signProof(submitted, f.a), f.signUpdateAuth(authorized, f.b)), nil)
			},
		},
		{
			name: "update by a delegate with an empty authorization", want: bindings.ChannelManagerBadSignatureErrorID, wantNm: "BadSignature",
			run: func(f *fixture) error {
				ch := f.funded()
				f.closedByA(ch)
				p := proof(ch.ID, 5, eth(4))
				return f.try(f.delegate, f.cm().PackUpdateNonClosingBalanceProof(ch.ID, p, f.signProof(p, f.a), nil), nil)
			},
		},
		{
			name: "closer updates its own proof", want: bindings.ChannelManagerWrongSignerErrorID, wantNm: "WrongSigner",
			run: func(f *fixture) error {
				ch := f.funded()
				f.closedByA(ch)
				p := proof(ch.ID, 5, eth(0))
				return f.try(f.a, f.cm().PackUpdateNonClosingBalanceProof(ch.ID, p, f.signProof(p, f.a), f.signUpdateAuth(p, f.a)), nil)
			},
		},
		{
			name: "batch withdraw naming the wrong partner", want: bindings.ChannelManagerChannelNotOpenErrorID, wantNm: "ChannelNotOpen",
			run: func(f *fixture) error {
				ch := f.funded()
				w := f.withdraw(ch.ID, f.a, eth(5), f.now()+3600)
				item := f.compactItem(ch, f.outsider, w, f.signWithdraw(w, f.outsider))
				return f.try(f.a, f.cm().PackBatchWithdraw(common.Address{}, []bindings.WithdrawItem{item}), nil)
			},
		},
		{
			name: "batch withdraw naming another token", want: bindings.ChannelManagerChannelNotOpenErrorID, wantNm: "ChannelNotOpen",
			run: func(f *fixture) error {
				ch := f.funded()
				w := f.withdraw(ch.ID, f.a, eth(5), f.now()+3600)
				item := f.compactItem(ch, f.b, w, f.signWithdraw(w, f.b))
				return f.try(f.a, f.cm().PackBatchWithdraw(f.env.Token.Address(), []bindings.WithdrawItem{item}), nil)
			},
		},
		{
			name: "batch withdraw by the partner instead of the participant", want: bindings.ChannelManagerWrongSignerErrorID, wantNm: "WrongSigner",
			run: func(f *fixture) error {
				ch := f.funded()
				w := f.withdraw(ch.ID, f.a, eth(5), f.now()+3600)
				item := f.compactItem(ch, f.a, w, f.signWithdraw(w, f.b))
				return f.try(f.b, f.cm().PackBatchWithdraw(common.Address{}, []bindings.WithdrawItem{item}), nil)
			},
		},
		{
			name: "empty batch", want: bindings.ChannelManagerEmptyBatchErrorID, wantNm: "EmptyBatch",
			run: func(f *fixture) error {
				return f.try(f.a, f.cm().PackBatchWithdraw(common.Address{}, nil), nil)
			},
		},
		{
			name: "withdraw from a closed channel", want: bindings.ChannelManagerChannelNotOpenErrorID, wantNm: "ChannelNotOpen",
			run: func(f *fixture) error {
				ch := f.funded()
				w := f.withdraw(ch.ID, f.a, eth(5), f.now()+3600)
				sig := f.signWithdraw(w, f.b)
				f.closedByA(ch)
				return f.try(f.a, f.cm().PackCooperativeWithdraw(w, nil, sig), nil)
			},
		},
		{
			name: "locked amount in a proof", want: bindings.ChannelManagerLocksUnsupportedErrorID, wantNm: "LocksUnsupported",
			run: func(f *fixture) error {
				ch := f.funded()
				p := proof(ch.ID, 3, eth(5))
				p.LocksRoot = [32]byte{1}
				return f.try(f.a, f.cm().PackClose(ch.ID, p, f.signProof(p, f.b)), nil)
			},
		},
		{
			name: "open with unsorted participants", want: bindings.ChannelManagerInvalidParticipantsErrorID, wantNm: "InvalidParticipants",
			run: func(f *fixture) error {
				return f.try(f.a, f.cm().PackOpen(f.b.Address, f.a.Address, common.Address{}, challengePeriod), nil)
			},
		},
		{
			name: "open by an outsider", want: bindings.ChannelManagerNotParticipantErrorID, wantNm: "NotParticipant",
			run: func(f *fixture) error {
				return f.try(f.outsider, f.cm().PackOpen(f.a.Address, f.b.Address, common.Address{}, challengePeriod), nil)
			},
		},
		{
			name: "open with a challenge period out of bounds", want: bindings.ChannelManagerInvalidChallengePeriodErrorID, wantNm: "InvalidChallengePeriod",
			run: func(f *fixture) error {
				return f.try(f.a, f.cm().PackOpen(f.a.Address, f.b.Address, common.Address{}, harness.DefaultConfig.MaxChallengePeriod+1), nil)
			},
		},
		{
			name: "ETH sent to open a token channel", want: bindings.ChannelManagerValueMismatchErrorID, wantNm: "ValueMismatch",
			run: func(f *fixture) error {
				return f.try(f.a, f.cm().PackOpen(f.a.Address, f.b.Address, f.env.Token.Address(), challengePeriod), eth(1))
			},
		},
		{
			name: "deposit paying the wrong amount", want: bindings.ChannelManagerValueMismatchErrorID, wantNm: "ValueMismatch",
			run: func(f *fixture) error {
				ch := f.funded()
				return f.try(f.a, f.cm().PackDeposit(ch.ID, f.a.Address, eth(15)), eth(4))
			},
		},
		{
			name: "deposit not increasing", want: bindings.ChannelManagerDepositNotIncreasingErrorID, wantNm: "DepositNotIncreasing",
			run: func(f *fixture) error {
				ch := f.funded()
				return f.try(f.a, f.cm().PackDeposit(ch.ID, f.a.Address, eth(10)), new(big.Int))
			},
		},
		{
			name: "deposits above the channel cap", want: bindings.ChannelManagerDepositLimitExceededErrorID, wantNm: "DepositLimitExceeded",
			run: func(f *fixture) error {
				limit := new(big.Int).Sub(new(big.Int).Lsh(big.NewInt(1), 84), big.NewInt(1))
				f.fundToken(f.a, limit)
				f.fundToken(f.b, big.NewInt(1))
				ch := f.open(f.a, f.env.Token.Address(), nil)
				f.deposit(ch, f.a, f.env.Token.Address(), limit, nil)
				return f.try(f.b, f.cm().PackDeposit(ch.ID, f.b.Address, big.NewInt(1)), nil)
			},
		},
		{
			name: "cooperative settle signed by an outsider", want: bindings.ChannelManagerWrongSignerErrorID, wantNm: "WrongSigner",
			run: func(f *fixture) error {
				ch := f.funded()
				return f.try(f.a, f.cm().PackCooperativeSettle(ch.ID, eth(20), eth(0), f.signCoopSettle(ch.ID, eth(20), eth(0), f.a), f.signCoopSettle(ch.ID, eth(20), eth(0), f.outsider)), nil)
			},
		},
		{
			name: "unknown channel", want: bindings.ChannelManagerChannelNotOpenErrorID, wantNm: "ChannelNotOpen",
			run: func(f *fixture) error {
				return f.try(f.a, f.cm().PackDeposit(common.Hash{1}, f.a.Address, eth(1)), eth(1))
			},
		},
	}
	forEachBackend(t, func(t *testing.T, b *backend) {
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				b.parallel(t) // on the simulated backend each case has its own chain
				f := b.newFixture(t)
				requireRevert(t, tc.run(f), tc.want(), tc.wantNm)
			})
		}
	})
}
