package store

import (
	"encoding/binary"
	"fmt"

	"github.com/holiman/uint256"

	"github.com/meshpay/meshpay/channels"
)

// Key prefixes. Each record kind has its own one-byte prefix followed by the
// channel ID, so one channel's records sort together.
const (
	prefixChannel     = 'c'
	prefixReservation = 'n'
	prefixWithdraw    = 'w'
	prefixPayment     = 'p'
	prefixMeta        = 'm'
)

const channelRecordVersion = 1

// channelRecordSize is the fixed size of an encoded channel.
const channelRecordSize = 1 + // version
	8 + 20 + 20 + 20 + 20 + 8 + 8 + // params
	1 + // phase
	4*32 + // deposits, withdrawn
	2*channels.SignedBalanceProofSize +
	1 + 8 + // closer, settleAfter
	channels.CoSignedSettleSize

func channelKey(id channels.ChannelID) []byte {
	return append([]byte{prefixChannel}, id[:]...)
}

func reservationKey(id channels.ChannelID) []byte {
	return append([]byte{prefixReservation}, id[:]...)
}

func withdrawKey(id channels.ChannelID, participant channels.Address) []byte {
	k := append([]byte{prefixWithdraw}, id[:]...)
	return append(k, participant[:]...)
}

func paymentPrefix(id channels.ChannelID) []byte {
	return append([]byte{prefixPayment}, id[:]...)
}

func paymentKey(p *Payment) []byte {
	k := make([]byte, 0, 1+32+1+8+2)
	k = append(k, prefixPayment)
	k = append(k, p.ChannelID[:]...)
	k = append(k, byte(p.Direction))
	k = binary.BigEndian.AppendUint64(k, p.Nonce)
	return binary.BigEndian.AppendUint16(k, p.Index)
}

func metaKey(name string) []byte { return append([]byte{prefixMeta}, name...) }

func encodeChannel(c *channels.Channel) []byte {
	b := make([]byte, 0, channelRecordSize)
	b = append(b, channelRecordVersion)
	p := &c.Params
	b = binary.BigEndian.AppendUint64(b, p.ChainID)
	b = append(b, p.Contract[:]...)
	b = append(b, p.Participants[0][:]...)
	b = append(b, p.Participants[1][:]...)
	b = append(b, p.Token[:]...)
	b = binary.BigEndian.AppendUint64(b, p.Counter)
	b = binary.BigEndian.AppendUint64(b, p.ChallengePeriod)
	b = append(b, byte(c.Phase))
	for _, v := range [...]*[2]uint256.Int{&c.Deposit, &c.Withdrawn} {
		for i := range v {
			w := v[i].Bytes32()
			b = append(b, w[:]...)
		}
	}
	for i := range c.Proofs {
		b, _ = c.Proofs[i].AppendBinary(b)
	}
	b = append(b, byte(c.Closer))
	b = binary.BigEndian.AppendUint64(b, c.SettleAfter)
	s, _ := c.Settle.MarshalBinary()
	return append(b, s...)
}

func decodeChannel(id channels.ChannelID, b []byte) (channels.Channel, error) {
	corrupt := func(why string, args ...any) (channels.Channel, error) {
		return channels.Channel{}, fmt.Errorf("channel %s: %w: %s", id, ErrCorrupt, fmt.Sprintf(why, args...))
	}
	if len(b) != channelRecordSize {
		return corrupt("record of %d bytes, want %d", len(b), channelRecordSize)
	}
	if b[0] != channelRecordVersion {
		return corrupt("record version %d", b[0])
	}
	r := cursor{b: b[1:]}
	var p channels.Params
	p.ChainID = r.uint64()
	r.copy(p.Contract[:])
	r.copy(p.Participants[0][:])
	r.copy(p.Participants[1][:])
	r.copy(p.Token[:])
	p.Counter = r.uint64()
	p.ChallengePeriod = r.uint64()
	c, err := channels.NewChannel(p)
	if err != nil {
		return corrupt("%v", err)
	}
	if c.ID != id {
		return corrupt("parameters derive channel %s", c.ID)
	}
	c.Phase = channels.Phase(r.byte())
	if !c.Phase.Valid() {
		return corrupt("unknown %s", c.Phase)
	}
	for _, v := range [...]*[2]uint256.Int{&c.Deposit, &c.Withdrawn} {
		for i := range v {
			v[i].SetBytes32(r.next(32))
		}
	}
	for i := range c.Proofs {
		if err := c.Proofs[i].UnmarshalBinary(r.next(channels.SignedBalanceProofSize)); err != nil {
			return corrupt("proof %d: %v", i, err)
		}
		if !c.Proofs[i].IsZero() && c.Proofs[i].Proof.ChannelID != id {
			return corrupt("proof %d names channel %s", i, c.Proofs[i].Proof.ChannelID)
		}
	}
	c.Closer = int(r.byte())
	if c.Closer > 1 {
		return corrupt("closer index %d", c.Closer)
	}
	c.SettleAfter = r.uint64()
	if err := c.Settle.UnmarshalBinary(r.next(channels.CoSignedSettleSize)); err != nil {
		return corrupt("settle: %v", err)
	}
	return c, nil
}

func encodePayment(p *Payment) []byte {
	b := make([]byte, 0, 32+8+len(p.Reference))
	w := p.Amount.Bytes32()
	b = append(b, w[:]...)
	b = binary.BigEndian.AppendUint64(b, uint64(p.UnixNano))
	return append(b, p.Reference...)
}

func decodePayment(key, val []byte) (Payment, error) {
	var p Payment
	if len(key) != 1+32+1+8+2 {
		return p, fmt.Errorf("payment key of %d bytes: %w", len(key), ErrCorrupt)
	}
	copy(p.ChannelID[:], key[1:33])
	if len(val) < 40 || len(val) > 40+MaxReferenceLen {
		return p, fmt.Errorf("channel %s payment: %w: value of %d bytes", p.ChannelID, ErrCorrupt, len(val))
	}
	p.Direction = Direction(key[33])
	p.Nonce = binary.BigEndian.Uint64(key[34:42])
	p.Index = binary.BigEndian.Uint16(key[42:44])
	p.Amount.SetBytes32(val[:32])
	p.UnixNano = int64(binary.BigEndian.Uint64(val[32:40]))
	p.Reference = string(val[40:])
	return p, nil
}

func decodeReservation(id channels.ChannelID, b []byte) (uint64, error) {
	if len(b) != 8 {
		return 0, fmt.Errorf("channel %s reservation: %w: %d bytes", id, ErrCorrupt, len(b))
	}
	return binary.BigEndian.Uint64(b), nil
}

// cursor walks a buffer whose length the caller has checked.
type cursor struct{ b []byte }

func (r *cursor) next(n int) []byte { v := r.b[:n]; r.b = r.b[n:]; return v }
func (r *cursor) copy(dst []byte)   { r.b = r.b[copy(dst, r.b):] }
func (r *cursor) byte() byte        { return r.next(1)[0] }
func (r *cursor) uint64() uint64    { return binary.BigEndian.Uint64(r.next(8)) }
