package identity_test

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"math/big"
	"testing"

	"github.com/ethereum/go-ethereum/crypto"
	p2pcrypto "github.com/libp2p/go-libp2p/core/crypto"
	"github.com/libp2p/go-libp2p/core/peer"
	"github.com/stretchr/testify/require"

	"github.com/meshpay/meshpay/channels"
	"github.com/meshpay/meshpay/node/identity"
)

// Hardhat's and Anvil's first well-known development account.
const (
	knownKeyHex  = "ac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80"
	knownAddress = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266"
	// knownPeerID is the peer ID go-libp2p v0.51 derives from knownKeyHex:
	// a change here changes every device's identity on the network.
	knownPeerID = "16Uiu2HAmMUjGmiUhJeiZgu6ZZnLRkE2VViR2JgjqtW9aTZnHQqgg"
)

func knownKey(t *testing.T) *ecdsa.PrivateKey {
	t.Helper()
	k, err := crypto.HexToECDSA(knownKeyHex)
	require.NoError(t, err)
	return k
}

func newIdentity(t *testing.T) *identity.Identity {
	t.Helper()
	k, err := crypto.GenerateKey()
	require.NoError(t, err)
	id, err := identity.New(k)
	require.NoError(t, err)
	return id
}

func TestNewKnownKey(t *testing.T) {
	id, err := identity.New(knownKey(t))
	require.NoError(t, err)
	require.Equal(t, knownAddress, id.Address().Hex())
	require.Equal(t, knownPeerID, id.PeerID().String())
	addr, err := identity.AddressOf(id.PeerID())
	require.NoError(t, err)
	require.Equal(t, knownAddress, addr.Hex())
	require.Equal(t, knownAddress, id.Signer().Address().Hex())
}

// TestAddressOf: the address a peer ID proves is the address of the key
// behind it, for many random keys.
func TestAddressOf(t *testing.T) {
	for range 50 {
		k, err := crypto.GenerateKey()
		require.NoError(t, err)
		id, err := identity.New(k)
		require.NoError(t, err)
		want := crypto.PubkeyToAddress(k.PublicKey)
		require.Equal(t, want, id.Address())
		got, err := identity.AddressOf(id.PeerID())
		require.NoError(t, err)
		require.Equal(t, want, got, "key %x", crypto.FromECDSA(k))
	}
}

func TestAddressOfRefuses(t *testing.T) {
	_, edPub, err := p2pcrypto.GenerateEd25519Key(rand.Reader)
	require.NoError(t, err)
	edID, err := peer.IDFromPublicKey(edPub)
	require.NoError(t, err)

	_, err = identity.AddressOf(edID)
	require.ErrorIs(t, err, identity.ErrNotSecp256k1)
	require.ErrorContains(t, err, edID.String())

	_, err = identity.AddressOf(peer.ID("not a peer id"))
	require.Error(t, err)
	require.NotErrorIs(t, err, identity.ErrNotSecp256k1)
}

// TestRolesLineUp: what the libp2p key signs verifies with the public key
// in the peer ID, and that public key is the Ethereum account's key.
func TestRolesLineUp(t *testing.T) {
	id := newIdentity(t)
	msg := []byte("meshpay handshake")
	sig, err := id.PrivKey().Sign(msg)
	require.NoError(t, err)

	pub, err := id.PeerID().ExtractPublicKey()
	require.NoError(t, err)
	ok, err := pub.Verify(msg, sig)
	require.NoError(t, err)
	require.True(t, ok, "signature verifies with the peer ID's key")
	ok, err = pub.Verify([]byte("meshpay handshakE"), sig)
	require.NoError(t, err)
	require.False(t, ok, "signature does not verify another message")

	otherPub, err := newIdentity(t).PeerID().ExtractPublicKey()
	require.NoError(t, err)
	ok, err = otherPub.Verify(msg, sig)
	require.NoError(t, err)
	require.False(t, ok, "signature does not verify with another peer's key")

	raw, err := pub.Raw()
	require.NoError(t, err)
	require.Equal(t, crypto.CompressPubkey(&id.ECDSA().PublicKey), raw)
	require.True(t, pub.Equals(id.PrivKey().GetPublic()))

	// The channel signer signs as the account the peer ID proves.
	digest := crypto.Keccak256Hash(msg)
	csig, err := id.Signer().SignDigest(digest)
	require.NoError(t, err)
	signer, err := channels.RecoverSigner(digest, &csig)
	require.NoError(t, err)
	addr, err := identity.AddressOf(id.PeerID())
	require.NoError(t, err)
	require.Equal(t, addr, signer)
	require.Equal(t, id.Address(), signer)
}

func TestNewRefusesInvalidKeys(t *testing.T) {
	good := knownKey(t)
	p256, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	require.NoError(t, err)
	withD := func(d *big.Int) *ecdsa.PrivateKey {
		k := *good
		k.D = d
		return &k
	}
	n := crypto.S256().Params().N
	tests := map[string]*ecdsa.PrivateKey{
		"nil":       nil,
		"P-256":     p256,
		"nil D":     withD(nil),
		"zero D":    withD(big.NewInt(0)),
		"negative":  withD(new(big.Int).Neg(good.D)),
		"D = N":     withD(new(big.Int).Set(n)),
		"D > 2^256": withD(new(big.Int).Lsh(big.NewInt(1), 300)),
	}
	for name, key := range tests {
		t.Run(name, func(t *testing.T) {
			_, err := identity.New(key)
			require.ErrorIs(t, err, identity.ErrInvalidKey)
		})
	}
}

// TestNewUsesPrivateScalar: a key whose PublicKey does not match D yields
// the identity of D in every role, never a mix.
func TestNewUsesPrivateScalar(t *testing.T) {
	k := knownKey(t)
	other, err := crypto.GenerateKey()
	require.NoError(t, err)
	k.PublicKey = other.PublicKey
	id, err := identity.New(k)
	require.NoError(t, err)
	require.Equal(t, knownAddress, id.Address().Hex())
	require.Equal(t, knownPeerID, id.PeerID().String())
	require.Equal(t, knownAddress, crypto.PubkeyToAddress(id.ECDSA().PublicKey).Hex())
}
