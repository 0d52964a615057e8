package devnet

import (
	"context"
	"crypto/ecdsa"
	"fmt"
	"math/big"
	"time"

	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
)

// Backend is what a Deployer needs from the chain: go-ethereum's bind v2
// contract and deploy backends (an *ethclient.Client is one).
type Backend interface {
	bind.ContractBackend
	bind.DeployBackend
}

// DeployRequest is what the devnet asks a Deployer to do: deploy the
// contracts from Key and give every device TokensPerDevice whole tokens.
type DeployRequest struct {
	// ChainID signs the transactions (EIP-155).
	ChainID *big.Int
	// Key is the deployer's key (the faucet); it holds plenty of ETH.
	Key *ecdsa.PrivateKey
	// Devices are the accounts to mint test tokens to.
	Devices []common.Address
	// TokensPerDevice is the amount to mint to each device, in whole
	// tokens (multiply by 10^decimals).
	TokensPerDevice uint64
	// MinChallengePeriod and MaxChallengePeriod are the bounds the
	// ChannelManager must enforce (whole seconds).
	MinChallengePeriod, MaxChallengePeriod time.Duration
}

// Deployment is what a Deployer reports.
type Deployment struct {
	// ChannelManager is the ChannelManager's address.
	ChannelManager common.Address
	// Token is the test ERC-20 token's address.
	Token common.Address
	// TokenSymbol and TokenDecimals describe the token.
	TokenSymbol   string
	TokenDecimals uint8
	// DeployBlock is the block holding the first deployment transaction.
	DeployBlock uint64
}

// Deployer deploys the meshpay contracts on a fresh devnet and funds the
// devices with the test token. It must return only once every transaction
// it sent is mined and succeeded. Start calls it once per data dir.
type Deployer func(ctx context.Context, backend Backend, req DeployRequest) (Deployment, error)

// receiptPollInterval is how often WaitMined asks for a receipt.
const receiptPollInterval = 25 * time.Millisecond

// WaitMined polls for the receipt of tx until it is mined or ctx ends, and
// returns ErrTxFailed (wrapped) if the transaction reverted. Any error from
// the backend counts as "not mined yet": a fresh go-ethereum chain answers
// "transaction indexing is in progress" for a while.
func WaitMined(ctx context.Context, b bind.DeployBackend, txHash common.Hash) (*types.Receipt, error) {
	ticker := time.NewTicker(receiptPollInterval)
	defer ticker.Stop()
	for {
		receipt, err := b.TransactionReceipt(ctx, txHash)
		if err == nil && receipt != nil {
			if receipt.Status != types.ReceiptStatusSuccessful {
				return receipt, fmt.Errorf("%w: %s in block %d", ErrTxFailed, txHash, receipt.BlockNumber)
			}
			return receipt, nil
		}
		select {
		case <-ctx.Done():
			return nil, fmt.Errorf("devnet: wait for %s: %w", txHash, ctx.Err())
		case <-ticker.C:
		}
	}
}

// WaitAllMined waits for every transaction and returns their receipts in
// order, stopping at the first failure.
func WaitAllMined(ctx context.Context, b bind.DeployBackend, txs ...*types.Transaction) ([]*types.Receipt, error) {
	receipts := make([]*types.Receipt, len(txs))
	for i, tx := range txs {
		r, err := WaitMined(ctx, b, tx.Hash())
		if err != nil {
			return nil, err
		}
		receipts[i] = r
	}
	return receipts, nil
}
