package devnet

import (
	"fmt"
	"sync"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core"
	"github.com/ethereum/go-ethereum/core/txpool"
	"github.com/ethereum/go-ethereum/eth/catalyst"
	"github.com/ethereum/go-ethereum/node"
)

// reinjectTimeout bounds the wait for the transaction pool to take back the
// transactions of the blocks a reorg replaces.
const reinjectTimeout = 10 * time.Second

// producer is the node.Lifecycle that seals blocks.
//
// catalyst.SimulatedBeacon only knows periods in whole seconds, and with
// period 0 it seals on every new transaction from a goroutine of its own. So
// for a fixed period the beacon is created with a non-zero period (which
// disables its per-transaction loop), its own Start is never called, and the
// producer calls Commit on a ticker instead; every seal goes through mu, which
// is what makes AdjustTime, SealBlock, PauseBlocks and Reorg safe. For PerTx
// the beacon runs as geth's --dev.period 0 does, the producer only forwards
// Stop, and none of those can work.
type producer struct {
	sim    *catalyst.SimulatedBeacon
	chain  *core.BlockChain
	pool   *txpool.TxPool
	period time.Duration // 0 for PerTx

	mu     sync.Mutex // serialises sealing
	paused bool       // the ticker seals nothing; guarded by mu
	stop   chan struct{}
	done   chan struct{}
}

var _ node.Lifecycle = (*producer)(nil)

func newProducer(sim *catalyst.SimulatedBeacon, chain *core.BlockChain, pool *txpool.TxPool, period time.Duration) *producer {
	return &producer{
		sim:    sim,
		chain:  chain,
		pool:   pool,
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
			if !p.paused {
				p.sim.Commit() // logs its own failures to go-ethereum's logger
			}
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

// setPaused stops or restarts the ticker's sealing.
func (p *producer) setPaused(paused bool) error {
	if p.period == 0 {
		return ErrPerTxControl
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.paused = paused
	return nil
}

// sealBlock seals one block with the pending transactions now.
func (p *producer) sealBlock() (uint64, error) {
	if p.period == 0 {
		return 0, ErrPerTxControl
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	want := p.chain.CurrentBlock().Number.Uint64() + 1
	return want, p.commit(want)
}

// commit seals a block and checks that it became head number want:
// SimulatedBeacon.Commit only logs its failures.
func (p *producer) commit(want uint64) error {
	p.sim.Commit()
	if got := p.chain.CurrentBlock().Number.Uint64(); got != want {
		return fmt.Errorf("sealing block %d failed (head is %d; go-ethereum's log has the cause)", want, got)
	}
	return nil
}

// reorg replaces the last depth blocks with depth+1 new ones (see
// Devnet.Reorg).
func (p *producer) reorg(depth int, dropTxs bool) error {
	if p.period == 0 {
		return ErrPerTxControl
	}
	if depth < 1 || depth > MaxReorgDepth {
		return fmt.Errorf("%w: %d not in [1, %d]", ErrReorgDepth, depth, MaxReorgDepth)
	}
	p.mu.Lock()
	defer p.mu.Unlock()

	// The pool must be empty: the new blocks are to hold the replaced
	// blocks' transactions (or none), not whatever else is waiting.
	if err := p.pool.Sync(); err != nil {
		return fmt.Errorf("sync transaction pool: %w", err)
	}
	if pending, _ := p.pool.Stats(); pending != 0 {
		return fmt.Errorf("%w: %d", ErrTxsPending, pending)
	}
	head := p.chain.CurrentBlock().Number.Uint64()
	if uint64(depth) > head {
		return fmt.Errorf("%w: %d exceeds the head %d (the genesis block stays)", ErrReorgDepth, depth, head)
	}
	forkPoint := head - uint64(depth)
	var replaced []common.Hash // transactions of the replaced blocks
	for n := forkPoint + 1; n <= head; n++ {
		b := p.chain.GetBlockByNumber(n)
		if b == nil {
			return fmt.Errorf("block %d of the chain to replace not found", n)
		}
		for _, tx := range b.Transactions() {
			replaced = append(replaced, tx.Hash())
		}
	}

	// Fork makes the fork point the head. The pool then takes the replaced
	// blocks' transactions back, in a reset that runs on its own goroutine.
	if err := p.sim.Fork(p.chain.GetCanonicalHash(forkPoint)); err != nil {
		return fmt.Errorf("fork at block %d: %w", forkPoint, err)
	}
	if err := p.awaitReinjected(replaced); err != nil {
		return err
	}
	if dropTxs {
		p.sim.Rollback() // clears the pool
		for _, h := range replaced {
			if p.pool.Has(h) {
				return fmt.Errorf("transaction %s of a replaced block is still pending", h)
			}
		}
	}
	// The beacon stamps each block at least one second after the last one
	// it sealed, which was the old head: every new block is later than the
	// block it replaces, so its hash differs even when its content does not.
	for i := range uint64(depth) + 1 {
		if err := p.commit(forkPoint + 1 + i); err != nil {
			return err
		}
	}
	return nil
}

// awaitReinjected waits until every transaction in txs is back in the pool.
// Sync makes the pool finish a reset; it may return before the reset for
// the new head has even started, so it is repeated until the transactions
// are there.
func (p *producer) awaitReinjected(txs []common.Hash) error {
	deadline := time.Now().Add(reinjectTimeout)
	for {
		if err := p.pool.Sync(); err != nil {
			return fmt.Errorf("sync transaction pool: %w", err)
		}
		missing := 0
		for _, h := range txs {
			if !p.pool.Has(h) {
				missing++
			}
		}
		if missing == 0 {
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("%d of the replaced blocks' %d transactions did not return to the pool within %v",
				missing, len(txs), reinjectTimeout)
		}
		time.Sleep(time.Millisecond)
	}
}
