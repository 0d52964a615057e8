package engine_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/holiman/uint256"
	"github.com/stretchr/testify/require"

	"github.com/meshpay/meshpay/channels"
	"github.com/meshpay/meshpay/channels/engine"
	"github.com/meshpay/meshpay/channels/store"
)

// TestPendingWithdraw: a withdraw request whose answer does not settle it
// stays pending, durably, and its amount is held back from our payments
// (on our side: nothing is signed), so the partner, who may count it, never
// gets a proof it must refuse as an overspend. The partner's answer to the
// same request asked again, its sync, a refusal, or a request that never
// left settles it.
func TestPendingWithdraw(t *testing.T) {
	ctx := context.Background()
	errLost := errors.New("answer lost")
	const amount = 300 // of Bob's 500
	// coSignThenLose has Alice co-sign (and count) the request, and loses
	// her answer.
	coSignThenLose := func(h *harness) engine.AskWithdraw {
		return func(ctx context.Context, w channels.Withdraw, sig channels.Signature) (channels.Signature, error) {
			if _, err := h.alice.eng.CoSignWithdraw(ctx, h.bob.signer.Address(), w, sig); err != nil {
				return channels.Signature{}, err
			}
			return channels.Signature{}, errLost
		}
	}
	fail := func(err error) func(*harness) engine.AskWithdraw {
		return func(*harness) engine.AskWithdraw {
			return func(context.Context, channels.Withdraw, channels.Signature) (channels.Signature, error) {
				return channels.Signature{}, err
			}
		}
	}
	coSign := func(h *harness) engine.AskWithdraw { return askWithdraw(h.bob.signer.Address(), h.alice.eng) }
	declined := fmt.Errorf("%w: %w", engine.ErrDeclined, channels.ErrWithdrawExpired)
	// refusedNow is a refusal of this copy of the request only.
	refusedNow := fmt.Errorf("%w: rate limited", engine.ErrRefused)
	tests := []struct {
		name  string
		first func(*harness) engine.AskWithdraw
		// pending after the first ask
		pending bool
		// then, if pending: how the request is asked again, and whether
		// both then count it
		resolve func(*harness) engine.AskWithdraw
		counted bool
	}{
		{name: "partner counted it, answer lost; asked again", first: coSignThenLose, pending: true, resolve: coSign, counted: true},
		{name: "no answer, partner never saw it; asked again", first: fail(errLost), pending: true, resolve: coSign, counted: true},
		{name: "no answer; partner declines when asked again", first: fail(errLost), pending: true, resolve: fail(declined)},
		{name: "declined", first: fail(declined)},
		{name: "never sent", first: fail(fmt.Errorf("%w: no connection", engine.ErrNotSent))},
		{name: "refused", first: fail(refusedNow)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t, 1000, 500)
			bob := h.bob.signer.Address()
			bi := index(t, h, bob)
			expiry := uint64(time.Now().Add(time.Hour).Unix())
			_, err := h.bob.eng.Withdraw(ctx, h.id, uint256.NewInt(amount), expiry, tc.first(h))
			require.Error(t, err)
			require.Zero(t, withdrawn(t, h.bob.eng, h.id, bi), "Bob does not count it")
			_, pending := h.bob.eng.PendingWithdraw(h.id)
			require.Equal(t, tc.pending, pending)
			if !tc.pending {
				require.Zero(t, withdrawn(t, h.alice.eng, h.id, bi))
				_, err := h.bob.eng.Pay(ctx, h.id, uint256.NewInt(500), "all of it")
				require.NoError(t, err, "nothing held back")
				return
			}
			// Held back, across a restart too: paying into it signs
			// nothing; what is left above it can be paid.
			for range 2 {
				before := nonce(t, h.bob.eng, h.id, bi)
				_, err = h.bob.eng.Pay(ctx, h.id, uint256.NewInt(500-amount+1), "too much")
				require.ErrorIs(t, err, channels.ErrOverspend)
				require.ErrorContains(t, err, "held back")
				require.Equal(t, before, nonce(t, h.bob.eng, h.id, bi), "no proof signed")
				h.restart(t)
			}
			_, err = h.bob.eng.Pay(ctx, h.id, uint256.NewInt(500-amount), "the rest")
			require.NoError(t, err)

			// Asked again with no answer, or refused for the moment (the
			// first copy may still be waiting at Alice): still pending.
			for _, err := range []error{errLost, refusedNow} {
				_, counted, rerr := h.bob.eng.ResolveWithdraw(ctx, h.id, fail(err)(h))
				require.ErrorIs(t, rerr, err)
				require.False(t, counted)
				_, pending = h.bob.eng.PendingWithdraw(h.id)
				require.True(t, pending)
			}

			cw, counted, err := h.bob.eng.ResolveWithdraw(ctx, h.id, tc.resolve(h))
			require.NoError(t, err)
			require.Equal(t, tc.counted, counted)
			h.restart(t)
			_, pending = h.bob.eng.PendingWithdraw(h.id)
			require.False(t, pending, "settled, durably")
			want := uint64(0)
			if tc.counted {
				want = amount
				stored, err := h.bob.store.Withdraw(ctx, h.id, bob)
				require.NoError(t, err)
				require.Equal(t, cw, stored)
			}
			require.Equal(t, want, withdrawn(t, h.bob.eng, h.id, bi))
			require.Equal(t, want, withdrawn(t, h.alice.eng, h.id, bi))
			// Both agree on the balances: the settle goes through.
			_, err = h.bob.eng.CooperativeSettle(ctx, h.id, askSettle(bob, h.alice.eng))
			require.NoError(t, err)
		})
	}
}

// TestWithdrawAgainAfterNoAnswer: asking again for a withdraw that got no
// answer settles the earlier request first: the same amount is that
// request's answer (withdrawn once); another amount is not asked.
func TestWithdrawAgainAfterNoAnswer(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		name  string
		again uint64
		// syncMeanwhile has Alice co-sign the first request, and her
		// sync count it at Bob while the retry waits for her answer.
		syncMeanwhile bool
	}{
		{name: "same amount", again: 100},
		{name: "another amount", again: 50},
		{name: "same amount, counted from a sync meanwhile", again: 100, syncMeanwhile: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			again := tc.again
			h := newHarness(t, 1000, 500)
			alice, bob := h.alice.signer.Address(), h.bob.signer.Address()
			bi := index(t, h, bob)
			expiry := uint64(time.Now().Add(time.Hour).Unix())
			_, err := h.bob.eng.Withdraw(ctx, h.id, uint256.NewInt(100), expiry, func(ctx context.Context, w channels.Withdraw, sig channels.Signature) (channels.Signature, error) {
				if tc.syncMeanwhile {
					_, err := h.alice.eng.CoSignWithdraw(ctx, bob, w, sig)
					require.NoError(t, err)
				}
				return channels.Signature{}, errors.New("no answer")
			})
			require.Error(t, err)
			ask := askWithdraw(bob, h.alice.eng)
			if tc.syncMeanwhile {
				ask = func(ctx context.Context, w channels.Withdraw, sig channels.Signature) (channels.Signature, error) {
					kept, err := h.alice.store.Withdraw(ctx, h.id, bob)
					require.NoError(t, err)
					adopted, err := h.bob.eng.AdoptWithdraw(ctx, alice, kept)
					require.NoError(t, err)
					require.True(t, adopted)
					return h.alice.eng.CoSignWithdraw(ctx, bob, w, sig)
				}
			}
			cw, err := h.bob.eng.Withdraw(ctx, h.id, uint256.NewInt(again), expiry+60, ask)
			if again == 100 {
				require.NoError(t, err)
				require.Equal(t, uint64(100), cw.Withdraw.TotalWithdraw.Uint64())
				require.Equal(t, expiry, cw.Withdraw.Expiry, "the earlier request")
			} else {
				require.ErrorIs(t, err, engine.ErrWithdrawPending)
			}
			require.Equal(t, uint64(100), withdrawn(t, h.bob.eng, h.id, bi), "withdrawn once")
			require.Equal(t, uint64(100), withdrawn(t, h.alice.eng, h.id, bi))
			_, pending := h.bob.eng.PendingWithdraw(h.id)
			require.False(t, pending)
		})
	}
}

// TestCoSignWithdrawStoreReadFails: a co-signer that cannot read the
// withdraw it keeps refuses with an internal error rather than take the
// request for a new one: it may be a repeat it co-signed, and a refusal
// for a reason of the request would tell the requester it holds none.
func TestCoSignWithdrawStoreReadFails(t *testing.T) {
	ctx := context.Background()
	h := newHarness(t, 1000, 500)
	alice, bob := h.alice.signer.Address(), h.bob.signer.Address()
	h.alice.eng.Close()
	var err error
	h.alice.eng, err = engine.New(ctx, engine.Config{Signer: h.alice.signer, Store: failingWithdrawReads{h.alice.store},
		Deliverer: loopback{from: alice, to: func() *engine.Engine { return h.bob.eng }}})
	require.NoError(t, err)
	expiry := uint64(time.Now().Add(time.Hour).Unix())
	_, err = h.bob.eng.Withdraw(ctx, h.id, uint256.NewInt(100), expiry, askWithdraw(bob, h.alice.eng))
	require.ErrorIs(t, err, errDisk)
	require.Zero(t, withdrawn(t, h.alice.eng, h.id, index(t, h, bob)), "nothing co-signed")
}

var errDisk = errors.New("disk read failed")

// failingWithdrawReads is a store whose kept withdraws cannot be read.
type failingWithdrawReads struct{ *store.Badger }

func (failingWithdrawReads) Withdraw(context.Context, channels.ChannelID, channels.Address) (channels.CoSignedWithdraw, error) {
	return channels.CoSignedWithdraw{}, errDisk
}

func nonce(t *testing.T, e *engine.Engine, id channels.ChannelID, i int) uint64 {
	t.Helper()
	ch, err := e.Channel(id)
	require.NoError(t, err)
	return ch.Proofs[i].Proof.Nonce
}

// TestPendingSettle: a cooperative settle request whose answer does not
// settle it stays pending, durably, and no payment (nor withdraw) is made
// on the channel meanwhile: the partner may be settling, and would refuse a
// proof we signed. Asking again with the same request settles it (the
// channel settles), and so do a refusal for good, a refusal of a first
// request, a request that never left, and a payment of the partner's,
// which moves the balances off the request for good.
func TestPendingSettle(t *testing.T) {
	ctx := context.Background()
	errLost := errors.New("answer lost")
	coSignThenLose := func(h *harness) engine.AskSettle {
		return func(ctx context.Context, s channels.CooperativeSettle, sig channels.Signature) (channels.Signature, error) {
			if _, err := h.alice.eng.CoSignSettle(ctx, h.bob.signer.Address(), s, sig); err != nil {
				return channels.Signature{}, err
			}
			return channels.Signature{}, errLost
		}
	}
	fail := func(err error) func(*harness) engine.AskSettle {
		return func(*harness) engine.AskSettle {
			return func(context.Context, channels.CooperativeSettle, channels.Signature) (channels.Signature, error) {
				return channels.Signature{}, err
			}
		}
	}
	coSign := func(h *harness) engine.AskSettle { return askSettle(h.bob.signer.Address(), h.alice.eng) }
	declined := fmt.Errorf("%w: %w", engine.ErrDeclined, channels.ErrChannelNotOpen)
	refusedNow := fmt.Errorf("%w: %w", engine.ErrRefused, channels.ErrBalanceMismatch)
	tests := []struct {
		name    string
		first   func(*harness) engine.AskSettle
		pending bool
		// before asking again, Alice pays Bob
		alicePays bool
		resolve   func(*harness) engine.AskSettle
		settled   bool
	}{
		{name: "partner co-signed it, answer lost; asked again", first: coSignThenLose, pending: true, resolve: coSign, settled: true},
		{name: "no answer, partner never saw it; asked again", first: fail(errLost), pending: true, resolve: coSign, settled: true},
		{name: "no answer; partner declines when asked again", first: fail(errLost), pending: true, resolve: fail(declined)},
		{name: "no answer; then the partner paid us", first: fail(errLost), pending: true, alicePays: true, resolve: func(h *harness) engine.AskSettle {
			return func(context.Context, channels.CooperativeSettle, channels.Signature) (channels.Signature, error) {
				t.Error("asked again for a settle our balances moved off")
				return channels.Signature{}, errLost
			}
		}},
		{name: "refused", first: fail(refusedNow)},
		{name: "never sent", first: fail(fmt.Errorf("%w: no connection", engine.ErrNotSent))},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t, 1000, 500)
			bob := h.bob.signer.Address()
			bi := index(t, h, bob)
			_, err := h.bob.eng.CooperativeSettle(ctx, h.id, tc.first(h))
			require.Error(t, err)
			require.Equal(t, channels.PhaseOpen, phase(t, h.bob.eng, h.id))
			require.Equal(t, tc.pending, h.bob.eng.PendingSettle(h.id))
			if !tc.pending {
				_, err := h.bob.eng.Pay(ctx, h.id, uint256.NewInt(10), "pays on")
				require.NoError(t, err)
				return
			}
			// Nothing signed, across a restart too.
			for range 2 {
				before := nonce(t, h.bob.eng, h.id, bi)
				_, err = h.bob.eng.Pay(ctx, h.id, uint256.NewInt(10), "while settling")
				require.ErrorIs(t, err, engine.ErrSettlePending)
				require.Equal(t, before, nonce(t, h.bob.eng, h.id, bi), "no proof signed")
				_, err = h.bob.eng.Withdraw(ctx, h.id, uint256.NewInt(10), uint64(time.Now().Add(time.Hour).Unix()), askWithdraw(bob, h.alice.eng))
				require.ErrorIs(t, err, engine.ErrSettlePending)
				h.restart(t)
			}
			for _, err := range []error{errLost, refusedNow} {
				_, settled, rerr := h.bob.eng.ResolveSettle(ctx, h.id, fail(err)(h))
				require.ErrorIs(t, rerr, err)
				require.False(t, settled)
				require.True(t, h.bob.eng.PendingSettle(h.id))
			}
			if tc.alicePays {
				_, err := h.alice.eng.Pay(ctx, h.id, uint256.NewInt(7), "to bob")
				require.NoError(t, err)
			}
			css, settled, err := h.bob.eng.ResolveSettle(ctx, h.id, tc.resolve(h))
			require.NoError(t, err)
			require.Equal(t, tc.settled, settled)
			h.restart(t)
			require.False(t, h.bob.eng.PendingSettle(h.id), "settled, durably")
			if !tc.settled {
				require.Equal(t, channels.PhaseOpen, phase(t, h.bob.eng, h.id))
				_, err := h.bob.eng.Pay(ctx, h.id, uint256.NewInt(10), "pays on")
				require.NoError(t, err)
				return
			}
			for _, p := range []*party{h.alice, h.bob} {
				ch, err := p.eng.Channel(h.id)
				require.NoError(t, err)
				require.Equal(t, channels.PhaseSettling, ch.Phase)
				require.Equal(t, css, ch.Settle, "both keep the same settle")
			}
		})
	}
}

func phase(t *testing.T, e *engine.Engine, id channels.ChannelID) channels.Phase {
	t.Helper()
	ch, err := e.Channel(id)
	require.NoError(t, err)
	return ch.Phase
}

// TestPendingSettleOutlivesDeposit: a deposit after our settle request,
// whose answer was lost, changes the pot but does not drop the request:
// the partner may be settling with it (here it is). Asked again, the
// partner answers with its signature, which cannot be stored over the
// larger pot: the request stays pending and we still pay nothing, for
// the partner would refuse it.
func TestPendingSettleOutlivesDeposit(t *testing.T) {
	ctx := context.Background()
	h := newHarness(t, 1000, 500)
	bob := h.bob.signer.Address()
	bi := index(t, h, bob)
	_, err := h.bob.eng.CooperativeSettle(ctx, h.id, func(ctx context.Context, s channels.CooperativeSettle, sig channels.Signature) (channels.Signature, error) {
		if _, err := h.alice.eng.CoSignSettle(ctx, bob, s, sig); err != nil {
			return channels.Signature{}, err
		}
		return channels.Signature{}, errors.New("answer lost")
	})
	require.Error(t, err)
	require.Equal(t, channels.PhaseSettling, phase(t, h.alice.eng, h.id))
	_, err = h.bob.eng.Apply(ctx, h.id, channels.Deposited{Participant: bi, Total: *uint256.NewInt(600)})
	require.NoError(t, err)

	_, settled, err := h.bob.eng.ResolveSettle(ctx, h.id, askSettle(bob, h.alice.eng))
	require.Error(t, err)
	require.False(t, settled)
	require.True(t, h.bob.eng.PendingSettle(h.id), "the partner settles with it")
	_, err = h.bob.eng.Pay(ctx, h.id, uint256.NewInt(10), "would be refused")
	require.ErrorIs(t, err, engine.ErrSettlePending)
}

// TestNoWithdrawCoSignedWhileSettlePending: while our settle request
// awaits its answer we co-sign no new withdraw of the partner's: it may
// have co-signed our settle, and counting the withdraw would leave us
// counting one it never will. The refusal is of the moment; a repeat of a
// withdraw we co-signed before is still answered with its signature.
func TestNoWithdrawCoSignedWhileSettlePending(t *testing.T) {
	ctx := context.Background()
	h := newHarness(t, 1000, 500)
	alice := h.alice.signer.Address()
	expiry := uint64(time.Now().Add(time.Hour).Unix())
	before, err := h.alice.eng.Withdraw(ctx, h.id, uint256.NewInt(10), expiry, askWithdraw(alice, h.bob.eng))
	require.NoError(t, err)
	_, err = h.bob.eng.CooperativeSettle(ctx, h.id, func(context.Context, channels.CooperativeSettle, channels.Signature) (channels.Signature, error) {
		return channels.Signature{}, errors.New("no answer")
	})
	require.Error(t, err)
	require.True(t, h.bob.eng.PendingSettle(h.id))

	sig, err := h.bob.eng.CoSignWithdraw(ctx, alice, before.Withdraw, before.ParticipantSig)
	require.NoError(t, err, "a repeat")
	require.Equal(t, before.PartnerSig, sig)
	_, err = h.alice.eng.Withdraw(ctx, h.id, uint256.NewInt(10), expiry, askWithdraw(alice, h.bob.eng))
	require.ErrorIs(t, err, engine.ErrSettlePending)
	require.Equal(t, uint64(10), withdrawn(t, h.bob.eng, h.id, index(t, h, alice)), "nothing more counted")
	require.True(t, h.bob.eng.PendingSettle(h.id))
}
