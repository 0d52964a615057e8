package demo

import (
	"context"
	"time"

	ma "github.com/multiformats/go-multiaddr"

	"github.com/meshpay/meshpay/channels"
	"github.com/meshpay/meshpay/node/offers"
)

// publish offers the services until ctx ends, publishing again every
// republishEvery, then withdraws the offers.
func (d *device) publish(ctx context.Context, services []string) {
	var terms []Service
	for _, name := range services {
		svc, err := ServiceByName(name)
		if err != nil {
			d.record(KindConfig, "%v", err)
			continue
		}
		terms = append(terms, svc)
	}
	board := d.n.Offers()
	send := func(first bool) {
		for _, svc := range terms {
			o := offers.Offer{
				Service: svc.Name, Unit: svc.Unit, PricePerUnit: svc.Price, Addrs: d.offerAddrs(),
				Expiry: uint64(time.Now().Add(offerTTL).Unix()), Description: offerDescription(d.cfg.Name, &svc),
			}
			if _, err := board.Publish(ctx, o); err != nil {
				if ctx.Err() == nil {
					d.cfg.Logger.Warn("publish offer", "service", svc.Name, "err", err)
				}
				continue
			}
			if first {
				d.story.printf("offers %s at %s per %s", svc.Name, FormatWei(&svc.Price), svc.Unit)
			}
		}
	}
	send(true)
	t := time.NewTicker(republishEvery)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			for _, svc := range terms {
				board.Withdraw(svc.Name)
			}
			return
		case <-t.C:
			send(false)
		}
	}
}

// offerAddrs are the node's listen addresses that fit in an offer.
func (d *device) offerAddrs() []ma.Multiaddr {
	var out []ma.Multiaddr
	for _, a := range d.n.Host().Addrs() {
		if len(out) == offers.MaxAddrs {
			break
		}
		if len(a.Bytes()) <= offers.MaxAddrLen {
			out = append(out, a)
		}
	}
	return out
}

// settleLoop withdraws what the device has been paid every SettleEvery
// until ctx ends.
func (d *device) settleLoop(ctx context.Context) {
	t := time.NewTicker(d.cfg.SettleEvery)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			d.withdrawAll(ctx)
		}
	}
}

// openSold lists the open channels the device is paid on, and its index
// in each.
func (d *device) openSold() map[channels.ChannelID]int {
	out := map[channels.ChannelID]int{}
	for _, ch := range d.n.Engine().Channels() {
		if _, bought := d.purchaseOf(ch.ID); bought || ch.Phase != channels.PhaseOpen {
			continue
		}
		if self, err := ch.Params.Index(d.self); err == nil {
			out[ch.ID] = self
		}
	}
	return out
}

// withdrawAll withdraws, on every open channel the device is paid on, all
// it has received and not yet withdrawn: the payer co-signs, then the
// withdraw is mined. Once started, a withdraw is seen through even if ctx
// ends: the payer's close counts it.
func (d *device) withdrawAll(ctx context.Context) {
	for id, self := range d.openSold() {
		if ctx.Err() != nil {
			return
		}
		ch, err := d.n.Engine().Channel(id)
		if err != nil {
			continue
		}
		amount, err := ch.Available(self)
		if err != nil || amount.IsZero() {
			continue
		}
		payer := d.nameOf(ch.Params.Participants[channels.Partner(self)])
		txs, err := d.chainOp(context.WithoutCancel(ctx), opWithdraw, func(ctx context.Context) error {
			var err error
			ch, err = d.n.Withdraw(ctx, id, &amount)
			return err
		})
		if err != nil {
			// The payer may be closing the channel: counted, but not a
			// problem.
			d.cfg.Logger.Warn("withdraw failed", "channel", id, "err", err)
			d.record(KindWithdraw, "withdraw from channel %s with %s: %v", id, payer, err)
			continue
		}
		if d.cfg.Soak {
			continue
		}
		d.story.printf("settled %s on chain from %s  (%s)  channel %s  received %s so far, %s withdrawn",
			FormatWei(&amount), payer, txNote(opWithdraw, txs), id, FormatWei(ch.Transferred(channels.Partner(self))), FormatWei(&ch.Withdrawn[self]))
	}
}

// awaitClosed waits until the payers have closed every channel the device
// is paid on, telling the story of each, until ctx ends.
func (d *device) awaitClosed(ctx context.Context) {
	told := map[channels.ChannelID]bool{}
	t := time.NewTicker(pollEvery)
	defer t.Stop()
	for {
		pending := 0
		for _, ch := range d.n.Engine().Channels() {
			if _, bought := d.purchaseOf(ch.ID); bought || told[ch.ID] {
				continue
			}
			self, err := ch.Params.Index(d.self)
			if err != nil {
				continue
			}
			if ch.Phase != channels.PhaseSettled {
				pending++
				continue
			}
			told[ch.ID] = true
			r := channelReport(&ch, channels.Partner(self), "")
			d.story.printf("channel %s with %s settled on chain: received %s in all, %s withdrawn during the run, %s at close",
				ch.ID, d.nameOf(r.Payer), FormatETH(r.Paid), FormatETH(r.Withdrawn), FormatETH(r.SettledPayee))
		}
		if pending == 0 {
			return
		}
		select {
		case <-ctx.Done():
			for _, ch := range d.n.Engine().Channels() {
				if _, bought := d.purchaseOf(ch.ID); !bought && ch.Phase != channels.PhaseSettled {
					self, _ := ch.Params.Index(d.self)
					d.record(KindUnsettled, "channel %s with %s still %s at the end", ch.ID, d.nameOf(ch.Params.Participants[channels.Partner(self)]), ch.Phase)
				}
			}
			return
		case <-t.C:
		}
	}
}
