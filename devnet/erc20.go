package devnet

import (
	"context"
	"fmt"
	"math/big"
	"strings"
	"sync"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/accounts/abi"
	"github.com/ethereum/go-ethereum/common"
)

// erc20ABI is the slice of the ERC-20 interface the devnet reads. It keeps
// Status and ExternalDescriptor independent of the generated bindings.
const erc20ABIJSON = `[
{"type":"function","name":"symbol","stateMutability":"view","inputs":[],"outputs":[{"name":"","type":"string"}]},
{"type":"function","name":"decimals","stateMutability":"view","inputs":[],"outputs":[{"name":"","type":"uint8"}]},
{"type":"function","name":"balanceOf","stateMutability":"view","inputs":[{"name":"account","type":"address"}],"outputs":[{"name":"","type":"uint256"}]}
]`

// erc20ABI parses erc20ABIJSON once.
var erc20ABI = sync.OnceValues(func() (abi.ABI, error) {
	return abi.JSON(strings.NewReader(erc20ABIJSON))
})

// erc20Caller is the slice of an RPC client the ERC-20 reads need.
type erc20Caller interface {
	CallContract(ctx context.Context, call ethereum.CallMsg, blockNumber *big.Int) ([]byte, error)
}

func erc20Call(ctx context.Context, c erc20Caller, token common.Address, method string, args ...any) ([]any, error) {
	parsed, err := erc20ABI()
	if err != nil {
		return nil, fmt.Errorf("devnet: erc20 abi: %w", err)
	}
	data, err := parsed.Pack(method, args...)
	if err != nil {
		return nil, fmt.Errorf("devnet: pack %s: %w", method, err)
	}
	out, err := c.CallContract(ctx, ethereum.CallMsg{To: &token, Data: data}, nil)
	if err != nil {
		return nil, fmt.Errorf("devnet: call %s on %s: %w", method, token, err)
	}
	vals, err := parsed.Unpack(method, out)
	if err != nil {
		return nil, fmt.Errorf("devnet: unpack %s from %s: %w", method, token, err)
	}
	if len(vals) != 1 {
		return nil, fmt.Errorf("devnet: %s from %s: %d values", method, token, len(vals))
	}
	return vals, nil
}

func erc20Symbol(ctx context.Context, c erc20Caller, token common.Address) (string, error) {
	vals, err := erc20Call(ctx, c, token, "symbol")
	if err != nil {
		return "", err
	}
	s, _ := vals[0].(string)
	return s, nil
}

func erc20Decimals(ctx context.Context, c erc20Caller, token common.Address) (uint8, error) {
	vals, err := erc20Call(ctx, c, token, "decimals")
	if err != nil {
		return 0, err
	}
	d, _ := vals[0].(uint8)
	return d, nil
}

func erc20BalanceOf(ctx context.Context, c erc20Caller, token, who common.Address) (*big.Int, error) {
	vals, err := erc20Call(ctx, c, token, "balanceOf", who)
	if err != nil {
		return nil, err
	}
	b, _ := vals[0].(*big.Int)
	if b == nil {
		return nil, fmt.Errorf("devnet: balanceOf from %s: not a number", token)
	}
	return b, nil
}
