package store_test

import (
	"context"
	"slices"
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
