package engine_test

import (
	"context"
	"testing"
	"time"

	"github.com/holiman/uint256"
	"github.com/stretchr/testify/require"

	"github.com/meshpay/meshpay/channels"
	"github.com/meshpay/meshpay/channels/engine"
	"github.com/meshpay/meshpay/channels/store"
	"github.com/meshpay/meshpay/internal/diskimage"
)

// TestPowerCutTakesBackLostProof: a payer sends each proof while its own
// sync still runs, so a power cut can lose proofs the payee holds. After
// such a restart the payer pays nothing until it has reconciled with the
// payee, even after a start that failed before the engine ran; it takes
// the lost proof back (not a forged one) and pays on top.
func TestPowerCutTakesBackLostProof(t *testing.T) {
	ctx := context.Background()
	h := newHarness(t, 1000, 0)
	for range 3 {
		_, err := h.alice.eng.Pay(ctx, h.id, uint256.NewInt(10), "kept")
		require.NoError(t, err)
	}
	// What a power cut right now could leave, were the later writes never
	// synced: the files as they are, journal included.
	image := t.TempDir()
	diskimage.Copy(t, h.alice.dir, image, nil)
	for range 2 {
		_, err := h.alice.eng.Pay(ctx, h.id, uint256.NewInt(7), "lost")
		require.NoError(t, err)
	}
	h.alice.close()
	h.alice.dir = image
	// A start that fails once the store is open, before the engine keeps
	// the gates (a bad config, say), closes the store cleanly: the next
	// start still knows of the power cut.
	failed, err := store.Open(image)
	require.NoError(t, err)
	require.True(t, failed.Recovered())
	require.NoError(t, failed.Close())
	h.alice.open(t, ctx, engine.Config{DeliverTimeout: 200 * time.Millisecond, Deliverer: loopback{from: h.alice.signer.Address(), to: func() *engine.Engine { return h.bob.eng }}})
	require.True(t, h.alice.store.Recovered())

	before, err := h.alice.eng.Channel(h.id)
	require.NoError(t, err)
	ai, err := before.Params.Index(h.alice.signer.Address())
	require.NoError(t, err)
	require.Equal(t, uint64(30), before.Transferred(ai).Uint64(), "the image lost the last two payments")
	_, err = h.alice.eng.Pay(ctx, h.id, uint256.NewInt(1), "too soon")
	require.ErrorIs(t, err, engine.ErrNotReconciled)

	held, err := h.bob.eng.Channel(h.id)
	require.NoError(t, err)
	require.Equal(t, uint64(44), held.Transferred(ai).Uint64())
	forged := held.Proofs[ai]
	forged.Proof.TransferredAmount = *uint256.NewInt(1)
	require.ErrorIs(t, h.alice.eng.Reconcile(ctx, h.bob.signer.Address(), h.id, held.Proofs[1-ai], forged), channels.ErrWrongSigner)
	_, err = h.alice.eng.Pay(ctx, h.id, uint256.NewInt(1), "still too soon")
	require.ErrorIs(t, err, engine.ErrNotReconciled, "a forged proof does not reconcile")
	after, err := h.alice.eng.Channel(h.id)
	require.NoError(t, err)
	require.Equal(t, before.Proofs, after.Proofs, "nothing signed or taken while not reconciled")

	// A clean restart in between does not open the gate: the journal that
	// told of the power cut is gone by now, the store's record is not.
	reopen := func() {
		h.alice.close()
		h.alice.open(t, ctx, engine.Config{DeliverTimeout: 200 * time.Millisecond, Deliverer: loopback{from: h.alice.signer.Address(), to: func() *engine.Engine { return h.bob.eng }}})
		require.False(t, h.alice.store.Recovered())
	}
	reopen()
	_, err = h.alice.eng.Pay(ctx, h.id, uint256.NewInt(1), "after a clean restart")
	require.ErrorIs(t, err, engine.ErrNotReconciled)

	require.NoError(t, h.alice.eng.Reconcile(ctx, h.bob.signer.Address(), h.id, held.Proofs[1-ai], held.Proofs[ai]))
	reopen()
	r, err := h.alice.eng.Pay(ctx, h.id, uint256.NewInt(5), "after")
	require.NoError(t, err)
	require.Equal(t, uint64(49), r.Transferred.Uint64(), "paid on top of the proof taken back")
	require.Greater(t, r.Nonce, held.Proofs[ai].Proof.Nonce)
	got, err := h.bob.eng.Channel(h.id)
	require.NoError(t, err)
	require.Equal(t, r.Transferred, *got.Transferred(ai), "the payee took it")

	// Alice's history adds up: the lost payments as one unitemized amount.
	pays, err := h.alice.store.Payments(ctx, h.id, 0)
	require.NoError(t, err)
	var sent uint64
	unitemized := 0
	for _, p := range pays {
		require.Equal(t, store.Sent, p.Direction)
		sent += p.Amount.Uint64()
		if p.Reference == "" {
			unitemized++
			require.Equal(t, uint64(14), p.Amount.Uint64())
		}
	}
	require.Equal(t, uint64(49), sent)
	require.Equal(t, 1, unitemized)
}
