package node

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/holiman/uint256"

	"github.com/meshpay/meshpay/channels"
	"github.com/meshpay/meshpay/channels/store"
	"github.com/meshpay/meshpay/settlement"
)

// withdrawMinLife is how long a kept withdraw must still be valid to be
// sent again: one that expires sooner would likely be mined too late and
// only burn gas on the revert.
const withdrawMinLife = time.Minute

// resendWithdraws sends again every co-signed withdraw of ours that both
// sides count but the chain has not paid: its transaction failed, or the
// node stopped before it was mined. Without this the amount stays out of
// the spendable balance until a later withdraw (which pays the new total,
// so it includes this one) or the settle.
//
// A channel whose withdraw is being co-signed or sent right now is left
// for the next round (see withdrawLock), and so is a withdraw that
// expires within withdrawMinLife. Channels of one token share one batch
// transaction. A withdraw the chain refuses (ErrReverted) is not sent
// again; one that fails for any other reason is, next round. It returns
// the channels whose withdraw it sent.
func (n *Node) resendWithdraws(ctx context.Context) ([]channels.ChannelID, error) {
	head, err := n.chain.Eth().HeaderByNumber(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("resend withdraws: head: %w", err)
	}
	byToken := map[common.Address][]settlement.BatchItem{}
	var errs []error
	for _, ch := range n.eng.Channels() {
		self, err := ch.Params.Index(n.Address())
		if err != nil || ch.Phase != channels.PhaseOpen || ch.Withdrawn[self].IsZero() {
			continue
		}
		if done, ok := n.withdrawDone.Load(ch.ID); ok && done.(uint256.Int) == ch.Withdrawn[self] {
			continue
		}
		l := n.withdrawLock(ch.ID)
		select {
		case l <- struct{}{}:
		default:
			continue // a withdraw of this channel is in flight
		}
		item, err := n.keptWithdraw(ctx, ch, self, head.Time)
		if err != nil {
			errs = append(errs, fmt.Errorf("resend withdraw %s: %w", ch.ID, err))
		}
		if item == nil {
			<-l
			continue
		}
		defer func() { <-l }() // held until it is sent
		byToken[ch.Params.Token] = append(byToken[ch.Params.Token], *item)
	}
	var sent []channels.ChannelID
	outcome := func(items []settlement.BatchItem, err error) {
		if err != nil {
			errs = append(errs, err)
			if !errors.Is(err, settlement.ErrReverted) {
				return // the chain or the network: the next round tries again
			}
			// The chain refuses the withdraw as it stands (paid by a
			// transaction we did not see yet, expired, too large for
			// the pot): it will not take it later either. Gas
			// estimation usually catches that before anything is sent.
		}
		for _, it := range items {
			if err == nil {
				sent = append(sent, it.Params.ID())
			}
			n.withdrawDone.Store(it.Params.ID(), it.Withdraw.Withdraw.TotalWithdraw)
		}
	}
	for token, items := range byToken {
		err := n.sendWithdraws(ctx, token, items)
		if errors.Is(err, settlement.ErrReverted) && len(items) > 1 {
			// One refused item fails the whole batch: send each alone.
			for _, it := range items {
				one := []settlement.BatchItem{it}
				outcome(one, n.sendWithdraws(ctx, token, one))
			}
			continue
		}
		outcome(items, err)
	}
	return sent, errors.Join(errs...)
}

// keptWithdraw returns channel ch's stored withdraw of ours if it should
// be sent again: the latest, still valid for withdrawMinLife after
// headTime, and not paid on chain. Once it never will be, it notes the
// channel's total done so later rounds skip it without a lookup.
func (n *Node) keptWithdraw(ctx context.Context, ch channels.Channel, self int, headTime uint64) (*settlement.BatchItem, error) {
	total := ch.Withdrawn[self]
	cw, err := n.store.Withdraw(ctx, ch.ID, n.Address())
	if errors.Is(err, store.ErrNotFound) {
		// Counted from the chain: sent from another data dir.
		n.withdrawDone.Store(ch.ID, total)
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	w := &cw.Withdraw
	if w.TotalWithdraw != total || headTime+uint64(withdrawMinLife/time.Second) > w.Expiry {
		// Not the latest, or too late: a later withdraw or the settle
		// pays it out.
		n.withdrawDone.Store(ch.ID, total)
		return nil, nil
	}
	info, err := n.chain.ChannelInfo(ctx, ch.ID)
	if err != nil {
		return nil, err
	}
	paid := info.WithdrawnA
	if self == channels.PartB {
		paid = info.WithdrawnB
	}
	if paid != nil && paid.Cmp(w.TotalWithdraw.ToBig()) >= 0 {
		n.withdrawDone.Store(ch.ID, total)
		return nil, nil
	}
	return &settlement.BatchItem{Params: ch.Params, Withdraw: cw}, nil
}

// withdrawLock is channel id's withdraw lock, a one-slot channel: held
// from the request for a co-signature until the transaction is mined or
// failed, so a resend never races the first send of the same withdraw.
func (n *Node) withdrawLock(id channels.ChannelID) chan struct{} {
	l, _ := n.withdrawing.LoadOrStore(id, make(chan struct{}, 1))
	return l.(chan struct{})
}

// lockWithdraws takes the withdraw locks of ids, in a fixed order so two
// callers never deadlock, and returns the unlock. It gives up when ctx
// ends: another withdraw of one of the channels may hold its lock for as
// long as its transaction takes.
func (n *Node) lockWithdraws(ctx context.Context, ids []channels.ChannelID) (unlock func(), err error) {
	sorted := slices.Clone(ids)
	slices.SortFunc(sorted, func(a, b channels.ChannelID) int { return bytes.Compare(a[:], b[:]) })
	sorted = slices.Compact(sorted)
	var held []chan struct{}
	unlock = func() {
		for _, l := range held {
			<-l
		}
	}
	for _, id := range sorted {
		l := n.withdrawLock(id)
		select {
		case l <- struct{}{}:
			held = append(held, l)
		case <-ctx.Done():
			unlock()
			return nil, fmt.Errorf("withdraw %s: waiting for the withdraw in flight: %w", id, ctx.Err())
		}
	}
	return unlock, nil
}

// sendWithdraws sends the kept withdraws of one token: alone, or in one
// batch. Unlike a first send it stops with ctx (the node stopping): the
// next start sends again whatever the chain has not paid.
func (n *Node) sendWithdraws(ctx context.Context, token common.Address, items []settlement.BatchItem) error {
	sendCtx, cancel := context.WithTimeout(ctx, coSignedSendTimeout)
	defer cancel()
	if len(items) == 1 {
		cw := items[0].Withdraw
		rcpt, err := n.chain.CooperativeWithdraw(sendCtx, &cw)
		n.chainTx("withdraw", rcpt)
		if err != nil {
			return fmt.Errorf("resend withdraw %s: %w", cw.Withdraw.ChannelID, err)
		}
		n.log.Info("sent kept withdraw again", "channel", cw.Withdraw.ChannelID, "total", cw.Withdraw.TotalWithdraw.Dec(), "tx", rcpt.TxHash)
		return nil
	}
	rcpt, err := n.chain.BatchWithdraw(sendCtx, token, items)
	n.chainTx("batch_withdraw", rcpt)
	if err != nil {
		return fmt.Errorf("resend batch withdraw of %d channels: %w", len(items), err)
	}
	n.log.Info("sent kept withdraws again", "channels", len(items), "token", token, "tx", rcpt.TxHash)
	return nil
}

// resendWithdrawsLoop runs resendWithdraws every interval until ctx ends.
func (n *Node) resendWithdrawsLoop(ctx context.Context, interval time.Duration) error {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		if _, err := n.resendWithdraws(ctx); err != nil && ctx.Err() == nil {
			n.log.Warn("resend kept withdraws", "err", err)
		}
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
		}
	}
}
