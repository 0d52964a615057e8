package offers

import (
	"fmt"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/ethereum/go-ethereum/common"
	"github.com/holiman/uint256"
	"github.com/libp2p/go-libp2p/core/peer"
	ma "github.com/multiformats/go-multiaddr"

	"github.com/meshpay/meshpay/node/identity"
	"github.com/meshpay/meshpay/node/offers/pb"
)

// Bounds of an offer and its message.
const (
	// MaxMessageSize bounds a SignedOffer's bytes (the pubsub message data).
	MaxMessageSize = 4 << 10
	// MaxServiceLen bounds Offer.Service.
	MaxServiceLen = 32
	// MaxUnitLen bounds Offer.Unit.
	MaxUnitLen = 16
	// MaxDescriptionLen bounds Offer.Description, in bytes.
	MaxDescriptionLen = 128
	// MaxAddrs bounds the number of Offer.Addrs.
	MaxAddrs = 8
	// MaxAddrLen bounds one of Offer.Addrs in its binary form.
	MaxAddrLen = 256
	// SignatureLen is the length of an r||s||v signature.
	SignatureLen = identity.SignatureLen
)

// Offer says what a device sells.
type Offer struct {
	// Service is the kind of service: 1 to 32 of [a-z0-9-], e.g. "toll",
	// "charging", "data".
	Service string
	// Unit is what PricePerUnit buys: 1 to 16 printable ASCII characters
	// without spaces, e.g. "pass", "kWh", "MB".
	Unit string
	// PricePerUnit is in the token's base units, above zero.
	PricePerUnit uint256.Int
	// Token is the ERC-20 token paid in; the zero address is native ETH.
	Token common.Address
	// ChainID and Contract (the ChannelManager) say where the seller opens
	// channels.
	ChainID  uint64
	Contract common.Address
	// Seller is the seller's on-chain address and PeerID its libp2p peer
	// ID, which proves Seller.
	Seller common.Address
	PeerID peer.ID
	// Addrs are where the seller can be dialled (optional, at most
	// MaxAddrs, each at most MaxAddrLen bytes).
	Addrs []ma.Multiaddr
	// Seq orders one seller's offers for one service: a higher Seq
	// replaces a lower one.
	Seq uint64
	// Expiry is in unix seconds; the offer is dead from that second on.
	Expiry uint64
	// Description is free text for people: at most 128 bytes of printable
	// UTF-8.
	Description string
}

// ExpiresAt returns Expiry as a time.
func (o *Offer) ExpiresAt() time.Time {
	if o.Expiry > uint64(maxUnix) {
		return time.Unix(maxUnix, 0)
	}
	return time.Unix(int64(o.Expiry), 0)
}

// Live reports whether the offer has not expired at now.
func (o *Offer) Live(now time.Time) bool { return o.Expiry > unixSeconds(now) }

// maxUnix keeps ExpiresAt away from time's overflow.
const maxUnix = 1 << 62

// unixSeconds is now in unix seconds; times before 1970 are 0.
func unixSeconds(now time.Time) uint64 {
	if s := now.Unix(); s > 0 {
		return uint64(s)
	}
	return 0
}

// Validate checks that every field is within its bounds. It does not look
// at the signature, the chain, the contract or the time: Check does.
func (o *Offer) Validate() error {
	if err := ValidService(o.Service); err != nil {
		return err
	}
	if n := len(o.Unit); n == 0 || n > MaxUnitLen {
		return fmt.Errorf("%w: unit of %d bytes, want 1 to %d", ErrInvalid, n, MaxUnitLen)
	}
	for i := 0; i < len(o.Unit); i++ {
		if c := o.Unit[i]; c < 0x21 || c > 0x7e {
			return fmt.Errorf("%w: unit %q has a non-printable character", ErrInvalid, o.Unit)
		}
	}
	if o.PricePerUnit.IsZero() {
		return fmt.Errorf("%w: zero price", ErrInvalid)
	}
	if n := len(o.Description); n > MaxDescriptionLen {
		return fmt.Errorf("%w: description of %d bytes, max %d", ErrInvalid, n, MaxDescriptionLen)
	}
	if !utf8.ValidString(o.Description) {
		return fmt.Errorf("%w: description is not UTF-8", ErrInvalid)
	}
	for _, r := range o.Description {
		if !unicode.IsPrint(r) {
			return fmt.Errorf("%w: description has a non-printable character %U", ErrInvalid, r)
		}
	}
	if o.PeerID == "" {
		return fmt.Errorf("%w: no peer ID", ErrInvalid)
	}
	if n := len(o.Addrs); n > MaxAddrs {
		return fmt.Errorf("%w: %d addresses, max %d", ErrInvalid, n, MaxAddrs)
	}
	for i, a := range o.Addrs {
		if n := len(a.Bytes()); n == 0 || n > MaxAddrLen {
			return fmt.Errorf("%w: address %d of %d bytes, want 1 to %d", ErrInvalid, i, n, MaxAddrLen)
		}
	}
	return nil
}

// ValidService checks a service kind: [a-z0-9-]{1,32}. Errors wrap
// ErrInvalid.
func ValidService(s string) error {
	if n := len(s); n == 0 || n > MaxServiceLen {
		return fmt.Errorf("%w: service of %d bytes, want 1 to %d", ErrInvalid, n, MaxServiceLen)
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if (c < 'a' || c > 'z') && (c < '0' || c > '9') && c != '-' {
			return fmt.Errorf("%w: service %q is not [a-z0-9-]", ErrInvalid, s)
		}
	}
	return nil
}

// toPB is the offer's wire form.
func (o *Offer) toPB() *pb.Offer {
	m := &pb.Offer{
		Service:      o.Service,
		Unit:         o.Unit,
		PricePerUnit: trimmed(o.PricePerUnit.Bytes32()),
		Token:        o.Token.Bytes(),
		ChainId:      o.ChainID,
		Contract:     o.Contract.Bytes(),
		Seller:       o.Seller.Bytes(),
		PeerId:       []byte(o.PeerID),
		Seq:          o.Seq,
		Expiry:       o.Expiry,
		Description:  o.Description,
	}
	for _, a := range o.Addrs {
		m.Addrs = append(m.Addrs, a.Bytes())
	}
	return m
}

// trimmed drops the leading zero bytes of a big-endian number.
func trimmed(b [32]byte) []byte {
	i := 0
	for i < len(b) && b[i] == 0 {
		i++
	}
	return append([]byte(nil), b[i:]...)
}

// fromPB decodes the wire form. Structural errors are ErrMalformed; it does
// not check bounds (Validate does).
func fromPB(m *pb.Offer) (Offer, error) {
	o := Offer{
		Service:     m.GetService(),
		Unit:        m.GetUnit(),
		ChainID:     m.GetChainId(),
		Seq:         m.GetSeq(),
		Expiry:      m.GetExpiry(),
		Description: m.GetDescription(),
	}
	price := m.GetPricePerUnit()
	if len(price) > 32 || (len(price) > 0 && price[0] == 0) {
		return Offer{}, fmt.Errorf("%w: price of %d bytes, want at most 32 without a leading zero", ErrMalformed, len(price))
	}
	o.PricePerUnit.SetBytes(price)
	var err error
	if o.Token, err = address("token", m.GetToken()); err != nil {
		return Offer{}, err
	}
	if o.Contract, err = address("contract", m.GetContract()); err != nil {
		return Offer{}, err
	}
	if o.Seller, err = address("seller", m.GetSeller()); err != nil {
		return Offer{}, err
	}
	if o.PeerID, err = peer.IDFromBytes(m.GetPeerId()); err != nil {
		return Offer{}, fmt.Errorf("%w: peer ID: %v", ErrMalformed, err)
	}
	for i, b := range m.GetAddrs() {
		a, err := ma.NewMultiaddrBytes(b)
		if err != nil {
			return Offer{}, fmt.Errorf("%w: address %d: %v", ErrMalformed, i, err)
		}
		o.Addrs = append(o.Addrs, a)
	}
	return o, nil
}

// address decodes a 20-byte address field.
func address(field string, b []byte) (common.Address, error) {
	if len(b) != common.AddressLength {
		return common.Address{}, fmt.Errorf("%w: %s of %d bytes, want %d", ErrMalformed, field, len(b), common.AddressLength)
	}
	return common.BytesToAddress(b), nil
}

// clone returns a copy sharing nothing mutable with o.
func (o *Offer) clone() Offer {
	c := *o
	c.Addrs = append([]ma.Multiaddr(nil), o.Addrs...)
	return c
}
