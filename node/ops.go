package node

import (
	"context"
	"errors"
	"fmt"
	"math/big"
	"slices"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/holiman/uint256"
	"github.com/libp2p/go-libp2p/core/network"

	"github.com/meshpay/meshpay/channels"
	"github.com/meshpay/meshpay/channels/engine"
	"github.com/meshpay/meshpay/contracts/bindings"
	"github.com/meshpay/meshpay/node/policy"
	"github.com/meshpay/meshpay/node/wire"
	"github.com/meshpay/meshpay/node/wire/pb"
	"github.com/meshpay/meshpay/settlement"
)

// OpenRequest describes a channel to open with a peer.
type OpenRequest struct {
	Partner         channels.Address
	Token           common.Address
	Deposit         uint256.Int
	ChallengePeriod uint64
}

// WithdrawExpiry is how long a co-signed withdraw stays valid on chain.
const WithdrawExpiry = time.Hour

// withdrawExpiry is the expiry of a withdraw signed now, with the chain's
// head at headTime. The chain's clock decides it; the partner checks it
// against its own, so give both plenty of room.
func withdrawExpiry(headTime uint64) uint64 {
	return max(headTime, uint64(time.Now().Unix())) + uint64(WithdrawExpiry/time.Second)
}

// OpenChannel proposes a channel to the partner (connected or known from an
// offer), opens it on chain with our deposit once accepted, and returns
// when the partner has seen it too, so payments can start.
func (n *Node) OpenChannel(ctx context.Context, req OpenRequest) (channels.Channel, error) {
	if n.chain == nil {
		return channels.Channel{}, ErrNoChain
	}
	s, err := n.sessionTo(ctx, req.Partner)
	if err != nil {
		return channels.Channel{}, fmt.Errorf("open channel with %s: %w", req.Partner, err)
	}
	prop := wire.Proposal{Token: req.Token, ChallengePeriod: req.ChallengePeriod, Deposit: req.Deposit}
	resp, err := s.request(ctx, &pb.Envelope{Body: &pb.Envelope_Proposal{Proposal: wire.EncodeProposal(prop)}})
	if err != nil {
		return channels.Channel{}, fmt.Errorf("open channel with %s: proposal: %w", req.Partner, err)
	}
	if resp.GetAccept() == nil {
		return channels.Channel{}, fmt.Errorf("open channel with %s: %w: want accept", req.Partner, ErrUnexpectedMessage)
	}
	params, rcpt, err := n.chain.Open(ctx, req.Partner, req.Token, req.ChallengePeriod, req.Deposit.ToBig())
	n.chainTx("open", rcpt)
	if err != nil {
		return channels.Channel{}, fmt.Errorf("open channel with %s: %w", req.Partner, err)
	}
	ch, err := n.adoptOpened(ctx, params, &req.Deposit)
	if err != nil {
		return ch, err
	}
	n.log.Info("channel opened", "channel", ch.ID, "partner", req.Partner, "deposit", req.Deposit.Dec())
	return ch, n.waitPartnerKnows(ctx, req.Partner, ch.ID)
}

// adoptOpened adds a channel we opened on chain, unless the chain watcher
// already did, and counts our deposit.
func (n *Node) adoptOpened(ctx context.Context, params channels.Params, deposit *uint256.Int) (channels.Channel, error) {
	ch, err := channels.NewChannel(params)
	if err != nil {
		return ch, err
	}
	if ch, err = ch.Apply(channels.Opened{}); err != nil {
		return ch, err
	}
	if err := n.eng.AddChannel(ctx, ch); err != nil && !errors.Is(err, engine.ErrChannelExists) {
		return ch, err
	}
	if !deposit.IsZero() {
		return n.countDeposit(ctx, ch.ID, deposit)
	}
	return n.eng.Channel(ch.ID)
}

func (n *Node) countDeposit(ctx context.Context, id channels.ChannelID, total *uint256.Int) (channels.Channel, error) {
	ch, err := n.eng.Channel(id)
	if err != nil {
		return ch, err
	}
	self, err := ch.Params.Index(n.id.Address())
	if err != nil {
		return ch, err
	}
	if !total.Gt(&ch.Deposit[self]) {
		return ch, nil // the watcher was first
	}
	return n.eng.Apply(ctx, id, channels.Deposited{Participant: self, Total: *total})
}

// waitPartnerKnows asks the partner about the channel until its chain
// watcher has added it.
func (n *Node) waitPartnerKnows(ctx context.Context, partner channels.Address, id channels.ChannelID) error {
	t := time.NewTicker(n.cfg.Chain.PollInterval / 2)
	defer t.Stop()
	for {
		s, err := n.sessionTo(ctx, partner)
		if err != nil {
			return err
		}
		ch, err := n.eng.Channel(id)
		if err != nil {
			return err
		}
		resp, err := s.request(ctx, &pb.Envelope{Body: &pb.Envelope_SyncRequest{SyncRequest: &pb.SyncRequest{Channels: []*pb.ChannelProofs{n.channelProofs(ctx, &ch)}}}})
		if err == nil && len(resp.GetSyncReply().GetChannels()) == 1 {
			return nil
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("channel %s: partner has not seen it: %w", id, ctx.Err())
		case <-t.C:
		}
	}
}

// Deposit adds amount to our deposit in an open channel, on chain.
//
// A deposit changes the pot, and the contract pays a co-signed settle only
// for the pot it was signed over: a deposit into a settling channel would
// void its settle, and leave a unilateral close as the only way out. So
// Deposit waits for our own cooperative close of the channel (it holds
// the withdraw lock), refuses a channel that is not open, and no settle
// of the partner's is co-signed while the deposit is on its way.
func (n *Node) Deposit(ctx context.Context, id channels.ChannelID, amount *uint256.Int) (channels.Channel, error) {
	if n.chain == nil {
		return channels.Channel{}, ErrNoChain
	}
	unlock, err := n.lockWithdraws(ctx, []channels.ChannelID{id})
	if err != nil {
		return channels.Channel{}, fmt.Errorf("deposit %s: %w", id, err)
	}
	defer unlock()
	n.settleMu.Lock()
	ch, err := n.eng.Channel(id)
	if err == nil && ch.Phase != channels.PhaseOpen {
		err = fmt.Errorf("deposit %s: %w: phase %s", id, channels.ErrChannelNotOpen, ch.Phase)
	}
	if err == nil {
		n.depositing.Store(id, struct{}{})
		defer n.depositing.Delete(id)
	}
	n.settleMu.Unlock()
	if err != nil {
		return ch, err
	}
	self, err := ch.Params.Index(n.id.Address())
	if err != nil {
		return ch, err
	}
	var total uint256.Int
	if _, o := total.AddOverflow(&ch.Deposit[self], amount); o || amount.IsZero() {
		return ch, fmt.Errorf("deposit %s: %w", id, engine.ErrInvalidAmount)
	}
	rcpt, err := n.chain.Deposit(ctx, ch.Params, n.id.Address(), total.ToBig())
	n.chainTx("deposit", rcpt)
	if err != nil {
		return ch, fmt.Errorf("deposit %s: %w", id, err)
	}
	return n.countDeposit(ctx, id, &total)
}

// Pay pays amount over the channel; it returns once the partner holds a
// durable proof that includes it.
func (n *Node) Pay(ctx context.Context, id channels.ChannelID, amount *uint256.Int, ref string) (engine.Receipt, error) {
	return n.PayFor(ctx, id, amount, ref, "", 0)
}

// PayFor is Pay for units of a service, so the spending policy can check
// the price per unit too (service "" and units 0 for a plain payment).
// Nothing is paid when the policy refuses.
func (n *Node) PayFor(ctx context.Context, id channels.ChannelID, amount *uint256.Int, ref, service string, units uint64) (engine.Receipt, error) {
	params, err := n.eng.Params(id)
	if err != nil {
		return engine.Receipt{}, fmt.Errorf("pay: %w", err)
	}
	self, err := params.Index(n.id.Address())
	if err != nil {
		return engine.Receipt{}, err
	}
	partner := params.Participants[channels.Partner(self)]
	hold, err := n.guard.Reserve(policy.Payment{
		Peer: partner, Token: params.Token,
		Service: service, Units: units, Amount: amount,
	})
	if err != nil {
		return engine.Receipt{}, fmt.Errorf("pay %s: %w", id, err)
	}
	n.metrics.PaymentStarted()
	defer n.metrics.PaymentDone()
	r, err := n.eng.Pay(ctx, id, amount, ref)
	if errors.Is(err, engine.ErrNotReconciled) {
		n.syncSoon(partner)
	}
	if err != nil && notPaid(err) {
		hold.Release()
		return r, err
	}
	// Anything else may have been signed and may still reach the payee
	// (an unacknowledged proof, a cancelled wait): it counts as spent.
	hold.Commit()
	if err == nil {
		n.metrics.PaymentSent(params.Token.Hex(), amount)
	}
	return r, err
}

// notPaid reports the payment errors that certainly come before signing.
func notPaid(err error) bool {
	for _, e := range []error{engine.ErrInvalidAmount, engine.ErrInvalidReference, engine.ErrUnknownChannel, engine.ErrClosed, engine.ErrBusy, engine.ErrNotReconciled, channels.ErrOverspend, channels.ErrChannelNotOpen} {
		if errors.Is(err, e) {
			return true
		}
	}
	return false
}

func (n *Node) tokenOf(id channels.ChannelID) string {
	params, err := n.eng.Params(id)
	if err != nil {
		return ""
	}
	return params.Token.Hex()
}

// chainTx counts a transaction the node sent and the gas it used.
func (n *Node) chainTx(op string, rcpt *types.Receipt) {
	if rcpt == nil {
		return
	}
	n.metrics.ChainTxSent(op)
	n.metrics.GasUsed(op, rcpt.GasUsed)
}

// Withdraw takes amount out of the channel to our account while it stays
// open: the partner co-signs, then the withdraw goes on chain.
func (n *Node) Withdraw(ctx context.Context, id channels.ChannelID, amount *uint256.Int) (channels.Channel, error) {
	if n.chain == nil {
		return channels.Channel{}, ErrNoChain
	}
	unlock, err := n.lockWithdraws(ctx, []channels.ChannelID{id})
	if err != nil {
		return channels.Channel{}, err
	}
	defer unlock()
	head, err := n.chain.Eth().HeaderByNumber(ctx, nil)
	if err != nil {
		return channels.Channel{}, fmt.Errorf("withdraw %s: head: %w", id, err)
	}
	expiry := withdrawExpiry(head.Time)
	cw, err := n.eng.Withdraw(ctx, id, amount, expiry, func(ctx context.Context, w channels.Withdraw, sig channels.Signature) (channels.Signature, error) {
		return n.askWithdraw(ctx, id, w, sig)
	})
	if err != nil {
		return channels.Channel{}, err
	}
	sendCtx, cancel := coSignedContext(ctx)
	defer cancel()
	rcpt, err := n.chain.CooperativeWithdraw(sendCtx, &cw)
	n.chainTx("withdraw", rcpt)
	if err != nil {
		return channels.Channel{}, fmt.Errorf("withdraw %s on chain (co-signed and counted; unless the chain refused it, the node sends it again, renewed if it expires): %w", id, err)
	}
	return n.eng.Channel(id)
}

// coSignedSendTimeout bounds sending a co-signed withdraw or settle and
// waiting for it to be mined.
const coSignedSendTimeout = 2 * time.Minute

// coSignedContext is the context a co-signed withdraw or settle is sent
// with: once both sides signed, both count the money as withdrawn (or the
// channel as settling), so the transaction goes out even if the caller
// gives up now; only the timeout bounds it.
func coSignedContext(ctx context.Context) (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.WithoutCancel(ctx), coSignedSendTimeout)
}

// askPartner sends a request to the partner of channel id and returns the answer.
func (n *Node) askPartner(ctx context.Context, id channels.ChannelID, req *pb.Envelope) (*pb.Envelope, error) {
	partner, err := n.partnerOf(id)
	if err != nil {
		return nil, err
	}
	s, err := n.sessionTo(ctx, partner)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrPartnerUnavailable, err)
	}
	resp, err := s.request(ctx, req)
	var remote *wire.RemoteError
	if err != nil && !errors.As(err, &remote) {
		// No answer at all, as opposed to a refusal the partner sent.
		return nil, fmt.Errorf("%w (%w): %w", ErrPartnerUnavailable, errNoAnswer, err)
	}
	return resp, err
}

// errNoAnswer marks a request that may have reached the partner but got no
// answer: the partner may have acted on it all the same.
var errNoAnswer = errors.New("sent, no answer")

// WithdrawAll takes, from each given channel, our whole available balance
// (or what is left above keep) in ONE on-chain transaction per token: each
// partner co-signs its channel's withdraw, then the contract's batch
// withdraw pays the sum with one transfer. Channels where there is nothing
// to take are skipped; a partner that does not answer fails only its own
// channel (its error is returned with the others in the joined error).
func (n *Node) WithdrawAll(ctx context.Context, ids []channels.ChannelID, keep *uint256.Int) ([]channels.ChannelID, error) {
	if n.chain == nil {
		return nil, ErrNoChain
	}
	unlock, err := n.lockWithdraws(ctx, ids)
	if err != nil {
		return nil, err
	}
	defer unlock()
	head, err := n.chain.Eth().HeaderByNumber(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("withdraw all: head: %w", err)
	}
	expiry := withdrawExpiry(head.Time)
	byToken := map[common.Address][]settlement.BatchItem{}
	var errs []error
	for _, id := range ids {
		ask := func(ctx context.Context, w channels.Withdraw, sig channels.Signature) (channels.Signature, error) {
			return n.askWithdraw(ctx, id, w, sig)
		}
		// A withdraw of ours that got no answer is settled first: the
		// balance to take depends on it, and if it is co-signed now it
		// goes in the batch unless a new one (whose total covers it)
		// does.
		resolved, counted, err := n.eng.ResolveWithdraw(ctx, id, ask)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		ch, err := n.eng.Channel(id)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		self, err := ch.Params.Index(n.id.Address())
		if err != nil {
			errs = append(errs, err)
			continue
		}
		cw, err := n.withdrawRest(ctx, &ch, self, keep, expiry, ask)
		if err != nil {
			errs = append(errs, err)
		}
		if cw == nil && counted && resolved.Withdraw.Expiry > head.Time+uint64(withdrawMinLife/time.Second) {
			// One about to expire (it waited long for its answer) would
			// fail the whole batch: resendWithdraws renews it first.
			cw = &resolved
		}
		if cw != nil {
			byToken[ch.Params.Token] = append(byToken[ch.Params.Token], settlement.BatchItem{Params: ch.Params, Withdraw: *cw})
		}
	}
	var done []channels.ChannelID
	for token, items := range byToken {
		sendCtx, cancel := coSignedContext(ctx)
		err := n.batchWithdraw(sendCtx, token, items)
		cancel()
		if err != nil {
			errs = append(errs, fmt.Errorf("%w (co-signed and counted; unless the chain refused them, the node sends them again, renewed if they expire)", err))
			continue
		}
		for _, it := range items {
			done = append(done, it.Params.ID())
		}
	}
	return done, errors.Join(errs...)
}

// withdrawRest withdraws from channel ch what we have available above
// keep, if anything, and returns the co-signed withdraw; nil if there is
// nothing to take.
func (n *Node) withdrawRest(ctx context.Context, ch *channels.Channel, self int, keep *uint256.Int, expiry uint64, ask engine.AskWithdraw) (*channels.CoSignedWithdraw, error) {
	avail, err := ch.Available(self)
	if err != nil || ch.Phase != channels.PhaseOpen {
		return nil, nil
	}
	if keep != nil {
		if !avail.Gt(keep) {
			return nil, nil
		}
		avail.Sub(&avail, keep)
	}
	if avail.IsZero() {
		return nil, nil
	}
	cw, err := n.eng.Withdraw(ctx, ch.ID, &avail, expiry, ask)
	if err != nil {
		return nil, err
	}
	return &cw, nil
}

// batchWithdraw sends one token's co-signed withdraws of ours in one
// transaction. The contract's batch withdraw costs less gas per channel
// than a cooperative withdraw even for a single channel.
func (n *Node) batchWithdraw(ctx context.Context, token common.Address, items []settlement.BatchItem) error {
	rcpt, err := n.chain.BatchWithdraw(ctx, token, items)
	n.chainTx("batch_withdraw", rcpt)
	if err != nil {
		return fmt.Errorf("batch withdraw of %d channels: %w", len(items), err)
	}
	n.log.Info("batch withdraw", "channels", len(items), "token", token, "tx", rcpt.TxHash, "gas", rcpt.GasUsed)
	return nil
}

// askWithdraw asks the partner of channel id to co-sign w. Its errors
// carry what the engine needs to know of the request's fate (see
// engine.Withdraw): engine.ErrNotSent if it never left, engine.ErrRefused
// if the partner answered it with a refusal other than a failure of its
// own (which might have come after it stored its co-signature), and
// engine.ErrDeclined too if that refusal is for good.
func (n *Node) askWithdraw(ctx context.Context, id channels.ChannelID, w channels.Withdraw, sig channels.Signature) (channels.Signature, error) {
	resp, err := n.askPartner(ctx, id, &pb.Envelope{Body: &pb.Envelope_WithdrawRequest{WithdrawRequest: &pb.WithdrawRequest{Withdraw: wire.EncodeWithdraw(w, sig)}}})
	if errors.Is(err, errNoAnswer) {
		// If the partner co-signed and counted it, a sync brings us its
		// copy and we count it too (engine.AdoptWithdraw); else the
		// request stays pending until it is asked again.
		if p, perr := n.partnerOf(id); perr == nil {
			n.syncSoon(p)
		}
	}
	return coSignature(resp, markAsk(err, declinesWithdraw), w, "withdraw", func(e *pb.Envelope) (*pb.Withdraw, bool) {
		ws := e.GetWithdrawSignature()
		return ws.GetWithdraw(), ws != nil
	}, wire.DecodeWithdraw)
}

// markAsk marks an askPartner error of a request for a co-signature with
// what it tells of the request's fate (see askWithdraw); declines says
// which refusals are for good.
func markAsk(err error, declines func(error) bool) error {
	var remote *wire.RemoteError
	switch {
	case err == nil, errors.Is(err, errNoAnswer):
		return err
	case !errors.As(err, &remote):
		return fmt.Errorf("%w: %w", engine.ErrNotSent, err)
	case declines(err):
		return fmt.Errorf("%w: %w: %w", engine.ErrDeclined, engine.ErrRefused, err)
	case remote.Code != pb.ErrorCode_ERROR_CODE_INTERNAL && remote.Code != pb.ErrorCode_ERROR_CODE_UNSPECIFIED:
		return fmt.Errorf("%w: %w", engine.ErrRefused, err)
	}
	return err
}

// coSignature is the partner's signature from its answer (resp, err) to a
// request to co-sign want: the answer must be the right kind and carry
// exactly want.
func coSignature[T comparable, M any](resp *pb.Envelope, err error, want T, what string,
	answer func(*pb.Envelope) (M, bool), decode func(M) (T, channels.Signature, error)) (channels.Signature, error) {
	if err != nil {
		return channels.Signature{}, err
	}
	m, ok := answer(resp)
	if !ok {
		return channels.Signature{}, fmt.Errorf("%w: want %s signature", ErrUnexpectedMessage, what)
	}
	got, theirs, err := decode(m)
	if err != nil {
		return channels.Signature{}, err
	}
	if got != want {
		return channels.Signature{}, fmt.Errorf("%w: co-signed a different %s", ErrUnexpectedMessage, what)
	}
	return theirs, nil
}

// CloseChannel ends a channel: cooperatively (both sign the final
// balances, paid out at once) or unilaterally (we submit the partner's
// latest proof and the challenge period starts).
func (n *Node) CloseChannel(ctx context.Context, id channels.ChannelID, cooperative bool) (channels.Channel, error) {
	if n.chain == nil {
		return channels.Channel{}, ErrNoChain
	}
	if !cooperative {
		ch, err := n.eng.Channel(id)
		if err != nil {
			return ch, err
		}
		self, err := ch.Params.Index(n.id.Address())
		if err != nil {
			return ch, err
		}
		theirs := ch.Proofs[channels.Partner(self)]
		var arg *channels.SignedBalanceProof
		if !theirs.IsZero() {
			arg = &theirs
		}
		rcpt, err := n.chain.CloseChannel(ctx, id, arg)
		n.chainTx("close", rcpt)
		if err != nil {
			return ch, fmt.Errorf("close %s: %w", id, err)
		}
		head, err := n.chain.Eth().HeaderByNumber(ctx, rcpt.BlockNumber)
		if err != nil {
			return ch, fmt.Errorf("close %s: block: %w", id, err)
		}
		next, err := n.eng.Apply(ctx, id, channels.Closed{Closer: self, At: head.Time})
		if errors.Is(err, channels.ErrIllegalTransition) {
			return n.eng.Channel(id) // the chain watcher was first
		}
		return next, err
	}
	// The channel's withdraw lock, held to the end: no withdraw of ours
	// gets counted between the check and the settle, and the resend
	// leaves this settle alone while we send it.
	unlock, err := n.lockWithdraws(ctx, []channels.ChannelID{id})
	if err != nil {
		return channels.Channel{}, fmt.Errorf("close %s: %w", id, err)
	}
	defer unlock()
	ch, err := n.eng.Channel(id)
	if err != nil {
		return ch, err
	}
	info, err := n.chain.ChannelInfo(ctx, id)
	if err != nil {
		return channels.Channel{}, fmt.Errorf("close %s cooperatively: %w", id, err)
	}
	if err := checkWithdrawsPaid(&ch, &info); err != nil {
		return channels.Channel{}, fmt.Errorf("close %s cooperatively: %w; withdraw again (its total includes the rest; the node also renews a withdraw that expired unpaid and sends it again) or close unilaterally", id, err)
	}
	// The two sides learn on-chain deposits and withdraws from their own
	// chain watchers, so right after one their balances may differ for a
	// few polls: a balance mismatch is retried until the views agree.
	var css channels.CoSignedSettle
	err = retryWhile(ctx, n.cfg.Chain.PollInterval, 20, func() error {
		ch, err := n.eng.Channel(id)
		if err != nil {
			return err
		}
		if err := n.checkDepositsCounted(ctx, &ch); err != nil {
			return fmt.Errorf("close %s cooperatively: %w", id, err)
		}
		css, err = n.eng.CooperativeSettle(ctx, id, func(ctx context.Context, s channels.CooperativeSettle, sig channels.Signature) (channels.Signature, error) {
			return n.askSettle(ctx, id, s, sig)
		})
		return err
	}, channels.ErrBalanceMismatch, ErrDepositsNotCounted)
	if err != nil {
		return channels.Channel{}, err
	}
	sendCtx, cancel := coSignedContext(ctx)
	defer cancel()
	rcpt, err := n.chain.CooperativeSettle(sendCtx, &css)
	n.chainTx("cooperative_settle", rcpt)
	if errors.Is(err, settlement.ErrReverted) {
		if phase, perr := n.onChainPhase(ctx, id); perr == nil && phase == onChainSettled {
			return n.markSettled(ctx, id) // the partner sent it first
		}
	}
	if err != nil {
		return channels.Channel{}, fmt.Errorf("cooperative settle %s on chain (co-signed and kept: the node sends it again, or, if the chain can never take it, gets a new one over the larger pot or closes the channel unilaterally): %w", id, err)
	}
	return n.markSettled(ctx, id)
}

// checkDepositsCounted returns an error wrapping ErrDepositsNotCounted
// while a deposit of ours into channel ch is on its way, or we count other
// deposits than the chain holds (our watcher waits for confirmations): a
// settle signed over them would never go through (checkSettlePot). Both
// the requester and the co-signer check before they sign.
func (n *Node) checkDepositsCounted(ctx context.Context, ch *channels.Channel) error {
	if _, ok := n.depositing.Load(ch.ID); ok {
		return fmt.Errorf("%w: a deposit of ours is on its way", ErrDepositsNotCounted)
	}
	info, err := n.chain.ChannelInfo(ctx, ch.ID)
	if err != nil {
		return err
	}
	for i, held := range [2]*big.Int{channels.PartA: info.DepositA, channels.PartB: info.DepositB} {
		if ch.Deposit[i].ToBig().Cmp(held) != 0 {
			return fmt.Errorf("%w: we count a deposit of %s for %s, the chain holds %s", ErrDepositsNotCounted, ch.Deposit[i].Dec(), ch.Params.Participants[i], held)
		}
	}
	return nil
}

// onChainPhase is the contract's phase number of channel id.
func (n *Node) onChainPhase(ctx context.Context, id channels.ChannelID) (uint8, error) {
	info, err := n.chain.ChannelInfo(ctx, id)
	return info.Phase, err
}

// checkWithdrawsPaid returns ErrWithdrawUnpaid while either side of ch
// counts more withdrawn than the chain (info, its getChannel) has paid: a
// withdraw still on its way, or one that expired unpaid. The settle's
// balances leave counted withdraws out of the pot, and the contract checks
// them against its own, so a settle sent now would revert: a cooperative
// close is refused before anything is signed, and a kept settle waits
// (resendSettle). A renewal or a later withdraw, whose total includes it,
// pays the missing amount.
func checkWithdrawsPaid(ch *channels.Channel, info *bindings.ChannelInfo) error {
	for i, paid := range paidWithdraws(info) {
		if counted := ch.Withdrawn[i].ToBig(); paid != nil && counted.Cmp(paid) > 0 {
			return fmt.Errorf("%w: %s counts %s withdrawn, the chain paid %s", ErrWithdrawUnpaid, ch.Params.Participants[i], counted, paid)
		}
	}
	return nil
}

// paidWithdraws is what the chain has paid out of a channel to each
// participant, indexed as in channels.Channel.
func paidWithdraws(info *bindings.ChannelInfo) [2]*big.Int {
	return [2]*big.Int{channels.PartA: info.WithdrawnA, channels.PartB: info.WithdrawnB}
}

// askSettle asks the partner of channel id to co-sign settle st; its
// errors are marked as askWithdraw's (see markAsk).
func (n *Node) askSettle(ctx context.Context, id channels.ChannelID, st channels.CooperativeSettle, sig channels.Signature) (channels.Signature, error) {
	resp, err := n.askPartner(ctx, id, &pb.Envelope{Body: &pb.Envelope_SettleRequest{SettleRequest: &pb.SettleRequest{Settle: wire.EncodeSettle(st, sig)}}})
	return coSignature(resp, markAsk(err, declinesSettle), st, "settle", func(e *pb.Envelope) (*pb.CooperativeSettle, bool) {
		ss := e.GetSettleSignature()
		return ss.GetSettle(), ss != nil
	}, wire.DecodeSettle)
}

// Settle pays out a closed channel after its challenge period.
func (n *Node) Settle(ctx context.Context, id channels.ChannelID) (channels.Channel, error) {
	if n.chain == nil {
		return channels.Channel{}, ErrNoChain
	}
	rcpt, err := n.chain.Settle(ctx, id)
	n.chainTx("settle", rcpt)
	if err != nil {
		return channels.Channel{}, fmt.Errorf("settle %s: %w", id, err)
	}
	return n.markSettled(ctx, id)
}

// runChain follows the chain: it applies the contract's events to our
// channels, answers stale closes and settles channels whose period is over.
func (n *Node) runChain(ctx context.Context) error {
	disputer := settlement.NewDisputer(n.chain, n.eng, n.log)
	watcher := settlement.NewWatcher(settlement.WatcherConfig{
		Client: n.chain, Cursor: n.store, Handler: disputer, FromBlock: n.cfg.Chain.FromBlock,
		Confirmations: n.cfg.Chain.Confirmations, PollInterval: n.cfg.Chain.PollInterval, Logger: n.log,
	})
	errc := make(chan error, 2)
	go func() { errc <- disputer.Run(ctx, 10*n.cfg.Chain.PollInterval) }()
	go func() { errc <- n.resendLoop(ctx, n.cfg.Chain.ResendInterval) }()
	err := watcher.Run(ctx)
	<-errc
	<-errc
	return err
}

// reconnectLoop keeps us connected to our channel partners, with
// exponential backoff per partner.
func (n *Node) reconnectLoop(ctx context.Context) error {
	type backoff struct {
		next  time.Time
		delay time.Duration
	}
	state := map[channels.Address]*backoff{}
	t := time.NewTicker(time.Second)
	defer t.Stop()
	for {
		for a := range n.partners() {
			p, ok := n.book.peer(a)
			if !ok || n.host.Network().Connectedness(p) == network.Connected {
				delete(state, a)
				continue
			}
			b := state[a]
			if b == nil {
				b = &backoff{delay: time.Second}
				state[a] = b
			}
			if time.Now().Before(b.next) {
				continue
			}
			dctx, cancel := context.WithTimeout(ctx, 10*time.Second)
			err := n.host.Connect(dctx, n.host.Peerstore().PeerInfo(p))
			cancel()
			if err != nil {
				b.next = time.Now().Add(b.delay)
				b.delay = min(2*b.delay, n.cfg.ReconnectMax)
				n.log.Debug("reconnect to partner", "partner", a, "peer", p, "retry_in", b.delay, "err", err)
			}
		}
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
		}
	}
}

// markSettled records a settle we saw mined, unless the chain watcher
// already did.
func (n *Node) markSettled(ctx context.Context, id channels.ChannelID) (channels.Channel, error) {
	ch, err := n.eng.Apply(ctx, id, channels.Settled{})
	if errors.Is(err, channels.ErrIllegalTransition) {
		if now, err2 := n.eng.Channel(id); err2 == nil && now.Phase == channels.PhaseSettled {
			return now, nil
		}
	}
	return ch, err
}

// retryWhile runs f until it returns an error that is none of targets,
// up to attempts times, pausing between tries.
func retryWhile(ctx context.Context, pause time.Duration, attempts int, f func() error, targets ...error) error {
	var err error
	for range attempts {
		if err = f(); !slices.ContainsFunc(targets, func(t error) bool { return errors.Is(err, t) }) {
			return err
		}
		select {
		case <-ctx.Done():
			return err
		case <-time.After(pause):
		}
	}
	return err
}
