package channels

import (
	"encoding/binary"
	"fmt"

	"github.com/holiman/uint256"
)

// BalanceProof is the sender's cumulative claim on one direction of a
// channel. The sender signs it; the receiver verifies it.
type BalanceProof struct {
	ChannelID         ChannelID
	Nonce             uint64
	TransferredAmount uint256.Int
	LockedAmount      uint256.Int
	LocksRoot         [32]byte
}

// SignedBalanceProof is a balance proof, its signature, and the chain and
// contract the sender meant (so a replay is named as such, not only as a
// wrong signer).
type SignedBalanceProof struct {
	ChainID   uint64
	Contract  Address
	Proof     BalanceProof
	Signature Signature
}

// IsZero reports whether sp is the empty proof ("nothing sent yet").
func (sp *SignedBalanceProof) IsZero() bool { return sp.Proof.Nonce == 0 }

// SignBalanceProof signs p under d.
func SignBalanceProof(d Domain, p BalanceProof, s Signer) (SignedBalanceProof, error) {
	sig, err := s.SignDigest(d.BalanceProofDigest(&p))
	if err != nil {
		return SignedBalanceProof{}, fmt.Errorf("sign balance proof %s nonce %d: %w", p.ChannelID, p.Nonce, err)
	}
	return SignedBalanceProof{ChainID: d.ChainID, Contract: d.Contract, Proof: p, Signature: sig}, nil
}

// Withdraw asks the chain to pay a participant part of its balance while the
// channel stays open. TotalWithdraw is cumulative.
type Withdraw struct {
	ChannelID     ChannelID
	Participant   Address
	TotalWithdraw uint256.Int
	// Expiry is a unix time in seconds; the withdraw is valid until then.
	Expiry uint64
}

// CoSignedWithdraw is a withdraw with both participants' signatures. The
// participant's own signature may be empty when it sends the transaction.
type CoSignedWithdraw struct {
	Withdraw       Withdraw
	ParticipantSig Signature
	PartnerSig     Signature
}

// CooperativeSettle closes a channel at once with agreed final balances.
type CooperativeSettle struct {
	ChannelID ChannelID
	Balances  [2]uint256.Int
}

// Pot is what s pays out in all (amounts are capped far below overflow).
func (s *CooperativeSettle) Pot() uint256.Int {
	var pot uint256.Int
	pot.Add(&s.Balances[PartA], &s.Balances[PartB])
	return pot
}

// CoSignedSettle is a cooperative settle with the signatures of A and B.
type CoSignedSettle struct {
	Settle     CooperativeSettle
	Signatures [2]Signature
}

// Binary encodings. They are fixed-length and versioned: the store keeps
// them, and FuzzDecodeValidate drives them.
const (
	encodingVersion = 1
	// SignedBalanceProofSize is the encoded size of a SignedBalanceProof.
	SignedBalanceProofSize = 1 + 8 + 20 + 32 + 8 + 32 + 32 + 32 + SignatureLen
	// CoSignedWithdrawSize is the encoded size of a CoSignedWithdraw.
	CoSignedWithdrawSize = 1 + 32 + 20 + 32 + 8 + 2*SignatureLen
	// CoSignedSettleSize is the encoded size of a CoSignedSettle.
	CoSignedSettleSize = 1 + 32 + 32 + 32 + 2*SignatureLen
)

// MarshalBinary encodes the proof.
func (sp *SignedBalanceProof) MarshalBinary() ([]byte, error) {
	return sp.AppendBinary(make([]byte, 0, SignedBalanceProofSize))
}

// AppendBinary appends the encoding to b.
func (sp *SignedBalanceProof) AppendBinary(b []byte) ([]byte, error) {
	b = append(b, encodingVersion)
	b = binary.BigEndian.AppendUint64(b, sp.ChainID)
	b = append(b, sp.Contract[:]...)
	b = append(b, sp.Proof.ChannelID[:]...)
	b = binary.BigEndian.AppendUint64(b, sp.Proof.Nonce)
	b = appendAmount(b, &sp.Proof.TransferredAmount)
	b = appendAmount(b, &sp.Proof.LockedAmount)
	b = append(b, sp.Proof.LocksRoot[:]...)
	return append(b, sp.Signature[:]...), nil
}

// UnmarshalBinary decodes a proof; any other length or version is ErrMalformed.
func (sp *SignedBalanceProof) UnmarshalBinary(b []byte) error {
	if len(b) != SignedBalanceProofSize || b[0] != encodingVersion {
		return fmt.Errorf("%w: balance proof of %d bytes", ErrMalformed, len(b))
	}
	r := reader{b: b[1:]}
	sp.ChainID = r.uint64()
	r.copy(sp.Contract[:])
	r.copy(sp.Proof.ChannelID[:])
	sp.Proof.Nonce = r.uint64()
	r.amount(&sp.Proof.TransferredAmount)
	r.amount(&sp.Proof.LockedAmount)
	r.copy(sp.Proof.LocksRoot[:])
	r.copy(sp.Signature[:])
	return nil
}

// MarshalBinary encodes the withdraw with its signatures.
func (w *CoSignedWithdraw) MarshalBinary() ([]byte, error) {
	b := make([]byte, 0, CoSignedWithdrawSize)
	b = append(b, encodingVersion)
	b = append(b, w.Withdraw.ChannelID[:]...)
	b = append(b, w.Withdraw.Participant[:]...)
	b = appendAmount(b, &w.Withdraw.TotalWithdraw)
	b = binary.BigEndian.AppendUint64(b, w.Withdraw.Expiry)
	b = append(b, w.ParticipantSig[:]...)
	return append(b, w.PartnerSig[:]...), nil
}

// UnmarshalBinary decodes a co-signed withdraw.
func (w *CoSignedWithdraw) UnmarshalBinary(b []byte) error {
	if len(b) != CoSignedWithdrawSize || b[0] != encodingVersion {
		return fmt.Errorf("%w: withdraw of %d bytes", ErrMalformed, len(b))
	}
	r := reader{b: b[1:]}
	r.copy(w.Withdraw.ChannelID[:])
	r.copy(w.Withdraw.Participant[:])
	r.amount(&w.Withdraw.TotalWithdraw)
	w.Withdraw.Expiry = r.uint64()
	r.copy(w.ParticipantSig[:])
	r.copy(w.PartnerSig[:])
	return nil
}

// MarshalBinary encodes the settle with its signatures.
func (s *CoSignedSettle) MarshalBinary() ([]byte, error) {
	b := make([]byte, 0, CoSignedSettleSize)
	b = append(b, encodingVersion)
	b = append(b, s.Settle.ChannelID[:]...)
	b = appendAmount(b, &s.Settle.Balances[PartA])
	b = appendAmount(b, &s.Settle.Balances[PartB])
	b = append(b, s.Signatures[PartA][:]...)
	return append(b, s.Signatures[PartB][:]...), nil
}

// UnmarshalBinary decodes a co-signed settle.
func (s *CoSignedSettle) UnmarshalBinary(b []byte) error {
	if len(b) != CoSignedSettleSize || b[0] != encodingVersion {
		return fmt.Errorf("%w: cooperative settle of %d bytes", ErrMalformed, len(b))
	}
	r := reader{b: b[1:]}
	r.copy(s.Settle.ChannelID[:])
	r.amount(&s.Settle.Balances[PartA])
	r.amount(&s.Settle.Balances[PartB])
	r.copy(s.Signatures[PartA][:])
	r.copy(s.Signatures[PartB][:])
	return nil
}

func appendAmount(b []byte, v *uint256.Int) []byte {
	w := v.Bytes32()
	return append(b, w[:]...)
}

// reader walks a buffer whose length the caller has already checked.
type reader struct{ b []byte }

func (r *reader) copy(dst []byte) { r.b = r.b[copy(dst, r.b):] }

func (r *reader) uint64() uint64 {
	v := binary.BigEndian.Uint64(r.b)
	r.b = r.b[8:]
	return v
}

func (r *reader) amount(v *uint256.Int) {
	v.SetBytes32(r.b[:32])
	r.b = r.b[32:]
}
