package channels

import "errors"

// Sentinel errors callers branch on with errors.Is. Validation functions wrap
// them with the channel and the offending values.
var (
	// ErrMalformed reports bytes that do not decode into a message.
	ErrMalformed = errors.New("channels: malformed message")
	// ErrBadSignature reports a signature that is not 65 bytes r||s||v with
	// v in {27,28} and a low s, or that recovers no key.
	ErrBadSignature = errors.New("channels: bad signature")
	// ErrWrongSigner reports a valid signature by someone other than the
	// party the message must come from.
	ErrWrongSigner = errors.New("channels: wrong signer")
	// ErrWrongChannel reports a message for another channel (a replay).
	ErrWrongChannel = errors.New("channels: wrong channel")
	// ErrWrongChain reports a message for another chain ID (a replay).
	ErrWrongChain = errors.New("channels: wrong chain")
	// ErrWrongContract reports a message for another contract (a replay).
	ErrWrongContract = errors.New("channels: wrong contract")
	// ErrNonceNotIncreasing reports a proof whose nonce is not above the
	// last accepted one: a replayed or stale proof.
	ErrNonceNotIncreasing = errors.New("channels: nonce not increasing")
	// ErrTransferredDecreasing reports a proof whose cumulative transferred
	// amount is below the last accepted one.
	ErrTransferredDecreasing = errors.New("channels: transferred amount decreasing")
	// ErrOverspend reports a payment beyond the sender's available balance.
	ErrOverspend = errors.New("channels: overspend")
	// ErrChannelNotOpen reports a message that needs an open channel.
	ErrChannelNotOpen = errors.New("channels: channel not open")
	// ErrLocksUnsupported reports a non-zero lockedAmount or locksRoot,
	// reserved for conditional transfers in a later protocol version.
	ErrLocksUnsupported = errors.New("channels: locked transfers unsupported")
	// ErrWithdrawExpired reports a withdraw whose expiry has passed.
	ErrWithdrawExpired = errors.New("channels: withdraw expired")
	// ErrWithdrawNotIncreasing reports a withdraw total not above what is
	// already withdrawn: a replayed withdraw.
	ErrWithdrawNotIncreasing = errors.New("channels: withdraw total not increasing")
	// ErrNotRenewal reports a withdraw renewal whose total is not the
	// participant's counted one (see Channel.CheckWithdrawRenewal).
	ErrNotRenewal = errors.New("channels: renewal total is not the counted withdraw")
	// ErrWithdrawTooLarge reports a withdraw beyond the participant's
	// available balance.
	ErrWithdrawTooLarge = errors.New("channels: withdraw exceeds available balance")
	// ErrBalanceMismatch reports a cooperative settle whose balances do not
	// add up to the pot or short-change the validating side.
	ErrBalanceMismatch = errors.New("channels: balances do not match the channel")
	// ErrNotParticipant reports an address or index that is not one of the
	// channel's two participants.
	ErrNotParticipant = errors.New("channels: not a participant")
	// ErrInvalidParams reports channel parameters that break the protocol's
	// rules (unsorted or equal participants, zero chain ID, ...).
	ErrInvalidParams = errors.New("channels: invalid channel parameters")
	// ErrIllegalTransition reports an event the channel's phase does not accept.
	ErrIllegalTransition = errors.New("channels: illegal transition")
	// ErrAmountOverflow reports an amount that does not fit the arithmetic.
	ErrAmountOverflow = errors.New("channels: amount overflow")
	// ErrDepositNotIncreasing reports a cumulative deposit that went down.
	ErrDepositNotIncreasing = errors.New("channels: deposit total not increasing")
)
