package metering_test

import (
	"context"
	"math/big"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/stretchr/testify/require"

	"github.com/meshpay/meshpay/channels"
	"github.com/meshpay/meshpay/node/control"
	"github.com/meshpay/meshpay/node/metering"
	"github.com/meshpay/meshpay/node/offers"
)

// chargerMeter reports one unit (0.1 kWh) every period while the relay is
// on, and tells off how many units it delivered when the session stops
// it.
func chargerMeter(period time.Duration, off chan<- uint64) metering.Meter {
	return metering.MeterFunc(func(ctx context.Context, s *metering.SellSession) error {
		t := time.NewTicker(period)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				off <- s.Status().Units // relay off
				return nil
			case <-t.C:
				_ = s.Report(1) // refused once the session is ending; ctx ends with it
			}
		}
	})
}

// TestChargingSessionCutOff is the charging story: the charger publishes
// an offer, the car finds it on its board and starts a session; the
// charger meters 0.1 kWh every 50 ms and the car pays per unit; after 5
// units the car stops paying (but keeps the session open) and the charger
// cuts off within its credit window of 3 units. Both receipts agree, and
// after a cooperative close the charger's on-chain balance has risen by
// exactly what its receipt says it was paid.
func TestChargingSessionCutOff(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	car, charger := newDevice(t, 0), newDevice(t, 1)
	chargerBefore := balanceOf(t, ctx, charger.Addr())
	deposit := gwei(1_000_000)
	ch := car.OpenChannel(ctx, charger, &deposit, challengePeriod)

	seller, err := metering.NewSeller(ctx, charger.Node, metering.SellerConfig{Logger: testLogger(t), Grace: 500 * time.Millisecond})
	require.NoError(t, err)
	runCtx, stopSeller := context.WithCancel(ctx)
	sellerDone := make(chan error, 1)
	go func() { sellerDone <- seller.Run(runCtx) }()
	t.Cleanup(func() { stopSeller(); <-sellerDone })

	const paidUnits, creditUnits = 5, 3
	price := gwei(100) // per 0.1 kWh
	relayOff := make(chan uint64, 1)
	_, err = seller.Sell(ctx, metering.Listing{
		Service: "charging", Unit: "0.1kWh", PricePerUnit: price, CreditUnits: creditUnits,
		Meter: chargerMeter(50*time.Millisecond, relayOff),
	})
	require.NoError(t, err)

	var offer offers.Offer
	require.Eventually(t, func() bool {
		found := car.Node.Offers().Offers(offers.Filter{Service: "charging", Seller: &ch.Params.Participants[0]})
		found = append(found, car.Node.Offers().Offers(offers.Filter{Service: "charging", Seller: &ch.Params.Participants[1]})...)
		if len(found) == 0 {
			return false
		}
		offer = found[0]
		return true
	}, 20*time.Second, 50*time.Millisecond, "the car hears the charger's offer")
	require.Equal(t, charger.Addr(), offer.Seller)

	buyer, err := metering.NewBuyer(ctx, car.Node, metering.BuyerConfig{Logger: testLogger(t)})
	require.NoError(t, err)
	metering.SetPayCap(buyer, paidUnits) // the car's program stops paying after 5 units
	sess, err := buyer.Buy(ctx, offer, metering.Limits{MaxPricePerUnit: price, MaxUnits: 1000})
	require.NoError(t, err)
	require.Equal(t, ch.ID, sess.Info().ChannelID, "the car pays over its channel with the charger")
	require.Equal(t, mul(price, creditUnits), sess.Info().CreditWindow)
	// The operator sees the live session on both nodes.
	for _, side := range []struct {
		dev  *device
		role string
	}{{car, control.RoleBuyer}, {charger, control.RoleSeller}} {
		require.Eventually(t, func() bool {
			ss, err := side.dev.Node.ControlService().Sessions(ctx)
			return err == nil && len(ss) == 1 && ss[0].Live && ss[0].ID == sess.ID().Hex() && ss[0].Role == side.role
		}, 10*time.Second, 20*time.Millisecond, "%s lists the live session", side.role)
	}

	carRcpt, err := sess.Wait(ctx)
	require.NoError(t, err, "a cut-off is a clean end: the charger sent its final record")
	var delivered uint64
	select {
	case delivered = <-relayOff:
	case <-time.After(10 * time.Second):
		t.Fatal("the charger's relay was never switched off")
	}

	require.Eventually(t, func() bool { return len(seller.Receipts()) == 1 }, 10*time.Second, 20*time.Millisecond)
	chargerRcpt := seller.Receipts()[0]
	t.Logf("car: %+v", carRcpt)
	t.Logf("charger: %+v", chargerRcpt)

	// The charger cut off because payment lagged, within the window.
	require.Equal(t, metering.ReasonPaymentLagging, chargerRcpt.Reason)
	require.Equal(t, metering.ReasonPaymentLagging, carRcpt.Reason)
	require.Equal(t, delivered, chargerRcpt.Units)
	require.Greater(t, chargerRcpt.Units, uint64(paidUnits))
	require.LessOrEqual(t, chargerRcpt.Units, uint64(paidUnits+creditUnits+1), "at most the credit window and the unit that broke it go unpaid")

	// Totals agree on both sides.
	want := mul(price, paidUnits)
	require.Equal(t, want, carRcpt.Paid)
	require.Equal(t, want, chargerRcpt.Paid)
	require.Equal(t, chargerRcpt.Units, carRcpt.Units)
	require.Equal(t, chargerRcpt.Due, carRcpt.Due)
	require.Equal(t, mul(price, chargerRcpt.Units), chargerRcpt.Due)
	require.Equal(t, carRcpt.SessionID, chargerRcpt.SessionID)
	require.Equal(t, chargerRcpt.FirstNonce, carRcpt.FirstNonce)
	require.Equal(t, chargerRcpt.LastNonce, carRcpt.LastNonce)
	require.NotZero(t, carRcpt.LastNonce)
	require.NotNil(t, carRcpt.Final, "the car keeps the charger's signed final record")
	final, signer, err := carRcpt.Final.Verify()
	require.NoError(t, err)
	require.Equal(t, charger.Addr(), signer)
	require.True(t, final.Final)
	require.Equal(t, chargerRcpt.Units, final.Units)
	require.Equal(t, want, final.Paid, "the charger signed that it was paid this much")
	require.Equal(t, want, charger.Received(ch.ID), "the channel carried exactly the session's payments")

	// The control API shows the ended session and totals it per service.
	for _, side := range []struct {
		dev       *device
		role, dir string
		rcpt      metering.Receipt
	}{{car, control.RoleBuyer, control.DirectionSent, carRcpt}, {charger, control.RoleSeller, control.DirectionReceived, chargerRcpt}} {
		svc := side.dev.Node.ControlService()
		ss, err := svc.Sessions(ctx)
		require.NoError(t, err)
		require.Len(t, ss, 1)
		require.False(t, ss[0].Live)
		require.NotNil(t, ss[0].End)
		require.Equal(t, side.role, ss[0].Role)
		require.Equal(t, side.rcpt.Units, ss[0].Units)
		require.Equal(t, side.rcpt.Paid.Dec(), ss[0].Paid)
		require.Equal(t, metering.ReasonPaymentLagging.String(), ss[0].Reason)
		totals, err := svc.Totals(ctx)
		require.NoError(t, err)
		require.Equal(t, []control.Total{{
			Direction: side.dir, Token: common.Address{}.Hex(), TokenSymbol: "ETH", TokenDecimals: 18,
			Service: "charging", Payments: totals[0].Payments, Amount: want.Dec(),
		}}, totals, "%s: every payment of the channel was for charging", side.role)
		require.NotZero(t, totals[0].Payments)
	}

	// And on chain, after a cooperative close.
	settled, err := car.Node.CloseChannel(ctx, ch.ID, true)
	require.NoError(t, err)
	require.Equal(t, channels.PhaseSettled, settled.Phase)
	rise := new(big.Int).Sub(balanceOf(t, ctx, charger.Addr()), chargerBefore)
	require.Equal(t, chargerRcpt.Paid.ToBig(), rise, "the charger's on-chain balance rose by what its receipt says")
}
