package policy_test

import (
	"errors"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/holiman/uint256"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/meshpay/meshpay/node/policy"
)

func TestReserveLimits(t *testing.T) {
	pay := func(peer common.Address, amount uint64) policy.Payment {
		return policy.Payment{Peer: peer, Token: usdc, Amount: u(amount)}
	}
	priced := func(peer common.Address, service string, price, amount uint64) policy.Payment {
		return policy.Payment{Peer: peer, Token: usdc, Service: service, PricePerUnit: u(price), Amount: u(amount)}
	}
	caps := func(m map[string]uint64) map[string]*uint256.Int {
		out := make(map[string]*uint256.Int, len(m))
		for k, v := range m {
			out[k] = u(v)
		}
		return out
	}
	tests := []struct {
		name   string
		policy policy.Policy
		before []policy.Payment // committed first, must pass
		pay    policy.Payment
		err    error
		scope  policy.Scope
	}{
		{name: "zero policy allows", pay: pay(alice, 1e18)},
		{name: "denied", policy: policy.Policy{Deny: []common.Address{alice}}, pay: pay(alice, 1), err: policy.ErrPeerDenied},
		{name: "not denied", policy: policy.Policy{Deny: []common.Address{alice}}, pay: pay(bob, 1)},
		{name: "allowed", policy: policy.Policy{Allow: []common.Address{alice}}, pay: pay(alice, 1)},
		{name: "not allowed", policy: policy.Policy{Allow: []common.Address{alice}}, pay: pay(bob, 1), err: policy.ErrPeerNotAllowed},
		{name: "deny wins over allow", policy: policy.Policy{Allow: []common.Address{alice}, Deny: []common.Address{alice}}, pay: pay(alice, 1), err: policy.ErrPeerDenied},
		{name: "deny wins over limits", policy: policy.Policy{Deny: []common.Address{alice}, Tokens: map[common.Address]policy.TokenPolicy{eth: {}}}, pay: policy.Payment{Peer: alice, Token: usdc, Amount: u(1)}, err: policy.ErrPeerDenied},
		{name: "token not listed", policy: tokenPolicy(policy.Limits{}, nil), pay: policy.Payment{Peer: alice, Token: eth, Amount: u(1)}, err: policy.ErrTokenNotAllowed},
		{name: "token listed without limits", policy: tokenPolicy(policy.Limits{}, nil), pay: pay(alice, 1e18)},

		{name: "node price cap", policy: tokenPolicy(policy.Limits{MaxPricePerUnit: caps(map[string]uint64{"charging": 100})}, nil), pay: priced(alice, "charging", 101, 101), err: policy.ErrPriceTooHigh, scope: policy.ScopeNode},
		{name: "node price at cap", policy: tokenPolicy(policy.Limits{MaxPricePerUnit: caps(map[string]uint64{"charging": 100})}, nil), pay: priced(alice, "charging", 100, 100)},
		{name: "price cap of another kind", policy: tokenPolicy(policy.Limits{MaxPricePerUnit: caps(map[string]uint64{"charging": 100})}, nil), pay: priced(alice, "toll", 1000, 1000)},
		{name: "any-kind cap", policy: tokenPolicy(policy.Limits{MaxPricePerUnit: caps(map[string]uint64{"*": 10})}, nil), pay: priced(alice, "toll", 11, 11), err: policy.ErrPriceTooHigh, scope: policy.ScopeNode},
		{name: "kind cap replaces any-kind cap", policy: tokenPolicy(policy.Limits{MaxPricePerUnit: caps(map[string]uint64{"*": 10, "charging": 100})}, nil), pay: priced(alice, "charging", 50, 50)},
		{name: "nil kind cap falls back to any-kind", policy: tokenPolicy(policy.Limits{MaxPricePerUnit: map[string]*uint256.Int{"*": u(10), "charging": nil}}, nil), pay: priced(alice, "charging", 50, 50), err: policy.ErrPriceTooHigh, scope: policy.ScopeNode},
		{name: "no price no price cap", policy: tokenPolicy(policy.Limits{MaxPricePerUnit: caps(map[string]uint64{"*": 10})}, nil), pay: pay(alice, 1000)},
		{name: "price derived from units", policy: tokenPolicy(policy.Limits{MaxPricePerUnit: caps(map[string]uint64{"data": 10})}, nil),
			pay: policy.Payment{Peer: alice, Token: usdc, Service: "data", Units: 3, Amount: u(31)}, err: policy.ErrPriceTooHigh, scope: policy.ScopeNode},
		{name: "derived price wins over a lower quote", policy: tokenPolicy(policy.Limits{MaxPricePerUnit: caps(map[string]uint64{"data": 10})}, nil),
			pay: policy.Payment{Peer: alice, Token: usdc, Service: "data", Units: 3, PricePerUnit: u(10), Amount: u(31)}, err: policy.ErrPriceTooHigh, scope: policy.ScopeNode},
		{name: "derived price at cap", policy: tokenPolicy(policy.Limits{MaxPricePerUnit: caps(map[string]uint64{"data": 10})}, nil),
			pay: policy.Payment{Peer: alice, Token: usdc, Service: "data", Units: 3, Amount: u(30)}},
		{name: "peer price cap tighter", policy: tokenPolicy(policy.Limits{MaxPricePerUnit: caps(map[string]uint64{"*": 100})}, map[common.Address]policy.Limits{alice: {MaxPricePerUnit: caps(map[string]uint64{"*": 50})}}),
			pay: priced(alice, "toll", 60, 60), err: policy.ErrPriceTooHigh, scope: policy.ScopePeer},
		{name: "peer price cap is only that peer's", policy: tokenPolicy(policy.Limits{MaxPricePerUnit: caps(map[string]uint64{"*": 100})}, map[common.Address]policy.Limits{alice: {MaxPricePerUnit: caps(map[string]uint64{"*": 50})}}),
			pay: priced(bob, "toll", 60, 60)},
		{name: "node price cap applies over a looser peer cap", policy: tokenPolicy(policy.Limits{MaxPricePerUnit: caps(map[string]uint64{"*": 100})}, map[common.Address]policy.Limits{alice: {MaxPricePerUnit: caps(map[string]uint64{"*": 500})}}),
			pay: priced(alice, "toll", 200, 200), err: policy.ErrPriceTooHigh, scope: policy.ScopeNode},

		{name: "node per-payment cap", policy: tokenPolicy(policy.Limits{MaxPerPayment: u(100)}, nil), pay: pay(alice, 101), err: policy.ErrPaymentTooLarge, scope: policy.ScopeNode},
		{name: "node per-payment at cap", policy: tokenPolicy(policy.Limits{MaxPerPayment: u(100)}, nil), pay: pay(alice, 100)},
		{name: "peer per-payment cap", policy: tokenPolicy(policy.Limits{MaxPerPayment: u(100)}, map[common.Address]policy.Limits{alice: {MaxPerPayment: u(10)}}), pay: pay(alice, 11), err: policy.ErrPaymentTooLarge, scope: policy.ScopePeer},
		{name: "node per-payment cap over a looser peer cap", policy: tokenPolicy(policy.Limits{MaxPerPayment: u(100)}, map[common.Address]policy.Limits{alice: {MaxPerPayment: u(1000)}}), pay: pay(alice, 101), err: policy.ErrPaymentTooLarge, scope: policy.ScopeNode},

		{name: "node hourly budget", policy: tokenPolicy(policy.Limits{BudgetPerHour: u(100)}, nil), before: []policy.Payment{pay(alice, 60), pay(bob, 30)}, pay: pay(carol, 11), err: policy.ErrHourlyBudget, scope: policy.ScopeNode},
		{name: "node hourly budget exactly spent", policy: tokenPolicy(policy.Limits{BudgetPerHour: u(100)}, nil), before: []policy.Payment{pay(alice, 60), pay(bob, 30)}, pay: pay(carol, 10)},
		{name: "peer hourly budget", policy: tokenPolicy(policy.Limits{BudgetPerHour: u(100)}, map[common.Address]policy.Limits{alice: {BudgetPerHour: u(50)}}), before: []policy.Payment{pay(alice, 40), pay(bob, 40)}, pay: pay(alice, 11), err: policy.ErrHourlyBudget, scope: policy.ScopePeer},
		{name: "peer hourly budget leaves others", policy: tokenPolicy(policy.Limits{}, map[common.Address]policy.Limits{alice: {BudgetPerHour: u(50)}}), before: []policy.Payment{pay(alice, 50)}, pay: pay(bob, 1000)},
		{name: "node hourly budget over a looser peer budget", policy: tokenPolicy(policy.Limits{BudgetPerHour: u(100)}, map[common.Address]policy.Limits{alice: {BudgetPerHour: u(1000)}}), before: []policy.Payment{pay(alice, 100)}, pay: pay(alice, 1), err: policy.ErrHourlyBudget, scope: policy.ScopeNode},
		{name: "node daily budget", policy: tokenPolicy(policy.Limits{BudgetPerDay: u(100)}, nil), before: []policy.Payment{pay(alice, 100)}, pay: pay(bob, 1), err: policy.ErrDailyBudget, scope: policy.ScopeNode},
		{name: "peer daily budget", policy: tokenPolicy(policy.Limits{}, map[common.Address]policy.Limits{alice: {BudgetPerDay: u(100)}}), before: []policy.Payment{pay(alice, 100)}, pay: pay(alice, 1), err: policy.ErrDailyBudget, scope: policy.ScopePeer},
		{name: "hourly refused before daily", policy: tokenPolicy(policy.Limits{BudgetPerHour: u(10), BudgetPerDay: u(10)}, nil), before: []policy.Payment{pay(alice, 10)}, pay: pay(alice, 1), err: policy.ErrHourlyBudget, scope: policy.ScopeNode},
		{name: "zero budget freezes", policy: tokenPolicy(policy.Limits{BudgetPerDay: u(0)}, nil), pay: pay(alice, 1), err: policy.ErrDailyBudget, scope: policy.ScopeNode},
		{name: "zero amount under zero budget", policy: tokenPolicy(policy.Limits{BudgetPerDay: u(0)}, nil), pay: pay(alice, 0)},
		{name: "no amount", pay: policy.Payment{Peer: alice, Token: usdc}, err: policy.ErrInvalidPayment},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			g, _ := newGuard(t, tc.policy)
			for _, p := range tc.before {
				r, err := g.Reserve(p)
				require.NoError(t, err)
				r.Commit()
			}
			before := g.Usage(tc.pay.Token, tc.pay.Peer)
			r, err := g.Reserve(tc.pay)
			if tc.err == nil {
				require.NoError(t, err)
				r.Commit()
				for reason, n := range g.Stats() {
					assert.Zero(t, n, reason)
				}
				return
			}
			require.ErrorIs(t, err, tc.err)
			reason := policy.ReasonOf(err)
			require.NotEmpty(t, reason)
			assert.Equal(t, uint64(1), g.Stats()[reason], "refusal counted")
			assert.Equal(t, before, g.Usage(tc.pay.Token, tc.pay.Peer), "nothing held")
			r.Commit() // the zero Reservation does nothing
			assert.Equal(t, before, g.Usage(tc.pay.Token, tc.pay.Peer))
			var re *policy.RefusedError
			if errors.As(err, &re) {
				assert.Equal(t, tc.scope, re.Scope)
				assert.Equal(t, tc.pay.Peer, re.Peer)
				assert.Contains(t, err.Error(), tc.pay.Peer.Hex())
			} else {
				require.Empty(t, tc.scope)
			}
		})
	}
}

func TestRefusalMessages(t *testing.T) {
	p := tokenPolicy(policy.Limits{BudgetPerHour: u(1000), MaxPerPayment: u(500), MaxPricePerUnit: map[string]*uint256.Int{"charging": u(7)}},
		map[common.Address]policy.Limits{alice: {BudgetPerDay: u(2000)}})
	g, _ := newGuard(t, p)
	require.NoError(t, pay(g, policy.Payment{Peer: alice, Token: usdc, Amount: u(450)}))
	require.NoError(t, pay(g, policy.Payment{Peer: bob, Token: usdc, Amount: u(450)}))

	_, err := g.Reserve(policy.Payment{Peer: alice, Token: usdc, Amount: u(200)})
	assert.EqualError(t, err, "policy: hourly budget exceeded: node budget in token "+usdc.Hex()+": 900 spent + 200 asked > 1000 (paying "+alice.Hex()+")")
	_, err = g.Reserve(policy.Payment{Peer: alice, Token: usdc, Amount: u(501)})
	assert.EqualError(t, err, "policy: payment too large: node cap in token "+usdc.Hex()+": 501 > 500 (paying "+alice.Hex()+")")
	_, err = g.Reserve(policy.Payment{Peer: alice, Token: usdc, Service: "charging", PricePerUnit: u(8), Amount: u(8)})
	assert.EqualError(t, err, `policy: price too high: node cap for service "charging" in token `+usdc.Hex()+": 8 per unit > 7 (paying "+alice.Hex()+")")

	g2, _ := newGuard(t, policy.Policy{Deny: []common.Address{bob}})
	_, err = g2.Reserve(policy.Payment{Peer: bob, Token: usdc, Amount: u(1)})
	assert.EqualError(t, err, "policy: peer denied: "+bob.Hex())

	var re *policy.RefusedError
	_, err = g.Reserve(policy.Payment{Peer: alice, Token: usdc, Amount: u(101)})
	require.ErrorAs(t, err, &re)
	assert.Equal(t, policy.RefusedError{Reason: policy.ReasonHourlyBudget, Peer: alice, Token: usdc, Scope: policy.ScopeNode, Limit: u(1000), Spent: u(900), Asked: u(101)}, *re)
}

func TestWindowsRoll(t *testing.T) {
	g, c := newGuard(t, tokenPolicy(policy.Limits{BudgetPerHour: u(100), BudgetPerDay: u(250)}, nil))
	p := policy.Payment{Peer: alice, Token: usdc, Amount: u(100)}
	require.NoError(t, pay(g, p))

	c.Advance(59 * time.Minute)
	require.ErrorIs(t, pay(g, p), policy.ErrHourlyBudget, "59 minutes ago still counts")
	c.Advance(2 * time.Minute)
	require.NoError(t, pay(g, p), "61 minutes ago no longer counts")
	assert.Equal(t, u(100), g.Usage(usdc, alice).Node.Hour)
	assert.Equal(t, u(200), g.Usage(usdc, alice).Node.Day)

	c.Advance(61 * time.Minute)
	require.ErrorIs(t, pay(g, p), policy.ErrDailyBudget, "the day still holds 200")
	require.NoError(t, pay(g, policy.Payment{Peer: alice, Token: usdc, Amount: u(50)}))

	// 24 h + 1 min after the first payment it leaves the day.
	c.Advance(24*time.Hour + time.Minute - 122*time.Minute)
	assert.Equal(t, u(150), g.Usage(usdc, alice).Node.Day)
	require.NoError(t, pay(g, policy.Payment{Peer: alice, Token: usdc, Amount: u(100)}))
	assert.Equal(t, u(250), g.Usage(usdc, alice).Node.Day)

	c.Advance(25 * time.Hour)
	assert.Equal(t, policy.Spend{Hour: u(0), Day: u(0), Held: u(0)}, g.Usage(usdc, alice).Node)
}

// TestWindowFloor: a budget is never spread over less than a full hour,
// wherever in its minute a payment falls.
func TestWindowFloor(t *testing.T) {
	for _, offset := range []time.Duration{0, time.Second, 30 * time.Second, 59 * time.Second} {
		g, c := newGuard(t, tokenPolicy(policy.Limits{BudgetPerHour: u(1)}, nil))
		c.Advance(offset)
		p := policy.Payment{Peer: alice, Token: usdc, Amount: u(1)}
		require.NoError(t, pay(g, p))
		c.Advance(time.Hour - time.Nanosecond)
		require.ErrorIs(t, pay(g, p), policy.ErrHourlyBudget, "offset %s", offset)
		c.Advance(time.Minute + time.Nanosecond)
		require.NoError(t, pay(g, p), "offset %s", offset)
	}
}

func TestHoldAndRelease(t *testing.T) {
	g, _ := newGuard(t, tokenPolicy(policy.Limits{BudgetPerHour: u(100)}, nil))
	p := policy.Payment{Peer: alice, Token: usdc, Amount: u(60)}

	r1, err := g.Reserve(p)
	require.NoError(t, err)
	assert.Equal(t, policy.Spend{Hour: u(60), Day: u(60), Held: u(60)}, g.Usage(usdc, alice).Node)
	_, err = g.Reserve(p)
	require.ErrorIs(t, err, policy.ErrHourlyBudget, "a hold counts before it is committed")

	r1.Release()
	assert.Equal(t, policy.Spend{Hour: u(0), Day: u(0), Held: u(0)}, g.Usage(usdc, alice).Node)
	r1.Commit() // too late: released
	assert.Equal(t, policy.Spend{Hour: u(0), Day: u(0), Held: u(0)}, g.Usage(usdc, alice).Node)

	r2, err := g.Reserve(p)
	require.NoError(t, err, "the release returned the hold")
	r2.Commit()
	r2.Release() // too late: committed
	r2.Commit()
	assert.Equal(t, policy.Spend{Hour: u(60), Day: u(60), Held: u(0)}, g.Usage(usdc, alice).Node)
	assert.Equal(t, policy.Spend{Hour: u(60), Day: u(60), Held: u(0)}, g.Usage(usdc, alice).Peer)
	assert.Equal(t, policy.Spend{Hour: u(0), Day: u(0), Held: u(0)}, g.Usage(usdc, bob).Peer)
}

func TestReleaseLater(t *testing.T) {
	g, c := newGuard(t, tokenPolicy(policy.Limits{BudgetPerHour: u(100), BudgetPerDay: u(1000)}, nil))
	r, err := g.Reserve(policy.Payment{Peer: alice, Token: usdc, Amount: u(60)})
	require.NoError(t, err)
	require.NoError(t, pay(g, policy.Payment{Peer: alice, Token: usdc, Amount: u(10)}))

	c.Advance(30 * time.Minute) // in another bucket, still in the hour
	require.NoError(t, pay(g, policy.Payment{Peer: alice, Token: usdc, Amount: u(5)}))
	r.Release()
	assert.Equal(t, policy.Spend{Hour: u(15), Day: u(15), Held: u(0)}, g.Usage(usdc, alice).Node)

	r, err = g.Reserve(policy.Payment{Peer: alice, Token: usdc, Amount: u(80)})
	require.NoError(t, err)
	c.Advance(90 * time.Minute) // out of the hour, still in the day
	r.Release()
	assert.Equal(t, policy.Spend{Hour: u(0), Day: u(15), Held: u(0)}, g.Usage(usdc, alice).Node)

	r, err = g.Reserve(policy.Payment{Peer: alice, Token: usdc, Amount: u(80)})
	require.NoError(t, err)
	c.Advance(25 * time.Hour) // out of the day
	r.Release()
	assert.Equal(t, policy.Spend{Hour: u(0), Day: u(0), Held: u(0)}, g.Usage(usdc, alice).Node)
}

func TestClockBack(t *testing.T) {
	g, c := newGuard(t, tokenPolicy(policy.Limits{BudgetPerHour: u(100)}, nil))
	c.Advance(10 * time.Minute)
	require.NoError(t, pay(g, policy.Payment{Peer: alice, Token: usdc, Amount: u(50)}))
	c.Advance(-20 * time.Minute)
	r, err := g.Reserve(policy.Payment{Peer: alice, Token: usdc, Amount: u(50)})
	require.NoError(t, err)
	_, err = g.Reserve(policy.Payment{Peer: alice, Token: usdc, Amount: u(1)})
	require.ErrorIs(t, err, policy.ErrHourlyBudget)
	r.Release()
	assert.Equal(t, u(50), g.Usage(usdc, alice).Node.Hour)
	// The late reservation went into the newest bucket (minute 10), which
	// leaves the hour at minute 71.
	c.Advance(80 * time.Minute)
	assert.Equal(t, u(50), g.Usage(usdc, alice).Node.Hour)
	c.Advance(time.Minute)
	assert.Equal(t, u(0), g.Usage(usdc, alice).Node.Hour)
}

func TestTwoTokens(t *testing.T) {
	g, _ := newGuard(t, policy.Policy{Tokens: map[common.Address]policy.TokenPolicy{
		usdc: {Node: policy.Limits{BudgetPerHour: u(100)}},
		eth:  {Node: policy.Limits{BudgetPerHour: u(1e18)}, Peers: map[common.Address]policy.Limits{alice: {MaxPerPayment: u(1e17)}}},
	}})
	require.NoError(t, pay(g, policy.Payment{Peer: alice, Token: usdc, Amount: u(100)}))
	require.ErrorIs(t, pay(g, policy.Payment{Peer: alice, Token: usdc, Amount: u(1)}), policy.ErrHourlyBudget)
	require.NoError(t, pay(g, policy.Payment{Peer: alice, Token: eth, Amount: u(1e17)}), "usdc spend says nothing of eth")
	require.ErrorIs(t, pay(g, policy.Payment{Peer: alice, Token: eth, Amount: u(1e17 + 1)}), policy.ErrPaymentTooLarge)
	require.NoError(t, pay(g, policy.Payment{Peer: bob, Token: eth, Amount: u(5e17)}), "alice's eth cap is hers")
	assert.Equal(t, u(100), g.Usage(usdc, alice).Node.Hour)
	assert.Equal(t, u(6e17), g.Usage(eth, alice).Node.Hour)
	assert.Equal(t, u(1e17), g.Usage(eth, alice).Peer.Hour)
	require.ErrorIs(t, pay(g, policy.Payment{Peer: alice, Token: carol, Amount: u(1)}), policy.ErrTokenNotAllowed)
}

func TestCheck(t *testing.T) {
	g, _ := newGuard(t, policy.Policy{
		Deny:   []common.Address{bob},
		Tokens: map[common.Address]policy.TokenPolicy{usdc: {Node: policy.Limits{BudgetPerHour: u(100), MaxPricePerUnit: map[string]*uint256.Int{"*": u(10)}}}},
	})
	require.NoError(t, g.Check(policy.Payment{Peer: alice, Token: usdc, Service: "toll", PricePerUnit: u(10)}))
	require.ErrorIs(t, g.Check(policy.Payment{Peer: alice, Token: usdc, Service: "toll", PricePerUnit: u(11)}), policy.ErrPriceTooHigh)
	require.ErrorIs(t, g.Check(policy.Payment{Peer: bob, Token: usdc}), policy.ErrPeerDenied)
	require.NoError(t, g.Check(policy.Payment{Peer: alice, Token: usdc, Amount: u(100)}))
	assert.Equal(t, u(0), g.Usage(usdc, alice).Node.Hour, "Check holds nothing")
	require.NoError(t, pay(g, policy.Payment{Peer: alice, Token: usdc, Amount: u(100)}))
	require.ErrorIs(t, g.Check(policy.Payment{Peer: alice, Token: usdc, Amount: u(1)}), policy.ErrHourlyBudget)
	require.NoError(t, g.Check(policy.Payment{Peer: alice, Token: usdc}), "a zero amount fits a spent budget")
	stats := g.Stats()
	assert.Equal(t, uint64(1), stats[policy.ReasonPriceTooHigh])
	assert.Equal(t, uint64(1), stats[policy.ReasonPeerDenied])
	assert.Equal(t, uint64(1), stats[policy.ReasonHourlyBudget])
}

func TestStatsHasEveryReason(t *testing.T) {
	g, _ := newGuard(t, policy.Policy{})
	stats := g.Stats()
	for _, r := range []policy.Reason{policy.ReasonPeerDenied, policy.ReasonPeerNotAllowed, policy.ReasonTokenNotAllowed, policy.ReasonPriceTooHigh,
		policy.ReasonPaymentTooLarge, policy.ReasonHourlyBudget, policy.ReasonDailyBudget, policy.ReasonAnomaly, policy.ReasonInvalid} {
		v, ok := stats[r]
		assert.True(t, ok, r)
		assert.Zero(t, v, r)
	}
	assert.Empty(t, policy.ReasonOf(nil))
	assert.Empty(t, policy.ReasonOf(errors.New("other")))
}

func TestPolicyIsCopied(t *testing.T) {
	budget := u(100)
	p := tokenPolicy(policy.Limits{BudgetPerHour: budget}, nil)
	g, _ := newGuard(t, p)
	budget.SetUint64(1e9)
	p.Tokens[usdc] = policy.TokenPolicy{}
	require.ErrorIs(t, pay(g, policy.Payment{Peer: alice, Token: usdc, Amount: u(101)}), policy.ErrHourlyBudget)
}

func TestSetPolicy(t *testing.T) {
	g, _ := newGuard(t, tokenPolicy(policy.Limits{BudgetPerHour: u(100)}, nil))
	require.NoError(t, pay(g, policy.Payment{Peer: alice, Token: usdc, Amount: u(80)}))
	require.NoError(t, g.SetPolicy(tokenPolicy(policy.Limits{BudgetPerHour: u(50)}, nil)))
	require.ErrorIs(t, pay(g, policy.Payment{Peer: alice, Token: usdc, Amount: u(1)}), policy.ErrHourlyBudget, "spend is kept across a policy change")
	require.ErrorIs(t, g.SetPolicy(policy.Policy{Anomaly: policy.AnomalyConfig{Alpha: 2}}), policy.ErrInvalidPolicy)
	require.ErrorIs(t, pay(g, policy.Payment{Peer: alice, Token: usdc, Amount: u(1)}), policy.ErrHourlyBudget, "a rejected policy changes nothing")
}

func TestInvalidPolicy(t *testing.T) {
	for _, a := range []policy.AnomalyConfig{
		{PriceFactor: 1}, {PriceFactor: -2}, {RateFactor: 0.5}, {MinSamples: -1},
		{Alpha: -0.1}, {Alpha: 1.5}, {KeepAlerts: -1},
	} {
		_, err := policy.NewGuard(policy.Policy{Anomaly: a}, nil)
		require.ErrorIs(t, err, policy.ErrInvalidPolicy, "%+v", a)
	}
	g, err := policy.NewGuard(policy.Policy{}, nil)
	require.NoError(t, err)
	require.NoError(t, pay(g, policy.Payment{Peer: alice, Token: usdc, Amount: u(1)}), "nil clock is time.Now")
}

func TestOverflow(t *testing.T) {
	g, _ := newGuard(t, policy.Policy{})
	maxInt := new(uint256.Int).SetAllOne()
	require.NoError(t, pay(g, policy.Payment{Peer: alice, Token: usdc, Amount: maxInt}))
	require.ErrorIs(t, pay(g, policy.Payment{Peer: bob, Token: usdc, Amount: u(1)}), policy.ErrInvalidPayment)

	g, _ = newGuard(t, tokenPolicy(policy.Limits{BudgetPerDay: maxInt}, nil))
	require.NoError(t, pay(g, policy.Payment{Peer: alice, Token: usdc, Amount: maxInt}))
	require.ErrorIs(t, pay(g, policy.Payment{Peer: bob, Token: usdc, Amount: u(1)}), policy.ErrDailyBudget)
}

func TestRefusalFunc(t *testing.T) {
	type refusal struct {
		p      policy.Payment
		reason policy.Reason
	}
	var got []refusal
	g, _ := newGuard(t, policy.Policy{Deny: []common.Address{bob}}, policy.WithRefusalFunc(func(p policy.Payment, err error) {
		got = append(got, refusal{p, policy.ReasonOf(err)})
	}))
	denied := policy.Payment{Peer: bob, Token: usdc, Amount: u(1)}
	noAmount := policy.Payment{Peer: alice, Token: usdc}
	require.Error(t, pay(g, denied))
	require.Error(t, pay(g, noAmount))
	require.Error(t, g.Check(denied))
	require.NoError(t, pay(g, policy.Payment{Peer: alice, Token: usdc, Amount: u(1)}))
	assert.Equal(t, []refusal{{denied, policy.ReasonPeerDenied}, {noAmount, policy.ReasonInvalid}, {denied, policy.ReasonPeerDenied}}, got)
	assert.Equal(t, uint64(2), g.Stats()[policy.ReasonPeerDenied])
	assert.Equal(t, uint64(1), g.Stats()[policy.ReasonInvalid])
}
