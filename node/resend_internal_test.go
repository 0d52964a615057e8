package node

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/meshpay/meshpay/channels"
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
