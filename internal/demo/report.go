package demo

import (
	"encoding/json"
	"fmt"
	"math/big"
	"strings"

	"github.com/ethereum/go-ethereum/common"

	"github.com/meshpay/meshpay/channels"
)

// Report is what a device prints as its last line, as one JSON object:
// its channels as it sees them when it stops and the transactions it sent.
// The field names are stable.
type Report struct {
	Device  string         `json:"device"`
	Role    Role           `json:"role"`
	Address common.Address `json:"address"`
	// Payments counts the payments the device made (its payees
	// acknowledged them).
	Payments int             `json:"payments"`
	Channels []ChannelReport `json:"channels"`
	// Bought and Sold count the metered sessions the device bought and
	// sold, from its receipts (nil for a role that does not buy, or
	// sell). Sessions lists the receipts, bought first; a soaking device
	// lists only its first ones.
	Bought   *SessionCounts  `json:"bought,omitempty"`
	Sold     *SessionCounts  `json:"sold,omitempty"`
	Sessions []SessionReport `json:"sessions,omitempty"`
	// Autosettle is what a seller's Settler did (nil for a role that
	// sells nothing).
	Autosettle *AutosettleReport `json:"autosettle,omitempty"`
	// Txs are the transactions the device sent, as it saw them mined; a
	// soaking device lists only its first ones.
	Txs []Tx `json:"txs"`
	// Ops counts every transaction the device sent by operation ("open",
	// "deposit", "withdraw", "settle"), Gas sums their gas cost in wei.
	Ops map[string]int `json:"ops,omitempty"`
	Gas *big.Int       `json:"gas,omitempty"`
	// Errors lists the first problems: what went wrong and fails the run
	// (a channel not opened, a close that did not land, in a demo any
	// failed payment); empty on a clean run. Problems counts them all.
	Errors   []string `json:"errors,omitempty"`
	Problems int      `json:"problems,omitempty"`
	// ErrorKinds counts every error by ErrorKind, problems and the
	// transient errors a soak tolerates alike.
	ErrorKinds map[string]int `json:"error_kinds,omitempty"`
	// LimitsHit counts the payments the device's spending policy refused,
	// by policy.Reason ("hourly-budget", "price-too-high", ...).
	LimitsHit map[string]uint64 `json:"limits_hit,omitempty"`
	// HeapMax is the largest live Go heap the device sampled (what the
	// last garbage collection found live), in bytes.
	HeapMax uint64 `json:"heap_max,omitempty"`
}

// txCount is how many transactions the device sent: the Ops counts, or
// the listed Txs in a report without them.
func (r *Report) txCount() int {
	if len(r.Ops) == 0 {
		return len(r.Txs)
	}
	n := 0
	for _, c := range r.Ops {
		n += c
	}
	return n
}

// ChannelReport is one channel as one of its participants sees it. Every
// demo channel is one-way: the payer deposits and pays, the payee receives
// and withdraws. Amounts are in wei.
type ChannelReport struct {
	ID    string         `json:"id"`
	Payer common.Address `json:"payer"`
	Payee common.Address `json:"payee"`
	// Service is what the payer bought (known to the payer only).
	Service string `json:"service,omitempty"`
	Phase   string `json:"phase"`
	// Deposit is the payer's cumulative deposit.
	Deposit *big.Int `json:"deposit"`
	// Paid is the payer's cumulative transfer to the payee, off-chain.
	Paid *big.Int `json:"paid"`
	// Withdrawn is what the payee withdrew on chain while the channel was
	// open.
	Withdrawn *big.Int `json:"withdrawn"`
	// SettledPayee and SettledPayer are what the close paid out to each
	// (zero until the channel is settled).
	SettledPayee *big.Int `json:"settled_payee"`
	SettledPayer *big.Int `json:"settled_payer"`
	// Sessions counts the metered sessions on the channel whose receipts
	// the reporting side kept, SessionPaid adds up what they say was
	// paid: each side tells its own.
	Sessions    int      `json:"sessions,omitempty"`
	SessionPaid *big.Int `json:"session_paid,omitempty"`
}

// channelReport describes ch, in which payer pays payee.
func channelReport(ch *channels.Channel, payer int, service string) ChannelReport {
	payee := channels.Partner(payer)
	r := ChannelReport{
		ID: ch.ID.Hex(), Payer: ch.Params.Participants[payer], Payee: ch.Params.Participants[payee],
		Service: service, Phase: ch.Phase.String(),
		Deposit: ch.Deposit[payer].ToBig(), Paid: ch.Transferred(payer).ToBig(), Withdrawn: ch.Withdrawn[payee].ToBig(),
		SettledPayee: new(big.Int), SettledPayer: new(big.Int),
	}
	if ch.Phase == channels.PhaseSettled && ch.Settle.Settle.ChannelID == ch.ID {
		r.SettledPayee = ch.Settle.Settle.Balances[payee].ToBig()
		r.SettledPayer = ch.Settle.Settle.Balances[payer].ToBig()
	} else if ch.Phase == channels.PhaseSettled {
		// Closed unilaterally: the contract paid the balances of the
		// latest proofs.
		if b, err := ch.Balances(); err == nil {
			r.SettledPayee, r.SettledPayer = b[payee].ToBig(), b[payer].ToBig()
		}
	}
	return r
}

// ReportPrefix starts a report line; story lines never start with it.
const ReportPrefix = "{"

// ParseReport reads a device's report line.
func ParseReport(line string) (Report, error) {
	var r Report
	if !strings.HasPrefix(line, ReportPrefix) {
		return r, fmt.Errorf("%w: not a JSON object", ErrBadReport)
	}
	if err := json.Unmarshal([]byte(line), &r); err != nil {
		return r, fmt.Errorf("%w: %w", ErrBadReport, err)
	}
	for i, c := range r.Channels {
		for _, v := range []**big.Int{&c.Deposit, &c.Paid, &c.Withdrawn, &c.SettledPayee, &c.SettledPayer} {
			if *v == nil {
				*v = new(big.Int)
			}
		}
		r.Channels[i] = c
	}
	for _, c := range []*SessionCounts{r.Bought, r.Sold} {
		if c != nil && c.Paid == nil {
			c.Paid = new(big.Int)
		}
	}
	r.Problems = max(r.Problems, len(r.Errors))
	return r, nil
}

// line is the report as one JSON line.
func (r *Report) line() (string, error) {
	b, err := json.Marshal(r)
	if err != nil {
		return "", fmt.Errorf("demo: encode report: %w", err)
	}
	return string(b), nil
}
