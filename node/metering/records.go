package metering

import (
	"github.com/meshpay/meshpay/node"
)

// record is the receipt as the node's control API lists sessions.
func (r *Receipt) record() node.SessionRecord {
	peer := r.Seller
	if r.Role == RoleSeller {
		peer = r.Buyer
	}
	rec := node.SessionRecord{
		ID: r.SessionID.Hex(), Role: r.Role.String(), Service: r.Service, Unit: r.Unit,
		PricePerUnit: r.PricePerUnit, Token: r.Token, ChannelID: r.ChannelID, Peer: peer,
		Units: r.Units, Due: r.Due, Paid: r.Paid, FirstNonce: r.FirstNonce, LastNonce: r.LastNonce,
		Start: r.Start, End: r.End,
	}
	if !r.End.IsZero() {
		rec.Reason, rec.Detail = r.Reason.String(), r.Detail
	}
	return rec
}

// sessionRecords lists live sessions and then the kept receipts, leaving
// out receipts of sessions that are still listed as live.
func sessionRecords(live, kept []Receipt) []node.SessionRecord {
	out := make([]node.SessionRecord, 0, len(live)+len(kept))
	seen := make(map[SessionID]bool, len(live))
	for i := range live {
		seen[live[i].SessionID] = true
		out = append(out, live[i].record())
	}
	for i := range kept {
		if !seen[kept[i].SessionID] {
			out = append(out, kept[i].record())
		}
	}
	return out
}

// SessionRecords lists the buyer's live sessions and kept receipts for
// the node's control API (node.SessionSource).
func (b *Buyer) SessionRecords() []node.SessionRecord {
	b.mu.Lock()
	live := make([]Receipt, 0, len(b.live))
	for _, s := range b.live {
		live = append(live, s.Receipt())
	}
	b.mu.Unlock()
	return sessionRecords(live, b.receipts.list())
}

// SessionRecords lists the seller's live sessions and kept receipts for
// the node's control API (node.SessionSource).
func (s *Seller) SessionRecords() []node.SessionRecord {
	live := make([]Receipt, 0)
	for _, sess := range s.Sessions() {
		sess.mu.Lock()
		live = append(live, sess.receiptLocked())
		sess.mu.Unlock()
	}
	return sessionRecords(live, s.receipts.list())
}
