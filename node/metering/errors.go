package metering

import "errors"

// Sentinel errors callers branch on with errors.Is.
var (
	// ErrInvalidConfig reports a SellerConfig, BuyerConfig or Listing that
	// cannot be used (conflicting or out-of-range fields).
	ErrInvalidConfig = errors.New("metering: invalid config")
	// ErrInvalidOffer reports an offer that cannot be bought: out of
	// bounds, expired, or whose peer ID does not prove its seller.
	ErrInvalidOffer = errors.New("metering: invalid offer")
	// ErrPriceTooHigh reports an offer above Limits.MaxPricePerUnit.
	ErrPriceTooHigh = errors.New("metering: price above the buyer's limit")
	// ErrNoChannel reports that the buyer has no open channel with the
	// seller on the offer's token (or Limits.ChannelID is not one).
	ErrNoChannel = errors.New("metering: no open channel with the seller on the offer's token")
	// ErrRefused reports a Start the seller refused.
	ErrRefused = errors.New("metering: session refused by the seller")
	// ErrMalformed reports a message that does not decode or has a field
	// out of bounds.
	ErrMalformed = errors.New("metering: malformed message")
	// ErrTooLarge reports a message above MaxMessageSize.
	ErrTooLarge = errors.New("metering: message too large")
	// ErrBadSignature reports a record signature that is not 65 bytes
	// r||s||v with v in {0,1} and a low s, or that recovers no key.
	ErrBadSignature = errors.New("metering: bad signature")
	// ErrWrongSigner reports a usage record signed by someone other than
	// the session's seller: a forgery.
	ErrWrongSigner = errors.New("metering: record not signed by the seller")
	// ErrBadRecord reports a usage record that does not fit the session:
	// another session, channel or party, a seq that does not rise, units
	// that go down, or a due that is not units × price.
	ErrBadRecord = errors.New("metering: usage record does not fit the session")
	// ErrPriceChanged reports a usage record at another price than the
	// one the session started with.
	ErrPriceChanged = errors.New("metering: price changed during the session")
	// ErrLimitExceeded reports a usage record beyond the buyer's limits
	// (the seller should have stopped at them); the buyer pays up to the
	// limit only.
	ErrLimitExceeded = errors.New("metering: usage beyond the buyer's limits")
	// ErrPaymentFailed reports a payment of the session the node could
	// not make (for example the channel's balance ran out).
	ErrPaymentFailed = errors.New("metering: payment failed")
	// ErrNoFinalRecord reports a session that ended without the seller's
	// final record (the stream broke, or the seller did not answer a
	// Stop in time).
	ErrNoFinalRecord = errors.New("metering: session ended without a final record")
	// ErrSessionEnded reports a Report or WaitPaid on a session that has
	// ended (or is ending): the units are not counted.
	ErrSessionEnded = errors.New("metering: session ended")
	// ErrRunning reports a second concurrent Seller.Run.
	ErrRunning = errors.New("metering: seller already running")
)
