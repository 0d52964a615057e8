package wire_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/require"
	"google.golang.org/protobuf/proto"

	"github.com/meshpay/meshpay/channels"
	"github.com/meshpay/meshpay/channels/engine"
	"github.com/meshpay/meshpay/node/wire"
	"github.com/meshpay/meshpay/node/wire/pb"
)

// sentinelCodes is every sentinel a peer can be told about, and its code.
var sentinelCodes = []struct {
	err  error
	code pb.ErrorCode
}{
	{wire.ErrMalformed, pb.ErrorCode_ERROR_CODE_MALFORMED},
	{channels.ErrMalformed, pb.ErrorCode_ERROR_CODE_MALFORMED},
	{wire.ErrTooLarge, pb.ErrorCode_ERROR_CODE_TOO_LARGE},
	{engine.ErrTooManyPayments, pb.ErrorCode_ERROR_CODE_TOO_LARGE},
	{wire.ErrRateLimited, pb.ErrorCode_ERROR_CODE_RATE_LIMITED},
	{wire.ErrUnsupportedVersion, pb.ErrorCode_ERROR_CODE_UNSUPPORTED_VERSION},
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
	{channels.ErrAmountOverflow, pb.ErrorCode_ERROR_CODE_OVERSPEND},
	{channels.ErrChannelNotOpen, pb.ErrorCode_ERROR_CODE_CHANNEL_NOT_OPEN},
	{channels.ErrLocksUnsupported, pb.ErrorCode_ERROR_CODE_LOCKS_UNSUPPORTED},
	{engine.ErrPaymentsMismatch, pb.ErrorCode_ERROR_CODE_PAYMENTS_MISMATCH},
	{channels.ErrWithdrawNotIncreasing, pb.ErrorCode_ERROR_CODE_WITHDRAW_INVALID},
	{channels.ErrWithdrawTooLarge, pb.ErrorCode_ERROR_CODE_WITHDRAW_INVALID},
	{channels.ErrNotRenewal, pb.ErrorCode_ERROR_CODE_WITHDRAW_INVALID},
	{channels.ErrNotParticipant, pb.ErrorCode_ERROR_CODE_WITHDRAW_INVALID},
	{channels.ErrWithdrawExpired, pb.ErrorCode_ERROR_CODE_WITHDRAW_EXPIRED},
	{channels.ErrBalanceMismatch, pb.ErrorCode_ERROR_CODE_BALANCE_MISMATCH},
	{wire.ErrRefused, pb.ErrorCode_ERROR_CODE_REFUSED},
	{engine.ErrConflict, pb.ErrorCode_ERROR_CODE_CONFLICT},
}

// TestCodeOfAndRemoteErrorIs: each sentinel, wrapped as callers wrap it,
// maps to its code; the error a peer decodes from it matches the sentinel
// (the inverse) and no sentinel of another code.
func TestCodeOfAndRemoteErrorIs(t *testing.T) {
	for _, tt := range sentinelCodes {
		t.Run(tt.err.Error(), func(t *testing.T) {
			err := fmt.Errorf("channel 0x01…: %w: detail", tt.err)
			require.Equal(t, tt.code, wire.CodeOf(err))

			env := wire.ErrorEnvelope(42, err)
			require.Equal(t, uint64(42), env.GetId())
			require.Equal(t, tt.code, env.GetError().GetCode())
			require.Equal(t, err.Error(), env.GetError().GetMessage())

			remote := wire.DecodeError(env.GetError())
			require.ErrorIs(t, remote, tt.err)
			require.Equal(t, tt.code, wire.CodeOf(remote), "a relayed error keeps its code")
			var re *wire.RemoteError
			require.ErrorAs(t, fmt.Errorf("pay: %w", remote), &re)
			require.Equal(t, tt.code, re.Code)
			for _, other := range sentinelCodes {
				if other.code != tt.code {
					require.NotErrorIs(t, remote, other.err)
				}
			}
		})
	}
}

// TestEveryCodeHasASentinel: the table covers every code but UNSPECIFIED
// and INTERNAL, so the session can send each one by returning an error.
func TestEveryCodeHasASentinel(t *testing.T) {
	covered := map[pb.ErrorCode]bool{}
	for _, tt := range sentinelCodes {
		covered[tt.code] = true
	}
	for n, name := range pb.ErrorCode_name {
		code := pb.ErrorCode(n)
		if code == pb.ErrorCode_ERROR_CODE_UNSPECIFIED || code == pb.ErrorCode_ERROR_CODE_INTERNAL {
			continue
		}
		require.True(t, covered[code], "no sentinel for %s", name)
	}
}

func TestCodeOfOthers(t *testing.T) {
	require.Equal(t, pb.ErrorCode_ERROR_CODE_UNSPECIFIED, wire.CodeOf(nil))
	for _, err := range []error{errors.New("badger: disk full /var/lib/meshpay"), context.DeadlineExceeded, engine.ErrClosed, engine.ErrChannelFailed} {
		require.Equal(t, pb.ErrorCode_ERROR_CODE_INTERNAL, wire.CodeOf(err), "%v", err)
		env := wire.ErrorEnvelope(1, err)
		require.Equal(t, "internal error", env.GetError().GetMessage(), "internal details stay home")
	}
	// The first sentinel in the table wins when an error wraps several.
	both := fmt.Errorf("%w: %w", engine.ErrUnacknowledged, &wire.RemoteError{Code: pb.ErrorCode_ERROR_CODE_OVERSPEND})
	require.Equal(t, pb.ErrorCode_ERROR_CODE_OVERSPEND, wire.CodeOf(both))
}

// TestRemoteErrorUnknownCode: a code from a later version matches nothing
// and reads as its number.
func TestRemoteErrorUnknownCode(t *testing.T) {
	remote := wire.DecodeError(&pb.Error{Code: 999, Message: "new"})
	require.Equal(t, pb.ErrorCode(999), remote.Code)
	require.Equal(t, "wire: peer error 999: new", remote.Error())
	for _, tt := range sentinelCodes {
		require.NotErrorIs(t, remote, tt.err)
	}
	require.Equal(t, pb.ErrorCode_ERROR_CODE_INTERNAL, wire.CodeOf(remote))
	require.Equal(t, "wire: peer error unspecified", wire.DecodeError(nil).Error())
}

// TestErrorMessageBounded: sent and received messages are valid UTF-8 of
// at most MaxErrorMessageLen bytes, cut between runes.
func TestErrorMessageBounded(t *testing.T) {
	for _, msg := range []string{
		strings.Repeat("€", 200),            // 600 bytes, 3-byte runes
		strings.Repeat("a", 255) + "€ tail", // a rune across the limit
		"bad \xff\xfe utf8 " + strings.Repeat("\xff", 300),
		"short",
	} {
		err := fmt.Errorf("%w: %s", channels.ErrOverspend, msg)
		env := wire.ErrorEnvelope(1, err)
		got := env.GetError().GetMessage()
		require.LessOrEqual(t, len(got), wire.MaxErrorMessageLen)
		require.True(t, utf8.ValidString(got), "%q", got)
		require.True(t, strings.HasPrefix(got, "channels: overspend: "))
		_, merr := proto.Marshal(env)
		require.NoError(t, merr, "the envelope marshals")

		remote := wire.DecodeError(&pb.Error{Code: pb.ErrorCode_ERROR_CODE_OVERSPEND, Message: strings.Repeat(msg, 10)})
		require.LessOrEqual(t, len(remote.Message), wire.MaxErrorMessageLen)
		require.True(t, utf8.ValidString(remote.Message))
	}
}
