package wire

import (
	"errors"
	"strings"
	"unicode/utf8"

	"github.com/meshpay/meshpay/channels"
	"github.com/meshpay/meshpay/channels/engine"
	"github.com/meshpay/meshpay/node/wire/pb"
)

// Sentinel errors. Each has its own pb.ErrorCode (see CodeOf).
var (
	// ErrMalformed reports bytes that do not decode into a message, or a
	// message with a field of the wrong length or out of bounds.
	ErrMalformed = errors.New("wire: malformed message")
	// ErrTooLarge reports a frame larger than the reader's maximum size.
	ErrTooLarge = errors.New("wire: message too large")
	// ErrUnsupportedVersion reports a Hello with another protocol version.
	ErrUnsupportedVersion = errors.New("wire: unsupported protocol version")
	// ErrRateLimited reports a request refused because the peer sends too
	// many.
	ErrRateLimited = errors.New("wire: rate limited")
	// ErrRefused reports a request the node does not want to grant (a
	// proposal it declines, a withdraw it will not sign now).
	ErrRefused = errors.New("wire: refused")
)

// MaxErrorMessageLen bounds the message of an Error, sent or received.
const MaxErrorMessageLen = 256

// internalMessage replaces the text of errors without a code: a peer has no
// business reading our disk or chain errors.
const internalMessage = "internal error"

// codes maps sentinel errors to codes. CodeOf takes the first entry the
// error matches; RemoteError.Is is its inverse, so a code matches every
// sentinel listed with it.
var codes = []struct {
	err  error
	code pb.ErrorCode
}{
	{ErrMalformed, pb.ErrorCode_ERROR_CODE_MALFORMED},
	{channels.ErrMalformed, pb.ErrorCode_ERROR_CODE_MALFORMED},
	{ErrTooLarge, pb.ErrorCode_ERROR_CODE_TOO_LARGE},
	{engine.ErrTooManyPayments, pb.ErrorCode_ERROR_CODE_TOO_LARGE},
	{ErrRateLimited, pb.ErrorCode_ERROR_CODE_RATE_LIMITED},
	{ErrUnsupportedVersion, pb.ErrorCode_ERROR_CODE_UNSUPPORTED_VERSION},
	{channels.ErrWrongChain, pb.ErrorCode_ERROR_CODE_WRONG_CHAIN},
	{channels.ErrWrongContract, pb.ErrorCode_ERROR_CODE_WRONG_CONTRACT},
	{engine.ErrWrongPeer, pb.ErrorCode_ERROR_CODE_WRONG_PEER},
	{engine.ErrUnknownChannel, pb.ErrorCode_ERROR_CODE_UNKNOWN_CHANNEL},
	{channels.ErrWrongChannel, pb.ErrorCode_ERROR_CODE_WRONG_CHANNEL},
	{channels.ErrBadSignature, pb.ErrorCode_ERROR_CODE_BAD_SIGNATURE},
	{channels.ErrWrongSigner, pb.ErrorCode_ERROR_CODE_WRONG_SIGNER},
	{channels.ErrNonceNotIncreasing, pb.ErrorCode_ERROR_CODE_NONCE_NOT_INCREASING},
	{channels.ErrTransferredDecreasing, pb.ErrorCode_ERROR_CODE_TRANSFERRED_DECREASING},
	{channels.ErrOverspend, pb.ErrorCode_ERROR_CODE_OVERSPEND},
	// A proof whose amounts overflow 256 bits claims more than any balance.
	{channels.ErrAmountOverflow, pb.ErrorCode_ERROR_CODE_OVERSPEND},
	{channels.ErrChannelNotOpen, pb.ErrorCode_ERROR_CODE_CHANNEL_NOT_OPEN},
	{channels.ErrLocksUnsupported, pb.ErrorCode_ERROR_CODE_LOCKS_UNSUPPORTED},
	{engine.ErrPaymentsMismatch, pb.ErrorCode_ERROR_CODE_PAYMENTS_MISMATCH},
	{channels.ErrWithdrawNotIncreasing, pb.ErrorCode_ERROR_CODE_WITHDRAW_INVALID},
	{channels.ErrWithdrawTooLarge, pb.ErrorCode_ERROR_CODE_WITHDRAW_INVALID},
	{channels.ErrNotRenewal, pb.ErrorCode_ERROR_CODE_WITHDRAW_INVALID},
	// CheckWithdraw reports a withdraw for a non-participant this way.
	{channels.ErrNotParticipant, pb.ErrorCode_ERROR_CODE_WITHDRAW_INVALID},
	{channels.ErrWithdrawExpired, pb.ErrorCode_ERROR_CODE_WITHDRAW_EXPIRED},
	{channels.ErrBalanceMismatch, pb.ErrorCode_ERROR_CODE_BALANCE_MISMATCH},
	{ErrRefused, pb.ErrorCode_ERROR_CODE_REFUSED},
	// A withdraw asked while our own settle awaits its answer: refused
	// for the moment.
	{engine.ErrSettlePending, pb.ErrorCode_ERROR_CODE_REFUSED},
	// Same nonce, different proof: found by sync.
	{engine.ErrConflict, pb.ErrorCode_ERROR_CODE_CONFLICT},
}

// CodeOf returns the code that tells a peer why err refused its request:
// the code of the first sentinel err matches (errors.Is), INTERNAL for any
// other error, UNSPECIFIED for nil.
func CodeOf(err error) pb.ErrorCode {
	if err == nil {
		return pb.ErrorCode_ERROR_CODE_UNSPECIFIED
	}
	for _, c := range codes {
		if errors.Is(err, c.err) {
			return c.code
		}
	}
	return pb.ErrorCode_ERROR_CODE_INTERNAL
}

// ErrorEnvelope returns the Error answering request id with err: its code
// and its text, made valid UTF-8 and cut to MaxErrorMessageLen bytes. An
// error without a code (INTERNAL) is sent as "internal error" only.
func ErrorEnvelope(id uint64, err error) *pb.Envelope {
	code := CodeOf(err)
	msg := internalMessage
	if code != pb.ErrorCode_ERROR_CODE_INTERNAL && err != nil {
		msg = truncateUTF8(err.Error(), MaxErrorMessageLen)
	}
	return &pb.Envelope{Id: id, Body: &pb.Envelope_Error{Error: &pb.Error{Code: code, Message: msg}}}
}

// RemoteError is an Error received from the peer. errors.Is(err, sentinel)
// holds for every sentinel CodeOf maps to its code, so callers branch on
// the same errors for local and remote refusals.
type RemoteError struct {
	Code    pb.ErrorCode
	Message string
}

var _ error = (*RemoteError)(nil)

// DecodeError converts a received Error. An unknown code is kept as it is
// (it matches no sentinel); the message is made valid UTF-8 and cut to
// MaxErrorMessageLen bytes, as it ends up in logs.
func DecodeError(e *pb.Error) *RemoteError {
	return &RemoteError{Code: e.GetCode(), Message: truncateUTF8(e.GetMessage(), MaxErrorMessageLen)}
}

// Error returns the code's name and the peer's message.
func (e *RemoteError) Error() string {
	name := strings.ToLower(strings.TrimPrefix(e.Code.String(), "ERROR_CODE_"))
	if e.Message == "" {
		return "wire: peer error " + name
	}
	return "wire: peer error " + name + ": " + e.Message
}

// Is reports whether target is a sentinel that CodeOf maps to e.Code.
func (e *RemoteError) Is(target error) bool {
	for _, c := range codes {
		if c.err == target {
			return c.code == e.Code
		}
	}
	return false
}

// truncateUTF8 returns s with invalid UTF-8 replaced, cut at a rune
// boundary to at most n bytes.
func truncateUTF8(s string, n int) string {
	s = strings.ToValidUTF8(cutAtRune(s, n), "\uFFFD")
	// A replacement (3 bytes) may have made it longer again.
	return cutAtRune(s, n)
}

// cutAtRune cuts s to at most n bytes without splitting a rune.
func cutAtRune(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}
