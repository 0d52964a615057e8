package demo

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/holiman/uint256"
	"github.com/stretchr/testify/require"

	"github.com/meshpay/meshpay/channels"
	"github.com/meshpay/meshpay/channels/engine"
	"github.com/meshpay/meshpay/node/policy"
)

func TestFormatCounts(t *testing.T) {
	tests := []struct {
		counts map[string]int
		always []string
		want   string
	}{
		{nil, nil, "0"},
		{map[string]int{"timeout": 0}, nil, "0"},
		{map[string]int{"withdraw": 1, "unacknowledged": 3}, nil, "unacknowledged 3, withdraw 1"},
		{nil, []string{"hourly-budget", "price-too-high"}, "hourly-budget 0, price-too-high 0"},
		{map[string]int{"daily-budget": 2, "hourly-budget": 12}, []string{"hourly-budget", "price-too-high"}, "hourly-budget 12, price-too-high 0, daily-budget 2"},
	}
	for _, tc := range tests {
		require.Equal(t, tc.want, FormatCounts(tc.counts, tc.always...), "%v", tc.counts)
	}
	require.Equal(t, "anomaly 1", FormatCounts(map[string]uint64{"anomaly": 1}))
}

func TestPayErrorKind(t *testing.T) {
	tests := []struct {
		err  error
		want ErrorKind
	}{
		{fmt.Errorf("pay x nonce 3: %w: %w", engine.ErrUnacknowledged, context.DeadlineExceeded), KindUnacknowledged},
		{fmt.Errorf("pay x: %w: 5 exceeds available 3", channels.ErrOverspend), KindOverspend},
		{fmt.Errorf("pay x: %w (the payment may still complete)", context.DeadlineExceeded), KindTimeout},
		{errors.New("stream reset"), KindPayment},
	}
	for _, tc := range tests {
		require.Equal(t, tc.want, payErrorKind(tc.err), "%v", tc.err)
	}
	for _, k := range []ErrorKind{KindUnacknowledged, KindOverspend, KindTimeout, KindPayment, KindTopUp, KindSession} {
		require.True(t, k.transient(), k)
	}
	for _, k := range []ErrorKind{KindConfig, KindNoOffer, KindOpen, KindClose, KindUnsettled, KindWithdraw} {
		require.False(t, k.transient(), k)
	}
}

func TestRefusalNote(t *testing.T) {
	budget := &policy.RefusedError{Reason: policy.ReasonHourlyBudget, Limit: uint256.NewInt(228e14), Spent: uint256.NewInt(228e14), Asked: uint256.NewInt(3e14)}
	require.Equal(t, "hourly-budget: 0.0228 ETH spent + 0.0003 ETH > 0.0228 ETH", refusalNote(fmt.Errorf("pay x: %w", budget)))
	price := &policy.RefusedError{Reason: policy.ReasonPriceTooHigh, Limit: uint256.NewInt(3e15), Asked: uint256.NewInt(4e15)}
	require.Equal(t, "price-too-high: 0.004 ETH > 0.003 ETH", refusalNote(price))
	denied := &policy.RefusedError{Reason: policy.ReasonPeerDenied, Peer: common.HexToAddress("0x01")}
	require.Equal(t, denied.Error(), refusalNote(denied))
}

// soakRun is demoRun as a soak reports it: counts by operation, limits
// hit and errors by kind.
func soakRun() ([]Report, []OnChain) {
	reports, chain := demoRun()
	reports[0].Ops = map[string]int{opOpen: 1, opSettle: 1}
	reports[0].LimitsHit = map[string]uint64{string(policy.ReasonHourlyBudget): 12}
	reports[0].ErrorKinds = map[string]int{string(KindUnacknowledged): 3}
	reports[0].HeapMax = 20 << 20
	reports[0].Bought = &SessionCounts{Started: 7, Finished: 6, Units: 6, Paid: wei("12000000000000000"),
		Ended: map[string]int{"limit reached": 5, "payment failed": 1}, Unpaid: 2}
	reports[1].Sold = &SessionCounts{Started: 7, Finished: 7, Units: 7, Paid: wei("14000000000000000"),
		Ended: map[string]int{"limit reached": 6, "buyer ended": 1}}
	reports[1].Ops = map[string]int{opWithdraw: 4}
	reports[1].ErrorKinds = map[string]int{string(KindWithdraw): 1, string(KindUnacknowledged): 1}
	reports[1].HeapMax = 30 << 20
	return reports, chain
}

func TestSummarizeTotals(t *testing.T) {
	s := Summarize(soakRun())
	require.True(t, s.OK(), "%q", s.Problems)
	require.Equal(t, 7, s.Totals.Payments)
	require.Equal(t, "0.014 ETH", FormatETH(s.Totals.Settled), "withdrawn 0.008 + 0.006 at close")
	require.Equal(t, 4, s.Totals.Withdraws)
	require.Equal(t, 1, s.Totals.Settles)
	require.Equal(t, map[string]uint64{"hourly-budget": 12}, s.Totals.LimitsHit)
	require.Equal(t, map[string]int{"unacknowledged": 4, "withdraw": 1}, s.Totals.Errors)
	require.Equal(t, "tollgate", s.Totals.HeapDevice)
	require.Equal(t, 7, s.Totals.Sessions.Started, "sessions count once, by their buyers")
	require.Equal(t, 6, s.Totals.Sessions.Finished)
	require.Equal(t, 7, s.Totals.Served.Finished)

	var out bytes.Buffer
	require.NoError(t, s.RenderSoak(&out))
	tail := strings.SplitAfter(out.String(), "CHECK\n")[1]
	lines := strings.Split(strings.TrimSpace(tail), "\n")
	require.Equal(t, []string{
		"payments made: 7",
		"sessions: 7 started, 6 finished: limit reached 5, payment failed 1; 2 not paid in full",
		"session receipts: buyers 6, paid 0.012 ETH; sellers 7, paid 0.014 ETH",
		"settled on chain: 0.014 ETH in 5 transactions (withdraws 4, settles 1)",
		"limits hit: hourly-budget 12, price-too-high 0",
		"errors by kind: unacknowledged 4, withdraw 1",
		"largest live heap: 30.0 MB (tollgate)",
		ConservationOK,
	}, lines[len(lines)-8:])

	// A clean run says so, and Render leaves the totals but the sessions
	// out.
	s = Summarize(demoRun())
	require.Equal(t, "errors by kind: 0", s.Totals.Lines()[5])
	require.Equal(t, "limits hit: hourly-budget 0, price-too-high 0", s.Totals.Lines()[4])
	require.Equal(t, "sessions: 0 started, 0 finished: 0; 0 not paid in full", s.Totals.Lines()[1])
	require.Len(t, s.Totals.Lines(), 6, "no heap reported, no heap line")
	out.Reset()
	require.NoError(t, s.Render(&out))
	require.NotContains(t, out.String(), "payments made")
	require.Contains(t, out.String(), "\nsessions: 0 started, 0 finished: 0; 0 not paid in full\nsession receipts: buyers 0, paid 0 ETH; sellers 0, paid 0 ETH\n"+ConservationOK+"\n")
}

func TestSummarizeSoakFailure(t *testing.T) {
	reports, chain := soakRun()
	chain[1].After.Sub(chain[1].After, uint256.NewInt(1).ToBig())
	s := Summarize(reports, chain)
	var out bytes.Buffer
	require.NoError(t, s.RenderSoak(&out))
	require.Contains(t, out.String(), "payments made: 7\n")
	require.Contains(t, out.String(), "conservation: FAILED\n  tollgate: balance change")
	require.NotContains(t, out.String(), ConservationOK)
}

func TestSummarizeMoreProblems(t *testing.T) {
	reports, chain := demoRun()
	reports[0].Errors = []string{"close channel 0x01 with tollgate: timeout"}
	reports[0].Problems = 3
	s := Summarize(reports, chain)
	require.Equal(t, []string{"car: close channel 0x01 with tollgate: timeout", "car: 2 more problems"}, s.Problems)
}

func TestParseReportSoakFields(t *testing.T) {
	reports, _ := soakRun()
	r := reports[0]
	r.Gas = uint256.NewInt(300).ToBig()
	r.Errors, r.Problems = []string{"x"}, 1
	line, err := r.line()
	require.NoError(t, err)
	for _, field := range []string{`"ops":{`, `"limits_hit":{"hourly-budget":12}`, `"error_kinds":{"unacknowledged":3}`, `"heap_max":`, `"problems":1`,
		`"bought":{"started":7,"finished":6,"ended":{"limit reached":5,"payment failed":1},"unpaid":2,"units":6,"paid":12000000000000000}`} {
		require.Contains(t, line, field)
	}
	got, err := ParseReport(line)
	require.NoError(t, err)
	require.Equal(t, r, got)
	require.Equal(t, 2, got.txCount())

	// A report from before the counts: its errors are its problems, its
	// listed transactions its count.
	got, err = ParseReport(`{"device":"car","errors":["a","b"],"txs":[{"hash":"0x` + strings.Repeat("01", 32) + `"}]}`)
	require.NoError(t, err)
	require.Equal(t, 2, got.Problems)
	require.Equal(t, 1, got.txCount())
}
