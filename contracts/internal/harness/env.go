package harness

import (
	"context"
	"errors"
	"fmt"
	"math/big"
	"time"

	ethereum "github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"

	"github.com/meshpay/meshpay/contracts/bindings"
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

// Client is what an Env needs of its chain's RPC client. Both the simulated
// backend's client and an *ethclient.Client dialled over HTTP are one.
type Client interface {
	bind.ContractBackend
	bind.DeployBackend
	ethereum.ChainIDReader
	ethereum.ChainStateReader
}

// Chain is what differs between the chains an Env runs on: how a sent
// transaction gets into a block, how chain time moves, and what closing
// releases. NewSimulatedEnv and (*Devnet).NewEnv provide the two.
type Chain interface {
	// Client is the chain's RPC client.
	Client() Client
	// Mine returns the receipts of txs, in order, once all of them are in
	// blocks, whether they succeeded or not. The simulated chain seals a
	// block at once; the devnet waits for its producer.
	Mine(ctx context.Context, txs ...*types.Transaction) ([]*types.Receipt, error)
	// AdvanceTime seals a block at least d later than the latest one.
	AdvanceTime(ctx context.Context, d time.Duration) error
	// Close releases what the Env holds of the chain.
	Close() error
}

// Env is a chain with a ChannelManager and a TestToken deployed by the first
// of its accounts, each of which started with InitialBalance.
type Env struct {
	chain   Chain
	Client  Client
	ChainID *big.Int
	Domain  Domain

	CM      *bindings.ChannelManager // ABI packing and unpacking
	Manager *bind.BoundContract      // the deployed ChannelManager
	TT      *bindings.TestToken
	Token   *bind.BoundContract // the deployed TestToken

	gasSpent map[common.Address]*big.Int
}

// newEnv deploys a ChannelManager with cfg's bounds and a TestToken from
// deployer, a funded account, in one block. It closes chain on failure.
func newEnv(ctx context.Context, chain Chain, deployer Account, cfg Config) (_ *Env, err error) {
	defer func() {
		if err != nil {
			err = errors.Join(err, chain.Close())
		}
	}()
	client := chain.Client()
	chainID, err := client.ChainID(ctx)
	if err != nil {
		return nil, fmt.Errorf("chain id: %w", err)
	}
	e := &Env{
		chain:    chain,
		Client:   client,
		ChainID:  chainID,
		CM:       bindings.NewChannelManager(),
		TT:       bindings.NewTestToken(),
		gasSpent: map[common.Address]*big.Int{},
	}
	nonce, err := client.PendingNonceAt(ctx, deployer.Address)
	if err != nil {
		return nil, fmt.Errorf("nonce of %s: %w", deployer.Address, err)
	}
	opts := e.Opts(ctx, deployer, nil)
	opts.Nonce = new(big.Int).SetUint64(nonce)
	cmAddr, cmTx, err := bindings.DeployChannelManager(opts, client, cfg.MinChallengePeriod, cfg.MaxChallengePeriod)
	if err != nil {
		return nil, err
	}
	opts.Nonce = new(big.Int).SetUint64(nonce + 1)
	tokenAddr, tokenTx, err := bindings.DeployTestToken(opts, client, "meshpay test token", "MPT")
	if err != nil {
		return nil, err
	}
	if _, err := e.mine(ctx, deployer, cmTx, tokenTx); err != nil {
		return nil, fmt.Errorf("deploy: %w", err)
	}
	e.Manager = e.CM.Instance(client, cmAddr)
	e.Token = e.TT.Instance(client, tokenAddr)
	e.Domain = Domain{ChainID: chainID, Contract: cmAddr}
	return e, nil
}

// Close releases the chain: it stops a simulated one; a shared devnet keeps
// running for its other Envs.
func (e *Env) Close() error { return e.chain.Close() }

// Opts returns transaction options for from, sending value wei (nil for none).
func (e *Env) Opts(ctx context.Context, from Account, value *big.Int) *bind.TransactOpts {
	opts := bind.NewKeyedTransactor(from.Key, e.ChainID)
	opts.Context = ctx
	opts.Value = value
	return opts
}

// Deploy runs a Deploy* function from the bindings, mines it and returns
// the new contract's address.
func (e *Env) Deploy(ctx context.Context, from Account, deploy func(*bind.TransactOpts) (common.Address, *types.Transaction, error)) (common.Address, error) {
	addr, tx, err := deploy(e.Opts(ctx, from, nil))
	if err != nil {
		return common.Address{}, err
	}
	if _, err := e.mine(ctx, from, tx); err != nil {
		return common.Address{}, err
	}
	return addr, nil
}

// Send sends data to contract from an account, mines it and returns the
// receipt. A transaction that would revert fails at gas estimation, and the
// returned error then carries the revert data (see bindings.IsRevert).
func (e *Env) Send(ctx context.Context, from Account, contract *bind.BoundContract, data []byte, value *big.Int) (*types.Receipt, error) {
	tx, err := bind.Transact(contract, e.Opts(ctx, from, value), data)
	if err != nil {
		return nil, fmt.Errorf("send to %s: %w", contract.Address(), err)
	}
	receipts, err := e.mine(ctx, from, tx)
	if len(receipts) == 0 {
		return nil, err
	}
	return receipts[0], err
}

// mine mines txs, all sent by from, and books their fees. It returns every
// receipt, and ErrReverted if any transaction failed.
func (e *Env) mine(ctx context.Context, from Account, txs ...*types.Transaction) ([]*types.Receipt, error) {
	receipts, err := e.chain.Mine(ctx, txs...)
	if err != nil {
		return nil, err
	}
	for i, receipt := range receipts {
		cost := new(big.Int).Mul(new(big.Int).SetUint64(receipt.GasUsed), receipt.EffectiveGasPrice)
		if spent, ok := e.gasSpent[from.Address]; ok {
			spent.Add(spent, cost)
		} else {
			e.gasSpent[from.Address] = cost
		}
		if receipt.Status != types.ReceiptStatusSuccessful {
			err = errors.Join(err, fmt.Errorf("tx %s: %w", txs[i].Hash(), ErrReverted))
		}
	}
	return receipts, err
}

// GasSpent is the ETH addr has paid in fees for transactions sent through Env.
func (e *Env) GasSpent(addr common.Address) *big.Int {
	if spent, ok := e.gasSpent[addr]; ok {
		return new(big.Int).Set(spent)
	}
	return new(big.Int)
}

// Call runs a read-only call against the latest block and unpacks the result.
func Call[T any](ctx context.Context, contract *bind.BoundContract, data []byte, unpack func([]byte) (T, error)) (T, error) {
	return bind.Call(contract, &bind.CallOpts{Context: ctx}, data, unpack)
}

// Now is the timestamp of the latest block.
func (e *Env) Now(ctx context.Context) (uint64, error) {
	head, err := e.Client.HeaderByNumber(ctx, nil)
	if err != nil {
		return 0, fmt.Errorf("latest header: %w", err)
	}
	return head.Time, nil
}

// EthBalance is addr's ETH balance at the latest block.
func (e *Env) EthBalance(ctx context.Context, addr common.Address) (*big.Int, error) {
	bal, err := e.Client.BalanceAt(ctx, addr, nil)
	if err != nil {
		return nil, fmt.Errorf("balance of %s: %w", addr, err)
	}
	return bal, nil
}

// TokenBalance is addr's TestToken balance.
func (e *Env) TokenBalance(ctx context.Context, addr common.Address) (*big.Int, error) {
	return Call(ctx, e.Token, e.TT.PackBalanceOf(addr), e.TT.UnpackBalanceOf)
}

// Channel reads the ChannelManager's view of a channel.
func (e *Env) Channel(ctx context.Context, id common.Hash) (bindings.ChannelInfo, error) {
	return Call(ctx, e.Manager, e.CM.PackGetChannel(id), e.CM.UnpackGetChannel)
}

// Opened is what a ChannelOpened event says.
type Opened struct {
	ID      common.Hash
	Counter *big.Int
}

// Open opens a channel between a < b from `from`, depositing value wei.
func (e *Env) Open(ctx context.Context, from Account, a, b, token common.Address, challengePeriod uint64, value *big.Int) (Opened, *types.Receipt, error) {
	receipt, err := e.Send(ctx, from, e.Manager, e.CM.PackOpen(a, b, token, challengePeriod), value)
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

// AdvanceTime mines a block at least d later than the latest one.
func (e *Env) AdvanceTime(ctx context.Context, d time.Duration) error {
	if err := e.chain.AdvanceTime(ctx, d); err != nil {
		return fmt.Errorf("advance time by %s: %w", d, err)
	}
	return nil
}
