package bindings

import (
	"fmt"

	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
)

// DeployChannelManager sends the creation transaction of a ChannelManager
// whose open accepts challenge periods in [minChallengePeriod,
// maxChallengePeriod] seconds (0 < min <= max <= 2^32-1). It returns the
// address the contract will have once the transaction is mined.
func DeployChannelManager(opts *bind.TransactOpts, backend bind.ContractBackend, minChallengePeriod, maxChallengePeriod uint64) (common.Address, *types.Transaction, error) {
	input := NewChannelManager().PackConstructor(minChallengePeriod, maxChallengePeriod)
	return deploy(opts, backend, "ChannelManager", ChannelManagerMetaData.Bin, input)
}

// DeployTestToken sends the creation transaction of a freely mintable ERC-20.
func DeployTestToken(opts *bind.TransactOpts, backend bind.ContractBackend, name, symbol string) (common.Address, *types.Transaction, error) {
	input := NewTestToken().PackConstructor(name, symbol)
	return deploy(opts, backend, "TestToken", TestTokenMetaData.Bin, input)
}

// DeployReentrantToken sends the creation transaction of the test-only
// malicious token.
func DeployReentrantToken(opts *bind.TransactOpts, backend bind.ContractBackend) (common.Address, *types.Transaction, error) {
	return deploy(opts, backend, "ReentrantToken", ReentrantTokenMetaData.Bin, nil)
}

func deploy(opts *bind.TransactOpts, backend bind.ContractBackend, name, bin string, input []byte) (common.Address, *types.Transaction, error) {
	addr, tx, err := bind.DeployContract(opts, common.FromHex(bin), backend, input)
	if err != nil {
		return common.Address{}, nil, fmt.Errorf("deploy %s: %w", name, err)
	}
	return addr, tx, nil
}
