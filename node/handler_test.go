package node_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/meshpay/meshpay/node"
	"github.com/meshpay/meshpay/node/wire/pb"
)

// TestPaymentsCountAfterStreamReset: a payer that sends a burst of
// payments and resets the stream before reading an ack. The payee owes
// answers it can no longer write; the payments behind them were valid and
// are still settled, so each one counts and the payee's hooks hear of
// every item, acked or not.
func TestPaymentsCountAfterStreamReset(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	payee := startWireNode(t, "reset-payee")
	payer := newMallory(t, "reset-payer")
	ch := openChannel(t, 1, 0, 1<<40, payee.Address(), payer.id.Address())
	if ch.Params.Participants[0] == payer.id.Address() {
		ch = openChannel(t, 1, 1<<40, 0, payee.Address(), payer.id.Address())
	}
	require.NoError(t, payee.Engine().AddChannel(ctx, ch))
	pi, err := ch.Params.Index(payer.id.Address())
	require.NoError(t, err)

	var mu sync.Mutex
	heard := map[uint64]string{} // item nonce -> reference
	payee.OnReceived(func(r node.Received) {
		mu.Lock()
		defer mu.Unlock()
		for _, p := range r.Payments {
			heard[p.Nonce] = p.Reference
		}
	})

	// The payer never reads an ack. Once the acks fill the stream's
	// flow-control window the payee's writer blocks, a window of answers
	// queues behind it, and the reader stops. The payer resets then, so
	// the blocked write fails and every queued answer is discarded.
	const n = 8000
	envs := make([]*pb.Envelope, n)
	for i := range envs {
		envs[i] = payment(t, &ch, payer.key, uint64(i+1), uint64(i+1))
	}
	c, hello := payer.dial(ctx, payee, payer.id.Address())
	require.NotNil(t, hello.GetHello())
	go func() {
		for _, env := range envs {
			if c.w.Write(env) != nil {
				return
			}
		}
		_ = c.w.Flush()
	}()
	var answered uint64
	require.Eventually(t, func() bool {
		now := payee.Stats().PaymentsReceived()
		stalled := now > 0 && now == answered
		answered = now
		return stalled
	}, 30*time.Second, 250*time.Millisecond, "the payee's writer blocks")
	require.Less(t, answered, uint64(n), "the acks filled the window before the payments ran out")
	require.NoError(t, c.st.Reset())

	// The reset also throws away what the payee had not read yet: the
	// payments it did read are a prefix, 1..k, and each of them counts.
	// k is what the payee holds; more than it answered before the reset.
	var k uint64
	require.Eventually(t, func() bool {
		got, err := payee.Engine().Channel(ch.ID)
		if err != nil {
			return false
		}
		mu.Lock()
		defer mu.Unlock()
		k = got.Proofs[pi].Proof.Nonce
		return k > answered && uint64(len(heard)) == k && payee.Stats().PaymentsReceived() == k
	}, 20*time.Second, 20*time.Millisecond, "the payee's hooks hear of every payment it accepted")
	got, err := payee.Engine().Channel(ch.ID)
	require.NoError(t, err)
	require.Equal(t, k, got.Proofs[pi].Proof.TransferredAmount.Uint64())
	mu.Lock()
	defer mu.Unlock()
	for i := uint64(1); i <= k; i++ {
		require.Equal(t, "x", heard[i], "item %d", i)
	}
	t.Logf("%d payments answered, %d more settled after the reset without an answer", answered, k-answered)
}
