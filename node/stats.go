package node

import (
	"strings"
	"sync"
	"sync/atomic"

	"github.com/meshpay/meshpay/node/metrics"
	"github.com/meshpay/meshpay/node/wire/pb"
)

// Stats counts what the node did and refused; the metrics endpoint and
// tests read it.
type Stats struct {
	m         *metrics.Metrics
	nReceived atomic.Uint64

	mu       sync.Mutex
	rejected map[string]uint64
}

func newStats(m *metrics.Metrics) *Stats { return &Stats{m: m, rejected: map[string]uint64{}} }

// ReasonOf names an error code as Stats and the metrics count it: the code
// in lower case without its prefix, e.g. "bad_signature".
func ReasonOf(code pb.ErrorCode) string {
	return strings.ToLower(strings.TrimPrefix(code.String(), "ERROR_CODE_"))
}

func (s *Stats) reject(code pb.ErrorCode) {
	reason := ReasonOf(code)
	s.m.MessageRejected(reason)
	s.mu.Lock()
	s.rejected[reason]++
	s.mu.Unlock()
}

func (s *Stats) received(payments int) { s.nReceived.Add(uint64(payments)) }

// Rejected returns how many messages were refused, by reason (the wire
// error code in lower case, e.g. "bad_signature").
func (s *Stats) Rejected() map[string]uint64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make(map[string]uint64, len(s.rejected))
	for k, v := range s.rejected {
		out[k] = v
	}
	return out
}

// PaymentsReceived counts payments received in acknowledged proofs.
func (s *Stats) PaymentsReceived() uint64 { return s.nReceived.Load() }
