package demo

import (
	"fmt"
	"math/big"

	"github.com/ethereum/go-ethereum/common"
	"github.com/holiman/uint256"

	"github.com/meshpay/meshpay/channels"
	"github.com/meshpay/meshpay/node/metering"
	"github.com/meshpay/meshpay/node/metrics"
)

// SessionCounts counts one side's metered sessions, from its receipts.
type SessionCounts struct {
	// Started counts the sessions that started: bought (the seller
	// accepted them) or served (the meter ran).
	Started int `json:"started"`
	// Finished counts the receipts of the sessions that ended, Ended
	// counts them by why they ended (metering.Reason's names: "limit
	// reached", "buyer ended", "payment failed", ...).
	Finished int            `json:"finished"`
	Ended    map[string]int `json:"ended,omitempty"`
	// Unpaid counts the finished sessions whose receipt says less was
	// paid than was due: the buyer's policy refused a payment, or payment
	// lagged when the seller stopped. (A receipt's reason is the seller's
	// final record's, so a pass the buyer refused to pay still ended by
	// "limit reached", the one pass being the limit.)
	Unpaid int `json:"unpaid,omitempty"`
	// Units adds up the units the receipts say were delivered, Paid what
	// they say was paid, in wei.
	Units uint64   `json:"units"`
	Paid  *big.Int `json:"paid"`
}

// add adds o to c.
func (c *SessionCounts) add(o *SessionCounts) {
	c.Started += o.Started
	c.Finished += o.Finished
	c.Unpaid += o.Unpaid
	c.Units += o.Units
	if c.Paid == nil {
		c.Paid = new(big.Int)
	}
	c.Paid.Add(c.Paid, orZero(o.Paid))
	for k, n := range o.Ended {
		if c.Ended == nil {
			c.Ended = map[string]int{}
		}
		c.Ended[k] += n
	}
}

// sessionCounts counts the receipts of one side, which started started
// sessions.
func sessionCounts(started int, receipts []metering.Receipt) *SessionCounts {
	c := &SessionCounts{Started: started, Finished: len(receipts), Ended: map[string]int{}, Paid: new(big.Int)}
	for i := range receipts {
		r := &receipts[i]
		c.Ended[r.Reason.String()]++
		if r.Due.Gt(&r.Paid) {
			c.Unpaid++
		}
		c.Units += r.Units
		c.Paid.Add(c.Paid, r.Paid.ToBig())
	}
	return c
}

// SessionReport is one finished session as one side's receipt tells it.
// Amounts are in wei.
type SessionReport struct {
	// ID is the session's ID in hex; Side is "buyer" or "seller".
	ID      string         `json:"id"`
	Side    string         `json:"side"`
	Service string         `json:"service"`
	Channel string         `json:"channel"`
	Buyer   common.Address `json:"buyer"`
	Seller  common.Address `json:"seller"`
	Units   uint64         `json:"units"`
	Due     *big.Int       `json:"due"`
	Paid    *big.Int       `json:"paid"`
	Reason  string         `json:"reason"`
}

// sessionReports lists at most n receipts, the bought ones first, each
// side oldest first.
func sessionReports(n int, sides ...[]metering.Receipt) []SessionReport {
	var out []SessionReport
	for _, receipts := range sides {
		for i := range receipts {
			if len(out) == n {
				return out
			}
			r := &receipts[i]
			out = append(out, SessionReport{
				ID: r.SessionID.Hex(), Side: r.Role.String(), Service: r.Service, Channel: r.ChannelID.Hex(),
				Buyer: r.Buyer, Seller: r.Seller, Units: r.Units, Due: r.Due.ToBig(), Paid: r.Paid.ToBig(), Reason: r.Reason.String(),
			})
		}
	}
	return out
}

// channelSessions adds up the receipts of one channel.
type channelSessions struct {
	sessions int
	paid     uint256.Int
}

// receiptsByChannel adds up receipts by channel.
func receiptsByChannel(sides ...[]metering.Receipt) map[channels.ChannelID]*channelSessions {
	out := map[channels.ChannelID]*channelSessions{}
	for _, receipts := range sides {
		for i := range receipts {
			r := &receipts[i]
			t := out[r.ChannelID]
			if t == nil {
				t = &channelSessions{}
				out[r.ChannelID] = t
			}
			t.sessions++
			t.paid.Add(&t.paid, &r.Paid)
		}
	}
	return out
}

// AutosettleReport is what a seller's autosettle.Settler did
// (autosettle.Stats).
type AutosettleReport struct {
	// Withdraws counts channels withdrawn from (one per channel of a
	// batch), Batches the batch transactions.
	Withdraws uint64 `json:"withdraws"`
	Batches   uint64 `json:"batches"`
	Closes    uint64 `json:"closes"`
	Settles   uint64 `json:"settles"`
	Failures  uint64 `json:"failures"`
}

// paymentsSentMetric is the node's count of acknowledged payments.
const paymentsSentMetric = metrics.Namespace + "_payments_sent_total"

// paymentsMade counts the payments the device made that their payee
// acknowledged: every session payment goes through node.PayFor, which
// counts them in the node's metrics.
func (d *device) paymentsMade() int {
	// Gather returns what it could read along with an error.
	families, err := d.n.Metrics().Registry().Gather()
	if err != nil {
		d.cfg.Logger.Warn("read the node's metrics", "err", err)
	}
	for _, f := range families {
		if f.GetName() != paymentsSentMetric {
			continue
		}
		total := 0.0
		for _, m := range f.GetMetric() {
			total += m.GetCounter().GetValue()
		}
		return int(total)
	}
	return 0
}

// sessionNote counts a report's sessions for the story: "12 sessions
// bought, 30 sold".
func sessionNote(r *Report) string {
	bought, sold := 0, 0
	if r.Bought != nil {
		bought = r.Bought.Finished
	}
	if r.Sold != nil {
		sold = r.Sold.Finished
	}
	return fmt.Sprintf("%d sessions bought, %d sold", bought, sold)
}
