package demo

import (
	"context"
	"strings"

	"github.com/holiman/uint256"

	"github.com/meshpay/meshpay/channels"
	"github.com/meshpay/meshpay/node/autosettle"
)

// newSettler returns the seller's autosettle.Settler: it withdraws what
// each channel received every SettleEvery (Policy.Interval), in one batch
// transaction per round with SettleBatch. It drives the node through
// settleBackend, so that the device records the transactions it sends.
func (d *device) newSettler() (*autosettle.Settler, error) {
	p := autosettle.Policy{Interval: d.cfg.SettleEvery, Batch: d.cfg.SettleBatch}
	return autosettle.NewWithBackend(settleBackend{Backend: autosettle.NodeBackend(d.n), d: d}, p, d.cfg.Logger.With("component", "autosettle"))
}

// settleBackend is the device's node as its Settler sees it: autosettle's
// own adapter, with the operations that send transactions run through
// chainOp, so that they are recorded with the device's others and the
// story tells them. A withdraw, once started, is seen through even
// if the Settler stops meanwhile: a withdraw co-signed and not sent would
// leave the two sides counting money the chain never paid out, until a
// later withdraw, and a cooperative close in between fails.
type settleBackend struct {
	autosettle.Backend
	d *device
}

var _ autosettle.Backend = settleBackend{}

func (b settleBackend) Withdraw(ctx context.Context, id channels.ChannelID, amount *uint256.Int) error {
	d := b.d
	var ch channels.Channel
	txs, err := d.chainOp(context.WithoutCancel(ctx), opWithdraw, func(ctx context.Context) error {
		var err error
		ch, err = d.n.Withdraw(ctx, id, amount)
		return err
	})
	payer := d.payerName(id)
	if err != nil {
		// The payer may be closing the channel: counted, but not a
		// problem.
		d.record(KindWithdraw, "withdraw from channel %s with %s: %v", id, payer, err)
		return err
	}
	if !d.cfg.Soak {
		self, _ := ch.Params.Index(d.self)
		d.story.printf("settled %s on chain from %s  (%s)  channel %s  received %s so far, %s withdrawn",
			FormatWei(amount), payer, txNote(opWithdraw, txs), id, FormatWei(ch.Transferred(channels.Partner(self))), FormatWei(&ch.Withdrawn[self]))
	}
	return nil
}

func (b settleBackend) WithdrawAll(ctx context.Context, ids []channels.ChannelID, keep *uint256.Int) ([]channels.ChannelID, error) {
	d := b.d
	before := d.withdrawn(ids)
	var done []channels.ChannelID
	txs, err := d.chainOp(context.WithoutCancel(ctx), opWithdraw, func(ctx context.Context) error {
		var err error
		done, err = d.n.WithdrawAll(ctx, ids, keep)
		return err
	})
	if err != nil {
		d.record(KindWithdraw, "batch withdraw from %d channels (%d done): %v", len(ids), len(done), err)
	}
	if len(done) == 0 || d.cfg.Soak {
		return done, err
	}
	after := d.withdrawn(done)
	var total uint256.Int
	payers := make([]string, 0, len(done))
	for _, id := range done {
		var delta uint256.Int
		a, bf := after[id], before[id]
		if a.Gt(&bf) {
			delta.Sub(&a, &bf)
		}
		total.Add(&total, &delta)
		payers = append(payers, d.payerName(id))
	}
	d.story.printf("settled %s on chain from %s in one batch  (%s)",
		FormatWei(&total), strings.Join(payers, ", "), txNote(opWithdraw, txs))
	return done, err
}

func (b settleBackend) CloseUnilaterally(ctx context.Context, id channels.ChannelID) error {
	_, err := b.d.chainOp(context.WithoutCancel(ctx), opClose, func(ctx context.Context) error {
		return b.Backend.CloseUnilaterally(ctx, id)
	})
	return err
}

// SettleIfDue is autosettle's, recorded as the device's settle.
func (b settleBackend) SettleIfDue(ctx context.Context, id channels.ChannelID) (bool, error) {
	var settled bool
	_, err := b.d.chainOp(ctx, opSettle, func(ctx context.Context) error {
		var err error
		settled, err = b.Backend.SettleIfDue(ctx, id)
		return err
	})
	return settled, err
}

// withdrawn is what the device has withdrawn from each channel so far.
func (d *device) withdrawn(ids []channels.ChannelID) map[channels.ChannelID]uint256.Int {
	out := make(map[channels.ChannelID]uint256.Int, len(ids))
	for _, id := range ids {
		ch, err := d.n.Engine().Channel(id)
		if err != nil {
			continue
		}
		if self, err := ch.Params.Index(d.self); err == nil {
			out[id] = ch.Withdrawn[self]
		}
	}
	return out
}

// payerName names the partner who pays the device on channel id.
func (d *device) payerName(id channels.ChannelID) string {
	ch, err := d.n.Engine().Channel(id)
	if err != nil {
		return "?"
	}
	self, err := ch.Params.Index(d.self)
	if err != nil {
		return "?"
	}
	return d.nameOf(ch.Params.Participants[channels.Partner(self)])
}
