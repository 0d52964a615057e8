package channels_test

import (
	"encoding/hex"
	"encoding/json"
	"math/big"
	"math/rand/v2"
	"os"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/common/math"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/signer/core/apitypes"
	"github.com/holiman/uint256"
	"github.com/stretchr/testify/require"

	"github.com/meshpay/meshpay/channels"
)

// vector is testdata/eip712-balance-proof.json, copied from shared/vectors:
// computed by an independent implementation (ethers v6).
type vector struct {
	TypeString string `json:"typeString"`
	PrivateKey string `json:"privateKey"`
	Domain     struct {
		ChainID           uint64 `json:"chainId"`
		VerifyingContract string `json:"verifyingContract"`
	} `json:"domain"`
	Message struct {
		ChannelID         string `json:"channelId"`
		Nonce             string `json:"nonce"`
		TransferredAmount string `json:"transferredAmount"`
		LockedAmount      string `json:"lockedAmount"`
		LocksRoot         string `json:"locksRoot"`
	} `json:"message"`
	Expected struct {
		Signer    string `json:"signer"`
		Digest    string `json:"digest"`
		Signature string `json:"signature"`
	} `json:"expected"`
}

func loadVector(t *testing.T) vector {
	t.Helper()
	raw, err := os.ReadFile("testdata/eip712-balance-proof.json")
	require.NoError(t, err)
	var v vector
	require.NoError(t, json.Unmarshal(raw, &v))
	return v
}

func TestBalanceProofKnownAnswer(t *testing.T) {
	v := loadVector(t)
	require.Equal(t, v.TypeString, channels.BalanceProofType)

	key, err := crypto.HexToECDSA(v.PrivateKey[2:])
	require.NoError(t, err)
	signer := channels.NewKeySigner(key)
	require.Equal(t, common.HexToAddress(v.Expected.Signer), signer.Address())

	id, err := channels.ParseChannelID(v.Message.ChannelID)
	require.NoError(t, err)
	nonce, ok := new(big.Int).SetString(v.Message.Nonce, 10)
	require.True(t, ok)
	proof := channels.BalanceProof{ChannelID: id, Nonce: nonce.Uint64()}
	require.NoError(t, proof.TransferredAmount.SetFromDecimal(v.Message.TransferredAmount))
	require.NoError(t, proof.LockedAmount.SetFromDecimal(v.Message.LockedAmount))
	copy(proof.LocksRoot[:], common.FromHex(v.Message.LocksRoot))

	d := channels.NewDomain(v.Domain.ChainID, common.HexToAddress(v.Domain.VerifyingContract))
	digest := d.BalanceProofDigest(&proof)
	require.Equal(t, v.Expected.Digest, "0x"+hex.EncodeToString(digest[:]))

	sp, err := channels.SignBalanceProof(d, proof, signer)
	require.NoError(t, err)
	require.Equal(t, v.Expected.Signature, sp.Signature.Hex(), "RFC 6979 signatures are deterministic")

	got, err := channels.RecoverSigner(digest, &sp.Signature)
	require.NoError(t, err)
	require.Equal(t, signer.Address(), got)
}

// TestDigestsMatchAPITypes checks every message type against go-ethereum's
// generic EIP-712 encoder on random values.
func TestDigestsMatchAPITypes(t *testing.T) {
	seed := rand.Uint64()
	rng := rand.New(rand.NewPCG(seed, 0))
	t.Logf("seed %d", seed)
	for range 50 {
		chainID := rng.Uint64N(1 << 40)
		contract := randAddr(rng)
		d := channels.NewDomain(chainID, contract)
		domain := apitypes.TypedDataDomain{
			Name: channels.DomainName, Version: channels.DomainVersion,
			ChainId: math.NewHexOrDecimal256(int64(chainID)), VerifyingContract: contract.Hex(),
		}
		id := channels.ChannelID(randHash(rng))

		proof := channels.BalanceProof{ChannelID: id, Nonce: rng.Uint64(), TransferredAmount: randAmount(rng)}
		got := d.BalanceProofDigest(&proof)
		requireTypedDigest(t, seed, domain, "BalanceProof", []apitypes.Type{
			{Name: "channelId", Type: "bytes32"}, {Name: "nonce", Type: "uint256"},
			{Name: "transferredAmount", Type: "uint256"}, {Name: "lockedAmount", Type: "uint256"},
			{Name: "locksRoot", Type: "bytes32"},
		}, apitypes.TypedDataMessage{
			"channelId": hexutil.Encode(id[:]), "nonce": new(big.Int).SetUint64(proof.Nonce),
			"transferredAmount": proof.TransferredAmount.ToBig(), "lockedAmount": big.NewInt(0),
			"locksRoot": hexutil.Encode(make([]byte, 32)),
		}, got)

		w := channels.Withdraw{ChannelID: id, Participant: randAddr(rng), TotalWithdraw: randAmount(rng), Expiry: rng.Uint64()}
		requireTypedDigest(t, seed, domain, "Withdraw", []apitypes.Type{
			{Name: "channelId", Type: "bytes32"}, {Name: "participant", Type: "address"},
			{Name: "totalWithdraw", Type: "uint256"}, {Name: "expiry", Type: "uint256"},
		}, apitypes.TypedDataMessage{
			"channelId": hexutil.Encode(id[:]), "participant": w.Participant.Hex(),
			"totalWithdraw": w.TotalWithdraw.ToBig(), "expiry": new(big.Int).SetUint64(w.Expiry),
		}, d.WithdrawDigest(&w))

		s := channels.CooperativeSettle{ChannelID: id, Balances: [2]uint256.Int{randAmount(rng), randAmount(rng)}}
		requireTypedDigest(t, seed, domain, "CooperativeSettle", []apitypes.Type{
			{Name: "channelId", Type: "bytes32"}, {Name: "balanceA", Type: "uint256"}, {Name: "balanceB", Type: "uint256"},
		}, apitypes.TypedDataMessage{
			"channelId": hexutil.Encode(id[:]), "balanceA": s.Balances[0].ToBig(), "balanceB": s.Balances[1].ToBig(),
		}, d.CooperativeSettleDigest(&s))

		requireTypedDigest(t, seed, domain, "UpdateAuthorization", []apitypes.Type{
			{Name: "channelId", Type: "bytes32"}, {Name: "balanceProofDigest", Type: "bytes32"},
		}, apitypes.TypedDataMessage{
			"channelId": hexutil.Encode(id[:]), "balanceProofDigest": hexutil.Encode(got[:]),
		}, d.UpdateAuthorizationDigest(id, got))
	}
}

func requireTypedDigest(t *testing.T, seed uint64, domain apitypes.TypedDataDomain, primary string, fields []apitypes.Type, msg apitypes.TypedDataMessage, got [32]byte) {
	t.Helper()
	td := apitypes.TypedData{
		Types: apitypes.Types{
			"EIP712Domain": {
				{Name: "name", Type: "string"}, {Name: "version", Type: "string"},
				{Name: "chainId", Type: "uint256"}, {Name: "verifyingContract", Type: "address"},
			},
			primary: fields,
		},
		PrimaryType: primary, Domain: domain, Message: msg,
	}
	want, _, err := apitypes.TypedDataAndHash(td)
	require.NoError(t, err, "seed %d", seed)
	require.Equal(t, hexutil.Encode(want), hexutil.Encode(got[:]), "%s digest, seed %d", primary, seed)
}

func randAddr(rng *rand.Rand) common.Address {
	var a common.Address
	for i := range a {
		a[i] = byte(rng.Uint32())
	}
	return a
}

func randHash(rng *rand.Rand) [32]byte {
	var h [32]byte
	for i := range h {
		h[i] = byte(rng.Uint32())
	}
	return h
}

func randAmount(rng *rand.Rand) uint256.Int {
	return uint256.Int{rng.Uint64(), rng.Uint64(), rng.Uint64(), rng.Uint64() >> rng.UintN(64)}
}
