package contracts_test

import (
	"math/big"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/stretchr/testify/require"

	"github.com/meshpay/meshpay/contracts/bindings"
	"github.com/meshpay/meshpay/contracts/internal/harness"
)

// TestBatchWithdraw withdraws from several channels of one caller in one
// transaction: as A in some, as B in others, and twice from one channel
// (cumulative amounts make the second item pay only the difference).
func TestBatchWithdraw(t *testing.T) {
	forEachBackend(t, func(t *testing.T, b *backend) {
		for _, tc := range []struct {
			name  string
			erc20 bool
		}{{"ETH", false}, {"ERC20", true}} {
			t.Run(tc.name, func(t *testing.T) {
				f := b.newFixture(t)
				token := common.Address{}
				if tc.erc20 {
					token = f.env.Token.Address()
					f.fundToken(f.a, eth(100))
					f.fundToken(f.b, eth(100))
					f.fundToken(f.delegate, eth(100))
				}
				// The hub is B of the A-B channels and, for the third channel, the
				// sorted position against the delegate decides.
				hub := f.b
				fund := func(ch harness.Opened, who harness.Account, amount *big.Int) {
					if tc.erc20 {
						f.send(who, f.cm().PackDeposit(ch.ID, who.Address, amount), nil)
					} else {
						f.send(who, f.cm().PackDeposit(ch.ID, who.Address, amount), amount)
					}
				}
				ch1 := f.open(f.a, token, nil)
				fund(ch1, f.a, eth(10))
				ch2 := f.open(f.a, token, nil)
				fund(ch2, f.a, eth(20))
				lo, hi := harness.Sorted(hub, f.delegate)
				opened, _, err := f.env.Open(f.ctx(), hub, lo.Address, hi.Address, token, challengePeriod, nil)
				require.NoError(t, err)
				ch3 := opened
				fund(ch3, f.delegate, eth(30))

				expiry := f.now() + 3600
				type leg struct {
					ch      harness.Opened
					partner harness.Account
					total   *big.Int
				}
				legs := []leg{{ch1, f.a, eth(4)}, {ch2, f.a, eth(20)}, {ch3, f.delegate, eth(5)}, {ch1, f.a, eth(7)}}
				items := make([]bindings.WithdrawItem, len(legs))
				for i, l := range legs {
					w := f.withdraw(l.ch.ID, hub, l.total, expiry)
					items[i] = f.compactItem(l.ch, l.partner, w, f.signWithdraw(w, l.partner))
				}
				before := balances(t, f, token, hub.Address, f.env.Manager.Address())
				receipt := f.send(hub, f.cm().PackBatchWithdraw(token, items), nil)
				after := balances(t, f, token, hub.Address, f.env.Manager.Address())

				// 0.7 + 2.0 + 0.5 in one transfer.
				require.Equal(t, eth(32), sub(after[0], before[0]))
				require.Equal(t, eth(-32), sub(after[1], before[1]))
				withdrawn := 0
				for _, log := range receipt.Logs {
					if ev, err := f.cm().UnpackWithdrawnEvent(log); err == nil {
						require.Equal(t, hub.Address, ev.Participant)
						withdrawn++
					}
				}
				require.Equal(t, len(legs), withdrawn, "one Withdrawn event per item")

				isB := func(ch harness.Opened) bool { return f.channel(ch.ID).ParticipantB == hub.Address }
				for _, c := range []struct {
					ch   harness.Opened
					want *big.Int
				}{{ch1, eth(7)}, {ch2, eth(20)}, {ch3, eth(5)}} {
					info := f.channel(c.ch.ID)
					got := info.WithdrawnA
					if isB(c.ch) {
						got = info.WithdrawnB
					}
					require.Equal(t, c.want, got)
				}
			})
		}
	})
}
