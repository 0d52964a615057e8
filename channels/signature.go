package channels

import (
	"crypto/ecdsa"
	"encoding/hex"
	"fmt"

	"github.com/ethereum/go-ethereum/crypto"
	"github.com/holiman/uint256"
)

// SignatureLen is the length of an r||s||v signature.
const SignatureLen = 65

// Signature is an Ethereum signature r||s||v with v in {27,28}, the form
// Solidity's ecrecover and OpenZeppelin's ECDSA.recover take.
type Signature [SignatureLen]byte

// Hex returns the 0x-prefixed hex form.
func (s Signature) Hex() string { return "0x" + hex.EncodeToString(s[:]) }

// IsZero reports whether the signature is all zeroes (no signature).
func (s Signature) IsZero() bool { return s == Signature{} }

// halfOrder is secp256k1's n/2: signatures with a larger s are malleable
// twins of valid ones, and the contract refuses them, so we do too.
var halfOrder = uint256.MustFromHex("0x7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a0")

// Signer signs EIP-712 digests with one account's key. It is an interface so
// that a device can keep its key in a secure element.
type Signer interface {
	Address() Address
	SignDigest(digest [32]byte) (Signature, error)
}

// KeySigner is a Signer holding a secp256k1 private key in memory.
type KeySigner struct {
	key  *ecdsa.PrivateKey
	addr Address
}

var _ Signer = (*KeySigner)(nil)

// NewKeySigner returns a signer for key.
func NewKeySigner(key *ecdsa.PrivateKey) *KeySigner {
	return &KeySigner{key: key, addr: crypto.PubkeyToAddress(key.PublicKey)}
}

// Address returns the signer's account address.
func (k *KeySigner) Address() Address { return k.addr }

// SignDigest signs a 32-byte digest (RFC 6979, low s) and returns v in {27,28}.
func (k *KeySigner) SignDigest(digest [32]byte) (Signature, error) {
	var sig Signature
	raw, err := crypto.Sign(digest[:], k.key)
	if err != nil {
		return sig, fmt.Errorf("sign digest: %w", err)
	}
	copy(sig[:], raw)
	sig[64] += 27
	return sig, nil
}

// RecoverSigner returns the address that produced sig over digest. It
// rejects malformed and malleable (high-s) signatures with ErrBadSignature.
func RecoverSigner(digest [32]byte, sig *Signature) (Address, error) {
	v := sig[64]
	if v != 27 && v != 28 {
		return Address{}, fmt.Errorf("%w: v=%d", ErrBadSignature, v)
	}
	var r, s uint256.Int
	r.SetBytes(sig[0:32])
	s.SetBytes(sig[32:64])
	if r.IsZero() || s.IsZero() || s.Gt(halfOrder) {
		return Address{}, fmt.Errorf("%w: r or s out of range", ErrBadSignature)
	}
	var raw [SignatureLen]byte
	copy(raw[:], sig[:])
	raw[64] = v - 27
	pub, err := crypto.Ecrecover(digest[:], raw[:])
	if err != nil {
		return Address{}, fmt.Errorf("%w: %v", ErrBadSignature, err)
	}
	var addr Address
	copy(addr[:], crypto.Keccak256(pub[1:])[12:])
	return addr, nil
}

// verifySigner checks that sig over digest was made by want.
func verifySigner(digest [32]byte, sig *Signature, want Address) error {
	got, err := RecoverSigner(digest, sig)
	if err != nil {
		return err
	}
	if got != want {
		return fmt.Errorf("%w: signed by %s, want %s", ErrWrongSigner, got, want)
	}
	return nil
}
