package policy_test

import (
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/holiman/uint256"

	"github.com/meshpay/meshpay/node/policy"
)

// BenchmarkReserveCommit is the cost the policy adds to every payment,
// with every kind of limit set and anomaly detection on.
func BenchmarkReserveCommit(b *testing.B) {
	limits := policy.Limits{
		MaxPricePerUnit: map[string]*uint256.Int{"charging": u(1e12), policy.AnyService: u(1e12)},
		MaxPerPayment:   u(1e15),
		BudgetPerHour:   new(uint256.Int).SetAllOne(),
		BudgetPerDay:    new(uint256.Int).SetAllOne(),
	}
	p := policy.Policy{
		Allow:  []common.Address{alice, bob},
		Deny:   []common.Address{carol},
		Tokens: map[common.Address]policy.TokenPolicy{usdc: {Node: limits, Peers: map[common.Address]policy.Limits{alice: limits}}},
	}
	c := newClock()
	g, err := policy.NewGuard(p, c.Now)
	if err != nil {
		b.Fatal(err)
	}
	pay := policy.Payment{Peer: alice, Token: usdc, Service: "charging", Units: 1000, PricePerUnit: u(1e9), Amount: u(1e12)}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		if i%1000 == 0 {
			c.Advance(time.Minute) // new buckets now and then
		}
		r, err := g.Reserve(pay)
		if err != nil {
			b.Fatal(err)
		}
		r.Commit()
	}
}

func BenchmarkReserveCommitParallel(b *testing.B) {
	g, err := policy.NewGuard(tokenPolicy(policy.Limits{BudgetPerHour: new(uint256.Int).SetAllOne()}, nil), nil)
	if err != nil {
		b.Fatal(err)
	}
	pay := policy.Payment{Peer: alice, Token: usdc, Service: "charging", PricePerUnit: u(1e9), Amount: u(1e9)}
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			r, err := g.Reserve(pay)
			if err != nil {
				b.Error(err)
				return
			}
			r.Commit()
		}
	})
}
