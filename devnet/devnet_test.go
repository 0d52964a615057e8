package devnet

import (
	"context"
	"errors"
	"math/big"
	"os"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/params"
	"github.com/stretchr/testify/require"
)

// TestDevnet drives one in-memory devnet over real JSON-RPC: HTTP and
// WebSocket, blocks on an idle chain, funded devices, deployed contracts and
// a transfer.
func TestDevnet(t *testing.T) {
	ctx := testContext(t, 30*time.Second)
	d := startDevnet(t, ctx, Config{})
	desc := d.Descriptor()

	require.Regexp(t, `^http://127\.0\.0\.1:[1-9][0-9]*$`, d.HTTPURL())
	require.Regexp(t, `^ws://127\.0\.0\.1:[1-9][0-9]*$`, d.WSURL())
	require.Equal(t, d.HTTPURL(), desc.RPCHTTP)
	require.Equal(t, d.WSURL(), desc.RPCWS)
	require.NoError(t, desc.Validate())

	httpc := dial(t, ctx, d.HTTPURL())
	wsc := dial(t, ctx, d.WSURL())

	t.Run("chain id over http and ws", func(t *testing.T) {
		for _, c := range []interface {
			ChainID(context.Context) (*big.Int, error)
		}{httpc, wsc} {
			id, err := c.ChainID(ctx)
			require.NoError(t, err)
			require.EqualValues(t, DefaultChainID, id.Uint64())
		}
		require.EqualValues(t, DefaultChainID, desc.ChainID)
	})

	t.Run("blocks come on their own at the period", func(t *testing.T) {
		heads := make(chan *types.Header, 16)
		sub, err := wsc.SubscribeNewHead(ctx, heads)
		require.NoError(t, err)
		defer sub.Unsubscribe()

		start := time.Now()
		var got []*types.Header
		for len(got) < 4 {
			select {
			case h := <-heads:
				got = append(got, h)
			case err := <-sub.Err():
				require.NoError(t, err)
			case <-time.After(5 * time.Second):
				require.FailNow(t, "no block on an idle chain", "got %d heads", len(got))
			}
		}
		elapsed := time.Since(start)
		for i := 1; i < len(got); i++ {
			require.Equal(t, got[i-1].Number.Uint64()+1, got[i].Number.Uint64())
			require.Greater(t, got[i].Time, got[i-1].Time, "timestamps strictly increase")
		}
		// Four heads take at least three periods after the first.
		require.GreaterOrEqual(t, elapsed, 3*testPeriod-testPeriod/2)
		require.Less(t, elapsed, 4*testPeriod+2*time.Second)
	})

	t.Run("accounts are funded", func(t *testing.T) {
		require.Len(t, desc.Devices, DefaultDevices)
		for i, a := range desc.Devices {
			require.Equal(t, i, a.Index)
			require.Equal(t, crypto.PubkeyToAddress(mustDeviceKey(t, i).PublicKey), a.Address)
			require.Equal(t, keyHex(mustDeviceKey(t, i)), a.PrivateKey)
			require.Empty(t, a.Keystore, "in-memory devnet writes no keystore")
		}
		st, err := StatusOf(ctx, desc)
		require.NoError(t, err)
		require.True(t, st.ChainIDMatches)
		require.True(t, st.ChannelManager.HasCode)
		require.True(t, st.Token.HasCode)
		for _, a := range st.Devices {
			require.GreaterOrEqual(t, a.Balance.Cmp(new(big.Int).Sub(DefaultDeviceBalance(), big.NewInt(params.Ether))), 0, "device %d", a.Index)
			require.Equal(t, tokens(DefaultDeviceTokens), a.TokenBalance, "device %d", a.Index)
		}
		require.Equal(t, new(big.Int).Mul(tokens(DefaultDeviceTokens), big.NewInt(faucetTokenShare)), st.Faucet.TokenBalance)
	})

	t.Run("contracts", func(t *testing.T) {
		require.Equal(t, TestTokenSymbol, desc.TokenSymbol)
		require.EqualValues(t, 18, desc.TokenDecimals)
		require.NotZero(t, desc.DeployBlock)
		require.EqualValues(t, 30, desc.ChallengePeriodSeconds)
		require.EqualValues(t, 1, desc.MinChallengePeriodSeconds)
		require.EqualValues(t, 30*24*3600, desc.MaxChallengePeriodSeconds)
		sym, err := erc20Symbol(ctx, httpc, desc.Token)
		require.NoError(t, err)
		require.Equal(t, TestTokenSymbol, sym)
	})

	t.Run("transfer is mined", func(t *testing.T) {
		from, to := mustDeviceKey(t, 1), mustDeviceKey(t, 2)
		toAddr := crypto.PubkeyToAddress(to.PublicKey)
		before, err := httpc.BalanceAt(ctx, toAddr, nil)
		require.NoError(t, err)
		tx := sendETH(t, ctx, httpc, from, toAddr, big.NewInt(params.Ether))
		r := receipt(t, ctx, httpc, tx)
		require.Equal(t, types.ReceiptStatusSuccessful, r.Status)
		after, err := httpc.BalanceAt(ctx, toAddr, r.BlockNumber)
		require.NoError(t, err)
		require.Equal(t, new(big.Int).Add(before, big.NewInt(params.Ether)), after)
	})

	t.Run("adjust time", func(t *testing.T) {
		require.Eventually(t, func() bool {
			before, err := d.Client().HeaderByNumber(ctx, nil)
			require.NoError(t, err)
			if err := d.AdjustTime(time.Hour); err != nil {
				return false // a transaction was pending; try again
			}
			after, err := d.Client().HeaderByNumber(ctx, nil)
			require.NoError(t, err)
			require.GreaterOrEqual(t, after.Time, before.Time+3600)
			return true
		}, 5*time.Second, 50*time.Millisecond)
	})
}

// TestPerTx checks that a PerTx devnet stays idle without transactions and
// seals a block as soon as one arrives.
func TestPerTx(t *testing.T) {
	ctx := testContext(t, 20*time.Second)
	d := startDevnet(t, ctx, Config{BlockPeriod: PerTx, Devices: 2})
	require.Zero(t, d.Descriptor().BlockPeriodMillis)
	c := dial(t, ctx, d.HTTPURL())

	// go-ethereum's on-demand sealer may seal one trailing empty block after
	// the burst of deployment transactions (a commit signal queued while the
	// previous commit already took the transactions), so wait until the head
	// settles before checking that the chain stays idle.
	var head uint64
	require.Eventually(t, func() bool {
		before, err := c.BlockNumber(ctx)
		require.NoError(t, err)
		time.Sleep(testPeriod)
		after, err := c.BlockNumber(ctx)
		require.NoError(t, err)
		head = after
		return before == after
	}, 10*time.Second, time.Millisecond)
	time.Sleep(3 * testPeriod)
	idle, err := c.BlockNumber(ctx)
	require.NoError(t, err)
	require.Equal(t, head, idle, "no block without transactions")

	tx := sendETH(t, ctx, c, mustDeviceKey(t, 0), crypto.PubkeyToAddress(mustDeviceKey(t, 1).PublicKey), big.NewInt(1))
	r := receipt(t, ctx, c, tx)
	require.Equal(t, head+1, r.BlockNumber.Uint64())
	require.ErrorIs(t, d.AdjustTime(time.Hour), ErrPerTxAdjustTime)
	require.ErrorIs(t, d.Reorg(1, false), ErrPerTxControl)
	require.ErrorIs(t, d.PauseBlocks(), ErrPerTxControl)
	_, err = d.SealBlock()
	require.ErrorIs(t, err, ErrPerTxControl)
}

// TestRestart starts a devnet on a data dir twice: the chain, the accounts
// and the contracts survive and nothing is deployed again.
func TestRestart(t *testing.T) {
	if testing.Short() {
		t.Skip("restart test writes a data dir and starts the devnet three times; skipped in -short")
	}
	ctx := testContext(t, 30*time.Second)
	dir := t.TempDir()
	var deploys atomic.Int32
	cfg := Config{
		DataDir:     dir,
		BlockPeriod: testPeriod,
		Devices:     3,
		Logger:      testLogger(t),
		Deployer: func(ctx context.Context, b Backend, req DeployRequest) (Deployment, error) {
			deploys.Add(1)
			return DeployContracts(ctx, b, req)
		},
	}

	d1, err := Start(ctx, cfg)
	require.NoError(t, err)
	desc1 := d1.Descriptor()
	tx := sendETH(t, ctx, d1.Client(), mustDeviceKey(t, 0), desc1.Devices[1].Address, big.NewInt(params.Ether))
	r := receipt(t, ctx, d1.Client(), tx)
	head1, err := d1.Client().BlockNumber(ctx)
	require.NoError(t, err)
	require.NoError(t, d1.Close())
	require.NoError(t, d1.Close(), "Close is idempotent")
	require.ErrorIs(t, d1.AdjustTime(time.Second), ErrClosed)

	// Files: descriptor with relative keystore paths, keystore files that
	// decrypt to the deterministic keys.
	onDisk, err := ReadDescriptor(filepath.Join(dir, DescriptorFile))
	require.NoError(t, err)
	require.Equal(t, desc1.ChannelManager, onDisk.ChannelManager)
	require.Equal(t, filepath.Join(dir, KeysDirName, "device-00.json"), onDisk.Devices[0].Keystore)
	raw, err := os.ReadFile(filepath.Join(dir, DescriptorFile))
	require.NoError(t, err)
	require.Contains(t, string(raw), `"keystore": "keys/device-00.json"`)
	key, addr, err := ReadKeystoreFile(onDisk.Devices[0].Keystore, onDisk.KeystorePassphrase)
	require.NoError(t, err)
	require.Equal(t, desc1.Devices[0].Address, addr)
	require.True(t, key.Equal(mustDeviceKey(t, 0)))

	d2, err := Start(ctx, cfg)
	require.NoError(t, err)
	desc2 := d2.Descriptor()
	require.EqualValues(t, 1, deploys.Load(), "contracts deployed once")
	require.Equal(t, desc1.ChainID, desc2.ChainID)
	require.Equal(t, desc1.ChannelManager, desc2.ChannelManager)
	require.Equal(t, desc1.Token, desc2.Token)
	require.Equal(t, desc1.DeployBlock, desc2.DeployBlock)
	head2, err := d2.Client().BlockNumber(ctx)
	require.NoError(t, err)
	require.GreaterOrEqual(t, head2, head1)
	// The transfer's block and receipt survived.
	r2 := receipt(t, ctx, d2.Client(), tx)
	require.Equal(t, r.BlockHash, r2.BlockHash)
	// Status through the descriptor file and real RPC.
	st, err := Status(ctx, filepath.Join(dir, DescriptorFile))
	require.NoError(t, err)
	require.True(t, st.ChannelManager.HasCode)
	require.Equal(t, tokens(DefaultDeviceTokens), st.Devices[2].TokenBalance)
	require.Equal(t, new(big.Int).Add(DefaultDeviceBalance(), big.NewInt(params.Ether)), st.Devices[1].Balance)
	require.NoError(t, d2.Close())

	// Another genesis on the same data dir is refused.
	cfg.Devices = 4
	_, err = Start(ctx, cfg)
	require.ErrorIs(t, err, ErrGenesisMismatch)
}

// TestRun checks that Run serves until its context ends and then returns
// nil.
func TestRun(t *testing.T) {
	ctx := testContext(t, 20*time.Second)
	runCtx, stop := context.WithCancel(ctx)
	path := filepath.Join(t.TempDir(), "devnet.json")
	done := make(chan error, 1)
	go func() {
		done <- Run(runCtx, Config{BlockPeriod: testPeriod, Devices: 1, DescriptorPath: path, Logger: testLogger(t)})
	}()
	var desc *Descriptor
	require.Eventually(t, func() bool {
		var err error
		desc, err = ReadDescriptor(path)
		return err == nil
	}, 10*time.Second, 20*time.Millisecond)
	c := dial(t, ctx, desc.RPCHTTP)
	id, err := c.ChainID(ctx)
	require.NoError(t, err)
	require.EqualValues(t, desc.ChainID, id.Uint64())
	stop()
	select {
	case err := <-done:
		require.NoError(t, err)
	case <-ctx.Done():
		require.FailNow(t, "Run did not return")
	}
	_, err = c.ChainID(ctx)
	require.Error(t, err, "the endpoint is gone")
}

// TestStartFailsCleanly checks that a failing deployment closes the node.
func TestStartFailsCleanly(t *testing.T) {
	ctx := testContext(t, 20*time.Second)
	errBoom := errors.New("boom")
	boom := func(context.Context, Backend, DeployRequest) (Deployment, error) {
		return Deployment{}, errBoom
	}
	_, err := Start(ctx, Config{BlockPeriod: testPeriod, Devices: 1, Deployer: boom, Logger: testLogger(t)})
	require.ErrorIs(t, err, errBoom)
}

func TestConfigValidation(t *testing.T) {
	for name, cfg := range map[string]Config{
		"negative period":          {BlockPeriod: -2 * time.Second},
		"negative devices":         {Devices: -1},
		"port out of range":        {HTTPPort: 70000},
		"fractional challenge":     {ChallengePeriod: 1500 * time.Millisecond},
		"challenge below min":      {ChallengePeriod: 5 * time.Second, MinChallengePeriod: 10 * time.Second},
		"challenge above max":      {ChallengePeriod: time.Hour, MaxChallengePeriod: time.Minute},
		"max beyond uint32":        {MaxChallengePeriod: 1 << 33 * time.Second},
		"gas limit below protocol": {GasLimit: 1000},
		"negative balance":         {DeviceBalance: big.NewInt(-1)},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := Start(context.Background(), cfg)
			require.ErrorIs(t, err, ErrInvalidConfig)
		})
	}
}

// TestReorg replaces blocks over real JSON-RPC: every replaced height gets a
// new hash, a re-mined transaction moves to the first new block, a dropped
// one vanishes, and the devnet refuses what it cannot do.
func TestReorg(t *testing.T) {
	ctx := testContext(t, 60*time.Second)
	d := startDevnet(t, ctx, Config{Devices: 2})
	c := dial(t, ctx, d.HTTPURL())
	from := mustDeviceKey(t, 0)
	to := crypto.PubkeyToAddress(mustDeviceKey(t, 1).PublicKey)
	require.NoError(t, d.PauseBlocks())

	head := func() *types.Header {
		h, err := c.HeaderByNumber(ctx, nil)
		require.NoError(t, err)
		return h
	}
	hashes := func(from, to uint64) []common.Hash {
		var hs []common.Hash
		for n := from; n <= to; n++ {
			h, err := c.HeaderByNumber(ctx, new(big.Int).SetUint64(n))
			require.NoError(t, err)
			hs = append(hs, h.Hash())
		}
		return hs
	}
	seal := func() uint64 {
		n, err := d.SealBlock()
		require.NoError(t, err)
		return n
	}
	// mine sends a transfer and seals the block that holds it.
	mine := func() (*types.Transaction, *types.Receipt) {
		tx := sendETH(t, ctx, c, from, to, big.NewInt(1))
		n := seal()
		r := receipt(t, ctx, c, tx)
		require.Equal(t, n, r.BlockNumber.Uint64())
		return tx, r
	}

	t.Run("paused chain stands still", func(t *testing.T) {
		before := head().Number.Uint64()
		time.Sleep(3 * testPeriod)
		require.Equal(t, before, head().Number.Uint64())
	})

	t.Run("deepest reorg re-mines", func(t *testing.T) {
		tx, r := mine()
		first := r.BlockNumber.Uint64()
		for head().Number.Uint64() < first+MaxReorgDepth-1 {
			seal()
		}
		oldHead := head()
		parentBefore := hashes(first-1, first-1)
		before := hashes(first, oldHead.Number.Uint64())

		require.NoError(t, d.Reorg(MaxReorgDepth, false))

		newHead := head()
		require.Equal(t, oldHead.Number.Uint64()+1, newHead.Number.Uint64(), "one block longer")
		require.Equal(t, parentBefore, hashes(first-1, first-1), "the fork point stays")
		after := hashes(first, oldHead.Number.Uint64())
		for i := range before {
			require.NotEqual(t, before[i], after[i], "block %d replaced", first+uint64(i))
		}
		again := receipt(t, ctx, c, tx)
		require.Equal(t, first, again.BlockNumber.Uint64(), "re-mined in the first new block")
		require.Equal(t, after[0], again.BlockHash)
		replacement, err := c.HeaderByNumber(ctx, again.BlockNumber)
		require.NoError(t, err)
		require.Greater(t, replacement.Time, oldHead.Time, "new blocks are later than the old head")
	})

	t.Run("shallow reorg drops", func(t *testing.T) {
		tx, r := mine()
		require.NoError(t, d.Reorg(1, true))
		h := head()
		require.Equal(t, r.BlockNumber.Uint64()+1, h.Number.Uint64())
		require.NotEqual(t, r.BlockHash, hashes(r.BlockNumber.Uint64(), r.BlockNumber.Uint64())[0])
		_, err := c.TransactionReceipt(ctx, tx.Hash())
		require.ErrorIs(t, err, ethereum.NotFound, "the dropped transaction has no receipt")
		_, _, err = c.TransactionByHash(ctx, tx.Hash())
		require.ErrorIs(t, err, ethereum.NotFound, "nor is it pending")
		nonce, err := c.PendingNonceAt(ctx, crypto.PubkeyToAddress(from.PublicKey))
		require.NoError(t, err)
		require.Equal(t, tx.Nonce(), nonce, "the sender's nonce went back")
	})

	t.Run("refusals", func(t *testing.T) {
		n := head().Number.Uint64()
		require.ErrorIs(t, d.Reorg(0, false), ErrReorgDepth)
		require.ErrorIs(t, d.Reorg(MaxReorgDepth+1, false), ErrReorgDepth)
		sendETH(t, ctx, c, from, to, big.NewInt(1))
		require.ErrorIs(t, d.Reorg(1, false), ErrTxsPending)
		require.Equal(t, n, head().Number.Uint64(), "a refused reorg changes nothing")
		seal()
	})

	t.Run("resumed chain moves on", func(t *testing.T) {
		before := head().Number.Uint64()
		require.NoError(t, d.ResumeBlocks())
		require.Eventually(t, func() bool { return head().Number.Uint64() > before+1 }, 10*time.Second, testPeriod/4)
	})

	require.NoError(t, d.Close())
	require.ErrorIs(t, d.Reorg(1, false), ErrClosed)
	_, err := d.SealBlock()
	require.ErrorIs(t, err, ErrClosed)
}

// TestReorgGenesisStays checks that a reorg cannot replace the genesis block.
func TestReorgGenesisStays(t *testing.T) {
	ctx := testContext(t, 30*time.Second)
	d := startDevnet(t, ctx, Config{Devices: 1})
	require.NoError(t, d.PauseBlocks())
	n, err := d.Client().BlockNumber(ctx)
	require.NoError(t, err)
	if n >= MaxReorgDepth {
		t.Skipf("head %d is too far from genesis", n)
	}
	require.ErrorIs(t, d.Reorg(int(n)+1, false), ErrReorgDepth)
	require.NoError(t, d.Reorg(int(n), false), "everything but genesis may go")
}
