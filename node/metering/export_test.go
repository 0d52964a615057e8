package metering

import (
	"github.com/holiman/uint256"

	"github.com/meshpay/meshpay/node"
)

// SetPayCap makes every session of b pay for at most units units (0: no
// cap) while it keeps reading the seller's records: a car that stops
// paying but keeps the session open.
func SetPayCap(b *Buyer, units uint64) { b.payCap.Store(units) }

// Reference is the payment reference of record seq of session id.
func Reference(service string, id SessionID, seq uint64) string {
	return reference(service, id, seq)
}

// ParseReference returns the session a payment reference names.
func ParseReference(ref string) (SessionID, bool) { return parseReference(ref) }

// Watch exposes the seller's payment attribution for table tests.
type Watch struct{ w chanWatch }

// NewWatch starts a watch at a channel's partner proof (nonce, transferred).
func NewWatch(nonce uint64, transferred uint64) *Watch {
	return &Watch{w: chanWatch{nonce: nonce, transferred: *uint256.NewInt(transferred)}}
}

// Attribute advances the watch and returns the session credits of r.
func (w *Watch) Attribute(r node.Received) map[SessionID]uint64 {
	out := map[SessionID]uint64{}
	for _, a := range w.w.attribute(&r) {
		out[a.session] += a.amount.Uint64()
	}
	return out
}
