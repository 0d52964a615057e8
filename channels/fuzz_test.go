package channels_test

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/meshpay/meshpay/channels"
)

// FuzzDecodeValidate feeds arbitrary bytes to the proof decoder and, when
// they decode, to the validator. Neither may panic; a decoded proof must
// re-encode to the same bytes; a proof the validator accepts must really be
// B's signature over a larger nonce within B's balance.
func FuzzDecodeValidate(f *testing.F) {
	p := newPair(f, 100, 100)
	p.accept(f, channels.PartB, p.sign(f, channels.PartB, 1, 10))
	for _, sp := range []channels.SignedBalanceProof{
		p.sign(f, channels.PartB, 2, 20),
		p.sign(f, channels.PartB, 1, 20),
		p.sign(f, channels.PartA, 2, 20),
		p.sign(f, channels.PartB, 3, 1000),
	} {
		b, err := sp.MarshalBinary()
		require.NoError(f, err)
		f.Add(b)
	}
	f.Add([]byte{})
	f.Add([]byte{1, 2, 3})

	f.Fuzz(func(t *testing.T, data []byte) {
		var sp channels.SignedBalanceProof
		if err := sp.UnmarshalBinary(data); err != nil {
			require.ErrorIs(t, err, channels.ErrMalformed)
			return
		}
		again, err := sp.MarshalBinary()
		require.NoError(t, err)
		require.Equal(t, data, again)

		err = p.ch.ValidateProof(channels.PartB, &sp)
		if err != nil {
			if !isValidationError(err) {
				t.Fatalf("untyped validation error: %v", err)
			}
			return
		}
		d := p.ch.Domain()
		signer, err := channels.RecoverSigner(d.BalanceProofDigest(&sp.Proof), &sp.Signature)
		require.NoError(t, err)
		require.Equal(t, p.ch.Params.Participants[channels.PartB], signer)
		require.Greater(t, sp.Proof.Nonce, uint64(1))
		next, err := p.ch.Apply(channels.ProofAccepted{Signer: channels.PartB, Proof: sp})
		require.NoError(t, err)
		require.NoError(t, next.CheckInvariant())
	})
}

func isValidationError(err error) bool {
	for _, e := range []error{
		channels.ErrBadSignature, channels.ErrWrongSigner, channels.ErrWrongChannel, channels.ErrWrongChain,
		channels.ErrWrongContract, channels.ErrNonceNotIncreasing, channels.ErrTransferredDecreasing,
		channels.ErrOverspend, channels.ErrLocksUnsupported, channels.ErrAmountOverflow,
	} {
		if errors.Is(err, e) {
			return true
		}
	}
	return false
}

func TestMessageEncodingRoundTrip(t *testing.T) {
	p := newPair(t, 100, 100)
	w := p.withdraw(t, channels.PartA, 7, 99)
	b, err := w.MarshalBinary()
	require.NoError(t, err)
	var w2 channels.CoSignedWithdraw
	require.NoError(t, w2.UnmarshalBinary(b))
	require.Equal(t, w, w2)
	require.ErrorIs(t, w2.UnmarshalBinary(b[1:]), channels.ErrMalformed)

	s := p.settle(t, 100, 100)
	b, err = s.MarshalBinary()
	require.NoError(t, err)
	var s2 channels.CoSignedSettle
	require.NoError(t, s2.UnmarshalBinary(b))
	require.Equal(t, s, s2)
	b[0] = 9
	require.ErrorIs(t, s2.UnmarshalBinary(b), channels.ErrMalformed, "unknown version")
}
