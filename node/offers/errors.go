package offers

import (
	"errors"

	pubsub "github.com/libp2p/go-libp2p-pubsub"
)

// Sentinel errors callers branch on with errors.Is. Each message-level
// error has a Reason under which Board.Stats counts it.
var (
	// ErrTooLarge reports a message above MaxMessageSize.
	ErrTooLarge = errors.New("offers: message too large")
	// ErrMalformed reports bytes that do not decode into a SignedOffer
	// holding an Offer.
	ErrMalformed = errors.New("offers: malformed offer")
	// ErrInvalid reports an offer with a field out of bounds (service,
	// unit, price, description, addresses).
	ErrInvalid = errors.New("offers: invalid offer")
	// ErrBadSignature reports a signature that is not 65 bytes r||s||v
	// with v in {0,1} and a low s, or that recovers no key.
	ErrBadSignature = errors.New("offers: bad signature")
	// ErrWrongSigner reports a valid signature by someone other than the
	// offer's Seller: a forgery.
	ErrWrongSigner = errors.New("offers: signer is not the seller")
	// ErrPeerIDMismatch reports an offer whose PeerID does not prove its
	// Seller address.
	ErrPeerIDMismatch = errors.New("offers: peer ID does not match seller")
	// ErrWrongOrigin reports an offer published by a peer other than its
	// seller: a replay by another origin.
	ErrWrongOrigin = errors.New("offers: published by another peer than the seller")
	// ErrWrongChain reports an offer for another chain ID.
	ErrWrongChain = errors.New("offers: wrong chain")
	// ErrWrongContract reports an offer for another ChannelManager.
	ErrWrongContract = errors.New("offers: wrong contract")
	// ErrExpired reports an offer whose expiry has passed.
	ErrExpired = errors.New("offers: offer expired")
	// ErrExpiryTooFar reports an offer expiring further ahead than MaxTTL.
	ErrExpiryTooFar = errors.New("offers: expiry too far ahead")
	// ErrStale reports an offer with a lower Seq than the one held for the
	// same seller and service.
	ErrStale = errors.New("offers: stale seq")
	// ErrSeqConflict reports a different offer with the same Seq as the one
	// held for the same seller and service; the first one seen is kept.
	ErrSeqConflict = errors.New("offers: different offer with the same seq")
	// ErrSellerLimit reports an offer for a new service from a seller that
	// already has MaxPerSeller offers in the table.
	ErrSellerLimit = errors.New("offers: too many offers from one seller")
	// ErrRunning reports a second concurrent call of Board.Run.
	ErrRunning = errors.New("offers: board already running")
)

// Reason names why a message or a held offer was dropped; Board.Stats
// counts drops by Reason.
type Reason string

// Drop reasons. All but ReasonStale, ReasonSeqConflict, ReasonSellerLimit
// and ReasonEvicted make the validator reject the message
// (pubsub.ValidationReject: the sender may be penalised by peer scoring);
// those three are ignored (pubsub.ValidationIgnore), and ReasonEvicted is
// not about a message but a held offer pushed out of a full table.
const (
	ReasonTooLarge       Reason = "too-large"
	ReasonMalformed      Reason = "malformed"
	ReasonInvalid        Reason = "invalid"
	ReasonBadSignature   Reason = "bad-signature"
	ReasonWrongSigner    Reason = "wrong-signer"
	ReasonPeerIDMismatch Reason = "peer-id-mismatch"
	ReasonWrongOrigin    Reason = "wrong-origin"
	ReasonWrongChain     Reason = "wrong-chain"
	ReasonWrongContract  Reason = "wrong-contract"
	ReasonExpired        Reason = "expired"
	ReasonExpiryTooFar   Reason = "expiry-too-far"
	ReasonStale          Reason = "stale"
	ReasonSeqConflict    Reason = "seq-conflict"
	ReasonSellerLimit    Reason = "seller-limit"
	ReasonEvicted        Reason = "evicted"
)

// reasons maps each message-level sentinel to its Reason and to what the
// topic validator answers.
var reasons = []struct {
	err    error
	reason Reason
	result pubsub.ValidationResult
}{
	{ErrTooLarge, ReasonTooLarge, pubsub.ValidationReject},
	{ErrMalformed, ReasonMalformed, pubsub.ValidationReject},
	{ErrInvalid, ReasonInvalid, pubsub.ValidationReject},
	{ErrBadSignature, ReasonBadSignature, pubsub.ValidationReject},
	{ErrWrongSigner, ReasonWrongSigner, pubsub.ValidationReject},
	{ErrPeerIDMismatch, ReasonPeerIDMismatch, pubsub.ValidationReject},
	{ErrWrongOrigin, ReasonWrongOrigin, pubsub.ValidationReject},
	{ErrWrongChain, ReasonWrongChain, pubsub.ValidationReject},
	{ErrWrongContract, ReasonWrongContract, pubsub.ValidationReject},
	{ErrExpired, ReasonExpired, pubsub.ValidationReject},
	{ErrExpiryTooFar, ReasonExpiryTooFar, pubsub.ValidationReject},
	{ErrStale, ReasonStale, pubsub.ValidationIgnore},
	{ErrSeqConflict, ReasonSeqConflict, pubsub.ValidationIgnore},
	{ErrSellerLimit, ReasonSellerLimit, pubsub.ValidationIgnore},
}

// ReasonOf returns the Reason of an error from Check, Decode or the table,
// or "" for nil and for errors that are none of this package's.
func ReasonOf(err error) Reason {
	r, _ := classify(err)
	return r
}

// classify returns err's Reason and validation result; an unknown error is
// counted as invalid and rejected.
func classify(err error) (Reason, pubsub.ValidationResult) {
	if err == nil {
		return "", pubsub.ValidationAccept
	}
	for _, r := range reasons {
		if errors.Is(err, r.err) {
			return r.reason, r.result
		}
	}
	return "", pubsub.ValidationReject
}
