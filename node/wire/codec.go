package wire

import (
	"fmt"
	"unicode/utf8"

	"github.com/ethereum/go-ethereum/common"
	"github.com/holiman/uint256"

	"github.com/meshpay/meshpay/channels"
	"github.com/meshpay/meshpay/channels/engine"
	"github.com/meshpay/meshpay/channels/store"
	"github.com/meshpay/meshpay/node/wire/pb"
)

// MaxItemsPerPayment bounds the items of one Payment.
const MaxItemsPerPayment = 1024

// MaxSyncChannels bounds the channels of one SyncRequest or SyncReply.
const MaxSyncChannels = 1024

// maxAmountLen is the longest amount: 256 bits.
const maxAmountLen = 32

// Hello opens every stream, from both sides.
type Hello struct {
	// Version is the sender's protocol version (Version).
	Version uint32
	// ChainID and Contract name the one chain and ChannelManager the
	// sender talks channels on.
	ChainID  uint64
	Contract common.Address
	// Address is the sender's on-chain address; the session checks that it
	// belongs to the stream's remote peer ID.
	Address common.Address
}

// Proposal asks the partner to agree to a channel the proposer then opens.
type Proposal struct {
	// Token is the ERC-20 token, or the zero address for native ETH.
	Token           common.Address
	ChallengePeriod uint64
	// Deposit is what the proposer deposits when it opens.
	Deposit uint256.Int
}

// ChannelProofs is what one side holds of one channel: the latest proof it
// signed and the latest it received; a zero proof (nonce 0) is absent.
// PartnerWithdraw, if not nil, is the latest withdraw of the other side's
// that this side co-signed and counts.
type ChannelProofs struct {
	ChannelID       channels.ChannelID
	Sent            channels.SignedBalanceProof
	Received        channels.SignedBalanceProof
	PartnerWithdraw *channels.CoSignedWithdraw
}

func malformed(field, format string, args ...any) error {
	return fmt.Errorf("%w: %s: %s", ErrMalformed, field, fmt.Sprintf(format, args...))
}

// decodeFixed copies src into dst, which it must fill exactly.
func decodeFixed(dst, src []byte, field string) error {
	if len(src) != len(dst) {
		return malformed(field, "%d bytes, want %d", len(src), len(dst))
	}
	copy(dst, src)
	return nil
}

// decodeAmount reads a big-endian amount of at most 32 bytes; empty is 0.
func decodeAmount(dst *uint256.Int, src []byte, field string) error {
	if len(src) > maxAmountLen {
		return malformed(field, "%d bytes, at most %d", len(src), maxAmountLen)
	}
	dst.SetBytes(src)
	return nil
}

// encodeAmount returns the minimal big-endian form; zero is empty.
func encodeAmount(v *uint256.Int) []byte {
	if v.IsZero() {
		return nil
	}
	return v.Bytes()
}

func clone(b []byte) []byte { return append([]byte(nil), b...) }

// EncodeProof converts a signed proof. Its chain and contract are not sent:
// they are the stream's, from Hello.
func EncodeProof(sp channels.SignedBalanceProof) *pb.BalanceProof {
	p := &pb.BalanceProof{
		ChannelId:         clone(sp.Proof.ChannelID[:]),
		Nonce:             sp.Proof.Nonce,
		TransferredAmount: encodeAmount(&sp.Proof.TransferredAmount),
		LockedAmount:      encodeAmount(&sp.Proof.LockedAmount),
		Signature:         clone(sp.Signature[:]),
	}
	if sp.Proof.LocksRoot != ([32]byte{}) {
		p.LocksRoot = clone(sp.Proof.LocksRoot[:])
	}
	return p
}

// DecodeProof converts a received proof, with the chain and contract of the
// stream's Hello. Nonce 0 ("no proof") is malformed: a sent proof is real.
func DecodeProof(p *pb.BalanceProof, chainID uint64, contract common.Address) (channels.SignedBalanceProof, error) {
	return decodeProof(p, chainID, contract, "balance_proof")
}

func decodeProof(p *pb.BalanceProof, chainID uint64, contract common.Address, field string) (channels.SignedBalanceProof, error) {
	sp := channels.SignedBalanceProof{ChainID: chainID, Contract: contract}
	if p == nil {
		return sp, malformed(field, "missing")
	}
	if err := decodeFixed(sp.Proof.ChannelID[:], p.GetChannelId(), field+".channel_id"); err != nil {
		return sp, err
	}
	if sp.Proof.Nonce = p.GetNonce(); sp.Proof.Nonce == 0 {
		return sp, malformed(field+".nonce", "zero")
	}
	if err := decodeAmount(&sp.Proof.TransferredAmount, p.GetTransferredAmount(), field+".transferred_amount"); err != nil {
		return sp, err
	}
	if err := decodeAmount(&sp.Proof.LockedAmount, p.GetLockedAmount(), field+".locked_amount"); err != nil {
		return sp, err
	}
	if root := p.GetLocksRoot(); len(root) != 0 {
		if err := decodeFixed(sp.Proof.LocksRoot[:], root, field+".locks_root"); err != nil {
			return sp, err
		}
	}
	if err := decodeFixed(sp.Signature[:], p.GetSignature(), field+".signature"); err != nil {
		return sp, err
	}
	return sp, nil
}

// EncodePayment converts a delivery. It does not cut: the caller keeps
// len(d.Payments) <= MaxItemsPerPayment and each reference valid UTF-8 of
// at most store.MaxReferenceLen bytes, or the peer refuses the Payment.
func EncodePayment(d engine.Delivery) *pb.Payment {
	p := &pb.Payment{Proof: EncodeProof(d.Proof)}
	if len(d.Payments) > 0 {
		p.Items = make([]*pb.PaymentItem, len(d.Payments))
		for i := range d.Payments {
			it := &d.Payments[i]
			p.Items[i] = &pb.PaymentItem{Amount: encodeAmount(&it.Amount), Reference: it.Reference, Nonce: it.Nonce}
		}
	}
	return p
}

// DecodePayment converts a received Payment, with the chain and contract of
// the stream's Hello. Whether the items add up is the engine's check.
func DecodePayment(p *pb.Payment, chainID uint64, contract common.Address) (engine.Delivery, error) {
	var d engine.Delivery
	if p == nil {
		return d, malformed("payment", "missing")
	}
	var err error
	if d.Proof, err = decodeProof(p.GetProof(), chainID, contract, "payment.proof"); err != nil {
		return engine.Delivery{}, err
	}
	items := p.GetItems()
	if len(items) > MaxItemsPerPayment {
		return engine.Delivery{}, malformed("payment.items", "%d items, at most %d", len(items), MaxItemsPerPayment)
	}
	if len(items) > 0 {
		d.Payments = make([]engine.PaymentInfo, len(items))
	}
	for i, it := range items {
		field := fmt.Sprintf("payment.items[%d]", i)
		if it == nil {
			return engine.Delivery{}, malformed(field, "missing")
		}
		pi := &d.Payments[i]
		if err := decodeAmount(&pi.Amount, it.GetAmount(), field+".amount"); err != nil {
			return engine.Delivery{}, err
		}
		ref := it.GetReference()
		if len(ref) > store.MaxReferenceLen {
			return engine.Delivery{}, malformed(field+".reference", "%d bytes, at most %d", len(ref), store.MaxReferenceLen)
		}
		if !utf8.ValidString(ref) {
			return engine.Delivery{}, malformed(field+".reference", "not UTF-8")
		}
		pi.Reference, pi.Nonce = ref, it.GetNonce()
	}
	return d, nil
}

// EncodeAck converts an acknowledgement.
func EncodeAck(a engine.Ack) *pb.Ack {
	return &pb.Ack{ChannelId: clone(a.ChannelID[:]), Nonce: a.Nonce}
}

// DecodeAck converts a received Ack; nonce 0 acknowledges nothing and is
// malformed.
func DecodeAck(p *pb.Ack) (engine.Ack, error) {
	var a engine.Ack
	if p == nil {
		return a, malformed("ack", "missing")
	}
	if err := decodeFixed(a.ChannelID[:], p.GetChannelId(), "ack.channel_id"); err != nil {
		return engine.Ack{}, err
	}
	if a.Nonce = p.GetNonce(); a.Nonce == 0 {
		return engine.Ack{}, malformed("ack.nonce", "zero")
	}
	return a, nil
}

// EncodeWithdraw converts a withdraw and one signature over it (the
// requester's in a WithdrawRequest, the partner's in a WithdrawSignature).
func EncodeWithdraw(w channels.Withdraw, sig channels.Signature) *pb.Withdraw {
	return &pb.Withdraw{
		ChannelId:     clone(w.ChannelID[:]),
		Participant:   clone(w.Participant[:]),
		TotalWithdraw: encodeAmount(&w.TotalWithdraw),
		Expiry:        w.Expiry,
		Signature:     clone(sig[:]),
	}
}

// DecodeWithdraw converts a received Withdraw and its signature.
func DecodeWithdraw(p *pb.Withdraw) (channels.Withdraw, channels.Signature, error) {
	return decodeWithdraw(p, "withdraw")
}

func decodeWithdraw(p *pb.Withdraw, field string) (channels.Withdraw, channels.Signature, error) {
	var (
		w   channels.Withdraw
		sig channels.Signature
	)
	if p == nil {
		return w, sig, malformed(field, "missing")
	}
	if err := decodeFixed(w.ChannelID[:], p.GetChannelId(), field+".channel_id"); err != nil {
		return channels.Withdraw{}, sig, err
	}
	if err := decodeFixed(w.Participant[:], p.GetParticipant(), field+".participant"); err != nil {
		return channels.Withdraw{}, sig, err
	}
	if err := decodeAmount(&w.TotalWithdraw, p.GetTotalWithdraw(), field+".total_withdraw"); err != nil {
		return channels.Withdraw{}, sig, err
	}
	w.Expiry = p.GetExpiry()
	if err := decodeFixed(sig[:], p.GetSignature(), field+".signature"); err != nil {
		return channels.Withdraw{}, channels.Signature{}, err
	}
	return w, sig, nil
}

// EncodeSettle converts a cooperative settle and one signature over it.
func EncodeSettle(s channels.CooperativeSettle, sig channels.Signature) *pb.CooperativeSettle {
	return &pb.CooperativeSettle{
		ChannelId: clone(s.ChannelID[:]),
		BalanceA:  encodeAmount(&s.Balances[channels.PartA]),
		BalanceB:  encodeAmount(&s.Balances[channels.PartB]),
		Signature: clone(sig[:]),
	}
}

// DecodeSettle converts a received CooperativeSettle and its signature.
func DecodeSettle(p *pb.CooperativeSettle) (channels.CooperativeSettle, channels.Signature, error) {
	var (
		s   channels.CooperativeSettle
		sig channels.Signature
	)
	if p == nil {
		return s, sig, malformed("cooperative_settle", "missing")
	}
	if err := decodeFixed(s.ChannelID[:], p.GetChannelId(), "cooperative_settle.channel_id"); err != nil {
		return channels.CooperativeSettle{}, sig, err
	}
	if err := decodeAmount(&s.Balances[channels.PartA], p.GetBalanceA(), "cooperative_settle.balance_a"); err != nil {
		return channels.CooperativeSettle{}, sig, err
	}
	if err := decodeAmount(&s.Balances[channels.PartB], p.GetBalanceB(), "cooperative_settle.balance_b"); err != nil {
		return channels.CooperativeSettle{}, sig, err
	}
	if err := decodeFixed(sig[:], p.GetSignature(), "cooperative_settle.signature"); err != nil {
		return channels.CooperativeSettle{}, channels.Signature{}, err
	}
	return s, sig, nil
}

// EncodeHello converts a Hello.
func EncodeHello(h Hello) *pb.Hello {
	return &pb.Hello{Version: h.Version, ChainId: h.ChainID, Contract: clone(h.Contract[:]), Address: clone(h.Address[:])}
}

// DecodeHello converts a received Hello. It does not judge the version:
// the session answers h.Version != Version with ErrUnsupportedVersion.
func DecodeHello(p *pb.Hello) (Hello, error) {
	var h Hello
	if p == nil {
		return h, malformed("hello", "missing")
	}
	h.Version, h.ChainID = p.GetVersion(), p.GetChainId()
	if err := decodeFixed(h.Contract[:], p.GetContract(), "hello.contract"); err != nil {
		return Hello{}, err
	}
	if err := decodeFixed(h.Address[:], p.GetAddress(), "hello.address"); err != nil {
		return Hello{}, err
	}
	return h, nil
}

// EncodeProposal converts a Proposal.
func EncodeProposal(p Proposal) *pb.Proposal {
	return &pb.Proposal{Token: clone(p.Token[:]), ChallengePeriod: p.ChallengePeriod, Deposit: encodeAmount(&p.Deposit)}
}

// DecodeProposal converts a received Proposal; the token is 20 bytes even
// for native ETH (the zero address).
func DecodeProposal(p *pb.Proposal) (Proposal, error) {
	var out Proposal
	if p == nil {
		return out, malformed("proposal", "missing")
	}
	if err := decodeFixed(out.Token[:], p.GetToken(), "proposal.token"); err != nil {
		return Proposal{}, err
	}
	out.ChallengePeriod = p.GetChallengePeriod()
	if err := decodeAmount(&out.Deposit, p.GetDeposit(), "proposal.deposit"); err != nil {
		return Proposal{}, err
	}
	return out, nil
}

// EncodeChannelProofs converts what we hold of one channel; a zero proof
// is left out.
func EncodeChannelProofs(cp ChannelProofs) *pb.ChannelProofs {
	p := &pb.ChannelProofs{ChannelId: clone(cp.ChannelID[:])}
	if !cp.Sent.IsZero() {
		p.Sent = EncodeProof(cp.Sent)
	}
	if !cp.Received.IsZero() {
		p.Received = EncodeProof(cp.Received)
	}
	if cw := cp.PartnerWithdraw; cw != nil {
		p.PartnerWithdraw = &pb.CoSignedWithdraw{
			Withdraw:         EncodeWithdraw(cw.Withdraw, cw.ParticipantSig),
			PartnerSignature: clone(cw.PartnerSig[:]),
		}
	}
	return p
}

// DecodeChannelProofs converts what the peer holds of one channel, with the
// chain and contract of the stream's Hello. An absent proof decodes to the
// zero value; a present one must be for the same channel. Sent is the
// proof the peer signed, Received the one it holds from us.
func DecodeChannelProofs(p *pb.ChannelProofs, chainID uint64, contract common.Address) (ChannelProofs, error) {
	return decodeChannelProofs(p, chainID, contract, "channel_proofs")
}

func decodeChannelProofs(p *pb.ChannelProofs, chainID uint64, contract common.Address, field string) (ChannelProofs, error) {
	var cp ChannelProofs
	if p == nil {
		return cp, malformed(field, "missing")
	}
	if err := decodeFixed(cp.ChannelID[:], p.GetChannelId(), field+".channel_id"); err != nil {
		return ChannelProofs{}, err
	}
	for _, side := range []struct {
		name string
		in   *pb.BalanceProof
		out  *channels.SignedBalanceProof
	}{{"sent", p.GetSent(), &cp.Sent}, {"received", p.GetReceived(), &cp.Received}} {
		if side.in == nil {
			continue
		}
		sp, err := decodeProof(side.in, chainID, contract, field+"."+side.name)
		if err != nil {
			return ChannelProofs{}, err
		}
		if sp.Proof.ChannelID != cp.ChannelID {
			return ChannelProofs{}, malformed(field+"."+side.name+".channel_id", "%s in the list of %s", sp.Proof.ChannelID, cp.ChannelID)
		}
		*side.out = sp
	}
	if pw := p.GetPartnerWithdraw(); pw != nil {
		w, sig, err := decodeWithdraw(pw.GetWithdraw(), field+".partner_withdraw.withdraw")
		if err != nil {
			return ChannelProofs{}, err
		}
		if w.ChannelID != cp.ChannelID {
			return ChannelProofs{}, malformed(field+".partner_withdraw.withdraw.channel_id", "%s in the list of %s", w.ChannelID, cp.ChannelID)
		}
		cw := &channels.CoSignedWithdraw{Withdraw: w, ParticipantSig: sig}
		if err := decodeFixed(cw.PartnerSig[:], pw.GetPartnerSignature(), field+".partner_withdraw.partner_signature"); err != nil {
			return ChannelProofs{}, err
		}
		cp.PartnerWithdraw = cw
	}
	return cp, nil
}

// EncodeSync converts the list of a SyncRequest or SyncReply.
func EncodeSync(cps []ChannelProofs) []*pb.ChannelProofs {
	if len(cps) == 0 {
		return nil
	}
	out := make([]*pb.ChannelProofs, len(cps))
	for i := range cps {
		out[i] = EncodeChannelProofs(cps[i])
	}
	return out
}

// DecodeSync converts the list of a received SyncRequest or SyncReply: at
// most MaxSyncChannels, each channel at most once.
func DecodeSync(ps []*pb.ChannelProofs, chainID uint64, contract common.Address) ([]ChannelProofs, error) {
	if len(ps) > MaxSyncChannels {
		return nil, malformed("sync.channels", "%d channels, at most %d", len(ps), MaxSyncChannels)
	}
	if len(ps) == 0 {
		return nil, nil
	}
	out := make([]ChannelProofs, len(ps))
	seen := make(map[channels.ChannelID]struct{}, len(ps))
	for i, p := range ps {
		field := fmt.Sprintf("sync.channels[%d]", i)
		cp, err := decodeChannelProofs(p, chainID, contract, field)
		if err != nil {
			return nil, err
		}
		if _, dup := seen[cp.ChannelID]; dup {
			return nil, malformed(field+".channel_id", "%s listed twice", cp.ChannelID)
		}
		seen[cp.ChannelID] = struct{}{}
		out[i] = cp
	}
	return out, nil
}
