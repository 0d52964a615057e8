package contracts_test

import (
	"encoding/json"
	"math/big"
	"os"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/stretchr/testify/require"

	"github.com/meshpay/meshpay/contracts/bindings"
	"github.com/meshpay/meshpay/contracts/internal/harness"
	"github.com/meshpay/meshpay/contracts/simchain"
)

// balanceProofVector is testdata/eip712-balance-proof.json, a copy of the
// project's shared known-answer vector (computed with ethers v6).
type balanceProofVector struct {
	PrivateKey string `json:"privateKey"`
	Domain     struct {
		ChainID           int64          `json:"chainId"`
		VerifyingContract common.Address `json:"verifyingContract"`
	} `json:"domain"`
	Message struct {
		ChannelID         common.Hash `json:"channelId"`
		Nonce             string      `json:"nonce"`
		TransferredAmount string      `json:"transferredAmount"`
		LockedAmount      string      `json:"lockedAmount"`
		LocksRoot         common.Hash `json:"locksRoot"`
	} `json:"message"`
	Expected struct {
		Signer    common.Address `json:"signer"`
		Digest    common.Hash    `json:"digest"`
		Signature hexutil.Bytes  `json:"signature"`
	} `json:"expected"`
}

func bigString(t *testing.T, s string) *big.Int {
	t.Helper()
	n, ok := new(big.Int).SetString(s, 10)
	require.True(t, ok, "not a decimal integer: %q", s)
	return n
}

// TestBalanceProofVector checks the contract against the shared EIP-712
// vector. The vector's verifyingContract is 0xCcCC...cC, so the deployed
// runtime code is copied to that address in a new chain's genesis; OZ's
// EIP712 notices that address(this) differs from the address it cached at
// construction and rebuilds the domain separator for the new address.
//
// It runs on the simulated backend only: placing code at a given address
// takes a genesis of one's own, which the shared devnet cannot give.
func TestBalanceProofVector(t *testing.T) {
	raw, err := os.ReadFile("testdata/eip712-balance-proof.json")
	require.NoError(t, err)
	var v balanceProofVector
	require.NoError(t, json.Unmarshal(raw, &v))
	require.Equal(t, int64(simchain.ChainID), v.Domain.ChainID)

	f := simulated.newFixture(t)
	code, err := f.env.Client.CodeAt(t.Context(), f.env.Manager.Address(), nil)
	require.NoError(t, err)
	require.NotEmpty(t, code)

	backend := simchain.NewBackend(types.GenesisAlloc{v.Domain.VerifyingContract: {Code: code}})
	t.Cleanup(func() { _ = backend.Close() })
	cm := bindings.NewChannelManager()
	at := cm.Instance(backend.Client(), v.Domain.VerifyingContract)

	p := bindings.BalanceProof{
		ChannelId:         v.Message.ChannelID,
		Nonce:             bigString(t, v.Message.Nonce),
		TransferredAmount: bigString(t, v.Message.TransferredAmount),
		LockedAmount:      bigString(t, v.Message.LockedAmount),
		LocksRoot:         v.Message.LocksRoot,
	}
	digest, err := harness.Call(t.Context(), at, cm.PackBalanceProofDigest(p), cm.UnpackBalanceProofDigest)
	require.NoError(t, err)
	require.Equal(t, v.Expected.Digest, common.Hash(digest), "contract digest")

	signer, err := harness.Call(t.Context(), at, cm.PackRecoverSigner(digest, v.Expected.Signature), cm.UnpackRecoverSigner)
	require.NoError(t, err)
	require.Equal(t, v.Expected.Signer, signer, "contract recovers the vector's signer")

	// The Go test signer agrees too, byte for byte (RFC 6979 signatures).
	goDigest, err := harness.Domain{ChainID: big.NewInt(v.Domain.ChainID), Contract: v.Domain.VerifyingContract}.BalanceProofDigest(p)
	require.NoError(t, err)
	require.Equal(t, v.Expected.Digest, goDigest, "apitypes digest")
	key, err := crypto.HexToECDSA(v.PrivateKey[2:])
	require.NoError(t, err)
	sig, err := harness.Sign(goDigest, harness.Account{Key: key, Address: crypto.PubkeyToAddress(key.PublicKey)})
	require.NoError(t, err)
	require.Equal(t, []byte(v.Expected.Signature), sig)
}

// TestDigestsMatchGo checks every EIP-712 digest and the channel ID the
// contract computes against go-ethereum's apitypes and abi encoding.
func TestDigestsMatchGo(t *testing.T) {
	forEachBackend(t, func(t *testing.T, b *backend) {
		f := b.newFixture(t)
		cm := f.cm()
		d := f.env.Domain
		id := common.HexToHash("0x5f5e100")
		big1 := new(big.Int).Lsh(big.NewInt(1), 200)

		bp := bindings.BalanceProof{ChannelId: id, Nonce: big.NewInt(42), TransferredAmount: big1, LockedAmount: big.NewInt(3), LocksRoot: common.HexToHash("0xabcdef")}
		want, err := d.BalanceProofDigest(bp)
		require.NoError(t, err)
		require.Equal(t, want, common.Hash(call(t, f, cm.PackBalanceProofDigest(bp), cm.UnpackBalanceProofDigest)), "BalanceProof")

		w := f.withdraw(id, f.b, big1, 1_900_000_000)
		want, err = d.WithdrawDigest(w)
		require.NoError(t, err)
		require.Equal(t, want, common.Hash(call(t, f, cm.PackWithdrawDigest(w), cm.UnpackWithdrawDigest)), "Withdraw")

		want, err = d.CooperativeSettleDigest(id, big.NewInt(7), big1)
		require.NoError(t, err)
		require.Equal(t, want, common.Hash(call(t, f, cm.PackCooperativeSettleDigest(id, big.NewInt(7), big1), cm.UnpackCooperativeSettleDigest)), "CooperativeSettle")

		bpDigest := common.HexToHash("0x1234")
		want, err = d.UpdateAuthorizationDigest(id, bpDigest)
		require.NoError(t, err)
		require.Equal(t, want, common.Hash(call(t, f, cm.PackUpdateAuthorizationDigest(id, bpDigest), cm.UnpackUpdateAuthorizationDigest)), "UpdateAuthorization")

		domain := call(t, f, cm.PackEip712Domain(), cm.UnpackEip712Domain)
		require.Equal(t, "meshpay", domain.Name)
		require.Equal(t, "1", domain.Version)
		require.Equal(t, f.env.ChainID, domain.ChainId)
		require.Equal(t, f.env.Manager.Address(), domain.VerifyingContract)

		for _, counter := range []int64{1, 2, 1 << 40} {
			token := f.env.Token.Address()
			want, err := harness.ChannelID(f.env.ChainID, f.env.Manager.Address(), f.a.Address, f.b.Address, token, big.NewInt(counter))
			require.NoError(t, err)
			require.Equal(t, want, common.Hash(call(t, f, cm.PackChannelIdOf(f.a.Address, f.b.Address, token, big.NewInt(counter)), cm.UnpackChannelIdOf)))
		}
	})
}
