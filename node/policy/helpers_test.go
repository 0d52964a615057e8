package policy_test

import (
	"sync"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/holiman/uint256"
	"github.com/stretchr/testify/require"

	"github.com/meshpay/meshpay/node/policy"
)

// clock is a fake clock safe for concurrent use.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func newClock() *clock { return &clock{t: time.Date(2030, 1, 1, 12, 0, 0, 0, time.UTC)} }

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

func u(x uint64) *uint256.Int { return uint256.NewInt(x) }

var (
	alice = common.HexToAddress("0xa11ce00000000000000000000000000000000001")
	bob   = common.HexToAddress("0xb0b0000000000000000000000000000000000002")
	carol = common.HexToAddress("0xca201000000000000000000000000000000000003")
	usdc  = common.HexToAddress("0x05dc000000000000000000000000000000000004")
	eth   = common.Address{}
)

func newGuard(t testing.TB, p policy.Policy, opts ...policy.Option) (*policy.Guard, *clock) {
	t.Helper()
	c := newClock()
	g, err := policy.NewGuard(p, c.Now, opts...)
	require.NoError(t, err)
	return g, c
}

// pay reserves and commits.
func pay(g *policy.Guard, p policy.Payment) error {
	r, err := g.Reserve(p)
	if err != nil {
		return err
	}
	r.Commit()
	return nil
}

// tokenPolicy is a Policy for usdc only.
func tokenPolicy(node policy.Limits, peers map[common.Address]policy.Limits) policy.Policy {
	return policy.Policy{Tokens: map[common.Address]policy.TokenPolicy{usdc: {Node: node, Peers: peers}}}
}
