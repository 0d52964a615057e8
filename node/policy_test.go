package node_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/holiman/uint256"
	"github.com/stretchr/testify/require"

	"github.com/meshpay/meshpay/node"
	"github.com/meshpay/meshpay/node/policy"
)

// TestSpendingPolicyOnRealNodes: every limit refuses a payment over a real
// connection, with its reason, and nothing refused reaches the payee.
func TestSpendingPolicyOnRealNodes(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	eth := common.Address{}
	limits := policy.Limits{
		MaxPerPayment: uint256.NewInt(100),
		BudgetPerHour: uint256.NewInt(250),
		BudgetPerDay:  uint256.NewInt(1000),
		MaxPricePerUnit: map[string]*uint256.Int{
			"charging": uint256.NewInt(30),
		},
	}
	payer := startWireNode(t, "policy-payer", func(c *node.Config) {
		c.Spending = policy.Policy{Tokens: map[common.Address]policy.TokenPolicy{eth: {Node: limits}}}
	})
	payee := startWireNode(t, "policy-payee")
	_, err := payer.Connect(ctx, payee.Addrs()[0].String())
	require.NoError(t, err)
	ch := addOpenChannel(t, 1, 10_000, 10_000, payer.Engine(), payee.Engine())
	pi, err := ch.Params.Index(payer.Address())
	require.NoError(t, err)
	received := func() uint64 {
		got, err := payee.Engine().Channel(ch.ID)
		require.NoError(t, err)
		return got.Proofs[pi].Proof.TransferredAmount.Uint64()
	}

	tests := []struct {
		name    string
		amount  uint64
		service string
		units   uint64
		want    error
	}{
		{"within limits", 100, "", 0, nil},
		{"over the per-payment cap", 101, "", 0, policy.ErrPaymentTooLarge},
		{"price per unit over the cap", 40, "charging", 1, policy.ErrPriceTooHigh},
		{"fair price", 60, "charging", 2, nil},
		{"over the hourly budget", 91, "", 0, policy.ErrHourlyBudget},
		{"what is left of the budget", 90, "", 0, nil},
	}
	var paid uint64
	for _, tc := range tests {
		before := received()
		_, err := payer.PayFor(ctx, ch.ID, uint256.NewInt(tc.amount), tc.name, tc.service, tc.units)
		if tc.want != nil {
			require.ErrorIs(t, err, tc.want, tc.name)
			require.Equal(t, before, received(), "%s: nothing paid", tc.name)
			continue
		}
		require.NoError(t, err, tc.name)
		paid += tc.amount
		require.Equal(t, paid, received(), tc.name)
	}
	require.Equal(t, uint64(250), paid)
	stats := payer.Guard().Stats()
	require.Equal(t, uint64(1), stats[policy.ReasonOf(policy.ErrHourlyBudget)])
	require.Equal(t, uint64(1), stats[policy.ReasonOf(policy.ErrPaymentTooLarge)])

	// A denied peer gets nothing at all.
	deny := startWireNode(t, "policy-deny-payer", func(c *node.Config) {
		c.Spending = policy.Policy{Deny: []common.Address{payee.Address()}}
	})
	_, err = deny.Connect(ctx, payee.Addrs()[0].String())
	require.NoError(t, err)
	ch2 := addOpenChannel(t, 2, 1000, 1000, deny.Engine(), payee.Engine())
	_, err = deny.Pay(ctx, ch2.ID, uint256.NewInt(1), "denied")
	require.ErrorIs(t, err, policy.ErrPeerDenied)
	got, err := payee.Engine().Channel(ch2.ID)
	require.NoError(t, err)
	require.True(t, got.Proofs[0].IsZero() && got.Proofs[1].IsZero())
}

// TestSpendingAlertsOnRealNode raises a price jump on a real node and reads
// it back where an operator would: the control API and the metrics.
func TestSpendingAlertsOnRealNode(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	payer := startWireNode(t, "alert-payer", func(c *node.Config) {
		c.Spending = policy.Policy{Anomaly: policy.AnomalyConfig{MinSamples: 3, PriceFactor: 2}}
	})
	payee := startWireNode(t, "alert-payee")
	_, err := payer.Connect(ctx, payee.Addrs()[0].String())
	require.NoError(t, err)
	ch := addOpenChannel(t, 1, 10_000, 10_000, payer.Engine(), payee.Engine())
	svc := payer.ControlService()

	for i := range 4 {
		_, err := payer.PayFor(ctx, ch.ID, uint256.NewInt(20), fmt.Sprintf("meter:charging:%d", i), "charging", 2)
		require.NoError(t, err)
	}
	alerts, err := svc.Alerts(ctx)
	require.NoError(t, err)
	require.Empty(t, alerts, "a steady price raises nothing")

	// Five times the usual price per unit: paid (alerts do not block by
	// default), but raised.
	_, err = payer.PayFor(ctx, ch.ID, uint256.NewInt(50), "meter:charging:jump", "charging", 1)
	require.NoError(t, err)
	alerts, err = svc.Alerts(ctx)
	require.NoError(t, err)
	require.Len(t, alerts, 1)
	a := alerts[0]
	require.Equal(t, string(policy.AlertPriceJump), a.Kind)
	require.Equal(t, payee.Address().Hex(), a.Peer)
	require.Equal(t, "charging", a.Service)
	require.Equal(t, "50", a.Value)
	require.Equal(t, "10", a.Average)

	families, err := payer.Metrics().Registry().Gather()
	require.NoError(t, err)
	var raised float64
	for _, f := range families {
		if f.GetName() == "meshpay_spending_alerts_total" {
			for _, m := range f.GetMetric() {
				raised += m.GetCounter().GetValue()
			}
		}
	}
	require.Equal(t, float64(1), raised)

	// Every payment named charging in its reference: the totals say so.
	totals, err := svc.Totals(ctx)
	require.NoError(t, err)
	require.Len(t, totals, 1)
	require.Equal(t, "charging", totals[0].Service)
	require.Equal(t, uint64(5), totals[0].Payments)
	require.Equal(t, "130", totals[0].Amount)
}
