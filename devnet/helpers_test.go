package devnet

import (
	"context"
	"crypto/ecdsa"
	"fmt"
	"log/slog"
	"math/big"
	"os"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/ethclient"
	"github.com/ethereum/go-ethereum/params"
	"github.com/stretchr/testify/require"
)

// testPeriod is the block period of the tests' devnets.
const testPeriod = 200 * time.Millisecond

// TestMain fails the package if goroutines of the node outlive the tests:
// every test closes its devnets, so nothing of go-ethereum may be left.
func TestMain(m *testing.M) {
	code := m.Run()
	if code == 0 {
		if leaked := leakedGoroutines(5 * time.Second); leaked != "" {
			fmt.Fprintf(os.Stderr, "goroutines leaked after Close:\n%s\n", leaked)
			code = 1
		}
	}
	os.Exit(code)
}

// leakedGoroutines waits up to timeout for the goroutines that belong to a
// devnet to end and returns the stacks of those that did not.
func leakedGoroutines(timeout time.Duration) string {
	suspicious := []string{"github.com/ethereum/go-ethereum", "github.com/meshpay/meshpay/devnet.", "cockroachdb/pebble", "syndtr/goleveldb", "net/http."}
	allowed := []string{
		"core.(*txSenderCacher).cache", // process-wide singleton, started once
		"leakedGoroutines",             // this goroutine
	}
	deadline := time.Now().Add(timeout)
	for {
		buf := make([]byte, 1<<22)
		buf = buf[:runtime.Stack(buf, true)]
		var leaked []string
	next:
		for _, g := range strings.Split(string(buf), "\n\n") {
			for _, a := range allowed {
				if strings.Contains(g, a) {
					continue next
				}
			}
			for _, s := range suspicious {
				if strings.Contains(g, s) {
					leaked = append(leaked, g)
					continue next
				}
			}
		}
		if len(leaked) == 0 {
			return ""
		}
		if time.Now().After(deadline) {
			return strings.Join(leaked, "\n\n")
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func testContext(t *testing.T, d time.Duration) context.Context {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), d)
	t.Cleanup(cancel)
	return ctx
}

func testLogger(t *testing.T) *slog.Logger {
	return slog.New(slog.NewTextHandler(t.Output(), &slog.HandlerOptions{Level: slog.LevelInfo}))
}

// startDevnet starts an in-memory devnet with the test period unless cfg
// says otherwise, and closes it at the end of the test.
func startDevnet(t *testing.T, ctx context.Context, cfg Config) *Devnet {
	t.Helper()
	if cfg.BlockPeriod == 0 {
		cfg.BlockPeriod = testPeriod
	}
	if cfg.Logger == nil {
		cfg.Logger = testLogger(t)
	}
	d, err := Start(ctx, cfg)
	require.NoError(t, err)
	t.Cleanup(func() { require.NoError(t, d.Close()) })
	return d
}

func dial(t *testing.T, ctx context.Context, url string) *ethclient.Client {
	t.Helper()
	c, err := ethclient.DialContext(ctx, url)
	require.NoError(t, err)
	t.Cleanup(c.Close)
	return c
}

// sendETH signs and sends a plain transfer from key.
func sendETH(t *testing.T, ctx context.Context, c *ethclient.Client, key *ecdsa.PrivateKey, to common.Address, amount *big.Int) *types.Transaction {
	t.Helper()
	chainID, err := c.ChainID(ctx)
	require.NoError(t, err)
	from := crypto.PubkeyToAddress(key.PublicKey)
	nonce, err := c.PendingNonceAt(ctx, from)
	require.NoError(t, err)
	head, err := c.HeaderByNumber(ctx, nil)
	require.NoError(t, err)
	tip := big.NewInt(params.GWei)
	feeCap := new(big.Int).Add(new(big.Int).Mul(head.BaseFee, big.NewInt(2)), tip)
	tx := types.MustSignNewTx(key, types.LatestSignerForChainID(chainID), &types.DynamicFeeTx{
		ChainID:   chainID,
		Nonce:     nonce,
		GasTipCap: tip,
		GasFeeCap: feeCap,
		Gas:       params.TxGas,
		To:        &to,
		Value:     amount,
	})
	require.NoError(t, c.SendTransaction(ctx, tx))
	return tx
}

// receipt polls for tx's receipt, treating every error as "not mined yet"
// (a fresh chain answers "transaction indexing is in progress").
func receipt(t *testing.T, ctx context.Context, c *ethclient.Client, tx *types.Transaction) *types.Receipt {
	t.Helper()
	for {
		r, err := c.TransactionReceipt(ctx, tx.Hash())
		if err == nil {
			return r
		}
		select {
		case <-ctx.Done():
			require.FailNow(t, "transaction not mined", "tx %s: last error %v", tx.Hash(), err)
		case <-time.After(20 * time.Millisecond):
		}
	}
}

func mustDeviceKey(t *testing.T, i int) *ecdsa.PrivateKey {
	t.Helper()
	k, err := DeviceKey(i)
	require.NoError(t, err)
	return k
}

// tokens returns n whole 18-decimal tokens.
func tokens(n uint64) *big.Int {
	return new(big.Int).Mul(new(big.Int).SetUint64(n), big.NewInt(params.Ether))
}
