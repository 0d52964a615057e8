package engine_test

import (
	"context"
	"sync"
	"testing"

	"github.com/holiman/uint256"
)

// BenchmarkDurablePayments measures end-to-end payments between two
// engines on disk: each payment is its own request with its own amount and
// reference and its own receipt; the payer's proof is synced before it is
// delivered and the payee's before it acknowledges. 256 payers in flight.
func BenchmarkDurablePayments(b *testing.B) {
	ctx := context.Background()
	h := newHarness(b, 1<<62, 0)
	const inFlight = 256
	amount := uint256.NewInt(1)
	work := make(chan struct{}, inFlight)
	var wg sync.WaitGroup
	var failed error
	var once sync.Once
	b.ResetTimer()
	for range inFlight {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range work {
				if _, err := h.alice.eng.Pay(ctx, h.id, amount, "bench"); err != nil {
					once.Do(func() { failed = err })
				}
			}
		}()
	}
	for range b.N {
		work <- struct{}{}
	}
	close(work)
	wg.Wait()
	b.StopTimer()
	if failed != nil {
		b.Fatal(failed)
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "payments/s")
}
