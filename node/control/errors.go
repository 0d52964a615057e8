package control

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"github.com/meshpay/meshpay/channels"
	"github.com/meshpay/meshpay/channels/engine"
	"github.com/meshpay/meshpay/node/policy"
)

// Sentinel errors a Service returns (wrapped with %w) to pick the HTTP status,
// and that a *Client's errors match with errors.Is.
var (
	// ErrNotFound reports an unknown channel, peer or route: 404.
	ErrNotFound = errors.New("control: not found")
	// ErrInvalidArgument reports a malformed request: 400.
	ErrInvalidArgument = errors.New("control: invalid argument")
	// ErrConflict reports a request the current state does not allow: 409.
	ErrConflict = errors.New("control: conflict")
	// ErrUnavailable reports a node that cannot serve the request now (not
	// started, shutting down, chain unreachable), or a client that cannot
	// reach the node at all: 503.
	ErrUnavailable = errors.New("control: unavailable")
	// ErrUnauthorized reports a missing or wrong token: 401.
	ErrUnauthorized = errors.New("control: unauthorized")

	// errTooLarge reports a request body over ServerConfig.MaxBodyBytes.
	errTooLarge = errors.New("control: request body too large")
	// errMethod reports a known path with a method it does not serve.
	errMethod = errors.New("control: method not allowed")
)

// Error codes of the generic classes. Errors of the channels and engine
// packages have their own codes; see API.md for the full table.
const (
	CodeUnauthorized     = "unauthorized"
	CodeNotFound         = "not_found"
	CodeInvalidArgument  = "invalid_argument"
	CodeConflict         = "conflict"
	CodeUnavailable      = "unavailable"
	CodeDeadlineExceeded = "deadline_exceeded"
	CodeRequestTooLarge  = "request_too_large"
	CodeMethodNotAllowed = "method_not_allowed"
	CodeInternal         = "internal"
)

// errorKind ties a sentinel error to its status and code, in both
// directions: the server picks the first kind the error matches, and a
// client's *APIError matches the sentinel of its code.
type errorKind struct {
	err    error
	status int
	code   string
}

// errorKinds is read-only. Specific errors come before the generic classes,
// so an error that wraps both gets the specific code.
var errorKinds = []errorKind{
	// The engine.
	{engine.ErrUnknownChannel, http.StatusNotFound, "unknown_channel"},
	{engine.ErrInvalidAmount, http.StatusBadRequest, "invalid_amount"},
	{engine.ErrInvalidReference, http.StatusBadRequest, "invalid_reference"},
	{engine.ErrChannelExists, http.StatusConflict, "channel_exists"},
	{engine.ErrChannelFailed, http.StatusServiceUnavailable, "channel_failed"},
	{engine.ErrBusy, http.StatusServiceUnavailable, "busy"},
	{engine.ErrNotReconciled, http.StatusServiceUnavailable, "not_reconciled"},
	{engine.ErrClosed, http.StatusServiceUnavailable, "engine_closed"},
	// An earlier withdraw of ours got no answer and is not settled yet.
	{engine.ErrWithdrawPending, http.StatusConflict, "withdraw_pending"},
	// Our cooperative settle got no answer yet: no payments meanwhile.
	{engine.ErrSettlePending, http.StatusConflict, "settle_pending"},
	// The payment was signed and stored but the payee did not acknowledge
	// it: the outcome is not known yet, like a timeout.
	{engine.ErrUnacknowledged, http.StatusGatewayTimeout, "unacknowledged"},
	{engine.ErrWrongPeer, http.StatusBadGateway, "wrong_peer"},
	{engine.ErrPaymentsMismatch, http.StatusBadGateway, "payments_mismatch"},
	{engine.ErrTooManyPayments, http.StatusBadGateway, "too_many_payments"},

	// The channel rules: the state refuses the request.
	{channels.ErrChannelNotOpen, http.StatusConflict, "channel_not_open"},
	{channels.ErrIllegalTransition, http.StatusConflict, "illegal_transition"},
	{channels.ErrNonceNotIncreasing, http.StatusConflict, "nonce_not_increasing"},
	{channels.ErrTransferredDecreasing, http.StatusConflict, "transferred_decreasing"},
	{channels.ErrWithdrawNotIncreasing, http.StatusConflict, "withdraw_not_increasing"},
	{channels.ErrDepositNotIncreasing, http.StatusConflict, "deposit_not_increasing"},
	{channels.ErrWithdrawExpired, http.StatusConflict, "withdraw_expired"},
	// The device's spending policy refuses the payment.
	{policy.ErrPeerDenied, http.StatusForbidden, "policy_peer_denied"},
	{policy.ErrPeerNotAllowed, http.StatusForbidden, "policy_peer_not_allowed"},
	{policy.ErrTokenNotAllowed, http.StatusForbidden, "policy_token_not_allowed"},
	{policy.ErrPriceTooHigh, http.StatusForbidden, "policy_price_too_high"},
	{policy.ErrPaymentTooLarge, http.StatusForbidden, "policy_payment_too_large"},
	{policy.ErrHourlyBudget, http.StatusForbidden, "policy_hourly_budget"},
	{policy.ErrDailyBudget, http.StatusForbidden, "policy_daily_budget"},
	{policy.ErrAnomaly, http.StatusForbidden, "policy_anomaly"},
	// The balances refuse the amount.
	{channels.ErrOverspend, http.StatusUnprocessableEntity, "overspend"},
	{channels.ErrWithdrawTooLarge, http.StatusUnprocessableEntity, "withdraw_too_large"},
	{channels.ErrAmountOverflow, http.StatusUnprocessableEntity, "amount_overflow"},
	// The request's parameters break the protocol.
	{channels.ErrInvalidParams, http.StatusBadRequest, "invalid_params"},
	{channels.ErrNotParticipant, http.StatusBadRequest, "not_participant"},
	// The partner sent something invalid while serving the request.
	{channels.ErrMalformed, http.StatusBadGateway, "malformed"},
	{channels.ErrBadSignature, http.StatusBadGateway, "bad_signature"},
	{channels.ErrWrongSigner, http.StatusBadGateway, "wrong_signer"},
	{channels.ErrWrongChannel, http.StatusBadGateway, "wrong_channel"},
	{channels.ErrWrongChain, http.StatusBadGateway, "wrong_chain"},
	{channels.ErrWrongContract, http.StatusBadGateway, "wrong_contract"},
	{channels.ErrLocksUnsupported, http.StatusBadGateway, "locks_unsupported"},
	{channels.ErrBalanceMismatch, http.StatusBadGateway, "balance_mismatch"},

	// The generic classes.
	{ErrUnauthorized, http.StatusUnauthorized, CodeUnauthorized},
	{ErrNotFound, http.StatusNotFound, CodeNotFound},
	{ErrInvalidArgument, http.StatusBadRequest, CodeInvalidArgument},
	{ErrConflict, http.StatusConflict, CodeConflict},
	{ErrUnavailable, http.StatusServiceUnavailable, CodeUnavailable},
	{errTooLarge, http.StatusRequestEntityTooLarge, CodeRequestTooLarge},
	{errMethod, http.StatusMethodNotAllowed, CodeMethodNotAllowed},
	{context.DeadlineExceeded, http.StatusGatewayTimeout, CodeDeadlineExceeded},
	// A cancelled request context means the server is going away (the
	// client that hung up reads no answer).
	{context.Canceled, http.StatusServiceUnavailable, CodeUnavailable},
}

// classes maps a status to the generic sentinel every error of that status
// matches on the client side.
var classes = map[int]error{
	http.StatusUnauthorized:          ErrUnauthorized,
	http.StatusNotFound:              ErrNotFound,
	http.StatusBadRequest:            ErrInvalidArgument,
	http.StatusRequestEntityTooLarge: ErrInvalidArgument,
	http.StatusConflict:              ErrConflict,
	http.StatusServiceUnavailable:    ErrUnavailable,
}

// toAPIError maps a Service error to its response. Errors it does not know
// are 500 with the error's message.
func toAPIError(err error) *APIError {
	var ae *APIError
	if errors.As(err, &ae) {
		// A Service that is itself a client (a proxy): pass it on.
		return &APIError{Status: ae.Status, Code: ae.Code, Message: ae.Message}
	}
	for _, k := range errorKinds {
		if errors.Is(err, k.err) {
			return &APIError{Status: k.status, Code: k.code, Message: err.Error()}
		}
	}
	return &APIError{Status: http.StatusInternalServerError, Code: CodeInternal, Message: err.Error()}
}

// APIError is an error response of the control API. errors.Is matches it
// against the sentinel of its code (channels.ErrOverspend for "overspend",
// engine.ErrUnknownChannel for "unknown_channel", context.DeadlineExceeded
// for "deadline_exceeded", ...) and against the generic class of its status
// (ErrNotFound for every 404, ErrInvalidArgument for 400 and 413,
// ErrConflict for 409, ErrUnavailable for 503, ErrUnauthorized for 401).
type APIError struct {
	// Status is the HTTP status code.
	Status int
	// Code is the stable machine-readable code, snake_case.
	Code string
	// Message is for humans; it may change between versions.
	Message string
}

func (e *APIError) Error() string {
	return fmt.Sprintf("control api: %s (%d %s)", e.Message, e.Status, e.Code)
}

// Is reports whether target is the sentinel of e's code or the class of
// e's status.
func (e *APIError) Is(target error) bool {
	if c, ok := classes[e.Status]; ok && c == target {
		return true
	}
	// The first kind of a code is its sentinel: "unavailable" is
	// ErrUnavailable, not context.Canceled.
	for _, k := range errorKinds {
		if k.code == e.Code {
			return k.err == target
		}
	}
	return false
}

// errorBody is the JSON of every error response.
type errorBody struct {
	Error errorDetail `json:"error"`
}

type errorDetail struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}
