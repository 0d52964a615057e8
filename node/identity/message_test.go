package identity_test

import (
	"math/big"
	"testing"

	"github.com/ethereum/go-ethereum/crypto"
	"github.com/stretchr/testify/require"

	"github.com/meshpay/meshpay/node/identity"
)

func TestSignAndRecoverMessage(t *testing.T) {
	key, err := crypto.ToECDSA(crypto.Keccak256([]byte("device")))
	require.NoError(t, err)
	want := crypto.PubkeyToAddress(key.PublicKey)
	const domain = "meshpay test v1\x00"
	msg := []byte("one pass")
	sig, err := identity.SignMessage(key, domain, msg)
	require.NoError(t, err)
	require.Len(t, sig, identity.SignatureLen)

	got, err := identity.RecoverMessage(domain, msg, sig)
	require.NoError(t, err)
	require.Equal(t, want, got)

	// Another domain or message recovers someone else: the caller's
	// comparison with the expected signer refuses it.
	other, err := identity.RecoverMessage("meshpay other v1\x00", msg, sig)
	require.NoError(t, err)
	require.NotEqual(t, want, other)

	// The high-s twin of a valid signature is refused.
	n := crypto.S256().Params().N
	twin := append([]byte(nil), sig...)
	s := new(big.Int).SetBytes(twin[32:64])
	s.Sub(n, s)
	s.FillBytes(twin[32:64])
	twin[64] ^= 1

	for name, bad := range map[string][]byte{
		"short":   sig[:64],
		"long":    append(append([]byte(nil), sig...), 0),
		"v = 2":   append(append([]byte(nil), sig[:64]...), 2),
		"zero r":  append(make([]byte, 32), sig[32:]...),
		"high s":  twin,
		"nothing": nil,
	} {
		t.Run(name, func(t *testing.T) {
			_, err := identity.RecoverMessage(domain, msg, bad)
			require.ErrorIs(t, err, identity.ErrBadSignature)
		})
	}
}
