package engine_test

import (
	"context"
	"testing"

	"github.com/holiman/uint256"
	"github.com/stretchr/testify/require"

	"github.com/meshpay/meshpay/channels"
	"github.com/meshpay/meshpay/channels/engine"
	"github.com/meshpay/meshpay/channels/store"
)

// TestAcceptPipelines: the payee takes proof n+1 while proof n is still
// unsettled, validating it on top of n; acks come once durable; anything
// else that locks the receiving side first settles what was accepted.
func TestAcceptPipelines(t *testing.T) {
	ctx := context.Background()
	h := newHarness(t, 1000, 0)
	before, err := h.bob.eng.Channel(h.id)
	require.NoError(t, err)
	ai, sign := aliceProofs(t, h)
	from := h.alice.signer.Address()
	next := func(amount, nonce uint64) engine.Delivery {
		return engine.Delivery{Proof: sign(amount, nonce), Payments: []engine.PaymentInfo{{Amount: *uint256.NewInt(amount), Reference: "r", Nonce: nonce}}}
	}
	d1, d2 := next(10, 1), next(20, 2)
	settle1, err := h.bob.eng.Accept(ctx, from, d1)
	require.NoError(t, err)
	settle2, err := h.bob.eng.Accept(ctx, from, d2)
	require.NoError(t, err, "validated on top of proof 1, not yet settled")

	// A proof that would pass against the settled state alone: nonce 3
	// but less than proof 2 carries.
	p, err := before.NextProof(ai, uint256.NewInt(5), 3)
	require.NoError(t, err)
	low, err := channels.SignBalanceProof(before.Domain(), p, h.alice.signer)
	require.NoError(t, err)
	_, err = h.bob.eng.Accept(ctx, from, engine.Delivery{Proof: low})
	require.ErrorIs(t, err, channels.ErrTransferredDecreasing)

	again, err := h.bob.eng.Accept(ctx, from, d2)
	require.NoError(t, err, "a repeat of the latest is acknowledged again")
	for i, settle := range []func(context.Context) (engine.Ack, error){settle1, settle2, again} {
		ack, err := settle(ctx)
		require.NoError(t, err)
		require.Equal(t, []uint64{1, 2, 2}[i], ack.Nonce)
	}
	got, err := h.bob.eng.Channel(h.id)
	require.NoError(t, err)
	require.Equal(t, d2.Proof, got.Proofs[ai])

	// Accepted, not settled, then a whole-record change: it builds on the
	// accepted proof (the store would refuse one that went back).
	d3 := next(7, 3)
	settle3, err := h.bob.eng.Accept(ctx, from, d3)
	require.NoError(t, err)
	got, err = h.bob.eng.Apply(ctx, h.id, channels.Deposited{Participant: ai, Total: *uint256.NewInt(2000)})
	require.NoError(t, err)
	require.Equal(t, d3.Proof, got.Proofs[ai])
	require.Equal(t, uint64(2000), got.Deposit[ai].Uint64())
	ack, err := settle3(ctx)
	require.NoError(t, err)
	require.Equal(t, uint64(3), ack.Nonce)

	pays, err := h.bob.store.Payments(ctx, h.id, 0)
	require.NoError(t, err)
	var sum uint64
	for _, p := range pays {
		sum += p.Amount.Uint64()
	}
	require.Equal(t, uint64(37), sum, "one record per payment, none twice")
}

// TestAcceptedProofCountsWithoutSettle: a proof Accept took whose settle
// never runs (its stream died) still reaches the channel state once it is
// durable; a sync that carries a proof older than one being written is no
// conflict.
func TestAcceptedProofCountsWithoutSettle(t *testing.T) {
	ctx := context.Background()
	h := newHarness(t, 1000, 0)
	ai, sign := aliceProofs(t, h)
	from := h.alice.signer.Address()
	p1, p2 := sign(10, 1), sign(5, 2)
	_, err := h.bob.eng.Accept(ctx, from, engine.Delivery{Proof: p1})
	require.NoError(t, err)
	_, err = h.bob.eng.Accept(ctx, from, engine.Delivery{Proof: p2})
	require.NoError(t, err)
	// Commits keep queue order: once this one is durable, so are both.
	require.NoError(t, h.bob.store.Commit(ctx, store.Update{Meta: map[string][]byte{"barrier": {1}}}))

	got, err := h.bob.eng.Channel(h.id)
	require.NoError(t, err)
	require.Equal(t, p2, got.Proofs[ai], "durable, so it counts, settled or not")

	// DurableChannel waits for a proof still being written.
	p5 := sign(2, 5)
	_, err = h.bob.eng.Accept(ctx, from, engine.Delivery{Proof: p5})
	require.NoError(t, err)
	durable, err := h.bob.eng.DurableChannel(ctx, h.id)
	require.NoError(t, err)
	require.Equal(t, p5, durable.Proofs[ai])
	got = durable

	p3, p4 := sign(1, 6), sign(1, 7)
	_, err = h.bob.eng.Accept(ctx, from, engine.Delivery{Proof: p3})
	require.NoError(t, err)
	_, err = h.bob.eng.Accept(ctx, from, engine.Delivery{Proof: p4})
	require.NoError(t, err)
	// Alice's sync was sent when p3 was her latest.
	require.NoError(t, h.bob.eng.Reconcile(ctx, from, h.id, p3, got.Proofs[1-ai]))
	all := h.bob.eng.Channels()
	require.Len(t, all, 1)
	require.Equal(t, p4, all[0].Proofs[ai])
}

// aliceProofs returns alice's index in the harness channel and a signer of
// her next proofs, each amount more than the one before.
func aliceProofs(t *testing.T, h *harness) (int, func(amount, nonce uint64) channels.SignedBalanceProof) {
	t.Helper()
	local, err := h.bob.eng.Channel(h.id)
	require.NoError(t, err)
	ai, err := local.Params.Index(h.alice.signer.Address())
	require.NoError(t, err)
	return ai, func(amount, nonce uint64) channels.SignedBalanceProof {
		t.Helper()
		p, err := local.NextProof(ai, uint256.NewInt(amount), nonce)
		require.NoError(t, err)
		sp, err := channels.SignBalanceProof(local.Domain(), p, h.alice.signer)
		require.NoError(t, err)
		local, err = local.Apply(channels.ProofAccepted{Signer: ai, Proof: sp})
		require.NoError(t, err)
		return sp
	}
}
