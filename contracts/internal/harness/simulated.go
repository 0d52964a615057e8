package harness

import (
	"context"
	"errors"
	"fmt"
	"math/big"
	"time"

	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/ethclient/simulated"

	"github.com/meshpay/meshpay/contracts/simchain"
)

// simulatedChain is go-ethereum's simulated backend at mainnet's current
// fork (simchain), owned by one Env: it seals a block whenever asked to.
type simulatedChain struct {
	backend *simulated.Backend
}

var _ Chain = (*simulatedChain)(nil)

// NewSimulatedEnv starts a simulated chain at mainnet's current fork in
// which accounts hold InitialBalance each, and deploys the contracts from
// the first account. Closing the Env stops the chain.
func NewSimulatedEnv(ctx context.Context, accounts []Account, cfg Config) (*Env, error) {
	if len(accounts) == 0 {
		return nil, errors.New("harness: need at least one account to deploy with")
	}
	alloc := types.GenesisAlloc{}
	for _, a := range accounts {
		alloc[a.Address] = types.Account{Balance: new(big.Int).Set(InitialBalance)}
	}
	return newEnv(ctx, &simulatedChain{backend: simchain.NewBackend(alloc)}, accounts[0], cfg)
}

func (c *simulatedChain) Client() Client { return c.backend.Client() }

// simulatedMineAttempts bounds the blocks Mine seals waiting for txs.
const simulatedMineAttempts = 10

// Mine seals a block holding txs. Under load a transaction sent a moment
// ago can still miss the block (the pool promotes new transactions in the
// background), so Mine seals another block until every one is in. A
// receipt that is not there is "not found", or on a chain this fresh
// "transaction indexing is in progress": any error counts as not mined yet.
func (c *simulatedChain) Mine(ctx context.Context, txs ...*types.Transaction) ([]*types.Receipt, error) {
	receipts := make([]*types.Receipt, len(txs))
	var err error
	for range simulatedMineAttempts {
		c.backend.Commit()
		missing := 0
		for i, tx := range txs {
			if receipts[i] != nil {
				continue
			}
			if receipts[i], err = c.backend.Client().TransactionReceipt(ctx, tx.Hash()); err != nil {
				missing++
			}
		}
		if missing == 0 {
			return receipts, nil
		}
		if ctx.Err() != nil {
			break
		}
	}
	return nil, fmt.Errorf("harness: transactions not mined after %d blocks: %w", simulatedMineAttempts, errors.Join(err, ctx.Err()))
}

// AdvanceTime mines a block d later than the latest one. The simulated
// backend refuses while its pool still lists a transaction as pending, which
// can happen for a moment after that transaction was mined (the pool resets
// in the background): an empty block first makes the pool catch up, and a
// short retry covers the rest.
func (c *simulatedChain) AdvanceTime(ctx context.Context, d time.Duration) error {
	var err error
	for range 200 {
		// Each empty commit lets the pool catch up; extra blocks only move
		// time further forward, which callers accept ("at least d later").
		c.backend.Commit()
		if err = c.backend.AdjustTime(d); err == nil {
			return nil
		}
		select {
		case <-ctx.Done():
			return errors.Join(err, ctx.Err())
		case <-time.After(10 * time.Millisecond):
		}
	}
	return err
}

// Close stops the simulated chain.
func (c *simulatedChain) Close() error { return c.backend.Close() }
