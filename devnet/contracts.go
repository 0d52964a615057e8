package devnet

import (
	"context"
	"fmt"
	"math/big"
	"time"

	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/meshpay/meshpay/contracts/bindings"
)

// The test token DeployContracts deploys.
const (
	TestTokenName   = "Meshpay Test Token"
	TestTokenSymbol = "MTT"
)

// faucetTokenShare is how many devices' worth of tokens the faucet keeps, to
// fund accounts that are not devices later.
const faucetTokenShare = 1000

// DeployContracts is the default Deployer. From the request's key it
// deploys a ChannelManager accepting challenge periods in
// [MinChallengePeriod, MaxChallengePeriod] and a TestToken (TestTokenName,
// TestTokenSymbol, 18 decimals), then mints TokensPerDevice tokens to every
// device and 1000 times that to the deployer. The two deployments share one
// block and the mints the next; it returns once all of them are mined.
func DeployContracts(ctx context.Context, backend Backend, req DeployRequest) (Deployment, error) {
	opts := bind.NewKeyedTransactor(req.Key, req.ChainID)
	opts.Context = ctx
	nonce, err := backend.PendingNonceAt(ctx, opts.From)
	if err != nil {
		return Deployment{}, fmt.Errorf("devnet: nonce of %s: %w", opts.From, err)
	}
	next := func() *big.Int {
		n := new(big.Int).SetUint64(nonce)
		nonce++
		return n
	}

	opts.Nonce = next()
	cm, cmTx, err := bindings.DeployChannelManager(opts, backend,
		seconds(req.MinChallengePeriod), seconds(req.MaxChallengePeriod))
	if err != nil {
		return Deployment{}, err
	}
	opts.Nonce = next()
	token, tokenTx, err := bindings.DeployTestToken(opts, backend, TestTokenName, TestTokenSymbol)
	if err != nil {
		return Deployment{}, err
	}
	receipts, err := WaitAllMined(ctx, backend, cmTx, tokenTx)
	if err != nil {
		return Deployment{}, fmt.Errorf("devnet: deploy: %w", err)
	}
	dep := Deployment{
		ChannelManager: cm,
		Token:          token,
		TokenSymbol:    TestTokenSymbol,
		DeployBlock:    receipts[0].BlockNumber.Uint64(),
	}

	// Mint only now: gas estimation needs the token's code on chain.
	tt := bindings.NewTestToken()
	inst := tt.Instance(backend, token)
	if dep.TokenDecimals, err = bind.Call(inst, &bind.CallOpts{Context: ctx}, tt.PackDecimals(), tt.UnpackDecimals); err != nil {
		return Deployment{}, fmt.Errorf("devnet: token decimals: %w", err)
	}
	unit := new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(dep.TokenDecimals)), nil)
	perDevice := new(big.Int).Mul(new(big.Int).SetUint64(req.TokensPerDevice), unit)
	mints := make([]*types.Transaction, 0, len(req.Devices)+1)
	mint := func(to common.Address, amount *big.Int) error {
		opts.Nonce = next()
		tx, err := bind.Transact(inst, opts, tt.PackMint(to, amount))
		if err != nil {
			return fmt.Errorf("devnet: mint to %s: %w", to, err)
		}
		mints = append(mints, tx)
		return nil
	}
	for _, dev := range req.Devices {
		if err := mint(dev, perDevice); err != nil {
			return Deployment{}, err
		}
	}
	if err := mint(opts.From, new(big.Int).Mul(perDevice, big.NewInt(faucetTokenShare))); err != nil {
		return Deployment{}, err
	}
	if _, err := WaitAllMined(ctx, backend, mints...); err != nil {
		return Deployment{}, fmt.Errorf("devnet: mint: %w", err)
	}
	return dep, nil
}

func seconds(d time.Duration) uint64 { return uint64(d / time.Second) }

// challengeBounds reads the challenge-period bounds of the ChannelManager at
// addr; it fails if addr is not a ChannelManager.
func challengeBounds(ctx context.Context, backend bind.ContractBackend, addr common.Address) (minSec, maxSec uint64, err error) {
	cm := bindings.NewChannelManager()
	inst := cm.Instance(backend, addr)
	opts := &bind.CallOpts{Context: ctx}
	if minSec, err = bind.Call(inst, opts, cm.PackMinChallengePeriod(), cm.UnpackMinChallengePeriod); err != nil {
		return 0, 0, fmt.Errorf("devnet: minChallengePeriod of %s: %w", addr, err)
	}
	if maxSec, err = bind.Call(inst, opts, cm.PackMaxChallengePeriod(), cm.UnpackMaxChallengePeriod); err != nil {
		return 0, 0, fmt.Errorf("devnet: maxChallengePeriod of %s: %w", addr, err)
	}
	return minSec, maxSec, nil
}
