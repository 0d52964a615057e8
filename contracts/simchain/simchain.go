// Package simchain builds simulated chains whose EVM rules are Ethereum
// mainnet's current ones, so that gas measured on them is what mainnet charges.
//
// The simulated backend of go-ethereum starts on its dev chain config, which
// enables every fork the library knows, including ones mainnet has not
// scheduled (Bogota in v1.17.10) and that reprice storage. Here the fork set is
// copied from params.MainnetChainConfig instead: every fork mainnet has
// scheduled is active from genesis, and nothing newer.
package simchain

import (
	"math/big"

	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/eth/ethconfig"
	"github.com/ethereum/go-ethereum/ethclient/simulated"
	"github.com/ethereum/go-ethereum/node"
	"github.com/ethereum/go-ethereum/params"
)

// ChainID is the simulated backend's chain ID (fixed by go-ethereum).
const ChainID = 1337

// Option configures the simulated node, as simulated.NewBackend's options do.
type Option = func(nodeConf *node.Config, ethConf *ethconfig.Config)

// MainnetForkConfig returns a chain config with chain ID 1337 that activates,
// at genesis, exactly the forks params.MainnetChainConfig schedules.
func MainnetForkConfig() *params.ChainConfig {
	cfg := *params.MainnetChainConfig // shallow copy: every pointer below is replaced
	cfg.ChainID = big.NewInt(ChainID)

	zero := big.NewInt(0)
	for _, block := range []**big.Int{
		&cfg.HomesteadBlock, &cfg.EIP150Block, &cfg.EIP155Block, &cfg.EIP158Block,
		&cfg.ByzantiumBlock, &cfg.ConstantinopleBlock, &cfg.PetersburgBlock, &cfg.IstanbulBlock,
		&cfg.MuirGlacierBlock, &cfg.BerlinBlock, &cfg.LondonBlock, &cfg.ArrowGlacierBlock,
		&cfg.GrayGlacierBlock,
	} {
		if *block != nil {
			*block = zero
		}
	}
	// The DAO fork is an irregular state change, not a rule: leave it out.
	cfg.DAOForkBlock = nil
	cfg.DAOForkSupport = false
	cfg.TerminalTotalDifficulty = big.NewInt(0) // post-merge from genesis
	// Without an ethash section the genesis gets difficulty 0, i.e. it is a
	// proof-of-stake block and the post-merge forks apply to it too.
	cfg.Ethash = nil

	for _, t := range []**uint64{
		&cfg.ShanghaiTime, &cfg.CancunTime, &cfg.PragueTime, &cfg.OsakaTime,
		&cfg.BPO1Time, &cfg.BPO2Time, &cfg.BPO3Time, &cfg.BPO4Time, &cfg.BPO5Time,
		&cfg.AmsterdamTime, &cfg.BogotaTime, &cfg.UBTTime,
	} {
		if *t != nil {
			genesis := uint64(0)
			*t = &genesis
		}
	}
	return &cfg
}

// ForkName names the latest fork active in MainnetForkConfig ("bpo2" with
// go-ethereum v1.17.10: Osaka/Fusaka plus its blob-parameter-only forks).
func ForkName() string {
	return MainnetForkConfig().LatestFork(0).String()
}

// WithMainnetForks makes a simulated backend run under MainnetForkConfig.
func WithMainnetForks() Option {
	return func(_ *node.Config, ethConf *ethconfig.Config) {
		ethConf.Genesis.Config = MainnetForkConfig()
	}
}

// NewBackend starts a simulated backend at mainnet's current fork with the
// given genesis allocation; further options apply after the fork selection.
func NewBackend(alloc types.GenesisAlloc, opts ...Option) *simulated.Backend {
	return simulated.NewBackend(alloc, append([]Option{WithMainnetForks()}, opts...)...)
}
