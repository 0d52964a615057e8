package node_test

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/holiman/uint256"
	"github.com/stretchr/testify/require"

	"github.com/meshpay/meshpay/channels"
	"github.com/meshpay/meshpay/node"
)

// benchPair is a payer and a payee on loopback TCP with one open channel;
// the payee persists every proof (group commit, fsync) before it acks.
func benchPair(b *testing.B, listen []string) (*node.Node, *node.Node, channels.ChannelID) {
	b.Helper()
	ctx := context.Background()
	set := func(c *node.Config) { c.ListenAddrs = listen }
	payer := startWireNode(b, fmt.Sprintf("bench-payer-%s", b.Name()), set)
	payee := startWireNode(b, fmt.Sprintf("bench-payee-%s", b.Name()), set)
	_, err := payer.Connect(ctx, payee.Addrs()[0].String())
	require.NoError(b, err)
	ch := addOpenChannel(b, 1, 1<<62, 1<<62, payer.Engine(), payee.Engine())
	_, err = payer.Pay(ctx, ch.ID, uint256.NewInt(1), "warm-up")
	require.NoError(b, err)
	return payer, payee, ch.ID
}

// BenchmarkPaymentsOverLibp2p: many payers in flight on one channel over
// a real libp2p connection; each payment gets its own acknowledgement,
// given only once the payee has the proof carrying it on disk.
func BenchmarkPaymentsOverLibp2p(b *testing.B) {
	for _, tc := range []struct {
		name   string
		listen []string
	}{{"tcp", tcpListen}, {"quic", quicListen}} {
		b.Run(tc.name, func(b *testing.B) {
			payer, payee, id := benchPair(b, tc.listen)
			const inFlight = 512
			ctx := context.Background()
			one := uint256.NewInt(1)
			var next atomic.Int64
			var wg sync.WaitGroup
			b.ResetTimer()
			start := time.Now()
			for range inFlight {
				wg.Add(1)
				go func() {
					defer wg.Done()
					for next.Add(1) <= int64(b.N) {
						if _, err := payer.Pay(ctx, id, one, "bench"); err != nil {
							b.Error(err)
							return
						}
					}
				}()
			}
			wg.Wait()
			elapsed := time.Since(start)
			b.StopTimer()
			b.ReportMetric(float64(b.N)/elapsed.Seconds(), "payments/s")
			ch, err := payee.Engine().Channel(id)
			require.NoError(b, err)
			pi, _ := ch.Params.Index(payer.Address())
			require.Equal(b, uint64(b.N+1), ch.Proofs[pi].Proof.TransferredAmount.Uint64(), "the payee holds every payment")
		})
	}
}

// BenchmarkPaymentLatency sends payments at a fixed 1,000/s, each on its
// own schedule (so a slow one does not hide the ones queued behind it), and
// reports the latency from request to acknowledgement.
func BenchmarkPaymentLatency(b *testing.B) {
	payer, _, id := benchPair(b, latencyListen)
	// Start from a quiet disk: what the build and earlier benchmarks left
	// dirty would otherwise be written back during the measurement.
	syscall.Sync()
	ctx := context.Background()
	one := uint256.NewInt(1)
	lat := make([]time.Duration, b.N)
	var wg sync.WaitGroup
	tick := time.NewTicker(time.Millisecond)
	defer tick.Stop()
	b.ResetTimer()
	for i := range b.N {
		<-tick.C
		wg.Add(1)
		go func() {
			defer wg.Done()
			t0 := time.Now()
			if _, err := payer.Pay(ctx, id, one, "latency"); err != nil {
				b.Error(err)
			}
			lat[i] = time.Since(t0)
		}()
	}
	wg.Wait()
	b.StopTimer()
	slices.Sort(lat)
	pct := func(p float64) float64 { return float64(lat[int(p*float64(len(lat)-1))]) / float64(time.Millisecond) }
	b.ReportMetric(pct(0.50), "p50-ms")
	b.ReportMetric(pct(0.99), "p99-ms")
	b.ReportMetric(0, "ns/op")
}

var latencyListen = tcpListen
