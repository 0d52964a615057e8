package metering

import (
	"crypto/ecdsa"
	"fmt"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/holiman/uint256"
	"google.golang.org/protobuf/proto"

	"github.com/meshpay/meshpay/channels"
	"github.com/meshpay/meshpay/node/identity"
	"github.com/meshpay/meshpay/node/metering/pb"
)

// usageDomain separates usage-record signatures from every other use of a
// device's key.
const usageDomain = "meshpay usage v1\x00"

// UsageRecord is the seller's statement of what it delivered in a
// session, cumulative since the session started.
type UsageRecord struct {
	SessionID    SessionID
	Seller       channels.Address
	Buyer        channels.Address
	ChannelID    channels.ChannelID
	Service      string
	Unit         string
	PricePerUnit uint256.Int
	// Seq numbers a session's records from 1.
	Seq uint64
	// Units is cumulative; Due is Units × PricePerUnit.
	Units uint64
	Due   uint256.Int
	// Paid is what the seller had received for the session when it
	// signed.
	Paid uint256.Int
	// Time is when the seller signed (millisecond precision).
	Time time.Time
	// Final marks the session's last record; Reason says why it ended.
	Final  bool
	Reason Reason
}

// SignedUsage is a marshalled UsageRecord and the seller's signature over
// those exact bytes, so no canonical encoding is needed to check it.
type SignedUsage struct {
	Record    []byte
	Signature []byte
}

// SignUsage marshals r and signs it with key.
func SignUsage(r *UsageRecord, key *ecdsa.PrivateKey) (SignedUsage, error) {
	raw, err := proto.MarshalOptions{Deterministic: true}.Marshal(r.toPB())
	if err != nil {
		return SignedUsage{}, fmt.Errorf("metering: marshal usage record: %w", err)
	}
	sig, err := identity.SignMessage(key, usageDomain, raw)
	if err != nil {
		return SignedUsage{}, fmt.Errorf("metering: sign usage record: %w", err)
	}
	return SignedUsage{Record: raw, Signature: sig}, nil
}

// Verify decodes the record and returns it with the address that signed
// it. Errors wrap ErrMalformed or ErrBadSignature. It does not check that
// the signer is the record's seller: the caller compares.
func (s *SignedUsage) Verify() (UsageRecord, channels.Address, error) {
	var m pb.UsageRecord
	if err := proto.Unmarshal(s.Record, &m); err != nil {
		return UsageRecord{}, common.Address{}, fmt.Errorf("%w: usage record: %v", ErrMalformed, err)
	}
	r, err := recordFromPB(&m)
	if err != nil {
		return UsageRecord{}, common.Address{}, err
	}
	signer, err := identity.RecoverMessage(usageDomain, s.Record, s.Signature)
	if err != nil {
		return UsageRecord{}, common.Address{}, fmt.Errorf("%w: %w", ErrBadSignature, err)
	}
	return r, signer, nil
}

func (s *SignedUsage) toPB() *pb.SignedUsage {
	return &pb.SignedUsage{Record: s.Record, Signature: s.Signature}
}

func signedFromPB(m *pb.SignedUsage) SignedUsage {
	return SignedUsage{Record: append([]byte(nil), m.GetRecord()...), Signature: append([]byte(nil), m.GetSignature()...)}
}

func (r *UsageRecord) toPB() *pb.UsageRecord {
	var t uint64
	if ms := r.Time.UnixMilli(); ms > 0 {
		t = uint64(ms)
	}
	return &pb.UsageRecord{
		SessionId:    r.SessionID[:],
		Seller:       r.Seller.Bytes(),
		Buyer:        r.Buyer.Bytes(),
		ChannelId:    r.ChannelID[:],
		Service:      r.Service,
		Unit:         r.Unit,
		PricePerUnit: encodeAmount(&r.PricePerUnit),
		Seq:          r.Seq,
		Units:        r.Units,
		Due:          encodeAmount(&r.Due),
		Paid:         encodeAmount(&r.Paid),
		Time:         t,
		Final:        r.Final,
		Reason:       pb.Reason(r.Reason),
	}
}

func recordFromPB(m *pb.UsageRecord) (UsageRecord, error) {
	r := UsageRecord{Service: m.GetService(), Unit: m.GetUnit(), Seq: m.GetSeq(), Units: m.GetUnits(), Final: m.GetFinal(), Reason: Reason(m.GetReason())}
	var err error
	if r.SessionID, err = decodeSessionID(m.GetSessionId()); err != nil {
		return UsageRecord{}, err
	}
	if r.Seller, err = decodeAddress("seller", m.GetSeller()); err != nil {
		return UsageRecord{}, err
	}
	if r.Buyer, err = decodeAddress("buyer", m.GetBuyer()); err != nil {
		return UsageRecord{}, err
	}
	if r.ChannelID, err = decodeChannelID(m.GetChannelId()); err != nil {
		return UsageRecord{}, err
	}
	if r.PricePerUnit, err = decodeAmount("price_per_unit", m.GetPricePerUnit()); err != nil {
		return UsageRecord{}, err
	}
	if r.Due, err = decodeAmount("due", m.GetDue()); err != nil {
		return UsageRecord{}, err
	}
	if r.Paid, err = decodeAmount("paid", m.GetPaid()); err != nil {
		return UsageRecord{}, err
	}
	if m.GetTime() > 1<<62 {
		return UsageRecord{}, fmt.Errorf("%w: time %d out of range", ErrMalformed, m.GetTime())
	}
	if !r.Reason.valid() {
		return UsageRecord{}, fmt.Errorf("%w: unknown reason %d", ErrMalformed, r.Reason)
	}
	r.Time = time.UnixMilli(int64(m.GetTime()))
	return r, nil
}

// encodeAmount is the minimal big-endian form of a (empty for zero).
func encodeAmount(a *uint256.Int) []byte {
	if a.IsZero() {
		return nil
	}
	return a.Bytes()
}

// decodeAmount decodes an amount field: at most 32 bytes, no leading zero.
func decodeAmount(field string, b []byte) (uint256.Int, error) {
	var a uint256.Int
	if len(b) > 32 || (len(b) > 0 && b[0] == 0) {
		return a, fmt.Errorf("%w: %s of %d bytes, want at most 32 without a leading zero", ErrMalformed, field, len(b))
	}
	a.SetBytes(b)
	return a, nil
}

func decodeAddress(field string, b []byte) (common.Address, error) {
	if len(b) != common.AddressLength {
		return common.Address{}, fmt.Errorf("%w: %s of %d bytes, want %d", ErrMalformed, field, len(b), common.AddressLength)
	}
	return common.BytesToAddress(b), nil
}

func decodeChannelID(b []byte) (channels.ChannelID, error) {
	var id channels.ChannelID
	if len(b) != len(id) {
		return id, fmt.Errorf("%w: channel_id of %d bytes, want %d", ErrMalformed, len(b), len(id))
	}
	copy(id[:], b)
	return id, nil
}

func decodeSessionID(b []byte) (SessionID, error) {
	var id SessionID
	if len(b) != len(id) {
		return id, fmt.Errorf("%w: session_id of %d bytes, want %d", ErrMalformed, len(b), len(id))
	}
	copy(id[:], b)
	return id, nil
}
