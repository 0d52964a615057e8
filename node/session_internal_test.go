package node

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/libp2p/go-libp2p"
	"github.com/libp2p/go-libp2p/core/host"
	"github.com/libp2p/go-libp2p/core/network"
	"github.com/stretchr/testify/require"

	"github.com/meshpay/meshpay/node/wire"
	"github.com/meshpay/meshpay/node/wire/pb"
)

// hostPair returns two connected hosts on loopback, the second serving
// wire.ProtocolID with serve.
func hostPair(t *testing.T, ctx context.Context, serve network.StreamHandler) (us, them host.Host) {
	t.Helper()
	us, err := libp2p.New(libp2p.ListenAddrStrings("/ip4/127.0.0.1/tcp/0"))
	require.NoError(t, err)
	t.Cleanup(func() { _ = us.Close() })
	them, err = libp2p.New(libp2p.ListenAddrStrings("/ip4/127.0.0.1/tcp/0"))
	require.NoError(t, err)
	t.Cleanup(func() { _ = them.Close() })
	them.SetStreamHandler(wire.ProtocolID, serve)
	require.NoError(t, us.Connect(ctx, them.Peerstore().PeerInfo(them.ID())))
	return us, them
}

// TestSessionGivesUpOnSilentPeer: a peer that reads our requests but never
// answers them does not keep the session (and an entry per request) for as
// long as the connection lasts: once more requests than the window holds
// were given up on, the session closes, so a new one replaces it.
func TestSessionGivesUpOnSilentPeer(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	us, silent := hostPair(t, ctx, func(st network.Stream) {
		r := wire.NewReader(st, 1<<20)
		for {
			var env pb.Envelope
			if r.Read(&env) != nil {
				return
			}
		}
	})
	st, err := us.NewStream(ctx, silent.ID(), wire.ProtocolID)
	require.NoError(t, err)

	const window = 2
	s := newSession(silent.ID(), st, window, 5*time.Second)
	go s.readLoop(wire.NewReader(st, 1<<20))
	ask := func() error {
		rctx, stop := context.WithTimeout(ctx, 50*time.Millisecond)
		defer stop()
		_, err := s.request(rctx, &pb.Envelope{Body: &pb.Envelope_SyncRequest{SyncRequest: &pb.SyncRequest{}}})
		return err
	}
	for i := range window + 1 {
		require.ErrorIs(t, ask(), context.DeadlineExceeded, "request %d", i+1)
		require.False(t, s.closed(), "%d given up on: no more than the window", i+1)
	}
	require.ErrorIs(t, ask(), context.DeadlineExceeded)
	require.True(t, s.closed(), "more given up on than the window holds")
	require.ErrorIs(t, ask(), ErrSessionClosed)
}

// TestSessionWriteDeadline: a peer that stops reading our requests fails
// the write that flow control holds up within the write timeout, and the
// session closes, instead of holding every sender behind it for good.
func TestSessionWriteDeadline(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	stop := make(chan struct{})
	defer close(stop)
	us, deaf := hostPair(t, ctx, func(network.Stream) { <-stop })
	st, err := us.NewStream(ctx, deaf.ID(), wire.ProtocolID)
	require.NoError(t, err)
	s := newSession(deaf.ID(), st, 1<<20, 300*time.Millisecond)
	go s.readLoop(wire.NewReader(st, 1<<20))

	// Some 200 KB a request: far more, over all of them, than the flow
	// control windows and socket buffers take.
	big := &pb.SyncRequest{}
	for range 5000 {
		big.Channels = append(big.Channels, &pb.ChannelProofs{ChannelId: make([]byte, 32)})
	}
	failed := make(chan error, 1)
	go func() {
		for {
			// The request's own context never ends: only the write
			// deadline can stop it.
			if _, err := s.send(context.Background(), &pb.Envelope{Body: &pb.Envelope_SyncRequest{SyncRequest: big}}); err != nil {
				failed <- err
				return
			}
		}
	}()
	select {
	case err := <-failed:
		var timeout interface{ Timeout() bool }
		require.True(t, errors.As(err, &timeout) && timeout.Timeout(), "a write timeout: %v", err)
		require.True(t, s.closed())
	case <-time.After(20 * time.Second):
		t.Fatal("a write to a peer that does not read is still waiting")
	}
}
