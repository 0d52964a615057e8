package metering

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"strconv"
	"strings"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/holiman/uint256"

	"github.com/meshpay/meshpay/channels"
	"github.com/meshpay/meshpay/node"
	"github.com/meshpay/meshpay/node/metering/pb"
)

// ProtocolID is the libp2p protocol of session streams.
const ProtocolID = "/meshpay/session/1"

// MaxMessageSize bounds one message on a session stream.
const MaxMessageSize = 4 << 10

// maxDetailLen bounds Stop.detail.
const maxDetailLen = 256

// ReferencePrefix starts the reference of every session payment:
// "meter:<service>:<session id in hex>:<seq of the record paid for>" (see
// node.MeteredReference, which lets the node total payments per service).
const ReferencePrefix = node.MeteredReferencePrefix

// SessionID names a session; the buyer draws it at random.
type SessionID [16]byte

// newSessionID draws a random session ID.
func newSessionID() SessionID {
	var id SessionID
	_, _ = rand.Read(id[:]) // crypto/rand.Read never fails
	return id
}

// String returns a short form for logs.
func (id SessionID) String() string { return hex.EncodeToString(id[:4]) + "…" }

// Hex returns the full hex form (no 0x), as payment references carry it.
func (id SessionID) Hex() string { return hex.EncodeToString(id[:]) }

// reference is the payment reference for record seq of session id, which
// sells service.
func reference(service string, id SessionID, seq uint64) string {
	return node.MeteredReference(service, id.Hex()+":"+strconv.FormatUint(seq, 10))
}

// parseReference returns the session a payment reference names.
func parseReference(ref string) (SessionID, bool) {
	var id SessionID
	if node.ServiceOfReference(ref) == "" {
		return id, false
	}
	_, rest, _ := strings.Cut(strings.TrimPrefix(ref, ReferencePrefix), ":")
	if len(rest) < 2*len(id)+2 || rest[2*len(id)] != ':' {
		return id, false
	}
	if _, err := hex.Decode(id[:], []byte(rest[:2*len(id)])); err != nil {
		return id, false
	}
	if _, err := strconv.ParseUint(rest[2*len(id)+1:], 10, 64); err != nil {
		return id, false
	}
	return id, true
}

// Reason says why a session ended.
type Reason int32

// Reasons a session ends; they travel in Stop messages and final records.
const (
	ReasonUnspecified    = Reason(pb.Reason_REASON_UNSPECIFIED)
	ReasonBuyerEnded     = Reason(pb.Reason_REASON_BUYER_ENDED)
	ReasonSellerEnded    = Reason(pb.Reason_REASON_SELLER_ENDED)
	ReasonServiceDone    = Reason(pb.Reason_REASON_SERVICE_DONE)
	ReasonServiceFailed  = Reason(pb.Reason_REASON_SERVICE_FAILED)
	ReasonPaymentLagging = Reason(pb.Reason_REASON_PAYMENT_LAGGING)
	ReasonLimitReached   = Reason(pb.Reason_REASON_LIMIT_REACHED)
	ReasonPriceChanged   = Reason(pb.Reason_REASON_PRICE_CHANGED)
	ReasonBadRecord      = Reason(pb.Reason_REASON_BAD_RECORD)
	ReasonPaymentFailed  = Reason(pb.Reason_REASON_PAYMENT_FAILED)
	ReasonRefused        = Reason(pb.Reason_REASON_REFUSED)
	ReasonStreamClosed   = Reason(pb.Reason_REASON_STREAM_CLOSED)
)

var reasonNames = map[Reason]string{
	ReasonUnspecified:    "unspecified",
	ReasonBuyerEnded:     "buyer ended",
	ReasonSellerEnded:    "seller ended",
	ReasonServiceDone:    "service done",
	ReasonServiceFailed:  "service failed",
	ReasonPaymentLagging: "payment lagging",
	ReasonLimitReached:   "limit reached",
	ReasonPriceChanged:   "price changed",
	ReasonBadRecord:      "bad record",
	ReasonPaymentFailed:  "payment failed",
	ReasonRefused:        "refused",
	ReasonStreamClosed:   "stream closed",
}

// String names the reason.
func (r Reason) String() string {
	if s, ok := reasonNames[r]; ok {
		return s
	}
	return "reason(" + strconv.Itoa(int(r)) + ")"
}

// valid reports whether r is one of the known reasons.
func (r Reason) valid() bool { _, ok := reasonNames[r]; return ok }

// Role says which side of a session a receipt is from.
type Role uint8

// Roles.
const (
	RoleBuyer  Role = 1
	RoleSeller Role = 2
)

// String names the role.
func (r Role) String() string {
	switch r {
	case RoleBuyer:
		return "buyer"
	case RoleSeller:
		return "seller"
	}
	return "role(" + strconv.Itoa(int(r)) + ")"
}

// Status is a session's running totals as one side sees them.
type Status struct {
	// Units is the cumulative number of units delivered (the seller's
	// meter; for the buyer, the last record it accepted).
	Units uint64
	// Due is Units × the session's price.
	Due uint256.Int
	// Paid is what this side counts as paid: for the buyer, the payments
	// it signed; for the seller, those it received.
	Paid uint256.Int
	// Seq is the last usage record sent (seller) or accepted (buyer).
	Seq uint64
	// Ended is set once the session is ending; Reason says why.
	Ended  bool
	Reason Reason
}

// Receipt is what one side keeps of a finished session.
type Receipt struct {
	SessionID    SessionID
	Role         Role
	Service      string
	Unit         string
	PricePerUnit uint256.Int
	Token        common.Address
	ChannelID    channels.ChannelID
	Seller       channels.Address
	Buyer        channels.Address
	// Units and Due are the session's totals: from the seller's final
	// record when there was one.
	Units uint64
	Due   uint256.Int
	// Paid is what this side counted as paid for the session.
	Paid uint256.Int
	// FirstNonce and LastNonce are the channel proofs that carried the
	// session's first and last payments (0 when nothing was paid): the
	// proof with LastNonce includes every payment of the session.
	FirstNonce, LastNonce uint64
	Start, End            time.Time
	Reason                Reason
	// Detail is free text on why the session ended.
	Detail string
	// Final is the seller's signed final record, when there was one.
	Final *SignedUsage
}

// Limits are what a buyer agrees to pay for one session. Zero values mean
// no limit; without MaxUnits or MaxAmount the buyer pays whatever the
// seller meters, up to the channel's balance.
type Limits struct {
	// MaxPricePerUnit refuses offers priced above it.
	MaxPricePerUnit uint256.Int
	// MaxUnits and MaxAmount end the session when reached; the seller is
	// told both and stops the service there.
	MaxUnits  uint64
	MaxAmount uint256.Int
	// ChannelID is the channel to pay over; zero picks the open channel
	// with the seller on the offer's token with the most available
	// balance.
	ChannelID channels.ChannelID
}

// SessionInfo describes a session as the seller accepted it.
type SessionInfo struct {
	ID           SessionID
	Service      string
	Unit         string
	PricePerUnit uint256.Int
	Token        common.Address
	ChannelID    channels.ChannelID
	Seller       channels.Address
	Buyer        channels.Address
	// MaxUnits and MaxAmount are the buyer's limits (0: none).
	MaxUnits  uint64
	MaxAmount uint256.Int
	// CreditWindow is how far payment may lag behind the amount due.
	CreditWindow uint256.Int
	Started      time.Time
}

// limitUnits is the number of units the buyer's limits allow at price
// (0: no limit). MaxAmount below one unit's price allows none, which is
// reported as 0 units with ok false.
func limitUnits(maxUnits uint64, maxAmount, price *uint256.Int) (units uint64, ok bool) {
	units = maxUnits
	if !maxAmount.IsZero() && !price.IsZero() {
		var q uint256.Int
		q.Div(maxAmount, price)
		if !q.IsUint64() {
			return units, true
		}
		if q.IsZero() {
			return 0, false
		}
		if units == 0 || q.Uint64() < units {
			units = q.Uint64()
		}
	}
	return units, true
}

// Meter is what a selling device implements: it delivers the service of
// one session and reports the units as they are delivered.
type Meter interface {
	// Serve delivers the service for session s, calling s.Report as
	// units are delivered, until ctx ends (the service must stop now: the
	// buyer ended the session, payment lags more than the credit window,
	// the buyer's limit is reached or the seller is shutting down) or the
	// service is complete. It must return promptly once ctx ends. A nil
	// error ends the session with ReasonServiceDone (unless it was
	// ending already), an error with ReasonServiceFailed.
	Serve(ctx context.Context, s *SellSession) error
}

// MeterFunc adapts a function to Meter.
type MeterFunc func(ctx context.Context, s *SellSession) error

// Serve calls f.
func (f MeterFunc) Serve(ctx context.Context, s *SellSession) error { return f(ctx, s) }

var _ Meter = MeterFunc(nil)
