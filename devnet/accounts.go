package devnet

import (
	"bytes"
	"crypto/ecdsa"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"sync"

	"github.com/ethereum/go-ethereum/accounts/keystore"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
)

// Seeds of the deterministic keys (see the package documentation).
const (
	faucetSeed        = "meshpay-devnet-faucet"
	devicesSeedPrefix = "meshpay-devnet-device-"
)

// FaucetKey returns the devnet faucet's private key,
// keccak256("meshpay-devnet-faucet").
func FaucetKey() (*ecdsa.PrivateKey, error) {
	return keyFromSeed(faucetSeed)
}

// DeviceKey returns device i's private key,
// keccak256("meshpay-devnet-device-" + decimal(i)).
func DeviceKey(i int) (*ecdsa.PrivateKey, error) {
	if i < 0 {
		return nil, fmt.Errorf("%w: device index %d", ErrInvalidConfig, i)
	}
	return keyFromSeed(devicesSeedPrefix + strconv.Itoa(i))
}

// DeviceKeys returns the keys of devices 0 to n-1.
func DeviceKeys(n int) ([]*ecdsa.PrivateKey, error) {
	keys := make([]*ecdsa.PrivateKey, n)
	for i := range keys {
		k, err := DeviceKey(i)
		if err != nil {
			return nil, err
		}
		keys[i] = k
	}
	return keys, nil
}

func keyFromSeed(seed string) (*ecdsa.PrivateKey, error) {
	k, err := crypto.ToECDSA(crypto.Keccak256([]byte(seed)))
	if err != nil {
		// Happens with probability ~2^-128 per seed; a different seed
		// scheme would be needed.
		return nil, fmt.Errorf("devnet: key from seed %q: %w", seed, err)
	}
	return k, nil
}

// writeKeystoreFile writes key as a V3 keystore file (light scrypt,
// KeystorePassphrase) at path unless a file there already names the same
// address (decrypting it would cost a scrypt run, ~0.1 s, per key and
// start). The key's UUID is derived from the address; salt and IV are random
// as the format requires.
func writeKeystoreFile(path string, key *ecdsa.PrivateKey) error {
	addr := crypto.PubkeyToAddress(key.PublicKey)
	if old, err := os.ReadFile(path); err == nil {
		var existing struct {
			Address string `json:"address"`
		}
		if json.Unmarshal(old, &existing) == nil && common.HexToAddress(existing.Address) == addr {
			return nil
		}
	} else if !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("devnet: read keystore file: %w", err)
	}
	k := &keystore.Key{Address: addr, PrivateKey: key}
	id := crypto.Keccak256(addr.Bytes())
	copy(k.Id[:], id[:16])
	k.Id[6] = (k.Id[6] & 0x0f) | 0x50 // RFC 4122 version 5 (name-based)
	k.Id[8] = (k.Id[8] & 0x3f) | 0x80 // RFC 4122 variant
	blob, err := keystore.EncryptKey(k, KeystorePassphrase, keystore.LightScryptN, keystore.LightScryptP)
	if err != nil {
		return fmt.Errorf("devnet: encrypt key %s: %w", addr, err)
	}
	return writeFileAtomic(path, blob, 0o600)
}

// writeKeystoreFiles writes the keys to paths (same order) in parallel,
// one scrypt run per core.
func writeKeystoreFiles(paths []string, keys []*ecdsa.PrivateKey) error {
	var (
		wg   sync.WaitGroup
		sem  = make(chan struct{}, runtime.GOMAXPROCS(0))
		errs = make([]error, len(keys))
	)
	for i := range keys {
		wg.Go(func() {
			sem <- struct{}{}
			defer func() { <-sem }()
			errs[i] = writeKeystoreFile(paths[i], keys[i])
		})
	}
	wg.Wait()
	return errors.Join(errs...)
}

// ReadKeystoreFile decrypts a keystore file written by the devnet (or any V3
// keystore file protected by passphrase).
func ReadKeystoreFile(path, passphrase string) (*ecdsa.PrivateKey, common.Address, error) {
	blob, err := os.ReadFile(path)
	if err != nil {
		return nil, common.Address{}, fmt.Errorf("devnet: read keystore file: %w", err)
	}
	k, err := keystore.DecryptKey(blob, passphrase)
	if err != nil {
		return nil, common.Address{}, fmt.Errorf("devnet: decrypt %s: %w", path, err)
	}
	return k.PrivateKey, k.Address, nil
}

// writeFileAtomic writes data to a temporary file in path's directory,
// syncs it and renames it over path. It skips the write when path already
// holds exactly data.
func writeFileAtomic(path string, data []byte, perm os.FileMode) error {
	if old, err := os.ReadFile(path); err == nil && bytes.Equal(old, data) {
		return nil
	}
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("devnet: create %s: %w", dir, err)
	}
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp*")
	if err != nil {
		return fmt.Errorf("devnet: write %s: %w", path, err)
	}
	tmp := f.Name()
	_, err = f.Write(data)
	if err == nil {
		err = f.Chmod(perm)
	}
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		_ = os.Remove(tmp) // best effort; the write error is what matters
		return fmt.Errorf("devnet: write %s: %w", path, err)
	}
	return nil
}
