package identity

import (
	"crypto/ecdsa"
	"errors"
	"fmt"
	"math/big"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
)

// SignatureLen is the length of an r||s||v message signature.
const SignatureLen = 65

// ErrBadSignature reports a message signature that is malformed, high-s
// (the malleable twin of a valid one) or recovers to no key.
var ErrBadSignature = errors.New("identity: bad signature")

// messageDigest is keccak256(domain || msg).
func messageDigest(domain string, msg []byte) []byte {
	return crypto.Keccak256([]byte(domain), msg)
}

// SignMessage signs keccak256(domain || msg) with key. Each kind of signed
// message (offers, usage records) has its own domain, ending in a NUL
// byte, so that no signature can be replayed as another kind or as a
// channel's EIP-712 signature.
func SignMessage(key *ecdsa.PrivateKey, domain string, msg []byte) ([]byte, error) {
	sig, err := crypto.Sign(messageDigest(domain, msg), key)
	if err != nil {
		return nil, fmt.Errorf("identity: sign %q message: %w", domain, err)
	}
	return sig, nil
}

// RecoverMessage returns the address whose key made sig over msg in
// domain. Errors wrap ErrBadSignature.
func RecoverMessage(domain string, msg, sig []byte) (common.Address, error) {
	if len(sig) != SignatureLen {
		return common.Address{}, fmt.Errorf("%w: %d bytes, want %d", ErrBadSignature, len(sig), SignatureLen)
	}
	r, s := new(big.Int).SetBytes(sig[:32]), new(big.Int).SetBytes(sig[32:64])
	if !crypto.ValidateSignatureValues(sig[64], r, s, true) {
		return common.Address{}, fmt.Errorf("%w: v, r or s out of range", ErrBadSignature)
	}
	pub, err := crypto.SigToPub(messageDigest(domain, msg), sig)
	if err != nil {
		return common.Address{}, fmt.Errorf("%w: %v", ErrBadSignature, err)
	}
	return crypto.PubkeyToAddress(*pub), nil
}
