package engine

import (
	"context"
	"fmt"
	"time"
	"unicode/utf8"

	"github.com/holiman/uint256"

	"github.com/meshpay/meshpay/channels"
	"github.com/meshpay/meshpay/channels/store"
)

// Pay pays amount over channel id and returns once the partner has
// acknowledged a durable proof that includes it. If ctx ends first the
// payment may still complete; its reference shows in the payment history.
func (e *Engine) Pay(ctx context.Context, id channels.ChannelID, amount *uint256.Int, ref string) (Receipt, error) {
	if amount.IsZero() {
		return Receipt{}, fmt.Errorf("pay %s: %w: zero", id, ErrInvalidAmount)
	}
	if len(ref) > store.MaxReferenceLen {
		return Receipt{}, fmt.Errorf("pay %s: %w: %d bytes, at most %d", id, ErrInvalidReference, len(ref), store.MaxReferenceLen)
	}
	if !utf8.ValidString(ref) {
		return Receipt{}, fmt.Errorf("pay %s: %w: not UTF-8", id, ErrInvalidReference)
	}
	cs, err := e.state(id)
	if err != nil {
		return Receipt{}, fmt.Errorf("pay: %w", err)
	}
	if err := e.awaitReconciled(ctx, cs); err != nil {
		return Receipt{}, fmt.Errorf("pay %s: %w", id, err)
	}
	req := &payRequest{amount: *amount, ref: ref, done: make(chan payResult, 1)}
	cs.mu.Lock()
	if cs.failed != nil {
		cs.mu.Unlock()
		return Receipt{}, cs.failed
	}
	cs.queue = append(cs.queue, req)
	start := !cs.sending
	cs.sending = true
	cs.mu.Unlock()
	if start {
		e.mu.RLock()
		if e.closed {
			e.mu.RUnlock()
			cs.mu.Lock()
			cs.sending = false
			cs.mu.Unlock()
			return Receipt{}, ErrClosed
		}
		e.wg.Add(1)
		e.mu.RUnlock()
		go e.sendLoop(cs)
	}
	select {
	case r := <-req.done:
		return r.receipt, r.err
	case <-ctx.Done():
		return Receipt{}, fmt.Errorf("pay %s: %w (the payment may still complete)", id, ctx.Err())
	}
}

// awaitReconciled waits, at most DeliverTimeout, for the channel to be
// reconciled (see chanState.reconciled).
func (e *Engine) awaitReconciled(ctx context.Context, cs *chanState) error {
	select {
	case <-cs.reconciled:
		return nil
	default:
	}
	t := time.NewTimer(e.cfg.DeliverTimeout)
	defer t.Stop()
	select {
	case <-cs.reconciled:
		return nil
	case <-t.C:
		return ErrNotReconciled
	case <-e.life.Done():
		return ErrClosed
	case <-ctx.Done():
		return fmt.Errorf("%w: %w", ErrNotReconciled, ctx.Err())
	}
}

// sendLoop drains a channel's queue one batch at a time and exits when it
// is empty; Pay starts it again.
func (e *Engine) sendLoop(cs *chanState) {
	defer e.wg.Done()
	for {
		cs.mu.Lock()
		if len(cs.queue) == 0 || cs.failed != nil {
			for _, r := range cs.queue {
				r.done <- payResult{err: cs.failed}
			}
			cs.queue, cs.sending = nil, false
			cs.mu.Unlock()
			return
		}
		n := min(len(cs.queue), e.cfg.MaxBatch)
		batch := cs.queue[:n:n]
		cs.queue = cs.queue[n:]
		cs.mu.Unlock()
		e.sendBatch(cs, batch)
	}
}

func (e *Engine) sendBatch(cs *chanState, batch []*payRequest) {
	ctx, cancel := e.batchContext()
	pipe, pipelined := e.pipeliner()
	if pipelined {
		// A window slot first, outside sendMu: the ack waiter that frees
		// one never needs sendMu.
		select {
		case cs.window <- struct{}{}:
		case <-ctx.Done():
			cancel()
			for _, r := range batch {
				r.done <- payResult{err: fmt.Errorf("pay: %w: %w", ErrBusy, ctx.Err())}
			}
			return
		}
	}
	handedOff := false
	defer func() {
		if !handedOff {
			cancel()
			if pipelined {
				<-cs.window
			}
		}
	}()
	cs.sendMu.Lock()
	defer cs.sendMu.Unlock()
	cs.mu.Lock()
	snap := cs.ch
	pending, settling := cs.pending, cs.settling
	cs.mu.Unlock()

	failAll := func(reqs []*payRequest, err error) {
		for _, r := range reqs {
			r.done <- payResult{err: err}
		}
	}
	if settling != nil {
		failAll(batch, fmt.Errorf("pay %s: %w", snap.ID, ErrSettlePending))
		return
	}
	// What a withdraw awaiting its answer takes is not ours to pay.
	avail, held, err := spendable(&snap, cs.self, pending)
	if err != nil {
		failAll(batch, fmt.Errorf("pay %s: %w", snap.ID, err))
		return
	}
	heldNote := ""
	if !held.IsZero() {
		heldNote = fmt.Sprintf(" (%s held back for a withdraw awaiting its co-signature)", &held)
	}
	// Admit payments in arrival order while the balance lasts; each one
	// refused gets its own overspend error.
	var total uint256.Int
	accepted := make([]*payRequest, 0, len(batch))
	for _, r := range batch {
		if r.amount.Gt(&avail) {
			r.done <- payResult{err: fmt.Errorf("pay %s: %w: %s exceeds available %s%s", snap.ID, channels.ErrOverspend, &r.amount, &avail, heldNote)}
			continue
		}
		avail.Sub(&avail, &r.amount)
		total.Add(&total, &r.amount)
		accepted = append(accepted, r)
	}
	if len(accepted) == 0 {
		return
	}

	nonce := cs.lastNonce + 1
	if nonce > cs.reserved {
		upto := nonce + e.cfg.ReserveBlock - 1
		if err := e.cfg.Store.Commit(ctx, store.Update{Reservation: &store.Reservation{ChannelID: snap.ID, Upto: upto}}); err != nil {
			failAll(accepted, cs.fail(fmt.Errorf("reserve nonces for %s: %w", snap.ID, err)))
			return
		}
		cs.reserved = upto
	}
	proof, err := snap.NextProof(cs.self, &total, nonce)
	if err != nil {
		failAll(accepted, fmt.Errorf("pay %s: %w", snap.ID, err))
		return
	}
	sp, err := channels.SignBalanceProof(snap.Domain(), proof, e.cfg.Signer)
	if err != nil {
		failAll(accepted, fmt.Errorf("pay %s: %w", snap.ID, err))
		return
	}
	cs.lastNonce = nonce

	now := e.cfg.Now().UnixNano()
	records := make([]store.Payment, len(accepted))
	// Items of unacknowledged proofs ride along again, so the payee can
	// itemize them if it never got their proof; a delivery carries at most
	// MaxBatch items, the oldest dropped first (the payee then records
	// them as one unitemized amount).
	cs.unackMu.Lock()
	keep := cs.unacked[max(0, len(cs.unacked)+len(accepted)-e.cfg.MaxBatch):]
	infos := make([]PaymentInfo, len(keep), len(keep)+len(accepted))
	copy(infos, keep)
	retried := len(keep)
	cs.unackMu.Unlock()
	for i, r := range accepted {
		records[i] = store.Payment{ChannelID: snap.ID, Direction: store.Sent, Nonce: nonce, Index: uint16(i), Amount: r.amount, Reference: r.ref, UnixNano: now}
		infos = append(infos, PaymentInfo{Amount: r.amount, Reference: r.ref, Nonce: nonce})
	}
	// Written before it leaves the process, so a kill cannot lose it;
	// the sync runs while the proof travels, and the payments count only
	// once both the sync and the ack are in. A power cut in between can
	// lose a proof the payee holds: the nonce is not reused (it is
	// reserved), and Reconcile takes the proof back from the payee.
	durable, err := e.cfg.Store.CommitStaged(ctx, store.Update{Proof: &store.ProofUpdate{Signer: cs.self, Proof: sp}, Payments: records})
	if err != nil {
		failAll(accepted, cs.fail(fmt.Errorf("store proof %s nonce %d: %w", snap.ID, nonce, err)))
		return
	}
	// synced turns the outcome of the delivery into the payments' outcome
	// once our own write is durable too.
	synced := func(err error) error {
		derr := durable(ctx)
		switch {
		case derr == nil:
			return err
		case ctx.Err() == nil:
			return cs.fail(fmt.Errorf("store proof %s nonce %d: %w", snap.ID, nonce, derr))
		case err != nil:
			return err // the sync's fate is unknown, the delivery's is not
		default:
			return fmt.Errorf("pay %s nonce %d: %w: sync: %w", snap.ID, nonce, ErrUnacknowledged, derr)
		}
	}
	cs.mu.Lock()
	next, err := cs.ch.Apply(channels.ProofAccepted{Signer: cs.self, Proof: sp})
	if err == nil {
		cs.ch = next
	}
	cs.mu.Unlock()
	if err != nil {
		failAll(accepted, cs.fail(fmt.Errorf("apply own proof %s nonce %d: %w", snap.ID, nonce, err)))
		return
	}

	d := Delivery{Proof: sp, Payments: infos}
	finish := func(err error) {
		cs.unackMu.Lock()
		if err != nil {
			// Keep the newest items only: older ones the payee will
			// record as one unitemized amount.
			cs.unacked = append(cs.unacked, infos[retried:]...)
			cs.unacked = cs.unacked[max(0, len(cs.unacked)-e.cfg.MaxBatch/2):]
		} else {
			// The payee holds proof nonce now: items first carried by it
			// or an earlier proof are covered (the payee skips them), so
			// they need not ride along again.
			kept := cs.unacked[:0]
			for _, it := range cs.unacked {
				if it.Nonce > nonce {
					kept = append(kept, it)
				}
			}
			cs.unacked = kept
		}
		cs.unackMu.Unlock()
		for _, r := range accepted {
			if err != nil {
				r.done <- payResult{err: err}
				continue
			}
			r.done <- payResult{receipt: Receipt{ChannelID: snap.ID, Nonce: nonce, Amount: r.amount, Reference: r.ref, Transferred: sp.Proof.TransferredAmount}}
		}
	}
	if !pipelined {
		finish(synced(e.deliver(ctx, d)))
		return
	}
	// Pipelined: written now, in nonce order (we hold sendMu); the ack is
	// awaited off the send path so the next proof can go out meanwhile.
	wait, err := pipe.Send(ctx, d)
	if err != nil {
		finish(synced(fmt.Errorf("pay %s nonce %d: %w: %w", snap.ID, nonce, ErrUnacknowledged, err)))
		return
	}
	handedOff = true
	e.wg.Add(1)
	go func() {
		defer e.wg.Done()
		defer func() { <-cs.window }()
		defer cancel()
		ack, err := wait()
		finish(synced(checkAck(snap.ID, nonce, ack, err)))
	}()
}

func (e *Engine) pipeliner() (Pipeliner, bool) {
	dp := e.deliverer.Load()
	if dp == nil {
		return nil, false
	}
	p, ok := (*dp).(Pipeliner)
	return p, ok
}

// checkAck turns a delivery's outcome into the payment's error.
func checkAck(id channels.ChannelID, nonce uint64, ack Ack, err error) error {
	if err != nil {
		return fmt.Errorf("pay %s nonce %d: %w: %w", id, nonce, ErrUnacknowledged, err)
	}
	if ack.ChannelID != id || ack.Nonce != nonce {
		return fmt.Errorf("pay %s nonce %d: %w: ack for %s nonce %d", id, nonce, ErrUnacknowledged, ack.ChannelID, ack.Nonce)
	}
	return nil
}

func (e *Engine) deliver(ctx context.Context, d Delivery) error {
	id, nonce := d.Proof.Proof.ChannelID, d.Proof.Proof.Nonce
	dp := e.deliverer.Load()
	if dp == nil {
		return fmt.Errorf("pay %s nonce %d: %w: no transport", id, nonce, ErrUnacknowledged)
	}
	ack, err := (*dp).Deliver(ctx, d)
	return checkAck(id, nonce, ack, err)
}

// batchContext bounds one batch's IO and ends it when the engine closes.
func (e *Engine) batchContext() (context.Context, context.CancelFunc) {
	return context.WithTimeout(e.life, e.cfg.DeliverTimeout)
}

// Receive validates a delivery from peer from, makes it durable, and only
// then returns its acknowledgement. A repeat of the latest proof is
// acknowledged again without being stored twice.
func (e *Engine) Receive(ctx context.Context, from channels.Address, d Delivery) (Ack, error) {
	settle, err := e.Accept(ctx, from, d)
	if err != nil {
		return Ack{}, err
	}
	return settle(ctx)
}

// Accept is Receive in two steps, so a transport can take the partner's
// next proof while this one is being written: Accept validates d against
// every proof accepted before it, durable or not, and queues its write;
// settle waits until it is durable and returns the acknowledgement, which
// may only then be sent. A channel's deliveries must be accepted in order
// and settled in that order; writes queued together share a sync.
func (e *Engine) Accept(ctx context.Context, from channels.Address, d Delivery) (settle func(context.Context) (Ack, error), err error) {
	id := d.Proof.Proof.ChannelID
	cs, err := e.state(id)
	if err != nil {
		return nil, fmt.Errorf("receive: %w", err)
	}
	partner := channels.Partner(cs.self)
	if len(d.Payments) > e.cfg.MaxBatch {
		return nil, fmt.Errorf("receive %s: %w: %d", id, ErrTooManyPayments, len(d.Payments))
	}
	cs.recvMu.Lock()
	defer cs.recvMu.Unlock()
	cs.mu.Lock()
	snap, failed := cs.ch, cs.failed
	cs.mu.Unlock()
	if failed != nil {
		return nil, failed
	}
	if from != snap.Params.Participants[partner] {
		return nil, fmt.Errorf("receive %s: %w: from %s", id, ErrWrongPeer, from)
	}
	ack := Ack{ChannelID: id, Nonce: d.Proof.Proof.Nonce}
	// Build on the latest proof taken, even if its write is in flight.
	pendingWait := func(context.Context) error { return nil }
	if cs.acceptedWait != nil && cs.accepted.Proof.Nonce > snap.Proofs[partner].Proof.Nonce {
		snap.Proofs[partner], pendingWait = cs.accepted, cs.acceptedWait
	}
	if d.Proof == snap.Proofs[partner] {
		return func(ctx context.Context) (Ack, error) {
			if err := pendingWait(ctx); err != nil {
				return Ack{}, fmt.Errorf("receive %s nonce %d: %w", id, ack.Nonce, err)
			}
			if err := cs.applyReceived(d.Proof); err != nil {
				return Ack{}, err
			}
			return ack, nil
		}, nil
	}
	if err := snap.ValidateProof(partner, &d.Proof); err != nil {
		return nil, fmt.Errorf("receive: %w", err)
	}
	records, err := paymentRecords(&snap, partner, &d, e.cfg.Now().UnixNano())
	if err != nil {
		return nil, err
	}
	wait, err := e.cfg.Store.Queue(ctx, store.Update{Proof: &store.ProofUpdate{Signer: partner, Proof: d.Proof}, Payments: records})
	if err != nil {
		return nil, cs.fail(fmt.Errorf("store received proof %s nonce %d: %w", id, ack.Nonce, err))
	}
	cs.accepted, cs.acceptedWait = d.Proof, wait
	return func(ctx context.Context) (Ack, error) {
		err := wait(ctx)
		if err != nil {
			err = fmt.Errorf("store received proof %s nonce %d: %w", id, ack.Nonce, err)
			if ctx.Err() == nil {
				// Refused or failed: later proofs were validated on top
				// of this one, so the channel cannot go on.
				err = cs.fail(err)
			}
			return Ack{}, err
		}
		if err := cs.applyReceived(d.Proof); err != nil {
			return Ack{}, err
		}
		ack.Received = records
		return ack, nil
	}, nil
}

// applyReceived puts a durable proof of the partner's into ch, unless a
// later one got there first.
func (cs *chanState) applyReceived(p channels.SignedBalanceProof) error {
	partner := channels.Partner(cs.self)
	cs.mu.Lock()
	if p.Proof.Nonce <= cs.ch.Proofs[partner].Proof.Nonce {
		cs.mu.Unlock()
		return nil
	}
	next, err := cs.ch.Apply(channels.ProofAccepted{Signer: partner, Proof: p})
	if err == nil {
		cs.ch = next
	}
	cs.mu.Unlock()
	if err != nil {
		return cs.fail(fmt.Errorf("apply received proof %s nonce %d: %w", p.Proof.ChannelID, p.Proof.Nonce, err))
	}
	return nil
}

// ended is a context already done: a wait given it only reports an outcome
// already known.
var ended = func() context.Context {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	return ctx
}()

// catchUp puts into ch the latest proof Accept took if its write is
// durable by now, without waiting: a proof whose settle never ran (its
// stream died, its wait timed out) must still count once it is stored.
// If recvMu is busy, its holder is taking proofs or has caught up.
func (cs *chanState) catchUp() {
	if !cs.recvMu.TryLock() {
		return
	}
	defer cs.recvMu.Unlock()
	if cs.acceptedWait == nil {
		return
	}
	if cs.acceptedWait(ended) != nil {
		return // not durable yet, or failed: settle reports that
	}
	if cs.applyReceived(cs.accepted) == nil {
		cs.acceptedWait = nil
	}
}

// lockRecv locks recvMu once every proof Accept took is durable and in ch,
// so the holder reads and writes on top of them.
func (cs *chanState) lockRecv(ctx context.Context) error {
	cs.recvMu.Lock()
	if cs.acceptedWait == nil {
		return nil
	}
	err := cs.acceptedWait(ctx)
	if err == nil {
		err = cs.applyReceived(cs.accepted)
	}
	if err != nil {
		cs.recvMu.Unlock()
		return fmt.Errorf("wait for received proof nonce %d: %w", cs.accepted.Proof.Nonce, err)
	}
	cs.acceptedWait = nil
	return nil
}

// paymentRecords itemizes the proof's increase over the last accepted one.
// Items first sent with a proof we already hold (their ack was lost) are
// skipped; the rest may not claim more than the increase; whatever the
// items do not cover (payments whose proof was lost and which the payer no
// longer lists) is recorded as one unitemized payment, so records always
// add up to what was received.
func paymentRecords(ch *channels.Channel, signer int, d *Delivery, now int64) ([]store.Payment, error) {
	var delta uint256.Int
	delta.Sub(&d.Proof.Proof.TransferredAmount, ch.Transferred(signer))
	nonce, have := d.Proof.Proof.Nonce, ch.Proofs[signer].Proof.Nonce
	var sum uint256.Int
	records := make([]store.Payment, 0, len(d.Payments)+1)
	for i := range d.Payments {
		p := &d.Payments[i]
		if p.Amount.IsZero() || len(p.Reference) > store.MaxReferenceLen || p.Nonce > nonce {
			return nil, fmt.Errorf("receive %s payment %d: %w", ch.ID, i, ErrPaymentsMismatch)
		}
		first := p.Nonce
		if first == 0 {
			first = nonce
		}
		if first <= have {
			continue
		}
		if _, o := sum.AddOverflow(&sum, &p.Amount); o {
			return nil, fmt.Errorf("receive %s: %w: overflow", ch.ID, ErrPaymentsMismatch)
		}
		records = append(records, store.Payment{ChannelID: ch.ID, Direction: store.Received, Nonce: nonce, Index: uint16(len(records)), Amount: p.Amount, Reference: p.Reference, UnixNano: now})
	}
	if sum.Gt(&delta) {
		return nil, fmt.Errorf("receive %s: %w: payments add to %s, proof increases by %s", ch.ID, ErrPaymentsMismatch, &sum, &delta)
	}
	if rest := new(uint256.Int).Sub(&delta, &sum); !rest.IsZero() {
		records = append(records, store.Payment{ChannelID: ch.ID, Direction: store.Received, Nonce: nonce, Index: uint16(len(records)), Amount: *rest, UnixNano: now})
	}
	return records, nil
}
