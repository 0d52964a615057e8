package channels_test

import (
	"errors"
	"math/rand/v2"
	"testing"

	"github.com/holiman/uint256"
	"github.com/stretchr/testify/require"

	"github.com/meshpay/meshpay/channels"
)

// TestBalanceInvariantProperty runs random sequences of payments, withdraws
// and deposits in both directions, valid and invalid, and checks after every
// step that balances add up to the pot, cumulative amounts never decrease
// and nonces strictly increase.
func TestBalanceInvariantProperty(t *testing.T) {
	seed := rand.Uint64()
	t.Logf("seed %d (set PROPERTY_SEED to replay)", seed)
	for run := range 30 {
		rng := rand.New(rand.NewPCG(seed, uint64(run)))
		p := newPair(t, rng.Uint64N(1000), rng.Uint64N(1000))
		now := uint64(1_000)
		for step := range 200 {
			prev := p.ch
			i := int(rng.UintN(2))
			var err error
			switch op := rng.UintN(10); {
			case op < 6: // pay a random amount, sometimes more than available
				avail, aerr := p.ch.Available(i)
				require.NoError(t, aerr)
				amount := uint256.NewInt(rng.Uint64N(avail.Uint64()/2 + 3))
				next, perr := p.ch.NextProof(i, amount, p.ch.Proofs[i].Proof.Nonce+1+rng.Uint64N(3))
				if perr == nil {
					sp, serr := channels.SignBalanceProof(p.ch.Domain(), next, p.signers[i])
					require.NoError(t, serr)
					if err = p.ch.ValidateProof(i, &sp); err == nil {
						p.ch, err = p.ch.Apply(channels.ProofAccepted{Signer: i, Proof: sp})
					}
				} else {
					err = perr
				}
				if err != nil {
					require.ErrorIs(t, err, channels.ErrOverspend, "seed %d run %d step %d", seed, run, step)
				}
			case op < 8: // withdraw part of the balance, sometimes too much
				avail, _ := p.ch.Available(i)
				total := new(uint256.Int).Add(&p.ch.Withdrawn[i], uint256.NewInt(rng.Uint64N(avail.Uint64()+3)))
				w := p.withdraw(t, i, total.Uint64(), now+10)
				if err = p.ch.ValidateWithdraw(&w, now, false); err == nil {
					p.ch, err = p.ch.Apply(channels.Withdrawn{Participant: i, Total: w.Withdraw.TotalWithdraw})
				} else if !errors.Is(err, channels.ErrWithdrawTooLarge) && !errors.Is(err, channels.ErrWithdrawNotIncreasing) {
					t.Fatalf("seed %d run %d step %d: unexpected withdraw error %v", seed, run, step, err)
				}
			default: // top up
				total := new(uint256.Int).Add(&p.ch.Deposit[i], uint256.NewInt(rng.Uint64N(500)))
				p.ch, err = p.ch.Apply(channels.Deposited{Participant: i, Total: *total})
				require.NoError(t, err)
			}
			now++
			require.NoError(t, p.ch.CheckInvariant(), "seed %d run %d step %d", seed, run, step)
			for j := range 2 {
				require.False(t, p.ch.Transferred(j).Lt(prev.Transferred(j)), "seed %d: transferred went down", seed)
				require.GreaterOrEqual(t, p.ch.Proofs[j].Proof.Nonce, prev.Proofs[j].Proof.Nonce, "seed %d", seed)
				if p.ch.Proofs[j] != prev.Proofs[j] {
					require.Greater(t, p.ch.Proofs[j].Proof.Nonce, prev.Proofs[j].Proof.Nonce, "seed %d", seed)
				}
				_, aerr := p.ch.Available(j)
				require.NoError(t, aerr, "seed %d: negative balance", seed)
			}
		}
	}
}
