package autosettle

import (
	"errors"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/holiman/uint256"
	"github.com/stretchr/testify/require"

	"github.com/meshpay/meshpay/channels"
)

func u(n uint64) *uint256.Int { return uint256.NewInt(n) }

// channelWith returns an open channel where participant A deposited dep
// and withdrew wd, sent sent and received recv.
func channelWith(t *testing.T, dep, wd, sent, recv uint64) channels.Channel {
	t.Helper()
	ch, err := channels.NewChannel(channels.Params{
		ChainID: 1337, Contract: common.HexToAddress("0xc0"), Counter: 1, ChallengePeriod: 60,
		Participants: [2]common.Address{common.HexToAddress("0x01"), common.HexToAddress("0x02")},
	})
	require.NoError(t, err)
	ch, err = ch.Apply(channels.Opened{})
	require.NoError(t, err)
	ch.Deposit[channels.PartA] = *u(dep)
	ch.Deposit[channels.PartB] = *u(1000)
	ch.Withdrawn[channels.PartA] = *u(wd)
	ch.Proofs[channels.PartA].Proof.TransferredAmount = *u(sent)
	ch.Proofs[channels.PartB].Proof.TransferredAmount = *u(recv)
	return ch
}

func TestWithdrawable(t *testing.T) {
	for _, tc := range []struct {
		name                      string
		dep, wd, sent, recv       uint64
		keep                      *uint256.Int
		wantUnsettled, wantAmount uint64
	}{
		{name: "seller takes all it received", recv: 100, wantUnsettled: 100, wantAmount: 100},
		{name: "seller after a withdraw", recv: 100, wd: 60, wantUnsettled: 40, wantAmount: 40},
		{name: "seller keeps change", recv: 100, keep: u(30), wantUnsettled: 100, wantAmount: 70},
		{name: "keep above the balance", recv: 20, keep: u(30), wantUnsettled: 20, wantAmount: 0},
		{name: "buyer: own deposit is not unsettled", dep: 100, sent: 30, wantUnsettled: 0, wantAmount: 0},
		{name: "both ways: net received only", dep: 100, sent: 30, recv: 80, wantUnsettled: 50, wantAmount: 50},
		{name: "deposit covers keep", dep: 100, recv: 50, keep: u(40), wantUnsettled: 50, wantAmount: 50},
		{name: "deposit covers part of keep", dep: 10, recv: 50, keep: u(40), wantUnsettled: 50, wantAmount: 20},
		{name: "earnings withdrawn: nothing left", dep: 100, recv: 50, wd: 50, wantUnsettled: 0, wantAmount: 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ch := channelWith(t, tc.dep, tc.wd, tc.sent, tc.recv)
			sh, err := withdrawable(&ch, channels.PartA, tc.keep)
			require.NoError(t, err)
			require.Equal(t, tc.wantUnsettled, sh.unsettled.Uint64(), "unsettled")
			require.Equal(t, tc.wantAmount, sh.amount.Uint64(), "amount")
			avail, err := ch.Available(channels.PartA)
			require.NoError(t, err)
			require.Equal(t, avail.Uint64()-tc.wantAmount, sh.left.Uint64(), "left")
		})
	}
}

func TestWithdrawableOverspend(t *testing.T) {
	ch := channelWith(t, 10, 0, 50, 0) // sent more than it had: a broken state
	_, err := withdrawable(&ch, channels.PartA, nil)
	require.ErrorIs(t, err, channels.ErrOverspend)
}

func TestDue(t *testing.T) {
	t0 := time.Unix(1_700_000_000, 0)
	both := Policy{Threshold: u(10), Interval: time.Minute}
	for _, tc := range []struct {
		name   string
		p      Policy
		amount uint64
		since  time.Duration // now - last
		want   trigger
	}{
		{"nothing to take", both, 0, time.Hour, notDue},
		{"below threshold, interval not over", both, 9, 30 * time.Second, notDue},
		{"threshold reached", both, 10, 0, byThreshold},
		{"threshold passed", both, 11, 0, byThreshold},
		{"interval over", both, 1, time.Minute, byInterval},
		{"threshold wins over interval", both, 10, time.Hour, byThreshold},
		{"threshold only", Policy{Threshold: u(10)}, 9, 24 * time.Hour, notDue},
		{"interval only", Policy{Interval: time.Minute}, 1 << 40, 59 * time.Second, notDue},
		{"interval only, over", Policy{Interval: time.Minute}, 1, 61 * time.Second, byInterval},
	} {
		t.Run(tc.name, func(t *testing.T) {
			require.Equal(t, tc.want, tc.p.due(u(tc.amount), t0, t0.Add(tc.since)))
		})
	}
}

func TestUnresponsive(t *testing.T) {
	t0 := time.Unix(1_700_000_000, 0)
	p := Policy{UnresponsiveAfter: time.Minute}
	require.False(t, p.unresponsive(time.Time{}, t0), "not failing")
	require.False(t, p.unresponsive(t0, t0.Add(59*time.Second)))
	require.True(t, p.unresponsive(t0, t0.Add(time.Minute)))
	never := Policy{}
	require.False(t, never.unresponsive(t0, t0.Add(1000*time.Hour)), "zero never closes")
}

func TestPolicyValidation(t *testing.T) {
	for _, tc := range []struct {
		name string
		p    Policy
		ok   bool
	}{
		{"neither threshold nor interval", Policy{}, false},
		{"zero threshold", Policy{Threshold: u(0)}, false},
		{"negative interval", Policy{Threshold: u(1), Interval: -1}, false},
		{"negative unresponsive", Policy{Threshold: u(1), UnresponsiveAfter: -1}, false},
		{"negative tick", Policy{Threshold: u(1), Tick: -1}, false},
		{"negative workers", Policy{Threshold: u(1), Workers: -1}, false},
		{"threshold only", Policy{Threshold: u(1)}, true},
		{"interval only", Policy{Interval: time.Hour}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := tc.p.withDefaults()
			if tc.ok {
				require.NoError(t, err)
			} else {
				require.True(t, errors.Is(err, ErrInvalidPolicy), "got %v", err)
			}
		})
	}
}

func TestPolicyDefaults(t *testing.T) {
	p, err := Policy{Threshold: u(1)}.withDefaults()
	require.NoError(t, err)
	require.Equal(t, DefaultTick, p.Tick)
	require.Equal(t, DefaultWorkers, p.Workers)
	require.NotNil(t, p.Now)

	p, err = Policy{Interval: 4 * time.Second}.withDefaults()
	require.NoError(t, err)
	require.Equal(t, 2*time.Second, p.Tick, "a short interval ticks at half of it")

	// The amounts are copied: the caller may change its own.
	th := u(5)
	p, err = Policy{Threshold: th}.withDefaults()
	require.NoError(t, err)
	th.SetUint64(7)
	require.Equal(t, uint64(5), p.Threshold.Uint64())
}
