package metering

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/holiman/uint256"
	"github.com/libp2p/go-libp2p/core/network"

	"github.com/meshpay/meshpay/channels"
	"github.com/meshpay/meshpay/node"
	"github.com/meshpay/meshpay/node/identity"
	"github.com/meshpay/meshpay/node/metering/pb"
	"github.com/meshpay/meshpay/node/offers"
)

// Defaults of BuyerConfig.
const (
	DefaultEndTimeout = 10 * time.Second
	DefaultPayTimeout = 30 * time.Second
)

// offerAddrTTL is how long the buyer's peerstore keeps an offer's
// addresses.
const offerAddrTTL = 10 * time.Minute

// BuyerConfig configures a Buyer; every field has a default.
type BuyerConfig struct {
	// Logger gets session starts and ends at Info, refused records at
	// Warn (DiscardHandler).
	Logger *slog.Logger
	// StartTimeout bounds the wait for the seller's answer to Start
	// (DefaultStartTimeout).
	StartTimeout time.Duration
	// EndTimeout bounds the wait for the seller's final record once the
	// session is ending (DefaultEndTimeout).
	EndTimeout time.Duration
	// PayTimeout bounds one payment (DefaultPayTimeout).
	PayTimeout time.Duration
	// MaxReceipts is how many receipts are kept (DefaultMaxReceipts).
	MaxReceipts int
}

func (c *BuyerConfig) setDefaults() error {
	if c.StartTimeout < 0 || c.EndTimeout < 0 || c.PayTimeout < 0 || c.MaxReceipts < 0 {
		return fmt.Errorf("%w: negative buyer setting", ErrInvalidConfig)
	}
	if c.Logger == nil {
		c.Logger = slog.New(slog.DiscardHandler)
	}
	if c.StartTimeout == 0 {
		c.StartTimeout = DefaultStartTimeout
	}
	if c.EndTimeout == 0 {
		c.EndTimeout = DefaultEndTimeout
	}
	if c.PayTimeout == 0 {
		c.PayTimeout = DefaultPayTimeout
	}
	return nil
}

// Buyer buys metered services for a node. Its methods are safe for
// concurrent use.
type Buyer struct {
	n        *node.Node
	cfg      BuyerConfig
	log      *slog.Logger
	receipts *receiptLog
	mu       sync.Mutex
	// live are the sessions that have not ended yet.
	live map[SessionID]*BuySession
	// payCap, when above zero, caps the units any session pays for (a
	// test hook: a buyer that stops paying but keeps the session open).
	payCap atomic.Uint64
}

// NewBuyer returns a Buyer for n, loading its kept receipts.
func NewBuyer(ctx context.Context, n *node.Node, cfg BuyerConfig) (*Buyer, error) {
	if err := cfg.setDefaults(); err != nil {
		return nil, err
	}
	b := &Buyer{
		n: n, cfg: cfg, log: cfg.Logger.With("component", "metering-buyer"),
		receipts: newReceiptLog(n.Store(), "metering/buyer/", cfg.MaxReceipts),
		live:     map[SessionID]*BuySession{},
	}
	if err := b.receipts.load(ctx); err != nil {
		return nil, err
	}
	n.AddSessionSource(b)
	return b, nil
}

// Receipts returns the kept receipts of finished sessions, oldest first.
func (b *Buyer) Receipts() []Receipt { return b.receipts.list() }

// Buy starts a session on offer within lim and returns once the seller
// accepted it; the session then pays for the usage the seller reports
// until it ends: at lim, on End, when the seller stops, or when ctx ends
// (the buyer then asks the seller to stop and waits up to EndTimeout for
// its final record). A ctx that ends while the seller is answering still
// gets the answer, for up to EndTimeout: an accepted session is returned,
// and ends at once, so that both sides keep its receipt. Errors:
// ErrInvalidOffer, ErrPriceTooHigh, ErrInvalidConfig (limits that buy no
// unit), ErrNoChannel, ErrRefused, or the stream's.
func (b *Buyer) Buy(ctx context.Context, offer offers.Offer, lim Limits) (*BuySession, error) {
	if err := offer.Validate(); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrInvalidOffer, err)
	}
	if !offer.Live(time.Now()) {
		return nil, fmt.Errorf("%w: expired at %s", ErrInvalidOffer, offer.ExpiresAt())
	}
	seller, err := identity.AddressOf(offer.PeerID)
	if err != nil || seller != offer.Seller {
		return nil, fmt.Errorf("%w: peer %s does not prove seller %s", ErrInvalidOffer, offer.PeerID, offer.Seller)
	}
	if seller == b.n.Address() {
		return nil, fmt.Errorf("%w: our own offer", ErrInvalidOffer)
	}
	if !lim.MaxPricePerUnit.IsZero() && offer.PricePerUnit.Gt(&lim.MaxPricePerUnit) {
		return nil, fmt.Errorf("%w: %s %s per %s, limit %s", ErrPriceTooHigh, offer.Service, offer.PricePerUnit.Dec(), offer.Unit, lim.MaxPricePerUnit.Dec())
	}
	limit, ok := limitUnits(lim.MaxUnits, &lim.MaxAmount, &offer.PricePerUnit)
	if !ok {
		return nil, fmt.Errorf("%w: max amount %s buys no unit at %s", ErrInvalidConfig, lim.MaxAmount.Dec(), offer.PricePerUnit.Dec())
	}
	chID, err := b.pickChannel(&offer, lim.ChannelID)
	if err != nil {
		return nil, err
	}
	host := b.n.Host()
	if len(offer.Addrs) > 0 {
		host.Peerstore().AddAddrs(offer.PeerID, offer.Addrs, offerAddrTTL)
	}
	st, err := host.NewStream(ctx, offer.PeerID, ProtocolID)
	if err != nil {
		return nil, fmt.Errorf("metering: open session with %s: %w", offer.Seller, err)
	}
	req := start{
		ID: newSessionID(), Service: offer.Service, Unit: offer.Unit, PricePerUnit: offer.PricePerUnit,
		Token: offer.Token, ChannelID: chID, MaxUnits: lim.MaxUnits, MaxAmount: lim.MaxAmount,
	}
	r, w := newReader(st), newWriter(st)
	fail := func(err error) (*BuySession, error) {
		_ = st.Reset()
		return nil, fmt.Errorf("metering: start session with %s: %w", offer.Seller, err)
	}
	if err := ctx.Err(); err != nil {
		return fail(err)
	}
	if err := w.write(req.toPB()); err != nil {
		return fail(err)
	}
	m, err := b.readAnswer(ctx, st, r)
	if err != nil {
		return fail(err)
	}
	var window uint256.Int
	switch body := m.GetBody(); {
	case m.GetStop() != nil:
		reason, detail := decodeStop(m.GetStop())
		_ = st.Close()
		return nil, fmt.Errorf("%w (%s): %s", ErrRefused, reason, detail)
	case m.GetAccept() != nil:
		a := m.GetAccept()
		id, err := decodeSessionID(a.GetSessionId())
		if err == nil && id != req.ID {
			err = fmt.Errorf("%w: accept names session %s, we started %s", ErrMalformed, id, req.ID)
		}
		if err == nil {
			window, err = decodeAmount("credit_window", a.GetCreditWindow())
		}
		if err != nil {
			return fail(err)
		}
	default:
		return fail(fmt.Errorf("%w: %T instead of Accept", ErrMalformed, body))
	}

	s := &BuySession{
		b: b, limit: limit, endReq: make(chan struct{}, 1), done: make(chan struct{}),
		log: b.log.With("session", req.ID),
		info: SessionInfo{
			ID: req.ID, Service: offer.Service, Unit: offer.Unit, PricePerUnit: offer.PricePerUnit, Token: offer.Token,
			ChannelID: chID, Seller: seller, Buyer: b.n.Address(), MaxUnits: lim.MaxUnits, MaxAmount: lim.MaxAmount,
			CreditWindow: window, Started: time.Now(),
		},
	}
	s.log.Info("session started", "seller", seller, "service", offer.Service, "price", offer.PricePerUnit.Dec(), "channel", chID)
	b.mu.Lock()
	b.live[s.info.ID] = s
	b.mu.Unlock()
	go s.run(ctx, st, r, w)
	return s, nil
}

// readAnswer reads the seller's answer to Start. Once Start is sent, the
// seller may accept at any moment and then keeps a receipt of the
// session; so a ctx that ends meanwhile does not cut the stream but only
// shortens the wait to EndTimeout, and an accepted session still runs, to
// end at once and cleanly, with a receipt on both sides.
func (b *Buyer) readAnswer(ctx context.Context, st network.Stream, r *reader) (*pb.Message, error) {
	deadline := time.Now().Add(b.cfg.StartTimeout)
	_ = st.SetReadDeadline(deadline)
	var mu sync.Mutex
	answered := false
	stopShorten := context.AfterFunc(ctx, func() {
		mu.Lock()
		defer mu.Unlock()
		if end := time.Now().Add(b.cfg.EndTimeout); !answered && end.Before(deadline) {
			_ = st.SetReadDeadline(end)
		}
	})
	m, err := r.read()
	mu.Lock()
	answered = true
	mu.Unlock()
	stopShorten()
	_ = st.SetReadDeadline(time.Time{})
	if err != nil && ctx.Err() != nil {
		err = fmt.Errorf("%w while waiting for the answer: %w", ctx.Err(), err)
	}
	return m, err
}

// pickChannel returns id if it is an open channel with the offer's seller
// on its token, or, for a zero id, such a channel with the most available
// balance.
func (b *Buyer) pickChannel(offer *offers.Offer, id channels.ChannelID) (channels.ChannelID, error) {
	self := b.n.Address()
	fits := func(ch *channels.Channel) (uint256.Int, bool) {
		i, err := ch.Params.Index(self)
		if err != nil || ch.Phase != channels.PhaseOpen || ch.Params.Token != offer.Token ||
			ch.Params.Participants[channels.Partner(i)] != offer.Seller {
			return uint256.Int{}, false
		}
		avail, err := ch.Available(i)
		return avail, err == nil
	}
	if id != (channels.ChannelID{}) {
		ch, err := b.n.Engine().Channel(id)
		if err != nil {
			return id, fmt.Errorf("%w: %w", ErrNoChannel, err)
		}
		if _, ok := fits(&ch); !ok {
			return id, fmt.Errorf("%w: channel %s", ErrNoChannel, id)
		}
		return id, nil
	}
	var best uint256.Int
	found := false
	for _, ch := range b.n.Engine().Channels() {
		if avail, ok := fits(&ch); ok && !avail.IsZero() && (!found || avail.Gt(&best)) {
			id, best, found = ch.ID, avail, true
		}
	}
	if !found {
		return id, fmt.Errorf("%w: seller %s, token %s", ErrNoChannel, offer.Seller, offer.Token)
	}
	return id, nil
}

// reasonOf is the Stop reason for a refused record.
func reasonOf(err error) Reason {
	switch {
	case errors.Is(err, ErrPriceChanged):
		return ReasonPriceChanged
	case errors.Is(err, ErrLimitExceeded):
		return ReasonLimitReached
	default:
		return ReasonBadRecord
	}
}
