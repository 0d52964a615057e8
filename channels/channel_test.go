package channels_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/meshpay/meshpay/channels"
)

// TestTransitions drives every (phase, event) pair through Apply.
func TestTransitions(t *testing.T) {
	p := newPair(t, 100, 100)
	good := p.settle(t, 100, 100)
	events := map[string]channels.Event{
		"opened":              channels.Opened{},
		"deposited":           channels.Deposited{Participant: channels.PartA, Total: eth(200)},
		"withdrawn":           channels.Withdrawn{Participant: channels.PartA, Total: eth(10)},
		"proof":               channels.ProofAccepted{Signer: channels.PartA, Proof: p.sign(t, channels.PartA, 1, 1)},
		"settle-signed":       channels.SettleSigned{Settle: good},
		"closed":              channels.Closed{Closer: channels.PartB, At: 5},
		"non-closing-updated": channels.NonClosingUpdated{Nonce: 1},
		"settled":             channels.Settled{},
	}
	// allowed[phase][event] = next phase; anything missing must be refused.
	allowed := map[channels.Phase]map[string]channels.Phase{
		channels.PhaseOpening: {"opened": channels.PhaseOpen},
		channels.PhaseOpen: {
			"deposited": channels.PhaseOpen, "withdrawn": channels.PhaseOpen, "proof": channels.PhaseOpen,
			"settle-signed": channels.PhaseSettling, "closed": channels.PhaseClosing, "settled": channels.PhaseSettled,
		},
		channels.PhaseSettling: {
			"deposited": channels.PhaseSettling, "withdrawn": channels.PhaseSettling,
			// Allowed here because the channel keeps no settle yet
			// (TestSettleReplacement has the rule).
			"settle-signed": channels.PhaseSettling,
			"closed":        channels.PhaseClosing, "settled": channels.PhaseSettled,
		},
		channels.PhaseClosing: {"non-closing-updated": channels.PhaseClosing, "settled": channels.PhaseSettled},
		channels.PhaseSettled: {},
	}
	for _, phase := range []channels.Phase{channels.PhaseOpening, channels.PhaseOpen, channels.PhaseSettling, channels.PhaseClosing, channels.PhaseSettled} {
		for name, ev := range events {
			t.Run(phase.String()+"/"+name, func(t *testing.T) {
				ch := p.ch
				ch.Phase = phase
				next, err := ch.Apply(ev)
				want, ok := allowed[phase][name]
				if !ok {
					require.ErrorIs(t, err, channels.ErrIllegalTransition)
					require.Contains(t, err.Error(), phase.String())
					require.Contains(t, err.Error(), name)
					require.Equal(t, ch, next, "a refused event changes nothing")
					return
				}
				require.NoError(t, err)
				require.Equal(t, want, next.Phase)
				require.Equal(t, phase, ch.Phase, "Apply does not change its receiver")
			})
		}
	}
}

func TestApplyRefusesBadEvents(t *testing.T) {
	p := newPair(t, 100, 100)
	_, err := p.ch.Apply(channels.Deposited{Participant: channels.PartA, Total: eth(99)})
	require.ErrorIs(t, err, channels.ErrDepositNotIncreasing)
	_, err = p.ch.Apply(channels.Deposited{Participant: 2, Total: eth(200)})
	require.ErrorIs(t, err, channels.ErrNotParticipant)
	_, err = p.ch.Apply(channels.ProofAccepted{Signer: channels.PartA, Proof: p.sign(t, channels.PartA, 1, 101)})
	require.ErrorIs(t, err, channels.ErrOverspend, "Apply re-checks the balance rules")

	closed := mustApply(t, p.ch, channels.Closed{Closer: channels.PartB, At: 1_000})
	require.Equal(t, uint64(1_600), closed.SettleAfter)
	require.Equal(t, channels.PartB, closed.Closer)
}

func TestPhaseString(t *testing.T) {
	require.Equal(t, "closing", channels.PhaseClosing.String())
	require.Equal(t, "phase(9)", channels.Phase(9).String())
	require.False(t, channels.Phase(0).Valid())
}
