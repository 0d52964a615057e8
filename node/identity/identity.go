package identity

import (
	"crypto/ecdsa"
	"fmt"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
	p2pcrypto "github.com/libp2p/go-libp2p/core/crypto"
	"github.com/libp2p/go-libp2p/core/peer"

	"github.com/meshpay/meshpay/channels"
)

// Identity is a device's key in its three roles.
type Identity struct {
	key     *ecdsa.PrivateKey
	address common.Address
	privKey p2pcrypto.PrivKey
	peerID  peer.ID
}

// New wraps key. The identity holds a copy rebuilt from the private scalar,
// so the address and the peer ID always derive from the same key whatever
// key.PublicKey held; ECDSA returns that copy.
func New(key *ecdsa.PrivateKey) (*Identity, error) {
	if key == nil || key.D == nil || key.Curve != crypto.S256() {
		return nil, fmt.Errorf("%w: need a secp256k1 key", ErrInvalidKey)
	}
	if key.D.Sign() <= 0 {
		// FromECDSA drops the sign: refuse rather than use |D|.
		return nil, fmt.Errorf("%w: zero or negative scalar", ErrInvalidKey)
	}
	key, err := crypto.ToECDSA(crypto.FromECDSA(key)) // checks 0 < D < N
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrInvalidKey, err)
	}
	priv, err := p2pcrypto.UnmarshalSecp256k1PrivateKey(crypto.FromECDSA(key))
	if err != nil {
		return nil, fmt.Errorf("identity: libp2p key: %w", err)
	}
	id, err := peer.IDFromPrivateKey(priv)
	if err != nil {
		return nil, fmt.Errorf("identity: peer id: %w", err)
	}
	return &Identity{key: key, address: crypto.PubkeyToAddress(key.PublicKey), privKey: priv, peerID: id}, nil
}

// Address is the on-chain account.
func (i *Identity) Address() common.Address { return i.address }

// PeerID is the libp2p peer ID.
func (i *Identity) PeerID() peer.ID { return i.peerID }

// PrivKey is the key as libp2p uses it (libp2p.Identity).
func (i *Identity) PrivKey() p2pcrypto.PrivKey { return i.privKey }

// ECDSA is the key as go-ethereum uses it (transaction signing).
func (i *Identity) ECDSA() *ecdsa.PrivateKey { return i.key }

// Signer signs channel messages with the key.
func (i *Identity) Signer() channels.Signer { return channels.NewKeySigner(i.key) }

// AddressOf is the on-chain address a peer ID proves: the address of the
// secp256k1 public key embedded in it.
func AddressOf(id peer.ID) (common.Address, error) {
	pub, err := id.ExtractPublicKey()
	if err != nil {
		return common.Address{}, fmt.Errorf("identity: public key of %s: %w", id, err)
	}
	secp, ok := pub.(*p2pcrypto.Secp256k1PublicKey)
	if !ok {
		return common.Address{}, fmt.Errorf("%w: %s has a %s key", ErrNotSecp256k1, id, pub.Type())
	}
	raw, err := secp.Raw() // 33-byte compressed
	if err != nil {
		return common.Address{}, fmt.Errorf("identity: public key of %s: %w", id, err)
	}
	ecPub, err := crypto.DecompressPubkey(raw)
	if err != nil {
		return common.Address{}, fmt.Errorf("identity: public key of %s: %w", id, err)
	}
	return crypto.PubkeyToAddress(*ecPub), nil
}
