package metering_test

import (
	"context"
	"testing"
	"time"

	"github.com/holiman/uint256"
	"github.com/stretchr/testify/require"

	"github.com/meshpay/meshpay/node/metering"
	"github.com/meshpay/meshpay/node/offers"
)

// TestLimitsAndEnds runs sessions one after the other on one channel: the
// buyer's MaxUnits and MaxAmount stop the service exactly there; the
// buyer ends a session, then the seller does; a tip paid on the same
// channel during a session is not counted for it; offers the buyer's
// limits or the seller refuse start no session. The receipts of both
// sides agree session by session, add up to what the channel carried,
// and the buyer's survive a restart of its Buyer.
func TestLimitsAndEnds(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	car, station := newDevice(t, 2), newDevice(t, 3)
	deposit := gwei(1_000_000)
	ch := car.OpenChannel(ctx, station, &deposit, challengePeriod)

	seller, err := metering.NewSeller(ctx, station.Node, metering.SellerConfig{Logger: testLogger(t)})
	require.NoError(t, err)
	runCtx, stopSeller := context.WithCancel(ctx)
	sellerDone := make(chan error, 1)
	go func() { sellerDone <- seller.Run(runCtx) }()
	t.Cleanup(func() { stopSeller(); <-sellerDone })

	price := gwei(50)
	relayOff := make(chan uint64, 16)
	// A credit of 20 units at one unit per 20 ms: payment may lag up to
	// 400 ms before the charger cuts off, which a loaded machine (the
	// race detector, other test binaries) can reach; at 5 units it did.
	offer, err := seller.Sell(ctx, metering.Listing{
		Service: "charging", Unit: "0.1kWh", PricePerUnit: price, CreditUnits: 20,
		Meter: chargerMeter(20*time.Millisecond, relayOff),
	})
	require.NoError(t, err)
	buyer, err := metering.NewBuyer(ctx, car.Node, metering.BuyerConfig{Logger: testLogger(t)})
	require.NoError(t, err)

	// agree checks the two receipts of the session that just ended.
	agree := func(t *testing.T, car metering.Receipt, reason metering.Reason) metering.Receipt {
		t.Helper()
		var station metering.Receipt
		require.Eventually(t, func() bool {
			for _, r := range seller.Receipts() {
				if r.SessionID == car.SessionID {
					station = r
					return true
				}
			}
			return false
		}, 10*time.Second, 20*time.Millisecond)
		require.Equal(t, reason, car.Reason)
		require.Equal(t, reason, station.Reason)
		require.Equal(t, station.Units, car.Units)
		require.Equal(t, mul(price, station.Units), station.Due)
		require.Equal(t, station.Due, car.Due)
		require.Equal(t, station.Paid, car.Paid)
		require.Equal(t, station.Due, station.Paid, "fully paid")
		require.Equal(t, station.FirstNonce, car.FirstNonce)
		require.Equal(t, station.LastNonce, car.LastNonce)
		require.NotNil(t, car.Final)
		return station
	}
	var sellerPaid uint256.Int
	count := func(r metering.Receipt) { sellerPaid.Add(&sellerPaid, &r.Paid) }

	t.Run("max units", func(t *testing.T) {
		sess, err := buyer.Buy(ctx, offer, metering.Limits{MaxUnits: 4, ChannelID: ch.ID})
		require.NoError(t, err)
		r, err := sess.Wait(ctx)
		require.NoError(t, err)
		require.EqualValues(t, 4, r.Units)
		count(agree(t, r, metering.ReasonLimitReached))
	})

	t.Run("max amount", func(t *testing.T) {
		var most uint256.Int
		most.Add(&price, new(uint256.Int).Div(mulPtr(price, 3), uint256.NewInt(2))) // 2.5 units
		sess, err := buyer.Buy(ctx, offer, metering.Limits{MaxAmount: most, ChannelID: ch.ID})
		require.NoError(t, err)
		r, err := sess.Wait(ctx)
		require.NoError(t, err)
		require.EqualValues(t, 2, r.Units)
		count(agree(t, r, metering.ReasonLimitReached))
	})

	t.Run("buyer ends, a tip is not counted", func(t *testing.T) {
		sess, err := buyer.Buy(ctx, offer, metering.Limits{ChannelID: ch.ID})
		require.NoError(t, err)
		_, err = car.Node.Pay(ctx, ch.ID, uint256.NewInt(7), "tip")
		require.NoError(t, err)
		require.Eventually(t, func() bool { p := sess.Status().Paid; return !p.Lt(mulPtr(price, 3)) }, 10*time.Second, 10*time.Millisecond)
		r, err := sess.End(ctx)
		require.NoError(t, err)
		require.GreaterOrEqual(t, r.Units, uint64(3))
		count(agree(t, r, metering.ReasonBuyerEnded))
		sellerPaid.Add(&sellerPaid, uint256.NewInt(7))
	})

	t.Run("seller ends", func(t *testing.T) {
		sess, err := buyer.Buy(ctx, offer, metering.Limits{ChannelID: ch.ID})
		require.NoError(t, err)
		require.Eventually(t, func() bool { return sess.Status().Units >= 2 && len(seller.Sessions()) == 1 }, 10*time.Second, 10*time.Millisecond)
		seller.Sessions()[0].End()
		r, err := sess.Wait(ctx)
		require.NoError(t, err)
		count(agree(t, r, metering.ReasonSellerEnded))
	})

	t.Run("refused", func(t *testing.T) {
		_, err := buyer.Buy(ctx, offer, metering.Limits{MaxPricePerUnit: gwei(49)})
		require.ErrorIs(t, err, metering.ErrPriceTooHigh)
		_, err = buyer.Buy(ctx, offer, metering.Limits{MaxAmount: gwei(49)})
		require.ErrorIs(t, err, metering.ErrInvalidConfig)

		stale := offer
		stale.PricePerUnit = gwei(40) // not the seller's price
		_, err = buyer.Buy(ctx, stale, metering.Limits{ChannelID: ch.ID})
		require.ErrorIs(t, err, metering.ErrRefused)
		other := offer
		other.Service = "parking"
		_, err = buyer.Buy(ctx, other, metering.Limits{ChannelID: ch.ID})
		require.ErrorIs(t, err, metering.ErrRefused)
		other = offer
		other.Token[0] = 1
		_, err = buyer.Buy(ctx, other, metering.Limits{})
		require.ErrorIs(t, err, metering.ErrNoChannel)
		other = offer
		other.Seller = car.Addr()
		_, err = buyer.Buy(ctx, other, metering.Limits{})
		require.ErrorIs(t, err, metering.ErrInvalidOffer)
	})

	// The seller's receipts add up to what the channel carried, and the
	// buyer's are kept in the node's store.
	require.Equal(t, sellerPaid, station.Received(ch.ID))
	require.Len(t, seller.Receipts(), 4)
	again, err := metering.NewBuyer(ctx, car.Node, metering.BuyerConfig{})
	require.NoError(t, err)
	require.Equal(t, buyer.Receipts(), again.Receipts())
	require.Len(t, again.Receipts(), 4)
	require.Empty(t, car.Node.Offers().Offers(offers.Filter{Service: "nothing"}))
}

func mulPtr(price uint256.Int, units uint64) *uint256.Int {
	v := mul(price, units)
	return &v
}

// TestTollPassWaitsForPayment: a toll gate sells one pass per session
// (the buyer's limit is one unit) and opens its barrier only once the pass
// is paid: WaitPaid sees the payment that arrives after the limit ended
// the session.
func TestTollPassWaitsForPayment(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	car, gate := newDevice(t, 8), newDevice(t, 9)
	deposit := gwei(1_000_000)
	ch := car.OpenChannel(ctx, gate, &deposit, challengePeriod)

	seller, err := metering.NewSeller(ctx, gate.Node, metering.SellerConfig{Logger: testLogger(t), Grace: 5 * time.Second})
	require.NoError(t, err)
	runCtx, stopSeller := context.WithCancel(ctx)
	sellerDone := make(chan error, 1)
	go func() { sellerDone <- seller.Run(runCtx) }()
	t.Cleanup(func() { stopSeller(); <-sellerDone })

	barrier := make(chan error, 8)
	price := gwei(2_000)
	offer, err := seller.Sell(ctx, metering.Listing{
		Service: "toll", Unit: "pass", PricePerUnit: price,
		Meter: metering.MeterFunc(func(ctx context.Context, s *metering.SellSession) error {
			if err := s.Report(1); err != nil {
				barrier <- err
				return err
			}
			err := s.WaitPaid(ctx)
			barrier <- err // nil: the barrier opens
			return err
		}),
	})
	require.NoError(t, err)
	buyer, err := metering.NewBuyer(ctx, car.Node, metering.BuyerConfig{Logger: testLogger(t)})
	require.NoError(t, err)

	for pass := 1; pass <= 3; pass++ {
		sess, err := buyer.Buy(ctx, offer, metering.Limits{MaxUnits: 1, ChannelID: ch.ID})
		require.NoError(t, err)
		rcpt, err := sess.Wait(ctx)
		require.NoError(t, err)
		require.Equal(t, metering.ReasonLimitReached, rcpt.Reason)
		require.Equal(t, price, rcpt.Paid)
		select {
		case err := <-barrier:
			require.NoError(t, err, "pass %d: the gate saw its pass paid", pass)
		case <-ctx.Done():
			t.Fatal("the gate's meter never finished")
		}
	}
	require.Equal(t, mul(price, 3), gate.Received(ch.ID))
}
