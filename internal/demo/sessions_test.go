package demo

import (
	"testing"

	"github.com/holiman/uint256"
	"github.com/stretchr/testify/require"

	"github.com/meshpay/meshpay/channels"
	"github.com/meshpay/meshpay/node/metering"
)

// receipt is a finished session of units at price on channel ch.
func receipt(role metering.Role, ch byte, units, paidUnits uint64, reason metering.Reason) metering.Receipt {
	price := uint256.NewInt(1e13)
	r := metering.Receipt{Role: role, Service: ServiceData, Unit: "MB", PricePerUnit: *price, Units: units, Reason: reason,
		ChannelID: channels.ChannelID{ch}, SessionID: metering.SessionID{ch, byte(units), byte(role)}}
	r.Due.Mul(price, uint256.NewInt(units))
	r.Paid.Mul(price, uint256.NewInt(paidUnits))
	return r
}

func TestSessionCounts(t *testing.T) {
	rs := []metering.Receipt{
		receipt(metering.RoleBuyer, 1, 10, 10, metering.ReasonLimitReached),
		receipt(metering.RoleBuyer, 1, 4, 3, metering.ReasonPaymentFailed),
		receipt(metering.RoleBuyer, 2, 10, 10, metering.ReasonLimitReached),
	}
	c := sessionCounts(4, rs)
	require.Equal(t, 4, c.Started)
	require.Equal(t, 3, c.Finished)
	require.Equal(t, map[string]int{"limit reached": 2, "payment failed": 1}, c.Ended)
	require.Equal(t, uint64(24), c.Units)
	require.Equal(t, "0.00023 ETH", FormatETH(c.Paid))
	require.Equal(t, 1, c.Unpaid, "3 of 4 units paid")

	var sum SessionCounts
	sum.add(c)
	sum.add(sessionCounts(1, rs[:1]))
	require.Equal(t, 5, sum.Started)
	require.Equal(t, 4, sum.Finished)
	require.Equal(t, 1, sum.Unpaid)
	require.Equal(t, 3, sum.Ended["limit reached"])
	require.Equal(t, "0.00033 ETH", FormatETH(sum.Paid))
	require.Equal(t, "0.00023 ETH", FormatETH(c.Paid), "add does not touch what it adds")

	byChannel := receiptsByChannel(rs, []metering.Receipt{receipt(metering.RoleSeller, 3, 2, 2, metering.ReasonBuyerEnded)})
	require.Len(t, byChannel, 3)
	require.Equal(t, 2, byChannel[channels.ChannelID{1}].sessions)
	require.Equal(t, "0.00013 ETH", FormatWei(&byChannel[channels.ChannelID{1}].paid))
	require.Equal(t, 1, byChannel[channels.ChannelID{3}].sessions)
}

func TestSessionReports(t *testing.T) {
	bought := []metering.Receipt{receipt(metering.RoleBuyer, 1, 10, 10, metering.ReasonLimitReached)}
	sold := []metering.Receipt{
		receipt(metering.RoleSeller, 2, 1, 1, metering.ReasonLimitReached),
		receipt(metering.RoleSeller, 2, 3, 0, metering.ReasonPaymentLagging),
	}
	all := sessionReports(10, bought, sold)
	require.Len(t, all, 3)
	require.Equal(t, SessionReport{
		ID: bought[0].SessionID.Hex(), Side: "buyer", Service: ServiceData, Channel: channels.ChannelID{1}.Hex(),
		Units: 10, Due: wei("100000000000000"), Paid: wei("100000000000000"), Reason: "limit reached",
	}, all[0])
	require.Equal(t, "seller", all[2].Side)
	require.Equal(t, "payment lagging", all[2].Reason)
	require.Equal(t, "0", all[2].Paid.String())
	require.Len(t, sessionReports(2, bought, sold), 2, "a soak lists the first ones")
	require.Empty(t, sessionReports(0, bought, sold))
}

func TestServiceSessions(t *testing.T) {
	for _, name := range []string{ServiceToll, ServiceCharging, ServiceData} {
		svc, err := ServiceByName(name)
		require.NoError(t, err)
		require.Positive(t, svc.SessionUnits, name)
		require.NotEmpty(t, svc.Verb, name)
		// A session never spends a top-up the seller may not have seen.
		require.Less(t, svc.SessionUnits+topUpBelowUnits, svc.DepositUnits, name)
	}
	toll, _ := ServiceByName(ServiceToll)
	require.Equal(t, uint64(1), toll.SessionUnits, "one pass per toll session")
}
