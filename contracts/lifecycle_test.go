package contracts_test

import (
	"math/big"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/stretchr/testify/require"

	"github.com/meshpay/meshpay/contracts/bindings"
	"github.com/meshpay/meshpay/contracts/internal/harness"
)

// balances reads the on-chain balance of each address in the channel's
// asset (ETH or TestToken). For ETH it adds back the fees each account paid,
// so that differences are exactly what the ChannelManager moved.
func balances(t *testing.T, f *fixture, token common.Address, addrs ...common.Address) []*big.Int {
	t.Helper()
	out := make([]*big.Int, len(addrs))
	for i, addr := range addrs {
		var (
			bal *big.Int
			err error
		)
		if token == (common.Address{}) {
			bal, err = f.env.EthBalance(t.Context(), addr)
			bal = new(big.Int).Add(bal, f.env.GasSpent(addr))
		} else {
			bal, err = f.env.TokenBalance(t.Context(), addr)
		}
		require.NoError(t, err)
		out[i] = bal
	}
	return out
}

func sub(x, y *big.Int) *big.Int { return new(big.Int).Sub(x, y) }

// TestLifecycle runs a channel from open to settle through every operation
// of the unilateral path, for ETH and for an ERC-20, and checks that every
// unit deposited is paid out exactly once.
func TestLifecycle(t *testing.T) {
	forEachBackend(t, func(t *testing.T, b *backend) {
		for _, tc := range []struct {
			name  string
			erc20 bool
		}{{"ETH", false}, {"ERC20", true}} {
			t.Run(tc.name, func(t *testing.T) {
				f := b.newFixture(t)
				cm := f.cm()
				token := common.Address{}
				if tc.erc20 {
					token = f.env.Token.Address()
					f.fundToken(f.a, eth(30))
					f.fundToken(f.b, eth(20))
				}
				who := []common.Address{f.a.Address, f.b.Address, f.delegate.Address, f.outsider.Address, f.env.Manager.Address()}
				before := balances(t, f, token, who...)

				// Open: A opens; for ETH it deposits 3 in the same call.
				var ch harness.Opened
				if tc.erc20 {
					ch = f.open(f.a, token, nil)
					f.deposit(ch, f.a, token, eth(30), eth(30))
				} else {
					ch = f.open(f.a, token, eth(30))
				}
				require.Equal(t, int64(1), ch.Counter.Int64(), "the first channel gets counter 1")
				goID, err := harness.ChannelID(f.env.ChainID, f.env.Manager.Address(), f.a.Address, f.b.Address, token, ch.Counter)
				require.NoError(t, err)
				require.Equal(t, goID, ch.ID, "channel ID per docs/protocol.md")
				require.Equal(t, goID, common.Hash(call(t, f, cm.PackChannelIdOf(f.a.Address, f.b.Address, token, ch.Counter), cm.UnpackChannelIdOf)))

				// B deposits 2 (cumulative), in two steps to exercise the top-up.
				f.deposit(ch, f.b, token, eth(5), eth(5))
				f.deposit(ch, f.b, token, eth(20), eth(15))
				info := f.channel(ch.ID)
				require.Equal(t, uint8(1), info.Phase)
				require.Equal(t, eth(30), info.DepositA)
				require.Equal(t, eth(20), info.DepositB)
				require.Equal(t, token, info.Token)

				// Off-chain payments: cumulative proofs in both directions.
				aProof1, aProof2, aProof3 := proof(ch.ID, 1, eth(10)), proof(ch.ID, 2, eth(15)), proof(ch.ID, 3, eth(17))
				bProof1 := proof(ch.ID, 1, eth(3))

				// Cooperative withdraws: B sends its own (only A's signature needed);
				// A's is relayed by the delegate with both signatures.
				expiry := f.now() + 3600
				wB := f.withdraw(ch.ID, f.b, eth(5), expiry)
				f.send(f.b, cm.PackCooperativeWithdraw(wB, nil, f.signWithdraw(wB, f.a)), nil)
				wA := f.withdraw(ch.ID, f.a, eth(2), expiry)
				f.send(f.delegate, cm.PackCooperativeWithdraw(wA, f.signWithdraw(wA, f.a), f.signWithdraw(wA, f.b)), nil)
				info = f.channel(ch.ID)
				require.Equal(t, eth(2), info.WithdrawnA)
				require.Equal(t, eth(5), info.WithdrawnB)

				// A closes with B's latest proof.
				f.send(f.a, cm.PackClose(ch.ID, bProof1, f.signProof(bProof1, f.b)), nil)
				info = f.channel(ch.ID)
				require.Equal(t, uint8(2), info.Phase)
				require.Equal(t, f.a.Address, info.Closer)

				// A watchtower holding B's authorization submits A's proof 2 ...
				f.send(f.delegate, cm.PackUpdateNonClosingBalanceProof(ch.ID, aProof2, f.signProof(aProof2, f.a), f.signUpdateAuth(aProof2, f.b)), nil)
				// ... then B itself submits the newer proof 3, and a stale one is refused.
				f.send(f.b, cm.PackUpdateNonClosingBalanceProof(ch.ID, aProof3, f.signProof(aProof3, f.a), nil), nil)
				err = f.try(f.b, cm.PackUpdateNonClosingBalanceProof(ch.ID, aProof1, f.signProof(aProof1, f.a), nil), nil)
				requireRevert(t, err, bindings.ChannelManagerNonceNotIncreasingErrorID(), "NonceNotIncreasing")
				info = f.channel(ch.ID)
				require.Equal(t, eth(17), info.TransferredFromA)
				require.Equal(t, eth(3), info.TransferredFromB)

				// Settle is refused until the challenge period is over, then anyone may.
				requireRevert(t, f.try(f.outsider, cm.PackSettle(ch.ID), nil), bindings.ChannelManagerSettleTooEarlyErrorID(), "SettleTooEarly")
				f.advance(challengePeriod + 1)
				receipt := f.send(f.outsider, cm.PackSettle(ch.ID), nil)

				// balanceA = 3 - 0.2 + 0.3 - 1.7 = 1.4, balanceB = pot - 1.4 = 4.3 - 1.4 = 2.9.
				settled := settledEvent(t, f, receipt)
				require.Equal(t, eth(14), settled.BalanceA)
				require.Equal(t, eth(29), settled.BalanceB)
				require.Equal(t, uint8(3), f.channel(ch.ID).Phase)

				after := balances(t, f, token, who...)
				netA, netB := sub(after[0], before[0]), sub(after[1], before[1])
				// A deposited 3 and got 0.2 + 1.4 back; B deposited 2 and got 0.5 + 2.9.
				require.Equal(t, sub(eth(16), eth(30)), netA)
				require.Equal(t, sub(eth(34), eth(20)), netB)
				require.Zero(t, new(big.Int).Add(netA, netB).Sign(), "total paid out == total deposited")
				require.Zero(t, sub(after[2], before[2]).Sign(), "the delegate neither gains nor loses")
				require.Zero(t, sub(after[3], before[3]).Sign(), "the settler neither gains nor loses")
				require.Zero(t, after[4].Sign(), "the contract keeps nothing")
			})
		}
	})
}

func settledEvent(t *testing.T, f *fixture, receipt *types.Receipt) *bindings.ChannelManagerChannelSettled {
	t.Helper()
	for _, log := range receipt.Logs {
		if ev, err := f.cm().UnpackChannelSettledEvent(log); err == nil {
			return ev
		}
	}
	require.FailNow(t, "no ChannelSettled event")
	return nil
}

// TestCooperativeSettle pays out at once with both signatures, and a batch
// of cooperative settles does the same for several channels.
func TestCooperativeSettle(t *testing.T) {
	forEachBackend(t, func(t *testing.T, b *backend) {
		f := b.newFixture(t)
		cm := f.cm()
		who := []common.Address{f.a.Address, f.b.Address, f.env.Manager.Address()}
		before := balances(t, f, common.Address{}, who...)

		ch1 := f.open(f.a, common.Address{}, eth(10))
		ch2 := f.open(f.b, common.Address{}, eth(20))
		ch3 := f.open(f.a, common.Address{}, eth(5))
		require.NotEqual(t, ch1.ID, ch2.ID, "a reopened pair gets a new ID")

		// Mismatched balances are refused.
		err := f.try(f.a, cm.PackCooperativeSettle(ch1.ID, eth(5), eth(6), f.signCoopSettle(ch1.ID, eth(5), eth(6), f.a), f.signCoopSettle(ch1.ID, eth(5), eth(6), f.b)), nil)
		requireRevert(t, err, bindings.ChannelManagerBalanceMismatchErrorID(), "BalanceMismatch")

		f.send(f.outsider, cm.PackCooperativeSettle(ch1.ID, eth(4), eth(6), f.signCoopSettle(ch1.ID, eth(4), eth(6), f.a), f.signCoopSettle(ch1.ID, eth(4), eth(6), f.b)), nil)
		items := []bindings.CooperativeSettleItem{
			{ChannelId: ch2.ID, BalanceA: eth(15), BalanceB: eth(5), SigA: f.signCoopSettle(ch2.ID, eth(15), eth(5), f.a), SigB: f.signCoopSettle(ch2.ID, eth(15), eth(5), f.b)},
			{ChannelId: ch3.ID, BalanceA: eth(0), BalanceB: eth(5), SigA: f.signCoopSettle(ch3.ID, eth(0), eth(5), f.a), SigB: f.signCoopSettle(ch3.ID, eth(0), eth(5), f.b)},
		}
		f.send(f.outsider, cm.PackBatchCooperativeSettle(items), nil)
		for _, ch := range []harness.Opened{ch1, ch2, ch3} {
			require.Equal(t, uint8(3), f.channel(ch.ID).Phase)
		}
		// A settled twice is refused.
		err = f.try(f.outsider, cm.PackCooperativeSettle(ch1.ID, eth(4), eth(6), f.signCoopSettle(ch1.ID, eth(4), eth(6), f.a), f.signCoopSettle(ch1.ID, eth(4), eth(6), f.b)), nil)
		requireRevert(t, err, bindings.ChannelManagerChannelNotOpenErrorID(), "ChannelNotOpen")

		after := balances(t, f, common.Address{}, who...)
		// A put in 1.0 + 0.5 and got 0.4 + 1.5 + 0; B put in 2.0 and got 0.6 + 0.5 + 0.5.
		require.Equal(t, eth(4), sub(after[0], before[0]))
		require.Equal(t, eth(-4), sub(after[1], before[1]))
		require.Zero(t, after[2].Sign())
	})
}

// TestCloseWithoutProof covers a close by a participant that received
// nothing: each side gets back its deposit minus what it withdrew.
func TestCloseWithoutProof(t *testing.T) {
	forEachBackend(t, func(t *testing.T, b *backend) {
		f := b.newFixture(t)
		cm := f.cm()
		ch := f.open(f.a, common.Address{}, eth(10))
		f.deposit(ch, f.b, common.Address{}, eth(7), eth(7))
		empty := proof(ch.ID, 0, new(big.Int))

		// Nonce 0 must come with an empty signature and zero amounts.
		requireRevert(t, f.try(f.b, cm.PackClose(ch.ID, empty, f.signProof(empty, f.a)), nil), bindings.ChannelManagerInvalidEmptyProofErrorID(), "InvalidEmptyProof")
		f.send(f.b, cm.PackClose(ch.ID, empty, nil), nil)
		requireRevert(t, f.try(f.a, cm.PackClose(ch.ID, empty, nil), nil), bindings.ChannelManagerChannelNotOpenErrorID(), "ChannelNotOpen")
		f.advance(challengePeriod + 1)
		settled := settledEvent(t, f, f.send(f.a, cm.PackSettle(ch.ID), nil))
		require.Equal(t, eth(10), settled.BalanceA)
		require.Equal(t, eth(7), settled.BalanceB)
	})
}
