package devnet

import (
	"context"
	"crypto/ecdsa"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/core"
	"github.com/ethereum/go-ethereum/core/rawdb"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/eth"
	"github.com/ethereum/go-ethereum/eth/catalyst"
	"github.com/ethereum/go-ethereum/eth/ethconfig"
	"github.com/ethereum/go-ethereum/eth/filters"
	"github.com/ethereum/go-ethereum/ethclient"
	"github.com/ethereum/go-ethereum/log"
	"github.com/ethereum/go-ethereum/node"
	"github.com/ethereum/go-ethereum/p2p"
	"github.com/ethereum/go-ethereum/rpc"
)

// Database sizing for the embedded node, in MB. go-ethereum's defaults
// (2 GB database cache, hundreds of MB of trie caches) are sized for
// mainnet; pebble sizes its memtables, and so the WAL files it preallocates
// and recycles, from the database cache, which is what makes a fresh
// default data dir take ~1.4 GB. A devnet's state is tiny.
const (
	dbCacheMB        = 16
	dbHandles        = 64
	trieCleanCacheMB = 16
	trieDirtyCacheMB = 16
	snapshotCacheMB  = 16
)

// chainDBName is go-ethereum's chain database name (eth.New opens it).
const chainDBName = "chaindata"

// rpcModules are the JSON-RPC namespaces served over HTTP and WebSocket.
var rpcModules = []string{"eth", "net", "web3", "txpool", "dev"}

// Devnet is a running embedded dev chain. Its methods are safe for
// concurrent use.
type Devnet struct {
	stack    *node.Node
	producer *producer
	client   *ethclient.Client // in-process
	desc     Descriptor
	log      *slog.Logger

	closeOnce sync.Once
	closeErr  error
	mu        sync.Mutex
	closed    bool
}

// Start starts a devnet: it opens (or creates) the chain, starts the
// JSON-RPC servers and block production, writes the keystore files, deploys
// the contracts unless the descriptor in the data dir names contracts that
// are on chain already, and writes the descriptor. ctx bounds the start-up
// only; the devnet runs until Close.
func Start(ctx context.Context, cfg Config) (*Devnet, error) {
	s, err := cfg.withDefaults()
	if err != nil {
		return nil, err
	}
	faucet, err := FaucetKey()
	if err != nil {
		return nil, err
	}
	devices, err := DeviceKeys(s.Devices)
	if err != nil {
		return nil, err
	}
	if s.GethLogger != nil {
		log.SetDefault(gethLogger{log.NewLogger(s.GethLogger.Handler())})
	}

	stack, prod, err := startNode(s, faucet, devices)
	if err != nil {
		return nil, err
	}
	d := &Devnet{
		stack:    stack,
		producer: prod,
		client:   ethclient.NewClient(stack.Attach()),
		log:      s.Logger,
	}
	if err := d.setup(ctx, s, faucet, devices); err != nil {
		return nil, errors.Join(err, d.Close())
	}
	d.log.Info("devnet started", "http", d.HTTPURL(), "ws", d.WSURL(), "chain_id", s.ChainID,
		"block_period", s.BlockPeriod, "channel_manager", d.desc.ChannelManager, "token", d.desc.Token,
		"data_dir", s.DataDir)
	return d, nil
}

// startNode assembles and starts the go-ethereum node.
func startNode(s settings, faucet *ecdsa.PrivateKey, devices []*ecdsa.PrivateKey) (*node.Node, *producer, error) {
	nodeCfg := node.DefaultConfig
	nodeCfg.Name = ChainDirName
	nodeCfg.DataDir = s.DataDir
	nodeCfg.KeyStoreDir = ""
	if s.DataDir != "" {
		// The node insists on a key directory; keep it out of the way.
		nodeCfg.KeyStoreDir = filepath.Join(s.DataDir, ChainDirName, "keystore")
	}
	nodeCfg.IPCPath = ""
	nodeCfg.HTTPHost = s.Host
	nodeCfg.HTTPPort = s.HTTPPort
	nodeCfg.HTTPModules = rpcModules
	// IP-address Host headers are always served; names only if listed.
	// Off loopback (a container) any name is accepted, as peers reach the
	// devnet by service name. No CORS: browsers stay out unless asked for.
	nodeCfg.HTTPVirtualHosts = []string{"localhost"}
	if ip := net.ParseIP(s.Host); s.Host != "localhost" && (ip == nil || !ip.IsLoopback()) {
		nodeCfg.HTTPVirtualHosts = []string{"*"}
	}
	nodeCfg.WSHost = s.Host
	nodeCfg.WSPort = s.WSPort
	nodeCfg.WSModules = rpcModules
	nodeCfg.P2P = p2p.Config{
		NoDiscovery: true,
		NoDial:      true,
		MaxPeers:    0,
		ListenAddr:  "",
	}
	nodeCfg.DBEngine = "pebble"
	nodeCfg.Logger = log.NewLogger(log.DiscardHandler())
	if s.GethLogger != nil {
		nodeCfg.Logger = log.NewLogger(s.GethLogger.Handler())
	}

	stack, err := node.New(&nodeCfg)
	if err != nil {
		return nil, nil, fmt.Errorf("devnet: create node: %w", err)
	}
	fail := func(err error) (*node.Node, *producer, error) {
		return nil, nil, errors.Join(err, stack.Close())
	}

	faucetAddr := crypto.PubkeyToAddress(faucet.PublicKey)
	gen := genesis(s, faucetAddr, devices)
	if err := checkGenesis(stack, gen); err != nil {
		return fail(err)
	}
	ethCfg := ethconfig.Defaults
	ethCfg.Genesis = gen
	ethCfg.NetworkId = s.ChainID
	ethCfg.SyncMode = ethconfig.FullSync
	ethCfg.TransactionHistory = 0 // index every transaction
	// No log index: eth_getLogs first waits for the indexer to reach the
	// head, and on a busy machine it falls behind blocks this short, so
	// the watchers' log queries hung until their deadline. A devnet's
	// chain is small; the unindexed search (header blooms, then the
	// receipts of the blocks that match) answers at once.
	ethCfg.LogNoHistory = true
	ethCfg.DatabaseCache = dbCacheMB
	ethCfg.DatabaseHandles = dbHandles
	ethCfg.TrieCleanCache = trieCleanCacheMB
	ethCfg.TrieDirtyCache = trieDirtyCacheMB
	ethCfg.SnapshotCache = snapshotCacheMB
	ethCfg.Miner.GasCeil = s.GasLimit
	ethCfg.Miner.GasPrice = big.NewInt(1) // as geth --dev: accept any tip
	ethCfg.Miner.PendingFeeRecipient = faucetAddr
	ethCfg.TxPool.NoLocals = true

	backend, err := eth.New(stack, &ethCfg)
	if err != nil {
		if errors.As(err, new(*core.GenesisMismatchError)) {
			err = fmt.Errorf("%w (%s): start it with the configuration that created it, or use a new data dir: %w",
				ErrGenesisMismatch, s.DataDir, err)
		} else {
			err = fmt.Errorf("devnet: create ethereum service: %w", err)
		}
		return fail(err)
	}
	filterSystem := filters.NewFilterSystem(backend.APIBackend, filters.Config{
		LogCacheSize:  ethCfg.FilterLogCacheSize,
		LogQueryLimit: ethCfg.LogQueryLimit,
		RangeLimit:    ethCfg.RangeLimit,
	})
	stack.RegisterAPIs([]rpc.API{{Namespace: "eth", Service: filters.NewFilterAPI(filterSystem)}})

	// The beacon's own period only matters for PerTx (0: seal per
	// transaction); for a fixed period the producer drives it (see producer).
	var beaconPeriod uint64 = 1
	period := s.BlockPeriod
	if s.perTx {
		beaconPeriod, period = 0, 0
	}
	sim, err := catalyst.NewSimulatedBeacon(beaconPeriod, faucetAddr, backend)
	if err != nil {
		return fail(fmt.Errorf("devnet: create simulated beacon: %w", err))
	}
	catalyst.RegisterSimulatedBeaconAPIs(stack, sim)
	prod := newProducer(sim, backend.BlockChain(), backend.TxPool(), period)
	stack.RegisterLifecycle(prod)

	if err := stack.Start(); err != nil {
		return fail(fmt.Errorf("devnet: start node: %w", err))
	}
	return stack, prod, nil
}

// genesis is go-ethereum's developer genesis with the configured chain ID,
// the faucet and the devices funded.
func genesis(s settings, faucet common.Address, devices []*ecdsa.PrivateKey) *core.Genesis {
	g := core.DeveloperGenesisBlock(s.GasLimit, nil)
	cc := *g.Config
	cc.ChainID = new(big.Int).SetUint64(s.ChainID)
	g.Config = &cc
	g.Alloc[faucet] = types.Account{Balance: new(big.Int).Set(s.FaucetBalance)}
	for _, k := range devices {
		g.Alloc[crypto.PubkeyToAddress(k.PublicKey)] = types.Account{Balance: new(big.Int).Set(s.DeviceBalance)}
	}
	return g
}

// checkGenesis refuses a data dir whose chain has another genesis before
// go-ethereum does: its own check fails half-way through building the
// blockchain and leaves a goroutine of the trie database behind.
func checkGenesis(stack *node.Node, gen *core.Genesis) error {
	if stack.Config().DataDir == "" {
		return nil
	}
	if _, err := os.Stat(stack.ResolvePath(chainDBName)); errors.Is(err, fs.ErrNotExist) {
		return nil // a new data dir
	}
	db, err := stack.OpenDatabaseWithOptions(chainDBName, node.DatabaseOptions{
		Cache: dbCacheMB, Handles: dbHandles, ReadOnly: true,
	})
	if err != nil {
		return fmt.Errorf("devnet: open chain database: %w", err)
	}
	stored := rawdb.ReadCanonicalHash(db, 0)
	if err := db.Close(); err != nil {
		return fmt.Errorf("devnet: close chain database: %w", err)
	}
	if want := gen.ToBlock().Hash(); stored != (common.Hash{}) && stored != want {
		return fmt.Errorf("%w (%s has genesis %s, this configuration %s): start it with the configuration that created it, or use a new data dir",
			ErrGenesisMismatch, stack.Config().DataDir, stored.TerminalString(), want.TerminalString())
	}
	return nil
}

// setup writes the keys, deploys the contracts if needed and writes the
// descriptor.
func (d *Devnet) setup(ctx context.Context, s settings, faucet *ecdsa.PrivateKey, devices []*ecdsa.PrivateKey) error {
	desc := Descriptor{
		Version:                DescriptorVersion,
		Kind:                   KindEmbedded,
		RPCHTTP:                d.HTTPURL(),
		RPCWS:                  d.WSURL(),
		ChainID:                s.ChainID,
		ChallengePeriodSeconds: seconds(s.ChallengePeriod),
		KeystorePassphrase:     KeystorePassphrase,
		Faucet:                 &Account{Index: 0, Address: crypto.PubkeyToAddress(faucet.PublicKey), PrivateKey: keyHex(faucet)},
		Devices:                make([]Account, len(devices)),
	}
	if !s.perTx {
		desc.BlockPeriodMillis = s.BlockPeriod.Milliseconds()
	}
	for i, k := range devices {
		desc.Devices[i] = Account{Index: i, Address: crypto.PubkeyToAddress(k.PublicKey), PrivateKey: keyHex(k)}
	}
	if s.KeysDir != "" {
		if err := writeKeys(s.KeysDir, faucet, devices, &desc); err != nil {
			return err
		}
	}

	deployed, err := d.previousDeployment(ctx, s)
	if err != nil {
		return err
	}
	if deployed == nil {
		deployed, err = d.deploy(ctx, s, faucet, desc.Devices)
		if err != nil {
			return err
		}
	}
	desc.ChannelManager = deployed.ChannelManager
	desc.Token = deployed.Token
	desc.TokenSymbol = deployed.TokenSymbol
	desc.TokenDecimals = deployed.TokenDecimals
	desc.DeployBlock = deployed.DeployBlock
	// The bounds come from the contract: after a restart with another
	// configuration they are still the deployed ones.
	if desc.MinChallengePeriodSeconds, desc.MaxChallengePeriodSeconds, err = challengeBounds(ctx, d.client, desc.ChannelManager); err != nil {
		return err
	}
	if p := desc.ChallengePeriodSeconds; p < desc.MinChallengePeriodSeconds || p > desc.MaxChallengePeriodSeconds {
		return fmt.Errorf("%w: challenge period %ds outside the deployed ChannelManager's [%d, %d]", ErrInvalidConfig,
			p, desc.MinChallengePeriodSeconds, desc.MaxChallengePeriodSeconds)
	}
	d.desc = desc
	if s.DescriptorPath != "" {
		if err := WriteDescriptor(s.DescriptorPath, &desc); err != nil {
			return err
		}
		d.log.Debug("descriptor written", "path", s.DescriptorPath)
	}
	return nil
}

func keyHex(k *ecdsa.PrivateKey) string {
	return hexutil.Encode(crypto.FromECDSA(k))
}

func writeKeys(dir string, faucet *ecdsa.PrivateKey, devices []*ecdsa.PrivateKey, desc *Descriptor) error {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return fmt.Errorf("devnet: resolve %s: %w", dir, err)
	}
	keys := append([]*ecdsa.PrivateKey{faucet}, devices...)
	paths := make([]string, len(keys))
	paths[0] = filepath.Join(abs, "faucet.json")
	desc.Faucet.Keystore = paths[0]
	for i := range devices {
		paths[i+1] = filepath.Join(abs, fmt.Sprintf("device-%02d.json", i))
		desc.Devices[i].Keystore = paths[i+1]
	}
	return writeKeystoreFiles(paths, keys)
}

// previousDeployment returns the deployment recorded in the data dir's
// descriptor if its contracts are on this chain, and nil if the contracts
// must be deployed.
func (d *Devnet) previousDeployment(ctx context.Context, s settings) (*Deployment, error) {
	if s.DataDir == "" || s.DescriptorPath == "" {
		return nil, nil
	}
	old, err := ReadDescriptor(s.DescriptorPath)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		d.log.Warn("ignoring unreadable descriptor; deploying again", "path", s.DescriptorPath, "err", err)
		return nil, nil
	}
	if old.Kind != KindEmbedded || old.ChainID != s.ChainID {
		d.log.Warn("descriptor is for another chain; deploying again", "path", s.DescriptorPath,
			"kind", old.Kind, "chain_id", old.ChainID)
		return nil, nil
	}
	for _, addr := range []common.Address{old.ChannelManager, old.Token} {
		var code []byte
		var err error
		// The in-process pipe has a write deadline a loaded machine can
		// miss right after start: try a few times before giving up.
		for attempt := 0; attempt < 5; attempt++ {
			if code, err = d.client.CodeAt(ctx, addr, nil); err == nil || ctx.Err() != nil {
				break
			}
			time.Sleep(200 * time.Millisecond)
		}
		if err != nil {
			return nil, fmt.Errorf("devnet: check deployed code at %s: %w", addr, err)
		}
		if len(code) == 0 {
			d.log.Warn("contracts in descriptor are not on chain; deploying again", "address", addr)
			return nil, nil
		}
	}
	d.log.Info("reusing deployed contracts", "channel_manager", old.ChannelManager, "token", old.Token,
		"deploy_block", old.DeployBlock)
	return &Deployment{
		ChannelManager: old.ChannelManager,
		Token:          old.Token,
		TokenSymbol:    old.TokenSymbol,
		TokenDecimals:  old.TokenDecimals,
		DeployBlock:    old.DeployBlock,
	}, nil
}

func (d *Devnet) deploy(ctx context.Context, s settings, faucet *ecdsa.PrivateKey, devices []Account) (*Deployment, error) {
	req := DeployRequest{
		ChainID:            new(big.Int).SetUint64(s.ChainID),
		Key:                faucet,
		Devices:            make([]common.Address, len(devices)),
		TokensPerDevice:    s.DeviceTokens,
		MinChallengePeriod: s.MinChallengePeriod,
		MaxChallengePeriod: s.MaxChallengePeriod,
	}
	for i, a := range devices {
		req.Devices[i] = a.Address
	}
	started := time.Now()
	dep, err := s.Deployer(ctx, d.client, req)
	if err != nil {
		return nil, fmt.Errorf("devnet: deploy contracts: %w", err)
	}
	for _, c := range []struct {
		name string
		addr common.Address
	}{{"channel_manager", dep.ChannelManager}, {"token", dep.Token}} {
		if err := requireCode(ctx, d.client, c.name, c.addr); err != nil {
			return nil, fmt.Errorf("devnet: after deployment: %w", err)
		}
	}
	d.log.Info("contracts deployed", "channel_manager", dep.ChannelManager, "token", dep.Token,
		"deploy_block", dep.DeployBlock, "took", time.Since(started).Round(time.Millisecond))
	return &dep, nil
}

// HTTPURL returns the JSON-RPC over HTTP URL, with the port actually bound.
func (d *Devnet) HTTPURL() string { return d.stack.HTTPEndpoint() }

// WSURL returns the JSON-RPC over WebSocket URL, with the port actually
// bound.
func (d *Devnet) WSURL() string { return d.stack.WSEndpoint() }

// Descriptor returns a copy of the devnet's descriptor.
func (d *Devnet) Descriptor() *Descriptor {
	c := d.desc
	if d.desc.Faucet != nil {
		f := *d.desc.Faucet
		c.Faucet = &f
	}
	c.Devices = append([]Account(nil), d.desc.Devices...)
	return &c
}

// Client returns an in-process client of the devnet (no HTTP round trip).
// It is closed by Close.
func (d *Devnet) Client() *ethclient.Client { return d.client }

// AdjustTime seals an empty block whose timestamp is the head's plus by
// (whole seconds), so challenge periods can be skipped. It fails while
// transactions are pending, and on a PerTx devnet (ErrPerTxAdjustTime).
func (d *Devnet) AdjustTime(by time.Duration) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.closed {
		return ErrClosed
	}
	if err := d.producer.adjustTime(by); err != nil {
		return fmt.Errorf("devnet: adjust time: %w", err)
	}
	return nil
}

// MaxReorgDepth is the deepest reorg Reorg makes. go-ethereum's transaction
// pool does not take back the transactions of a deeper one.
const MaxReorgDepth = 64

// Reorg replaces the last depth blocks of the chain with depth+1 new ones,
// so the new branch is longer and becomes canonical at once, as a
// competing branch would on a real network. Every height in the replaced
// range gets a block with another hash (the new blocks' timestamps continue
// after the old head's). The replaced blocks' transactions are mined again,
// all in the first new block, or with dropTxs removed from the pool so that
// they vanish from the chain: their receipts are gone and their senders'
// nonces go back.
//
// depth must be in [1, MaxReorgDepth] and not above the head's number. Reorg
// fails while transactions are pending (ErrTxsPending; seal them first, or
// wait for the next block) and on a PerTx devnet (ErrPerTxControl). Blocks are sealed
// under the same lock as the periodic ones, so none comes in between; if
// sealing a new block fails the chain is left shorter than before and
// block production goes on from there.
func (d *Devnet) Reorg(depth int, dropTxs bool) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.closed {
		return ErrClosed
	}
	if err := d.producer.reorg(depth, dropTxs); err != nil {
		return fmt.Errorf("devnet: reorg of depth %d: %w", depth, err)
	}
	return nil
}

// SealBlock seals one block with the pending transactions now, whether or
// not block production is paused, and returns its number. It fails on a
// PerTx devnet (ErrPerTxControl).
func (d *Devnet) SealBlock() (uint64, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.closed {
		return 0, ErrClosed
	}
	n, err := d.producer.sealBlock()
	if err != nil {
		return 0, fmt.Errorf("devnet: seal block: %w", err)
	}
	return n, nil
}

// PauseBlocks stops the periodic block production until ResumeBlocks, so a
// test can build the chain block by block with SealBlock, AdjustTime and
// Reorg. Transactions then wait in the pool. It fails on a PerTx devnet
// (ErrPerTxControl).
func (d *Devnet) PauseBlocks() error { return d.setPaused(true) }

// ResumeBlocks restarts the periodic block production stopped by
// PauseBlocks.
func (d *Devnet) ResumeBlocks() error { return d.setPaused(false) }

func (d *Devnet) setPaused(paused bool) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.closed {
		return ErrClosed
	}
	if err := d.producer.setPaused(paused); err != nil {
		what := "pause"
		if !paused {
			what = "resume"
		}
		return fmt.Errorf("devnet: %s block production: %w", what, err)
	}
	return nil
}

// Close stops block production and the node, flushes the chain to the data
// dir and releases it. Calling it again returns the first call's result.
func (d *Devnet) Close() error {
	d.closeOnce.Do(func() {
		d.mu.Lock()
		d.closed = true
		d.mu.Unlock()
		d.client.Close()
		if err := d.stack.Close(); err != nil {
			d.closeErr = fmt.Errorf("devnet: close node: %w", err)
		}
		d.log.Info("devnet stopped")
	})
	return d.closeErr
}

// Run starts a devnet, logs its endpoints and blocks until ctx is
// cancelled, then closes it. It returns nil after a clean shutdown.
func Run(ctx context.Context, cfg Config) error {
	d, err := Start(ctx, cfg)
	if err != nil {
		return err
	}
	<-ctx.Done()
	return d.Close()
}

// gethLogger wraps a go-ethereum logger so that log.SetDefault does not also
// replace slog's process-wide default logger.
type gethLogger struct{ log.Logger }
