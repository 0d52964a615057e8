package store

import (
	"context"
	"errors"
	"testing"

	"github.com/holiman/uint256"
	"github.com/stretchr/testify/require"

	"github.com/meshpay/meshpay/channels"
)

func TestScanAndNewestPayments(t *testing.T) {
	ctx := context.Background()
	for name, open := range stores {
		t.Run(name, func(t *testing.T) {
			s := open(t, t.TempDir())
			defer s.Close()
			id, other := channels.ChannelID{1}, channels.ChannelID{2}
			var pays []Payment
			for nonce := uint64(1); nonce <= 300; nonce++ {
				for idx := range uint16(2) {
					pays = append(pays,
						Payment{ChannelID: id, Direction: Received, Nonce: nonce, Index: idx, Amount: *uint256.NewInt(nonce), Reference: "r", UnixNano: int64(nonce)},
						Payment{ChannelID: other, Direction: Received, Nonce: nonce, Index: idx, Amount: *uint256.NewInt(1)})
				}
				if nonce%3 == 0 {
					pays = append(pays, Payment{ChannelID: id, Direction: Sent, Nonce: nonce, Amount: *uint256.NewInt(7)})
				}
			}
			require.NoError(t, s.Commit(ctx, Update{Payments: pays}))

			var sent, received uint64
			var sum uint256.Int
			var last Payment
			require.NoError(t, s.ScanPayments(ctx, id, func(p *Payment) error {
				require.Equal(t, id, p.ChannelID)
				if last.Nonce != 0 && p.Direction == last.Direction {
					require.True(t, p.Nonce > last.Nonce || (p.Nonce == last.Nonce && p.Index > last.Index), "key order")
				}
				if p.Direction == Sent {
					require.Zero(t, received, "sent ones first")
					sent++
				} else {
					received++
				}
				sum.Add(&sum, &p.Amount)
				last = *p
				return nil
			}))
			require.Equal(t, uint64(100), sent)
			require.Equal(t, uint64(600), received)
			require.Equal(t, uint64(100*7+2*300*301/2), sum.Uint64())

			stop := errors.New("stop")
			calls := 0
			err := s.ScanPayments(ctx, id, func(*Payment) error { calls++; return stop })
			require.ErrorIs(t, err, stop)
			require.Equal(t, 1, calls)
			cancelled, cancel := context.WithCancel(ctx)
			cancel()
			require.ErrorIs(t, s.ScanPayments(cancelled, id, func(*Payment) error { return nil }), context.Canceled)

			newest, err := s.NewestPayments(ctx, id, Received, 5)
			require.NoError(t, err)
			require.Len(t, newest, 5)
			for i, want := range []struct {
				nonce uint64
				index uint16
			}{{300, 1}, {300, 0}, {299, 1}, {299, 0}, {298, 1}} {
				require.Equal(t, want.nonce, newest[i].Nonce)
				require.Equal(t, want.index, newest[i].Index)
				require.Equal(t, Received, newest[i].Direction)
			}
			allSent, err := s.NewestPayments(ctx, id, Sent, 0)
			require.NoError(t, err)
			require.Len(t, allSent, 100)
			require.Equal(t, uint64(300), allSent[0].Nonce)
			require.Equal(t, uint64(3), allSent[99].Nonce)
			none, err := s.NewestPayments(ctx, channels.ChannelID{3}, Sent, 10)
			require.NoError(t, err)
			require.Empty(t, none)
		})
	}
}
