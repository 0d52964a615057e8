package node_test

import (
	"context"
	"errors"
	"math/big"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/holiman/uint256"
	"github.com/stretchr/testify/require"

	"github.com/meshpay/meshpay/channels"
	"github.com/meshpay/meshpay/channels/engine"
	"github.com/meshpay/meshpay/channels/store"
	"github.com/meshpay/meshpay/node"
)

// TestTwoNodesPayRestartAndSettle is the device story end to end over real
// TCP and the devnet's JSON-RPC: a car opens a channel to a toll gate on
// chain, sends 10,000 payments from many goroutines, the toll gate is
// restarted in the middle, the two resync, and the car settles
// cooperatively; the toll gate's on-chain balance grows by exactly what it
// was paid off chain.
func TestTwoNodesPayRestartAndSettle(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	net := testNet.Get(t)
	car := newDevice(t, net, 0, tcpListen)
	gate := newDevice(t, net, 1, tcpListen)
	car.Connect(ctx, gate)
	gateBefore := balanceOf(t, ctx, net, gate.Addr())

	deposit := uint256.MustFromBig(gwei(1_000_000_000)) // 1 ETH
	ch, err := car.Node.OpenChannel(ctx, node.OpenRequest{Partner: gate.Addr(), Deposit: *deposit, ChallengePeriod: challengePeriod})
	require.NoError(t, err)
	require.Equal(t, channels.PhaseOpen, gate.Channel(ch.ID).Phase, "the gate's watcher added the channel")

	const total, workers = 10_000, 64
	price := uint256.NewInt(1e9) // 1 gwei per pass
	var (
		next, acked, unacked atomic.Int64
		restarted            sync.Once
		wg, restarting       sync.WaitGroup
	)
	errc := make(chan error, workers)
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := next.Add(1)
				if i > total {
					return
				}
				_, err := car.Node.Pay(ctx, ch.ID, price, "pass")
				switch {
				case err == nil:
					if acked.Add(1) == total/3 {
						restarted.Do(func() {
							restarting.Add(1)
							go func() {
								defer restarting.Done()
								gate.Stop()
								gate.Start()
							}()
						})
					}
				case errors.Is(err, engine.ErrUnacknowledged):
					// Signed and stored: the amount is in every later proof,
					// so the gate gets it with the next one or the resync.
					unacked.Add(1)
				default:
					errc <- err
					return
				}
			}
		}()
	}
	wg.Wait()
	restarting.Wait() // before reading gate.Node, which the restart sets
	close(errc)
	for err := range errc {
		require.NoError(t, err)
	}
	t.Logf("payments: %d acknowledged, %d unacknowledged during the restart", acked.Load(), unacked.Load())
	require.EqualValues(t, total, acked.Load()+unacked.Load())
	require.Positive(t, acked.Load())

	// After the restart both sides converge on the car's latest proof,
	// through the resync on reconnect and later proofs.
	want := new(uint256.Int).Mul(price, uint256.NewInt(total))
	carIdx, err := ch.Params.Index(car.Addr())
	require.NoError(t, err)
	carCh := car.Channel(ch.ID)
	require.Equal(t, *want, carCh.Proofs[carIdx].Proof.TransferredAmount)
	require.Eventually(t, func() bool {
		got := gate.Channel(ch.ID).Proofs[carIdx]
		return got == car.Channel(ch.ID).Proofs[carIdx]
	}, 30*time.Second, 50*time.Millisecond, "the gate catches up with the car's latest proof")

	// The gate's payment history adds up to what it holds.
	pays, err := gate.Node.Store().Payments(ctx, ch.ID, 0)
	require.NoError(t, err)
	var sum uint256.Int
	for _, p := range pays {
		require.Equal(t, store.Received, p.Direction)
		sum.Add(&sum, &p.Amount)
	}
	require.Equal(t, *want, sum)

	settled, err := car.Node.CloseChannel(ctx, ch.ID, true)
	require.NoError(t, err)
	require.Equal(t, channels.PhaseSettled, settled.Phase)
	gateAfter := balanceOf(t, ctx, net, gate.Addr())
	require.Equal(t, want.ToBig(), new(big.Int).Sub(gateAfter, gateBefore), "the gate sent no transaction and got exactly what it was paid")
	require.Eventually(t, func() bool { return gate.Channel(ch.ID).Phase == channels.PhaseSettled }, 10*time.Second, 50*time.Millisecond)
}
