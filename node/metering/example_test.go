package metering_test

import (
	"context"
	"fmt"
	"log"
	"time"

	"github.com/holiman/uint256"

	"github.com/meshpay/meshpay/node"
	"github.com/meshpay/meshpay/node/metering"
	"github.com/meshpay/meshpay/node/offers"
)

// A charger sells charging by the 0.1 kWh; a car finds its offer, opens a
// channel with it and buys a session, paying as it charges. On the road
// each device is its own program; here both run in one, on a local chain.
func Example() {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	car, charger, stop := exampleDevices(ctx) // two running nodes, connected
	defer stop()

	// The charger: its meter reports each 0.1 kWh as it flows and stops
	// when the battery is full or the session's context ends.
	seller, err := metering.NewSeller(ctx, charger, metering.SellerConfig{})
	if err != nil {
		log.Fatal(err)
	}
	go seller.Run(ctx)
	charge := metering.MeterFunc(func(ctx context.Context, s *metering.SellSession) error {
		// relay on; defer relay off
		for range 5 { // this battery takes 0.5 kWh
			// ... 0.1 kWh flows ...
			if err := s.Report(1); err != nil {
				return err
			}
			if err := s.WaitPaid(ctx); err != nil {
				return err // the car stopped paying, or ended the session
			}
		}
		return nil // full
	})
	price := *uint256.NewInt(100e9) // 100 gwei per 0.1 kWh
	listing := metering.Listing{Service: "charging", Unit: "0.1kWh", PricePerUnit: price, CreditUnits: 1, Meter: charge}
	if _, err := seller.Sell(ctx, listing); err != nil {
		log.Fatal(err)
	}

	// The car: find the offer, open a channel with the charger, buy.
	var found []offers.Offer
	for len(found) == 0 {
		time.Sleep(50 * time.Millisecond) // offers arrive by gossip
		found = car.Offers().Offers(offers.Filter{Service: "charging"})
	}
	offer := found[0] // the cheapest
	deposit := *uint256.NewInt(1e15)
	ch, err := car.OpenChannel(ctx, node.OpenRequest{Partner: offer.Seller, Token: offer.Token, Deposit: deposit, ChallengePeriod: 3600})
	if err != nil {
		log.Fatal(err)
	}
	buyer, err := metering.NewBuyer(ctx, car, metering.BuyerConfig{})
	if err != nil {
		log.Fatal(err)
	}
	session, err := buyer.Buy(ctx, offer, metering.Limits{MaxPricePerUnit: price, MaxUnits: 20, ChannelID: ch.ID})
	if err != nil {
		log.Fatal(err)
	}
	receipt, err := session.Wait(ctx)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%d × %s, paid %s wei: %s\n", receipt.Units, receipt.Unit, receipt.Paid.Dec(), receipt.Reason)
	// Output: 5 × 0.1kWh, paid 500000000000 wei: service done
}
