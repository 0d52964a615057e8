package node

import (
	"context"
	"encoding/hex"
	"fmt"
	"strings"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/holiman/uint256"
	"github.com/libp2p/go-libp2p/core/network"
	"github.com/libp2p/go-libp2p/core/peer"

	"github.com/meshpay/meshpay/channels"
	"github.com/meshpay/meshpay/channels/store"
	"github.com/meshpay/meshpay/node/control"
	"github.com/meshpay/meshpay/node/identity"
	"github.com/meshpay/meshpay/node/offers"
)

// Version is the node software's version, reported by the control API.
var Version = "dev"

// controlService exposes the node to the control API.
type controlService struct{ n *Node }

var _ control.Service = controlService{}

// ControlService is the node as the control API serves it.
func (n *Node) ControlService() control.Service { return controlService{n} }

func (s controlService) Info(context.Context) (control.Info, error) {
	n := s.n
	addrs := make([]string, 0)
	for _, a := range n.Addrs() {
		addrs = append(addrs, a.String())
	}
	return control.Info{
		Address: n.Address().Hex(), PeerID: n.PeerID().String(), ListenAddrs: addrs,
		ChainID: n.cfg.Chain.ChainID, Contract: n.cfg.Chain.Contract.Hex(), Version: Version, StartedAt: n.started.UTC(),
	}, nil
}

func (s controlService) Peers(context.Context) ([]control.Peer, error) {
	h := s.n.host
	out := []control.Peer{}
	for _, p := range h.Peerstore().Peers() {
		if p == h.ID() {
			continue
		}
		out = append(out, s.peer(p))
	}
	return out, nil
}

func (s controlService) peer(p peer.ID) control.Peer {
	h := s.n.host
	cp := control.Peer{PeerID: p.String(), Addrs: []string{}, Connected: h.Network().Connectedness(p) == network.Connected}
	if a, err := identity.AddressOf(p); err == nil {
		cp.Address = a.Hex()
	}
	for _, m := range h.Peerstore().Addrs(p) {
		cp.Addrs = append(cp.Addrs, m.String())
	}
	return cp
}

func (s controlService) Connect(ctx context.Context, addr string) (control.Peer, error) {
	pi, err := s.n.Connect(ctx, addr)
	if err != nil {
		return control.Peer{}, fmt.Errorf("%w: %w", control.ErrUnavailable, err)
	}
	return s.peer(pi.ID), nil
}

func (s controlService) Offers(context.Context) ([]control.Offer, error) {
	out := []control.Offer{}
	if s.n.board == nil {
		return out, nil
	}
	for _, o := range s.n.board.Offers(offers.Filter{}) {
		out = append(out, control.Offer{
			Seller: o.Seller.Hex(), PeerID: o.PeerID.String(), Service: o.Service, Unit: o.Unit,
			PricePerUnit: o.PricePerUnit.Dec(), Token: o.Token.Hex(), ChainID: o.ChainID, Contract: o.Contract.Hex(),
			Expiry: time.Unix(int64(o.Expiry), 0).UTC(), Description: o.Description,
		})
	}
	return out, nil
}

func (s controlService) Channels(context.Context) ([]control.Channel, error) {
	out := []control.Channel{}
	for _, ch := range s.n.eng.Channels() {
		out = append(out, s.channel(ch))
	}
	return out, nil
}

func (s controlService) Channel(_ context.Context, id string) (control.Channel, error) {
	cid, err := parseChannelID(id)
	if err != nil {
		return control.Channel{}, err
	}
	ch, err := s.n.eng.Channel(cid)
	if err != nil {
		return control.Channel{}, err
	}
	return s.channel(ch), nil
}

func (s controlService) OpenChannel(ctx context.Context, req control.OpenRequest) (control.Channel, error) {
	partner, err := s.n.resolvePeer(req.Peer)
	if err != nil {
		return control.Channel{}, err
	}
	r := OpenRequest{Partner: partner, Token: common.HexToAddress(req.Token), ChallengePeriod: req.ChallengePeriodSeconds}
	if req.Deposit != "" {
		d, err := control.ParseAmount(req.Deposit)
		if err != nil {
			return control.Channel{}, err
		}
		r.Deposit = *d
	}
	ch, err := s.n.OpenChannel(ctx, r)
	if err != nil {
		return control.Channel{}, err
	}
	return s.channel(ch), nil
}

func (s controlService) Deposit(ctx context.Context, id string, req control.DepositRequest) (control.Channel, error) {
	return s.withAmount(id, req.Amount, func(cid channels.ChannelID, amt *uint256.Int) (channels.Channel, error) {
		return s.n.Deposit(ctx, cid, amt)
	})
}

func (s controlService) Withdraw(ctx context.Context, id string, req control.WithdrawRequest) (control.Channel, error) {
	return s.withAmount(id, req.Amount, func(cid channels.ChannelID, amt *uint256.Int) (channels.Channel, error) {
		return s.n.Withdraw(ctx, cid, amt)
	})
}

func (s controlService) withAmount(id, amount string, f func(channels.ChannelID, *uint256.Int) (channels.Channel, error)) (control.Channel, error) {
	cid, err := parseChannelID(id)
	if err != nil {
		return control.Channel{}, err
	}
	amt, err := control.ParseAmount(amount)
	if err != nil {
		return control.Channel{}, err
	}
	ch, err := f(cid, amt)
	if err != nil {
		return control.Channel{}, err
	}
	return s.channel(ch), nil
}

func (s controlService) Pay(ctx context.Context, id string, req control.PayRequest) (control.PayResult, error) {
	cid, err := parseChannelID(id)
	if err != nil {
		return control.PayResult{}, err
	}
	amt, err := control.ParseAmount(req.Amount)
	if err != nil {
		return control.PayResult{}, err
	}
	r, err := s.n.Pay(ctx, cid, amt, req.Reference)
	if err != nil {
		return control.PayResult{}, err
	}
	return control.PayResult{ChannelID: r.ChannelID.Hex(), Nonce: r.Nonce, Amount: r.Amount.Dec(), Reference: r.Reference, Transferred: r.Transferred.Dec()}, nil
}

func (s controlService) Close(ctx context.Context, id string, req control.CloseRequest) (control.Channel, error) {
	cid, err := parseChannelID(id)
	if err != nil {
		return control.Channel{}, err
	}
	ch, err := s.n.CloseChannel(ctx, cid, req.Cooperative)
	if err != nil {
		return control.Channel{}, err
	}
	return s.channel(ch), nil
}

func (s controlService) Settle(ctx context.Context, id string) (control.Channel, error) {
	cid, err := parseChannelID(id)
	if err != nil {
		return control.Channel{}, err
	}
	ch, err := s.n.Settle(ctx, cid)
	if err != nil {
		return control.Channel{}, err
	}
	return s.channel(ch), nil
}

func (s controlService) Payments(ctx context.Context, id string, limit int) ([]control.Payment, error) {
	cid, err := parseChannelID(id)
	if err != nil {
		return nil, err
	}
	if _, err := s.n.eng.Channel(cid); err != nil {
		return nil, err
	}
	pays, err := s.n.store.Payments(ctx, cid, limit)
	if err != nil {
		return nil, err
	}
	out := make([]control.Payment, 0, len(pays))
	for _, p := range pays {
		dir := control.DirectionSent
		if p.Direction == store.Received {
			dir = control.DirectionReceived
		}
		out = append(out, control.Payment{ChannelID: p.ChannelID.Hex(), Direction: dir, Nonce: p.Nonce, Amount: p.Amount.Dec(), Reference: p.Reference, Time: time.Unix(0, p.UnixNano).UTC()})
	}
	return out, nil
}

func (s controlService) channel(ch channels.Channel) control.Channel {
	n := s.n
	self, err := ch.Params.Index(n.Address())
	if err != nil {
		self = 0
	}
	partner := ch.Params.Participants[channels.Partner(self)]
	out := control.Channel{
		ID: ch.ID.Hex(), Token: ch.Params.Token.Hex(), Partner: partner.Hex(), Phase: ch.Phase.String(),
		ChallengePeriodSeconds: ch.Params.ChallengePeriod, Counter: ch.Params.Counter,
	}
	if p, ok := n.book.peer(partner); ok {
		out.PartnerPeerID = p.String()
	}
	balances, _ := ch.Balances()
	side := func(i int) control.Balances {
		avail, _ := ch.Available(i)
		return control.Balances{Deposit: ch.Deposit[i].Dec(), Withdrawn: ch.Withdrawn[i].Dec(), Balance: balances[i].Dec(), Available: avail.Dec()}
	}
	out.Local, out.Remote = side(self), side(channels.Partner(self))
	proof := func(sp channels.SignedBalanceProof) *control.Proof {
		if sp.IsZero() {
			return nil
		}
		return &control.Proof{Nonce: sp.Proof.Nonce, TransferredAmount: sp.Proof.TransferredAmount.Dec(), Signature: "0x" + hex.EncodeToString(sp.Signature[:])}
	}
	out.SentProof, out.ReceivedProof = proof(ch.Proofs[self]), proof(ch.Proofs[channels.Partner(self)])
	if ch.Phase == channels.PhaseClosing {
		t := time.Unix(int64(ch.SettleAfter), 0).UTC()
		out.SettleAfter = &t
	}
	return out
}

func parseChannelID(id string) (channels.ChannelID, error) {
	if err := control.ValidateChannelID(id); err != nil {
		return channels.ChannelID{}, err
	}
	return channels.ChannelID(common.HexToHash(id)), nil
}

// resolvePeer takes an address or a peer ID and returns the address,
// learning the peer ID of an address from the offers if needed.
func (n *Node) resolvePeer(s string) (channels.Address, error) {
	if strings.HasPrefix(s, "0x") {
		a := common.HexToAddress(s)
		if _, ok := n.book.peer(a); !ok && n.board != nil {
			for _, o := range n.board.Offers(offers.Filter{Seller: &a}) {
				n.book.learn(n.runCtx, a, o.PeerID, o.Addrs, nil)
				n.host.Peerstore().AddAddrs(o.PeerID, o.Addrs, time.Hour)
				break
			}
		}
		return a, nil
	}
	p, err := peer.Decode(s)
	if err != nil {
		return channels.Address{}, fmt.Errorf("%w: peer %q: %w", control.ErrInvalidArgument, s, err)
	}
	a, err := identity.AddressOf(p)
	if err != nil {
		return channels.Address{}, fmt.Errorf("%w: %w", control.ErrInvalidArgument, err)
	}
	n.book.learn(n.runCtx, a, p, n.host.Peerstore().Addrs(p), nil)
	return a, nil
}
