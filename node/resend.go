package node

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"maps"
	"math/big"
	"slices"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/holiman/uint256"

	"github.com/meshpay/meshpay/channels"
	"github.com/meshpay/meshpay/channels/engine"
	"github.com/meshpay/meshpay/channels/store"
	"github.com/meshpay/meshpay/contracts/bindings"
	"github.com/meshpay/meshpay/node/wire"
	"github.com/meshpay/meshpay/settlement"
)

// withdrawMinLife is how long a kept withdraw must still be valid to be
// sent again as it is: one that expires sooner would likely be mined too
// late and only burn gas on the revert, so it is renewed first.
const withdrawMinLife = time.Minute

// resendWithdraws sends again every co-signed withdraw of ours that both
// sides count but the chain has not paid: its transaction failed, the
// node stopped before it was mined, or it expired first. Without this the
// amount stays out of the spendable balance until a later withdraw (which
// pays the new total, so it includes this one) or the settle.
//
// A channel whose withdraw is being co-signed or sent right now is left
// for the next round (see withdrawLock), and so is every withdraw while a
// transaction of ours waits in the pool; a withdraw that expires within
// withdrawMinLife is renewed before it is sent (see keptWithdraw).
// Channels of one token share one batch transaction. A withdraw the chain
// refuses (ErrReverted) is not sent again; one that fails for any other
// reason is, next round. It returns the channels whose withdraw it sent.
func (n *Node) resendWithdraws(ctx context.Context) ([]channels.ChannelID, error) {
	head, err := n.chain.Eth().HeaderByNumber(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("resend withdraws: head: %w", err)
	}
	// Each token's withdraws, with their channels' locks, held until the
	// token's transaction is mined or failed.
	type batch struct {
		items []settlement.BatchItem
		locks []chan struct{}
	}
	byToken := map[common.Address]*batch{}
	defer func() {
		for _, b := range byToken {
			for _, l := range b.locks {
				<-l
			}
		}
	}()
	var errs []error
	for _, ch := range n.eng.Channels() {
		self, err := ch.Params.Index(n.Address())
		// A settling channel's kept withdraw is sent too: the settle's
		// balances leave it out of the pot, so the chain takes the
		// settle only once it is paid.
		if err != nil || (ch.Phase != channels.PhaseOpen && ch.Phase != channels.PhaseSettling) || ch.Withdrawn[self].IsZero() {
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
		b := byToken[ch.Params.Token]
		if b == nil {
			b = &batch{}
			byToken[ch.Params.Token] = b
		}
		b.items = append(b.items, *item)
		b.locks = append(b.locks, l)
	}
	if len(byToken) == 0 {
		return nil, errors.Join(errs...)
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
	for token, b := range byToken {
		// A transaction of ours still in the pool may be the first send
		// of one of these (it timed out waiting, or the node restarted),
		// or the batch before this one, whose wait timed out: sending now
		// would only queue behind it, and a copy would revert once mined.
		if pending, err := n.pendingTransactions(ctx); err != nil || pending {
			if err != nil {
				errs = append(errs, fmt.Errorf("resend withdraws: %w", err))
			}
			break
		}
		err := n.sendWithdraws(ctx, token, b.items)
		if errors.Is(err, settlement.ErrReverted) && len(b.items) > 1 {
			// One refused item fails the whole batch: send each alone.
			for _, it := range b.items {
				one := []settlement.BatchItem{it}
				outcome(one, n.sendWithdraws(ctx, token, one))
			}
		} else {
			outcome(b.items, err)
		}
		for _, l := range b.locks {
			<-l
		}
		delete(byToken, token)
	}
	return sent, errors.Join(errs...)
}

// pendingTransactions reports whether a transaction from our account is
// still waiting in the chain's pool.
func (n *Node) pendingTransactions(ctx context.Context) (bool, error) {
	from := n.chain.Address()
	pending, err := n.chain.Eth().PendingNonceAt(ctx, from)
	if err != nil {
		return false, fmt.Errorf("pending nonce: %w", err)
	}
	mined, err := n.chain.Eth().NonceAt(ctx, from, nil)
	if err != nil {
		return false, fmt.Errorf("nonce: %w", err)
	}
	return pending > mined, nil
}

// keptWithdraw returns channel ch's stored withdraw of ours if it should
// be sent again: the latest, and not paid on chain. In an open channel,
// one that expires within withdrawMinLife after headTime is renewed
// first: the partner co-signs the same total with a new expiry
// (engine.RenewWithdraw); if it does not answer, the next round asks
// again. A settling channel renews nothing: its withdraw is sent as it is
// until it expires. Once the withdraw never
// needs sending, it notes the channel's total done so later rounds skip it
// without a lookup.
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
	if cw.Withdraw.TotalWithdraw != total {
		// Not the latest: the chain's count moved past it.
		n.withdrawDone.Store(ch.ID, total)
		return nil, nil
	}
	info, err := n.chain.ChannelInfo(ctx, ch.ID)
	if err != nil {
		return nil, err
	}
	if p := paidWithdraws(&info)[self]; p != nil && p.Cmp(total.ToBig()) >= 0 {
		n.withdrawDone.Store(ch.ID, total)
		return nil, nil
	}
	if ch.Phase != channels.PhaseOpen {
		// Settling: no renewal (the partner co-signs nothing more), so
		// the copy is sent while it may still be mined in time; once it
		// has expired unpaid the settle cannot go through, and
		// resendSettle closes the channel unilaterally.
		if headTime >= cw.Withdraw.Expiry {
			n.withdrawDone.Store(ch.ID, total)
			return nil, nil
		}
	} else if headTime+uint64(withdrawMinLife/time.Second) > cw.Withdraw.Expiry {
		// Sent now it would likely be mined too late and only burn gas.
		cw, err = n.eng.RenewWithdraw(ctx, ch.ID, withdrawExpiry(headTime), func(ctx context.Context, w channels.Withdraw, sig channels.Signature) (channels.Signature, error) {
			askCtx, cancel := context.WithTimeout(ctx, renewAskTimeout)
			defer cancel()
			return n.askWithdraw(askCtx, ch.ID, w, sig)
		})
		var remote *wire.RemoteError
		if errors.As(err, &remote) && refusedForGood(err) {
			// The partner says no to this renewal: asking every round
			// would not change that. A new withdraw, whose total
			// includes this one, or a unilateral close pays it out.
			n.withdrawDone.Store(ch.ID, total)
		}
		if err != nil {
			return nil, fmt.Errorf("renew: %w", err)
		}
		n.log.Info("renewed a withdraw that expired unpaid", "channel", ch.ID, "total", total.Dec(), "expiry", cw.Withdraw.Expiry)
	}
	return &settlement.BatchItem{Params: ch.Params, Withdraw: cw}, nil
}

// refusedForGood reports a partner's refusal that asking again would
// meet again, as opposed to one of the moment (rate limit, busy).
func refusedForGood(err error) bool {
	return matchesAny(err, channels.ErrWithdrawNotIncreasing, channels.ErrChannelNotOpen, channels.ErrBadSignature, channels.ErrWrongSigner)
}

// matchesAny reports whether err matches (errors.Is) one of targets.
func matchesAny(err error, targets ...error) bool {
	for _, t := range targets {
		if errors.Is(err, t) {
			return true
		}
	}
	return false
}

// declinesWithdraw reports a partner's refusal of a withdraw request that
// proves it holds no co-signature of it and never will: the partner
// answers a repeat of one it co-signed with that signature before it
// checks anything these errors come from, and none of them can turn into
// a yes for a copy of the request still waiting at the partner. A refusal
// of the moment (rate limit, busy, a failure of its own) proves nothing;
// nor does WITHDRAW_INVALID, which also stands for "too large" (a deposit
// of ours the partner has not seen yet): a later sync or repeat settles
// those.
func declinesWithdraw(err error) bool {
	return matchesAny(err,
		channels.ErrWithdrawExpired, channels.ErrChannelNotOpen, channels.ErrWrongChannel,
		channels.ErrBadSignature, channels.ErrWrongSigner, engine.ErrUnknownChannel,
	)
}

// declinesSettle is declinesWithdraw for a settle request: the partner
// answers a repeat of one it co-signed with that signature before it
// checks anything these come from. BALANCE_MISMATCH proves nothing: the
// partner may not have taken our latest proof yet.
func declinesSettle(err error) bool {
	return matchesAny(err,
		channels.ErrChannelNotOpen, channels.ErrWrongChannel,
		channels.ErrBadSignature, channels.ErrWrongSigner, engine.ErrUnknownChannel,
	)
}

// resolveSettles asks again every cooperative settle of ours that got no
// answer, exactly as it was signed (see engine.ResolveSettle): the
// channel then settles (resendSettles sends it if the partner does not),
// or takes payments again.
func (n *Node) resolveSettles(ctx context.Context) error {
	return n.resolvePending(ctx, n.eng.PendingSettles(), "our cooperative settle that got no answer is co-signed now; the channel is settling",
		func(ctx context.Context, id channels.ChannelID) (bool, error) {
			_, settled, err := n.eng.ResolveSettle(ctx, id, func(ctx context.Context, s channels.CooperativeSettle, sig channels.Signature) (channels.Signature, error) {
				return n.askSettle(ctx, id, s, sig)
			})
			return settled, err
		})
}

// resolveWithdraws asks again every withdraw of ours that got no answer,
// exactly as it was signed (see engine.ResolveWithdraw), so its amount is
// either counted as withdrawn, for resendWithdraws to get paid, or
// spendable again.
func (n *Node) resolveWithdraws(ctx context.Context) error {
	return n.resolvePending(ctx, n.eng.PendingWithdraws(), "counted our withdraw that got no answer, co-signed when asked again",
		func(ctx context.Context, id channels.ChannelID) (bool, error) {
			_, counted, err := n.eng.ResolveWithdraw(ctx, id, func(ctx context.Context, w channels.Withdraw, sig channels.Signature) (channels.Signature, error) {
				return n.askWithdraw(ctx, id, w, sig)
			})
			return counted, err
		})
}

// resolvePending runs resolve on each channel of ids, within
// renewAskTimeout, under the channel's withdraw lock; a channel whose lock
// is held is left for the next round (whoever holds it withdraws or
// closes, and resolves first). It logs done for each channel resolve
// reports co-signed.
func (n *Node) resolvePending(ctx context.Context, ids []channels.ChannelID, done string, resolve func(context.Context, channels.ChannelID) (bool, error)) error {
	var errs []error
	for _, id := range ids {
		l := n.withdrawLock(id)
		select {
		case l <- struct{}{}:
		default:
			continue
		}
		askCtx, cancel := context.WithTimeout(ctx, renewAskTimeout)
		ok, err := resolve(askCtx, id)
		cancel()
		<-l
		switch {
		case err != nil:
			errs = append(errs, err)
		case ok:
			n.log.Info(done, "channel", id)
		}
	}
	return errors.Join(errs...)
}

// renewAskTimeout bounds the wait for the partner's co-signature on a
// renewal, so one partner that is away does not hold up the round.
const renewAskTimeout = 10 * time.Second

// withdrawLock is channel id's withdraw lock, a one-slot channel: held
// from the request for a co-signature until the transaction is mined or
// failed, so a resend never races the first send of the same withdraw. A
// cooperative close holds it from its check of the withdraws to the end
// of its own send, and a kept settle is sent under it.
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

// sendWithdraws sends the kept withdraws of one token in one batch.
// Unlike a first send it stops with ctx (the node stopping): the next
// start sends again whatever the chain has not paid.
func (n *Node) sendWithdraws(ctx context.Context, token common.Address, items []settlement.BatchItem) error {
	sendCtx, cancel := context.WithTimeout(ctx, coSignedSendTimeout)
	defer cancel()
	if err := n.batchWithdraw(sendCtx, token, items); err != nil {
		return fmt.Errorf("resend: %w", err)
	}
	return nil
}

// resendSettles sends every co-signed settle we hold whose channel the
// chain still has open: the partner co-signed ours but its answer never
// reached us, or we co-signed the partner's and it never sent it, or the
// node stopped in between. Either side can, since the settle carries both
// signatures. Without this the channel stays settling (no payments) on the
// side that holds it until someone closes it by hand.
//
// The requester sends its settle as soon as it has the co-signature, and
// may wait up to coSignedSendTimeout for it to be mined; so a settle is
// sent only once this process has seen the channel settling for
// ChainConfig.SettleResendDelay (participant B one ResendInterval longer,
// so the two sides rarely both send), and never while a transaction of
// ours waits in the pool, or while our own cooperative close of the
// channel is under way (it holds the channel's withdraw lock).
//
// seen holds when each channel was first seen settling; resendSettles
// updates it. A channel the chain has settled meanwhile is marked settled
// here, before the event watcher gets to it. A settle that can never go
// through (see checkSettleLands) is replaced by a new one over the larger
// pot if deposits voided it (resettle), or else has its channel closed
// unilaterally; one the chain refuses for another reason while the
// channel is open is not sent again by this process. It returns the
// channels it settled.
func (n *Node) resendSettles(ctx context.Context, seen map[channels.ChannelID]time.Time) ([]channels.ChannelID, error) {
	now := time.Now()
	var due []channels.Channel
	settling := map[channels.ChannelID]bool{}
	for _, ch := range n.eng.Channels() {
		self, err := ch.Params.Index(n.Address())
		if err != nil || ch.Phase != channels.PhaseSettling {
			continue
		}
		settling[ch.ID] = true
		first, ok := seen[ch.ID]
		if !ok {
			first = now
			seen[ch.ID] = now
		}
		wait := n.cfg.Chain.SettleResendDelay + time.Duration(self)*n.cfg.Chain.ResendInterval
		if _, done := n.settleDone.Load(ch.ID); !done && now.Sub(first) >= wait {
			due = append(due, ch)
		}
	}
	maps.DeleteFunc(seen, func(id channels.ChannelID, _ time.Time) bool { return !settling[id] })
	n.settleVoidSince.Range(func(id, _ any) bool {
		if !settling[id.(channels.ChannelID)] {
			n.settleVoidSince.Delete(id)
		}
		return true
	})
	var settled []channels.ChannelID
	var errs []error
	for _, ch := range due {
		done, err := n.resendSettle(ctx, &ch)
		if err != nil {
			errs = append(errs, fmt.Errorf("resend settle %s: %w", ch.ID, err))
		}
		if done {
			settled = append(settled, ch.ID)
		}
	}
	return settled, errors.Join(errs...)
}

// resendSettle sends channel ch's co-signed settle if nothing of ours is
// under way and the chain still has the channel open, or replaces it or
// closes the channel unilaterally if the chain can never take it, and
// reports whether the channel is settled now.
func (n *Node) resendSettle(ctx context.Context, ch *channels.Channel) (bool, error) {
	l := n.withdrawLock(ch.ID)
	select {
	case l <- struct{}{}:
		defer func() { <-l }()
	default:
		return false, nil // our cooperative close is sending it
	}
	info, err := n.chain.ChannelInfo(ctx, ch.ID)
	if err != nil {
		return false, err
	}
	switch info.Phase {
	case onChainOpen:
	case onChainSettled:
		_, err := n.markSettled(ctx, ch.ID)
		return err == nil, err
	default:
		return false, nil // closed unilaterally: the disputer's business
	}
	if err := n.checkSettleLands(ctx, ch, &info); err != nil {
		return n.answerVoidSettle(ctx, ch, err)
	}
	// The settle's balances leave counted withdraws out of the pot: the
	// chain takes it only once they are paid (resendWithdraws sends ours;
	// the partner's node sends its own).
	if checkWithdrawsPaid(ch, &info) != nil {
		return false, nil
	}
	// The first send, or the one before this, may still wait in the pool.
	if pending, err := n.pendingTransactions(ctx); err != nil || pending {
		return false, err
	}
	sendCtx, cancel := context.WithTimeout(ctx, coSignedSendTimeout)
	defer cancel()
	rcpt, err := n.chain.CooperativeSettle(sendCtx, &ch.Settle)
	n.chainTx("cooperative_settle", rcpt)
	if errors.Is(err, settlement.ErrReverted) {
		switch info, ierr := n.chain.ChannelInfo(ctx, ch.ID); {
		case ierr != nil:
		case info.Phase == onChainSettled:
			_, err := n.markSettled(ctx, ch.ID) // the partner was first
			return err == nil, err
		case info.Phase == onChainOpen:
			// A deposit may have landed since the check above; a check
			// that fails is made again next round.
			verr := n.checkSettleLands(ctx, ch, &info)
			if errors.Is(verr, errSettleVoid) {
				return n.answerVoidSettle(ctx, ch, verr)
			}
			if verr != nil {
				return false, errors.Join(err, verr)
			}
			n.settleDone.Store(ch.ID, struct{}{})
			n.log.Error("the chain refuses our co-signed settle; close the channel unilaterally", "channel", ch.ID, "err", err)
		}
	}
	if err != nil {
		return false, err
	}
	n.log.Info("sent a kept cooperative settle", "channel", ch.ID)
	_, err = n.markSettled(ctx, ch.ID)
	return err == nil, err
}

var (
	// errSettleVoid reports a co-signed settle the chain will never take.
	errSettleVoid = errors.New("the co-signed settle can never go through")
	// errPotGrown is errSettleVoid for deposits since the signing: a new
	// settle over the larger pot can replace it (resettle).
	errPotGrown = fmt.Errorf("%w: deposits since its signing", errSettleVoid)
)

// checkSettleLands returns an error wrapping errSettleVoid when settling
// channel ch's co-signed settle can never go through on chain (info, its
// getChannel, has the channel open), and nil while it still may:
//   - the chain holds more deposits than it was signed over
//     (checkSettlePot; errPotGrown);
//   - a withdraw both sides count is unpaid and its co-signed copy has
//     expired: the settle leaves the withdraw out of the pot, so the chain
//     takes it only once the withdraw is paid, and a settling channel
//     renews nothing.
//
// A withdraw whose copy this node does not hold (the partner's, from
// before a new data dir) is left to the partner's node.
func (n *Node) checkSettleLands(ctx context.Context, ch *channels.Channel, info *bindings.ChannelInfo) error {
	// An expired withdraw first: no new settle helps with that.
	if err := n.checkWithdrawsExpired(ctx, ch, info); err != nil {
		return err
	}
	return checkSettlePot(ch, info)
}

// checkWithdrawsExpired is checkSettleLands' check of the withdraws.
func (n *Node) checkWithdrawsExpired(ctx context.Context, ch *channels.Channel, info *bindings.ChannelInfo) error {
	var final *types.Header
	for i, paid := range paidWithdraws(info) {
		if paid == nil || ch.Withdrawn[i].ToBig().Cmp(paid) <= 0 {
			continue
		}
		who := ch.Params.Participants[i]
		cw, err := n.store.Withdraw(ctx, ch.ID, who)
		if errors.Is(err, store.ErrNotFound) {
			continue
		}
		if err != nil {
			return fmt.Errorf("withdraw of %s: %w", who, err)
		}
		if cw.Withdraw.TotalWithdraw != ch.Withdrawn[i] {
			continue
		}
		if final == nil {
			if final, err = n.finalHead(ctx); err != nil {
				return err
			}
		}
		// The contract refuses a withdraw once block.timestamp > expiry,
		// so no block after final can pay it; the chain as of final
		// says whether one up to it did (info may be older).
		if final.Time <= cw.Withdraw.Expiry {
			continue
		}
		then, err := n.chain.ChannelInfoAt(ctx, ch.ID, final.Number)
		if err != nil {
			return err
		}
		if p := paidWithdraws(&then)[i]; then.Phase == onChainOpen && p != nil && ch.Withdrawn[i].ToBig().Cmp(p) > 0 {
			return fmt.Errorf("%w: the withdraw of %s to %s expired unpaid at %d", errSettleVoid, cw.Withdraw.TotalWithdraw.Dec(), who, cw.Withdraw.Expiry)
		}
	}
	return nil
}

// finalHead is the newest block the node treats as final: Confirmations
// below the chain's head, as for the event watcher.
func (n *Node) finalHead(ctx context.Context) (*types.Header, error) {
	latest, err := n.chain.Eth().BlockNumber(ctx)
	if err != nil {
		return nil, fmt.Errorf("head: %w", err)
	}
	number := latest - min(latest, n.cfg.Chain.Confirmations)
	head, err := n.chain.Eth().HeaderByNumber(ctx, new(big.Int).SetUint64(number))
	if err != nil {
		return nil, fmt.Errorf("block %d: %w", number, err)
	}
	return head, nil
}

// checkSettlePot returns an error wrapping errSettleVoid when the chain
// (info) holds more deposits than channel ch's settle was signed over: its
// balances and the withdraws both sides count add up to the deposits at
// signing. Anyone may deposit for a participant, and deposits never go
// down while the channel is open, so a deposit after the signing voids the
// settle for good. The chain holding less is a view that is behind (a
// reorg, a lagging endpoint): a plain error, and the next round looks
// again.
func checkSettlePot(ch *channels.Channel, info *bindings.ChannelInfo) error {
	pot := ch.Settle.Settle.Pot()
	signed := pot.ToBig()
	signed.Add(signed, ch.Withdrawn[channels.PartA].ToBig())
	signed.Add(signed, ch.Withdrawn[channels.PartB].ToBig())
	held := new(big.Int).Add(info.DepositA, info.DepositB)
	switch held.Cmp(signed) {
	case 1:
		return fmt.Errorf("%w: it was signed over deposits of %s, the chain holds %s", errPotGrown, signed, held)
	case -1:
		return fmt.Errorf("settle signed over deposits of %s, the chain holds only %s: waiting", signed, held)
	}
	return nil
}

// answerVoidSettle acts on checkSettleLands' error err for channel ch: a
// settle voided by deposits is replaced (resettle), one void for another
// reason gets its channel closed (closeVoidSettle), and any other error is
// returned as it is.
func (n *Node) answerVoidSettle(ctx context.Context, ch *channels.Channel, err error) (bool, error) {
	switch {
	case errors.Is(err, errPotGrown):
		return n.resettle(ctx, ch, err)
	case errors.Is(err, errSettleVoid):
		return n.closeVoidSettle(ctx, ch, err)
	}
	return false, err
}

// resettle gets channel ch a new co-signed settle over the larger pot that
// deposits since the kept one's signing gave it (why): the contract will
// take that one, without the gas and the challenge period of a unilateral
// close. Both engines must count the chain's deposits first (their
// watchers wait for confirmations). Participant A asks the partner, each
// round; B only co-signs what A asks for, so the two never ask each other
// at once. The clock starts once our engine counts the deposits and runs
// until the channel leaves settling, so deposits one after the other
// cannot keep it settling: once it has run SettleResendDelay, or the
// partner refuses for good, the channel is closed unilaterally. A new
// settle is sent by the next round.
func (n *Node) resettle(ctx context.Context, ch *channels.Channel, why error) (bool, error) {
	self, err := ch.Params.Index(n.Address())
	if err != nil {
		return false, err
	}
	fresh, err := n.eng.Channel(ch.ID)
	if err != nil {
		return false, err
	}
	counted := n.checkDepositsCounted(ctx, &fresh)
	since, started := n.settleVoidSince.Load(ch.ID)
	if !started && counted == nil {
		since, started = time.Now(), true
		n.settleVoidSince.Store(ch.ID, since)
	}
	if started && time.Since(since.(time.Time)) >= n.cfg.Chain.SettleResendDelay {
		return n.closeVoidSettle(ctx, ch, fmt.Errorf("%w; no new settle within %s", why, n.cfg.Chain.SettleResendDelay))
	}
	if counted != nil {
		return false, fmt.Errorf("new settle over the larger pot: %w", counted)
	}
	if self != channels.PartA {
		return false, nil
	}
	// Well inside the partner's own RequestTimeout: it may wait for its
	// channel's locks before it answers.
	askCtx, cancel := context.WithTimeout(ctx, n.cfg.Limits.RequestTimeout/2)
	_, err = n.eng.CooperativeSettle(askCtx, ch.ID, func(ctx context.Context, s channels.CooperativeSettle, sig channels.Signature) (channels.Signature, error) {
		return n.askSettle(ctx, ch.ID, s, sig)
	})
	cancel()
	var remote *wire.RemoteError
	switch {
	case err == nil:
		n.log.Info("co-signed a new settle over the deposits since the last one", "channel", ch.ID)
		return false, nil
	case errors.As(err, &remote) && refusedForGood(err):
		return n.closeVoidSettle(ctx, ch, fmt.Errorf("%w; the partner refuses a new settle: %w", why, err))
	}
	return false, fmt.Errorf("new settle over the larger pot: %w", err)
}

// closeVoidSettle closes channel ch unilaterally, with the partner's latest
// proof, because its co-signed settle can never go through (why): else
// the channel would stay settling, with no payments and its deposits
// locked, until an operator a device may not have closed it. The disputers
// of both nodes see the rest through.
func (n *Node) closeVoidSettle(ctx context.Context, ch *channels.Channel, why error) (bool, error) {
	n.log.Warn("closing a channel unilaterally: its co-signed settle can never go through", "channel", ch.ID, "why", why)
	if _, err := n.CloseChannel(ctx, ch.ID, false); err != nil {
		return false, fmt.Errorf("close unilaterally (%v): %w", why, err)
	}
	return false, nil
}

// resendLoop runs resendWithdraws and resendSettles every interval until
// ctx ends.
func (n *Node) resendLoop(ctx context.Context, interval time.Duration) error {
	t := time.NewTicker(interval)
	defer t.Stop()
	seen := map[channels.ChannelID]time.Time{}
	for {
		if err := n.resolveWithdraws(ctx); err != nil && ctx.Err() == nil {
			n.log.Warn("resolve withdraws that got no answer", "err", err)
		}
		if err := n.resolveSettles(ctx); err != nil && ctx.Err() == nil {
			n.log.Warn("resolve cooperative settles that got no answer", "err", err)
		}
		if _, err := n.resendWithdraws(ctx); err != nil && ctx.Err() == nil {
			n.log.Warn("resend kept withdraws", "err", err)
		}
		if _, err := n.resendSettles(ctx, seen); err != nil && ctx.Err() == nil {
			n.log.Warn("resend kept settles", "err", err)
		}
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
		}
	}
}
