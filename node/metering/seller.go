package metering

import (
	"context"
	"crypto/ecdsa"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/holiman/uint256"
	cryptopb "github.com/libp2p/go-libp2p/core/crypto/pb"
	"github.com/libp2p/go-libp2p/core/network"

	"github.com/meshpay/meshpay/channels"
	"github.com/meshpay/meshpay/node"
	"github.com/meshpay/meshpay/node/identity"
	"github.com/meshpay/meshpay/node/offers"
)

// Defaults of SellerConfig and Listing.
const (
	DefaultMaxSessions  = 64
	DefaultMaxPerBuyer  = 4
	DefaultGrace        = 2 * time.Second
	DefaultStartTimeout = 10 * time.Second
	DefaultTTL          = time.Hour
	DefaultCreditUnits  = 2
)

// linger is how long a finished session still takes late payments into
// its receipt.
const linger = time.Minute

// refreshEvery is how often Run checks whether an offer needs
// republishing with a later expiry.
const refreshEvery = 5 * time.Second

// SellerConfig configures a Seller; every field has a default.
type SellerConfig struct {
	// Logger gets session starts and ends at Info, refusals and
	// misbehaving buyers at Debug (DiscardHandler).
	Logger *slog.Logger
	// MaxSessions bounds the sessions served at once
	// (DefaultMaxSessions), MaxPerBuyer those of one buyer
	// (DefaultMaxPerBuyer); more are refused.
	MaxSessions int
	MaxPerBuyer int
	// Grace is how long the seller waits, once the service stopped, for
	// payment to catch up before it sends the final record
	// (DefaultGrace).
	Grace time.Duration
	// StartTimeout is how long a buyer has to send Start once it opened
	// a stream (DefaultStartTimeout).
	StartTimeout time.Duration
	// MaxReceipts is how many receipts are kept (DefaultMaxReceipts).
	MaxReceipts int
}

func (c *SellerConfig) setDefaults() error {
	if c.MaxSessions < 0 || c.MaxPerBuyer < 0 || c.Grace < 0 || c.StartTimeout < 0 || c.MaxReceipts < 0 {
		return fmt.Errorf("%w: negative seller setting", ErrInvalidConfig)
	}
	if c.Logger == nil {
		c.Logger = slog.New(slog.DiscardHandler)
	}
	if c.MaxSessions == 0 {
		c.MaxSessions = DefaultMaxSessions
	}
	if c.MaxPerBuyer == 0 {
		c.MaxPerBuyer = DefaultMaxPerBuyer
	}
	if c.Grace == 0 {
		c.Grace = DefaultGrace
	}
	if c.StartTimeout == 0 {
		c.StartTimeout = DefaultStartTimeout
	}
	return nil
}

// Listing is a service a Seller sells: the offer it publishes, its credit
// window and the device's meter.
type Listing struct {
	// Service, Unit, PricePerUnit, Token and Description are the offer's
	// (see offers.Offer for their bounds).
	Service      string
	Unit         string
	PricePerUnit uint256.Int
	Token        common.Address
	Description  string
	// CreditUnits or CreditAmount (set at most one) is how far payment
	// may lag behind the amount due before the service stops: the seller
	// delivers on credit up to it. Neither set: DefaultCreditUnits.
	CreditUnits  uint64
	CreditAmount uint256.Int
	// TTL is how long a published offer lives (DefaultTTL); Run
	// republishes it with a later expiry when half of it has passed.
	TTL time.Duration
	// Meter delivers and meters the service, one Serve call per session.
	Meter Meter
}

// listing is a Listing being sold.
type listing struct {
	l       Listing
	window  uint256.Int
	expires time.Time
}

func newListing(l Listing) (*listing, error) {
	if l.Meter == nil {
		return nil, fmt.Errorf("%w: listing %q has no meter", ErrInvalidConfig, l.Service)
	}
	if l.CreditUnits > 0 && !l.CreditAmount.IsZero() {
		return nil, fmt.Errorf("%w: listing %q sets both CreditUnits and CreditAmount", ErrInvalidConfig, l.Service)
	}
	if l.TTL < 0 {
		return nil, fmt.Errorf("%w: listing %q has a negative TTL", ErrInvalidConfig, l.Service)
	}
	if l.TTL == 0 {
		l.TTL = DefaultTTL
	}
	out := &listing{l: l, window: l.CreditAmount}
	if l.CreditAmount.IsZero() {
		units := l.CreditUnits
		if units == 0 {
			units = DefaultCreditUnits
		}
		if _, o := out.window.MulOverflow(&l.PricePerUnit, uint256.NewInt(units)); o {
			return nil, fmt.Errorf("%w: listing %q: credit window overflows", ErrInvalidConfig, l.Service)
		}
	}
	return out, nil
}

// Seller sells metered services from a node: it publishes Listings as
// offers and serves sessions on ProtocolID while Run runs. Use one Seller
// per node. Its methods are safe for concurrent use.
type Seller struct {
	n        *node.Node
	cfg      SellerConfig
	log      *slog.Logger
	key      *ecdsa.PrivateKey
	receipts *receiptLog
	incoming chan network.Stream
	// pubMu serialises publishing and withdrawing offers, so a refresh
	// does not republish a withdrawn offer. It is never taken under mu.
	pubMu sync.Mutex

	mu       sync.Mutex
	running  bool
	listings map[string]*listing // by service
	// sessions holds the live sessions and, for linger, finished ones.
	sessions map[SessionID]*SellSession
	live     int
	// watches follow the payments on channels that carried sessions.
	watches map[channels.ChannelID]*chanWatch
}

// NewSeller returns a Seller for n, loading its kept receipts. It watches
// n's received payments from now on (node.OnReceived); sessions are served
// while Run runs.
func NewSeller(ctx context.Context, n *node.Node, cfg SellerConfig) (*Seller, error) {
	if err := cfg.setDefaults(); err != nil {
		return nil, err
	}
	key, err := nodeKey(n)
	if err != nil {
		return nil, err
	}
	s := &Seller{
		n: n, cfg: cfg, log: cfg.Logger.With("component", "metering-seller"), key: key,
		receipts: newReceiptLog(n.Store(), "metering/seller/", cfg.MaxReceipts),
		incoming: make(chan network.Stream, 16),
		listings: map[string]*listing{},
		sessions: map[SessionID]*SellSession{},
		watches:  map[channels.ChannelID]*chanWatch{},
	}
	if err := s.receipts.load(ctx); err != nil {
		return nil, err
	}
	n.OnReceived(s.onReceived)
	n.AddSessionSource(s)
	return s, nil
}

// nodeKey is the node's secp256k1 key, which signs usage records: the
// libp2p host holds it as its identity key.
func nodeKey(n *node.Node) (*ecdsa.PrivateKey, error) {
	priv := n.Host().Peerstore().PrivKey(n.PeerID())
	if priv == nil || priv.Type() != cryptopb.KeyType_Secp256k1 {
		return nil, fmt.Errorf("%w: the node's host has no secp256k1 key", ErrInvalidConfig)
	}
	raw, err := priv.Raw()
	if err != nil {
		return nil, fmt.Errorf("metering: node key: %w", err)
	}
	key, err := crypto.ToECDSA(raw)
	if err != nil {
		return nil, fmt.Errorf("metering: node key: %w", err)
	}
	if crypto.PubkeyToAddress(key.PublicKey) != n.Address() {
		return nil, fmt.Errorf("%w: the host key is not the node's address", ErrInvalidConfig)
	}
	return key, nil
}

// Sell starts selling l: it publishes its offer on the node's board (when
// the node has one) and serves sessions for l.Service from then on. A
// second Sell of the same service replaces the listing; sessions already
// running keep the price they started at. It returns the offer as
// published.
func (s *Seller) Sell(ctx context.Context, l Listing) (offers.Offer, error) {
	lst, err := newListing(l)
	if err != nil {
		return offers.Offer{}, err
	}
	o := s.offerOf(lst, time.Now())
	if err := o.Validate(); err != nil {
		return offers.Offer{}, fmt.Errorf("%w: %w", ErrInvalidConfig, err)
	}
	s.pubMu.Lock()
	defer s.pubMu.Unlock()
	s.mu.Lock()
	s.listings[l.Service] = lst
	s.mu.Unlock()
	return s.publish(ctx, lst, o)
}

// Withdraw stops selling service: new sessions are refused and its offer
// is no longer published (peers keep it until it expires). Sessions
// already running go on. It reports whether service was listed.
func (s *Seller) Withdraw(service string) bool {
	s.pubMu.Lock()
	defer s.pubMu.Unlock()
	s.mu.Lock()
	_, ok := s.listings[service]
	delete(s.listings, service)
	s.mu.Unlock()
	if b := s.n.Offers(); b != nil {
		b.Withdraw(service)
	}
	return ok
}

// offerOf is the offer of lst, expiring TTL after now.
func (s *Seller) offerOf(lst *listing, now time.Time) offers.Offer {
	l := &lst.l
	o := offers.Offer{
		Service: l.Service, Unit: l.Unit, PricePerUnit: l.PricePerUnit, Token: l.Token, Description: l.Description,
		Seller: s.n.Address(), PeerID: s.n.PeerID(), Expiry: uint64(now.Add(l.TTL).Unix()),
	}
	for _, a := range s.n.Host().Addrs() {
		if len(o.Addrs) == offers.MaxAddrs {
			break
		}
		if len(a.Bytes()) <= offers.MaxAddrLen {
			o.Addrs = append(o.Addrs, a)
		}
	}
	return o
}

func (s *Seller) publish(ctx context.Context, lst *listing, o offers.Offer) (offers.Offer, error) {
	b := s.n.Offers()
	if b == nil {
		return o, nil
	}
	pub, err := b.Publish(ctx, o)
	if err != nil {
		return offers.Offer{}, fmt.Errorf("metering: sell %q: %w", lst.l.Service, err)
	}
	s.mu.Lock()
	lst.expires = pub.ExpiresAt()
	s.mu.Unlock()
	return pub, nil
}

// refresh republishes the offers that have less than half their TTL left.
func (s *Seller) refresh(ctx context.Context) {
	s.pubMu.Lock()
	defer s.pubMu.Unlock()
	now := time.Now()
	var due []*listing
	s.mu.Lock()
	for _, lst := range s.listings {
		if lst.expires.Sub(now) < lst.l.TTL/2 {
			due = append(due, lst)
		}
	}
	s.mu.Unlock()
	for _, lst := range due {
		if _, err := s.publish(ctx, lst, s.offerOf(lst, now)); err != nil && ctx.Err() == nil {
			s.log.Warn("offer refresh failed", "service", lst.l.Service, "err", err)
		}
	}
}

// Run serves sessions and keeps the offers fresh until ctx ends; it then
// ends the running sessions (ReasonSellerEnded) and returns once they
// have sent their final records.
func (s *Seller) Run(ctx context.Context) error {
	s.mu.Lock()
	if s.running {
		s.mu.Unlock()
		return ErrRunning
	}
	s.running = true
	s.mu.Unlock()
	host := s.n.Host()
	host.SetStreamHandler(ProtocolID, s.handleStream)

	var wg sync.WaitGroup
	t := time.NewTicker(refreshEvery)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			host.RemoveStreamHandler(ProtocolID)
			s.mu.Lock()
			s.running = false
			s.mu.Unlock()
			for len(s.incoming) > 0 {
				_ = (<-s.incoming).Reset()
			}
			wg.Wait()
			return nil
		case st := <-s.incoming:
			wg.Add(1)
			go func() {
				defer wg.Done()
				s.serve(ctx, st)
			}()
		case <-t.C:
			s.refresh(ctx)
		}
	}
}

// handleStream hands a new stream to Run.
func (s *Seller) handleStream(st network.Stream) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.running {
		_ = st.Reset()
		return
	}
	select {
	case s.incoming <- st:
	default:
		s.log.Debug("session stream refused: backlog full", "peer", st.Conn().RemotePeer())
		_ = st.Reset()
	}
}

// serve runs one session stream: Start, Accept or refusal, the session.
func (s *Seller) serve(ctx context.Context, st network.Stream) {
	p := st.Conn().RemotePeer()
	log := s.log.With("peer", p)
	buyer, err := identity.AddressOf(p)
	if err != nil {
		log.Debug("session from a peer without an address", "err", err)
		_ = st.Reset()
		return
	}
	r, w := newReader(st), newWriter(st)
	_ = st.SetReadDeadline(time.Now().Add(s.cfg.StartTimeout))
	m, err := r.read()
	_ = st.SetReadDeadline(time.Time{})
	if err != nil {
		log.Debug("session start not read", "err", err)
		_ = st.Reset()
		return
	}
	sm := m.GetStart()
	if sm == nil {
		log.Debug("session stream did not open with Start")
		_ = st.Reset()
		return
	}
	req, err := decodeStart(sm)
	var sess *SellSession
	if err == nil {
		sess, err = s.admit(buyer, &req)
	}
	if err != nil {
		log.Debug("session refused", "buyer", buyer, "err", err)
		_ = w.write(stopMsg(ReasonRefused, strings.TrimPrefix(err.Error(), ErrRefused.Error()+": ")))
		_ = st.Close()
		return
	}
	if err := w.write(acceptMsg(sess.info.ID, &sess.info.CreditWindow)); err != nil {
		log.Debug("session accept not sent", "session", sess.info.ID, "err", err)
		s.forget(sess, false)
		_ = st.Reset()
		return
	}
	log.Info("session started", "session", sess.info.ID, "buyer", buyer, "service", req.Service, "channel", req.ChannelID)
	sess.run(ctx, st, r, w)
}

// admit checks a Start against the listings and the channel and registers
// the session.
func (s *Seller) admit(buyer channels.Address, req *start) (*SellSession, error) {
	ch, err := s.n.Engine().Channel(req.ChannelID)
	if err != nil {
		return nil, fmt.Errorf("%w: channel %s: %w", ErrRefused, req.ChannelID, err)
	}
	self, err := ch.Params.Index(s.n.Address())
	if err != nil || ch.Params.Participants[channels.Partner(self)] != buyer {
		return nil, fmt.Errorf("%w: channel %s is not between us and %s", ErrRefused, req.ChannelID, buyer)
	}
	if ch.Phase != channels.PhaseOpen {
		return nil, fmt.Errorf("%w: channel %s is %s", ErrRefused, req.ChannelID, ch.Phase)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	lst := s.listings[req.Service]
	switch {
	case lst == nil:
		return nil, fmt.Errorf("%w: %q is not for sale", ErrRefused, req.Service)
	case req.Unit != lst.l.Unit:
		return nil, fmt.Errorf("%w: unit is %q", ErrRefused, lst.l.Unit)
	case req.PricePerUnit != lst.l.PricePerUnit:
		return nil, fmt.Errorf("%w: price is %s", ErrRefused, lst.l.PricePerUnit.Dec())
	case req.Token != lst.l.Token || ch.Params.Token != lst.l.Token:
		return nil, fmt.Errorf("%w: token is %s", ErrRefused, lst.l.Token)
	case s.live >= s.cfg.MaxSessions:
		return nil, fmt.Errorf("%w: busy (%d sessions)", ErrRefused, s.live)
	case s.sessions[req.ID] != nil || s.receipts.has(req.ID):
		return nil, fmt.Errorf("%w: session %s exists", ErrRefused, req.ID)
	case s.liveOfLocked(buyer) >= s.cfg.MaxPerBuyer:
		return nil, fmt.Errorf("%w: %d sessions with %s", ErrRefused, s.cfg.MaxPerBuyer, buyer)
	}
	limit, ok := limitUnits(req.MaxUnits, &req.MaxAmount, &lst.l.PricePerUnit)
	if !ok {
		return nil, fmt.Errorf("%w: max amount %s buys no unit", ErrRefused, req.MaxAmount.Dec())
	}
	if s.watches[ch.ID] == nil {
		partner := &ch.Proofs[channels.Partner(self)].Proof
		s.watches[ch.ID] = &chanWatch{nonce: partner.Nonce, transferred: partner.TransferredAmount}
	}
	sess := &SellSession{
		seller: s, meter: lst.l.Meter, limit: limit, changed: make(chan struct{}),
		info: SessionInfo{
			ID: req.ID, Service: req.Service, Unit: req.Unit, PricePerUnit: req.PricePerUnit, Token: req.Token,
			ChannelID: req.ChannelID, Seller: s.n.Address(), Buyer: buyer, MaxUnits: req.MaxUnits, MaxAmount: req.MaxAmount,
			CreditWindow: lst.window, Started: time.Now(),
		},
	}
	s.sessions[req.ID] = sess
	s.live++
	return sess, nil
}

// liveOfLocked counts the live sessions of buyer.
func (s *Seller) liveOfLocked(buyer channels.Address) int {
	n := 0
	for _, sess := range s.sessions {
		if sess.info.Buyer == buyer && !sess.isFinished() {
			n++
		}
	}
	return n
}

// forget drops a session: at once, or after linger when it finished
// (late payments still count into its receipt until then).
func (s *Seller) forget(sess *SellSession, finished bool) {
	s.mu.Lock()
	s.live--
	if !finished {
		delete(s.sessions, sess.info.ID)
	}
	s.mu.Unlock()
	if finished {
		time.AfterFunc(linger, func() {
			s.mu.Lock()
			delete(s.sessions, sess.info.ID)
			s.mu.Unlock()
		})
	}
}

// Receipts returns the kept receipts of finished sessions, oldest first.
func (s *Seller) Receipts() []Receipt { return s.receipts.list() }

// Sessions returns the sessions being served.
func (s *Seller) Sessions() []*SellSession {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]*SellSession, 0, s.live)
	for _, sess := range s.sessions {
		if !sess.isFinished() {
			out = append(out, sess)
		}
	}
	return out
}

// onReceived credits the payments of an acknowledged proof to the
// sessions their references name.
func (s *Seller) onReceived(r node.Received) {
	type credit struct {
		sess   *SellSession
		amount uint256.Int
	}
	var credits []credit
	s.mu.Lock()
	if w := s.watches[r.ChannelID]; w != nil {
		for _, a := range w.attribute(&r) {
			sess := s.sessions[a.session]
			if sess == nil || sess.info.ChannelID != r.ChannelID || sess.info.Buyer != r.From {
				continue
			}
			credits = append(credits, credit{sess, a.amount})
		}
	}
	s.mu.Unlock()
	for i := range credits {
		credits[i].sess.credit(&credits[i].amount, r.Nonce)
	}
}

// chanWatch is how far the seller has counted a channel's incoming
// payments: the partner's latest proof it has seen.
type chanWatch struct {
	nonce       uint64
	transferred uint256.Int
}

// attribution is an amount a payment reference assigns to a session.
type attribution struct {
	session SessionID
	amount  uint256.Int
}

// attribute advances w to the proof r and returns what r's new payments
// assign to sessions. A proof at or below the nonce seen is a repeat (or
// arrived late) and counts nothing. A payment counts only if the proof
// that first carried it is new, and only within the rise of the
// cumulative transfer since the proof seen: payments are taken in order
// and each takes what is left of the rise, so an itemisation cannot claim
// money the channel did not receive, and payments for anything else on
// the channel take their share before a later session item does.
func (w *chanWatch) attribute(r *node.Received) []attribution {
	if r.Nonce <= w.nonce {
		return nil
	}
	prev := w.nonce
	var rise uint256.Int
	if !r.Transferred.Lt(&w.transferred) {
		rise.Sub(&r.Transferred, &w.transferred)
	}
	w.nonce, w.transferred = r.Nonce, r.Transferred
	var out []attribution
	for i := range r.Payments {
		p := &r.Payments[i]
		first := p.Nonce
		if first == 0 {
			first = r.Nonce
		}
		if first <= prev || rise.IsZero() {
			continue
		}
		amount := p.Amount
		if amount.Gt(&rise) {
			amount = rise
		}
		rise.Sub(&rise, &amount)
		if id, ok := parseReference(p.Reference); ok && !amount.IsZero() {
			out = append(out, attribution{session: id, amount: amount})
		}
	}
	return out
}
