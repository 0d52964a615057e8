package wire_test

import (
	"bytes"
	"fmt"

	"github.com/ethereum/go-ethereum/common"

	"github.com/meshpay/meshpay/channels"
	"github.com/meshpay/meshpay/channels/engine"
	"github.com/meshpay/meshpay/node/wire"
	"github.com/meshpay/meshpay/node/wire/pb"
)

// The decoded form of each Envelope body, as the session sees it.
type (
	accept      struct{}
	withdrawReq struct {
		W   channels.Withdraw
		Sig channels.Signature
	}
	withdrawSig withdrawReq
	settleReq   struct {
		S   channels.CooperativeSettle
		Sig channels.Signature
	}
	settleSig settleReq
	syncReq   []wire.ChannelProofs
	syncReply []wire.ChannelProofs
)

// The stream's chain and contract, as a Hello would give them.
const testChainID = 31337

var testContract = common.HexToAddress("0x5FbDB2315678afecb367f032d93F642f64180aa3")

// decodeBody decodes env's body with the package's decoders.
func decodeBody(env *pb.Envelope, chainID uint64, contract common.Address) (any, error) {
	switch b := env.GetBody().(type) {
	case *pb.Envelope_Hello:
		return wire.DecodeHello(b.Hello)
	case *pb.Envelope_Proposal:
		return wire.DecodeProposal(b.Proposal)
	case *pb.Envelope_Accept:
		return accept{}, nil
	case *pb.Envelope_Payment:
		return wire.DecodePayment(b.Payment, chainID, contract)
	case *pb.Envelope_Ack:
		return wire.DecodeAck(b.Ack)
	case *pb.Envelope_WithdrawRequest:
		w, sig, err := wire.DecodeWithdraw(b.WithdrawRequest.GetWithdraw())
		return withdrawReq{w, sig}, err
	case *pb.Envelope_WithdrawSignature:
		w, sig, err := wire.DecodeWithdraw(b.WithdrawSignature.GetWithdraw())
		return withdrawSig{w, sig}, err
	case *pb.Envelope_SettleRequest:
		s, sig, err := wire.DecodeSettle(b.SettleRequest.GetSettle())
		return settleReq{s, sig}, err
	case *pb.Envelope_SettleSignature:
		s, sig, err := wire.DecodeSettle(b.SettleSignature.GetSettle())
		return settleSig{s, sig}, err
	case *pb.Envelope_Error:
		return wire.DecodeError(b.Error), nil
	case *pb.Envelope_SyncRequest:
		cps, err := wire.DecodeSync(b.SyncRequest.GetChannels(), chainID, contract)
		return syncReq(cps), err
	case *pb.Envelope_SyncReply:
		cps, err := wire.DecodeSync(b.SyncReply.GetChannels(), chainID, contract)
		return syncReply(cps), err
	}
	return nil, fmt.Errorf("no body %T", env.GetBody())
}

// encodeBody is the inverse of decodeBody.
func encodeBody(id uint64, v any) *pb.Envelope {
	env := &pb.Envelope{Id: id}
	switch v := v.(type) {
	case wire.Hello:
		env.Body = &pb.Envelope_Hello{Hello: wire.EncodeHello(v)}
	case wire.Proposal:
		env.Body = &pb.Envelope_Proposal{Proposal: wire.EncodeProposal(v)}
	case accept:
		env.Body = &pb.Envelope_Accept{Accept: &pb.Accept{}}
	case engine.Delivery:
		env.Body = &pb.Envelope_Payment{Payment: wire.EncodePayment(v)}
	case engine.Ack:
		env.Body = &pb.Envelope_Ack{Ack: wire.EncodeAck(v)}
	case withdrawReq:
		env.Body = &pb.Envelope_WithdrawRequest{WithdrawRequest: &pb.WithdrawRequest{Withdraw: wire.EncodeWithdraw(v.W, v.Sig)}}
	case withdrawSig:
		env.Body = &pb.Envelope_WithdrawSignature{WithdrawSignature: &pb.WithdrawSignature{Withdraw: wire.EncodeWithdraw(v.W, v.Sig)}}
	case settleReq:
		env.Body = &pb.Envelope_SettleRequest{SettleRequest: &pb.SettleRequest{Settle: wire.EncodeSettle(v.S, v.Sig)}}
	case settleSig:
		env.Body = &pb.Envelope_SettleSignature{SettleSignature: &pb.SettleSignature{Settle: wire.EncodeSettle(v.S, v.Sig)}}
	case *wire.RemoteError:
		env.Body = &pb.Envelope_Error{Error: &pb.Error{Code: v.Code, Message: v.Message}}
	case syncReq:
		env.Body = &pb.Envelope_SyncRequest{SyncRequest: &pb.SyncRequest{Channels: wire.EncodeSync(v)}}
	case syncReply:
		env.Body = &pb.Envelope_SyncReply{SyncReply: &pb.SyncReply{Channels: wire.EncodeSync(v)}}
	default:
		panic(fmt.Sprintf("encodeBody: %T", v))
	}
	return env
}

// frames writes envs through a Writer and returns the bytes.
func frames(envs ...*pb.Envelope) ([]byte, error) {
	var buf bytes.Buffer
	w := wire.NewWriter(&buf)
	for _, env := range envs {
		if err := w.Write(env); err != nil {
			return nil, err
		}
	}
	if err := w.Flush(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// randomBodies returns one random value of every body type.
func randomBodies(g gen) []any {
	var sync []wire.ChannelProofs // nil when empty, as decoded
	if n := g.r.IntN(4); n > 0 {
		sync = make([]wire.ChannelProofs, n)
	}
	for i := range sync {
		sync[i] = g.channelProofs(testChainID, testContract)
	}
	codes := pb.ErrorCode(0).Descriptor().Values() // in order, unlike ErrorCode_name
	return []any{
		g.hello(),
		g.proposal(),
		accept{},
		g.delivery(testChainID, testContract),
		engine.Ack{ChannelID: g.id(), Nonce: g.nonce()},
		withdrawReq{g.withdraw(), g.sig()},
		withdrawSig{g.withdraw(), g.sig()},
		settleReq{g.settle(), g.sig()},
		settleSig{g.settle(), g.sig()},
		&wire.RemoteError{Code: pb.ErrorCode(codes.Get(g.r.IntN(codes.Len())).Number()), Message: g.reference()},
		syncReq(sync),
		syncReply(sync),
	}
}
