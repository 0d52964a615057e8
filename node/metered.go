package node

import (
	"bytes"
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/holiman/uint256"

	"github.com/meshpay/meshpay/channels"
	"github.com/meshpay/meshpay/channels/store"
)

// SessionRecord is one metered service session, live or finished, as one
// side of it sees it. Package metering reports its sessions this way so
// that the control API can show them.
type SessionRecord struct {
	// ID is the session ID in hex (no 0x).
	ID string
	// Role is "buyer" or "seller": this node's side.
	Role         string
	Service      string
	Unit         string
	PricePerUnit uint256.Int
	Token        channels.Address
	ChannelID    channels.ChannelID
	// Peer is the other side's address.
	Peer channels.Address
	// Units, Due and Paid are the running totals (final once ended).
	Units uint64
	Due   uint256.Int
	Paid  uint256.Int
	// FirstNonce and LastNonce are the proofs that carried the session's
	// first and last payments (0 when none is known yet).
	FirstNonce, LastNonce uint64
	Start                 time.Time
	// End is zero while the session is live.
	End time.Time
	// Reason and Detail say why the session ended ("" while live).
	Reason string
	Detail string
}

// Live reports whether the session has not ended.
func (r *SessionRecord) Live() bool { return r.End.IsZero() }

// SessionSource lists the metered sessions of one side of this node: the
// live ones and the kept receipts of finished ones.
type SessionSource interface {
	SessionRecords() []SessionRecord
}

type sessionSource struct{ src SessionSource }

// AddSessionSource makes src's sessions visible in the control API
// (GET /v1/sessions). The returned function removes it.
func (n *Node) AddSessionSource(src SessionSource) (remove func()) {
	h := &sessionSource{src: src}
	n.mu.Lock()
	n.sessionSources = append(n.sessionSources, h)
	n.mu.Unlock()
	return func() {
		n.mu.Lock()
		defer n.mu.Unlock()
		for i, x := range n.sessionSources {
			if x == h {
				n.sessionSources = append(n.sessionSources[:i:i], n.sessionSources[i+1:]...)
				return
			}
		}
	}
}

// SessionRecords returns the sessions of every source, live ones first,
// then newest first.
func (n *Node) SessionRecords() []SessionRecord {
	n.mu.Lock()
	srcs := append([]*sessionSource(nil), n.sessionSources...)
	n.mu.Unlock()
	var out []SessionRecord
	for _, s := range srcs {
		out = append(out, s.src.SessionRecords()...)
	}
	sortSessionRecords(out)
	return out
}

func sortSessionRecords(rs []SessionRecord) {
	slices.SortStableFunc(rs, func(a, b SessionRecord) int {
		if a.Live() != b.Live() {
			if a.Live() {
				return -1
			}
			return 1
		}
		if c := b.Start.Compare(a.Start); c != 0 {
			return c
		}
		return strings.Compare(a.ID+a.Role, b.ID+b.Role)
	})
}

// ServiceTotal is what the node paid or was paid for one service in one
// token, from its payment history.
type ServiceTotal struct {
	Direction store.Direction
	Token     channels.Address
	// Service is what ServiceOfReference finds in the payments'
	// references: "" for payments that name no service.
	Service  string
	Payments uint64
	Amount   uint256.Int
}

type totalKey struct {
	dir     store.Direction
	token   channels.Address
	service string
}

// ServiceTotals sums the payment history of every channel by direction,
// token and service, sorted by direction, token and service. It reads the
// whole history, one payment at a time: an operator's question, not a hot
// path.
func (n *Node) ServiceTotals(ctx context.Context) ([]ServiceTotal, error) {
	sums := map[totalKey]*ServiceTotal{}
	for _, ch := range n.eng.Channels() {
		token := ch.Params.Token
		err := n.store.ScanPayments(ctx, ch.ID, func(p *store.Payment) error {
			k := totalKey{dir: p.Direction, token: token, service: ServiceOfReference(p.Reference)}
			t := sums[k]
			if t == nil {
				t = &ServiceTotal{Direction: k.dir, Token: k.token, Service: k.service}
				sums[k] = t
			}
			t.Payments++
			t.Amount.Add(&t.Amount, &p.Amount)
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("service totals: %w", err)
		}
	}
	out := make([]ServiceTotal, 0, len(sums))
	for _, t := range sums {
		out = append(out, *t)
	}
	slices.SortFunc(out, func(a, b ServiceTotal) int {
		if a.Direction != b.Direction {
			return int(a.Direction) - int(b.Direction)
		}
		if c := bytes.Compare(a.Token[:], b.Token[:]); c != 0 {
			return c
		}
		return strings.Compare(a.Service, b.Service)
	})
	return out, nil
}
