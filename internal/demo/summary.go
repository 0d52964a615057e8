package demo

import (
	"fmt"
	"io"
	"math/big"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/ethereum/go-ethereum/common"

	"github.com/meshpay/meshpay/channels"
	"github.com/meshpay/meshpay/node/policy"
)

// OnChain is what the chain says about one device over the demo: its ETH
// balance before the devices started and after they stopped, and the gas
// its transactions cost.
type OnChain struct {
	Name    string
	Address common.Address
	Before  *big.Int
	After   *big.Int
	Gas     *big.Int
	// Txs counts the device's transactions.
	Txs int
}

// ChannelRow is one channel in the summary. Amounts are in wei.
type ChannelRow struct {
	ID           string
	Payer, Payee string
	Service      string
	// Paid is the off-chain total, payer to payee.
	Paid *big.Int
	// Withdrawn is what the payee took out on chain during the run.
	Withdrawn *big.Int
	// AtClose is what the close paid the payee; Refund what it returned
	// to the payer.
	AtClose, Refund *big.Int
	Phase           string
}

// DeviceRow is one device in the summary. Amounts are in wei.
type DeviceRow struct {
	Name string
	// Paid and Received are the device's off-chain totals.
	Paid, Received *big.Int
	// Expected is Received - Paid: what the device's balance should have
	// moved by, gas aside.
	Expected *big.Int
	// Change is the on-chain balance change, Gas what its transactions
	// cost.
	Change, Gas *big.Int
	Txs         int
	// OK is Change + Gas == Expected.
	OK bool
}

// Summary is the demo's closing account.
type Summary struct {
	Channels []ChannelRow
	Devices  []DeviceRow
	Totals   Totals
	// Problems lists every check that failed; empty means conservation
	// holds and every channel was settled.
	Problems []string
}

// Totals are the run's counts over every device, for a soak's closing
// lines.
type Totals struct {
	// Payments counts the payments made (acknowledged by their payee).
	Payments int
	// Sessions adds up the metered sessions as their buyers' receipts
	// count them (each session once), Served as their sellers' do.
	Sessions, Served SessionCounts
	// Settled is what reached the payees on chain: withdrawn during the
	// run plus paid at close, in wei.
	Settled *big.Int
	// Withdraws and Settles count the transactions that moved it: the
	// payees' withdraws and the payers' cooperative closes.
	Withdraws, Settles int
	// LimitsHit counts the payments refused by the spending policies, by
	// reason; Errors counts the devices' errors by kind.
	LimitsHit map[string]uint64
	Errors    map[string]int
	// HeapMax is the largest live heap a device reported, HeapDevice
	// that device.
	HeapMax    uint64
	HeapDevice string
}

// OK reports whether every check passed.
func (s *Summary) OK() bool { return len(s.Problems) == 0 }

// Summarize merges the devices' reports (each channel is seen by its payer
// and its payee, who must agree) with what the chain says about each
// device, and checks conservation: for every device, its on-chain balance
// change plus the gas it spent equals what it received minus what it paid
// off-chain. It is pure: every input is given.
func Summarize(reports []Report, chain []OnChain) Summary {
	var s Summary
	names := map[common.Address]string{}
	for _, c := range chain {
		names[c.Address] = c.Name
	}
	for _, r := range reports {
		if _, ok := names[r.Address]; !ok {
			names[r.Address] = r.Device
		}
	}
	name := func(a common.Address) string {
		if n, ok := names[a]; ok {
			return n
		}
		return shortAddr(a)
	}

	s.Totals = totals(reports)
	// One view per channel: the payer's, checked against the payee's.
	views := map[string][]ChannelReport{}
	var ids []string
	for _, r := range reports {
		for _, e := range r.Errors {
			s.Problems = append(s.Problems, fmt.Sprintf("%s: %s", r.Device, e))
		}
		if more := r.Problems - len(r.Errors); more > 0 {
			s.Problems = append(s.Problems, fmt.Sprintf("%s: %d more problems", r.Device, more))
		}
		for _, c := range r.Channels {
			if _, seen := views[c.ID]; !seen {
				ids = append(ids, c.ID)
			}
			views[c.ID] = append(views[c.ID], c)
		}
	}
	slices.Sort(ids)
	paid, received := map[common.Address]*big.Int{}, map[common.Address]*big.Int{}
	add := func(m map[common.Address]*big.Int, a common.Address, v *big.Int) {
		if m[a] == nil {
			m[a] = new(big.Int)
		}
		m[a].Add(m[a], v)
	}
	for _, id := range ids {
		v := views[id]
		c := merge(v)
		if len(v) != 2 {
			s.Problems = append(s.Problems, fmt.Sprintf("channel %s: reported by %d devices, want its payer and its payee", id, len(v)))
		} else if !sameAccount(&v[0], &v[1]) {
			s.Problems = append(s.Problems, fmt.Sprintf("channel %s: %s and %s disagree on it", id, name(v[0].Payer), name(v[0].Payee)))
		}
		if c.Phase != channels.PhaseSettled.String() {
			s.Problems = append(s.Problems, fmt.Sprintf("channel %s %s -> %s: %s at the end, not settled", id, name(c.Payer), name(c.Payee), c.Phase))
		}
		s.Channels = append(s.Channels, ChannelRow{
			ID: id, Payer: name(c.Payer), Payee: name(c.Payee), Service: c.Service, Paid: c.Paid,
			Withdrawn: c.Withdrawn, AtClose: c.SettledPayee, Refund: c.SettledPayer, Phase: c.Phase,
		})
		add(paid, c.Payer, c.Paid)
		add(received, c.Payee, c.Paid)
		s.Totals.Settled.Add(s.Totals.Settled, orZero(c.Withdrawn))
		s.Totals.Settled.Add(s.Totals.Settled, orZero(c.SettledPayee))
	}

	for _, oc := range chain {
		row := DeviceRow{Name: oc.Name, Paid: orZero(paid[oc.Address]), Received: orZero(received[oc.Address]), Gas: orZero(oc.Gas), Txs: oc.Txs}
		row.Expected = new(big.Int).Sub(row.Received, row.Paid)
		row.Change = new(big.Int).Sub(orZero(oc.After), orZero(oc.Before))
		got := new(big.Int).Add(row.Change, row.Gas)
		row.OK = got.Cmp(row.Expected) == 0
		if !row.OK {
			s.Problems = append(s.Problems, fmt.Sprintf("%s: balance change %s + gas %s = %s, but it received %s and paid %s off-chain (%s)",
				oc.Name, FormatETH(row.Change), FormatETH(row.Gas), FormatETH(got), FormatETH(row.Received), FormatETH(row.Paid), FormatETH(row.Expected)))
		}
		s.Devices = append(s.Devices, row)
	}
	return s
}

// totals adds up the reports' counts; Settled starts at zero.
func totals(reports []Report) Totals {
	t := Totals{Settled: new(big.Int), LimitsHit: map[string]uint64{}, Errors: map[string]int{},
		Sessions: SessionCounts{Ended: map[string]int{}, Paid: new(big.Int)}, Served: SessionCounts{Ended: map[string]int{}, Paid: new(big.Int)}}
	for _, r := range reports {
		t.Payments += r.Payments
		if r.Bought != nil {
			t.Sessions.add(r.Bought)
		}
		if r.Sold != nil {
			t.Served.add(r.Sold)
		}
		t.Withdraws += r.Ops[opWithdraw]
		t.Settles += r.Ops[opSettle]
		for k, n := range r.LimitsHit {
			t.LimitsHit[k] += n
		}
		for k, n := range r.ErrorKinds {
			t.Errors[k] += n
		}
		if r.HeapMax > t.HeapMax {
			t.HeapMax, t.HeapDevice = r.HeapMax, r.Device
		}
	}
	return t
}

// merge is the channel as its payer saw it, with the service from whoever
// knew it; with one view, that view.
func merge(v []ChannelReport) ChannelReport {
	c := v[0]
	for _, o := range v {
		if o.Service != "" {
			c.Service = o.Service
		}
	}
	return c
}

// sameAccount reports whether two views of a channel agree on the money.
func sameAccount(a, b *ChannelReport) bool {
	eq := func(x, y *big.Int) bool { return orZero(x).Cmp(orZero(y)) == 0 }
	return a.Payer == b.Payer && a.Payee == b.Payee && a.Phase == b.Phase &&
		eq(a.Deposit, b.Deposit) && eq(a.Paid, b.Paid) && eq(a.Withdrawn, b.Withdrawn) &&
		eq(a.SettledPayee, b.SettledPayee) && eq(a.SettledPayer, b.SettledPayer)
}

func orZero(v *big.Int) *big.Int {
	if v == nil {
		return new(big.Int)
	}
	return v
}

// ConservationOK is the line Render ends with when every check passed.
const ConservationOK = "conservation: ok"

// Render writes the summary as two tables, the session lines and the
// conservation line.
func (s *Summary) Render(w io.Writer) error { return s.render(w, false) }

// RenderSoak is Render with the soak's totals between the tables and the
// conservation line: payments made, sessions, settled on chain, limits
// hit, errors by kind and the largest live heap. Render has the session
// lines only.
func (s *Summary) RenderSoak(w io.Writer) error { return s.render(w, true) }

// SessionLines are the closing lines about the metered sessions: how
// many the buyers started and finished and why they ended, and what the
// two sides' receipts say was paid.
func (t *Totals) SessionLines() []string {
	return []string{
		fmt.Sprintf("sessions: %d started, %d finished: %s; %d not paid in full",
			t.Sessions.Started, t.Sessions.Finished, FormatCounts(t.Sessions.Ended), t.Sessions.Unpaid),
		fmt.Sprintf("session receipts: buyers %d, paid %s; sellers %d, paid %s",
			t.Sessions.Finished, FormatETH(t.Sessions.Paid), t.Served.Finished, FormatETH(t.Served.Paid)),
	}
}

// Lines are the soak's closing lines, without newlines.
func (t *Totals) Lines() []string {
	lines := []string{fmt.Sprintf("payments made: %d", t.Payments)}
	lines = append(lines, t.SessionLines()...)
	lines = append(lines,
		fmt.Sprintf("settled on chain: %s in %d transactions (withdraws %d, settles %d)",
			FormatETH(t.Settled), t.Withdraws+t.Settles, t.Withdraws, t.Settles),
		"limits hit: "+FormatCounts(t.LimitsHit, string(policy.ReasonHourlyBudget), string(policy.ReasonPriceTooHigh)),
		"errors by kind: "+FormatCounts(t.Errors),
	)
	if t.HeapDevice != "" {
		lines = append(lines, fmt.Sprintf("largest live heap: %.1f MB (%s)", float64(t.HeapMax)/(1<<20), t.HeapDevice))
	}
	return lines
}

func (s *Summary) render(w io.Writer, soak bool) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "CHANNEL\tPAYER -> PAYEE\tSERVICE\tPAID OFF-CHAIN\tWITHDRAWN DURING RUN\tSETTLED AT CLOSE\tREFUNDED TO PAYER\tPHASE")
	for _, c := range s.Channels {
		id := c.ID
		if len(id) > 10 {
			id = id[:10] + "…"
		}
		fmt.Fprintf(tw, "%s\t%s -> %s\t%s\t%s\t%s\t%s\t%s\t%s\n", id, c.Payer, c.Payee, c.Service,
			FormatETH(c.Paid), FormatETH(c.Withdrawn), FormatETH(c.AtClose), FormatETH(c.Refund), c.Phase)
	}
	fmt.Fprintln(tw)
	fmt.Fprintln(tw, "DEVICE\tPAID\tRECEIVED\tRECEIVED - PAID\tON-CHAIN CHANGE\tGAS SPENT\tCHANGE + GAS\tTXS\tCHECK")
	for _, d := range s.Devices {
		check := "ok"
		if !d.OK {
			check = "MISMATCH"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%d\t%s\n", d.Name, FormatETH(d.Paid), FormatETH(d.Received), FormatETH(d.Expected),
			FormatETH(d.Change), FormatETH(d.Gas), FormatETH(new(big.Int).Add(d.Change, d.Gas)), d.Txs, check)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	lines := s.Totals.SessionLines()
	if soak {
		lines = s.Totals.Lines()
	}
	fmt.Fprintln(w)
	for _, l := range lines {
		fmt.Fprintln(w, l)
	}
	if s.OK() {
		_, err := fmt.Fprintln(w, ConservationOK)
		return err
	}
	_, err := fmt.Fprintf(w, "conservation: FAILED\n  %s\n", strings.Join(s.Problems, "\n  "))
	return err
}
