package harness

import (
	"fmt"
	"math/big"

	"github.com/ethereum/go-ethereum/accounts/abi"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/math"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/signer/core/apitypes"

	"github.com/meshpay/meshpay/contracts/bindings"
)

// Domain is the EIP-712 domain of one ChannelManager on one chain.
type Domain struct {
	ChainID  *big.Int
	Contract common.Address
}

var domainType = []apitypes.Type{
	{Name: "name", Type: "string"},
	{Name: "version", Type: "string"},
	{Name: "chainId", Type: "uint256"},
	{Name: "verifyingContract", Type: "address"},
}

// The message types exactly as docs/protocol.md spells them.
var messageTypes = apitypes.Types{
	"BalanceProof": {
		{Name: "channelId", Type: "bytes32"},
		{Name: "nonce", Type: "uint256"},
		{Name: "transferredAmount", Type: "uint256"},
		{Name: "lockedAmount", Type: "uint256"},
		{Name: "locksRoot", Type: "bytes32"},
	},
	"Withdraw": {
		{Name: "channelId", Type: "bytes32"},
		{Name: "participant", Type: "address"},
		{Name: "totalWithdraw", Type: "uint256"},
		{Name: "expiry", Type: "uint256"},
	},
	"CooperativeSettle": {
		{Name: "channelId", Type: "bytes32"},
		{Name: "balanceA", Type: "uint256"},
		{Name: "balanceB", Type: "uint256"},
	},
	"UpdateAuthorization": {
		{Name: "channelId", Type: "bytes32"},
		{Name: "balanceProofDigest", Type: "bytes32"},
	},
}

func (d Domain) digest(primary string, msg apitypes.TypedDataMessage) (common.Hash, error) {
	td := apitypes.TypedData{
		Types:       apitypes.Types{"EIP712Domain": domainType, primary: messageTypes[primary]},
		PrimaryType: primary,
		Domain: apitypes.TypedDataDomain{
			Name:              "meshpay",
			Version:           "1",
			ChainId:           (*math.HexOrDecimal256)(d.ChainID),
			VerifyingContract: d.Contract.Hex(),
		},
		Message: msg,
	}
	h, _, err := apitypes.TypedDataAndHash(td)
	if err != nil {
		return common.Hash{}, fmt.Errorf("eip712 %s: %w", primary, err)
	}
	return common.BytesToHash(h), nil
}

// BalanceProofDigest is the EIP-712 digest of p.
func (d Domain) BalanceProofDigest(p bindings.BalanceProof) (common.Hash, error) {
	return d.digest("BalanceProof", apitypes.TypedDataMessage{
		"channelId":         p.ChannelId,
		"nonce":             p.Nonce,
		"transferredAmount": p.TransferredAmount,
		"lockedAmount":      p.LockedAmount,
		"locksRoot":         p.LocksRoot,
	})
}

// WithdrawDigest is the EIP-712 digest of w.
func (d Domain) WithdrawDigest(w bindings.Withdraw) (common.Hash, error) {
	return d.digest("Withdraw", apitypes.TypedDataMessage{
		"channelId":     w.ChannelId,
		"participant":   w.Participant.Hex(),
		"totalWithdraw": w.TotalWithdraw,
		"expiry":        w.Expiry,
	})
}

// CooperativeSettleDigest is the EIP-712 digest of a CooperativeSettle.
func (d Domain) CooperativeSettleDigest(channelID common.Hash, balanceA, balanceB *big.Int) (common.Hash, error) {
	return d.digest("CooperativeSettle", apitypes.TypedDataMessage{
		"channelId": [32]byte(channelID),
		"balanceA":  balanceA,
		"balanceB":  balanceB,
	})
}

// UpdateAuthorizationDigest is the EIP-712 digest of an UpdateAuthorization.
func (d Domain) UpdateAuthorizationDigest(channelID, balanceProofDigest common.Hash) (common.Hash, error) {
	return d.digest("UpdateAuthorization", apitypes.TypedDataMessage{
		"channelId":          [32]byte(channelID),
		"balanceProofDigest": [32]byte(balanceProofDigest),
	})
}

// Sign signs digest as Solidity's ecrecover expects: r || s || v, v in {27, 28}.
func Sign(digest common.Hash, acct Account) ([]byte, error) {
	sig, err := crypto.Sign(digest[:], acct.Key)
	if err != nil {
		return nil, fmt.Errorf("sign: %w", err)
	}
	sig[64] += 27
	return sig, nil
}

// Compact turns a 65-byte signature into its EIP-2098 (r, vs) form: the
// parity of v goes into the top bit of s.
func Compact(sig []byte) (r, vs [32]byte, err error) {
	if len(sig) != 65 || (sig[64] != 27 && sig[64] != 28) {
		return r, vs, fmt.Errorf("compact: want a 65-byte signature with v in {27,28}, got %d bytes", len(sig))
	}
	copy(r[:], sig[:32])
	copy(vs[:], sig[32:64])
	if sig[64] == 28 {
		vs[0] |= 0x80
	}
	return r, vs, nil
}

// ChannelID computes keccak256(abi.encode(chainId, contract, A, B, token,
// counter)) in Go, to cross-check the contract's.
func ChannelID(chainID *big.Int, contract, a, b, token common.Address, counter *big.Int) (common.Hash, error) {
	uint256T, _ := abi.NewType("uint256", "", nil)
	addressT, _ := abi.NewType("address", "", nil)
	args := abi.Arguments{{Type: uint256T}, {Type: addressT}, {Type: addressT}, {Type: addressT}, {Type: addressT}, {Type: uint256T}}
	enc, err := args.Pack(chainID, contract, a, b, token, counter)
	if err != nil {
		return common.Hash{}, fmt.Errorf("channel id: %w", err)
	}
	return crypto.Keccak256Hash(enc), nil
}
