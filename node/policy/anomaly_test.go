package policy_test

import (
	"sync"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/meshpay/meshpay/node/policy"
)

// alertLog collects the alerts handed to the callback.
type alertLog struct {
	mu     sync.Mutex
	alerts []policy.Alert
}

func (l *alertLog) add(a policy.Alert) {
	l.mu.Lock()
	l.alerts = append(l.alerts, a)
	l.mu.Unlock()
}

func (l *alertLog) list() []policy.Alert {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]policy.Alert(nil), l.alerts...)
}

func priced(peer common.Address, service string, price uint64) policy.Payment {
	return policy.Payment{Peer: peer, Token: usdc, Service: service, PricePerUnit: u(price), Amount: u(price)}
}

func TestPriceJump(t *testing.T) {
	var log alertLog
	g, c := newGuard(t, policy.Policy{}, policy.WithAlertFunc(log.add))
	// Steady traffic with noise raises nothing.
	for i, p := range []uint64{100, 110, 90, 105, 95, 120, 85, 100, 115, 90} {
		require.NoError(t, pay(g, priced(alice, "charging", p)), i)
		c.Advance(time.Second)
	}
	assert.Empty(t, g.Alerts())

	r, err := g.Reserve(priced(alice, "charging", 250))
	require.NoError(t, err, "alerts do not block by default")
	r.Release()
	alerts := g.Alerts()
	require.Len(t, alerts, 1)
	a := alerts[0]
	assert.Equal(t, policy.AlertPriceJump, a.Kind)
	assert.Equal(t, alice, a.Peer)
	assert.Equal(t, usdc, a.Token)
	assert.Equal(t, "charging", a.Service)
	assert.Equal(t, u(250), a.Value)
	assert.InDelta(t, 100, a.Average.Uint64(), 10)
	assert.Equal(t, c.Now(), a.At)
	assert.Equal(t, alerts, log.list(), "the callback saw it too")

	// Other series have their own averages.
	require.NoError(t, pay(g, priced(bob, "charging", 250)))
	require.NoError(t, pay(g, priced(alice, "toll", 250)))
	require.NoError(t, pay(g, policy.Payment{Peer: alice, Token: eth, Service: "charging", PricePerUnit: u(250), Amount: u(250)}))
	assert.Len(t, g.Alerts(), 1)
	assert.Zero(t, g.Stats()[policy.ReasonAnomaly])

	// Paying the new price moves the average: the alerts stop.
	for range 5 {
		require.NoError(t, pay(g, priced(alice, "charging", 250)))
	}
	n := len(g.Alerts())
	require.NoError(t, pay(g, priced(alice, "charging", 250)))
	assert.Len(t, g.Alerts(), n)
}

func TestPriceJumpNeedsSamples(t *testing.T) {
	g, _ := newGuard(t, policy.Policy{Anomaly: policy.AnomalyConfig{MinSamples: 3}})
	require.NoError(t, pay(g, priced(alice, "data", 10)))
	require.NoError(t, pay(g, priced(alice, "data", 10)))
	require.NoError(t, pay(g, priced(alice, "data", 100)), "two samples are not enough")
	assert.Empty(t, g.Alerts())
	r, err := g.Reserve(priced(alice, "data", 1000))
	require.NoError(t, err)
	r.Release()
	assert.Len(t, g.Alerts(), 1)
}

func TestPriceJumpDerivedFromUnits(t *testing.T) {
	g, _ := newGuard(t, policy.Policy{})
	for range 5 {
		require.NoError(t, pay(g, policy.Payment{Peer: alice, Token: usdc, Service: "data", Units: 10, Amount: u(100)}))
	}
	require.NoError(t, pay(g, policy.Payment{Peer: alice, Token: usdc, Service: "data", Units: 10, Amount: u(300)}))
	alerts := g.Alerts()
	require.Len(t, alerts, 1)
	assert.Equal(t, u(30), alerts[0].Value)
	assert.Equal(t, u(10), alerts[0].Average)
}

func TestPriceJumpBlock(t *testing.T) {
	var log alertLog
	g, _ := newGuard(t, policy.Policy{Anomaly: policy.AnomalyConfig{Block: true, PriceFactor: 1.5}}, policy.WithAlertFunc(log.add))
	for range 5 {
		require.NoError(t, pay(g, priced(alice, "charging", 100)))
	}
	require.NoError(t, pay(g, priced(alice, "charging", 150)), "at the factor is no jump")
	before := g.Usage(usdc, alice)
	_, err := g.Reserve(priced(alice, "charging", 200))
	require.ErrorIs(t, err, policy.ErrAnomaly)
	assert.Contains(t, err.Error(), "200 per unit > 1.5x recent average 110")
	assert.Equal(t, uint64(1), g.Stats()[policy.ReasonAnomaly])
	assert.Equal(t, before, g.Usage(usdc, alice), "nothing held")
	require.Len(t, log.list(), 1, "a blocked jump still alerts")
	assert.Equal(t, policy.AlertPriceJump, log.list()[0].Kind)
	// The refused price never enters the average.
	_, err = g.Reserve(priced(alice, "charging", 200))
	require.ErrorIs(t, err, policy.ErrAnomaly)
	// Check refuses it too, without another alert.
	require.ErrorIs(t, g.Check(priced(alice, "charging", 200)), policy.ErrAnomaly)
	assert.Len(t, log.list(), 2)
}

func TestSpendRateSpike(t *testing.T) {
	var log alertLog
	g, c := newGuard(t, policy.Policy{}, policy.WithAlertFunc(log.add))
	p := policy.Payment{Peer: alice, Token: usdc, Service: "data", Amount: u(10)}
	for range 10 {
		require.NoError(t, pay(g, p))
		c.Advance(time.Minute)
	}
	assert.Empty(t, log.list())
	for i := range 6 {
		require.NoError(t, pay(g, p))
		c.Advance(time.Second)
		if i < 3 {
			assert.Empty(t, log.list(), "30 is not above 3x 10")
		}
	}
	alerts := log.list()
	require.Len(t, alerts, 1, "one alert per minute")
	a := alerts[0]
	assert.Equal(t, policy.AlertSpendRate, a.Kind)
	assert.Equal(t, "data", a.Service)
	assert.Equal(t, u(40), a.Value)
	assert.Equal(t, u(10), a.Average)
	assert.Equal(t, alerts, g.Alerts())

	// The spike goes into the average, and steady traffic afterwards is
	// quiet.
	c.Advance(time.Minute)
	for range 20 {
		require.NoError(t, pay(g, p))
		c.Advance(time.Minute)
	}
	assert.Len(t, log.list(), 1)
}

func TestSteadyTrafficIsQuiet(t *testing.T) {
	tests := []struct {
		name  string
		every time.Duration
		for_  time.Duration
	}{
		{"dense", 5 * time.Second, time.Hour},
		{"every 40s", 40 * time.Second, 2 * time.Hour},
		{"sparse", 10 * time.Minute, 10 * time.Hour},
		{"hourly", time.Hour, 48 * time.Hour},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			g, c := newGuard(t, policy.Policy{})
			p := priced(alice, "charging", 100)
			for elapsed := time.Duration(0); elapsed < tc.for_; elapsed += tc.every {
				require.NoError(t, pay(g, p))
				c.Advance(tc.every)
			}
			assert.Empty(t, g.Alerts())
		})
	}
}

func TestAnomalyDisabled(t *testing.T) {
	g, _ := newGuard(t, policy.Policy{Anomaly: policy.AnomalyConfig{Disable: true, Block: true}})
	for range 10 {
		require.NoError(t, pay(g, priced(alice, "charging", 100)))
	}
	require.NoError(t, pay(g, priced(alice, "charging", 1000)))
	assert.Empty(t, g.Alerts())
}

func TestAlertRing(t *testing.T) {
	g, _ := newGuard(t, policy.Policy{Anomaly: policy.AnomalyConfig{KeepAlerts: 3}})
	for range 5 {
		require.NoError(t, pay(g, priced(alice, "charging", 10)))
	}
	for i := range 5 {
		r, err := g.Reserve(priced(alice, "charging", uint64(100+i)))
		require.NoError(t, err)
		r.Release()
	}
	alerts := g.Alerts()
	require.Len(t, alerts, 3)
	for i, a := range alerts {
		assert.Equal(t, u(uint64(102+i)), a.Value, "newest kept, oldest first")
	}
	alerts[0].Value.SetUint64(0)
	assert.Equal(t, u(102), g.Alerts()[0].Value, "Alerts returns copies")

	require.NoError(t, g.SetPolicy(policy.Policy{Anomaly: policy.AnomalyConfig{KeepAlerts: 2}}))
	alerts = g.Alerts()
	require.Len(t, alerts, 2)
	assert.Equal(t, u(103), alerts[0].Value)
	assert.Equal(t, u(104), alerts[1].Value)
}

func TestAlertCallbackMayCallGuard(t *testing.T) {
	var g *policy.Guard
	var seen int
	g, _ = newGuard(t, policy.Policy{}, policy.WithAlertFunc(func(policy.Alert) {
		seen = len(g.Alerts())
		_ = g.Stats()
	}))
	for range 5 {
		require.NoError(t, pay(g, priced(alice, "charging", 10)))
	}
	require.NoError(t, pay(g, priced(alice, "charging", 100)))
	assert.Equal(t, 1, seen)
}
