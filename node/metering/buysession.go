package metering

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/holiman/uint256"
	"github.com/libp2p/go-libp2p/core/network"

	"github.com/meshpay/meshpay/channels/engine"
	"github.com/meshpay/meshpay/node/metering/pb"
)

// BuySession is one session as the buyer runs it: it checks the seller's
// usage records and pays for them. Its methods are safe for concurrent
// use.
type BuySession struct {
	b    *Buyer
	info SessionInfo
	log  *slog.Logger
	// limit is the number of units the buyer's limits allow (0: none).
	limit  uint64
	endReq chan struct{}
	done   chan struct{}

	mu     sync.Mutex
	status Status
	// first and last are the proof nonces of the session's first and
	// last payments.
	first, last uint64
	final       *SignedUsage
	detail      string
	receipt     Receipt
	err         error
}

// Info describes the session.
func (s *BuySession) Info() SessionInfo { return s.info }

// ID is the session's ID.
func (s *BuySession) ID() SessionID { return s.info.ID }

// Status returns the session's running totals: the last record accepted
// and what the buyer paid.
func (s *BuySession) Status() Status {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.status
}

// Done is closed when the session has ended and its receipt is final.
func (s *BuySession) Done() <-chan struct{} { return s.done }

// End asks the seller to stop the service and waits for the session to
// end, as Wait.
func (s *BuySession) End(ctx context.Context) (Receipt, error) {
	select {
	case s.endReq <- struct{}{}:
	default:
	}
	return s.Wait(ctx)
}

// Wait waits for the session to end and returns the buyer's receipt.
// The error is nil when the session ended with the seller's final record
// and every record was acceptable; otherwise it says what went wrong
// (ErrWrongSigner, ErrBadRecord, ErrPriceChanged, ErrLimitExceeded,
// ErrPaymentFailed, ErrNoFinalRecord), and the receipt is what the buyer
// saw and paid. If ctx ends first, Wait returns the receipt so far and
// ctx's error; the session goes on.
func (s *BuySession) Wait(ctx context.Context) (Receipt, error) {
	select {
	case <-s.done:
		s.mu.Lock()
		defer s.mu.Unlock()
		return s.receipt, s.err
	case <-ctx.Done():
		return s.Receipt(), ctx.Err()
	}
}

// Receipt returns the buyer's receipt: final once Done is closed, the
// totals so far before.
func (s *BuySession) Receipt() Receipt {
	s.mu.Lock()
	defer s.mu.Unlock()
	select {
	case <-s.done:
		return s.receipt
	default:
		return s.receiptLocked(time.Time{})
	}
}

func (s *BuySession) receiptLocked(end time.Time) Receipt {
	r := Receipt{
		SessionID: s.info.ID, Role: RoleBuyer, Service: s.info.Service, Unit: s.info.Unit,
		PricePerUnit: s.info.PricePerUnit, Token: s.info.Token, ChannelID: s.info.ChannelID,
		Seller: s.info.Seller, Buyer: s.info.Buyer, Units: s.status.Units, Due: s.status.Due, Paid: s.status.Paid,
		FirstNonce: s.first, LastNonce: s.last, Start: s.info.Started.Round(0), End: end.Round(0),
		Reason: s.status.Reason, Detail: s.detail, Final: s.final,
	}
	return r
}

// check verifies a usage record against the session and the last record
// accepted.
func (s *BuySession) check(su *SignedUsage, last *Status) (UsageRecord, error) {
	rec, signer, err := su.Verify()
	if err != nil {
		return rec, err
	}
	i := &s.info
	switch {
	case signer != i.Seller:
		return rec, fmt.Errorf("%w: signed by %s, seller %s", ErrWrongSigner, signer, i.Seller)
	case rec.SessionID != i.ID || rec.Seller != i.Seller || rec.Buyer != i.Buyer || rec.ChannelID != i.ChannelID ||
		rec.Service != i.Service || rec.Unit != i.Unit:
		return rec, fmt.Errorf("%w: record for another session, party, channel or service", ErrBadRecord)
	case rec.PricePerUnit != i.PricePerUnit:
		return rec, fmt.Errorf("%w: %s per %s, agreed %s", ErrPriceChanged, rec.PricePerUnit.Dec(), i.Unit, i.PricePerUnit.Dec())
	case rec.Seq <= last.Seq:
		return rec, fmt.Errorf("%w: seq %d after %d", ErrBadRecord, rec.Seq, last.Seq)
	case rec.Units < last.Units:
		return rec, fmt.Errorf("%w: units went down from %d to %d", ErrBadRecord, last.Units, rec.Units)
	}
	var due uint256.Int
	if _, o := due.MulOverflow(&i.PricePerUnit, uint256.NewInt(rec.Units)); o || due != rec.Due {
		return rec, fmt.Errorf("%w: due %s for %d units", ErrBadRecord, rec.Due.Dec(), rec.Units)
	}
	return rec, nil
}

// payResult is the outcome of one payment.
type payResult struct {
	amount  uint256.Int
	receipt engine.Receipt
	err     error
}

// readResult is one message read from the stream.
type readResult struct {
	m   *pb.Message
	err error
}

// run is the session's loop: it reads the seller's messages, pays for the
// records it accepts, one payment at a time, and ends the session.
func (s *BuySession) run(ctx context.Context, st network.Stream, r *reader, w *writer) {
	msgs := make(chan readResult)
	quit := make(chan struct{})
	readerDone := make(chan struct{})
	go func() {
		defer close(readerDone)
		for {
			m, err := r.read()
			select {
			case msgs <- readResult{m, err}:
			case <-quit:
				return
			}
			if err != nil {
				return
			}
		}
	}()

	var (
		target    uint256.Int // what the accepted records ask us to pay, within our limits
		targetSeq uint64
		paid      uint256.Int
		paying    bool
		payDone   = make(chan payResult, 1)
		stopped   bool // we sent Stop
		endTimer  <-chan time.Time
		final     bool // the final record arrived
		abandon   bool // end now, without the final record
		timedOut  bool // the seller did not send its final record in time
		noPay     bool // pay nothing more
		failure   error
		ctxDone   = ctx.Done()
	)
	setEnding := func(reason Reason, detail string) {
		s.mu.Lock()
		if !s.status.Ended {
			s.status.Ended, s.status.Reason, s.detail = true, reason, detail
		}
		s.mu.Unlock()
		if endTimer == nil {
			endTimer = time.After(s.b.cfg.EndTimeout)
		}
	}
	stop := func(reason Reason, detail string) {
		setEnding(reason, detail)
		if !stopped {
			stopped = true
			_ = w.write(stopMsg(reason, detail))
		}
	}
	refuse := func(err error) {
		s.log.Warn("usage record refused", "seller", s.info.Seller, "err", err)
		failure, noPay, abandon = err, true, true
		stop(reasonOf(err), err.Error())
	}
	for {
		// The final record settles the session: nothing is paid after it.
		if !paying && !noPay && !final && target.Gt(&paid) {
			paying = true
			var amount uint256.Int
			amount.Sub(&target, &paid)
			go s.pay(ctx, amount, reference(s.info.Service, s.info.ID, targetSeq), payDone)
		}
		if (final || abandon) && !paying {
			break
		}
		select {
		case rr := <-msgs:
			if rr.err != nil {
				msgs = nil
				if !final {
					if failure == nil {
						failure = fmt.Errorf("%w: %w", ErrNoFinalRecord, rr.err)
					}
					setEnding(ReasonStreamClosed, rr.err.Error())
					abandon = true
				}
				continue
			}
			if final {
				continue
			}
			switch body := rr.m.GetBody().(type) {
			case *pb.Message_Usage:
				su := signedFromPB(body.Usage)
				s.mu.Lock()
				last := s.status
				s.mu.Unlock()
				rec, err := s.check(&su, &last)
				if err != nil {
					refuse(err)
					continue
				}
				s.mu.Lock()
				s.status.Units, s.status.Due, s.status.Seq = rec.Units, rec.Due, rec.Seq
				if rec.Final {
					s.final = &su
					s.status.Ended = true
					if !stopped {
						// Our own reason to stop (a payment our
						// policy refused) stands over the seller's.
						s.status.Reason = rec.Reason
					}
				}
				s.mu.Unlock()
				units := rec.Units
				if s.limit > 0 && units > s.limit {
					units = s.limit
					failure = fmt.Errorf("%w: %d units, limit %d", ErrLimitExceeded, rec.Units, s.limit)
					stop(ReasonLimitReached, failure.Error())
				}
				if c := s.b.payCap.Load(); c > 0 && units > c {
					units = c
				}
				target.Mul(&s.info.PricePerUnit, uint256.NewInt(units))
				targetSeq = rec.Seq
				final = rec.Final
			case *pb.Message_Stop:
				reason, detail := decodeStop(body.Stop)
				s.log.Debug("seller stopped the session", "reason", reason, "detail", detail)
				setEnding(reason, detail)
			default:
				refuse(fmt.Errorf("%w: %T from the seller", ErrBadRecord, body))
			}
		case res := <-payDone:
			paying = false
			switch {
			case res.err == nil, errors.Is(res.err, engine.ErrUnacknowledged):
				// Signed and stored: it reaches the seller with this proof
				// or a later one, so it is spent.
				paid.Add(&paid, &res.amount)
				s.notePaid(&paid, res.receipt.Nonce)
			case errors.Is(res.err, context.DeadlineExceeded), errors.Is(res.err, context.Canceled):
				// The payment may still complete: count it, pay no more.
				paid.Add(&paid, &res.amount)
				s.notePaid(&paid, 0)
				noPay = true
				failure = fmt.Errorf("%w: %w", ErrPaymentFailed, res.err)
				stop(ReasonPaymentFailed, res.err.Error())
			default:
				noPay = true
				failure = fmt.Errorf("%w: %w", ErrPaymentFailed, res.err)
				stop(ReasonPaymentFailed, res.err.Error())
			}
		case <-s.endReq:
			stop(ReasonBuyerEnded, "")
		case <-ctxDone:
			ctxDone = nil
			stop(ReasonBuyerEnded, ctx.Err().Error())
		case <-endTimer:
			if failure == nil {
				failure = ErrNoFinalRecord
			}
			abandon, timedOut = true, true
		}
	}
	close(quit)
	if timedOut {
		_ = st.Reset()
	} else {
		_ = st.Close() // delivers our Stop, if any, before the end of stream
	}
	<-readerDone

	s.mu.Lock()
	s.receipt, s.err = s.receiptLocked(time.Now()), failure
	rcpt := s.receipt
	s.mu.Unlock()
	pctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), persistTimeout)
	defer cancel()
	if err := s.b.receipts.put(pctx, rcpt); err != nil {
		s.log.Warn("receipt not stored", "err", err)
	}
	close(s.done)
	s.b.mu.Lock()
	delete(s.b.live, s.info.ID)
	s.b.mu.Unlock()
	s.log.Info("session ended", "reason", rcpt.Reason, "units", rcpt.Units, "due", rcpt.Due.Dec(), "paid", rcpt.Paid.Dec(), "err", failure)
}

// pay makes one payment of the session and reports it on done.
func (s *BuySession) pay(ctx context.Context, amount uint256.Int, ref string, done chan<- payResult) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), s.b.cfg.PayTimeout)
	defer cancel()
	// Amounts are whole units (target and paid are multiples of the
	// price), so the node's spending policy sees the price per unit.
	var units uint256.Int
	units.Div(&amount, &s.info.PricePerUnit)
	rc, err := s.b.n.PayFor(ctx, s.info.ChannelID, &amount, ref, s.info.Service, units.Uint64())
	done <- payResult{amount: amount, receipt: rc, err: err}
}

// notePaid records the total paid and the nonce of the proof that carried
// the latest payment (0: unknown).
func (s *BuySession) notePaid(paid *uint256.Int, nonce uint64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.status.Paid = *paid
	if nonce != 0 {
		if s.first == 0 {
			s.first = nonce
		}
		s.last = max(s.last, nonce)
	}
}
