package node

import (
	"sync"

	"golang.org/x/time/rate"
)

// peerLimiter bounds one peer's message rate and counts its violations.
type peerLimiter struct {
	rate *rate.Limiter

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
