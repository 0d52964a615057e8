package policy

import (
	"errors"
	"fmt"
	"strings"

	"github.com/ethereum/go-ethereum/common"
	"github.com/holiman/uint256"
)

// Sentinel errors callers branch on with errors.Is. Every refusal from
// Reserve or Check is a *RefusedError wrapping one of them, except
// ErrInvalidPayment, which is wrapped with fmt.Errorf.
var (
	// ErrPeerDenied reports a peer on the deny list.
	ErrPeerDenied = errors.New("policy: peer denied")
	// ErrPeerNotAllowed reports a peer missing from a non-empty allow
	// list.
	ErrPeerNotAllowed = errors.New("policy: peer not allowed")
	// ErrTokenNotAllowed reports a payment in a token the policy does not
	// list while it lists others.
	ErrTokenNotAllowed = errors.New("policy: token not allowed")
	// ErrPriceTooHigh reports a price per unit above a cap.
	ErrPriceTooHigh = errors.New("policy: price too high")
	// ErrPaymentTooLarge reports an amount above a per-payment cap.
	ErrPaymentTooLarge = errors.New("policy: payment too large")
	// ErrHourlyBudget reports a payment that would exceed an hourly budget.
	ErrHourlyBudget = errors.New("policy: hourly budget exceeded")
	// ErrDailyBudget reports a payment that would exceed a daily budget.
	ErrDailyBudget = errors.New("policy: daily budget exceeded")
	// ErrAnomaly reports a price jump refused because AnomalyConfig.Block
	// is set.
	ErrAnomaly = errors.New("policy: price anomaly")
	// ErrInvalidPayment reports a payment without an amount, or one whose
	// amount overflows the running totals.
	ErrInvalidPayment = errors.New("policy: invalid payment")
	// ErrInvalidPolicy reports a Policy that NewGuard or SetPolicy
	// rejects.
	ErrInvalidPolicy = errors.New("policy: invalid policy")
)

// Reason names why a payment was refused; Guard.Stats counts refusals by
// Reason. The values are stable: use them as metric labels.
type Reason string

// Refusal reasons, one per sentinel error.
const (
	ReasonPeerDenied      Reason = "peer-denied"
	ReasonPeerNotAllowed  Reason = "peer-not-allowed"
	ReasonTokenNotAllowed Reason = "token-not-allowed"
	ReasonPriceTooHigh    Reason = "price-too-high"
	ReasonPaymentTooLarge Reason = "payment-too-large"
	ReasonHourlyBudget    Reason = "hourly-budget"
	ReasonDailyBudget     Reason = "daily-budget"
	ReasonAnomaly         Reason = "anomaly"
	ReasonInvalid         Reason = "invalid"
)

// reasons maps each Reason to its sentinel, in Stats order.
var reasons = []struct {
	reason Reason
	err    error
}{
	{ReasonPeerDenied, ErrPeerDenied},
	{ReasonPeerNotAllowed, ErrPeerNotAllowed},
	{ReasonTokenNotAllowed, ErrTokenNotAllowed},
	{ReasonPriceTooHigh, ErrPriceTooHigh},
	{ReasonPaymentTooLarge, ErrPaymentTooLarge},
	{ReasonHourlyBudget, ErrHourlyBudget},
	{ReasonDailyBudget, ErrDailyBudget},
	{ReasonAnomaly, ErrAnomaly},
	{ReasonInvalid, ErrInvalidPayment},
}

// ReasonOf returns the Reason of an error from Reserve or Check, or "" for
// nil and for errors that are none of this package's refusals.
func ReasonOf(err error) Reason {
	if err == nil {
		return ""
	}
	for _, r := range reasons {
		if errors.Is(err, r.err) {
			return r.reason
		}
	}
	return ""
}

func sentinel(r Reason) error {
	for _, x := range reasons {
		if x.reason == r {
			return x.err
		}
	}
	return nil
}

// Scope says whose limit refused a payment.
type Scope string

// Scopes of a limit.
const (
	// ScopeNode is a node-wide limit of the payment's token.
	ScopeNode Scope = "node"
	// ScopePeer is a limit for the payment's peer in its token.
	ScopePeer Scope = "peer"
)

// RefusedError is a payment refused by the policy. It wraps the sentinel
// of its Reason (errors.Is(err, ErrHourlyBudget)) and carries the details
// for logs and the API.
type RefusedError struct {
	Reason  Reason
	Peer    common.Address
	Token   common.Address
	Service string
	// Scope is whose limit refused the payment; empty for the peer lists,
	// the token list and anomalies.
	Scope Scope
	// Limit is the cap or budget that was hit (nil for the lists).
	Limit *uint256.Int
	// Spent is what the window already holds, committed or held (budgets
	// only).
	Spent *uint256.Int
	// Asked is the price per unit (price caps, anomalies) or the amount
	// (per-payment caps, budgets) of the payment.
	Asked *uint256.Int
	// Average is the recent average price per unit (anomalies only).
	Average *uint256.Int
	// Factor is AnomalyConfig.PriceFactor (anomalies only).
	Factor float64
}

var _ error = (*RefusedError)(nil)

// Error says which limit refused the payment and by how much, e.g.
// "policy: hourly budget exceeded: peer budget in token 0x…: 900 spent +
// 200 asked > 1000 (paying 0x…)".
func (e *RefusedError) Error() string {
	var b strings.Builder
	if s := sentinel(e.Reason); s != nil {
		b.WriteString(s.Error())
	} else {
		b.WriteString("policy: refused: " + string(e.Reason))
	}
	b.WriteString(": ")
	switch e.Reason {
	case ReasonPeerDenied, ReasonPeerNotAllowed:
		b.WriteString(e.Peer.Hex())
		return b.String()
	case ReasonTokenNotAllowed:
		fmt.Fprintf(&b, "token %s", e.Token.Hex())
	case ReasonPriceTooHigh:
		fmt.Fprintf(&b, "%s cap for service %q in token %s: %s per unit > %s", e.Scope, e.Service, e.Token.Hex(), dec(e.Asked), dec(e.Limit))
	case ReasonPaymentTooLarge:
		fmt.Fprintf(&b, "%s cap in token %s: %s > %s", e.Scope, e.Token.Hex(), dec(e.Asked), dec(e.Limit))
	case ReasonHourlyBudget, ReasonDailyBudget:
		fmt.Fprintf(&b, "%s budget in token %s: %s spent + %s asked > %s", e.Scope, e.Token.Hex(), dec(e.Spent), dec(e.Asked), dec(e.Limit))
	case ReasonAnomaly:
		fmt.Fprintf(&b, "service %q in token %s: %s per unit > %gx recent average %s", e.Service, e.Token.Hex(), dec(e.Asked), e.Factor, dec(e.Average))
	}
	fmt.Fprintf(&b, " (paying %s)", e.Peer.Hex())
	return b.String()
}

// Unwrap returns the sentinel of e's Reason.
func (e *RefusedError) Unwrap() error { return sentinel(e.Reason) }

func dec(x *uint256.Int) string {
	if x == nil {
		return "0"
	}
	return x.Dec()
}
