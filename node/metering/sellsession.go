package metering

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"sync"
	"time"

	"github.com/holiman/uint256"
	"github.com/libp2p/go-libp2p/core/network"
)

// SellSession is one session as the seller serves it; the Meter reports
// the units it delivers through it. Its methods are safe for concurrent
// use.
type SellSession struct {
	seller *Seller
	info   SessionInfo
	meter  Meter
	// limit is the number of units the buyer's limits allow (0: none).
	limit uint64

	// persistMu orders the stores of the session's receipt, so the last
	// one stored is the latest.
	persistMu sync.Mutex

	mu         sync.Mutex
	units      uint64
	due, paid  uint256.Int
	seq        uint64
	firstNonce uint64
	lastNonce  uint64
	ending     bool
	finished   bool
	reason     Reason
	detail     string
	final      *SignedUsage
	ended      time.Time
	// changed is closed and replaced on every change of the above.
	changed   chan struct{}
	stopMeter context.CancelFunc
	// meterStopped is set once stopMeter was called.
	meterStopped bool
}

// Info describes the session.
func (s *SellSession) Info() SessionInfo { return s.info }

// Status returns the session's running totals.
func (s *SellSession) Status() Status {
	s.mu.Lock()
	defer s.mu.Unlock()
	return Status{Units: s.units, Due: s.due, Paid: s.paid, Seq: s.seq, Ended: s.ending, Reason: s.reason}
}

// Report adds units delivered. It ends the session when the buyer's
// limit is reached (the units beyond it are not counted) or when payment
// then lags more than the credit window; the meter's context ends with
// it, except at the buyer's limit: then it ends once the units are paid
// or the grace period is over, so that the meter can WaitPaid for the
// last unit (a toll gate selling one pass). It returns ErrSessionEnded,
// and does not count the units, once the session is ending.
func (s *SellSession) Report(units uint64) error {
	if units == 0 {
		return nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.ending {
		return fmt.Errorf("session %s: %w (%s)", s.info.ID, ErrSessionEnded, s.reason)
	}
	next := s.units + units
	if next < s.units {
		next = math.MaxUint64
	}
	reached := s.limit > 0 && next >= s.limit
	if reached {
		next = s.limit
	}
	var due uint256.Int
	if _, o := due.MulOverflow(&s.info.PricePerUnit, uint256.NewInt(next)); o {
		s.endLocked(ReasonServiceFailed, "amount due overflows")
		return fmt.Errorf("session %s: %w: amount due overflows", s.info.ID, ErrSessionEnded)
	}
	s.units, s.due = next, due
	switch {
	case reached:
		s.endLocked(ReasonLimitReached, fmt.Sprintf("%d units", next))
	case s.lagLocked().Gt(&s.info.CreditWindow):
		s.endLocked(ReasonPaymentLagging, fmt.Sprintf("due %s, paid %s, credit window %s", s.due.Dec(), s.paid.Dec(), s.info.CreditWindow.Dec()))
	}
	s.broadcastLocked()
	return nil
}

// lagLocked is due - paid, or zero when paid is ahead.
func (s *SellSession) lagLocked() *uint256.Int {
	var lag uint256.Int
	if s.due.Gt(&s.paid) {
		lag.Sub(&s.due, &s.paid)
	}
	return &lag
}

// WaitPaid waits until everything reported is paid. It returns
// ErrSessionEnded if the session ends first (at the buyer's limit: once
// the grace period for the last payment is over), or ctx's error.
func (s *SellSession) WaitPaid(ctx context.Context) error {
	for {
		s.mu.Lock()
		paid, ending, ch := !s.due.Gt(&s.paid), s.ending, s.changed
		awaitLast := s.reason == ReasonLimitReached && !s.meterStopped
		s.mu.Unlock()
		if paid {
			return nil
		}
		if ending && !awaitLast {
			return fmt.Errorf("session %s: %w", s.info.ID, ErrSessionEnded)
		}
		select {
		case <-ch:
		case <-ctx.Done():
			if s.isEnding() {
				return fmt.Errorf("session %s: %w", s.info.ID, ErrSessionEnded)
			}
			return ctx.Err()
		}
	}
}

func (s *SellSession) isEnding() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.ending
}

// stopMeterLocked ends the meter's context.
func (s *SellSession) stopMeterLocked() {
	if s.stopMeter != nil && !s.meterStopped {
		s.meterStopped = true
		s.stopMeter()
		s.broadcastLocked()
	}
}

// End ends the session from the seller's side (ReasonSellerEnded): the
// meter's context ends and the final record follows.
func (s *SellSession) End() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.endLocked(ReasonSellerEnded, "")
}

func (s *SellSession) end(r Reason, detail string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.endLocked(r, detail)
}

// endLocked starts ending the session, once: the first reason stands.
func (s *SellSession) endLocked(r Reason, detail string) {
	if s.ending {
		return
	}
	s.ending, s.reason, s.detail = true, r, detail
	if r != ReasonLimitReached {
		s.stopMeterLocked()
	}
	s.broadcastLocked()
}

func (s *SellSession) broadcastLocked() {
	close(s.changed)
	s.changed = make(chan struct{})
}

func (s *SellSession) isFinished() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.finished
}

// credit adds a payment received for the session in the proof with the
// given nonce. A payment after the session finished (within linger)
// updates its receipt.
func (s *SellSession) credit(amount *uint256.Int, nonce uint64) {
	s.mu.Lock()
	s.paid.Add(&s.paid, amount)
	if s.firstNonce == 0 || nonce < s.firstNonce {
		s.firstNonce = nonce
	}
	s.lastNonce = max(s.lastNonce, nonce)
	s.broadcastLocked()
	late := s.finished
	s.mu.Unlock()
	if late {
		s.seller.log.Debug("payment after the session ended", "session", s.info.ID, "amount", amount.Dec())
		go s.persist(context.Background())
	}
}

// persist stores the session's receipt as it is now.
func (s *SellSession) persist(ctx context.Context) {
	s.persistMu.Lock()
	defer s.persistMu.Unlock()
	s.mu.Lock()
	r := s.receiptLocked()
	s.mu.Unlock()
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), persistTimeout)
	defer cancel()
	if err := s.seller.receipts.put(ctx, r); err != nil {
		s.seller.log.Warn("receipt not stored", "session", r.SessionID, "err", err)
	}
}

// record signs the next usage record of the session's current totals.
func (s *SellSession) record(final bool) (SignedUsage, error) {
	s.mu.Lock()
	s.seq++
	r := UsageRecord{
		SessionID: s.info.ID, Seller: s.info.Seller, Buyer: s.info.Buyer, ChannelID: s.info.ChannelID,
		Service: s.info.Service, Unit: s.info.Unit, PricePerUnit: s.info.PricePerUnit,
		Seq: s.seq, Units: s.units, Due: s.due, Paid: s.paid, Time: time.Now(), Final: final,
	}
	if final {
		r.Reason = s.reason
	}
	s.mu.Unlock()
	return SignUsage(&r, s.seller.key)
}

// run serves the session on its stream: it runs the meter, sends a usage
// record whenever the units rise, ends the session on the first reason,
// waits for payment to catch up and sends the final record.
func (s *SellSession) run(ctx context.Context, st network.Stream, r *reader, w *writer) {
	log := s.seller.log.With("session", s.info.ID)
	meterCtx, stopMeter := context.WithCancel(ctx)
	defer stopMeter()
	s.mu.Lock()
	s.stopMeter = stopMeter
	if s.ending && s.reason != ReasonLimitReached {
		s.stopMeterLocked()
	}
	s.mu.Unlock()

	// The buyer only sends Stop; anything else ends the session too.
	buyerGone := make(chan struct{})
	go func() {
		defer close(buyerGone)
		for {
			m, err := r.read()
			switch {
			case errors.Is(err, io.EOF):
				s.end(ReasonBuyerEnded, "stream closed by the buyer")
				return
			case err != nil:
				s.end(ReasonStreamClosed, err.Error())
				return
			case m.GetStop() != nil:
				reason, detail := decodeStop(m.GetStop())
				if reason == ReasonUnspecified {
					reason = ReasonBuyerEnded
				}
				s.end(reason, detail)
			default:
				s.end(ReasonBadRecord, "unexpected message from the buyer")
			}
		}
	}()

	meterDone := make(chan error, 1)
	go func() { meterDone <- s.meter.Serve(meterCtx, s) }()
	meterRunning := true

	var sent uint64
	writeOK := true
	send := func(final bool) {
		if !writeOK {
			return
		}
		su, err := s.record(final)
		if err == nil {
			err = w.write(usageMsg(&su))
		}
		if err != nil {
			writeOK = false
			s.end(ReasonStreamClosed, err.Error())
			return
		}
		if final {
			s.mu.Lock()
			s.final = &su
			s.mu.Unlock()
		}
	}
	sendUnits := func() {
		s.mu.Lock()
		units := s.units
		s.mu.Unlock()
		if units > sent {
			send(false)
			sent = units
		}
	}

	ctxDone := ctx.Done()
	for {
		sendUnits()
		s.mu.Lock()
		ending, ch := s.ending, s.changed
		s.mu.Unlock()
		if ending {
			break
		}
		select {
		case <-ch:
		case err := <-meterDone:
			meterRunning = false
			if err != nil {
				s.end(ReasonServiceFailed, err.Error())
			} else {
				s.end(ReasonServiceDone, "")
			}
		case <-ctxDone:
			s.end(ReasonSellerEnded, "seller shutting down")
		}
	}
	// waitPaid waits for payment to catch up with what was reported, for
	// one grace period in all, counted from its first call.
	var graceEnd time.Time
	waitPaid := func() {
		if graceEnd.IsZero() {
			graceEnd = time.Now().Add(s.seller.cfg.Grace)
		}
		grace := time.NewTimer(time.Until(graceEnd))
		defer grace.Stop()
		for {
			s.mu.Lock()
			paid, ch := !s.due.Gt(&s.paid), s.changed
			s.mu.Unlock()
			if paid {
				return
			}
			select {
			case <-ch:
			case <-grace.C:
				return
			case <-buyerGone:
				return
			}
		}
	}
	s.mu.Lock()
	atLimit := s.reason == ReasonLimitReached
	s.mu.Unlock()
	if atLimit && meterRunning {
		// The meter may be waiting for the last unit to be paid.
		waitPaid()
	}
	s.mu.Lock()
	s.stopMeterLocked()
	s.mu.Unlock()
	if meterRunning {
		if err := <-meterDone; err != nil && !errors.Is(err, context.Canceled) {
			log.Debug("meter stopped with an error", "err", err)
		}
	}
	// Report refuses units from now on: the totals are final.
	sendUnits()
	s.mu.Lock()
	reason, detail := s.reason, s.detail
	s.mu.Unlock()
	if writeOK {
		if err := w.write(stopMsg(reason, detail)); err != nil {
			writeOK = false
		}
	}

	waitPaid()
	send(true)
	_ = st.Close()
	select {
	case <-buyerGone:
	case <-time.After(time.Second):
		_ = st.Reset()
		<-buyerGone
	}

	s.mu.Lock()
	s.finished, s.ended = true, time.Now()
	rcpt := s.receiptLocked()
	s.mu.Unlock()
	s.persist(ctx)
	s.seller.forget(s, true)
	log.Info("session ended", "reason", rcpt.Reason, "detail", rcpt.Detail, "units", rcpt.Units, "due", rcpt.Due.Dec(), "paid", rcpt.Paid.Dec())
}

// receiptLocked is the seller's receipt of the session so far.
func (s *SellSession) receiptLocked() Receipt {
	return Receipt{
		SessionID: s.info.ID, Role: RoleSeller, Service: s.info.Service, Unit: s.info.Unit,
		PricePerUnit: s.info.PricePerUnit, Token: s.info.Token, ChannelID: s.info.ChannelID,
		Seller: s.info.Seller, Buyer: s.info.Buyer, Units: s.units, Due: s.due, Paid: s.paid,
		FirstNonce: s.firstNonce, LastNonce: s.lastNonce, Start: s.info.Started.Round(0), End: s.ended.Round(0),
		Reason: s.reason, Detail: s.detail, Final: s.final,
	}
}
