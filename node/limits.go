package node

import (
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// peerLimiter bounds one peer's message rate and counts its violations.
type peerLimiter struct {
	rate *rate.Limiter
	// last is when the peer was last looked up (under Node.mu).
	last time.Time

	mu         sync.Mutex
	violations int
}

func newPeerLimiter(perSecond float64, burst int) *peerLimiter {
	return &peerLimiter{rate: rate.NewLimiter(rate.Limit(perSecond), burst)}
}

func (l *peerLimiter) allow() bool { return l.rate.Allow() }

func (l *peerLimiter) violation() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.violations++
	return l.violations
}

// forgive clears the violations, which a ban has answered.
func (l *peerLimiter) forgive() {
	l.mu.Lock()
	l.violations = 0
	l.mu.Unlock()
}
