package engine

import (
	"context"
	"errors"
	"fmt"

	"github.com/holiman/uint256"

	"github.com/meshpay/meshpay/channels"
	"github.com/meshpay/meshpay/channels/store"
)

// AskWithdraw sends our signed withdraw to the partner and returns its
// co-signature; the transport implements it.
type AskWithdraw func(ctx context.Context, w channels.Withdraw, sig channels.Signature) (channels.Signature, error)

// AskSettle sends our signed cooperative settle to the partner and returns
// its co-signature.
type AskSettle func(ctx context.Context, s channels.CooperativeSettle, sig channels.Signature) (channels.Signature, error)

// WithdrawStore is the optional store read the engine uses to answer a
// repeated withdraw request with the signature it already gave.
type WithdrawStore interface {
	Withdraw(ctx context.Context, id channels.ChannelID, participant channels.Address) (channels.CoSignedWithdraw, error)
}

var _ WithdrawStore = (*store.Badger)(nil)

// Withdraw raises our cumulative withdraw on channel id by amount, valid
// until expiry (unix seconds at the chain), with the partner's co-signature
// obtained through ask. The co-signed withdraw is durable, and counted as
// withdrawn, before it is returned for submission on chain. Our payments on
// the channel wait meanwhile, so none can spend what is being withdrawn.
//
// The signed request is stored before it leaves. If no answer settles it
// (ask fails other than with ErrRefused, ErrDeclined or ErrNotSent, or the
// co-signature does not check out) it stays pending, its amount held back from our
// payments, until ResolveWithdraw or the partner's sync settles it (see
// pending.go). A later Withdraw resolves it first: if it is co-signed then
// (or counted meanwhile) and was for the same amount, that is the answer
// to this call too (a retry while it is pending withdraws once); for
// another amount this call fails with ErrWithdrawPending, as it does while
// the earlier one stays unresolved.
func (e *Engine) Withdraw(ctx context.Context, id channels.ChannelID, amount *uint256.Int, expiry uint64, ask AskWithdraw) (channels.CoSignedWithdraw, error) {
	if amount.IsZero() {
		return channels.CoSignedWithdraw{}, fmt.Errorf("withdraw %s: %w: zero", id, ErrInvalidAmount)
	}
	cs, err := e.state(id)
	if err != nil {
		return channels.CoSignedWithdraw{}, fmt.Errorf("withdraw: %w", err)
	}
	if p := cs.pendingWithdraw(); p != nil {
		snap, err := cs.snapshot()
		if err != nil {
			return channels.CoSignedWithdraw{}, err
		}
		before := heldBack(p, &snap.Withdrawn[cs.self])
		cw, counted, err := e.resolveWithdraw(ctx, cs, p, ask)
		if err != nil {
			return channels.CoSignedWithdraw{}, fmt.Errorf("withdraw %s: %w: %w", id, ErrWithdrawPending, err)
		}
		if counted && before == *amount {
			return cw, nil
		}
		if counted {
			return channels.CoSignedWithdraw{}, fmt.Errorf("withdraw %s: %w: the earlier one, of %s, is co-signed and counted now; this one was not asked", id, ErrWithdrawPending, &before)
		}
	}
	cs.sendMu.Lock()
	defer cs.sendMu.Unlock()
	if p := cs.pendingWithdraw(); p != nil {
		// Another Withdraw's, left unanswered while we waited for sendMu.
		return channels.CoSignedWithdraw{}, fmt.Errorf("withdraw %s: %w: of total %s", id, ErrWithdrawPending, &p.Withdraw.TotalWithdraw)
	}
	if cs.pendingSettleOf() != nil {
		return channels.CoSignedWithdraw{}, fmt.Errorf("withdraw %s: %w", id, ErrSettlePending)
	}
	snap, err := cs.snapshot()
	if err != nil {
		return channels.CoSignedWithdraw{}, err
	}
	w := channels.Withdraw{ChannelID: id, Participant: e.self, Expiry: expiry}
	if _, o := w.TotalWithdraw.AddOverflow(&snap.Withdrawn[cs.self], amount); o {
		return channels.CoSignedWithdraw{}, fmt.Errorf("withdraw %s: %w", id, channels.ErrAmountOverflow)
	}
	now := uint64(e.cfg.Now().Unix())
	if err := snap.CheckWithdraw(&w, now); err != nil {
		return channels.CoSignedWithdraw{}, err
	}
	d := snap.Domain()
	ours, err := e.cfg.Signer.SignDigest(d.WithdrawDigest(&w))
	if err != nil {
		return channels.CoSignedWithdraw{}, fmt.Errorf("withdraw %s: sign: %w", id, err)
	}
	if err := cs.setPending(ctx, e.cfg.Store, w, ours); err != nil {
		return channels.CoSignedWithdraw{}, err
	}
	pending := cs.pendingWithdraw()
	theirs, err := ask(ctx, w, ours)
	if err != nil {
		if errors.Is(err, ErrRefused) || errors.Is(err, ErrDeclined) || errors.Is(err, ErrNotSent) {
			if cerr := cs.clearPending(ctx, e.cfg.Store, pending); cerr != nil {
				err = errors.Join(err, cerr)
			}
		}
		return channels.CoSignedWithdraw{}, fmt.Errorf("withdraw %s: %w", id, err)
	}
	cw := channels.CoSignedWithdraw{Withdraw: w, ParticipantSig: ours, PartnerSig: theirs}
	// Received proofs may have moved on meanwhile; they only raise our
	// balance, so the check is repeated on the fresh state.
	if err := cs.lockRecv(ctx); err != nil {
		return channels.CoSignedWithdraw{}, fmt.Errorf("withdraw %s: %w", id, err)
	}
	defer cs.recvMu.Unlock()
	snap, err = cs.snapshot()
	if err != nil {
		return channels.CoSignedWithdraw{}, err
	}
	if err := snap.ValidateWithdraw(&cw, now, false); err != nil {
		return channels.CoSignedWithdraw{}, err
	}
	if err := cs.commitWithdraw(ctx, e.cfg.Store, snap, &cw); err != nil {
		return channels.CoSignedWithdraw{}, err
	}
	return cw, nil
}

// RenewWithdraw asks the partner, through ask, to co-sign our counted
// withdraw on channel id again with a new expiry: one that expired, or is
// about to, before the chain paid it. The total stays what both sides count,
// so no balance moves; the renewed copy is stored, replacing the old one,
// before it is returned for submission on chain. Unlike Withdraw it holds
// no lock while it waits for the partner: payments go on meanwhile, and a
// withdraw counted meanwhile makes the renewal fail its final check.
func (e *Engine) RenewWithdraw(ctx context.Context, id channels.ChannelID, expiry uint64, ask AskWithdraw) (channels.CoSignedWithdraw, error) {
	cs, err := e.state(id)
	if err != nil {
		return channels.CoSignedWithdraw{}, fmt.Errorf("renew withdraw: %w", err)
	}
	snap, err := cs.snapshot()
	if err != nil {
		return channels.CoSignedWithdraw{}, err
	}
	w := channels.Withdraw{ChannelID: id, Participant: e.self, TotalWithdraw: snap.Withdrawn[cs.self], Expiry: expiry}
	now := uint64(e.cfg.Now().Unix())
	if err := snap.CheckWithdrawRenewal(&w, now); err != nil {
		return channels.CoSignedWithdraw{}, fmt.Errorf("renew withdraw: %w", err)
	}
	d := snap.Domain()
	ours, err := e.cfg.Signer.SignDigest(d.WithdrawDigest(&w))
	if err != nil {
		return channels.CoSignedWithdraw{}, fmt.Errorf("renew withdraw %s: sign: %w", id, err)
	}
	theirs, err := ask(ctx, w, ours)
	if err != nil {
		return channels.CoSignedWithdraw{}, fmt.Errorf("renew withdraw %s: %w", id, err)
	}
	cw := channels.CoSignedWithdraw{Withdraw: w, ParticipantSig: ours, PartnerSig: theirs}
	cs.sendMu.Lock()
	defer cs.sendMu.Unlock()
	if err := cs.lockRecv(ctx); err != nil {
		return channels.CoSignedWithdraw{}, fmt.Errorf("renew withdraw %s: %w", id, err)
	}
	defer cs.recvMu.Unlock()
	if snap, err = cs.snapshot(); err != nil {
		return channels.CoSignedWithdraw{}, err
	}
	if err := snap.ValidateWithdrawRenewal(&cw, now); err != nil {
		return channels.CoSignedWithdraw{}, fmt.Errorf("renew withdraw: %w", err)
	}
	if err := cs.commitRenewal(ctx, e.cfg.Store, &cw); err != nil {
		return channels.CoSignedWithdraw{}, err
	}
	return cw, nil
}

// CoSignWithdraw answers the partner's withdraw request from peer from: it
// checks the request, counts the withdraw durably, and only then returns
// our signature. Asking again for the same withdraw returns the same
// signature. A request for exactly the total we count for the partner is
// a renewal (see RenewWithdraw): it is stored but counts nothing more.
func (e *Engine) CoSignWithdraw(ctx context.Context, from channels.Address, w channels.Withdraw, sig channels.Signature) (channels.Signature, error) {
	cs, err := e.state(w.ChannelID)
	if err != nil {
		return channels.Signature{}, fmt.Errorf("co-sign withdraw: %w", err)
	}
	cs.sendMu.Lock()
	defer cs.sendMu.Unlock()
	if err := cs.lockRecv(ctx); err != nil {
		return channels.Signature{}, err
	}
	defer cs.recvMu.Unlock()
	// The wait for the locks may have used up the request's time: the
	// answer would not reach the partner.
	if err := ctx.Err(); err != nil {
		return channels.Signature{}, fmt.Errorf("co-sign withdraw %s: %w", w.ChannelID, err)
	}
	snap, err := cs.snapshot()
	if err != nil {
		return channels.Signature{}, err
	}
	partner := snap.Params.Participants[channels.Partner(cs.self)]
	if from != partner || w.Participant != partner {
		return channels.Signature{}, fmt.Errorf("co-sign withdraw %s: %w: from %s for %s", w.ChannelID, ErrWrongPeer, from, w.Participant)
	}
	// A repeat is answered with the signature given, before any check:
	// a requester whose answer was lost takes a refusal of its repeat
	// as proof that we hold no co-signature of it (see ResolveWithdraw).
	prev, ok, err := e.previousWithdraw(ctx, w.ChannelID, partner)
	if err != nil {
		return channels.Signature{}, fmt.Errorf("co-sign withdraw %s: %w", w.ChannelID, err)
	}
	if ok && prev.Withdraw == w && prev.ParticipantSig == sig {
		return prev.PartnerSig, nil
	}
	if cs.pendingSettleOf() != nil {
		// The partner may have co-signed our settle: counting a new
		// withdraw now would count one it can no longer have, and move
		// our balances off the settle.
		return channels.Signature{}, fmt.Errorf("co-sign withdraw %s: %w", w.ChannelID, ErrSettlePending)
	}
	d := snap.Domain()
	digest := d.WithdrawDigest(&w)
	ours, err := e.cfg.Signer.SignDigest(digest)
	if err != nil {
		return channels.Signature{}, fmt.Errorf("co-sign withdraw %s: %w", w.ChannelID, err)
	}
	cw := channels.CoSignedWithdraw{Withdraw: w, ParticipantSig: sig, PartnerSig: ours}
	now := uint64(e.cfg.Now().Unix())
	if i := channels.Partner(cs.self); !w.TotalWithdraw.IsZero() && w.TotalWithdraw == snap.Withdrawn[i] {
		if err := snap.ValidateWithdrawRenewal(&cw, now); err != nil {
			return channels.Signature{}, err
		}
		if err := cs.commitRenewal(ctx, e.cfg.Store, &cw); err != nil {
			return channels.Signature{}, err
		}
		return ours, nil
	}
	if err := snap.ValidateWithdraw(&cw, now, false); err != nil {
		return channels.Signature{}, err
	}
	if err := cs.commitWithdraw(ctx, e.cfg.Store, snap, &cw); err != nil {
		return channels.Signature{}, err
	}
	return ours, nil
}

// AdoptWithdraw counts a withdraw of ours that the partner (peer from)
// co-signed and counts, but whose co-signature never reached us: the answer
// to our request was lost, or we stopped before storing it. The partner
// sends it in the sync. Our own signature on it proves we asked for it, and
// the partner's that it agreed; once both are checked it is stored and
// counted exactly as if the answer had come, so both sides agree on the
// balances again. Its expiry does not matter: the partner counts it whether
// or not the chain will still pay it (a renewal, a later withdraw, whose
// total includes it, or the settle after a unilateral close pays out one
// that expired unpaid). It reports whether it counted cw; one not above what we count
// already is nothing new.
func (e *Engine) AdoptWithdraw(ctx context.Context, from channels.Address, cw channels.CoSignedWithdraw) (bool, error) {
	id := cw.Withdraw.ChannelID
	cs, err := e.state(id)
	if err != nil {
		return false, fmt.Errorf("adopt withdraw: %w", err)
	}
	// Every sync after a withdraw brings the partner's copy: nothing new
	// as a rule, and then it must not wait for the locks, which a
	// withdraw or settle of ours holds while it waits for the partner.
	snap, err := cs.snapshot()
	if err != nil {
		return false, err
	}
	if from != snap.Params.Participants[channels.Partner(cs.self)] || cw.Withdraw.Participant != e.self {
		return false, fmt.Errorf("adopt withdraw %s: %w: from %s for %s", id, ErrWrongPeer, from, cw.Withdraw.Participant)
	}
	if !cw.Withdraw.TotalWithdraw.Gt(&snap.Withdrawn[cs.self]) {
		return false, nil
	}
	cs.sendMu.Lock()
	defer cs.sendMu.Unlock()
	if err := cs.lockRecv(ctx); err != nil {
		return false, fmt.Errorf("adopt withdraw %s: %w", id, err)
	}
	defer cs.recvMu.Unlock()
	// Again on the state the locks hold still: a withdraw of ours may
	// have counted it meanwhile.
	if snap, err = cs.snapshot(); err != nil {
		return false, err
	}
	if !cw.Withdraw.TotalWithdraw.Gt(&snap.Withdrawn[cs.self]) {
		return false, nil
	}
	// now 0: past its expiry it still counts (see above).
	if err := snap.ValidateWithdraw(&cw, 0, false); err != nil {
		return false, fmt.Errorf("adopt withdraw: %w", err)
	}
	if err := cs.commitWithdraw(ctx, e.cfg.Store, snap, &cw); err != nil {
		return false, err
	}
	return true, nil
}

// commitRenewal stores a renewed withdraw in place of the one it renews;
// the count is unchanged. The caller holds both direction locks.
func (cs *chanState) commitRenewal(ctx context.Context, st Store, cw *channels.CoSignedWithdraw) error {
	if err := st.Commit(ctx, store.Update{Withdraw: cw}); err != nil {
		return cs.fail(fmt.Errorf("store renewed withdraw %s: %w", cw.Withdraw.ChannelID, err))
	}
	return nil
}

// previousWithdraw returns the co-signed withdraw of participant we keep
// for channel id, if any. A failed read is an error, not "none": taken for
// none it could refuse a repeat we co-signed.
func (e *Engine) previousWithdraw(ctx context.Context, id channels.ChannelID, participant channels.Address) (channels.CoSignedWithdraw, bool, error) {
	ws, ok := e.cfg.Store.(WithdrawStore)
	if !ok {
		return channels.CoSignedWithdraw{}, false, nil
	}
	prev, err := ws.Withdraw(ctx, id, participant)
	switch {
	case errors.Is(err, store.ErrNotFound):
		return channels.CoSignedWithdraw{}, false, nil
	case err != nil:
		return channels.CoSignedWithdraw{}, false, fmt.Errorf("read withdraw of %s: %w", participant, err)
	}
	return prev, true, nil
}

// commitWithdraw stores a co-signed withdraw and counts it as withdrawn;
// the caller holds both direction locks.
func (cs *chanState) commitWithdraw(ctx context.Context, st Store, snap channels.Channel, cw *channels.CoSignedWithdraw) error {
	i, err := snap.Params.Index(cw.Withdraw.Participant)
	if err != nil {
		return err
	}
	next, err := snap.Apply(channels.Withdrawn{Participant: i, Total: cw.Withdraw.TotalWithdraw})
	if err != nil {
		return err
	}
	u := store.Update{Channel: &next, Withdraw: cw}
	// Our pending withdraw is settled by this one or any larger total.
	p := cs.pendingWithdraw()
	done := i == cs.self && p != nil && !p.Withdraw.TotalWithdraw.Gt(&cw.Withdraw.TotalWithdraw)
	if done {
		u.Meta = map[string][]byte{pendingWithdrawKey(snap.ID): {}}
	}
	if err := st.Commit(ctx, u); err != nil {
		return cs.fail(fmt.Errorf("store withdraw %s: %w", snap.ID, err))
	}
	cs.mu.Lock()
	cs.ch = next
	if done {
		cs.pending = nil
	}
	cs.mu.Unlock()
	return nil
}

// CooperativeSettle agrees the channel's final balances with the partner
// through ask and stores the co-signed settle (the channel moves to
// settling: no more payments) before returning it for submission on chain.
// If a payment arrives meanwhile the balances no longer match and it fails
// with channels.ErrBalanceMismatch; asking again then succeeds.
//
// From an open channel the signed request is stored before it leaves, and
// if no answer settles it (as for Withdraw) it stays pending: payments on
// the channel are refused (ErrSettlePending) until ResolveSettle settles
// it. A later CooperativeSettle resolves it first, and if it is co-signed
// then, that is this call's answer too.
func (e *Engine) CooperativeSettle(ctx context.Context, id channels.ChannelID, ask AskSettle) (channels.CoSignedSettle, error) {
	cs, err := e.state(id)
	if err != nil {
		return channels.CoSignedSettle{}, fmt.Errorf("cooperative settle: %w", err)
	}
	if p := cs.pendingSettleOf(); p != nil {
		css, settled, err := e.resolveSettle(ctx, cs, p, ask)
		if err != nil {
			return channels.CoSignedSettle{}, fmt.Errorf("cooperative settle %s: %w: %w", id, ErrSettlePending, err)
		}
		if settled {
			return css, nil
		}
	}
	cs.sendMu.Lock()
	defer cs.sendMu.Unlock()
	if cs.pendingSettleOf() != nil {
		// Another call's, left unanswered while we waited for sendMu.
		return channels.CoSignedSettle{}, fmt.Errorf("cooperative settle %s: %w", id, ErrSettlePending)
	}
	snap, err := cs.snapshot()
	if err != nil {
		return channels.CoSignedSettle{}, err
	}
	balances, err := snap.Balances()
	if err != nil {
		return channels.CoSignedSettle{}, err
	}
	s := channels.CooperativeSettle{ChannelID: id, Balances: balances}
	// A settling channel keeps its settle, unless deposits since its
	// signing voided it: then a new one over the larger pot replaces it
	// (channels.Channel.CheckCooperativeSettle).
	if snap.Phase == channels.PhaseSettling && s == snap.Settle.Settle {
		return snap.Settle, nil
	}
	if err := snap.CheckCooperativeSettle(&s); err != nil {
		return channels.CoSignedSettle{}, err
	}
	d := snap.Domain()
	ours, err := e.cfg.Signer.SignDigest(d.CooperativeSettleDigest(&s))
	if err != nil {
		return channels.CoSignedSettle{}, fmt.Errorf("cooperative settle %s: sign: %w", id, err)
	}
	// A settling channel takes no payments already: only leaving the open
	// phase needs the record.
	var pending *pendingSettle
	if snap.Phase == channels.PhaseOpen {
		pending = newPendingSettle(&snap, cs.self, s, ours)
		if err := cs.setPendingSettle(ctx, e.cfg.Store, pending); err != nil {
			return channels.CoSignedSettle{}, err
		}
	}
	theirs, err := ask(ctx, s, ours)
	if err != nil {
		if pending != nil && (errors.Is(err, ErrRefused) || errors.Is(err, ErrDeclined) || errors.Is(err, ErrNotSent)) {
			if cerr := cs.clearPendingSettle(ctx, e.cfg.Store, pending); cerr != nil {
				err = errors.Join(err, cerr)
			}
		}
		return channels.CoSignedSettle{}, fmt.Errorf("cooperative settle %s: %w", id, err)
	}
	var css channels.CoSignedSettle
	css.Settle = s
	css.Signatures[cs.self], css.Signatures[channels.Partner(cs.self)] = ours, theirs
	if err := cs.lockRecv(ctx); err != nil {
		return channels.CoSignedSettle{}, fmt.Errorf("cooperative settle %s: %w", id, err)
	}
	defer cs.recvMu.Unlock()
	snap, err = cs.snapshot()
	if err != nil {
		return channels.CoSignedSettle{}, err
	}
	return css, cs.commitSettle(ctx, e.cfg.Store, snap, &css)
}

// CoSignSettle answers the partner's cooperative settle request: the
// balances must be exactly those of the latest proofs. The channel stops
// taking payments, durably, before our signature is returned.
func (e *Engine) CoSignSettle(ctx context.Context, from channels.Address, s channels.CooperativeSettle, sig channels.Signature) (channels.Signature, error) {
	cs, err := e.state(s.ChannelID)
	if err != nil {
		return channels.Signature{}, fmt.Errorf("co-sign settle: %w", err)
	}
	cs.sendMu.Lock()
	defer cs.sendMu.Unlock()
	if err := cs.lockRecv(ctx); err != nil {
		return channels.Signature{}, err
	}
	defer cs.recvMu.Unlock()
	// The wait for the locks (our own settle request may hold them while
	// it asks the partner) may have used up the request's time.
	if err := ctx.Err(); err != nil {
		return channels.Signature{}, fmt.Errorf("co-sign settle %s: %w", s.ChannelID, err)
	}
	snap, err := cs.snapshot()
	if err != nil {
		return channels.Signature{}, err
	}
	partner := channels.Partner(cs.self)
	if from != snap.Params.Participants[partner] {
		return channels.Signature{}, fmt.Errorf("co-sign settle %s: %w: from %s", s.ChannelID, ErrWrongPeer, from)
	}
	if snap.Phase == channels.PhaseSettling && snap.Settle.Settle == s && snap.Settle.Signatures[partner] == sig {
		return snap.Settle.Signatures[cs.self], nil
	}
	d := snap.Domain()
	ours, err := e.cfg.Signer.SignDigest(d.CooperativeSettleDigest(&s))
	if err != nil {
		return channels.Signature{}, fmt.Errorf("co-sign settle %s: %w", s.ChannelID, err)
	}
	var css channels.CoSignedSettle
	css.Settle = s
	css.Signatures[cs.self], css.Signatures[partner] = ours, sig
	if err := cs.commitSettle(ctx, e.cfg.Store, snap, &css); err != nil {
		return channels.Signature{}, err
	}
	return ours, nil
}

func (cs *chanState) commitSettle(ctx context.Context, st Store, snap channels.Channel, css *channels.CoSignedSettle) error {
	if err := snap.ValidateCooperativeSettle(css); err != nil {
		return err
	}
	next, err := snap.Apply(channels.SettleSigned{Settle: *css})
	if err != nil {
		return err
	}
	u := store.Update{Channel: &next}
	// Our pending settle is settled by any co-signed settle: the channel
	// takes no payments from now on.
	p := cs.pendingSettleOf()
	if p != nil {
		u.Meta = map[string][]byte{pendingSettleKey(snap.ID): {}}
	}
	// A caller's deadline must not end the commit half way: the store
	// could not say whether it is durable, and the channel would fail.
	if err := st.Commit(context.WithoutCancel(ctx), u); err != nil {
		return cs.fail(fmt.Errorf("store settle %s: %w", snap.ID, err))
	}
	cs.mu.Lock()
	cs.ch = next
	if p != nil {
		cs.settling = nil
	}
	cs.mu.Unlock()
	return nil
}

func (cs *chanState) snapshot() (channels.Channel, error) {
	cs.mu.Lock()
	defer cs.mu.Unlock()
	return cs.ch, cs.failed
}

// Redeliver sends our latest proof of channel id again, with the payments
// not yet acknowledged, so a partner that missed it (a lost ack, a
// reconnect) catches up. Nothing is signed.
func (e *Engine) Redeliver(ctx context.Context, id channels.ChannelID) error {
	cs, err := e.state(id)
	if err != nil {
		return fmt.Errorf("redeliver: %w", err)
	}
	cs.sendMu.Lock()
	defer cs.sendMu.Unlock()
	snap, err := cs.snapshot()
	if err != nil {
		return err
	}
	latest := snap.Proofs[cs.self]
	if latest.IsZero() {
		return nil
	}
	cs.unackMu.Lock()
	infos := append([]PaymentInfo(nil), cs.unacked...)
	cs.unackMu.Unlock()
	if err := e.deliver(ctx, Delivery{Proof: latest, Payments: infos}); err != nil {
		return err
	}
	cs.unackMu.Lock()
	kept := cs.unacked[:0]
	for _, it := range cs.unacked {
		if it.Nonce > latest.Proof.Nonce {
			kept = append(kept, it)
		}
	}
	cs.unacked = kept
	cs.unackMu.Unlock()
	return nil
}

// Reconcile compares what the partner says it holds of channel id (its
// latest signed proof, and the latest of ours it received) with our state:
// a newer valid proof of the partner's is received (stored, then the
// payments it covers are recorded as one unitemized amount); if the
// partner is behind on ours, our latest is redelivered; if it is ahead (we
// lost the proof in a power cut), we take it back. A proof that
// contradicts ours is ErrConflict. Once the partner is known not to be
// ahead of us, the channel may pay again after an unclean restart.
func (e *Engine) Reconcile(ctx context.Context, from channels.Address, id channels.ChannelID, theirs, ours channels.SignedBalanceProof) error {
	cs, err := e.state(id)
	if err != nil {
		return fmt.Errorf("reconcile: %w", err)
	}
	// Compare with every proof taken so far, including those still being
	// written, or the partner's latest would look new.
	if err := cs.lockRecv(ctx); err != nil {
		return fmt.Errorf("reconcile %s: %w", id, err)
	}
	cs.recvMu.Unlock()
	snap, err := cs.snapshot()
	if err != nil {
		return err
	}
	partner := channels.Partner(cs.self)
	if from != snap.Params.Participants[partner] {
		return fmt.Errorf("reconcile %s: %w: from %s", id, ErrWrongPeer, from)
	}
	var errs []error
	held := snap.Proofs[partner]
	switch {
	case theirs.IsZero() || theirs == held:
	case theirs.Proof.Nonce == held.Proof.Nonce:
		errs = append(errs, fmt.Errorf("reconcile %s: %w: partner's proof nonce %d differs from the one we hold", id, ErrConflict, held.Proof.Nonce))
	case theirs.Proof.Nonce > held.Proof.Nonce:
		if _, err := e.Receive(ctx, from, Delivery{Proof: theirs}); err != nil {
			errs = append(errs, fmt.Errorf("reconcile %s: %w", id, err))
		}
	}
	mine := snap.Proofs[cs.self]
	gateOpen := func() {
		if err := e.reconciled(ctx, cs, id); err != nil {
			errs = append(errs, fmt.Errorf("reconcile %s: %w", id, err))
		}
	}
	switch {
	case ours == mine:
		gateOpen()
	case ours.Proof.Nonce == mine.Proof.Nonce:
		errs = append(errs, fmt.Errorf("reconcile %s: %w: partner holds a different proof for our nonce %d", id, ErrConflict, mine.Proof.Nonce))
	case ours.Proof.Nonce > mine.Proof.Nonce:
		if err := e.adoptOwn(ctx, cs, ours); err != nil {
			errs = append(errs, fmt.Errorf("reconcile %s: %w", id, err))
		} else {
			gateOpen()
		}
	default:
		// The partner is behind us, not ahead: we can pay again whether
		// or not the redelivery gets through.
		gateOpen()
		if err := e.Redeliver(ctx, id); err != nil {
			errs = append(errs, fmt.Errorf("reconcile %s: %w", id, err))
		}
	}
	return errors.Join(errs...)
}

// adoptOwn takes back a proof of ours that the partner holds and we do not:
// one we signed and sent while its write was still syncing, lost in a power
// cut. It carries our signature, so the partner could use it on chain
// anyway; our state must include it before we sign on top. Its payments are
// recorded as one unitemized amount sent. The nonce was reserved before it
// was signed, so nothing we signed since the restart shares it.
func (e *Engine) adoptOwn(ctx context.Context, cs *chanState, ours channels.SignedBalanceProof) error {
	cs.sendMu.Lock()
	defer cs.sendMu.Unlock()
	snap, err := cs.snapshot()
	if err != nil {
		return err
	}
	mine := snap.Proofs[cs.self]
	if ours.Proof.Nonce <= mine.Proof.Nonce {
		if ours.Proof.Nonce == mine.Proof.Nonce && ours != mine {
			return fmt.Errorf("%w: partner holds a different proof for our nonce %d", ErrConflict, mine.Proof.Nonce)
		}
		return nil // caught up meanwhile
	}
	if err := snap.ValidateProof(cs.self, &ours); err != nil {
		return fmt.Errorf("partner's copy of our proof nonce %d: %w", ours.Proof.Nonce, err)
	}
	var records []store.Payment
	var delta uint256.Int
	if delta.Sub(&ours.Proof.TransferredAmount, snap.Transferred(cs.self)); !delta.IsZero() {
		records = append(records, store.Payment{ChannelID: snap.ID, Direction: store.Sent, Nonce: ours.Proof.Nonce, Amount: delta, UnixNano: e.cfg.Now().UnixNano()})
	}
	if err := e.cfg.Store.Commit(ctx, store.Update{Proof: &store.ProofUpdate{Signer: cs.self, Proof: ours}, Payments: records}); err != nil {
		return cs.fail(fmt.Errorf("store our proof %s nonce %d from the partner: %w", snap.ID, ours.Proof.Nonce, err))
	}
	cs.mu.Lock()
	next, err := cs.ch.Apply(channels.ProofAccepted{Signer: cs.self, Proof: ours})
	if err == nil {
		cs.ch = next
	}
	cs.mu.Unlock()
	if err != nil {
		return cs.fail(fmt.Errorf("apply our proof %s nonce %d from the partner: %w", snap.ID, ours.Proof.Nonce, err))
	}
	cs.lastNonce = max(cs.lastNonce, ours.Proof.Nonce)
	e.cfg.Logger.Warn("took back a proof of ours the partner held and we had lost", "channel", snap.ID, "nonce", ours.Proof.Nonce, "amount", &delta)
	return nil
}
