package harness

import (
	"context"
	"errors"
	"fmt"
	"math/big"
	"sync"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/ethclient"
	"github.com/ethereum/go-ethereum/params"

	"github.com/meshpay/meshpay/devnet"
)

// devnetMineTimeout bounds the wait for one batch of receipts or a time
// adjustment: the devnet seals a block every period, so a longer wait means
// it is stuck.
const devnetMineTimeout = time.Minute

// devnetFaucetBalance is the faucet's genesis balance: enough to give
// InitialBalance to a million accounts, so that many Envs (and -count=N)
// never drain it.
var devnetFaucetBalance = new(big.Int).Mul(big.NewInt(1_000_000), InitialBalance)

// Devnet is an embedded devnet (package devnet) reached over JSON-RPC on
// HTTP, shared by many Envs: each NewEnv funds its own accounts from the
// faucet and deploys its own contracts, so Envs do not see each other's
// state. They do share the chain's clock: AdvanceTime on one Env moves
// time for all of them.
type Devnet struct {
	node    *devnet.Devnet
	client  *ethclient.Client
	chainID *big.Int
	faucet  Account

	mu sync.Mutex // serialises the faucet's transactions (nonces)
}

// StartDevnet starts an in-memory devnet sealing a block every blockPeriod
// on a free local port and dials it over HTTP. ctx bounds the start-up only.
//
// Every transaction waits for the next block, so a short period makes a
// run of sequential transactions fast, while every block, empty or not,
// costs the node CPU time.
func StartDevnet(ctx context.Context, blockPeriod time.Duration) (*Devnet, error) {
	key, err := devnet.FaucetKey()
	if err != nil {
		return nil, err
	}
	node, err := devnet.Start(ctx, devnet.Config{
		BlockPeriod:   blockPeriod,
		Devices:       1, // the devnet's own devices are not used
		FaucetBalance: devnetFaucetBalance,
	})
	if err != nil {
		return nil, fmt.Errorf("harness: start devnet: %w", err)
	}
	// Real JSON-RPC over HTTP, not node.Client(), which is in-process.
	client, err := ethclient.DialContext(ctx, node.HTTPURL())
	if err != nil {
		return nil, errors.Join(fmt.Errorf("harness: dial devnet: %w", err), node.Close())
	}
	chainID, err := client.ChainID(ctx)
	if err != nil {
		client.Close()
		return nil, errors.Join(fmt.Errorf("harness: devnet chain id: %w", err), node.Close())
	}
	return &Devnet{
		node:    node,
		client:  client,
		chainID: chainID,
		faucet:  Account{Key: key, Address: crypto.PubkeyToAddress(key.PublicKey)},
	}, nil
}

// Close stops the devnet.
func (d *Devnet) Close() error {
	d.client.Close()
	return d.node.Close()
}

// NewEnv gives each account InitialBalance from the faucet and deploys the
// contracts from the first account. The accounts should be new to the
// devnet (see NewAccounts): an account used before keeps its balance and
// adds InitialBalance to it. Closing the Env leaves the devnet running.
func (d *Devnet) NewEnv(ctx context.Context, accounts []Account, cfg Config) (*Env, error) {
	if len(accounts) == 0 {
		return nil, errors.New("harness: need at least one account to deploy with")
	}
	chain := &devnetChain{d: d}
	txs, err := d.fund(ctx, accounts)
	if err != nil {
		return nil, err
	}
	receipts, err := chain.Mine(ctx, txs...)
	if err != nil {
		return nil, fmt.Errorf("harness: fund accounts: %w", err)
	}
	for i, r := range receipts {
		if r.Status != types.ReceiptStatusSuccessful {
			return nil, fmt.Errorf("harness: fund %s: tx %s: %w", accounts[i].Address, txs[i].Hash(), ErrReverted)
		}
	}
	return newEnv(ctx, chain, accounts[0], cfg)
}

// fund sends InitialBalance from the faucet to each account, one
// transaction each, without waiting for them to be mined.
func (d *Devnet) fund(ctx context.Context, accounts []Account) ([]*types.Transaction, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	nonce, err := d.client.PendingNonceAt(ctx, d.faucet.Address)
	if err != nil {
		return nil, fmt.Errorf("harness: faucet nonce: %w", err)
	}
	head, err := d.client.HeaderByNumber(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("harness: latest header: %w", err)
	}
	tip := big.NewInt(params.GWei)
	feeCap := new(big.Int).Add(new(big.Int).Mul(head.BaseFee, big.NewInt(2)), tip)
	signer := types.LatestSignerForChainID(d.chainID)
	txs := make([]*types.Transaction, len(accounts))
	for i, a := range accounts {
		tx, err := types.SignNewTx(d.faucet.Key, signer, &types.DynamicFeeTx{
			ChainID:   d.chainID,
			Nonce:     nonce + uint64(i),
			GasTipCap: tip,
			GasFeeCap: feeCap,
			Gas:       params.TxGas,
			To:        &a.Address,
			Value:     new(big.Int).Set(InitialBalance),
		})
		if err != nil {
			return nil, fmt.Errorf("harness: sign funding of %s: %w", a.Address, err)
		}
		if err := d.client.SendTransaction(ctx, tx); err != nil {
			return nil, fmt.Errorf("harness: fund %s: %w", a.Address, err)
		}
		txs[i] = tx
	}
	return txs, nil
}

// devnetChain is one Env's view of a shared Devnet.
type devnetChain struct {
	d *Devnet
}

var _ Chain = (*devnetChain)(nil)

func (c *devnetChain) Client() Client { return c.d.client }

// Mine waits for the devnet's producer to seal txs, and then for the node
// to show their effects everywhere, which in go-ethereum happens in steps:
// a new head block's receipts are stored a moment before the block becomes
// the latest, and the transaction pool takes mined transactions out, and
// updates the balances it checks new transactions against, in a reset of
// its own after that. Until then a call or gas estimate may miss the
// transactions' effects, and the pool refuses to let an account spend
// what it was just sent.
func (c *devnetChain) Mine(ctx context.Context, txs ...*types.Transaction) ([]*types.Receipt, error) {
	ctx, cancel := context.WithTimeout(ctx, devnetMineTimeout)
	defer cancel()
	receipts := make([]*types.Receipt, len(txs))
	var last uint64
	for i, tx := range txs {
		receipt, err := devnet.WaitMined(ctx, c.d.client, tx.Hash())
		// A reverted transaction is mined too: the Env reads its status.
		if err != nil && !(errors.Is(err, devnet.ErrTxFailed) && receipt != nil) {
			return nil, err
		}
		receipts[i] = receipt
		last = max(last, receipt.BlockNumber.Uint64())
	}
	err := poll(ctx, func() (bool, error) {
		head, err := c.d.client.BlockNumber(ctx)
		return err == nil && head >= last, err
	})
	if err != nil {
		return nil, fmt.Errorf("wait for block %d to be the head: %w", last, err)
	}
	if err := poll(ctx, func() (bool, error) { return c.outOfPool(ctx, txs) }); err != nil {
		return nil, fmt.Errorf("wait for the transaction pool to drop mined transactions: %w", err)
	}
	return receipts, nil
}

// outOfPool reports whether the pool lists none of txs any more.
func (c *devnetChain) outOfPool(ctx context.Context, txs []*types.Transaction) (bool, error) {
	signer := types.LatestSignerForChainID(c.d.chainID)
	mined := make(map[common.Address]map[common.Hash]bool)
	for _, tx := range txs {
		from, err := types.Sender(signer, tx)
		if err != nil {
			return false, fmt.Errorf("sender of %s: %w", tx.Hash(), err)
		}
		if mined[from] == nil {
			mined[from] = make(map[common.Hash]bool)
		}
		mined[from][tx.Hash()] = true
	}
	for from, hashes := range mined {
		// txpool_contentFrom: {"pending": {nonce: tx}, "queued": {nonce: tx}}
		var content map[string]map[string]struct {
			Hash common.Hash `json:"hash"`
		}
		if err := c.d.client.Client().CallContext(ctx, &content, "txpool_contentFrom", from); err != nil {
			return false, fmt.Errorf("txpool_contentFrom %s: %w", from, err)
		}
		for _, byNonce := range content {
			for _, tx := range byNonce {
				if hashes[tx.Hash] {
					return false, nil
				}
			}
		}
	}
	return true, nil
}

// poll calls done until it reports true or ctx ends; the error of its last
// call comes with ctx's.
func poll(ctx context.Context, done func() (bool, error)) error {
	for {
		ok, err := done()
		if ok {
			return nil
		}
		select {
		case <-ctx.Done():
			return errors.Join(err, ctx.Err())
		case <-time.After(2 * time.Millisecond):
		}
	}
}

// AdvanceTime seals an empty block d after the head. The devnet refuses
// while its pool lists a transaction as pending, which happens for a moment
// after a transaction was mined (the pool resets in the background), so it
// retries for a while.
func (c *devnetChain) AdvanceTime(ctx context.Context, d time.Duration) error {
	ctx, cancel := context.WithTimeout(ctx, devnetMineTimeout)
	defer cancel()
	for {
		err := c.d.node.AdjustTime(d)
		if err == nil || errors.Is(err, devnet.ErrClosed) {
			return err
		}
		select {
		case <-ctx.Done():
			return errors.Join(err, ctx.Err())
		case <-time.After(5 * time.Millisecond):
		}
	}
}

// Close leaves the shared devnet running; Devnet.Close stops it.
func (c *devnetChain) Close() error { return nil }
