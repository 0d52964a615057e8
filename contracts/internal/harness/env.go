package harness

import (
	"context"
	"errors"
	"fmt"
	"math/big"
	"time"

	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/ethclient/simulated"

	"github.com/meshpay/meshpay/contracts/bindings"
	"github.com/meshpay/meshpay/contracts/simchain"
)

// ErrReverted is returned by Send when a mined transaction failed.
var ErrReverted = errors.New("harness: transaction reverted")

// InitialBalance is the ETH every account starts with (1,000,000 ETH).
var InitialBalance = new(big.Int).Mul(big.NewInt(1_000_000), big.NewInt(1e18))

// Config sets the deployed ChannelManager's challenge-period bounds, in seconds.
type Config struct {
	MinChallengePeriod uint64
	MaxChallengePeriod uint64
}

// DefaultConfig allows challenge periods from 1 second to 30 days.
var DefaultConfig = Config{MinChallengePeriod: 1, MaxChallengePeriod: 30 * 24 * 3600}

// Env is a simulated chain at mainnet's current fork with a ChannelManager
// and a TestToken deployed by the first account.
//
// Every call works on an in-process chain with nothing to cancel, so the
// methods use a background context instead of taking one.
type Env struct {
	Backend *simulated.Backend
	Client  simulated.Client
	ChainID *big.Int
	Domain  Domain

	CM      *bindings.ChannelManager // ABI packing and unpacking
	Manager *bind.BoundContract      // the deployed ChannelManager
	TT      *bindings.TestToken
	Token   *bind.BoundContract // the deployed TestToken

	gasSpent map[common.Address]*big.Int
}

// NewEnv funds accounts with InitialBalance each and deploys the contracts.
func NewEnv(accounts []Account, cfg Config) (*Env, error) {
	if len(accounts) == 0 {
		return nil, errors.New("harness: need at least one account to deploy with")
	}
	alloc := types.GenesisAlloc{}
	for _, a := range accounts {
		alloc[a.Address] = types.Account{Balance: new(big.Int).Set(InitialBalance)}
	}
	backend := simchain.NewBackend(alloc)
	client := backend.Client()
	chainID, err := client.ChainID(context.Background())
	if err != nil {
		_ = backend.Close()
		return nil, fmt.Errorf("chain id: %w", err)
	}
	e := &Env{
		Backend:  backend,
		Client:   client,
		ChainID:  chainID,
		CM:       bindings.NewChannelManager(),
		TT:       bindings.NewTestToken(),
		gasSpent: map[common.Address]*big.Int{},
	}
	deployer := accounts[0]
	cmAddr, err := e.Deploy(deployer, func(opts *bind.TransactOpts) (common.Address, *types.Transaction, error) {
		return bindings.DeployChannelManager(opts, client, cfg.MinChallengePeriod, cfg.MaxChallengePeriod)
	})
	if err != nil {
		_ = backend.Close()
		return nil, err
	}
	tokenAddr, err := e.Deploy(deployer, func(opts *bind.TransactOpts) (common.Address, *types.Transaction, error) {
		return bindings.DeployTestToken(opts, client, "meshpay test token", "MPT")
	})
	if err != nil {
		_ = backend.Close()
		return nil, err
	}
	e.Manager = e.CM.Instance(client, cmAddr)
	e.Token = e.TT.Instance(client, tokenAddr)
	e.Domain = Domain{ChainID: chainID, Contract: cmAddr}
	return e, nil
}

// Close stops the simulated chain.
func (e *Env) Close() error { return e.Backend.Close() }

// Opts returns transaction options for from, sending value wei (nil for none).
func (e *Env) Opts(from Account, value *big.Int) *bind.TransactOpts {
	opts := bind.NewKeyedTransactor(from.Key, e.ChainID)
	opts.Context = context.Background()
	opts.Value = value
	return opts
}

// Deploy runs a Deploy* function from the bindings, mines it and returns
// the new contract's address.
func (e *Env) Deploy(from Account, deploy func(*bind.TransactOpts) (common.Address, *types.Transaction, error)) (common.Address, error) {
	addr, tx, err := deploy(e.Opts(from, nil))
	if err != nil {
		return common.Address{}, err
	}
	if _, err := e.mine(from, tx); err != nil {
		return common.Address{}, err
	}
	return addr, nil
}

// Send sends data to contract from an account, mines it and returns the
// receipt. A transaction that would revert fails at gas estimation, and the
// returned error then carries the revert data (see bindings.IsRevert).
func (e *Env) Send(from Account, contract *bind.BoundContract, data []byte, value *big.Int) (*types.Receipt, error) {
	tx, err := bind.Transact(contract, e.Opts(from, value), data)
	if err != nil {
		return nil, fmt.Errorf("send to %s: %w", contract.Address(), err)
	}
	return e.mine(from, tx)
}

func (e *Env) mine(from Account, tx *types.Transaction) (*types.Receipt, error) {
	e.Backend.Commit()
	receipt, err := e.Client.TransactionReceipt(context.Background(), tx.Hash())
	if err != nil {
		return nil, fmt.Errorf("receipt of %s: %w", tx.Hash(), err)
	}
	cost := new(big.Int).Mul(new(big.Int).SetUint64(receipt.GasUsed), receipt.EffectiveGasPrice)
	if spent, ok := e.gasSpent[from.Address]; ok {
		spent.Add(spent, cost)
	} else {
		e.gasSpent[from.Address] = cost
	}
	if receipt.Status != types.ReceiptStatusSuccessful {
		return receipt, fmt.Errorf("tx %s: %w", tx.Hash(), ErrReverted)
	}
	return receipt, nil
}

// GasSpent is the ETH addr has paid in fees for transactions sent through Env.
func (e *Env) GasSpent(addr common.Address) *big.Int {
	if spent, ok := e.gasSpent[addr]; ok {
		return new(big.Int).Set(spent)
	}
	return new(big.Int)
}

// Call runs a read-only call against the latest block and unpacks the result.
func Call[T any](contract *bind.BoundContract, data []byte, unpack func([]byte) (T, error)) (T, error) {
	return bind.Call(contract, &bind.CallOpts{Context: context.Background()}, data, unpack)
}

// Now is the timestamp of the latest block.
func (e *Env) Now() (uint64, error) {
	head, err := e.Client.HeaderByNumber(context.Background(), nil)
	if err != nil {
		return 0, fmt.Errorf("latest header: %w", err)
	}
	return head.Time, nil
}

// EthBalance is addr's ETH balance at the latest block.
func (e *Env) EthBalance(addr common.Address) (*big.Int, error) {
	bal, err := e.Client.BalanceAt(context.Background(), addr, nil)
	if err != nil {
		return nil, fmt.Errorf("balance of %s: %w", addr, err)
	}
	return bal, nil
}

// TokenBalance is addr's TestToken balance.
func (e *Env) TokenBalance(addr common.Address) (*big.Int, error) {
	return Call(e.Token, e.TT.PackBalanceOf(addr), e.TT.UnpackBalanceOf)
}

// Channel reads the ChannelManager's view of a channel.
func (e *Env) Channel(id common.Hash) (bindings.ChannelInfo, error) {
	return Call(e.Manager, e.CM.PackGetChannel(id), e.CM.UnpackGetChannel)
}

// Opened is what a ChannelOpened event says.
type Opened struct {
	ID      common.Hash
	Counter *big.Int
}

// Open opens a channel between a < b from `from`, depositing value wei.
func (e *Env) Open(from Account, a, b, token common.Address, challengePeriod uint64, value *big.Int) (Opened, *types.Receipt, error) {
	receipt, err := e.Send(from, e.Manager, e.CM.PackOpen(a, b, token, challengePeriod), value)
	if err != nil {
		return Opened{}, nil, err
	}
	for _, log := range receipt.Logs {
		if ev, err := e.CM.UnpackChannelOpenedEvent(log); err == nil {
			return Opened{ID: ev.ChannelId, Counter: ev.Counter}, receipt, nil
		}
	}
	return Opened{}, receipt, errors.New("harness: open emitted no ChannelOpened event")
}

// AdvanceTime mines a block d later than the latest one. The simulated
// backend refuses while its pool still lists a transaction as pending, which
// can happen for a moment after that transaction was mined (the pool resets
// in the background): an empty block first makes the pool catch up, and a
// short retry covers the rest.
func (e *Env) AdvanceTime(d time.Duration) error {
	var err error
	for range 200 {
		// Each empty commit lets the pool catch up; extra blocks only move
		// time further forward, which callers accept ("at least d later").
		e.Backend.Commit()
		if err = e.Backend.AdjustTime(d); err == nil {
			return nil
		}
		time.Sleep(10 * time.Millisecond)
	}
	return fmt.Errorf("advance time by %s: %w", d, err)
}
