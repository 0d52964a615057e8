package channels_test

import (
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/holiman/uint256"
	"github.com/stretchr/testify/require"

	"github.com/meshpay/meshpay/channels"
)

func TestValidateProof(t *testing.T) {
	// A has 100 deposited, B 50. B has already paid A 10 at nonce 3, and
	// A has paid B 5 at nonce 2.
	setup := func(t *testing.T) *pair {
		p := newPair(t, 100, 50)
		p.accept(t, channels.PartB, p.sign(t, channels.PartB, 3, 10))
		p.accept(t, channels.PartA, p.sign(t, channels.PartA, 2, 5))
		return p
	}
	otherChannel := func(t *testing.T, p *pair, sp *channels.SignedBalanceProof) {
		params := p.ch.Params
		params.Counter = 2
		other, err := channels.NewChannel(params)
		require.NoError(t, err)
		sp.Proof.ChannelID = other.ID
		*sp, err = channels.SignBalanceProof(p.ch.Domain(), sp.Proof, p.signers[channels.PartB])
		require.NoError(t, err)
	}
	tests := []struct {
		name   string
		signer int
		mutate func(t *testing.T, p *pair, sp *channels.SignedBalanceProof)
		want   error
	}{
		{name: "valid payment", signer: channels.PartB},
		{name: "valid zero-amount bump", signer: channels.PartB, mutate: func(t *testing.T, p *pair, sp *channels.SignedBalanceProof) {
			*sp = p.sign(t, channels.PartB, 4, 10)
		}},
		{name: "spends exactly everything", signer: channels.PartB, mutate: func(t *testing.T, p *pair, sp *channels.SignedBalanceProof) {
			*sp = p.sign(t, channels.PartB, 4, 55) // 50 deposit + 5 received
		}},
		{name: "overspend by one", signer: channels.PartB, want: channels.ErrOverspend, mutate: func(t *testing.T, p *pair, sp *channels.SignedBalanceProof) {
			*sp = p.sign(t, channels.PartB, 4, 56)
		}},
		{name: "replayed proof", signer: channels.PartB, want: channels.ErrNonceNotIncreasing, mutate: func(t *testing.T, p *pair, sp *channels.SignedBalanceProof) {
			*sp = p.ch.Proofs[channels.PartB]
		}},
		{name: "stale proof", signer: channels.PartB, want: channels.ErrNonceNotIncreasing, mutate: func(t *testing.T, p *pair, sp *channels.SignedBalanceProof) {
			*sp = p.sign(t, channels.PartB, 2, 20)
		}},
		{name: "transferred decreasing", signer: channels.PartB, want: channels.ErrTransferredDecreasing, mutate: func(t *testing.T, p *pair, sp *channels.SignedBalanceProof) {
			*sp = p.sign(t, channels.PartB, 4, 9)
		}},
		{name: "forged signature", signer: channels.PartB, want: channels.ErrWrongSigner, mutate: func(t *testing.T, p *pair, sp *channels.SignedBalanceProof) {
			*sp = p.sign(t, channels.PartA, 4, 20) // A signs a proof claiming to be B's
		}},
		{name: "tampered amount", signer: channels.PartB, want: channels.ErrWrongSigner, mutate: func(t *testing.T, p *pair, sp *channels.SignedBalanceProof) {
			sp.Proof.TransferredAmount = eth(12)
		}},
		{name: "bad v", signer: channels.PartB, want: channels.ErrBadSignature, mutate: func(t *testing.T, p *pair, sp *channels.SignedBalanceProof) {
			sp.Signature[64] = 1
		}},
		{name: "zero signature", signer: channels.PartB, want: channels.ErrBadSignature, mutate: func(t *testing.T, p *pair, sp *channels.SignedBalanceProof) {
			sp.Signature = channels.Signature{}
		}},
		{name: "malleable high-s twin", signer: channels.PartB, want: channels.ErrBadSignature, mutate: func(t *testing.T, p *pair, sp *channels.SignedBalanceProof) {
			sp.Signature = malleate(sp.Signature)
		}},
		{name: "wrong chain", signer: channels.PartB, want: channels.ErrWrongChain, mutate: func(t *testing.T, p *pair, sp *channels.SignedBalanceProof) {
			params := p.ch.Params
			params.ChainID = 1
			var err error
			*sp, err = channels.SignBalanceProof(params.Domain(), sp.Proof, p.signers[channels.PartB])
			require.NoError(t, err)
		}},
		{name: "wrong chain hidden in envelope", signer: channels.PartB, want: channels.ErrWrongSigner, mutate: func(t *testing.T, p *pair, sp *channels.SignedBalanceProof) {
			var err error
			*sp, err = channels.SignBalanceProof(channels.NewDomain(1, testContract), sp.Proof, p.signers[channels.PartB])
			require.NoError(t, err)
			sp.ChainID = 1337 // lie about the chain: the digest still differs
		}},
		{name: "wrong contract", signer: channels.PartB, want: channels.ErrWrongContract, mutate: func(t *testing.T, p *pair, sp *channels.SignedBalanceProof) {
			var err error
			*sp, err = channels.SignBalanceProof(channels.NewDomain(1337, common.HexToAddress("0x1")), sp.Proof, p.signers[channels.PartB])
			require.NoError(t, err)
		}},
		{name: "wrong channel", signer: channels.PartB, want: channels.ErrWrongChannel, mutate: otherChannel},
		{name: "locked amount", signer: channels.PartB, want: channels.ErrLocksUnsupported, mutate: func(t *testing.T, p *pair, sp *channels.SignedBalanceProof) {
			sp.Proof.LockedAmount = eth(1)
		}},
		{name: "locks root", signer: channels.PartB, want: channels.ErrLocksUnsupported, mutate: func(t *testing.T, p *pair, sp *channels.SignedBalanceProof) {
			sp.Proof.LocksRoot[0] = 1
		}},
		{name: "overflowing amount", signer: channels.PartB, want: channels.ErrAmountOverflow, mutate: func(t *testing.T, p *pair, sp *channels.SignedBalanceProof) {
			var err error
			max := new(uint256.Int).SetAllOne()
			*sp, err = channels.SignBalanceProof(p.ch.Domain(), channels.BalanceProof{ChannelID: p.ch.ID, Nonce: 4, TransferredAmount: *max}, p.signers[channels.PartB])
			require.NoError(t, err)
			p.ch.Withdrawn[channels.PartB] = eth(1)
		}},
		{name: "closed channel", signer: channels.PartB, want: channels.ErrChannelNotOpen, mutate: func(t *testing.T, p *pair, sp *channels.SignedBalanceProof) {
			p.ch = mustApply(t, p.ch, channels.Closed{Closer: channels.PartA, At: 1})
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := setup(t)
			sp := p.sign(t, channels.PartB, 4, 20)
			if tc.mutate != nil {
				tc.mutate(t, p, &sp)
			}
			before := p.ch
			err := p.ch.ValidateProof(tc.signer, &sp)
			if tc.want == nil {
				require.NoError(t, err)
				return
			}
			require.ErrorIs(t, err, tc.want)
			require.Contains(t, err.Error(), p.ch.ID.String(), "errors name the channel")
			require.Equal(t, before, p.ch, "validation never changes the channel")
		})
	}
}

// malleate returns the high-s twin of a valid signature: (r, n-s, v^1).
func malleate(sig channels.Signature) channels.Signature {
	n := uint256.MustFromHex("0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141")
	var s uint256.Int
	s.SetBytes(sig[32:64])
	s.Sub(n, &s)
	b := s.Bytes32()
	copy(sig[32:64], b[:])
	sig[64] = 27 + (1 - (sig[64] - 27))
	return sig
}

func TestMalleatedSignatureStillRecovers(t *testing.T) {
	// Guards the test above: the twin is a real signature, so only the
	// low-s rule can be what rejects it.
	p := newPair(t, 10, 10)
	sp := p.sign(t, channels.PartB, 1, 1)
	twin := malleate(sp.Signature)
	d := p.ch.Domain()
	digest := d.BalanceProofDigest(&sp.Proof)
	raw := twin
	raw[64] -= 27
	pub, err := ecrecover(digest, raw)
	require.NoError(t, err)
	require.Equal(t, p.ch.Params.Participants[channels.PartB], pub)
}

func TestWithdraw(t *testing.T) {
	const now = 1_000
	setup := func(t *testing.T) *pair {
		p := newPair(t, 100, 50)
		p.accept(t, channels.PartB, p.sign(t, channels.PartB, 1, 30)) // A available 130
		return p
	}
	tests := []struct {
		name   string
		mutate func(t *testing.T, p *pair, w *channels.CoSignedWithdraw)
		sends  bool
		want   error
	}{
		{name: "valid"},
		{name: "participant sends without own signature", sends: true, mutate: func(t *testing.T, p *pair, w *channels.CoSignedWithdraw) {
			w.ParticipantSig = channels.Signature{}
		}},
		{name: "missing own signature when relayed", want: channels.ErrBadSignature, mutate: func(t *testing.T, p *pair, w *channels.CoSignedWithdraw) {
			w.ParticipantSig = channels.Signature{}
		}},
		{name: "everything available", mutate: func(t *testing.T, p *pair, w *channels.CoSignedWithdraw) {
			*w = p.withdraw(t, channels.PartA, 130, now+1)
		}},
		{name: "too large", want: channels.ErrWithdrawTooLarge, mutate: func(t *testing.T, p *pair, w *channels.CoSignedWithdraw) {
			*w = p.withdraw(t, channels.PartA, 131, now+1)
		}},
		{name: "expired", want: channels.ErrWithdrawExpired, mutate: func(t *testing.T, p *pair, w *channels.CoSignedWithdraw) {
			*w = p.withdraw(t, channels.PartA, 10, now-1)
		}},
		{name: "replayed after execution", want: channels.ErrWithdrawNotIncreasing, mutate: func(t *testing.T, p *pair, w *channels.CoSignedWithdraw) {
			p.ch = mustApply(t, p.ch, channels.Withdrawn{Participant: channels.PartA, Total: eth(40)})
		}},
		{name: "partner signature forged", want: channels.ErrWrongSigner, mutate: func(t *testing.T, p *pair, w *channels.CoSignedWithdraw) {
			w.PartnerSig = w.ParticipantSig
		}},
		{name: "not a participant", want: channels.ErrNotParticipant, mutate: func(t *testing.T, p *pair, w *channels.CoSignedWithdraw) {
			w.Withdraw.Participant = common.HexToAddress("0x42")
		}},
		{name: "wrong channel", want: channels.ErrWrongChannel, mutate: func(t *testing.T, p *pair, w *channels.CoSignedWithdraw) {
			w.Withdraw.ChannelID[0] ^= 1
		}},
		{name: "closing channel", want: channels.ErrChannelNotOpen, mutate: func(t *testing.T, p *pair, w *channels.CoSignedWithdraw) {
			p.ch = mustApply(t, p.ch, channels.Closed{Closer: channels.PartB, At: now})
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := setup(t)
			w := p.withdraw(t, channels.PartA, 40, now+60)
			if tc.mutate != nil {
				tc.mutate(t, p, &w)
			}
			err := p.ch.ValidateWithdraw(&w, now, tc.sends)
			if tc.want == nil {
				require.NoError(t, err)
				return
			}
			require.ErrorIs(t, err, tc.want)
		})
	}
}

// TestWithdrawRenewal: a counted withdraw can be co-signed again with a
// new expiry, for exactly the counted total; every other rule of a
// withdraw still holds, and the signatures are checked.
func TestWithdrawRenewal(t *testing.T) {
	const now = 1_000
	setup := func(t *testing.T) *pair {
		p := newPair(t, 100, 50)
		first := p.withdraw(t, channels.PartA, 40, now-10) // expired unpaid
		p.ch = mustApply(t, p.ch, channels.Withdrawn{Participant: channels.PartA, Total: first.Withdraw.TotalWithdraw})
		return p
	}
	tests := []struct {
		name   string
		mutate func(t *testing.T, p *pair, w *channels.CoSignedWithdraw)
		want   error
	}{
		{name: "valid"},
		{name: "larger total", want: channels.ErrNotRenewal, mutate: func(t *testing.T, p *pair, w *channels.CoSignedWithdraw) {
			*w = p.withdraw(t, channels.PartA, 41, now+60)
		}},
		{name: "smaller total", want: channels.ErrNotRenewal, mutate: func(t *testing.T, p *pair, w *channels.CoSignedWithdraw) {
			*w = p.withdraw(t, channels.PartA, 39, now+60)
		}},
		{name: "nothing counted", want: channels.ErrNotRenewal, mutate: func(t *testing.T, p *pair, w *channels.CoSignedWithdraw) {
			*w = p.withdraw(t, channels.PartB, 0, now+60)
		}},
		{name: "expired again", want: channels.ErrWithdrawExpired, mutate: func(t *testing.T, p *pair, w *channels.CoSignedWithdraw) {
			*w = p.withdraw(t, channels.PartA, 40, now-1)
		}},
		{name: "partner signature forged", want: channels.ErrWrongSigner, mutate: func(t *testing.T, p *pair, w *channels.CoSignedWithdraw) {
			w.PartnerSig = w.ParticipantSig
		}},
		{name: "participant signature missing", want: channels.ErrBadSignature, mutate: func(t *testing.T, p *pair, w *channels.CoSignedWithdraw) {
			w.ParticipantSig = channels.Signature{}
		}},
		{name: "not a participant", want: channels.ErrNotParticipant, mutate: func(t *testing.T, p *pair, w *channels.CoSignedWithdraw) {
			w.Withdraw.Participant = common.HexToAddress("0x42")
		}},
		{name: "wrong channel", want: channels.ErrWrongChannel, mutate: func(t *testing.T, p *pair, w *channels.CoSignedWithdraw) {
			w.Withdraw.ChannelID[0] ^= 1
		}},
		{name: "closing channel", want: channels.ErrChannelNotOpen, mutate: func(t *testing.T, p *pair, w *channels.CoSignedWithdraw) {
			p.ch = mustApply(t, p.ch, channels.Closed{Closer: channels.PartB, At: now})
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := setup(t)
			w := p.withdraw(t, channels.PartA, 40, now+60)
			if tc.mutate != nil {
				tc.mutate(t, p, &w)
			}
			err := p.ch.ValidateWithdrawRenewal(&w, now)
			if tc.want == nil {
				require.NoError(t, err)
				require.ErrorIs(t, p.ch.ValidateWithdraw(&w, now, false), channels.ErrWithdrawNotIncreasing, "not a new withdraw")
				return
			}
			require.ErrorIs(t, err, tc.want)
		})
	}
}

func (p *pair) withdraw(t testing.TB, i int, total, expiry uint64) channels.CoSignedWithdraw {
	t.Helper()
	w := channels.Withdraw{ChannelID: p.ch.ID, Participant: p.ch.Params.Participants[i], TotalWithdraw: eth(total), Expiry: expiry}
	d := p.ch.Domain()
	digest := d.WithdrawDigest(&w)
	own, err := p.signers[i].SignDigest(digest)
	require.NoError(t, err)
	partner, err := p.signers[channels.Partner(i)].SignDigest(digest)
	require.NoError(t, err)
	return channels.CoSignedWithdraw{Withdraw: w, ParticipantSig: own, PartnerSig: partner}
}

func TestPendingWithdrawCountsBeforeChain(t *testing.T) {
	// A withdraws 100 of its 100; B co-signs and counts it at once, so a
	// payment from A racing the chain is an overspend.
	p := newPair(t, 100, 0)
	w := p.withdraw(t, channels.PartA, 100, 2_000)
	require.NoError(t, p.ch.ValidateWithdraw(&w, 1_000, false))
	p.ch = mustApply(t, p.ch, channels.Withdrawn{Participant: channels.PartA, Total: w.Withdraw.TotalWithdraw})
	sp := p.sign(t, channels.PartA, 1, 1)
	require.ErrorIs(t, p.ch.ValidateProof(channels.PartA, &sp), channels.ErrOverspend)
	// The chain's later, equal figure changes nothing.
	p.ch = mustApply(t, p.ch, channels.Withdrawn{Participant: channels.PartA, Total: eth(100)})
	require.Equal(t, eth(100), p.ch.Withdrawn[channels.PartA])
}

func TestCooperativeSettle(t *testing.T) {
	p := newPair(t, 100, 50)
	p.accept(t, channels.PartA, p.sign(t, channels.PartA, 1, 30))
	p.accept(t, channels.PartB, p.sign(t, channels.PartB, 1, 10))
	good := p.settle(t, 80, 70)
	require.NoError(t, p.ch.ValidateCooperativeSettle(&good))

	tests := []struct {
		name string
		s    channels.CoSignedSettle
		want error
	}{
		{name: "short-changes A", s: p.settle(t, 79, 71), want: channels.ErrBalanceMismatch},
		{name: "pays more than the pot", s: p.settle(t, 80, 71), want: channels.ErrBalanceMismatch},
		{name: "signature swapped", s: func() channels.CoSignedSettle {
			s := good
			s.Signatures[0], s.Signatures[1] = s.Signatures[1], s.Signatures[0]
			return s
		}(), want: channels.ErrWrongSigner},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			require.ErrorIs(t, p.ch.ValidateCooperativeSettle(&tc.s), tc.want)
		})
	}

	settling := mustApply(t, p.ch, channels.SettleSigned{Settle: good})
	require.Equal(t, channels.PhaseSettling, settling.Phase)
	sp := p.sign(t, channels.PartA, 2, 31)
	require.ErrorIs(t, settling.ValidateProof(channels.PartA, &sp), channels.ErrChannelNotOpen, "no payments once settling")
}

func (p *pair) settle(t testing.TB, a, b uint64) channels.CoSignedSettle {
	t.Helper()
	s := channels.CooperativeSettle{ChannelID: p.ch.ID, Balances: [2]uint256.Int{eth(a), eth(b)}}
	d := p.ch.Domain()
	digest := d.CooperativeSettleDigest(&s)
	out := channels.CoSignedSettle{Settle: s}
	for i := range out.Signatures {
		sig, err := p.signers[i].SignDigest(digest)
		require.NoError(t, err)
		out.Signatures[i] = sig
	}
	return out
}

func TestParamsValidate(t *testing.T) {
	a, b := common.HexToAddress("0x01"), common.HexToAddress("0x02")
	good := channels.Params{ChainID: 1, Contract: testContract, Participants: [2]common.Address{a, b}, Counter: 1}
	require.NoError(t, good.Validate())
	tests := map[string]func(p *channels.Params){
		"zero chain":       func(p *channels.Params) { p.ChainID = 0 },
		"zero contract":    func(p *channels.Params) { p.Contract = common.Address{} },
		"unsorted":         func(p *channels.Params) { p.Participants = [2]common.Address{b, a} },
		"same twice":       func(p *channels.Params) { p.Participants = [2]common.Address{a, a} },
		"zero participant": func(p *channels.Params) { p.Participants[0] = common.Address{} },
		"zero counter":     func(p *channels.Params) { p.Counter = 0 },
	}
	for name, mutate := range tests {
		t.Run(name, func(t *testing.T) {
			p := good
			mutate(&p)
			require.ErrorIs(t, p.Validate(), channels.ErrInvalidParams)
		})
	}
	require.Equal(t, [2]common.Address{a, b}, channels.SortParticipants(b, a))

	other := good
	other.Counter = 2
	require.NotEqual(t, good.ID(), other.ID(), "a reopened channel gets a new ID")
}

// TestSettleReplacement: a settling channel takes a settle other than the
// one it keeps only over a larger pot, which only deposits since the
// kept one's signing give (and they void it on chain for good).
func TestSettleReplacement(t *testing.T) {
	p := newPair(t, 100, 100)
	settling := mustApply(t, p.ch, channels.SettleSigned{Settle: p.settle(t, 100, 100)})
	deposited := mustApply(t, settling, channels.Deposited{Participant: channels.PartA, Total: eth(150)})
	withdrawn := mustApply(t, settling, channels.Withdrawn{Participant: channels.PartA, Total: eth(10)})
	for _, tc := range []struct {
		name    string
		ch      channels.Channel
		a, b    uint64
		wantErr error
	}{
		{name: "the kept settle again", ch: settling, a: 100, b: 100},
		{name: "same pot, other split", ch: settling, a: 150, b: 50, wantErr: channels.ErrBalanceMismatch},
		{name: "smaller pot, not the balances", ch: settling, a: 50, b: 50, wantErr: channels.ErrBalanceMismatch},
		// The chain paid a withdraw of A's we never counted: the
		// balances are lower, and a settle over them is refused.
		{name: "smaller pot after a withdraw", ch: withdrawn, a: 90, b: 100, wantErr: channels.ErrIllegalTransition},
		{name: "larger pot without the deposit", ch: settling, a: 150, b: 100, wantErr: channels.ErrBalanceMismatch},
		{name: "larger pot after a deposit", ch: deposited, a: 150, b: 100},
		{name: "the void settle again after a deposit", ch: deposited, a: 100, b: 100, wantErr: channels.ErrBalanceMismatch},
		{name: "larger pot, wrong split", ch: deposited, a: 100, b: 150, wantErr: channels.ErrBalanceMismatch},
	} {
		t.Run(tc.name, func(t *testing.T) {
			css := p.settle(t, tc.a, tc.b)
			next, err := tc.ch.Apply(channels.SettleSigned{Settle: css})
			if tc.wantErr != nil {
				require.ErrorIs(t, err, tc.wantErr)
				require.Equal(t, tc.ch.Settle, next.Settle, "the kept settle stays")
				return
			}
			require.NoError(t, err)
			require.Equal(t, channels.PhaseSettling, next.Phase)
			require.Equal(t, css, next.Settle)
		})
	}
}
