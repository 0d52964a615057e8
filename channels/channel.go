package channels

import (
	"fmt"

	"github.com/holiman/uint256"
)

// Phase is where a channel is in its life; see docs/protocol.md.
type Phase uint8

// Phases. The zero value is not a phase, so a decoded zero is caught.
const (
	// PhaseOpening: proposed off-chain, open transaction not final.
	// Accepts Opened.
	PhaseOpening Phase = iota + 1
	// PhaseOpen: on chain, payments flow. Accepts Deposited, Withdrawn,
	// ProofAccepted, SettleSigned, Closed, Settled.
	PhaseOpen
	// PhaseSettling: cooperative settle co-signed, not yet on chain; no new
	// payments. Accepts Deposited, Withdrawn, SettleSigned (only over a
	// larger pot, see Channel.CheckCooperativeSettle), Closed, Settled.
	PhaseSettling
	// PhaseClosing: a unilateral close was seen; the challenge period runs.
	// Accepts NonClosingUpdated and Settled.
	PhaseClosing
	// PhaseSettled: paid out. Terminal.
	PhaseSettled
)

var phaseNames = map[Phase]string{
	PhaseOpening:  "opening",
	PhaseOpen:     "open",
	PhaseSettling: "settling",
	PhaseClosing:  "closing",
	PhaseSettled:  "settled",
}

func (p Phase) String() string {
	if n, ok := phaseNames[p]; ok {
		return n
	}
	return fmt.Sprintf("phase(%d)", uint8(p))
}

// Valid reports whether p is one of the defined phases.
func (p Phase) Valid() bool { _, ok := phaseNames[p]; return ok }

// Event is something that happened to a channel: on chain, or agreed off it.
// The set is closed: only this package defines events.
type Event interface {
	channelEvent()
	name() string
}

// Opened: the open transaction is final.
type Opened struct{}

// Deposited: a participant's cumulative on-chain deposit is now Total.
type Deposited struct {
	Participant int
	Total       uint256.Int
}

// Withdrawn: a participant's cumulative withdraw is now Total, seen on chain
// or co-signed off chain (see "Pending withdraws" in docs/protocol.md).
type Withdrawn struct {
	Participant int
	Total       uint256.Int
}

// ProofAccepted: a balance proof signed by participant Signer was validated
// (ValidateProof) or made by us (NextProof) and is now the latest.
type ProofAccepted struct {
	Signer int
	Proof  SignedBalanceProof
}

// SettleSigned: both sides signed a cooperative settle.
type SettleSigned struct{ Settle CoSignedSettle }

// Closed: a participant closed unilaterally at unix time At.
type Closed struct {
	Closer int
	At     uint64
}

// NonClosingUpdated: the non-closing side's update was accepted on chain.
type NonClosingUpdated struct{ Nonce uint64 }

// Settled: the channel paid out on chain.
type Settled struct{}

func (Opened) channelEvent()            {}
func (Deposited) channelEvent()         {}
func (Withdrawn) channelEvent()         {}
func (ProofAccepted) channelEvent()     {}
func (SettleSigned) channelEvent()      {}
func (Closed) channelEvent()            {}
func (NonClosingUpdated) channelEvent() {}
func (Settled) channelEvent()           {}

func (Opened) name() string            { return "opened" }
func (Deposited) name() string         { return "deposited" }
func (Withdrawn) name() string         { return "withdrawn" }
func (ProofAccepted) name() string     { return "proof" }
func (SettleSigned) name() string      { return "settle-signed" }
func (Closed) name() string            { return "closed" }
func (NonClosingUpdated) name() string { return "non-closing-updated" }
func (Settled) name() string           { return "settled" }

// transitions lists, per phase, the events it accepts and the phase each
// leads to.
var transitions = map[Phase]map[string]Phase{
	PhaseOpening: {"opened": PhaseOpen},
	PhaseOpen: {
		"deposited": PhaseOpen, "withdrawn": PhaseOpen, "proof": PhaseOpen,
		"settle-signed": PhaseSettling, "closed": PhaseClosing, "settled": PhaseSettled,
	},
	PhaseSettling: {
		"deposited": PhaseSettling, "withdrawn": PhaseSettling,
		// A settle over a larger pot replaces one that deposits since
		// its signing voided (see CheckCooperativeSettle).
		"settle-signed": PhaseSettling,
		"closed":        PhaseClosing, "settled": PhaseSettled,
	},
	PhaseClosing: {"non-closing-updated": PhaseClosing, "settled": PhaseSettled},
	PhaseSettled: {},
}

// Channel is the state of one channel as both participants see it. It is a
// value: Apply returns a new Channel and never changes its receiver.
type Channel struct {
	Params Params
	ID     ChannelID
	Phase  Phase
	// Deposit and Withdrawn are cumulative per participant.
	Deposit   [2]uint256.Int
	Withdrawn [2]uint256.Int
	// Proofs[i] is the latest proof signed by participant i: the transfers
	// i -> partner. A zero proof means nothing was sent yet.
	Proofs [2]SignedBalanceProof
	// Settle is the co-signed cooperative settle, set in PhaseSettling.
	Settle CoSignedSettle
	// Closer and SettleAfter are set in PhaseClosing.
	Closer      int
	SettleAfter uint64

	domain Domain
}

// NewChannel returns a channel in PhaseOpening.
func NewChannel(p Params) (Channel, error) {
	if err := p.Validate(); err != nil {
		return Channel{}, err
	}
	return Channel{Params: p, ID: p.ID(), Phase: PhaseOpening, domain: p.Domain()}, nil
}

// Domain returns the channel's EIP-712 domain.
func (c *Channel) Domain() Domain {
	if c.domain.separator == ([32]byte{}) {
		c.domain = c.Params.Domain()
	}
	return c.domain
}

// Apply returns the channel after ev. Events a phase does not accept, and
// events that would break the balance rules, return an error and leave the
// channel as it was.
func (c Channel) Apply(ev Event) (Channel, error) {
	next, ok := transitions[c.Phase][ev.name()]
	if !ok {
		return c, fmt.Errorf("channel %s: %w: %s in phase %s", c.ID, ErrIllegalTransition, ev.name(), c.Phase)
	}
	switch e := ev.(type) {
	case Deposited:
		if err := checkIndex(e.Participant); err != nil {
			return c, err
		}
		if e.Total.Lt(&c.Deposit[e.Participant]) {
			return c, fmt.Errorf("channel %s: %w: %s < %s", c.ID, ErrDepositNotIncreasing, &e.Total, &c.Deposit[e.Participant])
		}
		c.Deposit[e.Participant] = e.Total
	case Withdrawn:
		if err := checkIndex(e.Participant); err != nil {
			return c, err
		}
		// The chain's figure may trail a co-signed one we already count.
		if e.Total.Gt(&c.Withdrawn[e.Participant]) {
			c.Withdrawn[e.Participant] = e.Total
		}
	case ProofAccepted:
		if err := checkIndex(e.Signer); err != nil {
			return c, err
		}
		if err := c.checkProofState(e.Signer, &e.Proof.Proof); err != nil {
			return c, err
		}
		c.Proofs[e.Signer] = e.Proof
	case SettleSigned:
		if err := c.CheckCooperativeSettle(&e.Settle.Settle); err != nil {
			return c, err
		}
		c.Settle = e.Settle
	case Closed:
		if err := checkIndex(e.Closer); err != nil {
			return c, err
		}
		c.Closer = e.Closer
		c.SettleAfter = e.At + c.Params.ChallengePeriod
	}
	c.Phase = next
	return c, nil
}

func checkIndex(i int) error {
	if i != PartA && i != PartB {
		return fmt.Errorf("%w: index %d", ErrNotParticipant, i)
	}
	return nil
}
