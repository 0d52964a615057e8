package offers

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"maps"
	"sync"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
	pubsub "github.com/libp2p/go-libp2p-pubsub"
	"github.com/libp2p/go-libp2p/core/peer"

	"github.com/meshpay/meshpay/node/identity"
)

// Defaults of Config.
const (
	DefaultTopic        = "/meshpay/offers/1"
	DefaultMaxOffers    = 10_000
	DefaultMaxPerSeller = 16
	DefaultMaxTTL       = 24 * time.Hour
	DefaultRepublish    = 30 * time.Second
)

// Config configures a Board. ChainID and Contract are required; the rest
// have defaults.
type Config struct {
	// ChainID and Contract are the chain and ChannelManager this node
	// does business on; offers for others are rejected.
	ChainID  uint64
	Contract common.Address
	// Topic is the pubsub topic (DefaultTopic).
	Topic string
	// MaxOffers bounds the table (DefaultMaxOffers); when it is full the
	// offer expiring soonest is evicted.
	MaxOffers int
	// MaxPerSeller bounds one seller's offers (services) in the table
	// (DefaultMaxPerSeller), so one key cannot fill it.
	MaxPerSeller int
	// MaxTTL is how far ahead an offer may expire (DefaultMaxTTL); offers
	// expiring later are rejected.
	MaxTTL time.Duration
	// Republish is how often Run republishes our own live offers
	// (DefaultRepublish), so that peers joining late learn them.
	Republish time.Duration
	// Now is the clock (time.Now).
	Now func() time.Time
	// Logger gets drops at Debug and failed republishes at Warn.
	Logger *slog.Logger
	// OnDrop, if set, is told of every dropped offer (for metrics); it
	// must not block.
	OnDrop func(Reason)
}

func (c Config) withDefaults() (Config, error) {
	if c.ChainID == 0 {
		return c, errors.New("offers: config: no chain ID")
	}
	if c.Contract == (common.Address{}) {
		return c, errors.New("offers: config: no contract")
	}
	if c.MaxOffers < 0 || c.MaxPerSeller < 0 || c.MaxTTL < 0 || c.Republish < 0 {
		return c, errors.New("offers: config: negative bound")
	}
	if c.Topic == "" {
		c.Topic = DefaultTopic
	}
	if c.MaxOffers == 0 {
		c.MaxOffers = DefaultMaxOffers
	}
	if c.MaxPerSeller == 0 {
		c.MaxPerSeller = DefaultMaxPerSeller
	}
	if c.MaxTTL == 0 {
		c.MaxTTL = DefaultMaxTTL
	}
	if c.Republish == 0 {
		c.Republish = DefaultRepublish
	}
	if c.Now == nil {
		c.Now = time.Now
	}
	if c.Logger == nil {
		c.Logger = slog.New(slog.DiscardHandler)
	}
	return c, nil
}

// Board publishes this node's offers and keeps the table of everyone's.
// Its methods are safe for concurrent use.
type Board struct {
	ps     *pubsub.PubSub
	self   *identity.Identity
	cfg    Config
	policy Policy
	log    *slog.Logger
	topic  *pubsub.Topic
	sub    *pubsub.Subscription

	// pubMu serialises Publish, Withdraw and republishing, so that our
	// own offers go out in Seq order and a withdrawn offer is not sent
	// again. It is never taken under mu.
	pubMu sync.Mutex

	mu      sync.Mutex
	table   *table
	own     map[string]ownOffer // by service
	lastSeq map[string]uint64   // by service; survives Withdraw
	stats   map[Reason]uint64
	running bool
}

// ownOffer is one of our offers and its signed message.
type ownOffer struct {
	offer Offer
	data  []byte
}

// received is what the validator hands to Run with an accepted message.
type received struct {
	offer  Offer
	digest common.Hash
}

// New joins cfg.Topic on ps, registers the topic validator and subscribes.
// ps must sign and verify messages (pubsub's default StrictSign): the
// validator takes msg.GetFrom() as the authenticated origin. Call Run to
// fill the table and republish, and Close to leave the topic.
func New(ps *pubsub.PubSub, self *identity.Identity, cfg Config) (*Board, error) {
	if ps == nil {
		return nil, errors.New("offers: no pubsub")
	}
	b, err := newBoard(self, cfg)
	if err != nil {
		return nil, err
	}
	b.ps = ps
	cfg = b.cfg
	if err := ps.RegisterTopicValidator(cfg.Topic, pubsub.ValidatorEx(b.validate)); err != nil {
		return nil, fmt.Errorf("offers: register validator on %s: %w", cfg.Topic, err)
	}
	if b.topic, err = ps.Join(cfg.Topic); err != nil {
		return nil, errors.Join(fmt.Errorf("offers: join %s: %w", cfg.Topic, err), ps.UnregisterTopicValidator(cfg.Topic))
	}
	if b.sub, err = b.topic.Subscribe(); err != nil {
		return nil, errors.Join(fmt.Errorf("offers: subscribe %s: %w", cfg.Topic, err), b.topic.Close(), ps.UnregisterTopicValidator(cfg.Topic))
	}
	return b, nil
}

// newBoard is a Board without its pubsub side.
func newBoard(self *identity.Identity, cfg Config) (*Board, error) {
	if self == nil {
		return nil, errors.New("offers: no identity")
	}
	cfg, err := cfg.withDefaults()
	if err != nil {
		return nil, err
	}
	return &Board{
		self: self, cfg: cfg, log: cfg.Logger,
		policy:  Policy{ChainID: cfg.ChainID, Contract: cfg.Contract, MaxTTL: cfg.MaxTTL},
		table:   newTable(cfg.MaxOffers, cfg.MaxPerSeller),
		own:     make(map[string]ownOffer),
		lastSeq: make(map[string]uint64),
		stats:   make(map[Reason]uint64),
	}, nil
}

// Close cancels the subscription, unregisters the validator and leaves the
// topic. Call it after Run has returned.
func (b *Board) Close() error {
	b.sub.Cancel()
	return errors.Join(b.ps.UnregisterTopicValidator(b.cfg.Topic), b.topic.Close())
}

// Publish signs o as this node's offer and publishes it. It sets Seller,
// PeerID, ChainID, Contract and Seq (whatever o holds there is replaced);
// the caller sets the rest, Expiry included. It returns the offer as
// published.
//
// Seq is the larger of the clock in unix nanoseconds and the last Seq for
// the service plus one, so that it keeps increasing across restarts while
// the clock does.
//
// The offer is stored (in the table and in the set Run republishes) before
// it is sent: if sending fails Publish returns the error, and the offer
// still goes out at the next republish unless withdrawn.
func (b *Board) Publish(ctx context.Context, o Offer) (Offer, error) {
	b.pubMu.Lock()
	defer b.pubMu.Unlock()
	now := b.cfg.Now()

	b.mu.Lock()
	o.Seller, o.PeerID = b.self.Address(), b.self.PeerID()
	o.ChainID, o.Contract = b.cfg.ChainID, b.cfg.Contract
	o.Seq = b.lastSeq[o.Service] + 1
	if ns := now.UnixNano(); ns > 0 && uint64(ns) > o.Seq {
		o.Seq = uint64(ns)
	}
	_, replacing := b.own[o.Service]
	full := !replacing && len(b.own) >= b.cfg.MaxPerSeller
	b.mu.Unlock()

	if full {
		return Offer{}, fmt.Errorf("%w: %d services published", ErrSellerLimit, b.cfg.MaxPerSeller)
	}
	if err := b.policy.checkTerms(&o, now); err != nil {
		return Offer{}, err
	}
	data, err := Sign(&o, b.self.ECDSA())
	if err != nil {
		return Offer{}, err
	}

	b.mu.Lock()
	b.lastSeq[o.Service] = o.Seq
	b.own[o.Service] = ownOffer{offer: o.clone(), data: data}
	b.putLocked(&o, crypto.Keccak256Hash(data), now)
	b.mu.Unlock()

	if err := b.topic.Publish(ctx, data); err != nil {
		return Offer{}, fmt.Errorf("offers: publish %q: %w", o.Service, err)
	}
	return o, nil
}

// Withdraw stops publishing our offer for service and drops it from our
// table. Peers keep it until it expires: there is no revocation, so keep
// expiries short. It reports whether there was such an offer.
func (b *Board) Withdraw(service string) bool {
	b.pubMu.Lock()
	defer b.pubMu.Unlock()
	b.mu.Lock()
	defer b.mu.Unlock()
	_, ok := b.own[service]
	delete(b.own, service)
	b.table.remove(b.self.Address(), service)
	return ok
}

// Offers returns copies of the live offers f selects, our own included,
// cheapest first (equal prices: later expiry first, then by seller and
// service). Expired offers are pruned from the table.
func (b *Board) Offers(f Filter) []Offer {
	now := b.cfg.Now()
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.table.list(&f, now)
}

// Stats returns how many messages and held offers were dropped, by Reason.
func (b *Board) Stats() map[Reason]uint64 {
	b.mu.Lock()
	defer b.mu.Unlock()
	return maps.Clone(b.stats)
}

// Run reads the subscription into the table and republishes our own live
// offers every Republish interval, until ctx ends.
func (b *Board) Run(ctx context.Context) error {
	b.mu.Lock()
	if b.running {
		b.mu.Unlock()
		return ErrRunning
	}
	b.running = true
	b.mu.Unlock()
	defer func() {
		b.mu.Lock()
		b.running = false
		b.mu.Unlock()
	}()

	var wg sync.WaitGroup
	defer wg.Wait()
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	wg.Go(func() { b.republishLoop(ctx) })

	for {
		msg, err := b.sub.Next(ctx)
		if err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			return fmt.Errorf("offers: subscription: %w", err)
		}
		b.receive(msg)
	}
}

// validate is the topic validator. It runs on pubsub's goroutines, for
// messages from the network and for our own Publish calls.
func (b *Board) validate(_ context.Context, _ peer.ID, msg *pubsub.Message) pubsub.ValidationResult {
	var d common.Hash
	o, err := b.policy.Check(msg.GetData(), msg.GetFrom(), b.cfg.Now())
	if err == nil {
		d = crypto.Keccak256Hash(msg.GetData())
		b.mu.Lock()
		err = b.table.admit(&o, d)
		b.mu.Unlock()
	}
	if err != nil {
		reason, result := classify(err)
		b.count(reason)
		b.log.Debug("offer dropped", "reason", reason, "from", msg.GetFrom(), "via", msg.ReceivedFrom, "err", err)
		return result
	}
	msg.ValidatorData = received{offer: o, digest: d}
	return pubsub.ValidationAccept
}

// receive stores an accepted message's offer. Our own messages are
// skipped: Publish stored them already, and Withdraw must not see them
// come back.
func (b *Board) receive(msg *pubsub.Message) {
	if msg.GetFrom() == b.self.PeerID() {
		return
	}
	r, ok := msg.ValidatorData.(received)
	if !ok {
		return // not through our validator: cannot happen while it is registered
	}
	now := b.cfg.Now()
	b.mu.Lock()
	defer b.mu.Unlock()
	b.putLocked(&r.offer, r.digest, now)
}

// putLocked stores o and counts what the table refuses or evicts. The
// table can refuse a message the validator accepted when another message
// for the same key, or the clock, overtook it.
func (b *Board) putLocked(o *Offer, d common.Hash, now time.Time) {
	evicted, err := b.table.put(o, d, now)
	if evicted > 0 {
		b.stats[ReasonEvicted] += uint64(evicted)
		b.log.Debug("offers evicted", "count", evicted, "held", b.table.len())
	}
	if err != nil {
		reason, _ := classify(err)
		b.stats[reason]++
		b.log.Debug("offer dropped", "reason", reason, "seller", o.Seller, "err", err)
	}
}

func (b *Board) count(r Reason) {
	b.mu.Lock()
	b.stats[r]++
	b.mu.Unlock()
	if b.cfg.OnDrop != nil {
		b.cfg.OnDrop(r)
	}
}

func (b *Board) republishLoop(ctx context.Context) {
	t := time.NewTicker(b.cfg.Republish)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			b.republish(ctx)
		}
	}
}

// Republish sends our live offers again now, for example when a peer
// joins, so it need not wait for the next periodic republish.
func (b *Board) Republish(ctx context.Context) { b.republish(ctx) }

// republish sends our live offers again and forgets the expired ones.
func (b *Board) republish(ctx context.Context) {
	b.pubMu.Lock()
	defer b.pubMu.Unlock()
	now := b.cfg.Now()
	var live []ownOffer
	b.mu.Lock()
	for svc, o := range b.own {
		if !o.offer.Live(now) {
			delete(b.own, svc)
			continue
		}
		live = append(live, o)
		// Back into our table in case it was evicted.
		b.putLocked(&o.offer, crypto.Keccak256Hash(o.data), now)
	}
	b.mu.Unlock()
	for _, o := range live {
		if err := b.topic.Publish(ctx, o.data); err != nil {
			if ctx.Err() != nil {
				return
			}
			b.log.Warn("offer republish failed", "service", o.offer.Service, "seq", o.offer.Seq, "err", err)
		}
	}
}
