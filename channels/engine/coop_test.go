package engine_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/holiman/uint256"
	"github.com/stretchr/testify/require"

	"github.com/meshpay/meshpay/channels"
	"github.com/meshpay/meshpay/channels/engine"
)

// askWithdraw and askSettle answer with the partner's engine, as the wire would.
func askWithdraw(from channels.Address, partner *engine.Engine) engine.AskWithdraw {
	return func(ctx context.Context, w channels.Withdraw, sig channels.Signature) (channels.Signature, error) {
		return partner.CoSignWithdraw(ctx, from, w, sig)
	}
}

func askSettle(from channels.Address, partner *engine.Engine) engine.AskSettle {
	return func(ctx context.Context, s channels.CooperativeSettle, sig channels.Signature) (channels.Signature, error) {
		return partner.CoSignSettle(ctx, from, s, sig)
	}
}

func TestWithdraw(t *testing.T) {
	ctx := context.Background()
	later := uint64(time.Now().Add(time.Hour).Unix())
	tests := []struct {
		name   string
		amount uint64
		expiry uint64
		as     func(h *harness) channels.Address // who asks the partner
		want   error
	}{
		{"within balance incl. received", 550, later, nil, nil},
		{"more than balance", 601, later, nil, channels.ErrWithdrawTooLarge},
		{"expired", 10, uint64(time.Now().Add(-time.Minute).Unix()), nil, channels.ErrWithdrawExpired},
		{"asked by someone else", 10, later, func(h *harness) channels.Address { return h.alice.signer.Address() }, engine.ErrWrongPeer},
		{"zero", 0, later, nil, engine.ErrInvalidAmount},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t, 1000, 500)
			_, err := h.alice.eng.Pay(ctx, h.id, uint256.NewInt(100), "a")
			require.NoError(t, err)
			from := h.bob.signer.Address()
			if tc.as != nil {
				from = tc.as(h)
			}
			cw, err := h.bob.eng.Withdraw(ctx, h.id, uint256.NewInt(tc.amount), tc.expiry, askWithdraw(from, h.alice.eng))
			if tc.want != nil {
				require.ErrorIs(t, err, tc.want)
				for _, p := range []*party{h.alice, h.bob} {
					ch, err := p.eng.Channel(h.id)
					require.NoError(t, err)
					require.True(t, ch.Withdrawn[0].IsZero() && ch.Withdrawn[1].IsZero(), "nothing counted")
				}
				return
			}
			require.NoError(t, err)
			bobCh, err := h.bob.eng.Channel(h.id)
			require.NoError(t, err)
			bobIdx, err := bobCh.Params.Index(h.bob.signer.Address())
			require.NoError(t, err)
			for _, p := range []*party{h.alice, h.bob} {
				ch, err := p.eng.Channel(h.id)
				require.NoError(t, err)
				require.Equal(t, uint64(550), ch.Withdrawn[bobIdx].Uint64())
				require.NoError(t, ch.CheckInvariant())
			}
			// Bob has 50 left: 60 is an overspend, on his side already.
			_, err = h.bob.eng.Pay(ctx, h.id, uint256.NewInt(60), "b")
			require.ErrorIs(t, err, channels.ErrOverspend)
			// The same request again gets the same signature; after a
			// restart too, and it stays counted.
			h.restart(t)
			again, err := h.alice.eng.CoSignWithdraw(ctx, h.bob.signer.Address(), cw.Withdraw, cw.ParticipantSig)
			require.NoError(t, err)
			require.Equal(t, cw.PartnerSig, again)
			stored, err := h.alice.store.Withdraw(ctx, h.id, h.bob.signer.Address())
			require.NoError(t, err)
			require.Equal(t, cw, stored)
			// The same total with a new expiry is a renewal: co-signed,
			// counted once. A smaller total is a replay.
			d := bobCh.Domain()
			ask := func(w channels.Withdraw) error {
				sig, err := h.bob.signer.SignDigest(d.WithdrawDigest(&w))
				require.NoError(t, err)
				_, err = h.alice.eng.CoSignWithdraw(ctx, h.bob.signer.Address(), w, sig)
				return err
			}
			renewal := cw.Withdraw
			renewal.Expiry++
			require.NoError(t, ask(renewal))
			require.Equal(t, uint64(550), withdrawn(t, h.alice.eng, h.id, bobIdx))
			replay := cw.Withdraw
			replay.TotalWithdraw.SubUint64(&replay.TotalWithdraw, 1)
			require.ErrorIs(t, ask(replay), channels.ErrWithdrawNotIncreasing)
		})
	}
}

func TestCooperativeSettle(t *testing.T) {
	ctx := context.Background()
	h := newHarness(t, 1000, 500)
	_, err := h.alice.eng.Pay(ctx, h.id, uint256.NewInt(100), "a")
	require.NoError(t, err)
	alice, bob := h.alice.signer.Address(), h.bob.signer.Address()

	// Wrong balances are refused and change nothing.
	ch, err := h.alice.eng.Channel(h.id)
	require.NoError(t, err)
	wrong := channels.CooperativeSettle{ChannelID: h.id, Balances: [2]uint256.Int{*uint256.NewInt(750), *uint256.NewInt(750)}}
	d := ch.Domain()
	sig, err := h.bob.signer.SignDigest(d.CooperativeSettleDigest(&wrong))
	require.NoError(t, err)
	_, err = h.alice.eng.CoSignSettle(ctx, bob, wrong, sig)
	require.ErrorIs(t, err, channels.ErrBalanceMismatch)

	css, err := h.bob.eng.CooperativeSettle(ctx, h.id, askSettle(bob, h.alice.eng))
	require.NoError(t, err)
	ai, err := ch.Params.Index(alice)
	require.NoError(t, err)
	require.Equal(t, uint64(900), css.Settle.Balances[ai].Uint64())
	require.Equal(t, uint64(600), css.Settle.Balances[channels.Partner(ai)].Uint64())
	h.restart(t)
	for _, p := range []*party{h.alice, h.bob} {
		ch, err := p.eng.Channel(h.id)
		require.NoError(t, err)
		require.Equal(t, channels.PhaseSettling, ch.Phase)
		require.NoError(t, ch.ValidateCooperativeSettle(&ch.Settle))
	}
	_, err = h.alice.eng.Pay(ctx, h.id, uint256.NewInt(1), "late")
	require.ErrorIs(t, err, channels.ErrChannelNotOpen)
	// Asking again returns the same co-signed settle.
	again, err := h.bob.eng.CooperativeSettle(ctx, h.id, askSettle(bob, h.alice.eng))
	require.NoError(t, err)
	require.Equal(t, css, again)
}

func TestReconcileAfterLostDeliveries(t *testing.T) {
	ctx := context.Background()
	h := newHarness(t, 1000, 500)
	alice, bob := h.alice.signer.Address(), h.bob.signer.Address()
	_, err := h.alice.eng.Pay(ctx, h.id, uint256.NewInt(100), "delivered")
	require.NoError(t, err)
	h.alice.eng.SetDeliverer(failing{})
	_, err = h.alice.eng.Pay(ctx, h.id, uint256.NewInt(7), "lost")
	require.ErrorIs(t, err, engine.ErrUnacknowledged)

	ach, err := h.alice.eng.Channel(h.id)
	require.NoError(t, err)
	bch, err := h.bob.eng.Channel(h.id)
	require.NoError(t, err)
	ai, err := ach.Params.Index(alice)
	require.NoError(t, err)
	bi := channels.Partner(ai)
	require.Equal(t, uint64(107), ach.Proofs[ai].Proof.TransferredAmount.Uint64())
	require.Equal(t, uint64(100), bch.Proofs[ai].Proof.TransferredAmount.Uint64())

	// Bob learns Alice's latest proof from her sync message.
	require.NoError(t, h.bob.eng.Reconcile(ctx, alice, h.id, ach.Proofs[ai], ach.Proofs[bi]))
	bch, err = h.bob.eng.Channel(h.id)
	require.NoError(t, err)
	require.Equal(t, ach.Proofs[ai], bch.Proofs[ai])
	pays, err := h.bob.store.Payments(ctx, h.id, 10)
	require.NoError(t, err)
	var got uint64
	for _, p := range pays {
		got += p.Amount.Uint64()
	}
	require.Equal(t, uint64(107), got, "received records add up to the proof")

	// A proof that contradicts the one Bob holds is a conflict, not stored.
	forged := ach.Proofs[ai]
	forged.Proof.TransferredAmount = *uint256.NewInt(999)
	forged, err = channels.SignBalanceProof(ach.Domain(), forged.Proof, h.alice.signer)
	require.NoError(t, err)
	require.ErrorIs(t, h.bob.eng.Reconcile(ctx, alice, h.id, forged, bch.Proofs[bi]), engine.ErrConflict)
	require.ErrorIs(t, h.bob.eng.Reconcile(ctx, bob, h.id, forged, bch.Proofs[bi]), engine.ErrWrongPeer)
	bch2, err := h.bob.eng.Channel(h.id)
	require.NoError(t, err)
	require.Equal(t, bch, bch2)

	// Alice, told Bob is behind on hers, redelivers with the unacked item.
	h.alice.eng.SetDeliverer(loopback{from: alice, to: func() *engine.Engine { return h.bob.eng }})
	_, err = h.alice.eng.Pay(ctx, h.id, uint256.NewInt(3), "after")
	require.NoError(t, err)
	require.NoError(t, h.alice.eng.Reconcile(ctx, bob, h.id, channels.SignedBalanceProof{}, ach.Proofs[ai]))
	bch, err = h.bob.eng.Channel(h.id)
	require.NoError(t, err)
	require.Equal(t, uint64(110), bch.Proofs[ai].Proof.TransferredAmount.Uint64())
}

// TestAdoptWithdraw: Bob asks for a withdraw, Alice co-signs and counts it,
// and her answer is lost. The sync brings Bob her co-signed withdraw:
// he counts it once both signatures check out, even past its expiry, and
// refuses anything he did not sign, Alice did not sign, or that is not
// his or not from her.
func TestAdoptWithdraw(t *testing.T) {
	ctx := context.Background()
	errLost := errors.New("answer lost")
	tests := []struct {
		name string
		// expiry of the withdraw, relative to now
		expiry time.Duration
		mutate func(h *harness, cw *channels.CoSignedWithdraw) channels.Address // returns the sender
		want   error
	}{
		{name: "lost answer", expiry: time.Hour},
		{name: "expired since", expiry: -time.Minute},
		{name: "partner signature forged", expiry: time.Hour, want: channels.ErrWrongSigner, mutate: func(h *harness, cw *channels.CoSignedWithdraw) channels.Address {
			cw.PartnerSig = cw.ParticipantSig // Bob's own, not Alice's
			return h.alice.signer.Address()
		}},
		{name: "not signed by us", expiry: time.Hour, want: channels.ErrWrongSigner, mutate: func(h *harness, cw *channels.CoSignedWithdraw) channels.Address {
			cw.ParticipantSig = cw.PartnerSig
			return h.alice.signer.Address()
		}},
		{name: "total changed", expiry: time.Hour, want: channels.ErrWrongSigner, mutate: func(h *harness, cw *channels.CoSignedWithdraw) channels.Address {
			cw.Withdraw.TotalWithdraw.AddUint64(&cw.Withdraw.TotalWithdraw, 1)
			return h.alice.signer.Address()
		}},
		{name: "not from the partner", expiry: time.Hour, want: engine.ErrWrongPeer, mutate: func(h *harness, cw *channels.CoSignedWithdraw) channels.Address {
			return h.bob.signer.Address()
		}},
		{name: "not ours", expiry: time.Hour, want: engine.ErrWrongPeer, mutate: func(h *harness, cw *channels.CoSignedWithdraw) channels.Address {
			cw.Withdraw.Participant = h.alice.signer.Address()
			return h.alice.signer.Address()
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t, 1000, 500)
			alice, bob := h.alice.signer.Address(), h.bob.signer.Address()
			// Expired withdraws cannot be co-signed; let Alice co-sign
			// while valid, and check Bob's adoption later.
			expiry := uint64(time.Now().Add(max(tc.expiry, 2*time.Second)).Unix())
			_, err := h.bob.eng.Withdraw(ctx, h.id, uint256.NewInt(300), expiry, func(ctx context.Context, w channels.Withdraw, sig channels.Signature) (channels.Signature, error) {
				if _, err := h.alice.eng.CoSignWithdraw(ctx, bob, w, sig); err != nil {
					return channels.Signature{}, err
				}
				return channels.Signature{}, errLost
			})
			require.ErrorIs(t, err, errLost)
			bi := index(t, h, bob)
			require.Equal(t, uint64(300), withdrawn(t, h.alice.eng, h.id, bi), "Alice counts it")
			require.Zero(t, withdrawn(t, h.bob.eng, h.id, bi), "Bob does not")

			cw, err := h.alice.store.Withdraw(ctx, h.id, bob)
			require.NoError(t, err)
			if tc.expiry < 0 {
				time.Sleep(time.Until(time.Unix(int64(expiry)+1, 0)))
			}
			from := alice
			if tc.mutate != nil {
				from = tc.mutate(h, &cw)
			}
			adopted, err := h.bob.eng.AdoptWithdraw(ctx, from, cw)
			if tc.want != nil {
				require.ErrorIs(t, err, tc.want)
				require.False(t, adopted)
				require.Zero(t, withdrawn(t, h.bob.eng, h.id, bi), "nothing counted")
				return
			}
			require.NoError(t, err)
			require.True(t, adopted)
			require.Equal(t, uint64(300), withdrawn(t, h.bob.eng, h.id, bi))
			// Stored as if the answer had come, and again nothing new.
			h.restart(t)
			require.Equal(t, uint64(300), withdrawn(t, h.bob.eng, h.id, bi))
			kept, err := h.bob.store.Withdraw(ctx, h.id, bob)
			require.NoError(t, err)
			require.Equal(t, cw, kept)
			adopted, err = h.bob.eng.AdoptWithdraw(ctx, alice, cw)
			require.NoError(t, err)
			require.False(t, adopted)
			// Both sides agree on the balances again: a cooperative
			// settle goes through.
			_, err = h.bob.eng.CooperativeSettle(ctx, h.id, askSettle(bob, h.alice.eng))
			require.NoError(t, err)
		})
	}
}

func index(t *testing.T, h *harness, a channels.Address) int {
	t.Helper()
	ch, err := h.alice.eng.Channel(h.id)
	require.NoError(t, err)
	i, err := ch.Params.Index(a)
	require.NoError(t, err)
	return i
}

func withdrawn(t *testing.T, e *engine.Engine, id channels.ChannelID, i int) uint64 {
	t.Helper()
	ch, err := e.Channel(id)
	require.NoError(t, err)
	return ch.Withdrawn[i].Uint64()
}

// TestRenewWithdraw: a counted withdraw is co-signed again with a new
// expiry; both sides store the renewed copy, count nothing more, and keep
// it across a restart. A renewal needs a counted withdraw and a future
// expiry, and the partner checks the requester's signature on it.
func TestRenewWithdraw(t *testing.T) {
	ctx := context.Background()
	h := newHarness(t, 1000, 500)
	alice, bob := h.alice.signer.Address(), h.bob.signer.Address()
	bi := index(t, h, bob)
	askAlice := func(ctx context.Context, w channels.Withdraw, sig channels.Signature) (channels.Signature, error) {
		return h.alice.eng.CoSignWithdraw(ctx, bob, w, sig)
	}
	asked := false
	askNobody := func(context.Context, channels.Withdraw, channels.Signature) (channels.Signature, error) {
		asked = true
		return channels.Signature{}, errors.New("asked")
	}

	now := time.Now()
	_, err := h.bob.eng.RenewWithdraw(ctx, h.id, uint64(now.Add(time.Hour).Unix()), askNobody)
	require.ErrorIs(t, err, channels.ErrNotRenewal, "nothing counted yet")
	require.False(t, asked)

	first, err := h.bob.eng.Withdraw(ctx, h.id, uint256.NewInt(300), uint64(now.Add(time.Second).Unix()), askAlice)
	require.NoError(t, err)

	_, err = h.bob.eng.RenewWithdraw(ctx, h.id, uint64(now.Add(-time.Minute).Unix()), askNobody)
	require.ErrorIs(t, err, channels.ErrWithdrawExpired)
	require.False(t, asked)

	expiry := uint64(now.Add(time.Hour).Unix())
	renewed, err := h.bob.eng.RenewWithdraw(ctx, h.id, expiry, askAlice)
	require.NoError(t, err)
	require.Equal(t, first.Withdraw.TotalWithdraw, renewed.Withdraw.TotalWithdraw)
	require.Equal(t, expiry, renewed.Withdraw.Expiry)
	h.restart(t)
	for _, p := range []*party{h.alice, h.bob} {
		require.Equal(t, uint64(300), withdrawn(t, p.eng, h.id, bi), "counted once")
		stored, err := p.store.Withdraw(ctx, h.id, bob)
		require.NoError(t, err)
		require.Equal(t, renewed, stored, "the renewed copy replaces the first")
	}

	// Alice checks the requests she is sent as a renewal.
	w := renewed.Withdraw
	w.Expiry++
	_, err = h.alice.eng.CoSignWithdraw(ctx, bob, w, renewed.ParticipantSig)
	require.ErrorIs(t, err, channels.ErrWrongSigner, "Bob's signature is on another expiry")
	_, err = h.alice.eng.CoSignWithdraw(ctx, alice, w, renewed.ParticipantSig)
	require.ErrorIs(t, err, engine.ErrWrongPeer)
	stored, err := h.alice.store.Withdraw(ctx, h.id, bob)
	require.NoError(t, err)
	require.Equal(t, renewed, stored, "nothing stored")
}

// TestResettleAfterDeposit: a deposit into a settling channel voids its
// settle on chain for good; asking again then signs a new settle over the
// larger pot, which both sides keep across a restart. Without a deposit
// since, asking again asks the partner nothing.
func TestResettleAfterDeposit(t *testing.T) {
	ctx := context.Background()
	h := newHarness(t, 1000, 500)
	alice, bob := h.alice.signer.Address(), h.bob.signer.Address()
	css, err := h.bob.eng.CooperativeSettle(ctx, h.id, askSettle(bob, h.alice.eng))
	require.NoError(t, err)
	ch, err := h.alice.eng.Channel(h.id)
	require.NoError(t, err)
	ai, err := ch.Params.Index(alice)
	require.NoError(t, err)
	total := new(uint256.Int).AddUint64(&ch.Deposit[ai], 200)
	for _, p := range []*party{h.alice, h.bob} {
		_, err := p.eng.Apply(ctx, h.id, channels.Deposited{Participant: ai, Total: *total})
		require.NoError(t, err)
	}

	renewed, err := h.bob.eng.CooperativeSettle(ctx, h.id, askSettle(bob, h.alice.eng))
	require.NoError(t, err)
	require.NotEqual(t, css, renewed)
	want := new(uint256.Int).AddUint64(&css.Settle.Balances[ai], 200)
	require.Equal(t, want, &renewed.Settle.Balances[ai], "the deposit is paid out")
	require.Equal(t, css.Settle.Balances[channels.Partner(ai)], renewed.Settle.Balances[channels.Partner(ai)])
	h.restart(t)
	for _, p := range []*party{h.alice, h.bob} {
		ch, err := p.eng.Channel(h.id)
		require.NoError(t, err)
		require.Equal(t, channels.PhaseSettling, ch.Phase)
		require.Equal(t, renewed, ch.Settle, "kept across a restart")
	}

	again, err := h.bob.eng.CooperativeSettle(ctx, h.id, func(context.Context, channels.CooperativeSettle, channels.Signature) (channels.Signature, error) {
		t.Error("asked again without a deposit since")
		return channels.Signature{}, errors.New("asked")
	})
	require.NoError(t, err)
	require.Equal(t, renewed, again)
}

// TestCoSignSettleAfterDeadline: a settle request whose time ran out while
// it waited for the channel's locks (our own request may hold them while
// it asks the partner) is refused before anything is signed or stored,
// and the channel does not fail: the next request is co-signed.
func TestCoSignSettleAfterDeadline(t *testing.T) {
	ctx := context.Background()
	h := newHarness(t, 1000, 500)
	bob := h.bob.signer.Address()
	expired, cancel := context.WithCancel(ctx)
	cancel()
	_, err := h.bob.eng.CooperativeSettle(ctx, h.id, func(_ context.Context, s channels.CooperativeSettle, sig channels.Signature) (channels.Signature, error) {
		return h.alice.eng.CoSignSettle(expired, bob, s, sig)
	})
	require.ErrorIs(t, err, context.Canceled)
	ch, err := h.alice.eng.Channel(h.id)
	require.NoError(t, err, "the channel did not fail")
	require.Equal(t, channels.PhaseOpen, ch.Phase, "nothing co-signed")

	css, err := h.bob.eng.CooperativeSettle(ctx, h.id, askSettle(bob, h.alice.eng))
	require.NoError(t, err)
	ch, err = h.alice.eng.Channel(h.id)
	require.NoError(t, err)
	require.Equal(t, css, ch.Settle)
}
