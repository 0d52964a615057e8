package contracts_test

import (
	"math/big"
	"math/rand/v2"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/stretchr/testify/require"
)

// scenario is one unilateral close: deposits, withdrawals while open, the
// cumulative amounts each side's latest proof carries, and who closes.
type scenario struct {
	depositA, depositB     *big.Int
	withdrawnA, withdrawnB *big.Int
	transferredAB          *big.Int // in A's latest proof; zero means A never paid
	transferredBA          *big.Int
	closerIsB              bool
}

// expectedSettle is the formula of docs/protocol.md, computed independently.
func (s scenario) expectedSettle() (balanceA, balanceB *big.Int) {
	pot := new(big.Int).Add(s.depositA, s.depositB)
	pot.Sub(pot, s.withdrawnA).Sub(pot, s.withdrawnB)
	net := new(big.Int).Sub(s.depositA, s.withdrawnA)
	net.Add(net, s.transferredBA).Sub(net, s.transferredAB)
	switch {
	case net.Sign() < 0:
		net.SetInt64(0)
	case net.Cmp(pot) > 0:
		net.Set(pot)
	}
	return net, new(big.Int).Sub(pot, net)
}

// play runs the scenario on chain and checks the settle and that, per
// participant, what came back (withdrawals and payout) minus what went in
// is exactly what the formula says.
func (s scenario) play(t *testing.T, f *fixture) {
	t.Helper()
	cm := f.cm()
	who := []common.Address{f.a.Address, f.b.Address, f.env.Manager.Address()}
	before := balances(t, f, common.Address{}, who...)

	ch := f.open(f.a, common.Address{}, nonZeroOrNil(s.depositA))
	if s.depositB.Sign() > 0 {
		f.deposit(ch, f.b, common.Address{}, s.depositB, s.depositB)
	}
	expiry := f.now() + 3600
	if s.withdrawnA.Sign() > 0 {
		w := f.withdraw(ch.ID, f.a, s.withdrawnA, expiry)
		f.send(f.a, cm.PackCooperativeWithdraw(w, nil, f.signWithdraw(w, f.b)), nil)
	}
	if s.withdrawnB.Sign() > 0 {
		w := f.withdraw(ch.ID, f.b, s.withdrawnB, expiry)
		f.send(f.b, cm.PackCooperativeWithdraw(w, nil, f.signWithdraw(w, f.a)), nil)
	}

	closer, nonCloser := f.a, f.b
	fromPartner, fromCloser := s.transferredBA, s.transferredAB
	if s.closerIsB {
		closer, nonCloser = f.b, f.a
		fromPartner, fromCloser = s.transferredAB, s.transferredBA
	}
	partnerProof, partnerSig := proof(ch.ID, 0, new(big.Int)), []byte(nil)
	if fromPartner.Sign() > 0 {
		partnerProof = proof(ch.ID, 4, fromPartner)
		partnerSig = f.signProof(partnerProof, nonCloser)
	}
	f.send(closer, cm.PackClose(ch.ID, partnerProof, partnerSig), nil)
	if fromCloser.Sign() > 0 {
		p := proof(ch.ID, 9, fromCloser)
		f.send(nonCloser, cm.PackUpdateNonClosingBalanceProof(ch.ID, p, f.signProof(p, closer), nil), nil)
	}
	f.advance(challengePeriod + 1)
	settled := settledEvent(t, f, f.send(f.outsider, cm.PackSettle(ch.ID), nil))

	wantA, wantB := s.expectedSettle()
	require.Equal(t, wantA, settled.BalanceA, "balanceA")
	require.Equal(t, wantB, settled.BalanceB, "balanceB")
	after := balances(t, f, common.Address{}, who...)
	inA := new(big.Int).Add(s.withdrawnA, wantA)
	inB := new(big.Int).Add(s.withdrawnB, wantB)
	require.Equal(t, inA.Sub(inA, s.depositA), sub(after[0], before[0]), "A's net")
	require.Equal(t, inB.Sub(inB, s.depositB), sub(after[1], before[1]), "B's net")
	require.Zero(t, after[2].Sign(), "the contract keeps nothing")
}

func nonZeroOrNil(x *big.Int) *big.Int {
	if x.Sign() == 0 {
		return nil
	}
	return x
}

// TestSettleClamp covers the edges of the settle formula.
func TestSettleClamp(t *testing.T) {
	forEachBackend(t, func(t *testing.T, b *backend) {
		huge := new(big.Int).Lsh(big.NewInt(1), 255)
		for _, tc := range []struct {
			name string
			s    scenario
		}{
			{"A paid more than it had: A gets 0", scenario{eth(10), eth(10), eth(0), eth(0), eth(50), eth(0), false}},
			{"B paid more than it had: A gets the pot", scenario{eth(10), eth(10), eth(0), eth(0), eth(0), eth(50), true}},
			{"withdrawals count against the withdrawer", scenario{eth(10), eth(10), eth(0), eth(5), eth(7), eth(0), false}},
			{"A withdrew received funds", scenario{eth(10), eth(10), eth(15), eth(0), eth(0), eth(8), true}},
			{"cumulative amounts near 2^256 still net out", scenario{eth(10), eth(10), eth(0), eth(0), huge, new(big.Int).Add(huge, eth(3)), false}},
			{"A's proof far above B's: A gets 0", scenario{eth(10), eth(10), eth(0), eth(0), huge, eth(1), true}},
			{"nothing transferred: deposits back", scenario{eth(10), eth(3), eth(0), eth(0), eth(0), eth(0), true}},
		} {
			t.Run(tc.name, func(t *testing.T) {
				b.parallel(t) // on the simulated backend each case has its own chain
				tc.s.play(t, b.newFixture(t))
			})
		}
	})
}

// TestSettleConservesFunds plays random channels to settle (seeded: the
// seed is in the failure message) and checks the formula and conservation.
func TestSettleConservesFunds(t *testing.T) {
	forEachBackend(t, func(t *testing.T, b *backend) {
		const seed, rounds = 20261123, 12
		rng := rand.New(rand.NewPCG(seed, 0))
		tenths := func(max int64) *big.Int { return eth(rng.Int64N(max + 1)) }
		for i := range rounds {
			s := scenario{depositA: tenths(50), depositB: tenths(50), closerIsB: rng.IntN(2) == 1}
			pot := new(big.Int).Add(s.depositA, s.depositB)
			s.withdrawnA = new(big.Int).Div(new(big.Int).Mul(pot, big.NewInt(rng.Int64N(5))), big.NewInt(10))
			rest := new(big.Int).Sub(pot, s.withdrawnA)
			s.withdrawnB = new(big.Int).Div(new(big.Int).Mul(rest, big.NewInt(rng.Int64N(5))), big.NewInt(10))
			s.transferredAB, s.transferredBA = tenths(120), tenths(120)
			ok := t.Run("", func(t *testing.T) { s.play(t, b.newFixture(t)) })
			require.True(t, ok, "seed %d round %d: scenario %+v", seed, i, s)
		}
	})
}
