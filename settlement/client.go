package settlement

import (
	"context"
	"crypto/ecdsa"
	"errors"
	"fmt"
	"log/slog"
	"math/big"
	"strings"
	"sync"
	"time"

	ethereum "github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/ethclient"

	"github.com/meshpay/meshpay/contracts/bindings"
)

// ClientConfig configures a chain client.
type ClientConfig struct {
	// URL is the JSON-RPC endpoint (http, https, ws or wss).
	URL string
	// ChainID is the chain the node's channels live on; a node refuses an
	// endpoint of another chain.
	ChainID uint64
	// Contract is the ChannelManager address.
	Contract common.Address
	// Key signs transactions; its address is the node's account.
	Key *ecdsa.PrivateKey
	// Confirmations is how many blocks must follow a transaction's block
	// before it counts (0: mined is enough).
	Confirmations uint64
	// PollInterval is how often receipts and heads are polled.
	PollInterval time.Duration
	// TxTimeout bounds the wait for one transaction.
	TxTimeout time.Duration
	// Retries is how often a transient RPC failure is retried.
	Retries int
	Logger  *slog.Logger
}

// Client sends ChannelManager transactions over JSON-RPC.
type Client struct {
	cfg  ClientConfig
	eth  *ethclient.Client
	from common.Address
	cm   *bindings.ChannelManager

	mu    sync.Mutex // serializes nonce use
	nonce uint64
	fresh bool // nonce must be read from the chain
}

// Dial connects and checks that the endpoint is on the expected chain and
// that the contract is deployed there.
func Dial(ctx context.Context, cfg ClientConfig) (*Client, error) {
	if cfg.PollInterval <= 0 {
		cfg.PollInterval = 100 * time.Millisecond
	}
	if cfg.TxTimeout <= 0 {
		cfg.TxTimeout = 2 * time.Minute
	}
	if cfg.Retries <= 0 {
		cfg.Retries = 5
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.Key == nil {
		return nil, fmt.Errorf("dial %s: no key", cfg.URL)
	}
	ec, err := ethclient.DialContext(ctx, cfg.URL)
	if err != nil {
		return nil, fmt.Errorf("dial %s: %w", cfg.URL, err)
	}
	c := &Client{cfg: cfg, eth: ec, from: crypto.PubkeyToAddress(cfg.Key.PublicKey), cm: bindings.NewChannelManager(), fresh: true}
	id, err := ec.ChainID(ctx)
	if err != nil {
		ec.Close()
		return nil, fmt.Errorf("dial %s: chain id: %w", cfg.URL, err)
	}
	if !id.IsUint64() || id.Uint64() != cfg.ChainID {
		ec.Close()
		return nil, fmt.Errorf("dial %s: %w: endpoint is on chain %s, want %d", cfg.URL, ErrWrongChain, id, cfg.ChainID)
	}
	code, err := ec.CodeAt(ctx, cfg.Contract, nil)
	if err != nil {
		ec.Close()
		return nil, fmt.Errorf("dial %s: code at %s: %w", cfg.URL, cfg.Contract, err)
	}
	if len(code) == 0 {
		ec.Close()
		return nil, fmt.Errorf("dial %s: %w: %s", cfg.URL, ErrNoContract, cfg.Contract)
	}
	return c, nil
}

// Close closes the RPC connection.
func (c *Client) Close() { c.eth.Close() }

// Address returns the account that sends transactions.
func (c *Client) Address() common.Address { return c.from }

// Eth returns the underlying RPC client, for reads.
func (c *Client) Eth() *ethclient.Client { return c.eth }

// Contract returns the ChannelManager address.
func (c *Client) Contract() common.Address { return c.cfg.Contract }

// ChainID returns the chain ID.
func (c *Client) ChainID() uint64 { return c.cfg.ChainID }

// Transact sends a call to the ChannelManager with value wei attached and
// waits until it is mined and confirmed. A call the contract would refuse
// fails before anything is sent, with ErrReverted naming its custom error.
//
// RPC failures are retried: while estimating and sending, Retries times
// with a backoff that starts at PollInterval and doubles up to 5 s (with
// the defaults an outage of about 3 s is ridden out); while waiting for the
// receipt, until TxTimeout. A retry sends the same signed transaction, so
// the call is made once even when the node's answer was lost.
func (c *Client) Transact(ctx context.Context, what string, to common.Address, value *big.Int, data []byte) (*types.Receipt, error) {
	ctx, cancel := context.WithTimeout(ctx, c.cfg.TxTimeout)
	defer cancel()
	if value == nil {
		value = new(big.Int)
	}
	msg := ethereum.CallMsg{From: c.from, To: &to, Value: value, Data: data}
	var gas uint64
	err := c.retry(ctx, "estimate gas", func() error {
		var err error
		gas, err = c.eth.EstimateGas(ctx, msg)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, revertError(err))
	}
	gas += gas / 5 // headroom: state may move between estimate and inclusion

	tx, err := c.send(ctx, to, value, data, gas)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	rcpt, err := c.waitMined(ctx, tx.Hash())
	if err != nil {
		return nil, fmt.Errorf("%s: tx %s: %w", what, tx.Hash(), err)
	}
	if rcpt.Status != types.ReceiptStatusSuccessful {
		return rcpt, fmt.Errorf("%s: tx %s: %w", what, tx.Hash(), ErrReverted)
	}
	c.cfg.Logger.Debug("transaction confirmed", "what", what, "tx", tx.Hash(), "gas", rcpt.GasUsed, "block", rcpt.BlockNumber)
	return rcpt, nil
}

// send signs and sends the transaction. A failed attempt sends the same
// signed transaction again, so that a lost answer cannot make two
// transactions of one call: the node answers "already known" while the
// first is pending, and "nonce too low" once it is mined, which is why a
// nonce error is checked against the transaction before the nonce is read
// again and a new one signed.
func (c *Client) send(ctx context.Context, to common.Address, value *big.Int, data []byte, gas uint64) (*types.Transaction, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	var signed *types.Transaction // handed to the node at least once
	err := c.retry(ctx, "send transaction", func() error {
		if signed == nil {
			if c.fresh {
				n, err := c.eth.PendingNonceAt(ctx, c.from)
				if err != nil {
					return err
				}
				c.nonce, c.fresh = n, false
			}
			tip, err := c.eth.SuggestGasTipCap(ctx)
			if err != nil {
				return err
			}
			head, err := c.eth.HeaderByNumber(ctx, nil)
			if err != nil {
				return err
			}
			feeCap := new(big.Int).Add(tip, new(big.Int).Mul(head.BaseFee, big.NewInt(2)))
			tx, err := types.SignNewTx(c.cfg.Key, types.LatestSignerForChainID(new(big.Int).SetUint64(c.cfg.ChainID)), &types.DynamicFeeTx{
				ChainID: new(big.Int).SetUint64(c.cfg.ChainID), Nonce: c.nonce, GasTipCap: tip, GasFeeCap: feeCap,
				Gas: gas, To: &to, Value: value, Data: data,
			})
			if err != nil {
				return permanent{err}
			}
			signed = tx
		}
		err := c.eth.SendTransaction(ctx, signed)
		switch {
		case err == nil || strings.Contains(err.Error(), "already known"):
			c.nonce = signed.Nonce() + 1
			return nil
		case isNonceError(err):
			// An earlier attempt may have reached the node with its answer
			// lost, and been mined since.
			_, _, lerr := c.eth.TransactionByHash(ctx, signed.Hash())
			if lerr == nil {
				c.nonce = signed.Nonce() + 1
				return nil
			}
			if !errors.Is(lerr, ethereum.NotFound) {
				return lerr // cannot tell: ask again
			}
			c.fresh, signed = true, nil // someone else used the nonce: sign anew
			return err
		default:
			return err
		}
	})
	if err != nil {
		return nil, err
	}
	return signed, nil
}

func isNonceError(err error) bool {
	s := err.Error()
	return strings.Contains(s, "nonce too low") || strings.Contains(s, "nonce too high") || strings.Contains(s, "replacement transaction underpriced")
}

// waitMined polls for the receipt, then for the confirmations. A fresh
// node may answer receipt queries with "transaction indexing is in
// progress": any error means "not yet".
func (c *Client) waitMined(ctx context.Context, hash common.Hash) (*types.Receipt, error) {
	t := time.NewTicker(c.cfg.PollInterval)
	defer t.Stop()
	for {
		rcpt, err := c.eth.TransactionReceipt(ctx, hash)
		if err == nil && rcpt != nil {
			if c.cfg.Confirmations == 0 {
				return rcpt, nil
			}
			head, herr := c.eth.BlockNumber(ctx)
			if herr == nil && head >= rcpt.BlockNumber.Uint64()+c.cfg.Confirmations {
				// Re-read: a reorg may have moved or dropped it.
				again, aerr := c.eth.TransactionReceipt(ctx, hash)
				if aerr == nil && again.BlockHash == rcpt.BlockHash {
					return again, nil
				}
			}
		}
		select {
		case <-ctx.Done():
			return nil, fmt.Errorf("%w: %w", ErrTimeout, ctx.Err())
		case <-t.C:
		}
	}
}

// permanent marks an error retry must not repeat.
type permanent struct{ error }

func (p permanent) Unwrap() error { return p.error }

// retry runs f until it succeeds, fails permanently, reverts, or the
// retries run out, backing off between tries.
func (c *Client) retry(ctx context.Context, what string, f func() error) error {
	backoff := c.cfg.PollInterval
	var err error
	for attempt := 0; attempt <= c.cfg.Retries; attempt++ {
		if err = f(); err == nil {
			return nil
		}
		var p permanent
		if errors.As(err, &p) {
			return p.error
		}
		if _, isRevert := bindings.RevertData(err); isRevert || strings.Contains(err.Error(), "execution reverted") || strings.Contains(err.Error(), "insufficient funds") {
			return err
		}
		c.cfg.Logger.Debug("rpc call failed, retrying", "what", what, "attempt", attempt, "err", err)
		select {
		case <-ctx.Done():
			return fmt.Errorf("%s: %w (last error: %v)", what, ctx.Err(), err)
		case <-time.After(backoff):
		}
		backoff = min(2*backoff, 5*time.Second)
	}
	return fmt.Errorf("%s: %d attempts: %w", what, c.cfg.Retries+1, err)
}

// revertError names the contract's custom error in a refused call.
func revertError(err error) error {
	if decoded, ok := bindings.DecodeChannelManagerError(err); ok {
		return fmt.Errorf("%w: %T%+v", ErrReverted, decoded, decoded)
	}
	if _, ok := bindings.RevertData(err); ok || strings.Contains(err.Error(), "execution reverted") {
		return fmt.Errorf("%w: %v", ErrReverted, err)
	}
	return err
}
