package wire_test

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/holiman/uint256"
	"github.com/stretchr/testify/require"
	"google.golang.org/protobuf/proto"

	"github.com/meshpay/meshpay/channels"
	"github.com/meshpay/meshpay/channels/engine"
	"github.com/meshpay/meshpay/node/wire"
	"github.com/meshpay/meshpay/node/wire/pb"
)

// TestRoundTrip encodes random values of every message, frames them on one
// stream, reads them back and decodes them to the same values.
func TestRoundTrip(t *testing.T) {
	g := newGen(t)
	for range 50 {
		values := randomBodies(g)
		envs := make([]*pb.Envelope, len(values))
		for i, v := range values {
			envs[i] = encodeBody(uint64(i+1), v)
		}
		stream, err := frames(envs...)
		require.NoError(t, err)
		r := wire.NewReader(bytes.NewReader(stream), wire.DefaultMaxMessageSize)
		for i, want := range values {
			var env pb.Envelope
			require.NoError(t, r.Read(&env), "message %d (%T)", i, want)
			require.Equal(t, uint64(i+1), env.GetId())
			got, err := decodeBody(&env, testChainID, testContract)
			require.NoError(t, err, "%T", want)
			require.Equal(t, want, got, "%T", want)
		}
		var env pb.Envelope
		require.ErrorIs(t, r.Read(&env), io.EOF)
	}
}

// TestEncodeMinimal checks the forms senders send: minimal amounts, no
// empty locks.
func TestEncodeMinimal(t *testing.T) {
	sp := channels.SignedBalanceProof{Proof: channels.BalanceProof{Nonce: 1, TransferredAmount: *uint256.NewInt(256)}}
	p := wire.EncodeProof(sp)
	require.Equal(t, []byte{1, 0}, p.GetTransferredAmount())
	require.Empty(t, p.GetLockedAmount())
	require.Empty(t, p.GetLocksRoot())
	require.Len(t, p.GetChannelId(), 32)
	require.Len(t, p.GetSignature(), channels.SignatureLen)

	cp := wire.EncodeChannelProofs(wire.ChannelProofs{Received: sp})
	require.Nil(t, cp.GetSent(), "a zero proof is left out")
	require.NotNil(t, cp.GetReceived())
}

// TestDecodeLenient checks what a strict decoder still accepts: amounts
// with leading zeros up to 32 bytes, empty (zero) amounts and locks root.
func TestDecodeLenient(t *testing.T) {
	p := validProof()
	p.TransferredAmount = append(make([]byte, 31), 7)
	p.LockedAmount, p.LocksRoot = nil, nil
	sp, err := wire.DecodeProof(p, testChainID, testContract)
	require.NoError(t, err)
	require.Equal(t, uint64(7), sp.Proof.TransferredAmount.Uint64())
	require.True(t, sp.Proof.LockedAmount.IsZero())
	require.Equal(t, [32]byte{}, sp.Proof.LocksRoot)
	require.Equal(t, uint64(testChainID), sp.ChainID, "chain and contract come from the stream")
	require.Equal(t, testContract, sp.Contract)

	max := bytes.Repeat([]byte{0xff}, 32)
	p.TransferredAmount = max
	sp, err = wire.DecodeProof(p, testChainID, testContract)
	require.NoError(t, err)
	require.Equal(t, new(uint256.Int).SetAllOne(), &sp.Proof.TransferredAmount)
}

func validProof() *pb.BalanceProof {
	return &pb.BalanceProof{
		ChannelId:         make([]byte, 32),
		Nonce:             3,
		TransferredAmount: []byte{1},
		LockedAmount:      []byte{},
		LocksRoot:         make([]byte, 32),
		Signature:         make([]byte, 65),
	}
}

func validPayment() *pb.Payment {
	return &pb.Payment{Proof: validProof(), Items: []*pb.PaymentItem{{Amount: []byte{1}, Reference: "coffee", Nonce: 3}}}
}

func validWithdraw() *pb.Withdraw {
	return &pb.Withdraw{ChannelId: make([]byte, 32), Participant: make([]byte, 20), TotalWithdraw: []byte{5}, Expiry: 99, Signature: make([]byte, 65)}
}

func validSettle() *pb.CooperativeSettle {
	return &pb.CooperativeSettle{ChannelId: make([]byte, 32), BalanceA: []byte{1}, BalanceB: []byte{2}, Signature: make([]byte, 65)}
}

func validChannelProofs() *pb.ChannelProofs {
	return &pb.ChannelProofs{ChannelId: make([]byte, 32), Sent: validProof(), Received: validProof(),
		PartnerWithdraw: &pb.CoSignedWithdraw{Withdraw: validWithdraw(), PartnerSignature: make([]byte, 65)}}
}

// TestDecodeMalformed breaks one field at a time: every failure is
// ErrMalformed and names the field.
func TestDecodeMalformed(t *testing.T) {
	b := func(n int) []byte { return make([]byte, n) }
	proof := func(mut func(*pb.BalanceProof)) func() error {
		return func() error {
			p := validProof()
			mut(p)
			_, err := wire.DecodeProof(p, testChainID, testContract)
			return err
		}
	}
	payment := func(mut func(*pb.Payment)) func() error {
		return func() error {
			p := validPayment()
			mut(p)
			_, err := wire.DecodePayment(p, testChainID, testContract)
			return err
		}
	}
	withdraw := func(mut func(*pb.Withdraw)) func() error {
		return func() error {
			p := validWithdraw()
			mut(p)
			_, _, err := wire.DecodeWithdraw(p)
			return err
		}
	}
	settle := func(mut func(*pb.CooperativeSettle)) func() error {
		return func() error {
			p := validSettle()
			mut(p)
			_, _, err := wire.DecodeSettle(p)
			return err
		}
	}
	channelProofs := func(mut func(*pb.ChannelProofs)) func() error {
		return func() error {
			p := validChannelProofs()
			mut(p)
			_, err := wire.DecodeChannelProofs(p, testChainID, testContract)
			return err
		}
	}
	hello := func(mut func(*pb.Hello)) func() error {
		return func() error {
			p := &pb.Hello{Version: wire.Version, ChainId: 1, Contract: b(20), Address: b(20)}
			mut(p)
			_, err := wire.DecodeHello(p)
			return err
		}
	}
	proposal := func(mut func(*pb.Proposal)) func() error {
		return func() error {
			p := &pb.Proposal{Token: b(20), ChallengePeriod: 60, Deposit: []byte{9}}
			mut(p)
			_, err := wire.DecodeProposal(p)
			return err
		}
	}
	tooManyItems := make([]*pb.PaymentItem, wire.MaxItemsPerPayment+1)
	for i := range tooManyItems {
		tooManyItems[i] = &pb.PaymentItem{Amount: []byte{1}}
	}
	otherID := append(b(31), 1)

	// Each valid form decodes, so every failure below is the one mutation.
	for name, valid := range map[string]func() error{
		"proof": proof(func(*pb.BalanceProof) {}), "payment": payment(func(*pb.Payment) {}),
		"withdraw": withdraw(func(*pb.Withdraw) {}), "settle": settle(func(*pb.CooperativeSettle) {}),
		"channel proofs": channelProofs(func(*pb.ChannelProofs) {}), "hello": hello(func(*pb.Hello) {}),
		"proposal": proposal(func(*pb.Proposal) {}),
	} {
		require.NoError(t, valid(), name)
	}

	tests := []struct {
		name, field string
		decode      func() error
	}{
		{"nil proof", "balance_proof", func() error { _, err := wire.DecodeProof(nil, 1, testContract); return err }},
		{"short channel id", "balance_proof.channel_id", proof(func(p *pb.BalanceProof) { p.ChannelId = b(31) })},
		{"long channel id", "balance_proof.channel_id", proof(func(p *pb.BalanceProof) { p.ChannelId = b(33) })},
		{"no channel id", "balance_proof.channel_id", proof(func(p *pb.BalanceProof) { p.ChannelId = nil })},
		{"zero nonce", "balance_proof.nonce", proof(func(p *pb.BalanceProof) { p.Nonce = 0 })},
		{"long transferred", "balance_proof.transferred_amount", proof(func(p *pb.BalanceProof) { p.TransferredAmount = b(33) })},
		{"long locked", "balance_proof.locked_amount", proof(func(p *pb.BalanceProof) { p.LockedAmount = b(33) })},
		{"short locks root", "balance_proof.locks_root", proof(func(p *pb.BalanceProof) { p.LocksRoot = b(31) })},
		{"short signature", "balance_proof.signature", proof(func(p *pb.BalanceProof) { p.Signature = b(64) })},
		{"long signature", "balance_proof.signature", proof(func(p *pb.BalanceProof) { p.Signature = b(66) })},
		{"no signature", "balance_proof.signature", proof(func(p *pb.BalanceProof) { p.Signature = nil })},

		{"nil payment", "payment", func() error { _, err := wire.DecodePayment(nil, 1, testContract); return err }},
		{"payment without proof", "payment.proof", payment(func(p *pb.Payment) { p.Proof = nil })},
		{"payment proof signature", "payment.proof.signature", payment(func(p *pb.Payment) { p.Proof.Signature = b(1) })},
		{"too many items", "payment.items", payment(func(p *pb.Payment) { p.Items = tooManyItems })},
		{"nil item", "payment.items[1]", payment(func(p *pb.Payment) { p.Items = append(p.Items, nil) })},
		{"long item amount", "payment.items[0].amount", payment(func(p *pb.Payment) { p.Items[0].Amount = b(33) })},
		{"long reference", "payment.items[0].reference", payment(func(p *pb.Payment) { p.Items[0].Reference = strings.Repeat("x", 129) })},
		{"reference not UTF-8", "payment.items[0].reference", payment(func(p *pb.Payment) { p.Items[0].Reference = "caf\xe9" })},

		{"nil ack", "ack", func() error { _, err := wire.DecodeAck(nil); return err }},
		{"ack channel id", "ack.channel_id", func() error { _, err := wire.DecodeAck(&pb.Ack{ChannelId: b(20), Nonce: 1}); return err }},
		{"ack zero nonce", "ack.nonce", func() error { _, err := wire.DecodeAck(&pb.Ack{ChannelId: b(32)}); return err }},

		{"nil withdraw", "withdraw", func() error { _, _, err := wire.DecodeWithdraw(nil); return err }},
		{"withdraw channel id", "withdraw.channel_id", withdraw(func(p *pb.Withdraw) { p.ChannelId = b(1) })},
		{"withdraw participant", "withdraw.participant", withdraw(func(p *pb.Withdraw) { p.Participant = b(32) })},
		{"withdraw no participant", "withdraw.participant", withdraw(func(p *pb.Withdraw) { p.Participant = nil })},
		{"withdraw total", "withdraw.total_withdraw", withdraw(func(p *pb.Withdraw) { p.TotalWithdraw = b(40) })},
		{"withdraw signature", "withdraw.signature", withdraw(func(p *pb.Withdraw) { p.Signature = b(0) })},

		{"nil settle", "cooperative_settle", func() error { _, _, err := wire.DecodeSettle(nil); return err }},
		{"settle channel id", "cooperative_settle.channel_id", settle(func(p *pb.CooperativeSettle) { p.ChannelId = b(64) })},
		{"settle balance a", "cooperative_settle.balance_a", settle(func(p *pb.CooperativeSettle) { p.BalanceA = b(33) })},
		{"settle balance b", "cooperative_settle.balance_b", settle(func(p *pb.CooperativeSettle) { p.BalanceB = b(33) })},
		{"settle signature", "cooperative_settle.signature", settle(func(p *pb.CooperativeSettle) { p.Signature = b(130) })},

		{"nil hello", "hello", func() error { _, err := wire.DecodeHello(nil); return err }},
		{"hello contract", "hello.contract", hello(func(p *pb.Hello) { p.Contract = b(19) })},
		{"hello address", "hello.address", hello(func(p *pb.Hello) { p.Address = nil })},

		{"nil proposal", "proposal", func() error { _, err := wire.DecodeProposal(nil); return err }},
		{"proposal token", "proposal.token", proposal(func(p *pb.Proposal) { p.Token = nil })},
		{"proposal deposit", "proposal.deposit", proposal(func(p *pb.Proposal) { p.Deposit = b(33) })},

		{"nil channel proofs", "channel_proofs", func() error { _, err := wire.DecodeChannelProofs(nil, 1, testContract); return err }},
		{"channel proofs id", "channel_proofs.channel_id", channelProofs(func(p *pb.ChannelProofs) { p.ChannelId = b(2) })},
		{"sent proof", "channel_proofs.sent.nonce", channelProofs(func(p *pb.ChannelProofs) { p.Sent.Nonce = 0 })},
		{"received proof", "channel_proofs.received.signature", channelProofs(func(p *pb.ChannelProofs) { p.Received.Signature = nil })},
		{"sent for another channel", "channel_proofs.sent.channel_id", channelProofs(func(p *pb.ChannelProofs) { p.Sent.ChannelId = otherID })},
		{"received for another channel", "channel_proofs.received.channel_id", channelProofs(func(p *pb.ChannelProofs) { p.Received.ChannelId = otherID })},
		{"partner withdraw missing", "channel_proofs.partner_withdraw.withdraw", channelProofs(func(p *pb.ChannelProofs) { p.PartnerWithdraw.Withdraw = nil })},
		{"partner withdraw amount", "channel_proofs.partner_withdraw.withdraw.total_withdraw", channelProofs(func(p *pb.ChannelProofs) { p.PartnerWithdraw.Withdraw.TotalWithdraw = b(33) })},
		{"partner withdraw signature", "channel_proofs.partner_withdraw.withdraw.signature", channelProofs(func(p *pb.ChannelProofs) { p.PartnerWithdraw.Withdraw.Signature = b(64) })},
		{"partner withdraw partner signature", "channel_proofs.partner_withdraw.partner_signature", channelProofs(func(p *pb.ChannelProofs) { p.PartnerWithdraw.PartnerSignature = nil })},
		{"partner withdraw for another channel", "channel_proofs.partner_withdraw.withdraw.channel_id", channelProofs(func(p *pb.ChannelProofs) { p.PartnerWithdraw.Withdraw.ChannelId = otherID })},

		{"too many sync channels", "sync.channels", func() error {
			_, err := wire.DecodeSync(make([]*pb.ChannelProofs, wire.MaxSyncChannels+1), 1, testContract)
			return err
		}},
		{"nil sync channel", "sync.channels[0]", func() error {
			_, err := wire.DecodeSync([]*pb.ChannelProofs{nil}, 1, testContract)
			return err
		}},
		{"bad sync channel", "sync.channels[1].received.locks_root", func() error {
			bad := validChannelProofs()
			bad.ChannelId, bad.Sent, bad.Received.ChannelId, bad.Received.LocksRoot = otherID, nil, otherID, b(1)
			_, err := wire.DecodeSync([]*pb.ChannelProofs{validChannelProofs(), bad}, 1, testContract)
			return err
		}},
		{"duplicate sync channel", "sync.channels[1].channel_id", func() error {
			_, err := wire.DecodeSync([]*pb.ChannelProofs{validChannelProofs(), validChannelProofs()}, 1, testContract)
			return err
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.decode()
			require.ErrorIs(t, err, wire.ErrMalformed)
			require.Contains(t, err.Error(), tt.field+":", "the error names the field")
			require.Equal(t, pb.ErrorCode_ERROR_CODE_MALFORMED, wire.CodeOf(err))
		})
	}
}

// TestDecodeEmptyMessages: a message with every field absent is malformed
// (except Accept), never a zero value taken for real.
func TestDecodeEmptyMessages(t *testing.T) {
	for name, decode := range map[string]func() error{
		"proof":    func() error { _, err := wire.DecodeProof(&pb.BalanceProof{}, 1, testContract); return err },
		"payment":  func() error { _, err := wire.DecodePayment(&pb.Payment{}, 1, testContract); return err },
		"ack":      func() error { _, err := wire.DecodeAck(&pb.Ack{}); return err },
		"withdraw": func() error { _, _, err := wire.DecodeWithdraw(&pb.Withdraw{}); return err },
		"settle":   func() error { _, _, err := wire.DecodeSettle(&pb.CooperativeSettle{}); return err },
		"hello":    func() error { _, err := wire.DecodeHello(&pb.Hello{}); return err },
		"proposal": func() error { _, err := wire.DecodeProposal(&pb.Proposal{}); return err },
		"channel proofs": func() error {
			_, err := wire.DecodeChannelProofs(&pb.ChannelProofs{}, 1, testContract)
			return err
		},
	} {
		require.ErrorIs(t, decode(), wire.ErrMalformed, name)
	}
}

// TestChannelProofsAbsent: absent proofs decode to the zero value.
func TestChannelProofsAbsent(t *testing.T) {
	id := channels.ChannelID{1}
	cp, err := wire.DecodeChannelProofs(&pb.ChannelProofs{ChannelId: id[:]}, testChainID, testContract)
	require.NoError(t, err)
	require.Equal(t, wire.ChannelProofs{ChannelID: id}, cp)
	require.True(t, cp.Sent.IsZero())
	require.True(t, cp.Received.IsZero())
}

// TestPaymentFitsFrame: a Payment at the item limit with the longest
// references still fits a frame.
func TestPaymentFitsFrame(t *testing.T) {
	d := engine.Delivery{Proof: channels.SignedBalanceProof{Proof: channels.BalanceProof{Nonce: 1<<64 - 1}, Signature: channels.Signature{1}}}
	d.Proof.Proof.TransferredAmount.SetAllOne()
	d.Payments = make([]engine.PaymentInfo, wire.MaxItemsPerPayment)
	for i := range d.Payments {
		d.Payments[i].Amount.SetAllOne()
		d.Payments[i].Reference = strings.Repeat("r", 128)
		d.Payments[i].Nonce = 1<<64 - 1
	}
	env := &pb.Envelope{Id: 1<<64 - 1, Body: &pb.Envelope_Payment{Payment: wire.EncodePayment(d)}}
	size := proto.Size(env)
	t.Logf("largest Payment: %d bytes of %d", size, wire.DefaultMaxMessageSize)
	require.LessOrEqual(t, size, wire.DefaultMaxMessageSize)
	stream, err := frames(env)
	require.NoError(t, err)
	var got pb.Envelope
	require.NoError(t, wire.NewReader(bytes.NewReader(stream), 0).Read(&got))
	back, err := wire.DecodePayment(got.GetPayment(), 0, common.Address{})
	require.NoError(t, err)
	require.Equal(t, d, back)
}

// TestSyncFitsFrame: as many channels as fit a frame read back; the count
// of nested messages stays within what the Reader allows.
func TestSyncFitsFrame(t *testing.T) {
	g := newGen(t)
	var cps []wire.ChannelProofs
	req := &pb.SyncRequest{}
	env := &pb.Envelope{Id: 1, Body: &pb.Envelope_SyncRequest{SyncRequest: req}}
	for {
		cp := wire.ChannelProofs{ChannelID: g.id()}
		cp.Sent = g.proof(testChainID, testContract, cp.ChannelID)
		cp.Received = g.proof(testChainID, testContract, cp.ChannelID)
		w := g.withdraw()
		w.ChannelID = cp.ChannelID
		cp.PartnerWithdraw = &channels.CoSignedWithdraw{Withdraw: w, ParticipantSig: g.sig(), PartnerSig: g.sig()}
		req.Channels = append(req.Channels, wire.EncodeChannelProofs(cp))
		if proto.Size(env) > wire.DefaultMaxMessageSize {
			req.Channels = req.Channels[:len(req.Channels)-1]
			break
		}
		cps = append(cps, cp)
	}
	t.Logf("%d channels with both proofs and a withdraw fit a frame", len(cps))
	stream, err := frames(env)
	require.NoError(t, err)
	var got pb.Envelope
	require.NoError(t, wire.NewReader(bytes.NewReader(stream), 0).Read(&got))
	back, err := wire.DecodeSync(got.GetSyncRequest().GetChannels(), testChainID, testContract)
	require.NoError(t, err)
	require.Equal(t, cps, back)
}

func ExampleCodeOf() {
	err := fmt.Errorf("receive: %w", channels.ErrOverspend)
	env := wire.ErrorEnvelope(7, err)
	remote := wire.DecodeError(env.GetError())
	fmt.Println(env.GetId(), wire.CodeOf(err))
	fmt.Println(remote)
	fmt.Println(errors.Is(remote, channels.ErrOverspend))
	// Output:
	// 7 ERROR_CODE_OVERSPEND
	// wire: peer error overspend: receive: channels: overspend
	// true
}
