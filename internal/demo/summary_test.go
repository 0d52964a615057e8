package demo

import (
	"bytes"
	"math/big"
	"strings"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/stretchr/testify/require"
)

var (
	carAddr  = common.HexToAddress("0xca")
	gateAddr = common.HexToAddress("0x6a7e")
)

// demoRun is a consistent run: the car paid the gate 0.014 ETH, of which
// the gate withdrew 0.008 during the run and got 0.006 at close; the car
// got 0.086 of its 0.1 deposit back.
func demoRun() ([]Report, []OnChain) {
	ch := ChannelReport{
		ID: "0x01", Payer: carAddr, Payee: gateAddr, Phase: "settled",
		Deposit: wei("100000000000000000"), Paid: wei("14000000000000000"), Withdrawn: wei("8000000000000000"),
		SettledPayee: wei("6000000000000000"), SettledPayer: wei("86000000000000000"),
	}
	carView, gateView := ch, ch
	carView.Service = ServiceToll
	reports := []Report{
		{Device: "car", Role: RoleCar, Address: carAddr, Payments: 7, Channels: []ChannelReport{carView}},
		{Device: "tollgate", Role: RoleTollGate, Address: gateAddr, Channels: []ChannelReport{gateView}},
	}
	before := wei("1000000000000000000000000")
	chain := []OnChain{
		{Name: "car", Address: carAddr, Before: before, Gas: wei("300"), Txs: 2,
			After: new(big.Int).Sub(before, wei("14000000000000300"))},
		{Name: "tollgate", Address: gateAddr, Before: before, Gas: wei("100"), Txs: 1,
			After: new(big.Int).Add(before, wei("13999999999999900"))},
	}
	return reports, chain
}

func TestSummarize(t *testing.T) {
	tests := []struct {
		name     string
		mutate   func(r []Report, c []OnChain) ([]Report, []OnChain)
		problems []string // substrings, one per expected problem
	}{
		{name: "consistent", mutate: func(r []Report, c []OnChain) ([]Report, []OnChain) { return r, c }},
		{name: "one wei missing on chain", mutate: func(r []Report, c []OnChain) ([]Report, []OnChain) {
			c[1].After = new(big.Int).Sub(c[1].After, big.NewInt(1))
			return r, c
		}, problems: []string{"tollgate: balance change"}},
		{name: "gas not counted", mutate: func(r []Report, c []OnChain) ([]Report, []OnChain) {
			c[0].Gas = new(big.Int)
			return r, c
		}, problems: []string{"car: balance change"}},
		{name: "payer and payee disagree", mutate: func(r []Report, c []OnChain) ([]Report, []OnChain) {
			r[1].Channels[0].Paid = wei("13000000000000000")
			return r, c
		}, problems: []string{"car and tollgate disagree"}},
		{name: "channel left open", mutate: func(r []Report, c []OnChain) ([]Report, []OnChain) {
			r[0].Channels[0].Phase, r[1].Channels[0].Phase = "open", "open"
			return r, c
		}, problems: []string{"open at the end, not settled"}},
		{name: "payee report missing", mutate: func(r []Report, c []OnChain) ([]Report, []OnChain) {
			return r[:1], c
		}, problems: []string{"reported by 1 devices"}},
		{name: "device reports an error", mutate: func(r []Report, c []OnChain) ([]Report, []OnChain) {
			r[0].Errors = []string{"pay tollgate: refused"}
			return r, c
		}, problems: []string{"car: pay tollgate: refused"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := Summarize(tc.mutate(demoRun()))
			require.Len(t, s.Problems, len(tc.problems), "%q", s.Problems)
			for i, p := range tc.problems {
				require.Contains(t, s.Problems[i], p)
			}
			require.Equal(t, len(tc.problems) == 0, s.OK())
			var out bytes.Buffer
			require.NoError(t, s.Render(&out))
			if s.OK() {
				require.True(t, strings.HasSuffix(out.String(), ConservationOK+"\n"), out.String())
			} else {
				require.Contains(t, out.String(), "conservation: FAILED")
			}
		})
	}
}

func TestSummarizeRows(t *testing.T) {
	s := Summarize(demoRun())
	require.Len(t, s.Channels, 1)
	c := s.Channels[0]
	require.Equal(t, ChannelRow{
		ID: "0x01", Payer: "car", Payee: "tollgate", Service: ServiceToll, Paid: wei("14000000000000000"),
		Withdrawn: wei("8000000000000000"), AtClose: wei("6000000000000000"), Refund: wei("86000000000000000"), Phase: "settled",
	}, c)
	require.Len(t, s.Devices, 2)
	car, gate := s.Devices[0], s.Devices[1]
	require.Equal(t, "-14000000000000000", car.Expected.String())
	require.Equal(t, "-14000000000000300", car.Change.String())
	require.Equal(t, "14000000000000000", gate.Expected.String())
	require.Equal(t, "13999999999999900", gate.Change.String())
	require.True(t, car.OK)
	require.True(t, gate.OK)
	require.Equal(t, 2, car.Txs)
}

func TestParseReport(t *testing.T) {
	reports, _ := demoRun()
	line, err := reports[0].line()
	require.NoError(t, err)
	require.False(t, strings.Contains(line, "\n"))
	got, err := ParseReport(line)
	require.NoError(t, err)
	require.Equal(t, reports[0], got)

	// Missing amounts read as zero.
	got, err = ParseReport(`{"device":"car","channels":[{"id":"0x01"}]}`)
	require.NoError(t, err)
	require.Equal(t, "0", got.Channels[0].Paid.String())

	for _, bad := range []string{"  1.2s car -> tollgate  paid", `{"device":`} {
		_, err := ParseReport(bad)
		require.ErrorIs(t, err, ErrBadReport, bad)
	}
}
