package control

import (
	"fmt"
	"strings"

	"github.com/holiman/uint256"

	"github.com/meshpay/meshpay/channels/store"
)

// MaxReferenceLen bounds PayRequest.Reference, in bytes: what the store keeps.
const MaxReferenceLen = store.MaxReferenceLen

// maxAmountDigits is the length of 2^256-1 in decimal.
const maxAmountDigits = 78

// maxAddrLen bounds a multiaddr or peer ID, well above any real one.
const maxAddrLen = 1024

// maxOfferTextLen bounds an offer's text fields before the node applies
// the offer's own, tighter bounds.
const maxOfferTextLen = 1024

// ParseAmount parses a decimal string of base units: digits only (no sign,
// no spaces, no exponent), at most 78 of them, at most 2^256-1. Errors wrap
// ErrInvalidArgument.
func ParseAmount(s string) (*uint256.Int, error) {
	if s == "" {
		return nil, fmt.Errorf("%w: empty amount", ErrInvalidArgument)
	}
	if len(s) > maxAmountDigits {
		return nil, fmt.Errorf("%w: amount of %d digits, at most %d", ErrInvalidArgument, len(s), maxAmountDigits)
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return nil, fmt.Errorf("%w: amount %q is not a decimal integer", ErrInvalidArgument, s)
		}
	}
	v, err := uint256.FromDecimal(s)
	if err != nil {
		return nil, fmt.Errorf("%w: amount %q: %v", ErrInvalidArgument, s, err)
	}
	return v, nil
}

// parsePositive is ParseAmount refusing zero; field names the amount.
func parsePositive(field, s string) error {
	v, err := ParseAmount(s)
	if err != nil {
		return fmt.Errorf("%s: %w", field, err)
	}
	if v.IsZero() {
		return fmt.Errorf("%s: %w: must be greater than 0", field, ErrInvalidArgument)
	}
	return nil
}

// ValidateChannelID checks a 0x-hex 32-byte channel ID.
func ValidateChannelID(id string) error {
	if !isHex0x(id, 32) {
		return fmt.Errorf("%w: channel id %q is not 0x and 64 hex digits", ErrInvalidArgument, truncate(id))
	}
	return nil
}

// ValidateAddress checks a 0x-hex 20-byte address (any letter case).
func ValidateAddress(field, a string) error {
	if !isHex0x(a, 20) {
		return fmt.Errorf("%s: %w: %q is not 0x and 40 hex digits", field, ErrInvalidArgument, truncate(a))
	}
	return nil
}

// ValidatePeer checks an OpenRequest.Peer: an address, or a string that can
// be a libp2p peer ID (base58 or multibase, letters and digits only). The
// node parses the peer ID itself.
func ValidatePeer(p string) error {
	if strings.HasPrefix(p, "0x") || strings.HasPrefix(p, "0X") {
		return ValidateAddress("peer", p)
	}
	if p == "" || len(p) > maxAddrLen || !isAlnum(p) {
		return fmt.Errorf("peer: %w: %q is neither an address nor a peer id", ErrInvalidArgument, truncate(p))
	}
	return nil
}

// Validate checks the request.
func (r ConnectRequest) Validate() error {
	if !strings.HasPrefix(r.Addr, "/") || !strings.Contains(r.Addr, "/p2p/") || len(r.Addr) > maxAddrLen {
		return fmt.Errorf("addr: %w: %q is not a multiaddr with /p2p/<peer id>", ErrInvalidArgument, truncate(r.Addr))
	}
	for _, c := range r.Addr {
		if c <= ' ' || c == 0x7f {
			return fmt.Errorf("addr: %w: control character or space", ErrInvalidArgument)
		}
	}
	return nil
}

// Validate checks the request.
func (r OpenRequest) Validate() error {
	if err := ValidatePeer(r.Peer); err != nil {
		return err
	}
	if err := ValidateAddress("token", r.Token); err != nil {
		return err
	}
	if r.Deposit != "" {
		if _, err := ParseAmount(r.Deposit); err != nil {
			return fmt.Errorf("deposit: %w", err)
		}
	}
	return nil
}

// Validate checks the request's form: the fields are present, the price is
// a positive amount and the token an address. The node checks the rest of
// the offer's bounds (service and unit syntax, lengths, the TTL limit).
func (r OfferRequest) Validate() error {
	if r.Service == "" || len(r.Service) > maxOfferTextLen {
		return fmt.Errorf("service: %w: required, at most %d bytes", ErrInvalidArgument, maxOfferTextLen)
	}
	if r.Unit == "" || len(r.Unit) > maxOfferTextLen {
		return fmt.Errorf("unit: %w: required, at most %d bytes", ErrInvalidArgument, maxOfferTextLen)
	}
	if err := parsePositive("price_per_unit", r.PricePerUnit); err != nil {
		return err
	}
	if err := ValidateAddress("token", r.Token); err != nil {
		return err
	}
	if r.TTLSeconds > maxOfferTTLSeconds {
		return fmt.Errorf("ttl_seconds: %w: %d, at most %d", ErrInvalidArgument, r.TTLSeconds, maxOfferTTLSeconds)
	}
	if len(r.Description) > maxOfferTextLen {
		return fmt.Errorf("description: %w: %d bytes", ErrInvalidArgument, len(r.Description))
	}
	return nil
}

// Validate checks the request.
func (r DepositRequest) Validate() error { return parsePositive("amount", r.Amount) }

// Validate checks the request.
func (r PayRequest) Validate() error {
	if err := parsePositive("amount", r.Amount); err != nil {
		return err
	}
	if len(r.Reference) > MaxReferenceLen {
		return fmt.Errorf("reference: %w: %d bytes, at most %d", ErrInvalidArgument, len(r.Reference), MaxReferenceLen)
	}
	return nil
}

// Validate checks the request.
func (r WithdrawRequest) Validate() error { return parsePositive("amount", r.Amount) }

func isHex0x(s string, n int) bool {
	if len(s) != 2+2*n || s[0] != '0' || (s[1] != 'x' && s[1] != 'X') {
		return false
	}
	for i := 2; i < len(s); i++ {
		c := s[i]
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
			return false
		}
	}
	return true
}

func isAlnum(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z') {
			return false
		}
	}
	return true
}

// truncate keeps error messages short when the input is not.
func truncate(s string) string {
	const max = 80
	if len(s) > max {
		return s[:max] + "…"
	}
	return s
}
