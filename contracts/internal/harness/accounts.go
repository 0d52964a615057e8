package harness

import (
	"crypto/ecdsa"
	"fmt"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
)

// Account is a key and its address.
type Account struct {
	Key     *ecdsa.PrivateKey
	Address common.Address
}

// NewAccounts derives n deterministic accounts from seed, so that failures
// reproduce with the same addresses (and the same A/B ordering).
func NewAccounts(seed string, n int) ([]Account, error) {
	accounts := make([]Account, n)
	for i := range accounts {
		key, err := crypto.ToECDSA(crypto.Keccak256([]byte(fmt.Sprintf("%s/%d", seed, i))))
		if err != nil {
			return nil, fmt.Errorf("derive account %d: %w", i, err)
		}
		accounts[i] = Account{Key: key, Address: crypto.PubkeyToAddress(key.PublicKey)}
	}
	return accounts, nil
}

// Sorted returns x and y ordered as the protocol's A and B (A < B).
func Sorted(x, y Account) (a, b Account) {
	if x.Address.Cmp(y.Address) < 0 {
		return x, y
	}
	return y, x
}
