package control

import (
	"context"
	"time"
)

// Service is what the control API serves: the node implements it, and
// *Client implements it too, over HTTP. Errors wrap the sentinels of this
// package, or of channels and channels/engine, to pick the response status
// (see API.md). Requests reach a Service already validated (ValidateXxx).
type Service interface {
	// Info describes the node.
	Info(ctx context.Context) (Info, error)
	// Peers lists the known peers.
	Peers(ctx context.Context) ([]Peer, error)
	// Connect dials addr, a multiaddr ending in /p2p/<peer id>.
	Connect(ctx context.Context, addr string) (Peer, error)
	// Offers lists the service offers the node has heard and not dropped.
	Offers(ctx context.Context) ([]Offer, error)
	// PublishOffer signs and publishes one of the node's own offers; it
	// replaces the node's earlier offer for the same service. ErrUnavailable
	// if the node runs without the offers board.
	PublishOffer(ctx context.Context, req OfferRequest) (Offer, error)
	// Channels lists the node's channels.
	Channels(ctx context.Context) ([]Channel, error)
	// Channel returns one channel; ErrNotFound or engine.ErrUnknownChannel
	// if there is none.
	Channel(ctx context.Context, id string) (Channel, error)
	// OpenChannel opens a channel with a peer and returns it, usually in
	// PhaseOpening.
	OpenChannel(ctx context.Context, req OpenRequest) (Channel, error)
	// Deposit adds req.Amount to our deposit.
	Deposit(ctx context.Context, id string, req DepositRequest) (Channel, error)
	// Pay pays the partner and returns once the partner acknowledged.
	Pay(ctx context.Context, id string, req PayRequest) (PayResult, error)
	// Withdraw takes req.Amount out of the open channel (co-signed by the
	// partner).
	Withdraw(ctx context.Context, id string, req WithdrawRequest) (Channel, error)
	// Close closes the channel: req.Cooperative asks the partner for a
	// co-signed settle, otherwise it is a unilateral close and the
	// challenge period starts.
	Close(ctx context.Context, id string, req CloseRequest) (Channel, error)
	// Settle settles a unilaterally closed channel after its challenge
	// period.
	Settle(ctx context.Context, id string) (Channel, error)
	// Payments lists the channel's payments, newest first, at most limit
	// (1 to MaxPaymentsLimit).
	Payments(ctx context.Context, id string, limit int) ([]Payment, error)
	// Totals sums the whole payment history by direction, token and
	// service.
	Totals(ctx context.Context) ([]Total, error)
	// Sessions lists the node's metered service sessions: the live ones
	// first, then kept receipts of finished ones, newest first.
	Sessions(ctx context.Context) ([]Session, error)
	// Alerts lists the spending anomalies the node's policy raised,
	// newest first.
	Alerts(ctx context.Context) ([]Alert, error)
}

// Phases of Channel.Phase: the names of channels.Phase.
const (
	PhaseOpening  = "opening"
	PhaseOpen     = "open"
	PhaseSettling = "settling"
	PhaseClosing  = "closing"
	PhaseSettled  = "settled"
)

// Directions of Payment.Direction.
const (
	DirectionSent     = "sent"
	DirectionReceived = "received"
)

// Limits of Payments.
const (
	// DefaultPaymentsLimit is the limit when the request names none.
	DefaultPaymentsLimit = 100
	// MaxPaymentsLimit caps the limit; larger ones are lowered to it.
	MaxPaymentsLimit = 1000
)

// Amounts in every type are decimal strings of token base units (wei for
// native ETH), from 0 to 2^256-1; see ParseAmount. Addresses are 0x-hex,
// channel IDs 0x-hex of 32 bytes.

// Info describes the node.
type Info struct {
	// Address is the node's on-chain account.
	Address string `json:"address"`
	// PeerID is the node's libp2p peer ID; it proves Address.
	PeerID string `json:"peer_id"`
	// ListenAddrs are the node's libp2p multiaddrs, with /p2p/<peer id>.
	ListenAddrs []string  `json:"listen_addrs"`
	ChainID     uint64    `json:"chain_id"`
	Contract    string    `json:"contract"`
	Version     string    `json:"version"`
	StartedAt   time.Time `json:"started_at"`
}

// Peer is a known libp2p peer.
type Peer struct {
	PeerID string `json:"peer_id"`
	// Address is the peer's on-chain account (from its secp256k1 key), or
	// "" if its key is of another type.
	Address   string   `json:"address"`
	Addrs     []string `json:"addrs"`
	Connected bool     `json:"connected"`
}

// Offer is a seller's signed offer of a service.
type Offer struct {
	// Seller is the seller's on-chain account.
	Seller string `json:"seller"`
	PeerID string `json:"peer_id"`
	// Service names what is sold ("toll", "charging", "data", ...).
	Service string `json:"service"`
	// Unit is what one unit is ("pass", "kWh", "MB", ...).
	Unit         string `json:"unit"`
	PricePerUnit string `json:"price_per_unit"`
	// Token is the ERC-20 token, or the zero address for native ETH.
	Token string `json:"token"`
	// TokenSymbol and TokenDecimals describe Token; see Channel.
	TokenSymbol   string    `json:"token_symbol"`
	TokenDecimals uint8     `json:"token_decimals"`
	ChainID       uint64    `json:"chain_id"`
	Contract      string    `json:"contract"`
	Expiry        time.Time `json:"expiry"`
	Description   string    `json:"description"`
}

// Channel is one channel from the node's side.
type Channel struct {
	ID string `json:"id"`
	// Token is the ERC-20 token, or the zero address for native ETH.
	Token string `json:"token"`
	// TokenSymbol and TokenDecimals say how to show the token's amounts:
	// "ETH" and 18 for native ETH, the ERC-20's symbol() and decimals()
	// otherwise, or Token itself and 0 when the token does not tell (the
	// amounts are then shown in base units). Amounts stay in base units.
	TokenSymbol   string `json:"token_symbol"`
	TokenDecimals uint8  `json:"token_decimals"`
	Partner       string `json:"partner"`
	PartnerPeerID string `json:"partner_peer_id"`
	// Phase is one of PhaseOpening ... PhaseSettled.
	Phase                  string `json:"phase"`
	ChallengePeriodSeconds uint64 `json:"challenge_period_seconds"`
	// Counter is the contract's open counter of the channel.
	Counter uint64 `json:"counter"`
	// Local is our side of the money, Remote the partner's.
	Local  Balances `json:"local"`
	Remote Balances `json:"remote"`
	// SentProof is the latest proof we signed, ReceivedProof the latest
	// the partner signed; nil before the first payment.
	SentProof     *Proof `json:"sent_proof"`
	ReceivedProof *Proof `json:"received_proof"`
	// SettleAfter is the earliest settle of a unilaterally closed channel;
	// nil in the other phases.
	SettleAfter *time.Time `json:"settle_after"`
	// PendingWithdraw is the amount of our withdraw request that got no
	// answer yet; it is held back from Local.Available until the partner
	// co-signs it (then it counts as withdrawn) or declines it. Empty if
	// there is none.
	PendingWithdraw string `json:"pending_withdraw,omitempty"`
	// SettlePending is true while our cooperative settle of the channel
	// got no answer: the partner may be settling already, so no payment
	// is made until it co-signs (then the channel is settling) or
	// declines it.
	SettlePending bool `json:"settle_pending,omitempty"`
}

// Balances is one participant's money in a channel; see docs/protocol.md.
type Balances struct {
	// Deposit and Withdrawn are cumulative.
	Deposit   string `json:"deposit"`
	Withdrawn string `json:"withdrawn"`
	// Balance is what the participant would get if the channel settled now.
	Balance string `json:"balance"`
	// Available is what the participant can still pay or withdraw.
	Available string `json:"available"`
}

// Proof is a signed balance proof.
type Proof struct {
	Nonce uint64 `json:"nonce"`
	// TransferredAmount is cumulative.
	TransferredAmount string `json:"transferred_amount"`
	// Signature is the 65-byte EIP-712 signature, 0x-hex.
	Signature string `json:"signature"`
}

// Payment is one payment in a channel.
type Payment struct {
	ChannelID string `json:"channel_id"`
	// Direction is DirectionSent or DirectionReceived.
	Direction string `json:"direction"`
	// Nonce is the proof that carried the payment.
	Nonce     uint64    `json:"nonce"`
	Amount    string    `json:"amount"`
	Reference string    `json:"reference"`
	Time      time.Time `json:"time"`
}

// Total is what the node paid (direction "sent") or was paid ("received")
// for one service in one token.
type Total struct {
	Direction string `json:"direction"`
	Token     string `json:"token"`
	// TokenSymbol and TokenDecimals describe Token; see Channel.
	TokenSymbol   string `json:"token_symbol"`
	TokenDecimals uint8  `json:"token_decimals"`
	// Service is the service kind the payments' references name
	// ("meter:<service>:..."); "" for payments that name none.
	Service  string `json:"service"`
	Payments uint64 `json:"payments"`
	// Amount is in the token's base units.
	Amount string `json:"amount"`
}

// Session roles.
const (
	RoleBuyer  = "buyer"
	RoleSeller = "seller"
)

// Session is a metered service session as this node's side sees it.
type Session struct {
	// ID is the session ID, 32 hex digits.
	ID string `json:"id"`
	// Role is RoleBuyer or RoleSeller.
	Role         string `json:"role"`
	Live         bool   `json:"live"`
	Service      string `json:"service"`
	Unit         string `json:"unit"`
	PricePerUnit string `json:"price_per_unit"`
	Token        string `json:"token"`
	// TokenSymbol and TokenDecimals describe Token; see Channel.
	TokenSymbol   string `json:"token_symbol"`
	TokenDecimals uint8  `json:"token_decimals"`
	ChannelID     string `json:"channel_id"`
	// Peer is the other side's address.
	Peer  string `json:"peer"`
	Units uint64 `json:"units"`
	Due   string `json:"due"`
	Paid  string `json:"paid"`
	// FirstNonce and LastNonce are the proofs that carried the session's
	// first and last payments (0: none).
	FirstNonce uint64    `json:"first_nonce"`
	LastNonce  uint64    `json:"last_nonce"`
	Start      time.Time `json:"start"`
	// End is nil while the session is live.
	End *time.Time `json:"end"`
	// Reason and Detail say why it ended ("" while live).
	Reason string `json:"reason"`
	Detail string `json:"detail"`
}

// Alert is a spending anomaly: a sudden rise in the price or the spend
// rate of one peer's service against its recent average.
type Alert struct {
	// Kind is "price_jump" or "spend_rate".
	Kind  string `json:"kind"`
	Peer  string `json:"peer"`
	Token string `json:"token"`
	// TokenSymbol and TokenDecimals describe Token; see Channel.
	TokenSymbol   string `json:"token_symbol"`
	TokenDecimals uint8  `json:"token_decimals"`
	Service       string `json:"service"`
	// Value is the price per unit (price_jump) or the minute's spend
	// (spend_rate); Average is the recent average it rose above. Both in
	// the token's base units.
	Value   string    `json:"value"`
	Average string    `json:"average"`
	Time    time.Time `json:"time"`
}

// ConnectRequest is the body of POST /v1/peers.
type ConnectRequest struct {
	// Addr is a multiaddr ending in /p2p/<peer id>.
	Addr string `json:"addr"`
}

// DefaultOfferTTL is an offer's lifetime when OfferRequest.TTLSeconds is 0.
const DefaultOfferTTL = time.Hour

// maxOfferTTLSeconds bounds OfferRequest.TTLSeconds before the node's own,
// tighter bound (a day by default), so it cannot overflow a time.Duration.
const maxOfferTTLSeconds = 366 * 24 * 3600

// OfferRequest is the body of POST /v1/offers: one of the node's offers.
// The node signs it as seller, for its chain and contract, with its
// listen addresses.
type OfferRequest struct {
	// Service is what is sold: 1 to 32 of [a-z0-9-] ("toll", "charging").
	Service string `json:"service"`
	// Unit is what one price buys: 1 to 16 printable ASCII characters
	// without spaces ("pass", "kWh", "MB").
	Unit string `json:"unit"`
	// PricePerUnit is in the token's base units, > 0.
	PricePerUnit string `json:"price_per_unit"`
	// Token is the ERC-20 token, or the zero address for native ETH.
	// Required, so a forgotten token does not price the offer in ETH.
	Token string `json:"token"`
	// TTLSeconds is how long the offer lives; 0 is DefaultOfferTTL. The
	// node refuses more than its limit (a day by default).
	TTLSeconds uint64 `json:"ttl_seconds"`
	// Description is free text for people: at most 128 bytes of
	// printable UTF-8.
	Description string `json:"description"`
}

// OpenRequest opens a channel.
type OpenRequest struct {
	// Peer is the partner: an address (0x-hex) or a libp2p peer ID.
	Peer string `json:"peer"`
	// Token is the ERC-20 token, or the zero address for native ETH.
	// Required, so a forgotten token does not open an ETH channel.
	Token string `json:"token"`
	// Deposit is our deposit in the open transaction; "" means "0".
	Deposit string `json:"deposit"`
	// ChallengePeriodSeconds is 0 for the node's default.
	ChallengePeriodSeconds uint64 `json:"challenge_period_seconds"`
}

// DepositRequest adds to our deposit.
type DepositRequest struct {
	// Amount is added to the deposit (not a new total); > 0.
	Amount string `json:"amount"`
}

// PayRequest pays the partner.
type PayRequest struct {
	// Amount is > 0.
	Amount string `json:"amount"`
	// Reference is the payer's free text (an invoice, a session), at most
	// MaxReferenceLen bytes; the payee sees it with the payment.
	Reference string `json:"reference"`
}

// PayResult is an acknowledged payment.
type PayResult struct {
	ChannelID string `json:"channel_id"`
	Nonce     uint64 `json:"nonce"`
	Amount    string `json:"amount"`
	Reference string `json:"reference"`
	// Transferred is the cumulative amount of the proof that carried it.
	Transferred string `json:"transferred"`
}

// WithdrawRequest takes money out of an open channel.
type WithdrawRequest struct {
	// Amount is withdrawn on top of what was withdrawn before (not a new
	// total); > 0.
	Amount string `json:"amount"`
}

// CloseRequest closes a channel. On the wire "cooperative" is required, so
// an empty body cannot start a unilateral close by accident.
type CloseRequest struct {
	// Cooperative asks the partner for a co-signed settle (paid out at
	// once); false closes unilaterally (paid out after the challenge
	// period, by Settle).
	Cooperative bool `json:"cooperative"`
}

// List responses are objects, so fields can be added later.
type (
	peersResponse struct {
		Peers []Peer `json:"peers"`
	}
	offersResponse struct {
		Offers []Offer `json:"offers"`
	}
	channelsResponse struct {
		Channels []Channel `json:"channels"`
	}
	paymentsResponse struct {
		Payments []Payment `json:"payments"`
	}
	totalsResponse struct {
		Totals []Total `json:"totals"`
	}
	sessionsResponse struct {
		Sessions []Session `json:"sessions"`
	}
	alertsResponse struct {
		Alerts []Alert `json:"alerts"`
	}
)

// closeBody is CloseRequest as decoded, to tell a missing field from false.
type closeBody struct {
	Cooperative *bool `json:"cooperative"`
}
