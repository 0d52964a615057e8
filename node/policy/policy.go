package policy

import (
	"fmt"
	"math"

	"github.com/ethereum/go-ethereum/common"
	"github.com/holiman/uint256"
)

// AnyService is the MaxPricePerUnit key whose cap covers every service
// kind that has no cap of its own.
const AnyService = "*"

// Anomaly defaults, used where AnomalyConfig leaves a field zero.
const (
	DefaultPriceFactor = 2.0
	DefaultRateFactor  = 3.0
	DefaultMinSamples  = 5
	DefaultAlpha       = 0.2
	DefaultKeepAlerts  = 100
)

// Limits are caps in one token's base units; a nil cap is no limit.
type Limits struct {
	// MaxPricePerUnit caps the price per unit by service kind. A kind's
	// own entry replaces the AnyService entry; a nil entry counts as
	// absent.
	MaxPricePerUnit map[string]*uint256.Int
	// MaxPerPayment caps the amount of one payment.
	MaxPerPayment *uint256.Int
	// BudgetPerHour and BudgetPerDay cap the spend over a sliding hour
	// and day (see the package doc for the windows).
	BudgetPerHour *uint256.Int
	BudgetPerDay  *uint256.Int
}

// TokenPolicy is the limits of one token: node-wide, and per peer on top
// of them.
type TokenPolicy struct {
	// Node applies to every payment in the token, and its budgets to the
	// node's total spend in the token.
	Node Limits
	// Peers applies to the payments to one peer in the token, in addition
	// to Node: a peer's limits can only be tighter.
	Peers map[common.Address]Limits
}

// Policy is a node's spending policy. The zero Policy allows everything
// and still detects (and alerts on, without blocking) anomalies.
type Policy struct {
	// Tokens holds the limits of each token by its address (the zero
	// address is native ETH). Empty: every token may be paid with no
	// amount limits. Not empty: only the tokens it lists may be paid
	// (ErrTokenNotAllowed), since amounts in one token's base units say
	// nothing about another's; list a token with an empty TokenPolicy to
	// allow it without limits.
	Tokens map[common.Address]TokenPolicy
	// Allow, when not empty, lists the only peers that may be paid.
	Allow []common.Address
	// Deny lists peers that may never be paid; it wins over Allow.
	Deny []common.Address
	// Anomaly configures the anomaly alerts.
	Anomaly AnomalyConfig
}

// AnomalyConfig configures the alerts on sudden rises of price or spend
// rate. Zero fields take the defaults.
type AnomalyConfig struct {
	// Disable turns anomaly detection off.
	Disable bool
	// PriceFactor: a price per unit above PriceFactor times the recent
	// average is a price jump (default 2, must be above 1).
	PriceFactor float64
	// RateFactor: spend in the current minute above RateFactor times the
	// recent average per active minute is a rate spike (default 3, must
	// be above 1).
	RateFactor float64
	// MinSamples is how many prices, or active minutes, the averages need
	// before they raise alerts (default 5).
	MinSamples int
	// Alpha is the weight of a new sample in the averages, in (0, 1]
	// (default 0.2).
	Alpha float64
	// Block makes a price jump a refusal (ErrAnomaly) instead of only an
	// alert. A refused price never enters the average, so the peer's new
	// price stays refused until the policy changes.
	Block bool
	// KeepAlerts bounds the ring that Guard.Alerts returns (default 100).
	KeepAlerts int
}

// Payment is what Reserve and Check are asked about.
type Payment struct {
	// Peer is the payee's on-chain address.
	Peer common.Address
	// Token is the token paid in; the zero address is native ETH.
	Token common.Address
	// Service is the service kind paid for (e.g. "charging"); empty for a
	// plain payment.
	Service string
	// Units is how many units the payment buys, if known (0: unknown).
	// With Units the price checked is at least Amount/Units, rounded up.
	Units uint64
	// PricePerUnit is the quoted price per unit, if any. Without it and
	// without Units, no price cap applies.
	PricePerUnit *uint256.Int
	// Amount is what is paid. Reserve needs it; Check takes nil as zero.
	Amount *uint256.Int
}

// price returns the price per unit to check: the higher of PricePerUnit
// and Amount/Units rounded up; ok is false if neither is known.
func (p *Payment) price() (price uint256.Int, ok bool) {
	if p.PricePerUnit != nil {
		price, ok = *p.PricePerUnit, true
	}
	if p.Units > 0 && p.Amount != nil {
		var q, r uint256.Int
		u := uint256.NewInt(p.Units)
		q.DivMod(p.Amount, u, &r)
		if !r.IsZero() {
			q.AddUint64(&q, 1)
		}
		if !ok || q.Gt(&price) {
			price, ok = q, true
		}
	}
	return price, ok
}

// compiled is a validated Policy in lookup form, deep-copied from the
// caller's.
type compiled struct {
	allow   map[common.Address]struct{}
	deny    map[common.Address]struct{}
	tokens  map[common.Address]*tokenLimits // nil: every token, no limits
	anomaly AnomalyConfig
}

type tokenLimits struct {
	node  Limits
	peers map[common.Address]*Limits
}

// compile validates p, fills the anomaly defaults and copies every value,
// so the caller may change p afterwards.
func compile(p Policy) (*compiled, error) {
	a := p.Anomaly
	if a.PriceFactor == 0 {
		a.PriceFactor = DefaultPriceFactor
	}
	if a.RateFactor == 0 {
		a.RateFactor = DefaultRateFactor
	}
	if a.MinSamples == 0 {
		a.MinSamples = DefaultMinSamples
	}
	if a.Alpha == 0 {
		a.Alpha = DefaultAlpha
	}
	if a.KeepAlerts == 0 {
		a.KeepAlerts = DefaultKeepAlerts
	}
	switch {
	case !(a.PriceFactor > 1) || math.IsInf(a.PriceFactor, 0):
		return nil, fmt.Errorf("%w: anomaly price factor %g must be above 1", ErrInvalidPolicy, a.PriceFactor)
	case !(a.RateFactor > 1) || math.IsInf(a.RateFactor, 0):
		return nil, fmt.Errorf("%w: anomaly rate factor %g must be above 1", ErrInvalidPolicy, a.RateFactor)
	case a.MinSamples < 0:
		return nil, fmt.Errorf("%w: anomaly min samples %d is negative", ErrInvalidPolicy, a.MinSamples)
	case !(a.Alpha > 0 && a.Alpha <= 1):
		return nil, fmt.Errorf("%w: anomaly alpha %g must be in (0, 1]", ErrInvalidPolicy, a.Alpha)
	case a.KeepAlerts < 0:
		return nil, fmt.Errorf("%w: anomaly keep alerts %d is negative", ErrInvalidPolicy, a.KeepAlerts)
	}
	c := &compiled{anomaly: a}
	if len(p.Allow) > 0 {
		c.allow = make(map[common.Address]struct{}, len(p.Allow))
		for _, x := range p.Allow {
			c.allow[x] = struct{}{}
		}
	}
	if len(p.Deny) > 0 {
		c.deny = make(map[common.Address]struct{}, len(p.Deny))
		for _, x := range p.Deny {
			c.deny[x] = struct{}{}
		}
	}
	if len(p.Tokens) > 0 {
		c.tokens = make(map[common.Address]*tokenLimits, len(p.Tokens))
		for tok, tp := range p.Tokens {
			tl := &tokenLimits{node: copyLimits(tp.Node)}
			if len(tp.Peers) > 0 {
				tl.peers = make(map[common.Address]*Limits, len(tp.Peers))
				for peer, l := range tp.Peers {
					l := copyLimits(l)
					tl.peers[peer] = &l
				}
			}
			c.tokens[tok] = tl
		}
	}
	return c, nil
}

func copyLimits(l Limits) Limits {
	out := Limits{
		MaxPerPayment: copyInt(l.MaxPerPayment),
		BudgetPerHour: copyInt(l.BudgetPerHour),
		BudgetPerDay:  copyInt(l.BudgetPerDay),
	}
	for kind, c := range l.MaxPricePerUnit {
		if c == nil {
			continue
		}
		if out.MaxPricePerUnit == nil {
			out.MaxPricePerUnit = make(map[string]*uint256.Int, len(l.MaxPricePerUnit))
		}
		out.MaxPricePerUnit[kind] = c.Clone()
	}
	return out
}

func copyInt(x *uint256.Int) *uint256.Int {
	if x == nil {
		return nil
	}
	return x.Clone()
}

// priceCap returns the cap on service's price per unit, or nil.
func (l *Limits) priceCap(service string) *uint256.Int {
	if c, ok := l.MaxPricePerUnit[service]; ok {
		return c
	}
	return l.MaxPricePerUnit[AnyService]
}
