package store

import (
	"github.com/holiman/uint256"

	"github.com/meshpay/meshpay/channels"
)

// Direction says whether we paid or were paid.
type Direction uint8

// Directions of a payment.
const (
	Sent     Direction = 1
	Received Direction = 2
)

func (d Direction) String() string {
	switch d {
	case Sent:
		return "sent"
	case Received:
		return "received"
	}
	return "unknown"
}

// MaxReferenceLen bounds a payment reference, so a peer cannot make us
// store arbitrary data.
const MaxReferenceLen = 128

// Payment is one caller's payment: its own amount and reference, carried
// (possibly with others) by the balance proof with Nonce.
type Payment struct {
	ChannelID channels.ChannelID
	Direction Direction
	Nonce     uint64
	// Index orders payments that share one proof.
	Index     uint16
	Amount    uint256.Int
	Reference string
	// UnixNano is when the payment was made or received.
	UnixNano int64
}

// Update is one atomic change. Every part is optional; a committed update
// is all on disk or none of it is.
type Update struct {
	// Channel replaces the channel's state, proofs included.
	Channel *channels.Channel
	// Proof replaces one direction's latest proof of a stored channel and
	// leaves the rest of its record alone, so that the payer and payee
	// paths of one channel can commit concurrently.
	Proof *ProofUpdate
	// Payments are appended to the payment history.
	Payments []Payment
	// Withdraw is the latest co-signed withdraw for its participant.
	Withdraw *channels.CoSignedWithdraw
	// Reservation raises a channel's nonce reservation: the node may sign
	// proofs with nonces up to Reservation.Upto, and after a restart starts
	// above it, so no nonce is ever signed twice.
	Reservation *Reservation
	// Meta sets small named values (event-watcher cursors and the like).
	Meta map[string][]byte
	// RecoveryHandled says the caller has made durable, with this update
	// or before it, whatever it needs to remember of an unclean stop
	// (Recovered): the next Open reports a clean one again, unless this
	// run too ends uncleanly.
	RecoveryHandled bool
}

// Reservation is a channel's nonce high-water mark.
type Reservation struct {
	ChannelID channels.ChannelID
	Upto      uint64
}

// ProofUpdate is the latest proof signed by participant Signer.
type ProofUpdate struct {
	Signer int
	Proof  channels.SignedBalanceProof
}
