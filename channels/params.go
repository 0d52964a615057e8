package channels

import (
	"bytes"
	"encoding/hex"
	"fmt"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
)

// Address is an Ethereum account address.
type Address = common.Address

// ChannelID identifies a channel across every chain and contract; see
// Params.ID for its derivation.
type ChannelID [32]byte

// String returns a short form for logs and tables.
func (id ChannelID) String() string { return "0x" + hex.EncodeToString(id[:4]) + "…" }

// Hex returns the full 0x-prefixed hex form.
func (id ChannelID) Hex() string { return "0x" + hex.EncodeToString(id[:]) }

// ParseChannelID parses a 0x-prefixed 32-byte hex string.
func ParseChannelID(s string) (ChannelID, error) {
	var id ChannelID
	b, err := hex.DecodeString(trim0x(s))
	if err != nil || len(b) != len(id) {
		return id, fmt.Errorf("parse channel id %q: %w", s, ErrMalformed)
	}
	copy(id[:], b)
	return id, nil
}

func trim0x(s string) string {
	if len(s) >= 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X') {
		return s[2:]
	}
	return s
}

// Participant indexes: A is the numerically lower address.
const (
	PartA = 0
	PartB = 1
)

// Params are a channel's immutable parameters, fixed when it is opened.
type Params struct {
	ChainID  uint64
	Contract Address
	// Participants are sorted: Participants[PartA] < Participants[PartB].
	Participants [2]Address
	// Token is the ERC-20 token, or the zero address for native ETH.
	Token Address
	// Counter is the contract's open counter for this channel (from 1).
	Counter uint64
	// ChallengePeriod is the number of seconds between a unilateral close
	// and the earliest settle.
	ChallengePeriod uint64
}

// SortParticipants returns a and b in protocol order (A < B).
func SortParticipants(a, b Address) [2]Address {
	if bytes.Compare(a[:], b[:]) > 0 {
		return [2]Address{b, a}
	}
	return [2]Address{a, b}
}

// Validate checks the parameters against the protocol's rules.
func (p *Params) Validate() error {
	switch {
	case p.ChainID == 0:
		return fmt.Errorf("%w: zero chain id", ErrInvalidParams)
	case p.Contract == (Address{}):
		return fmt.Errorf("%w: zero contract address", ErrInvalidParams)
	case p.Participants[PartA] == (Address{}) || p.Participants[PartB] == (Address{}):
		return fmt.Errorf("%w: zero participant", ErrInvalidParams)
	case bytes.Compare(p.Participants[PartA][:], p.Participants[PartB][:]) >= 0:
		return fmt.Errorf("%w: participants not sorted or equal", ErrInvalidParams)
	case p.Counter == 0:
		return fmt.Errorf("%w: zero counter", ErrInvalidParams)
	}
	return nil
}

// ID derives the channel ID:
// keccak256(abi.encode(chainId, contract, A, B, token, counter)).
func (p *Params) ID() ChannelID {
	var buf [6 * 32]byte
	putUint64Word(buf[0:32], p.ChainID)
	copy(buf[32+12:64], p.Contract[:])
	copy(buf[64+12:96], p.Participants[PartA][:])
	copy(buf[96+12:128], p.Participants[PartB][:])
	copy(buf[128+12:160], p.Token[:])
	putUint64Word(buf[160:192], p.Counter)
	return ChannelID(crypto.Keccak256Hash(buf[:]))
}

// Domain returns the EIP-712 domain of the channel's messages.
func (p *Params) Domain() Domain { return NewDomain(p.ChainID, p.Contract) }

// Index returns the participant index of addr.
func (p *Params) Index(addr Address) (int, error) {
	switch addr {
	case p.Participants[PartA]:
		return PartA, nil
	case p.Participants[PartB]:
		return PartB, nil
	}
	return 0, fmt.Errorf("%w: %s", ErrNotParticipant, addr)
}

// Partner returns the other participant's index.
func Partner(i int) int { return 1 - i }

func putUint64Word(word []byte, v uint64) {
	for i := 0; i < 8; i++ {
		word[31-i] = byte(v >> (8 * i))
	}
}
