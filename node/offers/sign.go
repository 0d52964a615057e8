package offers

import (
	"crypto/ecdsa"
	"fmt"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/libp2p/go-libp2p/core/peer"
	"google.golang.org/protobuf/proto"

	"github.com/meshpay/meshpay/node/identity"
	"github.com/meshpay/meshpay/node/offers/pb"
)

// domainPrefix separates offer signatures from every other use of a
// device's key.
const domainPrefix = "meshpay offer v1\x00"

// Sign marshals o, signs it with key and returns the SignedOffer bytes, the
// pubsub message data. It checks o's bounds and the message size, not
// that key is o.Seller's.
func Sign(o *Offer, key *ecdsa.PrivateKey) ([]byte, error) {
	if err := o.Validate(); err != nil {
		return nil, err
	}
	raw, err := proto.MarshalOptions{Deterministic: true}.Marshal(o.toPB())
	if err != nil {
		return nil, fmt.Errorf("offers: marshal offer: %w", err)
	}
	sig, err := identity.SignMessage(key, domainPrefix, raw)
	if err != nil {
		return nil, fmt.Errorf("offers: sign offer: %w", err)
	}
	data, err := proto.MarshalOptions{Deterministic: true}.Marshal(&pb.SignedOffer{Offer: raw, Signature: sig})
	if err != nil {
		return nil, fmt.Errorf("offers: marshal signed offer: %w", err)
	}
	if len(data) > MaxMessageSize {
		return nil, fmt.Errorf("%w: %d bytes, max %d", ErrTooLarge, len(data), MaxMessageSize)
	}
	return data, nil
}

// Decode parses SignedOffer bytes, checks the offer's bounds and returns it
// with the address that signed it. Errors are ErrTooLarge, ErrMalformed,
// ErrInvalid and ErrBadSignature. It does not check that the signer is the
// seller: Check does.
func Decode(data []byte) (Offer, common.Address, error) {
	if len(data) > MaxMessageSize {
		return Offer{}, common.Address{}, fmt.Errorf("%w: %d bytes, max %d", ErrTooLarge, len(data), MaxMessageSize)
	}
	var so pb.SignedOffer
	if err := proto.Unmarshal(data, &so); err != nil {
		return Offer{}, common.Address{}, fmt.Errorf("%w: %v", ErrMalformed, err)
	}
	var m pb.Offer
	if err := proto.Unmarshal(so.GetOffer(), &m); err != nil {
		return Offer{}, common.Address{}, fmt.Errorf("%w: offer: %v", ErrMalformed, err)
	}
	o, err := fromPB(&m)
	if err != nil {
		return Offer{}, common.Address{}, err
	}
	if err := o.Validate(); err != nil {
		return Offer{}, common.Address{}, err
	}
	signer, err := identity.RecoverMessage(domainPrefix, so.GetOffer(), so.GetSignature())
	if err != nil {
		return Offer{}, common.Address{}, fmt.Errorf("%w: %w", ErrBadSignature, err)
	}
	return o, signer, nil
}

// Policy is what a node accepts beyond a well-formed, well-signed offer.
type Policy struct {
	ChainID  uint64
	Contract common.Address
	// MaxTTL is how far ahead an offer may expire.
	MaxTTL time.Duration
}

// Check decodes and validates the data of a pubsub message that originates
// from peer from, at time now. It checks, in this order: size, decoding,
// field bounds, signature, signer == Seller, PeerID proves Seller, from ==
// PeerID, chain ID, contract, expiry. It is pure: it holds no state, so it
// does not see stale sequence numbers (the Board's table does).
func (p Policy) Check(data []byte, from peer.ID, now time.Time) (Offer, error) {
	o, signer, err := Decode(data)
	if err != nil {
		return Offer{}, err
	}
	if signer != o.Seller {
		return Offer{}, fmt.Errorf("%w: signed by %s, seller %s", ErrWrongSigner, signer, o.Seller)
	}
	if err := peerProves(o.PeerID, o.Seller); err != nil {
		return Offer{}, err
	}
	if from != o.PeerID {
		return Offer{}, fmt.Errorf("%w: from %s, seller's peer %s", ErrWrongOrigin, from, o.PeerID)
	}
	if err := p.checkTerms(&o, now); err != nil {
		return Offer{}, err
	}
	return o, nil
}

// peerProves checks that id is the peer ID of address seller.
func peerProves(id peer.ID, seller common.Address) error {
	addr, err := identity.AddressOf(id)
	if err != nil {
		return fmt.Errorf("%w: %v", ErrPeerIDMismatch, err)
	}
	if addr != seller {
		return fmt.Errorf("%w: peer %s is %s, seller %s", ErrPeerIDMismatch, id, addr, seller)
	}
	return nil
}

// checkTerms checks the chain, the contract and the expiry.
func (p Policy) checkTerms(o *Offer, now time.Time) error {
	if o.ChainID != p.ChainID {
		return fmt.Errorf("%w: chain %d, want %d", ErrWrongChain, o.ChainID, p.ChainID)
	}
	if o.Contract != p.Contract {
		return fmt.Errorf("%w: contract %s, want %s", ErrWrongContract, o.Contract, p.Contract)
	}
	if !o.Live(now) {
		return fmt.Errorf("%w: expired at %d, now %d", ErrExpired, o.Expiry, unixSeconds(now))
	}
	if limit := unixSeconds(now.Add(p.MaxTTL)); o.Expiry > limit {
		return fmt.Errorf("%w: expires at %d, limit %d", ErrExpiryTooFar, o.Expiry, limit)
	}
	return nil
}
