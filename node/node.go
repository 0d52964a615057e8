package node

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"path/filepath"
	"sync"
	"sync/atomic"
	"time"

	pubsub "github.com/libp2p/go-libp2p-pubsub"
	"github.com/libp2p/go-libp2p/core/event"
	"github.com/libp2p/go-libp2p/core/host"
	"github.com/libp2p/go-libp2p/core/network"
	"github.com/libp2p/go-libp2p/core/peer"
	"github.com/libp2p/go-libp2p/p2p/discovery/mdns"
	"github.com/libp2p/go-libp2p/p2p/net/swarm"
	ma "github.com/multiformats/go-multiaddr"

	"github.com/meshpay/meshpay/channels"
	"github.com/meshpay/meshpay/channels/engine"
	"github.com/meshpay/meshpay/channels/store"
	"github.com/meshpay/meshpay/node/control"
	"github.com/meshpay/meshpay/node/identity"
	"github.com/meshpay/meshpay/node/metrics"
	"github.com/meshpay/meshpay/node/offers"
	"github.com/meshpay/meshpay/node/policy"
	"github.com/meshpay/meshpay/node/wire"
	"github.com/meshpay/meshpay/node/wire/pb"
	"github.com/meshpay/meshpay/settlement"
)

// Errors callers branch on.
var (
	// ErrUnknownPeer reports a partner address whose peer ID the node has
	// not learned yet (connect to it, or find its offer, first).
	ErrUnknownPeer = errors.New("node: unknown peer")
	// ErrPartnerUnavailable reports a request the channel partner did not
	// answer (unreachable, stream broken, timeout), as opposed to one it
	// refused with an error code.
	ErrPartnerUnavailable = errors.New("node: partner unavailable")
	// ErrNoChain reports a chain operation on a node started without a
	// chain endpoint.
	ErrNoChain = errors.New("node: no chain configured")
	// ErrWithdrawUnpaid refuses a cooperative close while a withdraw both
	// sides count is not paid on chain: the contract would refuse the
	// settle, whose balances leave it out.
	ErrWithdrawUnpaid = errors.New("node: a counted withdraw is not paid on chain")
	// ErrDepositsNotCounted reports a settle not signed (yet) because the
	// chain holds a deposit the node has not counted: its watcher waits
	// for confirmations, or a deposit of ours is on its way. Try again.
	ErrDepositsNotCounted = errors.New("node: the chain holds deposits the node has not counted yet")
	// ErrUnexpectedMessage reports a wire message in the wrong place.
	ErrUnexpectedMessage = fmt.Errorf("%w: unexpected message", wire.ErrMalformed)
)

// Node is one device's meshpay node.
type Node struct {
	cfg   Config
	log   *slog.Logger
	id    *identity.Identity
	store *store.Badger
	eng   *engine.Engine
	host  host.Host
	bans  *banList
	book  *addressBook
	stats *Stats
	chain *settlement.Client // nil without a chain

	metrics *metrics.Metrics
	guard   *policy.Guard
	ps      *pubsub.PubSub
	board   *offers.Board // nil with DisableOffers
	control *control.Server

	mdns             mdns.Service
	republishPending atomic.Bool
	started          time.Time
	// syncing holds the partners a payment asked to sync with (syncSoon).
	syncing sync.Map
	// withdrawing holds each channel's withdraw lock (withdrawLock);
	// withdrawDone the withdrawn total of ours that resendWithdraws no
	// longer has to look at.
	withdrawing, withdrawDone sync.Map
	// settleMu orders a deposit of ours against co-signing a partner's
	// settle: depositing holds the channels with a deposit of ours on its
	// way, and no settle of theirs is co-signed meanwhile (the deposit
	// would void it).
	settleMu   sync.Mutex
	depositing sync.Map
	// settleVoidSince holds, per settling channel, when resettle first
	// found its kept settle void by deposits it counts (resendSettles
	// drops channels that left settling).
	settleVoidSince sync.Map
	// settleDone holds the channels whose kept settle the chain refused
	// (resendSettles does not send it again).
	settleDone sync.Map
	spawnMu    sync.Mutex // see spawn

	mu       sync.Mutex
	sessions map[peer.ID]*session
	dialing  map[peer.ID]*sync.Mutex
	limiters map[peer.ID]*peerLimiter
	// limiterSweepAt is the number of limiters at which limiter drops
	// idle ones.
	limiterSweepAt int
	// receivedHooks are told of every acknowledged proof (OnReceived).
	receivedHooks []*receivedHook
	// sessionSources list metered sessions for the control API
	// (AddSessionSource).
	sessionSources []*sessionSource

	runCtx    context.Context // lives from New to Close; ends background work
	cancelRun context.CancelFunc
	wg        sync.WaitGroup
	closeOnce sync.Once
	closeErr  error
}

// New opens the node's store, loads its channels, dials the chain (if
// configured) and starts the libp2p host with the channel protocol. Run
// starts discovery and the chain watchers.
func New(ctx context.Context, cfg Config) (*Node, error) {
	if err := cfg.setDefaults(); err != nil {
		return nil, err
	}
	n := &Node{
		cfg:      cfg,
		log:      cfg.Logger,
		id:       cfg.Identity,
		bans:     newBanList(cfg.Limits.BanDuration),
		metrics:  metrics.New(),
		sessions: map[peer.ID]*session{},
		dialing:  map[peer.ID]*sync.Mutex{},
		limiters: map[peer.ID]*peerLimiter{},
		started:  time.Now(),

		limiterSweepAt: minLimiterSweep,
	}
	n.stats = newStats(n.metrics)
	n.runCtx, n.cancelRun = context.WithCancel(context.Background())
	fail := func(err error) (*Node, error) {
		_ = n.Close()
		return nil, err
	}
	var err error
	if n.store, err = store.Open(filepath.Join(cfg.DataDir, "channels"), store.WithLogger(cfg.Logger)); err != nil {
		return fail(fmt.Errorf("node: %w", err))
	}
	n.book = newAddressBook(n.store, n.partners)
	if n.guard, err = policy.NewGuard(cfg.Spending, nil,
		policy.WithRefusalFunc(func(p policy.Payment, err error) {
			n.log.Warn("payment refused by policy", "reason", policy.ReasonOf(err), "peer", p.Peer, "token", p.Token, "err", err)
			n.metrics.PolicyRefused(string(policy.ReasonOf(err)))
		}),
		policy.WithAlertFunc(func(a policy.Alert) {
			n.log.Warn("spending anomaly", "kind", a.Kind, "peer", a.Peer, "service", a.Service, "value", a.Value, "average", a.Average)
			n.metrics.SpendingAlert(string(a.Kind))
		}),
	); err != nil {
		return fail(fmt.Errorf("node: %w", err))
	}
	if n.eng, err = engine.New(ctx, engine.Config{
		Signer: cfg.Identity.Signer(), Store: n.store, Deliverer: n, Logger: cfg.Logger,
		MaxBatch: wire.MaxItemsPerPayment, DeliverTimeout: cfg.Limits.RequestTimeout,
	}); err != nil {
		return fail(fmt.Errorf("node: %w", err))
	}
	if cfg.Chain.RPCURL != "" {
		if n.chain, err = settlement.Dial(ctx, settlement.ClientConfig{
			URL: cfg.Chain.RPCURL, ChainID: cfg.Chain.ChainID, Contract: cfg.Chain.Contract, Key: cfg.Identity.ECDSA(),
			PollInterval: cfg.Chain.PollInterval / 4, Logger: cfg.Logger,
		}); err != nil {
			return fail(fmt.Errorf("node: %w", err))
		}
	}
	if n.host, err = newHost(&n.cfg, n.bans); err != nil {
		return fail(fmt.Errorf("node: %w", err))
	}
	n.host.SetStreamHandler(wire.ProtocolID, n.handleStream)
	n.host.Network().Notify(&network.NotifyBundle{ConnectedF: func(_ network.Network, c network.Conn) {
		n.onConnected(c.RemotePeer(), c.RemoteMultiaddr())
	}})
	n.book.restore(ctx, n.host, n.partners())
	if !cfg.DisableOffers {
		if n.ps, err = pubsub.NewGossipSub(n.runCtx, n.host); err != nil {
			return fail(fmt.Errorf("node: gossipsub: %w", err))
		}
		if n.board, err = offers.New(n.ps, n.id, offers.Config{
			ChainID: cfg.Chain.ChainID, Contract: cfg.Chain.Contract, Logger: cfg.Logger,
			OnDrop: func(r offers.Reason) { n.metrics.OfferDropped(string(r)) },
		}); err != nil {
			return fail(fmt.Errorf("node: %w", err))
		}
	}
	if !cfg.DisableControl {
		if n.control, err = control.NewServer(n.ControlService(), control.ServerConfig{DataDir: cfg.DataDir, Addr: cfg.ControlAddr, Logger: cfg.Logger}); err != nil {
			return fail(fmt.Errorf("node: %w", err))
		}
		if err := n.control.Listen(); err != nil {
			return fail(fmt.Errorf("node: control API: %w", err))
		}
	}
	n.metrics.SetChannelPhases(func() map[string]int {
		out := map[string]int{}
		for _, ch := range n.eng.Channels() {
			out[ch.Phase.String()]++
		}
		return out
	})
	n.metrics.SetPeersConnected(func() int { return len(n.host.Network().Peers()) })
	n.log.Info("node started", "address", n.id.Address(), "peer", n.host.ID(), "addrs", n.host.Addrs(), "channels", len(n.eng.Channels()))
	return n, nil
}

// Run runs discovery, reconnects to channel partners and, with a chain,
// follows it and defends the node's channels, until ctx ends. It then
// closes the node.
func (n *Node) Run(ctx context.Context) error {
	defer n.Close()
	if !n.cfg.DisableMDNS {
		s, err := startMDNS(n)
		if err != nil {
			return err
		}
		n.mdns = s
	}
	for _, b := range n.cfg.Bootstrap {
		if _, err := n.Connect(ctx, b); err != nil {
			n.log.Warn("bootstrap peer", "addr", b, "err", err)
		}
	}
	var wg sync.WaitGroup
	run := func(name string, f func(context.Context) error) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := f(ctx); err != nil && ctx.Err() == nil {
				n.log.Error("node service stopped", "service", name, "err", err)
			}
		}()
	}
	learn, err := n.host.EventBus().Subscribe(new(event.EvtPeerIdentificationCompleted))
	if err != nil {
		return fmt.Errorf("node: subscribe to identify: %w", err)
	}
	run("identify", func(ctx context.Context) error { return n.learnListenAddrs(ctx, learn) })
	run("reconnect", n.reconnectLoop)
	if n.board != nil {
		run("offers", n.board.Run)
	}
	if n.control != nil {
		run("control", n.control.Run)
	}
	if n.cfg.MetricsAddr != "" {
		run("metrics", func(ctx context.Context) error { return n.metrics.ListenAndServe(ctx, n.cfg.MetricsAddr) })
	}
	if n.chain != nil {
		run("chain", n.runChain)
	}
	<-ctx.Done()
	wg.Wait()
	return nil
}

// Close stops the node: the host, the engine, the chain client, the store.
func (n *Node) Close() error {
	n.closeOnce.Do(func() {
		n.spawnMu.Lock()
		n.cancelRun()
		n.spawnMu.Unlock()
		var errs []error
		if n.mdns != nil {
			errs = append(errs, n.mdns.Close())
		}
		if n.board != nil {
			if err := n.board.Close(); !errors.Is(err, context.Canceled) {
				errs = append(errs, err) // cancelled: the board's context is ours
			}
		}
		if n.host != nil {
			errs = append(errs, n.host.Close())
		}
		n.wg.Wait()
		if n.eng != nil {
			n.eng.Close()
		}
		if n.chain != nil {
			n.chain.Close()
		}
		if n.store != nil {
			errs = append(errs, n.store.Close())
		}
		n.closeErr = errors.Join(errs...)
	})
	return n.closeErr
}

// Address is the node's on-chain account.
func (n *Node) Address() channels.Address { return n.id.Address() }

// PeerID is the node's libp2p identity.
func (n *Node) PeerID() peer.ID { return n.host.ID() }

// Addrs are the node's listen addresses with its peer ID, ready to dial.
func (n *Node) Addrs() []ma.Multiaddr {
	p2p, _ := ma.NewComponent("p2p", n.host.ID().String())
	out := make([]ma.Multiaddr, 0, len(n.host.Addrs()))
	for _, a := range n.host.Addrs() {
		out = append(out, a.Encapsulate(p2p.Multiaddr()))
	}
	return out
}

// Host is the node's libp2p host (for pubsub and tests).
func (n *Node) Host() host.Host { return n.host }

// Engine is the node's channel engine.
func (n *Node) Engine() *engine.Engine { return n.eng }

// Store is the node's channel store.
func (n *Node) Store() *store.Badger { return n.store }

// Identity is the node's key: its on-chain account and libp2p identity.
func (n *Node) Identity() *identity.Identity { return n.id }

// Offers is the node's service-offer board (nil with DisableOffers).
func (n *Node) Offers() *offers.Board { return n.board }

// Metrics are the node's Prometheus metrics.
func (n *Node) Metrics() *metrics.Metrics { return n.metrics }

// ControlServer is the node's control API server (nil with DisableControl).
func (n *Node) ControlServer() *control.Server { return n.control }

// Guard is the node's spending guard (policy refusals, alerts, usage).
func (n *Node) Guard() *policy.Guard { return n.guard }

// Stats are the node's counters.
func (n *Node) Stats() *Stats { return n.stats }

// Connect dials a peer given as a multiaddr with its /p2p/ ID.
func (n *Node) Connect(ctx context.Context, addr string) (peer.AddrInfo, error) {
	m, err := ma.NewMultiaddr(addr)
	if err != nil {
		return peer.AddrInfo{}, fmt.Errorf("connect %q: %w", addr, err)
	}
	pi, err := peer.AddrInfoFromP2pAddr(m)
	if err != nil {
		return peer.AddrInfo{}, fmt.Errorf("connect %q: %w", addr, err)
	}
	if err := n.host.Connect(ctx, *pi); err != nil {
		return *pi, fmt.Errorf("connect %s: %w", pi.ID, err)
	}
	return *pi, nil
}

// partners lists the partner addresses of the node's live channels.
func (n *Node) partners() map[channels.Address]bool {
	out := map[channels.Address]bool{}
	self := n.id.Address()
	for _, ch := range n.eng.Channels() {
		if ch.Phase == channels.PhaseSettled {
			continue
		}
		i, err := ch.Params.Index(self)
		if err != nil {
			continue
		}
		out[ch.Params.Participants[channels.Partner(i)]] = true
	}
	return out
}

// learnListenAddrs records the addresses peers listen on, as identify
// reports them, in the address book. What a connection shows is the
// remote end of the socket: for a peer that dialed us, an ephemeral port
// nothing listens on once that connection is gone.
func (n *Node) learnListenAddrs(ctx context.Context, sub event.Subscription) error {
	defer sub.Close()
	for {
		select {
		case <-ctx.Done():
			return nil
		case e, ok := <-sub.Out():
			if !ok {
				return nil
			}
			ev := e.(event.EvtPeerIdentificationCompleted)
			if len(ev.ListenAddrs) == 0 {
				continue
			}
			if a, err := identity.AddressOf(ev.Peer); err == nil {
				n.book.learn(ctx, a, ev.Peer, ev.ListenAddrs, nil)
			}
		}
	}
}

// onConnected learns the peer's address and syncs the channels we share.
func (n *Node) onConnected(p peer.ID, addr ma.Multiaddr) {
	a, err := identity.AddressOf(p)
	if err != nil {
		return
	}
	n.book.learn(n.runCtx, a, p, n.host.Peerstore().Addrs(p), addr)
	n.republishSoon()
	if !n.partners()[a] {
		return
	}
	// Every connect syncs, even if a sync on the last connection still
	// runs: that one may be about to fail with it.
	n.spawn(func() { n.syncInBackground(a) })
}

// syncSoon syncs with partner a in the background when a payment finds its
// channel still waiting to reconcile (the sync at connect failed): at most
// one such sync per partner at a time.
func (n *Node) syncSoon(a channels.Address) {
	if _, busy := n.syncing.LoadOrStore(a, true); busy {
		return
	}
	started := n.spawn(func() {
		defer n.syncing.Delete(a)
		n.syncInBackground(a)
	})
	if !started {
		n.syncing.Delete(a)
	}
}

func (n *Node) syncInBackground(a channels.Address) {
	ctx, cancel := context.WithTimeout(n.runCtx, n.cfg.Limits.RequestTimeout)
	defer cancel()
	if err := n.Sync(ctx, a); err != nil && n.runCtx.Err() == nil {
		n.log.Warn("sync with partner", "partner", a, "err", err)
	}
}

// spawn runs f on a goroutine that Close waits for, unless the node is
// closing: a caller outside the node's own goroutines (a payment) must
// not add to the wait group once Close waits on it.
func (n *Node) spawn(f func()) bool {
	n.spawnMu.Lock()
	defer n.spawnMu.Unlock()
	if n.runCtx.Err() != nil {
		return false
	}
	n.wg.Add(1)
	go func() {
		defer n.wg.Done()
		f()
	}()
	return true
}

// republishSoon republishes our offers once the pubsub mesh has had a
// moment to include a new peer (one heartbeat), so buyers that just
// connected learn them without waiting for the periodic republish.
func (n *Node) republishSoon() {
	if n.board == nil || !n.republishPending.CompareAndSwap(false, true) {
		return
	}
	time.AfterFunc(1500*time.Millisecond, func() {
		n.republishPending.Store(false)
		if n.runCtx.Err() == nil {
			n.board.Republish(n.runCtx)
		}
	})
}

// sessionTo returns our live outbound session to the peer with address
// a, dialing and greeting it if needed.
func (n *Node) sessionTo(ctx context.Context, a channels.Address) (*session, error) {
	p, ok := n.book.peer(a)
	if !ok {
		return nil, fmt.Errorf("%w: %s", ErrUnknownPeer, a)
	}
	n.mu.Lock()
	if s := n.sessions[p]; s != nil && !s.closed() {
		n.mu.Unlock()
		return s, nil
	}
	dl := n.dialing[p]
	if dl == nil {
		dl = new(sync.Mutex)
		n.dialing[p] = dl
	}
	n.mu.Unlock()
	dl.Lock()
	defer dl.Unlock()
	n.mu.Lock()
	if s := n.sessions[p]; s != nil && !s.closed() {
		n.mu.Unlock()
		return s, nil
	}
	n.mu.Unlock()

	s, err := n.openSession(ctx, p)
	if err != nil {
		return nil, err
	}
	n.mu.Lock()
	n.sessions[p] = s
	n.mu.Unlock()
	return s, nil
}

func (n *Node) openSession(ctx context.Context, p peer.ID) (*session, error) {
	st, err := n.host.NewStream(ctx, p, wire.ProtocolID)
	if errors.Is(err, swarm.ErrDialBackoff) {
		// A dial that failed moments ago (the peer was restarting, an
		// mDNS address that did not answer) holds back new ones for
		// seconds; a channel operation asks now.
		if sw, ok := n.host.Network().(*swarm.Swarm); ok {
			sw.Backoff().Clear(p)
			st, err = n.host.NewStream(ctx, p, wire.ProtocolID)
		}
	}
	if err != nil {
		return nil, fmt.Errorf("open stream to %s: %w", p, err)
	}
	w := wire.NewWriter(st)
	r := wire.NewReader(st, n.cfg.Limits.MaxMessageSize)
	fail := func(err error) (*session, error) {
		_ = st.Reset()
		return nil, fmt.Errorf("greet %s: %w", p, err)
	}
	if err := w.WriteFlush(&pb.Envelope{Body: &pb.Envelope_Hello{Hello: wire.EncodeHello(n.hello())}}); err != nil {
		return fail(err)
	}
	if dl, ok := ctx.Deadline(); ok {
		_ = st.SetReadDeadline(dl)
	}
	env := new(pb.Envelope)
	if err := r.Read(env); err != nil {
		return fail(err)
	}
	_ = st.SetReadDeadline(time.Time{})
	if e := env.GetError(); e != nil {
		return fail(wire.DecodeError(e))
	}
	if err := n.checkHello(env, p); err != nil {
		return fail(err)
	}
	s := newSession(p, st, n.cfg.Limits.Window, n.cfg.Limits.RequestTimeout)
	go s.readLoop(r)
	return s, nil
}

func (n *Node) hello() wire.Hello {
	return wire.Hello{Version: wire.Version, ChainID: n.cfg.Chain.ChainID, Contract: n.cfg.Chain.Contract, Address: n.id.Address()}
}

// checkHello checks a peer's greeting: same protocol version, chain and
// contract, and the address its peer ID proves.
func (n *Node) checkHello(env *pb.Envelope, p peer.ID) error {
	hp := env.GetHello()
	if hp == nil {
		return fmt.Errorf("%w: want hello", ErrUnexpectedMessage)
	}
	h, err := wire.DecodeHello(hp)
	if err != nil {
		return err
	}
	want, err := identity.AddressOf(p)
	if err != nil {
		return err
	}
	switch {
	case h.Version != wire.Version:
		return fmt.Errorf("%w: version %d, we speak %d", wire.ErrUnsupportedVersion, h.Version, wire.Version)
	case h.ChainID != n.cfg.Chain.ChainID:
		return fmt.Errorf("%w: peer on chain %d, we are on %d", channels.ErrWrongChain, h.ChainID, n.cfg.Chain.ChainID)
	case h.Contract != n.cfg.Chain.Contract:
		return fmt.Errorf("%w: peer uses %s, we use %s", channels.ErrWrongContract, h.Contract, n.cfg.Chain.Contract)
	case h.Address != want:
		return fmt.Errorf("%w: peer %s claims %s, its key is %s", engine.ErrWrongPeer, p, h.Address, want)
	}
	return nil
}

var _ engine.Pipeliner = (*Node)(nil)

// Send writes a signed proof to the channel's partner and returns the wait
// for its acknowledgement, so the engine can keep several proofs of a
// channel in flight; it implements engine.Pipeliner.
func (n *Node) Send(ctx context.Context, d engine.Delivery) (func() (engine.Ack, error), error) {
	partner, err := n.partnerOf(d.Proof.Proof.ChannelID)
	if err != nil {
		return nil, err
	}
	s, err := n.sessionTo(ctx, partner)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrPartnerUnavailable, err)
	}
	wait, err := s.send(ctx, &pb.Envelope{Body: &pb.Envelope_Payment{Payment: wire.EncodePayment(d)}})
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrPartnerUnavailable, err)
	}
	return func() (engine.Ack, error) {
		resp, err := wait()
		var remote *wire.RemoteError
		if err != nil && !errors.As(err, &remote) {
			return engine.Ack{}, fmt.Errorf("%w: %w", ErrPartnerUnavailable, err)
		}
		if err != nil {
			return engine.Ack{}, err
		}
		a := resp.GetAck()
		if a == nil {
			return engine.Ack{}, fmt.Errorf("%w: want ack", ErrUnexpectedMessage)
		}
		return wire.DecodeAck(a)
	}, nil
}

// Deliver sends a signed proof to the channel's partner and waits for its
// acknowledgement; it implements engine.Deliverer.
func (n *Node) Deliver(ctx context.Context, d engine.Delivery) (engine.Ack, error) {
	resp, err := n.askPartner(ctx, d.Proof.Proof.ChannelID, &pb.Envelope{Body: &pb.Envelope_Payment{Payment: wire.EncodePayment(d)}})
	if err != nil {
		return engine.Ack{}, err
	}
	a := resp.GetAck()
	if a == nil {
		return engine.Ack{}, fmt.Errorf("%w: want ack", ErrUnexpectedMessage)
	}
	return wire.DecodeAck(a)
}

func (n *Node) partnerOf(id channels.ChannelID) (channels.Address, error) {
	ch, err := n.eng.Channel(id)
	if err != nil {
		return channels.Address{}, err
	}
	i, err := ch.Params.Index(n.id.Address())
	if err != nil {
		return channels.Address{}, err
	}
	return ch.Params.Participants[channels.Partner(i)], nil
}

// Sync exchanges the latest proofs of every channel shared with the peer
// at address a and repairs from the answer (see engine.Reconcile).
func (n *Node) Sync(ctx context.Context, a channels.Address) error {
	s, err := n.sessionTo(ctx, a)
	if err != nil {
		return err
	}
	shared := n.channelsWith(a)
	var errs []error
	for len(shared) > 0 {
		chunk := shared[:min(len(shared), syncChunk)]
		shared = shared[len(chunk):]
		req := &pb.SyncRequest{}
		for _, ch := range chunk {
			req.Channels = append(req.Channels, n.channelProofs(ctx, &ch))
		}
		resp, err := s.request(ctx, &pb.Envelope{Body: &pb.Envelope_SyncRequest{SyncRequest: req}})
		if err != nil {
			return fmt.Errorf("sync with %s: %w", a, err)
		}
		reply := resp.GetSyncReply()
		if reply == nil {
			return fmt.Errorf("sync with %s: %w: want sync reply", a, ErrUnexpectedMessage)
		}
		list, err := wire.DecodeSync(reply.GetChannels(), n.cfg.Chain.ChainID, n.cfg.Chain.Contract)
		if err != nil {
			return fmt.Errorf("sync with %s: %w", a, err)
		}
		errs = append(errs, n.reconcile(ctx, a, list))
	}
	return errors.Join(errs...)
}

// syncChunk is how many channels one SyncRequest lists: at most 5 messages
// and some 500 bytes each, so a request and its reply stay well inside a
// frame (wire.DefaultMaxMessageSize) whatever the number of channels.
const syncChunk = 256

// reconcile repairs each channel of list (DecodeSync's) from what the
// partner at from holds of it.
func (n *Node) reconcile(ctx context.Context, from channels.Address, list []wire.ChannelProofs) error {
	var errs []error
	for _, cp := range list {
		id := cp.ChannelID
		// Proofs taken but not yet acknowledged are not what the sync
		// brings: their own settle reports them, with their items.
		before, _ := n.eng.DurableChannel(ctx, id)
		err := n.eng.Reconcile(ctx, from, id, cp.Sent, cp.Received)
		n.notifyReconciled(before)
		if cw := cp.PartnerWithdraw; cw != nil && err == nil {
			n.adoptWithdraw(from, *cw)
		}
		if err != nil {
			if errors.Is(err, engine.ErrUnknownChannel) {
				// Usually a channel the partner just opened that our chain
				// watcher has not seen yet; the next sync covers it.
				n.log.Debug("sync of a channel we do not know (yet)", "channel", id, "partner", from)
				continue
			}
			if errors.Is(err, engine.ErrConflict) {
				n.stats.reject(pb.ErrorCode_ERROR_CODE_CONFLICT)
				n.log.Error("partner's proofs conflict with ours", "channel", id, "partner", from, "err", err)
			}
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// adoptWithdraw counts our withdraw the partner co-signed if we missed its
// answer (see engine.AdoptWithdraw). That waits for the channel's locks,
// which a withdraw or settle of ours holds while it waits for the partner,
// maybe behind the sync that brought cw: so it runs off the sync's path.
func (n *Node) adoptWithdraw(from channels.Address, cw channels.CoSignedWithdraw) {
	// Every sync after a withdraw brings the partner's copy, nothing new
	// as a rule: no goroutine for that. Anything else, including a copy
	// that is not ours, goes to the engine, which checks and counts it.
	if ch, err := n.eng.Channel(cw.Withdraw.ChannelID); err == nil && cw.Withdraw.Participant == n.Address() {
		if self, err := ch.Params.Index(n.Address()); err == nil && !cw.Withdraw.TotalWithdraw.Gt(&ch.Withdrawn[self]) {
			return
		}
	}
	n.spawn(func() {
		ctx, cancel := context.WithTimeout(n.runCtx, n.cfg.Limits.RequestTimeout)
		defer cancel()
		adopted, err := n.eng.AdoptWithdraw(ctx, from, cw)
		switch {
		case adopted:
			n.log.Info("counted our withdraw the partner co-signed, whose answer we missed", "channel", cw.Withdraw.ChannelID, "total", &cw.Withdraw.TotalWithdraw)
		case err != nil && n.runCtx.Err() == nil:
			n.stats.reject(wire.CodeOf(err))
			n.log.Warn("partner's copy of our withdraw", "channel", cw.Withdraw.ChannelID, "partner", from, "err", err)
		}
	})
}

func (n *Node) channelsWith(a channels.Address) []channels.Channel {
	var out []channels.Channel
	for _, ch := range n.eng.Channels() {
		if _, err := ch.Params.Index(a); err == nil && ch.Phase != channels.PhaseSettled {
			out = append(out, ch)
		}
	}
	return out
}

func (n *Node) channelProofs(ctx context.Context, ch *channels.Channel) *pb.ChannelProofs {
	self, _ := ch.Params.Index(n.id.Address())
	partner := channels.Partner(self)
	cp := wire.ChannelProofs{ChannelID: ch.ID, Sent: ch.Proofs[self], Received: ch.Proofs[partner]}
	if !ch.Withdrawn[partner].IsZero() {
		// The partner's withdraw we co-signed, in case our answer never
		// reached it (see engine.AdoptWithdraw).
		cw, err := n.store.Withdraw(ctx, ch.ID, ch.Params.Participants[partner])
		switch {
		case err == nil:
			cp.PartnerWithdraw = &cw
		case !errors.Is(err, store.ErrNotFound):
			n.log.Warn("sync: read the partner's withdraw", "channel", ch.ID, "err", err)
		}
	}
	return wire.EncodeChannelProofs(cp)
}
