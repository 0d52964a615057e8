package engine

import "errors"

var (
	// ErrUnknownChannel reports a channel the engine does not hold.
	ErrUnknownChannel = errors.New("engine: unknown channel")
	// ErrWrongPeer reports a message from someone who is not the channel's
	// partner: no peer may act for another address.
	ErrWrongPeer = errors.New("engine: message not from the channel partner")
	// ErrInvalidAmount reports a zero payment amount.
	ErrInvalidAmount = errors.New("engine: invalid amount")
	// ErrInvalidReference reports a payment reference longer than the
	// store keeps.
	ErrInvalidReference = errors.New("engine: invalid payment reference")
	// ErrPaymentsMismatch reports payments that do not add up to the
	// proof's increase.
	ErrPaymentsMismatch = errors.New("engine: payments do not match the proof")
	// ErrTooManyPayments reports a delivery carrying more payments than
	// one proof may.
	ErrTooManyPayments = errors.New("engine: too many payments in one proof")
	// ErrUnacknowledged reports a proof that is signed and stored but was
	// not acknowledged: its payments complete when a later proof or a
	// resync reaches the payee, since amounts are cumulative.
	ErrUnacknowledged = errors.New("engine: payment not acknowledged")
	// ErrBusy reports payments refused, unsigned, because the channel's
	// window of proofs in flight stayed full (the partner is slow to ack).
	ErrBusy = errors.New("engine: too many proofs in flight")
	// ErrChannelFailed reports a channel stopped after a storage failure;
	// restarting the node reloads it from disk.
	ErrChannelFailed = errors.New("engine: channel failed")
	// ErrClosed reports use of a closed engine.
	ErrClosed = errors.New("engine: closed")
	// ErrConflict reports a partner's claim that contradicts what we hold
	// (same nonce, different proof): a bug or fraud; it is never stored.
	ErrConflict = errors.New("engine: conflicting proof")
	// ErrNotReconciled reports a payment refused, unsigned, on a channel
	// not yet reconciled with its partner since an unclean restart (see
	// Reconcile); the node reconciles on every connection.
	ErrNotReconciled = errors.New("engine: channel not reconciled with the partner since an unclean restart")
	// ErrChannelExists reports adding a channel the engine already holds.
	ErrChannelExists = errors.New("engine: channel exists")
	// ErrWithdrawPending reports a withdraw not asked for because an
	// earlier one of ours on the channel, which got no answer, is still
	// unresolved (see Engine.ResolveWithdraw), or was resolved just now
	// for another amount.
	ErrWithdrawPending = errors.New("engine: an earlier withdraw awaits its co-signature")
	// ErrSettlePending reports a payment or withdraw refused, unsigned,
	// because our cooperative settle of the channel got no answer yet:
	// the partner may be settling already (see Engine.ResolveSettle).
	ErrSettlePending = errors.New("engine: a cooperative settle awaits its co-signature")

	// ErrDeclined marks an AskWithdraw (or AskSettle) error in which the partner answered
	// that it does not co-sign the withdraw for a reason of the withdraw
	// itself (invalid, expired, too large, channel not open): it holds no
	// co-signature of it, or it would have sent that. A refusal of the
	// moment (rate limit, busy) must not carry it.
	ErrDeclined = errors.New("engine: partner declined the withdraw")
	// ErrRefused marks an AskWithdraw (or AskSettle) error in which the partner answered
	// this very request with a refusal: it did not co-sign this copy. That
	// settles a first request; a repeat needs ErrDeclined, since the copy
	// sent first may still be waiting at the partner.
	ErrRefused = errors.New("engine: partner refused the request")
	// ErrNotSent marks an AskWithdraw (or AskSettle) error for a request that never left
	// (no connection to the partner): the partner cannot have co-signed it.
	ErrNotSent = errors.New("engine: request not sent")
)
