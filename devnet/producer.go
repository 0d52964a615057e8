package devnet

import (
	"sync"
	"time"

	"github.com/ethereum/go-ethereum/eth/catalyst"
	"github.com/ethereum/go-ethereum/node"
)

// producer is the node.Lifecycle that seals blocks.
//
// catalyst.SimulatedBeacon only knows periods in whole seconds, and with
// period 0 it seals on every new transaction from a goroutine of its own. So
// for a fixed period the beacon is created with a non-zero period (which
// disables its per-transaction loop), its own Start is never called, and the
// producer calls Commit on a ticker instead; every seal goes through mu, which
// is what makes AdjustTime safe. For PerTx the beacon runs as geth's
// --dev.period 0 does and the producer only forwards Stop.
type producer struct {
	sim    *catalyst.SimulatedBeacon
	period time.Duration // 0 for PerTx

	mu   sync.Mutex // serialises sealing
	stop chan struct{}
	done chan struct{}
}

var _ node.Lifecycle = (*producer)(nil)

func newProducer(sim *catalyst.SimulatedBeacon, period time.Duration) *producer {
	return &producer{
		sim:    sim,
		period: period,
		stop:   make(chan struct{}),
		done:   make(chan struct{}),
	}
}

// Start implements node.Lifecycle.
func (p *producer) Start() error {
	if p.period == 0 {
		close(p.done)
		return p.sim.Start()
	}
	go p.loop()
	return nil
}

// Stop implements node.Lifecycle. The node stops lifecycles in reverse
// registration order, so this runs before the Ethereum service stops.
func (p *producer) Stop() error {
	close(p.stop)
	<-p.done
	return p.sim.Stop()
}

func (p *producer) loop() {
	defer close(p.done)
	ticker := time.NewTicker(p.period)
	defer ticker.Stop()
	for {
		select {
		case <-p.stop:
			return
		case <-ticker.C:
			p.mu.Lock()
			p.sim.Commit() // logs its own failures to go-ethereum's logger
			p.mu.Unlock()
		}
	}
}

// adjustTime seals an empty block whose timestamp is the head's plus d.
func (p *producer) adjustTime(d time.Duration) error {
	if p.period == 0 {
		return ErrPerTxAdjustTime
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.sim.AdjustTime(d)
}
