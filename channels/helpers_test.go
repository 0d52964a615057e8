package channels_test

import (
	"crypto/ecdsa"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/holiman/uint256"
	"github.com/stretchr/testify/require"

	"github.com/meshpay/meshpay/channels"
)

// pair is a two-party fixture: an open channel between A and B with deposits.
type pair struct {
	keys    [2]*ecdsa.PrivateKey
	signers [2]*channels.KeySigner
	ch      channels.Channel
}

var testContract = common.HexToAddress("0xCcCCccccCCCCcCCCCCCcCcCccCcCCCcCcccccccC")

func newKey(t testing.TB, seed byte) *ecdsa.PrivateKey {
	t.Helper()
	k, err := crypto.ToECDSA(crypto.Keccak256([]byte{seed}))
	require.NoError(t, err)
	return k
}

func eth(n uint64) uint256.Int { return *uint256.NewInt(n) }

// newPair opens a channel with the given deposits for A and B.
func newPair(t testing.TB, depA, depB uint64) *pair {
	t.Helper()
	k1, k2 := newKey(t, 1), newKey(t, 2)
	a1, a2 := crypto.PubkeyToAddress(k1.PublicKey), crypto.PubkeyToAddress(k2.PublicKey)
	parts := channels.SortParticipants(a1, a2)
	p := &pair{}
	if parts[0] == a1 {
		p.keys = [2]*ecdsa.PrivateKey{k1, k2}
	} else {
		p.keys = [2]*ecdsa.PrivateKey{k2, k1}
	}
	for i := range p.keys {
		p.signers[i] = channels.NewKeySigner(p.keys[i])
	}
	ch, err := channels.NewChannel(channels.Params{
		ChainID: 1337, Contract: testContract, Participants: parts, Counter: 1, ChallengePeriod: 600,
	})
	require.NoError(t, err)
	ch = mustApply(t, ch, channels.Opened{})
	ch = mustApply(t, ch, channels.Deposited{Participant: channels.PartA, Total: eth(depA)})
	ch = mustApply(t, ch, channels.Deposited{Participant: channels.PartB, Total: eth(depB)})
	p.ch = ch
	return p
}

func mustApply(t testing.TB, ch channels.Channel, ev channels.Event) channels.Channel {
	t.Helper()
	next, err := ch.Apply(ev)
	require.NoError(t, err)
	return next
}

// sign makes a proof from participant i with the given nonce and cumulative amount.
func (p *pair) sign(t testing.TB, i int, nonce, transferred uint64) channels.SignedBalanceProof {
	t.Helper()
	sp, err := channels.SignBalanceProof(p.ch.Domain(), channels.BalanceProof{
		ChannelID: p.ch.ID, Nonce: nonce, TransferredAmount: eth(transferred),
	}, p.signers[i])
	require.NoError(t, err)
	return sp
}

// accept validates and applies a proof from participant i.
func (p *pair) accept(t testing.TB, i int, sp channels.SignedBalanceProof) {
	t.Helper()
	require.NoError(t, p.ch.ValidateProof(i, &sp))
	p.ch = mustApply(t, p.ch, channels.ProofAccepted{Signer: i, Proof: sp})
}
