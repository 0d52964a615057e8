package node

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"slices"
	"sync"
	"time"

	"github.com/holiman/uint256"
	"github.com/libp2p/go-libp2p/core/network"
	"github.com/libp2p/go-libp2p/core/peer"

	"github.com/meshpay/meshpay/channels"
	"github.com/meshpay/meshpay/node/identity"
	"github.com/meshpay/meshpay/node/wire"
	"github.com/meshpay/meshpay/node/wire/pb"
)

// handleStream serves one inbound stream: the peer's requests, answered in
// order. Every message is checked against the peer that sent it: the
// address in its greeting and in every channel message must be the one its
// peer ID proves.
//
// Payments are pipelined: the next one is read and accepted while earlier
// ones are still being written, so writes that queue up behind a slow sync
// share the next one instead of each waiting for its own. Any other
// request waits until everything before it is answered and is then served
// alone, so it sees every payment before it.
func (n *Node) handleStream(st network.Stream) {
	n.wg.Add(1)
	defer n.wg.Done()
	p := st.Conn().RemotePeer()
	log := n.log.With("peer", p)
	from, err := identity.AddressOf(p)
	if err != nil {
		_ = st.Reset()
		return
	}
	r := wire.NewReader(st, n.cfg.Limits.MaxMessageSize)
	w := wire.NewWriter(st)
	// One goroutine at a time writes: the greeting here, then the
	// writer below, then a last refusal once it is done.
	deadline := writeDeadline{st: st, d: n.cfg.Limits.RequestTimeout}
	// answer writes one answer; a failed write (a peer that stopped
	// reading, among others) ends the stream.
	answer := func(env *pb.Envelope) bool {
		deadline.refresh()
		if err := w.WriteFlush(env); err != nil {
			log.Debug("write answer", "err", err)
			return false
		}
		return true
	}
	refuse := func(id uint64, err error) bool {
		n.stats.reject(wire.CodeOf(err))
		return answer(wire.ErrorEnvelope(id, err))
	}
	defer st.Close()

	_ = st.SetReadDeadline(time.Now().Add(n.cfg.Limits.RequestTimeout))
	env := new(pb.Envelope)
	if err := r.Read(env); err != nil {
		n.violation(p, err)
		_ = refuse(0, err)
		return
	}
	if err := n.checkHello(env, p); err != nil {
		log.Debug("refused greeting", "err", err)
		_ = refuse(env.GetId(), err)
		return
	}
	if !answer(&pb.Envelope{Id: env.GetId(), Body: &pb.Envelope_Hello{Hello: wire.EncodeHello(n.hello())}}) {
		return
	}

	// One writer answers in request order.
	answers := make(chan *pendingAnswer, n.cfg.Limits.Window)
	stopped := make(chan struct{})
	var writer sync.WaitGroup
	writer.Add(1)
	go func() {
		defer writer.Done()
		ok := true
		for a := range answers {
			if ok {
				if ok = n.writeAnswer(a, p, log, answer, refuse); !ok {
					close(stopped)
					_ = st.Reset() // so the reader stops too
				}
			} else {
				a.discard()
			}
			if a.served != nil {
				close(a.served)
			}
		}
		if ok {
			close(stopped)
		}
	}()
	finish := sync.OnceFunc(func() {
		close(answers)
		writer.Wait()
	})
	defer finish()
	queue := func(a *pendingAnswer) bool {
		select {
		case answers <- a:
			return true
		case <-stopped:
			a.discard()
			return false
		}
	}

	limiter := n.limiter(p)
	for {
		_ = st.SetReadDeadline(time.Now().Add(n.cfg.Limits.IdleTimeout))
		env := new(pb.Envelope)
		if err := r.Read(env); err != nil {
			if errors.Is(err, io.EOF) || errors.Is(err, network.ErrReset) || n.runCtx.Err() != nil {
				return
			}
			if errors.Is(err, wire.ErrMalformed) || errors.Is(err, wire.ErrTooLarge) {
				// Garbage: say why, after the answers owed, then drop
				// the peer. The error gets a moment to leave before the
				// connection goes.
				log.Warn("peer sent a bad message", "err", err)
				finish()
				_ = refuse(0, err)
				_ = st.CloseWrite()
				if !n.violation(p, err) {
					time.AfterFunc(time.Second, func() { n.disconnect(p) })
				}
			}
			return
		}
		if !limiter.allow() {
			if !queue(refusal(env.GetId(), wire.ErrRateLimited)) {
				return
			}
			if n.violation(p, wire.ErrRateLimited) {
				return
			}
			continue
		}
		ctx, cancel := context.WithTimeout(n.runCtx, n.cfg.Limits.RequestTimeout)
		a := &pendingAnswer{id: env.GetId(), cancel: cancel}
		if pay, ok := env.GetBody().(*pb.Envelope_Payment); ok {
			a.result, a.payment = n.acceptPayment(ctx, from, pay), true
			if !queue(a) {
				return
			}
			continue
		}
		a.result = func() (*pb.Envelope, error) { return n.serve(ctx, from, env) }
		a.served = make(chan struct{})
		if !queue(a) {
			return
		}
		select {
		case <-a.served:
		case <-stopped:
			return
		}
	}
}

// pendingAnswer is a request waiting for its answer. result runs on the
// stream's writer, in request order; served, if set, is closed after it.
type pendingAnswer struct {
	id      uint64
	result  func() (*pb.Envelope, error)
	cancel  context.CancelFunc
	served  chan struct{}
	payment bool
}

// discard drops an answer the stream can no longer carry. A payment's
// write is queued already: it is still settled, so it counts (and the
// services it pays for hear of it) once durable, only without an ack.
func (a *pendingAnswer) discard() {
	if a.payment {
		_, _ = a.result()
	}
	a.cancel()
}

func refusal(id uint64, err error) *pendingAnswer {
	return &pendingAnswer{id: id, result: func() (*pb.Envelope, error) { return nil, err }, cancel: func() {}}
}

// writeAnswer computes and writes one answer; false ends the stream.
func (n *Node) writeAnswer(a *pendingAnswer, p peer.ID, log *slog.Logger, answer func(*pb.Envelope) bool, refuse func(uint64, error) bool) bool {
	resp, err := a.result()
	a.cancel()
	if err != nil {
		log.Debug("refused request", "err", err)
		if !refuse(a.id, err) {
			return false
		}
		if errors.Is(err, wire.ErrMalformed) || errors.Is(err, ErrUnexpectedMessage) {
			return !n.violation(p, err)
		}
		return true
	}
	resp.Id = a.id
	return answer(resp)
}

// acceptPayment validates a payment and queues its write now; the answer,
// computed later and in order, waits until the proof is durable.
func (n *Node) acceptPayment(ctx context.Context, from channels.Address, b *pb.Envelope_Payment) func() (*pb.Envelope, error) {
	d, err := wire.DecodePayment(b.Payment, n.cfg.Chain.ChainID, n.cfg.Chain.Contract)
	if err != nil {
		return func() (*pb.Envelope, error) { return nil, err }
	}
	settle, err := n.eng.Accept(ctx, from, d)
	if err != nil {
		return func() (*pb.Envelope, error) { return nil, err }
	}
	return func() (*pb.Envelope, error) {
		ack, err := settle(ctx)
		if err != nil {
			return nil, err
		}
		n.notifyReceived(ack, d)
		// Count what the proof brought, not what it lists: a repeat
		// of the latest proof may list anything.
		n.stats.received(len(ack.Received))
		var total uint256.Int
		for i := range ack.Received {
			total.Add(&total, &ack.Received[i].Amount)
		}
		n.metrics.PaymentsReceived(n.tokenOf(ack.ChannelID), len(ack.Received), &total)
		return &pb.Envelope{Body: &pb.Envelope_Ack{Ack: wire.EncodeAck(ack)}}, nil
	}
}

// serve answers one request from the peer with address from.
func (n *Node) serve(ctx context.Context, from channels.Address, env *pb.Envelope) (*pb.Envelope, error) {
	chainID, contract := n.cfg.Chain.ChainID, n.cfg.Chain.Contract
	switch b := env.GetBody().(type) {
	case *pb.Envelope_Payment:
		return n.acceptPayment(ctx, from, b)()
	case *pb.Envelope_Proposal:
		prop, err := wire.DecodeProposal(b.Proposal)
		if err != nil {
			return nil, err
		}
		if err := n.checkProposal(prop); err != nil {
			return nil, err
		}
		n.log.Info("accepted channel proposal", "from", from, "token", prop.Token, "challenge_period", prop.ChallengePeriod)
		return &pb.Envelope{Body: &pb.Envelope_Accept{Accept: &pb.Accept{}}}, nil
	case *pb.Envelope_WithdrawRequest:
		w, sig, err := wire.DecodeWithdraw(b.WithdrawRequest.GetWithdraw())
		if err != nil {
			return nil, err
		}
		ours, err := n.eng.CoSignWithdraw(ctx, from, w, sig)
		if err != nil {
			return nil, err
		}
		return &pb.Envelope{Body: &pb.Envelope_WithdrawSignature{WithdrawSignature: &pb.WithdrawSignature{Withdraw: wire.EncodeWithdraw(w, ours)}}}, nil
	case *pb.Envelope_SettleRequest:
		s, sig, err := wire.DecodeSettle(b.SettleRequest.GetSettle())
		if err != nil {
			return nil, err
		}
		ours, err := n.coSignSettle(ctx, from, s, sig)
		if err != nil {
			return nil, err
		}
		return &pb.Envelope{Body: &pb.Envelope_SettleSignature{SettleSignature: &pb.SettleSignature{Settle: wire.EncodeSettle(s, ours)}}}, nil
	case *pb.Envelope_SyncRequest:
		// Answer with what we hold of the channels asked about, then
		// repair from what the peer holds.
		// The whole list first: its bounds (at most MaxSyncChannels, each
		// channel once) keep one frame from fanning out into thousands
		// of reconciles.
		list, err := wire.DecodeSync(b.SyncRequest.GetChannels(), chainID, contract)
		if err != nil {
			return nil, err
		}
		reply := &pb.SyncReply{}
		for _, cp := range list {
			id := cp.ChannelID
			ch, err := n.eng.Channel(id)
			if err != nil {
				continue // not a channel we know (yet)
			}
			if _, err := ch.Params.Index(from); err != nil {
				return nil, fmt.Errorf("sync %s: %w", id, channels.ErrNotParticipant)
			}
			reply.Channels = append(reply.Channels, n.channelProofs(ctx, &ch))
		}
		if err := n.reconcile(ctx, from, list); err != nil {
			n.log.Warn("sync from peer", "from", from, "err", err)
		}
		return &pb.Envelope{Body: &pb.Envelope_SyncReply{SyncReply: reply}}, nil
	default:
		return nil, fmt.Errorf("%w: %T is not a request", ErrUnexpectedMessage, b)
	}
}

func (n *Node) checkProposal(p wire.Proposal) error {
	pol := n.cfg.Policy
	switch {
	case pol.RefuseChannels:
		return fmt.Errorf("%w: this node takes no new channels", wire.ErrRefused)
	case len(pol.Tokens) > 0 && !slices.Contains(pol.Tokens, p.Token):
		return fmt.Errorf("%w: token %s not accepted", wire.ErrRefused, p.Token)
	case p.ChallengePeriod < pol.MinChallengePeriod || p.ChallengePeriod > pol.MaxChallengePeriod:
		return fmt.Errorf("%w: challenge period %ds outside [%d, %d]", wire.ErrRefused, p.ChallengePeriod, pol.MinChallengePeriod, pol.MaxChallengePeriod)
	}
	return nil
}

// violation counts a peer's protocol violation and, past the limit, bans
// and disconnects it; it reports whether it did.
func (n *Node) violation(p peer.ID, err error) bool {
	l := n.limiter(p)
	if l.violation() < n.cfg.Limits.MaxViolations {
		return false
	}
	n.log.Warn("banning misbehaving peer", "peer", p, "for", n.cfg.Limits.BanDuration, "last", err)
	l.forgive() // the ban answers them; after it the peer starts afresh
	n.bans.ban(p)
	n.disconnect(p)
	return true
}

func (n *Node) disconnect(p peer.ID) {
	n.mu.Lock()
	s := n.sessions[p]
	delete(n.sessions, p)
	// The limiter stays: a peer that reconnects keeps its violations
	// (and its rate), or reconnecting would clear them.
	n.mu.Unlock()
	if s != nil {
		s.close(errors.New("peer disconnected"))
	}
	_ = n.host.Network().ClosePeer(p)
}

// limiter returns peer p's limiter. Limiters outlive connections; once
// there are many, those of peers neither connected nor heard from for
// limiterIdle are dropped, so peers that come and go do not add up.
func (n *Node) limiter(p peer.ID) *peerLimiter {
	now := time.Now()
	n.mu.Lock()
	defer n.mu.Unlock()
	l := n.limiters[p]
	if l == nil {
		if len(n.limiters) >= n.limiterSweepAt {
			for q, ql := range n.limiters {
				if now.Sub(ql.last) > limiterIdle && n.host.Network().Connectedness(q) != network.Connected {
					delete(n.limiters, q)
				}
			}
			n.limiterSweepAt = max(minLimiterSweep, 2*len(n.limiters))
		}
		l = newPeerLimiter(n.cfg.Limits.RatePerSecond, n.cfg.Limits.Burst)
		n.limiters[p] = l
	}
	l.last = now
	return l
}

// A peer's limiter is dropped once it has been idle for limiterIdle and
// there are at least minLimiterSweep of them.
const (
	limiterIdle     = 10 * time.Minute
	minLimiterSweep = 1024
)

// coSignSettle co-signs the settle s that from asks for, after the
// co-signer's checkDepositsCounted: a requester that did not wait for a
// fresh deposit, or asks while a deposit of ours is on its way, gets
// BALANCE_MISMATCH, which it retries, rather than a settle the chain would
// refuse. settleMu keeps a deposit of ours from starting in between. A
// channel we do not share with from is left to CoSignSettle to refuse,
// without asking the chain.
func (n *Node) coSignSettle(ctx context.Context, from channels.Address, s channels.CooperativeSettle, sig channels.Signature) (channels.Signature, error) {
	n.settleMu.Lock()
	defer n.settleMu.Unlock()
	ch, err := n.eng.Channel(s.ChannelID)
	_, notOurs := ch.Params.Index(from)
	if err == nil && notOurs == nil && n.chain != nil {
		if err := n.checkDepositsCounted(ctx, &ch); err != nil {
			return channels.Signature{}, fmt.Errorf("co-sign settle %s: %w: %w", s.ChannelID, channels.ErrBalanceMismatch, err)
		}
	}
	return n.eng.CoSignSettle(ctx, from, s, sig)
}
