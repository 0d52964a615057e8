package devnet

import (
	"fmt"
	"log/slog"
	"math/big"
	"path/filepath"
	"time"

	"github.com/ethereum/go-ethereum/params"
)

// Defaults used by Start for zero Config fields.
const (
	// DefaultHost is the interface the JSON-RPC servers listen on.
	DefaultHost = "127.0.0.1"
	// DefaultChainID is the devnet's EIP-155 chain ID (go-ethereum's dev chain ID).
	DefaultChainID = 1337
	// DefaultBlockPeriod is the time between two blocks.
	DefaultBlockPeriod = time.Second
	// DefaultGasLimit is the block gas limit.
	DefaultGasLimit = 60_000_000
	// DefaultDevices is the number of device accounts.
	DefaultDevices = 10
	// DefaultDeviceTokens is the test-token amount minted to each device, in
	// whole tokens (multiplied by 10^decimals).
	DefaultDeviceTokens = 1_000_000
	// DefaultChallengePeriod is the challenge period the descriptor
	// advertises to nodes opening channels on the devnet.
	DefaultChallengePeriod = 30 * time.Second
	// DefaultMinChallengePeriod and DefaultMaxChallengePeriod bound the
	// challenge periods the devnet's ChannelManager accepts.
	DefaultMinChallengePeriod = time.Second
	DefaultMaxChallengePeriod = 30 * 24 * time.Hour
	// maxChallengePeriod is the ChannelManager's own upper bound (uint32
	// seconds).
	maxChallengePeriod = (1<<32 - 1) * time.Second

	// PerTx as Config.BlockPeriod seals a block as soon as a transaction is
	// pending and never otherwise (geth's --dev.period 0).
	PerTx time.Duration = -1

	// KeystorePassphrase protects the keystore files the devnet writes.
	KeystorePassphrase = "meshpay-devnet"

	// DescriptorFile is the descriptor's file name inside the data dir.
	DescriptorFile = "devnet.json"
	// KeysDirName is the keystore directory's name inside the data dir.
	KeysDirName = "keys"
	// ChainDirName is go-ethereum's instance directory inside the data dir.
	ChainDirName = "chain"
)

// DefaultDeviceBalance returns each device's default genesis balance,
// 1,000,000 ETH in wei.
func DefaultDeviceBalance() *big.Int {
	return new(big.Int).Mul(big.NewInt(1_000_000), big.NewInt(params.Ether))
}

// DefaultFaucetBalance returns the faucet's default genesis balance,
// 1,000,000,000 ETH in wei.
func DefaultFaucetBalance() *big.Int {
	return new(big.Int).Mul(big.NewInt(1_000_000_000), big.NewInt(params.Ether))
}

// Config configures a devnet. The zero value is a valid in-memory devnet
// with the defaults above.
type Config struct {
	// DataDir holds the chain, keystore files and descriptor. Empty keeps
	// everything in memory. Restarting with the same DataDir keeps the chain
	// and does not redeploy the contracts.
	DataDir string
	// DescriptorPath is where the descriptor is written on every start.
	// Empty means <DataDir>/devnet.json, or nowhere for an in-memory devnet.
	DescriptorPath string
	// KeysDir receives the V3 keystore files. Empty means <DataDir>/keys, or
	// nowhere for an in-memory devnet.
	KeysDir string

	// Host is the interface the HTTP and WebSocket servers listen on.
	// Empty means 127.0.0.1.
	Host string
	// HTTPPort is the JSON-RPC over HTTP port; 0 picks a free one.
	HTTPPort int
	// WSPort is the JSON-RPC over WebSocket port; 0 picks a free one. When
	// both ports are 0, or equal, WebSocket shares the HTTP server.
	WSPort int

	// ChainID is the EIP-155 chain ID. 0 means 1337.
	ChainID uint64
	// BlockPeriod is the time between blocks, sealed whether or not
	// transactions are pending. 0 means one second; PerTx seals a block per
	// transaction instead. Other negative values are invalid.
	BlockPeriod time.Duration
	// GasLimit is the block gas limit. 0 means 60,000,000.
	GasLimit uint64

	// Devices is the number of deterministic device accounts. 0 means 10;
	// negative is invalid.
	Devices int
	// DeviceBalance is each device's genesis balance in wei. nil means
	// 1,000,000 ETH.
	DeviceBalance *big.Int
	// FaucetBalance is the faucet's genesis balance in wei. nil means
	// 1,000,000,000 ETH.
	FaucetBalance *big.Int
	// DeviceTokens is the test-token amount minted to each device, in whole
	// tokens. 0 means 1,000,000.
	DeviceTokens uint64
	// ChallengePeriod is the challenge period the descriptor advertises to
	// nodes. 0 means 30 s.
	ChallengePeriod time.Duration
	// MinChallengePeriod and MaxChallengePeriod are the bounds the deployed
	// ChannelManager enforces on open. 0 means 1 s and 30 days. All three
	// challenge periods must be whole seconds, with min <= period <= max.
	MinChallengePeriod, MaxChallengePeriod time.Duration

	// Deployer deploys the contracts on first start. nil means
	// DeployContracts.
	Deployer Deployer

	// Logger receives the devnet's own logs. nil discards them.
	Logger *slog.Logger
	// GethLogger, when not nil, receives go-ethereum's logs. go-ethereum
	// logs through one process-wide logger, so this replaces it for the
	// whole process (slog's default logger is left alone). nil leaves
	// go-ethereum's logger as it is (silent unless someone else set it).
	GethLogger *slog.Logger
}

// settings is a Config with defaults applied and derived paths resolved.
type settings struct {
	Config
	perTx bool
}

func (c Config) withDefaults() (settings, error) {
	s := settings{Config: c}
	if s.Host == "" {
		s.Host = DefaultHost
	}
	if s.HTTPPort < 0 || s.HTTPPort > 65535 || s.WSPort < 0 || s.WSPort > 65535 {
		return s, fmt.Errorf("%w: ports must be in [0, 65535]: http %d, ws %d", ErrInvalidConfig, s.HTTPPort, s.WSPort)
	}
	if s.ChainID == 0 {
		s.ChainID = DefaultChainID
	}
	switch {
	case s.BlockPeriod == PerTx:
		s.perTx = true
	case s.BlockPeriod == 0:
		s.BlockPeriod = DefaultBlockPeriod
	case s.BlockPeriod < 0:
		return s, fmt.Errorf("%w: block period %v (use PerTx for a block per transaction)", ErrInvalidConfig, s.BlockPeriod)
	}
	if s.GasLimit == 0 {
		s.GasLimit = DefaultGasLimit
	}
	if s.GasLimit < params.MinGasLimit {
		return s, fmt.Errorf("%w: gas limit %d below %d", ErrInvalidConfig, s.GasLimit, params.MinGasLimit)
	}
	if s.Devices < 0 {
		return s, fmt.Errorf("%w: %d devices", ErrInvalidConfig, s.Devices)
	}
	if s.Devices == 0 {
		s.Devices = DefaultDevices
	}
	if s.DeviceBalance == nil {
		s.DeviceBalance = DefaultDeviceBalance()
	}
	if s.FaucetBalance == nil {
		s.FaucetBalance = DefaultFaucetBalance()
	}
	if s.DeviceBalance.Sign() < 0 || s.FaucetBalance.Sign() < 0 {
		return s, fmt.Errorf("%w: negative balance", ErrInvalidConfig)
	}
	if s.DeviceTokens == 0 {
		s.DeviceTokens = DefaultDeviceTokens
	}
	if s.ChallengePeriod == 0 {
		s.ChallengePeriod = DefaultChallengePeriod
	}
	if s.MinChallengePeriod == 0 {
		s.MinChallengePeriod = min(DefaultMinChallengePeriod, s.ChallengePeriod)
	}
	if s.MaxChallengePeriod == 0 {
		s.MaxChallengePeriod = max(DefaultMaxChallengePeriod, s.ChallengePeriod)
	}
	for _, p := range []time.Duration{s.MinChallengePeriod, s.ChallengePeriod, s.MaxChallengePeriod} {
		if p < time.Second || p%time.Second != 0 {
			return s, fmt.Errorf("%w: challenge period %v is not a positive whole number of seconds", ErrInvalidConfig, p)
		}
	}
	if s.MinChallengePeriod > s.ChallengePeriod || s.ChallengePeriod > s.MaxChallengePeriod || s.MaxChallengePeriod > maxChallengePeriod {
		return s, fmt.Errorf("%w: need min %v <= challenge period %v <= max %v <= %v", ErrInvalidConfig,
			s.MinChallengePeriod, s.ChallengePeriod, s.MaxChallengePeriod, maxChallengePeriod)
	}
	if s.Deployer == nil {
		s.Deployer = DeployContracts
	}
	if s.Logger == nil {
		s.Logger = slog.New(slog.DiscardHandler)
	}
	if s.DataDir != "" {
		if s.DescriptorPath == "" {
			s.DescriptorPath = filepath.Join(s.DataDir, DescriptorFile)
		}
		if s.KeysDir == "" {
			s.KeysDir = filepath.Join(s.DataDir, KeysDirName)
		}
	}
	return s, nil
}
