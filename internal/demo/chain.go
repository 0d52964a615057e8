package demo

import (
	"context"
	"fmt"
	"math/big"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/ethclient"
)

// Tx is a mined transaction of one account and what its gas cost.
type Tx struct {
	Hash  common.Hash `json:"hash"`
	Block uint64      `json:"block"`
	// Op names what the transaction did ("open", "withdraw", ...); empty
	// when read from the chain.
	Op string `json:"op,omitempty"`
	// GasCost is gas used times the effective gas price, in wei.
	GasCost *big.Int `json:"gas_cost"`
}

// TxsFrom returns the transactions sent by from in blocks first to last,
// in chain order, with their gas cost from the receipts.
func TxsFrom(ctx context.Context, c *ethclient.Client, from common.Address, first, last uint64) ([]Tx, error) {
	txs, err := TxsOf(ctx, c, []common.Address{from}, first, last)
	if err != nil {
		return nil, err
	}
	return txs[from], nil
}

// TxsOf is TxsFrom for several accounts at once, reading each block once.
func TxsOf(ctx context.Context, c *ethclient.Client, froms []common.Address, first, last uint64) (map[common.Address][]Tx, error) {
	out := make(map[common.Address][]Tx, len(froms))
	want := make(map[common.Address]bool, len(froms))
	for _, a := range froms {
		want[a] = true
	}
	chainID, err := c.ChainID(ctx)
	if err != nil {
		return nil, fmt.Errorf("demo: chain id: %w", err)
	}
	signer := types.LatestSignerForChainID(chainID)
	for n := first; n <= last; n++ {
		b, err := c.BlockByNumber(ctx, new(big.Int).SetUint64(n))
		if err != nil {
			return nil, fmt.Errorf("demo: block %d: %w", n, err)
		}
		for _, tx := range b.Transactions() {
			sender, err := types.Sender(signer, tx)
			if err != nil || !want[sender] {
				continue
			}
			r, err := c.TransactionReceipt(ctx, tx.Hash())
			if err != nil {
				return nil, fmt.Errorf("demo: receipt of %s: %w", tx.Hash(), err)
			}
			out[sender] = append(out[sender], Tx{Hash: tx.Hash(), Block: n, GasCost: gasCost(r)})
		}
	}
	return out, nil
}

// gasCost is what a receipt's transaction paid for gas, blob gas included.
func gasCost(r *types.Receipt) *big.Int {
	cost := new(big.Int).SetUint64(r.GasUsed)
	if r.EffectiveGasPrice != nil {
		cost.Mul(cost, r.EffectiveGasPrice)
	}
	if r.BlobGasPrice != nil && r.BlobGasUsed > 0 {
		cost.Add(cost, new(big.Int).Mul(new(big.Int).SetUint64(r.BlobGasUsed), r.BlobGasPrice))
	}
	return cost
}

// SumGas adds up the gas cost of txs.
func SumGas(txs []Tx) *big.Int {
	sum := new(big.Int)
	for _, t := range txs {
		if t.GasCost != nil {
			sum.Add(sum, t.GasCost)
		}
	}
	return sum
}
