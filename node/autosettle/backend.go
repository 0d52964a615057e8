package autosettle

import (
	"context"
	"errors"

	"github.com/holiman/uint256"

	"github.com/meshpay/meshpay/channels"
	"github.com/meshpay/meshpay/node"
	"github.com/meshpay/meshpay/node/control"
)

// Backend is what the Settler needs of a node; New adapts a *node.Node.
type Backend interface {
	// Address is the node's account.
	Address() channels.Address
	// Channels lists the node's channels.
	Channels() []channels.Channel
	// Channel returns one channel.
	Channel(id channels.ChannelID) (channels.Channel, error)
	// Withdraw takes amount out of an open channel (co-signed by the
	// partner, then one transaction).
	Withdraw(ctx context.Context, id channels.ChannelID, amount *uint256.Int) error
	// WithdrawAll takes everything above keep out of each channel in one
	// transaction per token; it returns the channels done and a joined
	// error for the others that failed (see node.WithdrawAll).
	WithdrawAll(ctx context.Context, ids []channels.ChannelID, keep *uint256.Int) ([]channels.ChannelID, error)
	// CloseUnilaterally closes the channel with the partner's latest
	// proof; the challenge period starts.
	CloseUnilaterally(ctx context.Context, id channels.ChannelID) error
	// SettleIfDue settles a closing channel whose challenge period is over
	// by the chain's clock, sending nothing before; it reports whether the
	// channel is now settled (by us or by someone before us).
	SettleIfDue(ctx context.Context, id channels.ChannelID) (bool, error)
	// OnReceived registers f to be called, quickly and without blocking,
	// for every proof the node acknowledges.
	OnReceived(f func(channels.ChannelID))
}

var _ Backend = nodeBackend{}

// NodeBackend is n as a Settler drives it (what New uses), for programs
// that wrap some of its operations (to record their transactions, say)
// and pass the result to NewWithBackend.
func NodeBackend(n *node.Node) Backend {
	return nodeBackend{n: n, svc: n.ControlService()}
}

// nodeBackend adapts a *node.Node.
type nodeBackend struct {
	n   *node.Node
	svc control.Service
}

func (b nodeBackend) Address() channels.Address { return b.n.Address() }

func (b nodeBackend) Channels() []channels.Channel { return b.n.Engine().Channels() }

func (b nodeBackend) Channel(id channels.ChannelID) (channels.Channel, error) {
	return b.n.Engine().Channel(id)
}

func (b nodeBackend) Withdraw(ctx context.Context, id channels.ChannelID, amount *uint256.Int) error {
	_, err := b.n.Withdraw(ctx, id, amount)
	return err
}

func (b nodeBackend) WithdrawAll(ctx context.Context, ids []channels.ChannelID, keep *uint256.Int) ([]channels.ChannelID, error) {
	return b.n.WithdrawAll(ctx, ids, keep)
}

func (b nodeBackend) CloseUnilaterally(ctx context.Context, id channels.ChannelID) error {
	_, err := b.n.CloseChannel(ctx, id, false)
	return err
}

// SettleIfDue goes through the control service's Settle, the node's only
// settle that checks the chain's clock first (a conflict means "not over
// yet") and takes a settle someone else made as done.
func (b nodeBackend) SettleIfDue(ctx context.Context, id channels.ChannelID) (bool, error) {
	ch, err := b.svc.Settle(ctx, id.Hex())
	if errors.Is(err, control.ErrConflict) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	return ch.Phase == control.PhaseSettled, nil
}

func (b nodeBackend) OnReceived(f func(channels.ChannelID)) {
	b.n.OnReceived(func(r node.Received) { f(r.ChannelID) })
}
