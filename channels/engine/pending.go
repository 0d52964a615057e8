package engine

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"

	"github.com/holiman/uint256"

	"github.com/meshpay/meshpay/channels"
	"github.com/meshpay/meshpay/channels/store"
)

// A withdraw of ours is pending from the moment we sign it until the
// partner's answer settles it. The partner counts a withdraw durably
// before it answers, so an answer that never reaches us (a timeout, a
// dropped connection, a kill of our process) leaves the partner counting
// money as withdrawn that we still count as ours. Paying it would get
// every later proof refused as an overspend while we hold it signed,
// so the pending withdraw's amount is held back from our payments (and
// across restarts: it is stored before the request leaves) until one of:
// the co-signature arrives (Withdraw, ResolveWithdraw: counted), the
// partner's sync brings its copy (AdoptWithdraw: counted), or the partner
// declines it (ErrDeclined) or it never left (ErrNotSent): spendable
// again.

// pendingWithdrawKey names the store's record of channel id's pending
// withdraw: empty once there is none.
func pendingWithdrawKey(id channels.ChannelID) string {
	return "engine/pending-withdraw/" + id.Hex()
}

// pendingWithdrawLen is a stored pending withdraw's size: the total, the
// expiry and our signature.
const pendingWithdrawLen = 32 + 8 + channels.SignatureLen

func encodePendingWithdraw(w *channels.Withdraw, sig *channels.Signature) []byte {
	b := make([]byte, 0, pendingWithdrawLen)
	total := w.TotalWithdraw.Bytes32()
	b = append(b, total[:]...)
	b = binary.BigEndian.AppendUint64(b, w.Expiry)
	return append(b, sig[:]...)
}

// loadPendingWithdraw reads channel id's pending withdraw of self, nil if
// there is none.
func loadPendingWithdraw(ctx context.Context, st Store, id channels.ChannelID, self channels.Address) (*channels.CoSignedWithdraw, error) {
	b, err := st.Meta(ctx, pendingWithdrawKey(id))
	if errors.Is(err, store.ErrNotFound) || (err == nil && len(b) == 0) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("load channel %s pending withdraw: %w", id, err)
	}
	if len(b) != pendingWithdrawLen {
		return nil, fmt.Errorf("load channel %s pending withdraw: %w: %d bytes", id, store.ErrCorrupt, len(b))
	}
	p := &channels.CoSignedWithdraw{Withdraw: channels.Withdraw{ChannelID: id, Participant: self, Expiry: binary.BigEndian.Uint64(b[32:40])}}
	p.Withdraw.TotalWithdraw.SetBytes32(b[:32])
	copy(p.ParticipantSig[:], b[40:])
	return p, nil
}

// pendingWithdraw returns our pending withdraw, nil if there is none.
func (cs *chanState) pendingWithdraw() *channels.CoSignedWithdraw {
	cs.mu.Lock()
	defer cs.mu.Unlock()
	return cs.pending
}

// heldBack is what our pending withdraw p keeps from our payments on a
// channel where we count withdrawn as withdrawn: nothing once that count
// reached p's total (a chain event, say).
func heldBack(p *channels.CoSignedWithdraw, withdrawn *uint256.Int) uint256.Int {
	var held uint256.Int
	if p != nil && p.Withdraw.TotalWithdraw.Gt(withdrawn) {
		held.Sub(&p.Withdraw.TotalWithdraw, withdrawn)
	}
	return held
}

// spendable is what we can pay on ch (where we are participant self): our
// available balance less what our pending withdraw p holds back, and that
// held amount.
func spendable(ch *channels.Channel, self int, p *channels.CoSignedWithdraw) (avail, held uint256.Int, err error) {
	if avail, err = ch.Available(self); err != nil {
		return avail, held, err
	}
	held = heldBack(p, &ch.Withdrawn[self])
	if _, short := avail.SubOverflow(&avail, &held); short {
		avail.Clear()
	}
	return avail, held, nil
}

// Spendable is what we can pay on channel id now: our available balance
// less what a withdraw of ours awaiting its answer holds back, and that
// held amount.
func (e *Engine) Spendable(id channels.ChannelID) (avail, held uint256.Int, err error) {
	cs, err := e.state(id)
	if err != nil {
		return avail, held, err
	}
	cs.mu.Lock()
	ch, p := cs.ch, cs.pending
	cs.mu.Unlock()
	return spendable(&ch, cs.self, p)
}

// setPending stores w, signed by us with sig, as the channel's pending
// withdraw before the request for it leaves. The caller holds sendMu.
func (cs *chanState) setPending(ctx context.Context, st Store, w channels.Withdraw, sig channels.Signature) error {
	// Not cut short by the caller: the store may write it all the same,
	// and a request on disk that the caller was told failed would be
	// asked for after a restart.
	if err := st.Commit(context.WithoutCancel(ctx), store.Update{Meta: map[string][]byte{pendingWithdrawKey(w.ChannelID): encodePendingWithdraw(&w, &sig)}}); err != nil {
		return fmt.Errorf("store pending withdraw %s: %w", w.ChannelID, err)
	}
	cs.mu.Lock()
	cs.pending = &channels.CoSignedWithdraw{Withdraw: w, ParticipantSig: sig}
	cs.mu.Unlock()
	return nil
}

// clearPending forgets the channel's pending withdraw if it is still p.
// If the write fails the amount stays held back: the safe side. The
// caller holds sendMu.
func (cs *chanState) clearPending(ctx context.Context, st Store, p *channels.CoSignedWithdraw) error {
	if cs.pendingWithdraw() != p {
		return nil
	}
	if err := st.Commit(context.WithoutCancel(ctx), store.Update{Meta: map[string][]byte{pendingWithdrawKey(p.Withdraw.ChannelID): {}}}); err != nil {
		return fmt.Errorf("clear pending withdraw %s: %w", p.Withdraw.ChannelID, err)
	}
	cs.mu.Lock()
	cs.pending = nil
	cs.mu.Unlock()
	return nil
}

// PendingWithdraw returns our withdraw on channel id that awaits the
// partner's answer, if there is one: its amount above what we count as
// withdrawn is held back from our payments.
func (e *Engine) PendingWithdraw(id channels.ChannelID) (channels.Withdraw, bool) {
	cs, err := e.state(id)
	if err != nil {
		return channels.Withdraw{}, false
	}
	p := cs.pendingWithdraw()
	if p == nil {
		return channels.Withdraw{}, false
	}
	return p.Withdraw, true
}

// PendingWithdraws lists the channels with a pending withdraw of ours.
func (e *Engine) PendingWithdraws() []channels.ChannelID {
	return e.channelsWhere(func(cs *chanState) bool { return cs.pendingWithdraw() != nil })
}

// channelsWhere lists the channels whose state has it true.
func (e *Engine) channelsWhere(has func(*chanState) bool) []channels.ChannelID {
	e.mu.RLock()
	defer e.mu.RUnlock()
	var ids []channels.ChannelID
	for id, cs := range e.chans {
		if has(cs) {
			ids = append(ids, id)
		}
	}
	return ids
}

// ResolveWithdraw settles our pending withdraw on channel id, if there is
// one, by asking the partner, through ask, to co-sign it again exactly as
// it was signed: the partner answers a repeat with the signature it gave,
// or co-signs it now. It reports the co-signed withdraw and true once it
// is counted (stored first, as Withdraw does: to be sent on chain). If the
// partner declines it (ErrDeclined), or we count its total already (a
// sync or the chain brought it), it is dropped and its amount is
// spendable again: false and no error. Any other failure leaves it
// pending, to be asked again. No lock is held while the partner answers:
// payments go on meanwhile, the amount still held back from them.
func (e *Engine) ResolveWithdraw(ctx context.Context, id channels.ChannelID, ask AskWithdraw) (channels.CoSignedWithdraw, bool, error) {
	cs, err := e.state(id)
	if err != nil {
		return channels.CoSignedWithdraw{}, false, fmt.Errorf("resolve withdraw: %w", err)
	}
	p := cs.pendingWithdraw()
	if p == nil {
		return channels.CoSignedWithdraw{}, false, nil
	}
	return e.resolveWithdraw(ctx, cs, p, ask)
}

// resolveWithdraw is ResolveWithdraw of the pending withdraw p, which a
// sync may have counted (and cleared) since the caller read it: that
// counts as co-signed too, reported with the stored copy.
func (e *Engine) resolveWithdraw(ctx context.Context, cs *chanState, p *channels.CoSignedWithdraw, ask AskWithdraw) (channels.CoSignedWithdraw, bool, error) {
	id := p.Withdraw.ChannelID
	snap, err := cs.snapshot()
	if err != nil {
		return channels.CoSignedWithdraw{}, false, err
	}
	var theirs channels.Signature
	moot := !p.Withdraw.TotalWithdraw.Gt(&snap.Withdrawn[cs.self]) || snap.Phase != channels.PhaseOpen
	if !moot {
		theirs, err = ask(ctx, p.Withdraw, p.ParticipantSig)
		if err != nil && !errors.Is(err, ErrDeclined) {
			return channels.CoSignedWithdraw{}, false, fmt.Errorf("withdraw %s awaiting its co-signature: %w", id, err)
		}
		if err != nil {
			e.cfg.Logger.Info("partner declines our withdraw that got no answer; its amount is spendable again", "channel", id, "total", &p.Withdraw.TotalWithdraw, "err", err)
			moot = true
		}
	}
	cs.sendMu.Lock()
	defer cs.sendMu.Unlock()
	if err := cs.lockRecv(ctx); err != nil {
		return channels.CoSignedWithdraw{}, false, fmt.Errorf("resolve withdraw %s: %w", id, err)
	}
	defer cs.recvMu.Unlock()
	if snap, err = cs.snapshot(); err != nil {
		return channels.CoSignedWithdraw{}, false, err
	}
	cw := channels.CoSignedWithdraw{Withdraw: p.Withdraw, ParticipantSig: p.ParticipantSig, PartnerSig: theirs}
	if moot || !p.Withdraw.TotalWithdraw.Gt(&snap.Withdrawn[cs.self]) || snap.Phase != channels.PhaseOpen {
		// Declined, counted already, or a channel that takes no
		// withdraw any more (its close counts from the chain).
		if err := cs.clearPending(ctx, e.cfg.Store, p); err != nil {
			return channels.CoSignedWithdraw{}, false, err
		}
		// Counted already: by the partner's sync (AdoptWithdraw keeps
		// its copy, which is p co-signed) or ourselves since.
		kept, ok, err := e.previousWithdraw(ctx, id, e.self)
		if err == nil && ok && kept.Withdraw == p.Withdraw && kept.ParticipantSig == p.ParticipantSig && !kept.Withdraw.TotalWithdraw.Gt(&snap.Withdrawn[cs.self]) {
			return kept, true, nil
		}
		return channels.CoSignedWithdraw{}, false, err
	}
	// now 0: it counts past its expiry too, as in AdoptWithdraw (the
	// partner counts it; a renewal gets it paid).
	if err := snap.ValidateWithdraw(&cw, 0, false); err != nil {
		return channels.CoSignedWithdraw{}, false, fmt.Errorf("resolve withdraw: %w", err)
	}
	if err := cs.commitWithdraw(ctx, e.cfg.Store, snap, &cw); err != nil {
		return channels.CoSignedWithdraw{}, false, err
	}
	return cw, true, nil
}

// A cooperative settle of ours is pending the same way, from the moment we
// sign it until the partner's answer settles it. The partner stops taking
// payments (settling) before it answers, so one of our payments after a
// lost answer would be refused, its proof signed and in the partner's
// hands. While one is pending we pay nothing on the channel (and withdraw
// nothing) until: the co-signature arrives (CooperativeSettle,
// ResolveSettle: settling), the partner declines it (ErrDeclined), a first
// request was refused (ErrRefused) or never left (ErrNotSent), or the
// partner paid us or a withdraw was counted since we signed it: the
// partner signs and counts those only while open, and after either its
// balances no longer match the request, so it has not co-signed it and
// never will. A deposit does not settle it: it changes the pot, but the
// partner may have co-signed the request before; asked again it answers
// with its signature, which we cannot store over the larger pot, and the
// partner's own handling of a settle deposits voided (a new settle over
// the larger pot, or a unilateral close) ends it.

// pendingSettleKey names the store's record of channel id's pending
// settle: empty once there is none.
func pendingSettleKey(id channels.ChannelID) string {
	return "engine/pending-settle/" + id.Hex()
}

// pendingSettleLen is a stored pending settle's size: both balances, our
// signature, the partner's proof nonce and both withdrawn totals.
const pendingSettleLen = 2*32 + channels.SignatureLen + 8 + 2*32

// pendingSettle is our settle request awaiting its answer, with what of
// the channel moves only while the partner is open: its latest proof to
// us and the withdrawn totals, when we signed it.
type pendingSettle struct {
	settle       channels.CooperativeSettle
	sig          channels.Signature
	partnerNonce uint64
	withdrawn    [2]uint256.Int
}

func newPendingSettle(snap *channels.Channel, self int, s channels.CooperativeSettle, sig channels.Signature) *pendingSettle {
	return &pendingSettle{settle: s, sig: sig, partnerNonce: snap.Proofs[channels.Partner(self)].Proof.Nonce, withdrawn: snap.Withdrawn}
}

func encodePendingSettle(p *pendingSettle) []byte {
	b := make([]byte, 0, pendingSettleLen)
	for i := range p.settle.Balances {
		v := p.settle.Balances[i].Bytes32()
		b = append(b, v[:]...)
	}
	b = append(b, p.sig[:]...)
	b = binary.BigEndian.AppendUint64(b, p.partnerNonce)
	for i := range p.withdrawn {
		v := p.withdrawn[i].Bytes32()
		b = append(b, v[:]...)
	}
	return b
}

// loadPendingSettle reads channel id's pending settle, nil if there is none.
func loadPendingSettle(ctx context.Context, st Store, id channels.ChannelID) (*pendingSettle, error) {
	b, err := st.Meta(ctx, pendingSettleKey(id))
	if errors.Is(err, store.ErrNotFound) || (err == nil && len(b) == 0) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("load channel %s pending settle: %w", id, err)
	}
	if len(b) != pendingSettleLen {
		return nil, fmt.Errorf("load channel %s pending settle: %w: %d bytes", id, store.ErrCorrupt, len(b))
	}
	p := &pendingSettle{settle: channels.CooperativeSettle{ChannelID: id}}
	p.settle.Balances[0].SetBytes32(b[:32])
	p.settle.Balances[1].SetBytes32(b[32:64])
	b = b[64:]
	copy(p.sig[:], b)
	b = b[channels.SignatureLen:]
	p.partnerNonce = binary.BigEndian.Uint64(b)
	p.withdrawn[0].SetBytes32(b[8:40])
	p.withdrawn[1].SetBytes32(b[40:72])
	return p, nil
}

func (cs *chanState) pendingSettleOf() *pendingSettle {
	cs.mu.Lock()
	defer cs.mu.Unlock()
	return cs.settling
}

// setPendingSettle stores p before the request for it leaves. The caller
// holds sendMu.
func (cs *chanState) setPendingSettle(ctx context.Context, st Store, p *pendingSettle) error {
	if err := st.Commit(context.WithoutCancel(ctx), store.Update{Meta: map[string][]byte{pendingSettleKey(p.settle.ChannelID): encodePendingSettle(p)}}); err != nil {
		return fmt.Errorf("store pending settle %s: %w", p.settle.ChannelID, err)
	}
	cs.mu.Lock()
	cs.settling = p
	cs.mu.Unlock()
	return nil
}

// clearPendingSettle forgets the pending settle if it is still p; the
// caller holds sendMu.
func (cs *chanState) clearPendingSettle(ctx context.Context, st Store, p *pendingSettle) error {
	if cs.pendingSettleOf() != p {
		return nil
	}
	if err := st.Commit(context.WithoutCancel(ctx), store.Update{Meta: map[string][]byte{pendingSettleKey(p.settle.ChannelID): {}}}); err != nil {
		return fmt.Errorf("clear pending settle %s: %w", p.settle.ChannelID, err)
	}
	cs.mu.Lock()
	cs.settling = nil
	cs.mu.Unlock()
	return nil
}

// PendingSettle reports whether our cooperative settle of channel id
// awaits the partner's answer: payments on it are refused meanwhile.
func (e *Engine) PendingSettle(id channels.ChannelID) bool {
	cs, err := e.state(id)
	return err == nil && cs.pendingSettleOf() != nil
}

// PendingSettles lists the channels with a pending settle of ours.
func (e *Engine) PendingSettles() []channels.ChannelID {
	return e.channelsWhere(func(cs *chanState) bool { return cs.pendingSettleOf() != nil })
}

// ResolveSettle settles our pending cooperative settle of channel id, if
// there is one, by asking the partner, through ask, to co-sign it again
// exactly as it was signed. It reports the co-signed settle and true once
// it is stored (the channel settling, as after CooperativeSettle). If the
// partner declines it, paid us or had a withdraw counted since, or the
// channel left the open phase, it is dropped and payments go on: false
// and no error. Any other failure leaves it pending, to be asked again.
func (e *Engine) ResolveSettle(ctx context.Context, id channels.ChannelID, ask AskSettle) (channels.CoSignedSettle, bool, error) {
	cs, err := e.state(id)
	if err != nil {
		return channels.CoSignedSettle{}, false, fmt.Errorf("resolve settle: %w", err)
	}
	p := cs.pendingSettleOf()
	if p == nil {
		return channels.CoSignedSettle{}, false, nil
	}
	return e.resolveSettle(ctx, cs, p, ask)
}

func (e *Engine) resolveSettle(ctx context.Context, cs *chanState, p *pendingSettle, ask AskSettle) (channels.CoSignedSettle, bool, error) {
	id := p.settle.ChannelID
	snap, err := cs.snapshot()
	if err != nil {
		return channels.CoSignedSettle{}, false, err
	}
	var theirs channels.Signature
	moot := settleMoot(&snap, cs.self, p)
	if !moot {
		theirs, err = ask(ctx, p.settle, p.sig)
		if err != nil && !errors.Is(err, ErrDeclined) {
			return channels.CoSignedSettle{}, false, fmt.Errorf("settle %s awaiting its co-signature: %w", id, err)
		}
		if err != nil {
			e.cfg.Logger.Info("partner declines our settle that got no answer; payments go on", "channel", id, "err", err)
			moot = true
		}
	}
	cs.sendMu.Lock()
	defer cs.sendMu.Unlock()
	if err := cs.lockRecv(ctx); err != nil {
		return channels.CoSignedSettle{}, false, fmt.Errorf("resolve settle %s: %w", id, err)
	}
	defer cs.recvMu.Unlock()
	if snap, err = cs.snapshot(); err != nil {
		return channels.CoSignedSettle{}, false, err
	}
	if moot || settleMoot(&snap, cs.self, p) {
		if err := cs.clearPendingSettle(ctx, e.cfg.Store, p); err != nil {
			return channels.CoSignedSettle{}, false, err
		}
		if snap.Phase == channels.PhaseSettling && snap.Settle.Settle == p.settle && snap.Settle.Signatures[cs.self] == p.sig {
			return snap.Settle, true, nil // co-signed and stored meanwhile
		}
		return channels.CoSignedSettle{}, false, nil
	}
	var css channels.CoSignedSettle
	css.Settle = p.settle
	css.Signatures[cs.self], css.Signatures[channels.Partner(cs.self)] = p.sig, theirs
	if err := cs.commitSettle(ctx, e.cfg.Store, snap, &css); err != nil {
		return channels.CoSignedSettle{}, false, fmt.Errorf("resolve settle: %w", err)
	}
	return css, true, nil
}

// settleMoot reports whether pending settle p can no longer be co-signed
// into our state: the channel left the open phase, or the partner paid us
// or a withdraw was counted since we signed p (see above).
func settleMoot(snap *channels.Channel, self int, p *pendingSettle) bool {
	return snap.Phase != channels.PhaseOpen ||
		snap.Proofs[channels.Partner(self)].Proof.Nonce != p.partnerNonce ||
		snap.Withdrawn != p.withdrawn
}
