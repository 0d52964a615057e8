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
	"github.com/meshpay/meshpay/node/offers"
	"github.com/meshpay/meshpay/node/policy"
)

// payTimeout bounds one payment, the seller's acknowledgement included.
const payTimeout = 10 * time.Second

// buy finds an offer for svc, opens a channel to its seller and pays for
// one unit at once and then every svc.Every (times the slowdown), until
// ctx ends.
func (d *device) buy(ctx context.Context, svc Service) {
	o, ok := d.awaitOffer(ctx, svc.Name)
	if !ok {
		d.record(KindNoOffer, "found no %s offer before the end", svc.Name)
		return
	}
	d.learnName(o.Seller, o.Description)
	seller := d.nameOf(o.Seller)
	// Pay the seller's terms, not our catalog's.
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
	p := &purchase{svc: svc, seller: o.Seller, id: ch.ID}
	d.addPurchase(p)
	d.story.printf("opened channel %s to %s with a deposit of %s  (%s)", ch.ID, seller, FormatWei(&deposit), txNote(opOpen, txs))

	t := time.NewTicker(svc.every(d.cfg.Slowdown))
	defer t.Stop()
	for unit := uint64(1); ; {
		if d.pay(p, unit) {
			unit++
		}
		d.topUp(ctx, p)
		select {
		case <-ctx.Done():
			return
		case <-t.C:
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

// pay pays for the unit-th unit, under the spending policy, and tells the
// story (in a soak, the digest does). It reports whether the unit is paid
// for: a payment the policy refused or that failed before it was signed
// is paid again at the next tick; one signed but not acknowledged counts
// as paid, since the next proof carries it to the seller.
func (d *device) pay(p *purchase, unit uint64) bool {
	ctx, cancel := context.WithTimeout(context.Background(), payTimeout)
	defer cancel()
	ref := p.svc.Reference(unit)
	seller := d.nameOf(p.seller)
	if _, err := d.n.PayFor(ctx, p.id, &p.svc.Price, ref, p.svc.Name, 1); err != nil {
		if policy.ReasonOf(err) != "" {
			d.refused(p, err)
			return false
		}
		kind := payErrorKind(err)
		d.record(kind, "pay %s for %s (%s): %v", seller, p.svc.Name, ref, err)
		return kind == KindUnacknowledged
	}
	d.mu.Lock()
	d.payments++
	d.mu.Unlock()
	if d.cfg.Soak {
		return true
	}
	left := "?"
	if ch, err := d.n.Engine().Channel(p.id); err == nil {
		if self, err := ch.Params.Index(d.self); err == nil {
			if a, err := ch.Available(self); err == nil {
				left = FormatWei(&a)
			}
		}
	}
	d.story.printf("-> %s  paid %s  (%s, %s)  channel %s  %s has %s left", seller, FormatWei(&p.svc.Price), p.svc.Name, ref, p.id, d.cfg.Name, left)
	return true
}

// topUp deposits another DepositUnits' worth when fewer than
// topUpBelowUnits units are left in the channel.
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
	floor.Mul(&p.svc.Price, uint256.NewInt(topUpBelowUnits))
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
