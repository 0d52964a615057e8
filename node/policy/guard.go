package policy

import (
	"fmt"
	"sync"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/holiman/uint256"
)

// Option configures a Guard.
type Option func(*Guard)

// WithAlertFunc has f called with every Alert, after the Guard's lock is
// released, on the goroutine of the Reserve or Commit that raised it. f
// must not block for long: it is on the payment path.
func WithAlertFunc(f func(Alert)) Option {
	return func(g *Guard) { g.onAlert = f }
}

// WithRefusalFunc has f called with every refused payment and its error
// (from Reserve and Check), after the Guard's lock is released: the place
// to log and meter refusals once.
func WithRefusalFunc(f func(Payment, error)) Option {
	return func(g *Guard) { g.onRefuse = f }
}

// Guard enforces a Policy. It is safe for concurrent use.
type Guard struct {
	now      func() time.Time
	origin   time.Time
	onAlert  func(Alert)
	onRefuse func(Payment, error)

	mu     sync.Mutex
	pol    *compiled
	nodes  map[common.Address]*window // by token
	peers  map[peerKey]*window
	series map[seriesKey]*series
	stats  map[Reason]uint64
	alerts ring
	swept  int64 // minute of the last sweep
}

type peerKey struct {
	token common.Address
	peer  common.Address
}

// NewGuard returns a Guard enforcing p, with time from now (time.Now if
// nil). p is copied: changing it afterwards has no effect (use SetPolicy).
func NewGuard(p Policy, now func() time.Time, opts ...Option) (*Guard, error) {
	c, err := compile(p)
	if err != nil {
		return nil, err
	}
	if now == nil {
		now = time.Now
	}
	g := &Guard{
		now:    now,
		origin: now(),
		pol:    c,
		nodes:  make(map[common.Address]*window),
		peers:  make(map[peerKey]*window),
		series: make(map[seriesKey]*series),
		stats:  make(map[Reason]uint64, len(reasons)),
		alerts: newRing(c.anomaly.KeepAlerts),
	}
	for _, o := range opts {
		o(g)
	}
	return g, nil
}

// SetPolicy replaces the policy. Spend, holds and anomaly history are kept:
// a lower budget applies at once to what was already spent.
func (g *Guard) SetPolicy(p Policy) error {
	c, err := compile(p)
	if err != nil {
		return err
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	g.pol = c
	g.alerts.resize(c.anomaly.KeepAlerts)
	return nil
}

// Reservation is an amount held against the budgets by Reserve. Exactly
// one of Commit and Release takes effect; later calls do nothing. The zero
// Reservation does nothing either.
type Reservation struct {
	h *hold
}

type hold struct {
	g        *Guard
	key      seriesKey
	amount   uint256.Int
	price    uint256.Int
	hasPrice bool
	node     *window
	peer     *window
	nodeMin  int64 // the buckets the amount went into
	peerMin  int64
	done     bool // under g.mu
}

// Reserve checks p against the policy and, if it passes, holds p.Amount
// against the budgets until the Reservation is committed or released. A
// refusal is a *RefusedError (or ErrInvalidPayment), counted by Reason.
// Reserve may raise a price_jump Alert; with AnomalyConfig.Block it then
// refuses p with ErrAnomaly.
func (g *Guard) Reserve(p Payment) (Reservation, error) {
	if p.Amount == nil {
		err := fmt.Errorf("%w: no amount (paying %s)", ErrInvalidPayment, p.Peer.Hex())
		g.mu.Lock()
		g.stats[ReasonInvalid]++
		g.mu.Unlock()
		g.refused(p, err)
		return Reservation{}, err
	}
	pv, priced := p.price()
	var price *uint256.Int
	if priced {
		price = &pv
	}
	at := g.now()
	m := g.minute(at)

	g.mu.Lock()
	g.sweep(m)
	jump, err := g.check(&p, price, p.Amount, m)
	var alert *Alert
	if jump != nil {
		alert = g.raise(AlertPriceJump, seriesKey{peer: p.Peer, token: p.Token, service: p.Service}, price, jump.priceAvg, at)
	}
	if err != nil {
		g.stats[ReasonOf(err)]++
		g.mu.Unlock()
		g.notify(alert)
		g.refused(p, err)
		return Reservation{}, err
	}
	h := &hold{g: g, key: seriesKey{peer: p.Peer, token: p.Token, service: p.Service}, amount: *p.Amount}
	if price != nil {
		h.price, h.hasPrice = *price, true
	}
	h.node = g.nodes[p.Token]
	if h.node == nil {
		h.node = new(window)
		g.nodes[p.Token] = h.node
	}
	pk := peerKey{token: p.Token, peer: p.Peer}
	h.peer = g.peers[pk]
	if h.peer == nil {
		h.peer = new(window)
		g.peers[pk] = h.peer
	}
	h.nodeMin = h.node.add(m, p.Amount)
	h.peerMin = h.peer.add(m, p.Amount)
	h.node.held.Add(&h.node.held, p.Amount)
	h.peer.held.Add(&h.peer.held, p.Amount)
	g.mu.Unlock()
	g.notify(alert)
	return Reservation{h: h}, nil
}

// Check tells whether p would pass Reserve now, without holding anything
// (a nil Amount counts as zero): use it before starting a session, with
// the quoted price. A refusal is counted like Reserve's; Check raises no
// alerts.
func (g *Guard) Check(p Payment) error {
	amount := p.Amount
	if amount == nil {
		amount = new(uint256.Int)
	}
	pv, priced := p.price()
	var price *uint256.Int
	if priced {
		price = &pv
	}
	m := g.minute(g.now())
	g.mu.Lock()
	_, err := g.check(&p, price, amount, m)
	if err != nil {
		g.stats[ReasonOf(err)]++
	}
	g.mu.Unlock()
	if err != nil {
		g.refused(p, err)
	}
	return err
}

// Commit records that the payment was made, or may have been: its amount
// stays counted. It feeds the anomaly averages and may raise a spend_rate
// Alert.
func (r Reservation) Commit() {
	h := r.h
	if h == nil {
		return
	}
	g := h.g
	at := g.now()
	m := g.minute(at)
	g.mu.Lock()
	if h.done {
		g.mu.Unlock()
		return
	}
	h.done = true
	h.node.held.Sub(&h.node.held, &h.amount)
	h.peer.held.Sub(&h.peer.held, &h.amount)
	var alert *Alert
	if a := &g.pol.anomaly; !a.Disable {
		s := g.series[h.key]
		if s == nil {
			s = &series{minute: m}
			g.series[h.key] = s
		}
		var price *uint256.Int
		if h.hasPrice {
			price = &h.price
		}
		if s.commit(m, price, &h.amount, a) {
			alert = g.raise(AlertSpendRate, h.key, &s.spend, s.rateAvg, at)
		}
	}
	g.mu.Unlock()
	g.notify(alert)
}

// Release returns the held amount to the budgets: call it only when the
// payment certainly was not made.
func (r Reservation) Release() {
	h := r.h
	if h == nil {
		return
	}
	g := h.g
	m := g.minute(g.now())
	g.mu.Lock()
	defer g.mu.Unlock()
	if h.done {
		return
	}
	h.done = true
	h.node.held.Sub(&h.node.held, &h.amount)
	h.peer.held.Sub(&h.peer.held, &h.amount)
	h.node.remove(m, h.nodeMin, &h.amount)
	h.peer.remove(m, h.peerMin, &h.amount)
}

// check runs every rule on p at minute m under g.mu. It returns the series
// whose price average p's price jumps above (nil if none) and the refusal.
func (g *Guard) check(p *Payment, price, amount *uint256.Int, m int64) (*series, error) {
	c := g.pol
	refuse := func(r Reason, scope Scope) *RefusedError {
		return &RefusedError{Reason: r, Peer: p.Peer, Token: p.Token, Service: p.Service, Scope: scope}
	}
	if _, ok := c.deny[p.Peer]; ok {
		return nil, refuse(ReasonPeerDenied, "")
	}
	if c.allow != nil {
		if _, ok := c.allow[p.Peer]; !ok {
			return nil, refuse(ReasonPeerNotAllowed, "")
		}
	}
	var node, peer *Limits
	if c.tokens != nil {
		tl, ok := c.tokens[p.Token]
		if !ok {
			return nil, refuse(ReasonTokenNotAllowed, "")
		}
		node, peer = &tl.node, tl.peers[p.Peer]
	}
	scopes := [2]struct {
		scope  Scope
		limits *Limits
	}{{ScopeNode, node}, {ScopePeer, peer}}

	if price != nil {
		for _, s := range scopes {
			if s.limits == nil {
				continue
			}
			if limit := s.limits.priceCap(p.Service); limit != nil && price.Gt(limit) {
				e := refuse(ReasonPriceTooHigh, s.scope)
				e.Limit, e.Asked = limit.Clone(), price.Clone()
				return nil, e
			}
		}
	}
	for _, s := range scopes {
		if s.limits == nil {
			continue
		}
		if limit := s.limits.MaxPerPayment; limit != nil && amount.Gt(limit) {
			e := refuse(ReasonPaymentTooLarge, s.scope)
			e.Limit, e.Asked = limit.Clone(), amount.Clone()
			return nil, e
		}
	}

	nw, pw := g.nodes[p.Token], g.peers[peerKey{token: p.Token, peer: p.Peer}]
	windows := [2]*window{nw, pw}
	for _, w := range windows {
		if w != nil {
			w.advance(m)
		}
	}
	budgets := [2]struct {
		reason Reason
		limit  func(*Limits) *uint256.Int
		spent  func(*window) *uint256.Int
	}{
		{ReasonHourlyBudget, func(l *Limits) *uint256.Int { return l.BudgetPerHour }, func(w *window) *uint256.Int { return &w.hour }},
		{ReasonDailyBudget, func(l *Limits) *uint256.Int { return l.BudgetPerDay }, func(w *window) *uint256.Int { return &w.day }},
	}
	for _, b := range budgets {
		for i, s := range scopes {
			if s.limits == nil {
				continue
			}
			limit := b.limit(s.limits)
			if limit == nil {
				continue
			}
			spent := new(uint256.Int)
			if windows[i] != nil {
				spent = b.spent(windows[i])
			}
			var sum uint256.Int
			if _, overflow := sum.AddOverflow(spent, amount); overflow || sum.Gt(limit) {
				e := refuse(b.reason, s.scope)
				e.Limit, e.Spent, e.Asked = limit.Clone(), spent.Clone(), amount.Clone()
				return nil, e
			}
		}
	}
	// The node's day total bounds every other total of the token.
	if nw != nil {
		var sum uint256.Int
		if _, overflow := sum.AddOverflow(&nw.day, amount); overflow {
			return nil, fmt.Errorf("%w: amount %s overflows the day's total (paying %s)", ErrInvalidPayment, amount.Dec(), p.Peer.Hex())
		}
	}

	a := &c.anomaly
	if a.Disable || price == nil {
		return nil, nil
	}
	s := g.series[seriesKey{peer: p.Peer, token: p.Token, service: p.Service}]
	if s == nil || !s.priceJump(price, a) {
		return nil, nil
	}
	if !a.Block {
		return s, nil
	}
	e := refuse(ReasonAnomaly, "")
	e.Asked, e.Average, e.Factor = price.Clone(), fromFloat(s.priceAvg), a.PriceFactor
	return s, e
}
