package policy_test

import (
	"math/rand/v2"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/meshpay/meshpay/node/policy"
)

// TestConcurrentNeverOvershoot: 100 goroutines reserving at once never
// commit more than the budget together.
func TestConcurrentNeverOvershoot(t *testing.T) {
	const budget = 250
	g, _ := newGuard(t, tokenPolicy(policy.Limits{BudgetPerHour: u(budget)}, nil))
	var (
		wg        sync.WaitGroup
		committed atomic.Uint64
		ok        atomic.Int64
		start     = make(chan struct{})
	)
	for range 100 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			r, err := g.Reserve(policy.Payment{Peer: alice, Token: usdc, Amount: u(7)})
			if err != nil {
				assert.ErrorIs(t, err, policy.ErrHourlyBudget)
				return
			}
			ok.Add(1)
			r.Commit()
			committed.Add(7)
		}()
	}
	close(start)
	wg.Wait()
	assert.LessOrEqual(t, committed.Load(), uint64(budget))
	assert.Equal(t, int64(budget/7), ok.Load(), "the budget is used up, not more")
	assert.Equal(t, uint64(100-budget/7), g.Stats()[policy.ReasonHourlyBudget])
}

// TestConcurrentMixed: many goroutines reserve, commit and release random
// amounts to a few peers under node and peer budgets; what is committed
// never exceeds any budget.
func TestConcurrentMixed(t *testing.T) {
	seed := uint64(time.Now().UnixNano())
	const node, perPeer = 10_000, 4_000
	peers := []common.Address{alice, bob, carol}
	lim := map[common.Address]policy.Limits{}
	for _, p := range peers {
		lim[p] = policy.Limits{BudgetPerDay: u(perPeer)}
	}
	g, _ := newGuard(t, tokenPolicy(policy.Limits{BudgetPerHour: u(node)}, lim))
	var (
		wg        sync.WaitGroup
		committed [3]atomic.Uint64
	)
	for w := range 100 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rng := rand.New(rand.NewPCG(seed, uint64(w)))
			for range 50 {
				i := rng.IntN(len(peers))
				amount := 1 + rng.Uint64N(100)
				r, err := g.Reserve(policy.Payment{Peer: peers[i], Token: usdc, Amount: u(amount)})
				if err != nil {
					continue
				}
				if rng.IntN(3) == 0 {
					r.Release()
					continue
				}
				r.Commit()
				committed[i].Add(amount)
			}
		}()
	}
	wg.Wait()
	var total uint64
	for i := range committed {
		c := committed[i].Load()
		assert.LessOrEqual(t, c, uint64(perPeer), "peer %d, seed %d", i, seed)
		assert.Equal(t, u(c), g.Usage(usdc, peers[i]).Peer.Day, "seed %d", seed)
		total += c
	}
	assert.LessOrEqual(t, total, uint64(node), "seed %d", seed)
	assert.Equal(t, policy.Spend{Hour: u(total), Day: u(total), Held: u(0)}, g.Usage(usdc, alice).Node, "seed %d", seed)
}

// TestBudgetProperty drives one Guard with random payments, commits,
// releases and clock steps, and checks against a brute-force model that
// (safety) what is reserved and not released within any hour never
// exceeds the hourly budget, and (liveness) a payment is refused only if
// what was reserved in the last 61 minutes leaves no room for it.
func TestBudgetProperty(t *testing.T) {
	seed := uint64(time.Now().UnixNano())
	rng := rand.New(rand.NewPCG(seed, 1))
	const budget = 1000
	g, c := newGuard(t, tokenPolicy(policy.Limits{BudgetPerHour: u(budget)}, nil))
	type rec struct {
		at       time.Time
		amount   uint64
		r        policy.Reservation
		released bool
		done     bool
	}
	var recs []*rec
	sumSince := func(from time.Time) uint64 {
		var s uint64
		for _, x := range recs {
			if !x.released && !x.at.Before(from) {
				s += x.amount
			}
		}
		return s
	}
	for step := range 5000 {
		switch op := rng.IntN(10); {
		case op < 2:
			c.Advance(time.Duration(rng.Int64N(int64(10 * time.Minute))))
		case op < 4:
			for _, x := range recs {
				if !x.done {
					x.done = true
					if rng.IntN(2) == 0 {
						x.r.Release()
						x.released = true
					} else {
						x.r.Commit()
					}
					break
				}
			}
		default:
			now := c.Now()
			amount := 1 + rng.Uint64N(300)
			r, err := g.Reserve(policy.Payment{Peer: alice, Token: usdc, Amount: u(amount)})
			if err != nil {
				require.ErrorIs(t, err, policy.ErrHourlyBudget, "seed %d step %d", seed, step)
				require.Greater(t, sumSince(now.Add(-61*time.Minute))+amount, uint64(budget), "refused with room: seed %d step %d", seed, step)
				continue
			}
			recs = append(recs, &rec{at: now, amount: amount, r: r})
			require.LessOrEqual(t, sumSince(now.Add(-time.Hour)), uint64(budget), "overspent: seed %d step %d", seed, step)
		}
	}
}
