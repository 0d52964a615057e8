package node

import (
	"github.com/holiman/uint256"

	"github.com/meshpay/meshpay/channels"
	"github.com/meshpay/meshpay/channels/engine"
)

// Received is a durable, acknowledged proof from a partner and the
// payments it carries, as the payee's programs see them (metering sellers
// watch these to know they were paid).
type Received struct {
	ChannelID channels.ChannelID
	From      channels.Address
	Nonce     uint64
	// Transferred is the partner's cumulative total on the channel.
	Transferred uint256.Int
	Payments    []engine.PaymentInfo
}

// OnReceived registers f to be called, in order, for every proof the node
// acknowledged. A proof repeated after a lost ack is reported again with
// the same Nonce and Transferred: count money by the rise of Transferred,
// not by calls. f runs on the receiving path: it must be quick and must
// not block (hand work to a goroutine).
// The returned function removes the hook.
func (n *Node) OnReceived(f func(Received)) (remove func()) {
	h := &receivedHook{f: f}
	n.mu.Lock()
	n.receivedHooks = append(n.receivedHooks, h)
	n.mu.Unlock()
	return func() {
		n.mu.Lock()
		defer n.mu.Unlock()
		for i, x := range n.receivedHooks {
			if x == h {
				n.receivedHooks = append(n.receivedHooks[:i:i], n.receivedHooks[i+1:]...)
				return
			}
		}
	}
}

type receivedHook struct{ f func(Received) }

func (n *Node) notifyReceived(ack engine.Ack, d engine.Delivery) {
	n.mu.Lock()
	hooks := n.receivedHooks
	n.mu.Unlock()
	if len(hooks) == 0 {
		return
	}
	from, _ := n.partnerOf(ack.ChannelID)
	r := Received{ChannelID: ack.ChannelID, From: from, Nonce: ack.Nonce, Transferred: d.Proof.Proof.TransferredAmount, Payments: d.Payments}
	for _, h := range hooks {
		h.f(r)
	}
}

// notifyReconciled tells the hooks of a partner proof that a sync brought
// (its payments are not itemized: it covers what the lost proofs carried).
func (n *Node) notifyReconciled(before channels.Channel) {
	if before.ID == (channels.ChannelID{}) {
		return
	}
	self, err := before.Params.Index(n.id.Address())
	if err != nil {
		return
	}
	partner := channels.Partner(self)
	after, err := n.eng.Channel(before.ID)
	if err != nil || after.Proofs[partner].Proof.Nonce <= before.Proofs[partner].Proof.Nonce {
		return
	}
	p := after.Proofs[partner]
	n.notifyReceived(engine.Ack{ChannelID: after.ID, Nonce: p.Proof.Nonce}, engine.Delivery{Proof: p})
}
