package devnet

import (
	"context"
	"fmt"
	"math/big"
	"time"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/ethclient"
)

// StatusReport is what `meshpay devnet status` shows: what the chain a descriptor
// points at looks like now.
type StatusReport struct {
	// RPC is the URL that was dialled.
	RPC string `json:"rpc"`
	// ChainID is the chain ID the endpoint reports.
	ChainID uint64 `json:"chain_id"`
	// ChainIDMatches tells whether it equals the descriptor's.
	ChainIDMatches bool `json:"chain_id_matches"`
	// Head is the latest block's number and HeadTime its timestamp.
	Head     uint64    `json:"head"`
	HeadTime time.Time `json:"head_time"`
	// ChannelManager and Token report whether the contracts have code.
	ChannelManager ContractStatus `json:"channel_manager"`
	Token          ContractStatus `json:"token"`
	// TokenSymbol and TokenDecimals are the descriptor's.
	TokenSymbol   string `json:"token_symbol,omitempty"`
	TokenDecimals uint8  `json:"token_decimals,omitempty"`
	// Faucet and Devices are the descriptor's accounts with their balances.
	Faucet  *AccountStatus  `json:"faucet,omitempty"`
	Devices []AccountStatus `json:"devices"`
}

// ContractStatus is one contract of a StatusReport.
type ContractStatus struct {
	Address  common.Address `json:"address"`
	HasCode  bool           `json:"has_code"`
	CodeSize int            `json:"code_size"`
}

// AccountStatus is one account of a StatusReport. Balances are in wei and in the
// token's smallest unit; TokenBalance is nil when there is no token code.
type AccountStatus struct {
	Index        int            `json:"index"`
	Address      common.Address `json:"address"`
	Balance      *big.Int       `json:"balance_wei"`
	TokenBalance *big.Int       `json:"token_balance,omitempty"`
}

// Status reads the descriptor at descriptorPath and reports the state of
// the chain it points at (see StatusOf).
func Status(ctx context.Context, descriptorPath string) (*StatusReport, error) {
	d, err := ReadDescriptor(descriptorPath)
	if err != nil {
		return nil, err
	}
	return StatusOf(ctx, d)
}

// StatusOf dials the descriptor's endpoint and reports its chain ID, head,
// whether the contracts have code and the accounts' balances. A missing
// contract is reported, not an error; failing to reach the endpoint is.
func StatusOf(ctx context.Context, d *Descriptor) (*StatusReport, error) {
	url := d.RPCURL()
	client, err := ethclient.DialContext(ctx, url)
	if err != nil {
		return nil, fmt.Errorf("devnet: dial %s: %w", url, err)
	}
	defer client.Close()

	st := &StatusReport{RPC: url, TokenSymbol: d.TokenSymbol, TokenDecimals: d.TokenDecimals}
	chainID, err := client.ChainID(ctx)
	if err != nil {
		return nil, fmt.Errorf("devnet: chain id of %s: %w", url, err)
	}
	st.ChainID = chainID.Uint64()
	st.ChainIDMatches = chainID.IsUint64() && st.ChainID == d.ChainID
	head, err := client.HeaderByNumber(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("devnet: head of %s: %w", url, err)
	}
	st.Head = head.Number.Uint64()
	st.HeadTime = time.Unix(int64(head.Time), 0).UTC()
	block := head.Number // read everything at one block

	if st.ChannelManager, err = contractStatus(ctx, client, d.ChannelManager, block); err != nil {
		return nil, err
	}
	if d.Token != (common.Address{}) {
		if st.Token, err = contractStatus(ctx, client, d.Token, block); err != nil {
			return nil, err
		}
	}
	account := func(a Account) (AccountStatus, error) {
		as := AccountStatus{Index: a.Index, Address: a.Address}
		if as.Balance, err = client.BalanceAt(ctx, a.Address, block); err != nil {
			return as, fmt.Errorf("devnet: balance of %s: %w", a.Address, err)
		}
		if st.Token.HasCode {
			if as.TokenBalance, err = erc20BalanceOf(ctx, blockCaller{client, block}, d.Token, a.Address); err != nil {
				return as, err
			}
		}
		return as, nil
	}
	if d.Faucet != nil {
		f, err := account(*d.Faucet)
		if err != nil {
			return nil, err
		}
		st.Faucet = &f
	}
	st.Devices = make([]AccountStatus, len(d.Devices))
	for i, a := range d.Devices {
		if st.Devices[i], err = account(a); err != nil {
			return nil, err
		}
	}
	return st, nil
}

func contractStatus(ctx context.Context, c *ethclient.Client, addr common.Address, block *big.Int) (ContractStatus, error) {
	cs := ContractStatus{Address: addr}
	code, err := c.CodeAt(ctx, addr, block)
	if err != nil {
		return cs, fmt.Errorf("devnet: code of %s: %w", addr, err)
	}
	cs.HasCode, cs.CodeSize = len(code) > 0, len(code)
	return cs, nil
}

// blockCaller pins an ERC-20 read to one block.
type blockCaller struct {
	c     *ethclient.Client
	block *big.Int
}

func (b blockCaller) CallContract(ctx context.Context, call ethereum.CallMsg, _ *big.Int) ([]byte, error) {
	return b.c.CallContract(ctx, call, b.block)
}
