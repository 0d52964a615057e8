package node_test

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/holiman/uint256"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/meshpay/meshpay/channels"
	"github.com/meshpay/meshpay/channels/engine"
	"github.com/meshpay/meshpay/internal/diskimage"
	"github.com/meshpay/meshpay/node"
)

// TestPaymentAsksForSyncAgain: after an unclean stop a channel pays only
// once a sync reconciled it. When the sync at connect could not (here the
// partner did not know the channel yet), a payment refused for it asks for
// another sync instead of waiting for the next reconnect.
func TestPaymentAsksForSyncAgain(t *testing.T) {
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "payer")
	set := func(c *node.Config) {
		c.DataDir = dir
		c.Limits.RequestTimeout = 2 * time.Second
	}
	payer, stop := startStoppableWireNode(t, "resync-payer", set)
	payee := startWireNode(t, "resync-payee")
	ch := openChannel(t, 1, 1000, 1000, payer.Address(), payee.Address())
	require.NoError(t, payer.Engine().AddChannel(ctx, ch))

	// What an unclean stop leaves: the store's files as they are now,
	// journal included.
	image := filepath.Join(t.TempDir(), "image")
	diskimage.Copy(t, filepath.Join(dir, "channels"), filepath.Join(image, "channels"), nil)
	stop()
	dir = image
	payer, _ = startStoppableWireNode(t, "resync-payer", set)
	_, err := payer.Connect(ctx, payee.Addrs()[0].String())
	require.NoError(t, err)

	_, err = payer.Pay(ctx, ch.ID, uint256.NewInt(1), "before the payee knows the channel")
	require.ErrorIs(t, err, engine.ErrNotReconciled)

	require.NoError(t, payee.Engine().AddChannel(ctx, ch))
	require.Eventually(t, func() bool {
		_, err := payer.Pay(ctx, ch.ID, uint256.NewInt(1), "once a sync reconciled it")
		if err != nil {
			require.ErrorIs(t, err, engine.ErrNotReconciled)
		}
		return err == nil
	}, 20*time.Second, 100*time.Millisecond)
}

// TestPaymentDialsThroughBackoff: a dial that failed while the payee was
// down holds back dials to it for seconds; a payment once it is back must
// not fail on that.
func TestPaymentDialsThroughBackoff(t *testing.T) {
	ctx := context.Background()
	payer := startWireNode(t, "backoff-payer")
	dir := filepath.Join(t.TempDir(), "payee")
	payee, stop := startStoppableWireNode(t, "backoff-payee", func(c *node.Config) { c.DataDir = dir })
	addr := payee.Addrs()[0]
	_, err := payer.Connect(ctx, addr.String())
	require.NoError(t, err)
	ch := addOpenChannel(t, 1, 1000, 0, payer.Engine(), payee.Engine())
	_, err = payer.Pay(ctx, ch.ID, uint256.NewInt(1), "before")
	require.NoError(t, err)

	stop()
	require.Eventually(t, func() bool {
		_, err := payer.Connect(ctx, addr.String())
		return err != nil && strings.Contains(err.Error(), "dial backoff")
	}, 20*time.Second, 50*time.Millisecond, "failed dials put the payee in backoff")

	startWireNode(t, "backoff-payee", func(c *node.Config) {
		c.DataDir = dir
		listen, _, _ := strings.Cut(addr.String(), "/p2p/")
		c.ListenAddrs = []string{listen}
	})
	_, err = payer.Pay(ctx, ch.ID, uint256.NewInt(1), "after")
	require.NoError(t, err)
}

// TestSyncCountsWithdrawWhoseAnswerWasLost: the car co-signs and counts
// the gate's withdraw, and its answer never reaches the gate (here the ask
// returns an error after the car's engine co-signed). The sync when the
// two connect brings the gate the co-signed withdraw over libp2p; the gate
// counts it and both agree on the balances again.
func TestSyncCountsWithdrawWhoseAnswerWasLost(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	car := startWireNode(t, "lost-answer-car")
	gate := startWireNode(t, "lost-answer-gate")
	ch := addOpenChannel(t, 1, 1000, 1000, car.Engine(), gate.Engine())
	gi, err := ch.Params.Index(gate.Address())
	require.NoError(t, err)

	errLost := errors.New("answer lost")
	expiry := uint64(time.Now().Add(time.Hour).Unix())
	_, err = gate.Engine().Withdraw(ctx, ch.ID, uint256.NewInt(300), expiry, func(ctx context.Context, w channels.Withdraw, sig channels.Signature) (channels.Signature, error) {
		if _, err := car.Engine().CoSignWithdraw(ctx, gate.Address(), w, sig); err != nil {
			return channels.Signature{}, err
		}
		return channels.Signature{}, errLost
	})
	require.ErrorIs(t, err, errLost)
	withdrawn := func(n *node.Node) uint64 {
		c, err := n.Engine().Channel(ch.ID)
		require.NoError(t, err)
		return c.Withdrawn[gi].Uint64()
	}
	require.Equal(t, uint64(300), withdrawn(car))
	require.Zero(t, withdrawn(gate))

	_, err = car.Connect(ctx, gate.Addrs()[0].String())
	require.NoError(t, err)
	require.Eventually(t, func() bool {
		c, err := gate.Engine().Channel(ch.ID)
		return err == nil && c.Withdrawn[gi].Uint64() == 300
	}, 10*time.Second, 20*time.Millisecond, "the gate counts its withdraw after the sync")
	// The gate may spend what the car allows it: the 700 left, not 701.
	_, err = gate.Pay(ctx, ch.ID, uint256.NewInt(701), "too much")
	require.ErrorIs(t, err, channels.ErrOverspend)
	_, err = gate.Pay(ctx, ch.ID, uint256.NewInt(700), "all of it")
	require.NoError(t, err)
}

// TestSyncOfManyChannels: a sync of more channels than one frame holds
// (2,000, each with a proof both ways: some 500 KB in one request) goes in
// several requests and succeeds.
func TestSyncOfManyChannels(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	car := startWireNode(t, "many-car")
	gate := startWireNode(t, "many-gate")
	_, err := car.Connect(ctx, gate.Addrs()[0].String())
	require.NoError(t, err)
	const n = 2000
	ids := make([]channels.ChannelID, n)
	for i := range ids {
		ch := addOpenChannel(t, uint64(i+1), 1000, 1000, car.Engine(), gate.Engine())
		ids[i] = ch.ID
	}
	var wg sync.WaitGroup
	for _, id := range ids {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := car.Pay(ctx, id, uint256.NewInt(1), "")
			assert.NoError(t, err)
			_, err = gate.Pay(ctx, id, uint256.NewInt(2), "")
			assert.NoError(t, err)
		}()
	}
	wg.Wait()
	require.NoError(t, car.Sync(ctx, gate.Address()))
	require.NoError(t, gate.Sync(ctx, car.Address()))
}
