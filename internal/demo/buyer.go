package demo

import (
	"context"
	"errors"
	"slices"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/holiman/uint256"
	"github.com/libp2p/go-libp2p/core/network"
	"github.com/libp2p/go-libp2p/core/peer"

	"github.com/meshpay/meshpay/channels"
	"github.com/meshpay/meshpay/node"
	"github.com/meshpay/meshpay/node/metering"
	"github.com/meshpay/meshpay/node/offers"
	"github.com/meshpay/meshpay/node/policy"
)

// payTimeout bounds one payment of a session, the seller's acknowledgement
// included.
const payTimeout = 10 * time.Second

// buy finds an offer for svc, opens a channel to its seller and buys
// metered sessions from it until ctx ends: a toll pass every svc.Every
// (times the slowdown), charging stops and batches of data one after the
// other, the seller's meter setting the pace. A session that could not
// start, or ended on a refused or failed payment, is followed by the next
// one a beat (svc.Every) later. The channel is topped up before a session
// when it runs low.
func (d *device) buy(ctx context.Context, svc Service) {
	o, ok := d.awaitOffer(ctx, svc.Name)
	if !ok {
		d.record(KindNoOffer, "found no %s offer before the end", svc.Name)
		return
	}
	d.learnName(o.Seller, o.Description)
	seller := d.nameOf(o.Seller)
	// Buy on the seller's terms, not our catalog's.
	svc.Price, svc.Unit = o.PricePerUnit, o.Unit
	d.story.printf("reads %s's offer: %s at %s per %s", seller, svc.Name, FormatWei(&svc.Price), svc.Unit)

	deposit := svc.Deposit()
	var ch channels.Channel
	txs, err := d.chainOp(context.WithoutCancel(ctx), opOpen, func(ctx context.Context) error {
		var err error
		ch, err = d.open(ctx, &o, &deposit)
		return err
	})
	if err != nil {
		d.record(KindOpen, "open a channel to %s: %v", seller, err)
		return
	}
	p := &purchase{svc: svc, seller: o.Seller, id: ch.ID, offer: o}
	d.addPurchase(p)
	d.story.printf("opened channel %s to %s with a deposit of %s  (%s)", ch.ID, seller, FormatWei(&deposit), txNote(opOpen, txs))

	every := svc.every(d.cfg.Slowdown)
	t := time.NewTicker(every)
	defer t.Stop()
	for ctx.Err() == nil {
		d.topUp(ctx, p)
		if d.session(ctx, p) && svc.SessionUnits > 1 {
			continue // the next charging stop or batch of data at once
		}
		if svc.SessionUnits > 1 {
			t.Reset(every) // a beat after the failure, not what is left of a tick
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// session buys one metered session of p's service, of at most
// svc.SessionUnits units, over p's channel, waits for it to end and tells
// the story. The payments go through the node's spending policy
// (node.PayFor): a refused payment ends the session. It reports whether
// the session ran and ended cleanly with everything paid.
func (d *device) session(ctx context.Context, p *purchase) bool {
	seller := d.nameOf(p.seller)
	d.refreshOffer(p)
	sess, err := d.buyer.Buy(ctx, p.offer, metering.Limits{MaxUnits: p.svc.SessionUnits, ChannelID: p.id})
	if err != nil {
		if ctx.Err() == nil {
			d.record(KindSession, "start a %s session at %s: %v", p.svc.Name, seller, err)
		}
		return false
	}
	d.mu.Lock()
	d.boughtStarted++
	d.mu.Unlock()
	p.sessions++
	id := sess.ID()
	if !d.cfg.Soak && p.svc.SessionUnits > 1 {
		d.story.printf("starts a %s session at %s: up to %d × %s at %s  (session %s)",
			p.svc.Name, seller, p.svc.SessionUnits, p.svc.Unit, FormatWei(&p.svc.Price), id)
	}
	// The session ends when ctx does (the buyer stops it and waits for the
	// seller's final record, up to the Buyer's EndTimeout).
	rcpt, err := sess.Wait(context.WithoutCancel(ctx))
	clean := err == nil && !rcpt.Due.Gt(&rcpt.Paid)
	switch {
	case err == nil:
	case policy.ReasonOf(err) != "":
		d.refused(p, err)
	case errors.Is(err, metering.ErrPaymentFailed):
		d.record(payErrorKind(err), "pay %s for %s (session %s): %v", seller, p.svc.Name, id, err)
	default:
		d.record(KindSession, "%s session %s at %s: %v", p.svc.Name, id, seller, err)
	}
	if d.cfg.Soak || rcpt.Units == 0 {
		return clean
	}
	left := d.left(p)
	if p.svc.SessionUnits == 1 && rcpt.Units == 1 {
		d.story.printf("-> %s  paid %s  (%s, %s, session %s)  channel %s  %s has %s left",
			seller, FormatWei(&rcpt.Paid), p.svc.Name, p.svc.Reference(p.sessions), id, p.id, d.cfg.Name, left)
		return clean
	}
	d.story.printf("-> %s  paid %s  (%s: %s %d × %s, session %s, %s)  channel %s  %s has %s left",
		seller, FormatWei(&rcpt.Paid), p.svc.Name, p.svc.Verb, rcpt.Units, rcpt.Unit, id, rcpt.Reason, p.id, d.cfg.Name, left)
	return clean
}

// left is what the device still has to spend in p's channel, for the
// story.
func (d *device) left(p *purchase) string {
	ch, err := d.n.Engine().Channel(p.id)
	if err != nil {
		return "?"
	}
	self, err := ch.Params.Index(d.self)
	if err != nil {
		return "?"
	}
	a, err := ch.Available(self)
	if err != nil {
		return "?"
	}
	return FormatWei(&a)
}

// refreshOffer makes p buy on the newest offer its seller published: a
// seller republishes its offer before the old one expires (offerTTL), and
// a session cannot start on an expired offer.
func (d *device) refreshOffer(p *purchase) {
	eth := common.Address{}
	seller := p.seller
	for _, o := range d.n.Offers().Offers(offers.Filter{Service: p.svc.Name, Token: &eth, Seller: &seller}) {
		if o.Expiry > p.offer.Expiry {
			p.offer = o
			p.svc.Price, p.svc.Unit = o.PricePerUnit, o.Unit
		}
	}
}

// awaitOffer watches the offer board until someone else (one of BuyFrom,
// if set) offers service in ETH, and returns the cheapest offer.
func (d *device) awaitOffer(ctx context.Context, service string) (offers.Offer, bool) {
	d.story.printf("looks for %s offers", service)
	eth := common.Address{}
	f := offers.Filter{Service: service, Token: &eth, ExcludeSeller: &d.self}
	t := time.NewTicker(pollEvery)
	defer t.Stop()
	for {
		for _, o := range d.n.Offers().Offers(f) {
			if len(d.cfg.BuyFrom) == 0 || slices.Contains(d.cfg.BuyFrom, o.Seller) {
				return o, true
			}
		}
		select {
		case <-ctx.Done():
			return offers.Offer{}, false
		case <-t.C:
		}
	}
}

// open connects to the seller of o, if mDNS has not already, and opens a
// channel to it with deposit.
func (d *device) open(ctx context.Context, o *offers.Offer, deposit *uint256.Int) (channels.Channel, error) {
	if d.n.Host().Network().Connectedness(o.PeerID) != network.Connected {
		if err := d.n.Host().Connect(ctx, peer.AddrInfo{ID: o.PeerID, Addrs: o.Addrs}); err != nil {
			return channels.Channel{}, err
		}
	}
	req := node.OpenRequest{Partner: o.Seller, Deposit: *deposit, ChallengePeriod: d.cfg.ChallengePeriod}
	t := time.NewTicker(pollEvery)
	defer t.Stop()
	for {
		ch, err := d.n.OpenChannel(ctx, req)
		// The node learns the seller's address from the connection,
		// which may not have been announced yet.
		if !errors.Is(err, node.ErrUnknownPeer) {
			return ch, err
		}
		select {
		case <-ctx.Done():
			return ch, err
		case <-t.C:
		}
	}
}

// topUp deposits another DepositUnits' worth when fewer than
// topUpBelowUnits units would be left in the channel after a full
// session: the session never spends the new deposit, so the seller's
// chain watcher has a session's time at least to see it.
func (d *device) topUp(ctx context.Context, p *purchase) {
	ch, err := d.n.Engine().Channel(p.id)
	if err != nil {
		return
	}
	self, err := ch.Params.Index(d.self)
	if err != nil {
		return
	}
	left, err := ch.Available(self)
	if err != nil {
		return
	}
	var floor uint256.Int
	floor.Mul(&p.svc.Price, uint256.NewInt(topUpBelowUnits+p.svc.SessionUnits))
	if !left.Lt(&floor) {
		return
	}
	amount := p.svc.Deposit()
	txs, err := d.chainOp(context.WithoutCancel(ctx), opDeposit, func(ctx context.Context) error {
		_, err := d.n.Deposit(ctx, p.id, &amount)
		return err
	})
	if err != nil {
		d.record(KindTopUp, "top up channel %s: %v", p.id, err)
		return
	}
	if !d.cfg.Soak {
		d.story.printf("tops up channel %s to %s with %s  (%s)", p.id, d.nameOf(p.seller), FormatWei(&amount), txNote(opDeposit, txs))
	}
}

// closePurchase closes the channel cooperatively. A close can fail while
// a withdraw the payee had co-signed is not mined yet (the agreed balances
// count it); it is then tried again until ctx ends.
func (d *device) closePurchase(ctx context.Context, p *purchase) {
	seller := d.nameOf(p.seller)
	t := time.NewTicker(time.Second)
	defer t.Stop()
	for {
		var ch channels.Channel
		txs, err := d.chainOp(ctx, opSettle, func(ctx context.Context) error {
			var err error
			ch, err = d.n.CloseChannel(ctx, p.id, true)
			return err
		})
		if err == nil {
			self, _ := ch.Params.Index(d.self)
			bal := ch.Settle.Settle.Balances
			d.story.printf("closed channel %s with %s: %s to %s, %s back to %s  (%s)", p.id, seller,
				FormatWei(&bal[channels.Partner(self)]), seller, FormatWei(&bal[self]), d.cfg.Name, txNote(opSettle, txs))
			return
		}
		d.cfg.Logger.Warn("cooperative close failed; retrying", "channel", p.id, "err", err)
		select {
		case <-ctx.Done():
			d.record(KindClose, "close channel %s with %s: %v", p.id, seller, err)
			return
		case <-t.C:
		}
	}
}
