package node

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/meshpay/meshpay/channels"
	"github.com/meshpay/meshpay/channels/engine"
	"github.com/meshpay/meshpay/node/wire"
	"github.com/meshpay/meshpay/node/wire/pb"
)

// TestLockWithdraws: a channel's withdraw lock is exclusive, a caller
// waiting for it gives up with its context and gives back the locks it
// already took, repeated IDs do not deadlock, and the unlock frees every
// lock taken.
func TestLockWithdraws(t *testing.T) {
	n := &Node{}
	a, b := channels.ChannelID{1}, channels.ChannelID{2}
	free := func(id channels.ChannelID) bool {
		select {
		case n.withdrawLock(id) <- struct{}{}:
			<-n.withdrawLock(id)
			return true
		default:
			return false
		}
	}

	unlockB, err := n.lockWithdraws(context.Background(), []channels.ChannelID{b, b})
	require.NoError(t, err)
	require.False(t, free(b))
	require.True(t, free(a))

	// a is taken first (the order is fixed), then b blocks until ctx ends.
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	_, err = n.lockWithdraws(ctx, []channels.ChannelID{b, a})
	require.ErrorIs(t, err, context.DeadlineExceeded)
	require.True(t, free(a), "a given back")

	// A waiter without a deadline waits for b, and gets both once b is
	// free; its unlock frees both.
	got := make(chan func(), 1)
	go func() {
		unlock, err := n.lockWithdraws(context.Background(), []channels.ChannelID{a, b})
		if err == nil {
			got <- unlock
		}
	}()
	select {
	case <-got:
		t.Fatal("took b while it was held")
	case <-time.After(50 * time.Millisecond):
	}
	unlockB()
	var unlock func()
	select {
	case unlock = <-got:
	case <-time.After(5 * time.Second):
		t.Fatal("still waiting after b was freed")
	}
	require.False(t, free(a))
	require.False(t, free(b))
	unlock()
	require.True(t, free(a))
	require.True(t, free(b))
}

// TestDeclinesWithdraw: only a refusal that proves the partner holds no
// co-signature of the request lets a pending withdraw go; one of the
// moment, or a failure of the partner's own, keeps it pending.
func TestDeclinesWithdraw(t *testing.T) {
	for _, tc := range []struct {
		code             pb.ErrorCode
		withdraw, settle bool
	}{
		{pb.ErrorCode_ERROR_CODE_WITHDRAW_INVALID, false, false}, // also "too large"
		{pb.ErrorCode_ERROR_CODE_WITHDRAW_EXPIRED, true, false},
		{pb.ErrorCode_ERROR_CODE_BALANCE_MISMATCH, false, false}, // the partner may be behind
		{pb.ErrorCode_ERROR_CODE_CHANNEL_NOT_OPEN, true, true},
		{pb.ErrorCode_ERROR_CODE_UNKNOWN_CHANNEL, true, true},
		{pb.ErrorCode_ERROR_CODE_BAD_SIGNATURE, true, true},
		{pb.ErrorCode_ERROR_CODE_RATE_LIMITED, false, false},
		{pb.ErrorCode_ERROR_CODE_INTERNAL, false, false},
		{pb.ErrorCode_ERROR_CODE_REFUSED, false, false},
		{pb.ErrorCode_ERROR_CODE_UNSPECIFIED, false, false},
	} {
		t.Run(tc.code.String(), func(t *testing.T) {
			err := fmt.Errorf("ask: %w", &wire.RemoteError{Code: tc.code})
			require.Equal(t, tc.withdraw, declinesWithdraw(err), "withdraw")
			require.Equal(t, tc.settle, declinesSettle(err), "settle")
		})
	}
}

// TestMarkAsk: what a withdraw request's error tells the engine.
// A request that got no answer is marked nothing (it may be counted); one
// that never left, or was answered with a refusal, settles a first
// request; only a refusal for good settles a repeat. A failure of the
// partner's own may come after it stored its co-signature: nothing.
func TestMarkAsk(t *testing.T) {
	remote := func(c pb.ErrorCode) error { return fmt.Errorf("request: %w", &wire.RemoteError{Code: c}) }
	for _, tc := range []struct {
		name                      string
		err                       error
		notSent, refused, decline bool
	}{
		{name: "no answer", err: fmt.Errorf("%w (%w): %w", ErrPartnerUnavailable, errNoAnswer, context.DeadlineExceeded)},
		{name: "no connection", err: fmt.Errorf("%w: dial", ErrPartnerUnavailable), notSent: true},
		{name: "rate limited", err: remote(pb.ErrorCode_ERROR_CODE_RATE_LIMITED), refused: true},
		{name: "too large", err: remote(pb.ErrorCode_ERROR_CODE_WITHDRAW_INVALID), refused: true},
		{name: "expired", err: remote(pb.ErrorCode_ERROR_CODE_WITHDRAW_EXPIRED), refused: true, decline: true},
		{name: "internal", err: remote(pb.ErrorCode_ERROR_CODE_INTERNAL)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := markAsk(tc.err, declinesWithdraw)
			require.ErrorIs(t, err, tc.err)
			require.Equal(t, tc.notSent, errors.Is(err, engine.ErrNotSent), "not sent")
			require.Equal(t, tc.refused, errors.Is(err, engine.ErrRefused), "refused")
			require.Equal(t, tc.decline, errors.Is(err, engine.ErrDeclined), "declined")
		})
	}
	require.NoError(t, markAsk(nil, declinesWithdraw))
}
