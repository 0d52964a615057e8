package store_test

import (
	"context"
	"slices"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/meshpay/meshpay/channels/store"
)

// BenchmarkCommitLatency is one durable commit with nothing to group it
// with: the floor of a payment's latency on each side. It reports the
// median and the 99th percentile besides the mean.
func BenchmarkCommitLatency(b *testing.B) {
	s, err := store.Open(b.TempDir())
	require.NoError(b, err)
	defer s.Close()
	ctx := context.Background()
	lat := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for range b.N {
		start := time.Now()
		require.NoError(b, s.Commit(ctx, store.Update{Meta: map[string][]byte{"k": []byte("v")}}))
		lat = append(lat, time.Since(start))
	}
	b.StopTimer()
	slices.Sort(lat)
	b.ReportMetric(float64(lat[len(lat)/2].Microseconds()), "p50-µs")
	b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds()), "p99-µs")
}

// BenchmarkCommitLatencyAtRate is the disk's share of a payment's latency
// as BenchmarkPaymentLatency in node/ sees it: two stores on one disk (the
// payer's and the payee's), each committing a record the size of a channel
// state at a fixed 1,000/s at the same moments. It reports the median and
// 99th percentile of every commit, in milliseconds like the node's.
func BenchmarkCommitLatencyAtRate(b *testing.B) {
	var stores [2]*store.Badger
	for i := range stores {
		s, err := store.Open(b.TempDir())
		require.NoError(b, err)
		defer s.Close()
		stores[i] = s
	}
	ctx := context.Background()
	value := make([]byte, 1200)
	// Start from a quiet disk: what the build and earlier benchmarks left
	// dirty would otherwise be written back during the measurement.
	syscall.Sync()
	lat := make([]time.Duration, 2*b.N)
	var wg sync.WaitGroup
	tick := time.NewTicker(time.Millisecond)
	defer tick.Stop()
	b.ResetTimer()
	for i := range b.N {
		<-tick.C
		for j, s := range stores {
			wg.Add(1)
			go func() {
				defer wg.Done()
				start := time.Now()
				if err := s.Commit(ctx, store.Update{Meta: map[string][]byte{"state": value}}); err != nil {
					b.Error(err)
				}
				lat[2*i+j] = time.Since(start)
			}()
		}
	}
	wg.Wait()
	b.StopTimer()
	slices.Sort(lat)
	ms := func(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
	b.ReportMetric(ms(lat[len(lat)/2]), "p50-ms")
	b.ReportMetric(ms(lat[len(lat)*99/100]), "p99-ms")
	b.ReportMetric(0, "ns/op")
}

// BenchmarkStagedLatency is the payer's share before its proof leaves:
// CommitStaged returns once the record is written, and the sync runs
// while the caller goes on. It reports the median and 99th percentile of
// that wait, one commit at a time.
func BenchmarkStagedLatency(b *testing.B) {
	s, err := store.Open(b.TempDir())
	require.NoError(b, err)
	defer s.Close()
	ctx := context.Background()
	value := make([]byte, 1200)
	lat := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for range b.N {
		start := time.Now()
		durable, err := s.CommitStaged(ctx, store.Update{Meta: map[string][]byte{"state": value}})
		require.NoError(b, err)
		lat = append(lat, time.Since(start))
		require.NoError(b, durable(ctx))
	}
	b.StopTimer()
	slices.Sort(lat)
	b.ReportMetric(float64(lat[len(lat)/2].Microseconds()), "p50-µs")
	b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds()), "p99-µs")
}
