package policy

import (
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/holiman/uint256"
)

// Stats returns how many payments were refused, by Reason; every Reason is
// present, zero or not.
func (g *Guard) Stats() map[Reason]uint64 {
	g.mu.Lock()
	defer g.mu.Unlock()
	out := make(map[Reason]uint64, len(reasons))
	for _, r := range reasons {
		out[r.reason] = g.stats[r.reason]
	}
	return out
}

// Alerts returns the newest alerts (up to AnomalyConfig.KeepAlerts),
// oldest first.
func (g *Guard) Alerts() []Alert {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.alerts.list()
}

// Spend is what a scope spent over the sliding hour and day, held amounts
// included, and how much of it is still held (reserved, not yet committed
// or released).
type Spend struct {
	Hour *uint256.Int
	Day  *uint256.Int
	Held *uint256.Int
}

// Usage is the node's spend in one token and the part of it paid to one
// peer.
type Usage struct {
	Node Spend
	Peer Spend
}

// Usage returns the spend in token, node-wide and to peer.
func (g *Guard) Usage(token, peer common.Address) Usage {
	m := g.minute(g.now())
	g.mu.Lock()
	defer g.mu.Unlock()
	return Usage{
		Node: spendOf(g.nodes[token], m),
		Peer: spendOf(g.peers[peerKey{token: token, peer: peer}], m),
	}
}

func spendOf(w *window, m int64) Spend {
	if w == nil {
		return Spend{Hour: new(uint256.Int), Day: new(uint256.Int), Held: new(uint256.Int)}
	}
	w.advance(m)
	return Spend{Hour: w.hour.Clone(), Day: w.day.Clone(), Held: w.held.Clone()}
}

// refused hands a refusal to the callback; call it without g.mu.
func (g *Guard) refused(p Payment, err error) {
	if g.onRefuse != nil {
		g.onRefuse(p, err)
	}
}

// raise records an alert under g.mu and returns a copy for notify.
func (g *Guard) raise(kind AlertKind, k seriesKey, value *uint256.Int, avg float64, at time.Time) *Alert {
	a := Alert{Kind: kind, Peer: k.peer, Token: k.token, Service: k.service, Value: value.Clone(), Average: fromFloat(avg), At: at}
	g.alerts.push(a)
	a = a.clone()
	return &a
}

// notify hands an alert to the callback; call it without g.mu.
func (g *Guard) notify(a *Alert) {
	if a != nil && g.onAlert != nil {
		g.onAlert(*a)
	}
}

// minute is t's minute since the Guard started (monotonic when the clock
// gives monotonic readings), floored.
func (g *Guard) minute(t time.Time) int64 {
	d := t.Sub(g.origin)
	m := int64(d / time.Minute)
	if d < 0 && d%time.Minute != 0 {
		m--
	}
	return m
}

// sweep drops, at most once an hour, the windows and anomaly series idle
// for a day, so memory follows the peers paid recently.
func (g *Guard) sweep(m int64) {
	if m < g.swept+hourSpan {
		return
	}
	g.swept = m
	for k, w := range g.peers {
		if w.advance(m); w.empty() {
			delete(g.peers, k)
		}
	}
	for k, w := range g.nodes {
		if w.advance(m); w.empty() {
			delete(g.nodes, k)
		}
	}
	for k, s := range g.series {
		if s.seen < m-daySpan {
			delete(g.series, k)
		}
	}
}
