package demo

import (
	"context"
	"time"

	"github.com/meshpay/meshpay/channels"
	"github.com/meshpay/meshpay/node/metering"
)

// sellerGrace is how long a seller waits, once a session's service
// stopped, for its payment to catch up (metering.SellerConfig.Grace); a
// toll gate waits as long for a pass to be paid. Payments take
// milliseconds between the demo's devices; a session whose buyer stopped
// paying (its spending policy refused) ends this long after, and a toll
// gate keeps its barrier closed.
const sellerGrace = time.Second

// sell sells the services through the device's Seller until ctx ends: a
// Listing a service, with its meter, sold again every republishEvery so
// that a buyer who connected since the last publication sees the offer
// soon. The Seller's own stop (runSeller) withdraws the offers.
func (d *device) sell(ctx context.Context, services []string) {
	var listings []metering.Listing
	for _, name := range services {
		svc, err := ServiceByName(name)
		if err != nil {
			d.record(KindConfig, "%v", err)
			continue
		}
		listings = append(listings, metering.Listing{
			Service: svc.Name, Unit: svc.Unit, PricePerUnit: svc.Price, TTL: offerTTL,
			Description: offerDescription(d.cfg.Name, &svc), Meter: d.meter(svc),
		})
	}
	publish := func(first bool) {
		for i := range listings {
			l := &listings[i]
			if _, err := d.seller.Sell(ctx, *l); err != nil {
				if ctx.Err() == nil {
					d.cfg.Logger.Warn("sell", "service", l.Service, "err", err)
				}
				continue
			}
			if first {
				d.story.printf("offers %s at %s per %s", l.Service, FormatWei(&l.PricePerUnit), l.Unit)
			}
		}
	}
	publish(true)
	t := time.NewTicker(republishEvery)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			publish(false)
		}
	}
}

// meter is the device's meter for svc: a toll gate's barrier, or a
// charger's relay and a data link that deliver a unit every svc.Every.
func (d *device) meter(svc Service) metering.Meter {
	if svc.Name == ServiceToll {
		return metering.MeterFunc(func(ctx context.Context, s *metering.SellSession) error {
			d.sessionServed()
			return d.servePass(ctx, s)
		})
	}
	every := svc.every(d.cfg.Slowdown)
	return metering.MeterFunc(func(ctx context.Context, s *metering.SellSession) error {
		d.sessionServed()
		return d.serveFlow(ctx, s, every)
	})
}

func (d *device) sessionServed() {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.soldStarted++
}

// servePass is the toll gate: it reports the car's pass, waits for it to
// be paid and opens the barrier.
func (d *device) servePass(ctx context.Context, s *metering.SellSession) error {
	info := s.Info()
	if err := s.Report(1); err != nil {
		return err // the session ended before the car reached the barrier
	}
	// At the car's limit of one pass the session is ending, but the
	// meter may still wait (up to the seller's grace) for the pass to be
	// paid.
	paid := s.WaitPaid(ctx) == nil
	if d.cfg.Soak {
		return nil
	}
	car := d.nameOf(info.Buyer)
	if !paid {
		d.story.printf("keeps the barrier closed for %s: pass not paid  (%s session %s)", car, info.Service, info.ID)
		return nil
	}
	st := s.Status()
	d.story.printf("opens the barrier for %s: pass paid %s  (%s session %s)", car, FormatWei(&st.Paid), info.Service, info.ID)
	return nil
}

// serveFlow is a charger's relay or a data link: one unit every every,
// reported as delivered, until the session ends (the buyer's limit, the
// buyer stopping, payment lagging past the credit window, the seller
// stopping).
func (d *device) serveFlow(ctx context.Context, s *metering.SellSession, every time.Duration) error {
	info := s.Info()
	buyer := d.nameOf(info.Buyer)
	if !d.cfg.Soak {
		d.story.printf("serves a %s session to %s: %s per %s  (session %s)", info.Service, buyer, FormatWei(&info.PricePerUnit), info.Unit, info.ID)
	}
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			if !d.cfg.Soak {
				st := s.Status()
				d.story.printf("ends the %s session with %s: %d × %s delivered  (%s)", info.Service, buyer, st.Units, info.Unit, st.Reason)
			}
			return nil
		case <-t.C:
			// Refused once the session is ending; ctx ends with it.
			_ = s.Report(1)
		}
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
